package dev.dos.s3.http;

/** How a request's body is covered, as its {@code x-amz-content-sha256} header says. */
enum PayloadMode {
    /** The header is the body's hex SHA-256, checked once the body is read. */
    SHA256(null),
    UNSIGNED("UNSIGNED-PAYLOAD"),
    /** aws-chunked, each chunk signed, the chain seeded by the request's signature. */
    STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    /** As {@link #STREAMING_SIGNED}, then trailing headers (a checksum) with their own signature. */
    STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
    /** aws-chunked without signatures, then trailing headers; what SDKs send over https by default. */
    STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER");

    private static final String SIGV4A_PREFIX = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";

    /** The header's value, null for {@link #SHA256}. */
    final String token;

    PayloadMode(String token) {
        this.token = token;
    }

    boolean chunked() {
        return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
    }

    boolean signedChunks() {
        return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER;
    }

    boolean trailer() {
        return this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
    }

    static PayloadMode of(String header) throws S3RequestException {
        for (PayloadMode mode : values()) {
            if (mode.token != null && mode.token.equals(header)) {
                return mode;
            }
        }
        if (header.matches("[0-9a-fA-F]{64}")) {
            return SHA256;
        }
        if (header.startsWith(SIGV4A_PREFIX)) {
            throw S3RequestException.notImplemented("Signature Version 4A (" + header + ")");
        }
        throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD,"
                + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER,"
                + " STREAMING-UNSIGNED-PAYLOAD-TRAILER or a valid sha256 value.");
    }
}
