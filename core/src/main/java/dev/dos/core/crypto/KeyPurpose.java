package dev.dos.core.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What a derived key encrypts. Each purpose has its own HKDF info label (docs/FORMAT.md section 3),
 * so keys for different purposes are independent even under the same id.
 */
public enum KeyPurpose {
    /** The chunks of a batch. */
    BATCH("dos/v1/batch"),
    /** The manifest of a batch. */
    MANIFEST("dos/v1/manifest"),
    /** A sealed stream such as a database backup. */
    BACKUP("dos/v1/backup"),
    /** The data streams of the S3 gateway's objects and parts (docs/FORMAT.md section 16). */
    S3_OBJECT("dos/v1/s3/object"),
    /** The S3 gateway's journal records and checkpoints (docs/FORMAT.md section 16). */
    S3_JOURNAL("dos/v1/s3/journal");

    private final String label;

    KeyPurpose(String label) {
        this.label = label;
    }

    /** HKDF info for the AES key. */
    byte[] cipherInfo() {
        return label.getBytes(StandardCharsets.US_ASCII);
    }

    /** HKDF info for the HMAC key that derives nonces. */
    byte[] nonceInfo() {
        return (label + "/nonce").getBytes(StandardCharsets.US_ASCII);
    }

    public String label() {
        return label;
    }
}
