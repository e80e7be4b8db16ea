package dev.dos.core.format;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.dos.core.compress.Codec;
import dev.dos.core.compress.SegmentDecompressor;
import dev.dos.core.crypto.AesGcm;
import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.format.IntegrityException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Encrypts and decrypts a {@link BatchManifest}: JSON, zstd, AES-256-GCM under the batch's
 * manifest key, in a small versioned envelope (docs/FORMAT.md section 7). The envelope's clear
 * fields are the batch id and key fingerprint only, so the index can be rebuilt from the remote
 * and a wrong key is named as such.
 */
public final class ManifestCodec {
    public static final int VERSION = 1;
    /** Magic, version, flags, batch id, key fingerprint, nonce. */
    public static final int HEADER_BYTES = 4 + 1 + 1 + BatchId.BYTES + KeyFingerprint.BYTES + AesGcm.NONCE_BYTES;
    /** Readers refuse larger envelopes and larger decoded JSON. */
    public static final int MAX_BYTES = 1 << 30;
    static final byte[] MAGIC = "DOSM".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_PREFIX_BYTES = HEADER_BYTES - AesGcm.NONCE_BYTES;
    private static final int INNER_HEADER_BYTES = 1 + 8;
    private static final int ZSTD_LEVEL = 3;

    private ManifestCodec() {
    }

    /** The encrypted envelope of {@code manifest}. */
    public static byte[] encode(BatchManifest manifest, MasterKey key) throws IOException {
        CountingBuffer plain = new CountingBuffer();
        plain.write(new byte[INNER_HEADER_BYTES]);
        long jsonBytes;
        try (ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(plain, ZSTD_LEVEL)) {
            CountingOutput counting = new CountingOutput(zstd);
            ManifestJson.write(manifest, counting);
            jsonBytes = counting.count;
        }
        byte[] plaintext = plain.array();
        ByteBuffer.wrap(plaintext, 0, INNER_HEADER_BYTES).put((byte) Codec.ZSTD.id()).putLong(jsonBytes);

        StreamKey streamKey = key.streamKey(KeyPurpose.MANIFEST, manifest.batchId().bytes());
        byte[] out = new byte[HEADER_BYTES + plaintext.length + AesGcm.TAG_BYTES];
        ByteBuffer.wrap(out, 0, NONCE_PREFIX_BYTES)
                .put(MAGIC).put((byte) VERSION).put((byte) 0)
                .put(manifest.batchId().bytes()).put(key.fingerprint().bytes());
        byte[] nonce = streamKey.nonceFor(out, NONCE_PREFIX_BYTES, plaintext, 0, plaintext.length);
        System.arraycopy(nonce, 0, out, NONCE_PREFIX_BYTES, nonce.length);
        AesGcm.encrypt(streamKey.cipherKey(), nonce, out, HEADER_BYTES, plaintext, 0, plaintext.length, out,
                HEADER_BYTES);
        return out;
    }

    /** Reads a whole envelope (e.g. the concatenated blobs of a manifest) and decodes it. */
    public static BatchManifest decode(InputStream envelope, MasterKey key) throws IOException {
        byte[] bytes = envelope.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IntegrityException(null, -1, Reason.TOO_LARGE, "manifest over " + MAX_BYTES + " bytes");
        }
        return decode(bytes, key);
    }

    /**
     * Decodes an envelope. Throws {@link WrongKeyException} when it was made with another key and
     * {@link IntegrityException} when it is damaged, tampered with or malformed.
     */
    public static BatchManifest decode(byte[] envelope, MasterKey key) throws IOException {
        BatchId batchId = batchIdOf(envelope);
        if (!fingerprintOf(envelope).equals(key.fingerprint())) {
            throw new WrongKeyException();
        }
        StreamKey streamKey = key.streamKey(KeyPurpose.MANIFEST, batchId.bytes());
        byte[] nonce = Arrays.copyOfRange(envelope, NONCE_PREFIX_BYTES, HEADER_BYTES);
        byte[] plain;
        try {
            plain = AesGcm.decrypt(streamKey.cipherKey(), nonce, envelope, HEADER_BYTES, envelope, HEADER_BYTES,
                    envelope.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new IntegrityException(batchId, -1, Reason.AUTH_FAILED, null);
        }
        if (plain.length < INNER_HEADER_BYTES) {
            throw new IntegrityException(batchId, -1, Reason.TRUNCATED, "no inner header");
        }
        ByteBuffer inner = ByteBuffer.wrap(plain);
        Codec codec = Codec.fromId(inner.get() & 0xff);
        long rawLength = inner.getLong();
        if (codec == null || codec == Codec.GZIP) {
            throw new IntegrityException(batchId, -1, Reason.BAD_PAYLOAD, "unsupported manifest codec");
        }
        if (rawLength < 0 || rawLength > MAX_BYTES) {
            throw new IntegrityException(batchId, -1, Reason.TOO_LARGE, "declares " + rawLength + " bytes of JSON");
        }
        BatchManifest manifest;
        try (InputStream json = new ExactLengthInputStream(SegmentDecompressor.open(codec,
                new ByteArrayInputStream(plain, INNER_HEADER_BYTES, plain.length - INNER_HEADER_BYTES)), rawLength)) {
            manifest = ManifestJson.read(json);
        } catch (IOException e) {
            throw new IntegrityException(batchId, -1, Reason.BAD_PAYLOAD, e.getMessage(), e);
        }
        if (!manifest.batchId().equals(batchId)) {
            throw new IntegrityException(batchId, -1, Reason.WRONG_BATCH, "its JSON names batch " + manifest.batchId());
        }
        return manifest;
    }

    /** The batch an envelope belongs to, read without the key. */
    public static BatchId batchIdOf(byte[] envelope) throws IntegrityException {
        checkHeader(envelope);
        return BatchId.fromBytes(envelope, 6);
    }

    /** The fingerprint of the key that made an envelope, read without the key. */
    public static KeyFingerprint fingerprintOf(byte[] envelope) throws IntegrityException {
        checkHeader(envelope);
        return KeyFingerprint.of(Arrays.copyOfRange(envelope, 6 + BatchId.BYTES, NONCE_PREFIX_BYTES));
    }

    private static void checkHeader(byte[] envelope) throws IntegrityException {
        if (envelope.length < HEADER_BYTES + AesGcm.TAG_BYTES) {
            throw new IntegrityException(null, -1, Reason.TRUNCATED, "manifest envelope of " + envelope.length + " bytes");
        }
        if (!Arrays.equals(envelope, 0, 4, MAGIC, 0, 4)) {
            throw new IntegrityException(null, -1, Reason.BAD_MAGIC, null);
        }
        if ((envelope[4] & 0xff) != VERSION) {
            throw new IntegrityException(null, -1, Reason.UNKNOWN_VERSION, "manifest version " + (envelope[4] & 0xff));
        }
        if (envelope[5] != 0) {
            throw new IntegrityException(null, -1, Reason.BAD_HEADER, "unknown manifest flags");
        }
    }

    /** A byte array output stream that hands over its array without a copy when it is exactly full. */
    private static final class CountingBuffer extends ByteArrayOutputStream {
        byte[] array() {
            return buf.length == count ? buf : Arrays.copyOf(buf, count);
        }
    }

    private static final class CountingOutput extends java.io.FilterOutputStream {
        long count;

        CountingOutput(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() {
            // The JSON generator closes its output; the zstd frame is ended by its own close.
        }
    }
}
