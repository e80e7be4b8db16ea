package dev.dos.core.crypto;

import java.io.IOException;

/**
 * The key or passphrase does not open this data. The message is always "wrong key": the caller
 * shows it as is, and nothing about the data is revealed.
 */
public class WrongKeyException extends IOException {
    public WrongKeyException() {
        super("wrong key");
    }
}
