package dev.dos.emulator.model;

/**
 * The permission bits the emulator checks (Discord's values). A channel's effective
 * permissions for the bot are a plain allow-set: everything not allowed is denied.
 */
public final class Permission {
    public static final long ADMINISTRATOR = 1L << 3;
    public static final long MANAGE_CHANNELS = 1L << 4;
    public static final long VIEW_CHANNEL = 1L << 10;
    public static final long SEND_MESSAGES = 1L << 11;
    public static final long SEND_TTS_MESSAGES = 1L << 12;
    public static final long MANAGE_MESSAGES = 1L << 13;
    public static final long ATTACH_FILES = 1L << 15;
    public static final long READ_MESSAGE_HISTORY = 1L << 16;
    public static final long MANAGE_WEBHOOKS = 1L << 29;
    public static final long MANAGE_THREADS = 1L << 34;
    public static final long CREATE_PUBLIC_THREADS = 1L << 35;
    public static final long CREATE_PRIVATE_THREADS = 1L << 36;
    public static final long SEND_MESSAGES_IN_THREADS = 1L << 38;
    public static final long PIN_MESSAGES = 1L << 51;

    /** Every bit Discord defines up to PIN_MESSAGES: what the bot has unless told otherwise. */
    public static final long ALL = (1L << 52) - 1;

    private Permission() {
    }

    public static boolean has(long allowed, long required) {
        return (allowed & required) == required;
    }
}
