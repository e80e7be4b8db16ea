package dev.dos.emulator.contract;

/** Permission bits the product relies on (Discord's permissions topic). */
final class Permissions {
    static final long VIEW_CHANNEL = 1L << 10;
    static final long SEND_MESSAGES = 1L << 11;
    static final long MANAGE_MESSAGES = 1L << 13;
    static final long ATTACH_FILES = 1L << 15;
    static final long READ_MESSAGE_HISTORY = 1L << 16;
    static final long MANAGE_WEBHOOKS = 1L << 29;
    static final long MANAGE_THREADS = 1L << 34;
    static final long CREATE_PUBLIC_THREADS = 1L << 35;
    static final long CREATE_PRIVATE_THREADS = 1L << 36;
    static final long SEND_MESSAGES_IN_THREADS = 1L << 38;

    /** Everything the storage bot needs in its channels. */
    static final long ALL_NEEDED = VIEW_CHANNEL | SEND_MESSAGES | MANAGE_MESSAGES | ATTACH_FILES
            | READ_MESSAGE_HISTORY | MANAGE_WEBHOOKS | MANAGE_THREADS | CREATE_PUBLIC_THREADS
            | CREATE_PRIVATE_THREADS | SEND_MESSAGES_IN_THREADS;

    private Permissions() {
    }

    static long allBut(long bits) {
        return ALL_NEEDED & ~bits;
    }
}
