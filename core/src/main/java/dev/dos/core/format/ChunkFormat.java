package dev.dos.core.format;

import dev.dos.core.crypto.AesGcm;
import java.nio.charset.StandardCharsets;

/** Constants of the version 1 chunk layout (docs/FORMAT.md section 4), in one place. */
public final class ChunkFormat {
    public static final int VERSION = 1;
    static final byte[] MAGIC = "DOSC".getBytes(StandardCharsets.US_ASCII);
    static final int FLAG_LAST = 0x01;

    /** Clear header: magic, version, flags, index, batch id, nonce. */
    public static final int HEADER_BYTES = 4 + 1 + 1 + 4 + BatchId.BYTES + AesGcm.NONCE_BYTES;
    /** Header bytes that feed the synthetic nonce: everything before the nonce. */
    static final int NONCE_PREFIX_BYTES = HEADER_BYTES - AesGcm.NONCE_BYTES;
    /** Inside the plaintext: codec byte and decoded length. */
    public static final int INNER_HEADER_BYTES = 1 + 4;
    /** Fixed cost of a chunk beyond its payload. */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + INNER_HEADER_BYTES + AesGcm.TAG_BYTES;

    /** Readers refuse larger blobs before reading them whole. */
    public static final int MAX_CHUNK_BYTES = 256 * 1024 * 1024;
    public static final int MIN_CHUNK_BYTES = 1024;
    /** Largest decoded segment a reader accepts: the decompression-bomb bound. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;
    /** Largest decoded segment a writer produces by default. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;

    private ChunkFormat() {
    }
}
