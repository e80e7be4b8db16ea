package dev.dos.s3.http;

import dev.dos.s3.store.Etags;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A request body on its way to the store, checked as it streams: its length, and at its end its
 * Content-MD5, its signed SHA-256 and its flexible checksum (from a header or a trailer). The
 * check happens before the read that delivers the last byte returns, so a store that reads
 * exactly the declared length still sees the failure; a failure is an {@link IOException} the
 * store's read throws, and the store then stores nothing. Failures are sticky.
 */
final class ChecksumVerifier extends InputStream {

    /**
     * What the body must match; any may be null.
     *
     * @param checksum the checksum's expected base64 value, asked for at the end (a trailer is known only then)
     */
    record Expected(byte[] md5, String sha256Hex, ChecksumAlgorithm algorithm, Supplier<String> checksum) {
    }

    private final InputStream in;
    private final long length;
    private final long maxLength;
    private final Expected expected;
    private final MessageDigest md5;
    private final MessageDigest sha256;
    private final ChecksumAlgorithm.Running checksum;
    private long count;
    private boolean finished;
    private String verifiedChecksum;
    private S3RequestException failure;

    /** {@code length}: the decoded length, or -1 when unknown (read to the end). */
    ChecksumVerifier(InputStream in, long length, long maxLength, Expected expected) {
        this.in = in;
        this.length = length;
        this.maxLength = maxLength;
        this.expected = expected;
        this.md5 = expected.md5() == null ? null : Etags.md5();
        this.sha256 = expected.sha256Hex() == null ? null : Sha256.digest();
        this.checksum = expected.algorithm() == null ? null : expected.algorithm().start();
    }

    /** The first failure, or null. */
    S3RequestException failure() {
        return failure;
    }

    boolean finished() {
        return finished;
    }

    /** The checksum's base64 value once verified, else null. */
    String verifiedChecksum() {
        return verifiedChecksum;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            int want = length >= 0 ? (int) Math.min(len, length - count) : len;
            if (want == 0) {
                finish();
                return -1;
            }
            int n = in.read(b, off, want);
            if (n < 0) {
                if (length >= 0) {
                    throw new S3RequestException(ErrorCode.INCOMPLETE_BODY, "The body ended after " + count + " of "
                            + length + " bytes");
                }
                finish();
                return -1;
            }
            update(b, off, n);
            if (length >= 0 && count == length) {
                finish();
            }
            return n;
        } catch (S3RequestException e) {
            failure = e;
            throw e;
        }
    }

    /** Reads whatever is left, verifying it; for bodies nobody stores (and empty ones). */
    void drain() throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // discard
        }
    }

    private void update(byte[] b, int off, int n) throws S3RequestException {
        count += n;
        if (count > maxLength) {
            throw new S3RequestException(ErrorCode.ENTITY_TOO_LARGE);
        }
        if (md5 != null) {
            md5.update(b, off, n);
        }
        if (sha256 != null) {
            sha256.update(b, off, n);
        }
        if (checksum != null) {
            checksum.update(b, off, n);
        }
    }

    private void finish() throws IOException {
        if (length >= 0 && in.read() >= 0) { // for aws-chunked, this reads the last chunk and the trailers
            throw new S3RequestException(ErrorCode.INCOMPLETE_BODY, "The body is longer than its declared "
                    + length + " bytes");
        }
        if (sha256 != null && !HexFormat.of().formatHex(sha256.digest()).equals(
                expected.sha256Hex().toLowerCase(Locale.ROOT))) {
            throw new S3RequestException(ErrorCode.CONTENT_SHA256_MISMATCH);
        }
        if (md5 != null && !MessageDigest.isEqual(md5.digest(), expected.md5())) {
            throw new S3RequestException(ErrorCode.BAD_DIGEST);
        }
        if (checksum != null) {
            ChecksumAlgorithm algorithm = expected.algorithm();
            String value = expected.checksum().get();
            if (value == null) {
                throw new S3RequestException(ErrorCode.MALFORMED_TRAILER, "The " + algorithm.header()
                        + " trailer the request announced is missing");
            }
            byte[] want = RequestBody.decodeChecksum(algorithm, value, ErrorCode.MALFORMED_TRAILER);
            byte[] got = checksum.value();
            if (!MessageDigest.isEqual(want, got)) {
                throw new S3RequestException(ErrorCode.BAD_DIGEST, "The " + algorithm.name()
                        + " you specified did not match the calculated checksum.");
            }
            verifiedChecksum = Base64.getEncoder().encodeToString(got);
        }
        finished = true;
    }

    @Override
    public void close() {
        // the servlet's stream belongs to the container
    }
}
