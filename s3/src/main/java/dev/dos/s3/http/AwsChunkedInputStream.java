package dev.dos.s3.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes an {@code aws-chunked} body ({@code <hex size>[;chunk-signature=<sig>]CRLF <data> CRLF},
 * ..., a last chunk of size 0, then trailing headers when the mode has them), streaming: a chunk
 * is never held, only hashed on its way through. With a {@link ChunkSignatureChain} each chunk's
 * signature is checked as the chunk ends, before its last bytes are handed on, and the trailer's
 * at the end; without one the chunks carry no signatures (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
 */
final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 8192;
    private static final String SIGNATURE_EXTENSION = "chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private final InputStream in;
    private final ChunkSignatureChain chain;
    private final boolean withTrailers;
    private final MessageDigest chunkHash = Sha256.digest();
    private final Map<String, String> trailers = new TreeMap<>();
    private long remaining;
    private String chunkSignature;
    private boolean done;

    /** {@code chain}: null when chunks are unsigned; {@code withTrailers}: the last chunk is followed by trailing headers. */
    AwsChunkedInputStream(InputStream in, ChunkSignatureChain chain, boolean withTrailers) {
        this.in = in;
        this.chain = chain;
        this.withTrailers = withTrailers;
    }

    /** The trailing headers, by lower-case name, once the body has been read to its end. */
    Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done && remaining == 0) {
            nextChunk();
        }
        if (done) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new S3RequestException(ErrorCode.INCOMPLETE_BODY, "The aws-chunked body ended inside a chunk");
        }
        if (chain != null) {
            chunkHash.update(b, off, n);
        }
        remaining -= n;
        if (remaining == 0) {
            endChunk();
        }
        return n;
    }

    private void nextChunk() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new S3RequestException(ErrorCode.INCOMPLETE_BODY, "The aws-chunked body ended before its last chunk");
        }
        int semicolon = line.indexOf(';');
        String sizeHex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        long size;
        try {
            if (sizeHex.isEmpty() || sizeHex.length() > 15) {
                throw new NumberFormatException(sizeHex);
            }
            size = Long.parseLong(sizeHex, 16);
        } catch (NumberFormatException e) {
            throw malformed("a chunk header is not a hex size: \"" + abbreviate(line) + "\"");
        }
        chunkSignature = null;
        if (chain != null) {
            int at = line.indexOf(SIGNATURE_EXTENSION, semicolon < 0 ? line.length() : semicolon);
            if (at < 0) {
                throw new S3RequestException(ErrorCode.SIGNATURE_DOES_NOT_MATCH, "A chunk carries no chunk-signature");
            }
            chunkSignature = line.substring(at + SIGNATURE_EXTENSION.length()).split(";", 2)[0].strip();
        }
        if (size == 0) {
            verifyChunkSignature();
            finish();
        } else {
            remaining = size;
        }
    }

    private void endChunk() throws IOException {
        String crlf = readLine();
        if (crlf == null || !crlf.isEmpty()) {
            throw malformed("a chunk's data is not followed by CRLF");
        }
        verifyChunkSignature();
    }

    private void verifyChunkSignature() throws S3RequestException {
        if (chain != null) {
            String expected = chain.nextChunk(chunkHash.digest());
            if (!sameHex(expected, chunkSignature)) {
                throw new S3RequestException(ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                        "The chunk signature we calculated does not match the signature you provided");
            }
        }
    }

    /** After the last chunk: the trailing headers (and their signature), or the closing CRLF. */
    private void finish() throws IOException {
        String trailerSignature = null;
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            if (!withTrailers) {
                throw malformed("trailing data after the last chunk of a body without trailers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new S3RequestException(ErrorCode.MALFORMED_TRAILER);
            }
            String name = line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals(TRAILER_SIGNATURE)) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
            }
        }
        if (chain != null && withTrailers) {
            StringBuilder canonical = new StringBuilder();
            trailers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
            String expected = chain.trailer(canonical.toString());
            if (trailerSignature == null || !sameHex(expected, trailerSignature)) {
                throw new S3RequestException(ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                        "The trailer signature we calculated does not match the signature you provided");
            }
        }
        done = true;
    }

    /** A line without its CRLF (a bare LF is accepted), or null at the end of the stream. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (c == '\n') {
                int last = line.length() - 1;
                return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw malformed("a chunk header or trailer line is longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
    }

    private static boolean sameHex(String expected, String provided) {
        return provided != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static S3RequestException malformed(String why) {
        return new S3RequestException(ErrorCode.INVALID_REQUEST, "Malformed aws-chunked body: " + why);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
