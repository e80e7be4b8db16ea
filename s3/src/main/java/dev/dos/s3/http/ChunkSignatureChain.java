package dev.dos.s3.http;

import java.util.HexFormat;

/**
 * The signatures of an aws-chunked body: each chunk's signs its data's hash and the signature
 * before it, starting from the request's; the trailer's signs the trailing headers and the last
 * chunk's. Reordered, dropped or altered chunks all break the chain.
 */
final class ChunkSignatureChain {
    private final SigningKey key;
    private final String amzDate;
    private final CredentialScope scope;
    private String previous;

    ChunkSignatureChain(SigningKey key, String amzDate, CredentialScope scope, String seedSignature) {
        this.key = key;
        this.amzDate = amzDate;
        this.scope = scope;
        this.previous = seedSignature;
    }

    /** The signature the chunk whose data hashes to {@code sha256} must carry; the chain moves on. */
    String nextChunk(byte[] sha256) {
        previous = key.sign("AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope.scope() + "\n" + previous + "\n"
                + Sha256.EMPTY_HEX + "\n" + HexFormat.of().formatHex(sha256));
        return previous;
    }

    /** The signature of trailing headers whose canonical form ({@code name:value\n} each, sorted) is given. */
    String trailer(String canonicalTrailers) {
        previous = key.sign("AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope.scope() + "\n" + previous + "\n"
                + Sha256.hex(canonicalTrailers.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return previous;
    }
}
