package dev.dos.s3.http;

/**
 * A verified request: how its body is covered, and for aws-chunked bodies with chunk
 * signatures, what the chain of signatures starts from.
 *
 * @param payloadSha256 the body's hex SHA-256 the client signed, for {@link PayloadMode#SHA256}
 * @param seedSignature the request's own signature, which the first chunk's signature chains from
 */
record Authentication(String accessKeyId, PayloadMode mode, String payloadSha256, SigningKey key, String amzDate,
                      CredentialScope scope, String seedSignature) {

    /** A fresh chain to verify an aws-chunked body's signatures with. */
    ChunkSignatureChain chunkChain() {
        return new ChunkSignatureChain(key, amzDate, scope, seedSignature);
    }
}
