package dev.dos.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.s3.store.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * Every way a body arrives, signed by the AWS SDK's own signer: a plain body with a length (its
 * SHA-256 signed, or UNSIGNED-PAYLOAD), {@code Transfer-Encoding: chunked} without a length, and
 * the three aws-chunked forms, with every checksum algorithm. Tampered chunks, signatures and
 * checksums are refused and store nothing.
 */
class BodyEncodingTest extends GatewayTest {
    static final byte[] DATA = bytes(300_000, 42); // three of the SDK's 128 KiB chunks
    /** CRC64NVME needs the SDK's native CRT library; Crc64NvmeTest checks ours against the published check value. */
    static final List<ChecksumAlgorithm> ALGORITHMS = List.of(DefaultChecksumAlgorithm.CRC32,
            DefaultChecksumAlgorithm.CRC32C, DefaultChecksumAlgorithm.SHA1, DefaultChecksumAlgorithm.SHA256);

    @BeforeEach
    void bucket() {
        s3.createBucket(b -> b.bucket("bodies"));
    }

    @Test
    void aPlainBodyWithItsSignedSha256() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain());
        assertThat(put.header("x-amz-content-sha256")).matches("[0-9a-f]{64}");
        assertStored(send(put, false));
    }

    @Test
    void aPlainUnsignedPayloadWithAChecksumHeader() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().payloadSigning(false).checksum(DefaultChecksumAlgorithm.CRC32));
        assertThat(put.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(put.header("x-amz-checksum-crc32")).isNotNull();
        RawHttp.Response r = send(put, false);
        assertStored(r);
        assertThat(r.header("x-amz-checksum-crc32")).isEqualTo(put.header("x-amz-checksum-crc32"));
    }

    @Test
    void aTransferEncodingChunkedBodyWithoutALength() throws Exception {
        for (SdkSigner.Options options : List.of(SdkSigner.Options.plain(), SdkSigner.Options.plain().payloadSigning(false))) {
            SdkSigner.Signed put = sign(options, Map.of("Transfer-Encoding", "chunked"));
            assertThat(put.header("Content-Length")).isNull();
            assertStored(send(put, true));
            store.delete("bodies", "k");
        }
    }

    @Test
    void awsChunkedWithChunkSignatures() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().chunkEncoding(true));
        assertThat(put.header("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThat(put.header("Content-Encoding")).isEqualTo("aws-chunked");
        assertThat(put.header("x-amz-decoded-content-length")).isEqualTo(Integer.toString(DATA.length));
        assertStored(send(put, false));
        assertThat(store.head("bodies", "k").orElseThrow().meta().headers()).doesNotContainKey("content-encoding");
    }

    @Test
    void awsChunkedWithChunkSignaturesAndASignedTrailerOfEveryAlgorithm() throws Exception {
        for (ChecksumAlgorithm algorithm : ALGORITHMS) {
            SdkSigner.Signed put = sign(SdkSigner.Options.plain().chunkEncoding(true).checksum(algorithm));
            assertThat(put.header("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
            assertThat(put.header("x-amz-trailer")).isEqualTo("x-amz-checksum-" + algorithm.algorithmId().toLowerCase());
            assertStored(send(put, false));
            store.delete("bodies", "k");
        }
    }

    @Test
    void awsChunkedUnsignedWithATrailerOfEveryAlgorithm() throws Exception {
        for (ChecksumAlgorithm algorithm : ALGORITHMS) {
            SdkSigner.Signed put = sign(SdkSigner.Options.plain().payloadSigning(false).chunkEncoding(true)
                    .checksum(algorithm));
            assertThat(put.header("x-amz-content-sha256")).isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
            assertStored(send(put, false));
            store.delete("bodies", "k");
        }
    }

    /**
     * As botocore sends it over https: an unsigned aws-chunked body with a CRC32 trailer, carried
     * by {@code Transfer-Encoding: chunked}, with no Content-Length. The SDK's signer always signs a
     * Content-Length for aws-chunked bodies (and its presigner drops x-amz-content-sha256), so it
     * cannot make this request; {@link BotocoreStyleSigner}, a minimal SigV4 written from AWS's
     * description for this test only, signs the headers instead. The framing is what is tested.
     */
    @Test
    void anUnsignedAwsChunkedBodyInsideTransferEncodingChunked() throws Exception {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(DATA);
        String crc32 = java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue())
                .array());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (int off = 0; off < DATA.length; off += 65536) {
            int n = Math.min(65536, DATA.length - off);
            body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(DATA, off, n);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("0\r\nx-amz-checksum-crc32:" + crc32 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        java.util.TreeMap<String, String> headers = new java.util.TreeMap<>(Map.of(
                "host", endpoint().getHost() + ":" + endpoint().getPort(),
                "content-encoding", "aws-chunked",
                "transfer-encoding", "chunked",
                "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "x-amz-decoded-content-length", Integer.toString(DATA.length),
                "x-amz-trailer", "x-amz-checksum-crc32",
                "x-amz-sdk-checksum-algorithm", "CRC32"));
        List<String[]> signed = BotocoreStyleSigner.sign("PUT", "/bodies/k", headers, CREDENTIALS, "us-west-2");
        assertStored(raw().send("PUT", "/bodies/k", signed, body.toByteArray(), true));
        store.delete("bodies", "k");

        byte[] corrupted = body.toByteArray();
        corrupted[100] ^= 1;
        assertRefused(raw().send("PUT", "/bodies/k", signed, corrupted, true), 400, "BadDigest");
    }

    @Test
    void anAwsChunkedContentEncodingWithoutAStreamingModeIsRefusedRatherThanStoredFramed() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain(), Map.of("Content-Encoding", "aws-chunked"));
        assertRefused(send(put, false), 400, "InvalidRequest");
    }

    @Test
    void anEmptyAwsChunkedBodyWithATrailer() throws Exception {
        SdkSigner.Signed put = signer().sign("PUT", "/bodies/k", Map.of(), Map.of(), new byte[0],
                SdkSigner.Options.plain().chunkEncoding(true).checksum(DefaultChecksumAlgorithm.CRC32));
        RawHttp.Response r = send(put, false);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(store.head("bodies", "k").orElseThrow().size()).isZero();
    }

    @Test
    void aTamperedChunkSignatureIsSignatureDoesNotMatchAndStoresNothing() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().chunkEncoding(true).checksum(DefaultChecksumAlgorithm.CRC32));
        String body = new String(put.body(), StandardCharsets.ISO_8859_1);
        int second = body.indexOf("chunk-signature=", body.indexOf("chunk-signature=") + 1) + "chunk-signature=".length();
        assertRefused(send(put.withBody(flipHex(put.body(), second)), false), 403, "SignatureDoesNotMatch");
    }

    @Test
    void alteredChunkDataIsSignatureDoesNotMatchAndStoresNothing() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().chunkEncoding(true));
        byte[] body = put.body().clone();
        body[body.length / 2] ^= 1;
        assertRefused(send(put.withBody(body), false), 403, "SignatureDoesNotMatch");
    }

    @Test
    void anAlteredSignedTrailerIsSignatureDoesNotMatch() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().chunkEncoding(true).checksum(DefaultChecksumAlgorithm.CRC32));
        assertRefused(send(put.withBody(replaceTrailerValue(put.body(), "x-amz-checksum-crc32", "AAAAAA==")), false),
                403, "SignatureDoesNotMatch");
    }

    @Test
    void aWrongCrc32TrailerIsBadDigestAndStoresNothing() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().payloadSigning(false).chunkEncoding(true)
                .checksum(DefaultChecksumAlgorithm.CRC32));
        assertRefused(send(put.withBody(replaceTrailerValue(put.body(), "x-amz-checksum-crc32", "AAAAAA==")), false),
                400, "BadDigest");
        byte[] corrupted = put.body().clone();
        corrupted[corrupted.length / 2] ^= 1; // unsigned chunks: only the checksum notices
        assertRefused(send(put.withBody(corrupted), false), 400, "BadDigest");
    }

    @Test
    void aWrongChecksumHeaderIsBadDigestAndStoresNothing() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().payloadSigning(false).checksum(DefaultChecksumAlgorithm.CRC32));
        byte[] body = put.body().clone();
        body[7] ^= 1;
        assertRefused(send(put.withBody(body), false), 400, "BadDigest");
    }

    @Test
    void aBodyNotMatchingItsSignedSha256IsRefusedAndStoresNothing() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain());
        byte[] body = put.body().clone();
        body[body.length - 1] ^= 1;
        assertRefused(send(put.withBody(body), false), 400, "XAmzContentSHA256Mismatch");
        SdkSigner.Signed chunked = sign(SdkSigner.Options.plain(), Map.of("Transfer-Encoding", "chunked"));
        assertRefused(send(chunked.withBody(body), true), 400, "XAmzContentSHA256Mismatch");
    }

    @Test
    void aWrongContentMd5OnAnAwsChunkedBodyIsBadDigest() throws Exception {
        String wrong = java.util.Base64.getEncoder().encodeToString(new byte[16]);
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().chunkEncoding(true), Map.of("Content-MD5", wrong));
        assertRefused(send(put, false), 400, "BadDigest");
    }

    @Test
    void aChecksumTrailerThatNeverCameIsRefused() throws Exception {
        SdkSigner.Signed put = sign(SdkSigner.Options.plain().payloadSigning(false).chunkEncoding(true)
                .checksum(DefaultChecksumAlgorithm.CRC32));
        String body = new String(put.body(), StandardCharsets.ISO_8859_1);
        byte[] renamed = body.replace("x-amz-checksum-crc32:", "x-amz-checksum-crc3x:").getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(send(put.withBody(renamed), false), 400, "MalformedTrailerError");
    }

    // ---- helpers ----

    private SdkSigner.Signed sign(SdkSigner.Options options) {
        return sign(options, Map.of());
    }

    private SdkSigner.Signed sign(SdkSigner.Options options, Map<String, String> headers) {
        return signer().sign("PUT", "/bodies/k", Map.of(), headers, DATA, options);
    }

    private RawHttp.Response send(SdkSigner.Signed put, boolean chunkedTransfer) throws Exception {
        return raw().send(put.method(), put.target(), put.headers(), put.body(), chunkedTransfer);
    }

    private void assertStored(RawHttp.Response r) throws Exception {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        ObjectInfo info = store.head("bodies", "k").orElseThrow();
        assertThat(info.size()).isEqualTo(DATA.length);
        assertThat(info.etag()).isEqualTo(SdkObjectsTest.md5(DATA));
        assertThat(r.header("ETag")).isEqualTo("\"" + info.etag() + "\"");
    }

    private void assertRefused(RawHttp.Response r, int status, String code) throws Exception {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(store.head("bodies", "k")).as("nothing stored").isEmpty();
    }

    private static byte[] flipHex(byte[] body, int at) {
        byte[] copy = body.clone();
        copy[at] = (byte) (copy[at] == '0' ? '1' : '0');
        return copy;
    }

    /** The body with one trailer's value replaced by another of the same length. */
    private static byte[] replaceTrailerValue(byte[] body, String trailer, String value) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int start = text.lastIndexOf(trailer + ":") + trailer.length() + 1;
        int end = text.indexOf('\r', start);
        assertThat(end - start).isEqualTo(value.length());
        return (text.substring(0, start) + value + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
