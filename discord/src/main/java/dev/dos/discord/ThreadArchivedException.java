package dev.dos.discord;

import dev.dos.core.remote.RemoteException;

/** Discord refused an operation because the thread is archived (code 50083); unarchive it first. */
public final class ThreadArchivedException extends RemoteException.Rejected {
    public ThreadArchivedException(String message) {
        super(message);
    }
}
