package dev.dos.s3.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A request's body as the store reads it: aws-chunked decoded when the payload mode says so
 * (never the object's Content-Encoding), its length from {@code x-amz-decoded-content-length} or
 * {@code Content-Length} (-1 for a plain {@code Transfer-Encoding: chunked} body), and every
 * digest the client sent checked while it streams ({@link ChecksumVerifier}).
 */
final class RequestBody {
    /** S3's largest single PUT (and part). */
    static final long MAX_OBJECT_BYTES = 5L * 1024 * 1024 * 1024;

    private final ChecksumVerifier stream;
    private final long length;
    private final ChecksumAlgorithm algorithm;

    private RequestBody(ChecksumVerifier stream, long length, ChecksumAlgorithm algorithm) {
        this.stream = stream;
        this.length = length;
        this.algorithm = algorithm;
    }

    /** Opens the exchange's body (once), refusing malformed digests and lengths before anything is read. */
    static RequestBody open(S3Exchange x) throws IOException {
        PayloadMode mode = x.auth.mode();
        InputStream raw = x.req.getInputStream();
        long length;
        InputStream decoded;
        AwsChunkedInputStream chunked = null;
        if (mode.chunked()) {
            chunked = new AwsChunkedInputStream(new BufferedInputStream(raw, 64 * 1024),
                    mode.signedChunks() ? x.auth.chunkChain() : null, mode.trailer());
            decoded = chunked;
            length = decodedLength(x, mode);
        } else {
            String encoding = x.header("Content-Encoding");
            if (encoding != null && ObjectHeaders.namesAwsChunked(encoding)) {
                throw new S3RequestException(ErrorCode.INVALID_REQUEST, "An aws-chunked body needs a STREAMING-*"
                        + " x-amz-content-sha256 saying how its chunks are signed");
            }
            decoded = raw;
            length = x.req.getContentLengthLong();
        }
        if (length > MAX_OBJECT_BYTES) {
            throw new S3RequestException(ErrorCode.ENTITY_TOO_LARGE);
        }
        ChecksumAlgorithm algorithm = null;
        Supplier<String> value = null;
        for (String name : x.headerNames()) {
            ChecksumAlgorithm a = ChecksumAlgorithm.ofHeader(name);
            if (a != null) {
                if (algorithm != null) {
                    throw new S3RequestException(ErrorCode.INVALID_REQUEST,
                            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                }
                String header = x.header(name);
                decodeChecksum(a, header, ErrorCode.INVALID_REQUEST);
                algorithm = a;
                value = () -> header;
            }
        }
        for (String trailer : trailerNames(x)) {
            ChecksumAlgorithm a = ChecksumAlgorithm.ofHeader(trailer);
            if (a == null) {
                continue;
            }
            if (!mode.trailer()) {
                throw new S3RequestException(ErrorCode.INVALID_REQUEST, "x-amz-trailer needs an aws-chunked body"
                        + " with trailers (x-amz-content-sha256: STREAMING-...-TRAILER)");
            }
            if (algorithm != null) {
                throw new S3RequestException(ErrorCode.INVALID_REQUEST,
                        "Expecting a single x-amz-checksum- header or trailer. Multiple checksum Types are not allowed.");
            }
            AwsChunkedInputStream source = chunked;
            algorithm = a;
            value = () -> source.trailers().get(a.header());
        }
        ChecksumVerifier verifier = new ChecksumVerifier(decoded, length, MAX_OBJECT_BYTES,
                new ChecksumVerifier.Expected(contentMd5(x), x.auth.payloadSha256(), algorithm, value));
        RequestBody body = new RequestBody(verifier, length, algorithm);
        x.body = body;
        if (length == 0) {
            verifier.drain(); // a store may not read an empty body at all; its digests are checked now
        }
        return body;
    }

    /** The body as decoded and checked; read it to its end. */
    InputStream stream() {
        return stream;
    }

    /** The decoded length, or -1 when the body runs to its end. */
    long length() {
        return length;
    }

    /** The first failure the body's checks raised, or null. */
    S3RequestException failure() {
        return stream.failure();
    }

    /** Reads and discards the body, checking it. */
    void drain() throws IOException {
        stream.drain();
    }

    /** The whole body, for the small XML documents S3 takes; MalformedXML past {@code limit} bytes. */
    byte[] readAll(int limit) throws IOException {
        byte[] bytes = stream.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new S3RequestException(ErrorCode.MALFORMED_XML, "The XML document is larger than " + limit + " bytes");
        }
        stream.drain();
        return bytes;
    }

    /** The checked checksum, as a response header S3 echoes ({@code x-amz-checksum-crc32: ...}), if any. */
    Map<String, String> checksumHeaders() {
        String verified = stream.verifiedChecksum();
        return algorithm == null || verified == null ? Map.of() : Map.of(algorithm.header(), verified);
    }

    static byte[] decodeChecksum(ChecksumAlgorithm algorithm, String value, ErrorCode error) throws S3RequestException {
        try {
            byte[] bytes = Base64.getDecoder().decode(value.strip());
            if (bytes.length == algorithm.bytes) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new S3RequestException(error, "Value for " + algorithm.header() + " header is invalid.");
    }

    private static long decodedLength(S3Exchange x, PayloadMode mode) throws S3RequestException {
        String header = x.header("x-amz-decoded-content-length");
        if (header == null) {
            if (mode.signedChunks()) {
                throw new S3RequestException(ErrorCode.MISSING_CONTENT_LENGTH,
                        "An aws-chunked body with chunk signatures needs x-amz-decoded-content-length");
            }
            return -1;
        }
        try {
            long length = Long.parseLong(header.strip());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "x-amz-decoded-content-length is not a length");
    }

    private static byte[] contentMd5(S3Exchange x) throws S3RequestException {
        String header = x.header("Content-MD5");
        if (header == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(header.strip());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new S3RequestException(ErrorCode.INVALID_DIGEST);
    }

    private static List<String> trailerNames(S3Exchange x) {
        List<String> names = new ArrayList<>();
        for (String header : x.headers("x-amz-trailer")) {
            for (String name : header.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }
}
