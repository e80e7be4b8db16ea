package dev.dos.core.remote;

import java.io.IOException;

/** A remote operation failed. Subtypes say why, so callers can pick an exit code or a retry. */
public class RemoteException extends IOException {

    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The container, post or blob does not exist. */
    public static class NotFound extends RemoteException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The credential (bot token) is missing, wrong or revoked. Never retried. */
    public static class Unauthorized extends RemoteException {
        public Unauthorized(String message) {
            super(message);
        }
    }

    /** The credential is valid but lacks a permission or access to the target. Never retried. */
    public static class Forbidden extends RemoteException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** A blob or post exceeds the remote's limits. Never retried. */
    public static class TooLarge extends RemoteException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /** The remote refused the request as malformed or otherwise invalid. Never retried. */
    public static class Rejected extends RemoteException {
        public Rejected(String message) {
            super(message);
        }
    }

    /** A failure that outlasted the implementation's own retries (5xx, resets, rate limits). */
    public static class Transient extends RemoteException {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
