package dev.dos.core.keys;

/**
 * A passphrase that may wrap the local key file but not a published copy (docs/FORMAT.md section
 * 14, "The passphrase rule"). The message is one line saying why; it never holds the passphrase.
 */
public final class WeakPassphraseException extends Exception {
    public WeakPassphraseException(String message) {
        super(message, null, false, false);
    }
}
