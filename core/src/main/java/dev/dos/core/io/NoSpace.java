package dev.dos.core.io;

import java.util.Locale;

/**
 * Recognises the operating system's "disk full" failures: ENOSPC (no free blocks or inodes) and
 * EDQUOT (quota exceeded). Java reports both as a plain {@link java.io.IOException} or a
 * {@link java.nio.file.FileSystemException} carrying the system's message, sometimes wrapped.
 */
public final class NoSpace {
    private NoSpace() {
    }

    /** Whether {@code e}, or any of its causes, is a disk-full failure. */
    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }
}
