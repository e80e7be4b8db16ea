package dev.dos.discord;

import dev.dos.core.remote.RemoteException;

/**
 * Discord refused to create a thread because the guild has 1,000 active threads (code 160006).
 * Sealing (archiving) finished batch containers frees room.
 */
public final class ActiveThreadLimitException extends RemoteException.Rejected {
    public ActiveThreadLimitException(String message) {
        super(message);
    }
}
