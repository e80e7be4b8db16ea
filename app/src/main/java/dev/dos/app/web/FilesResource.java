package dev.dos.app.web;

import dev.dos.core.format.IntegrityException;
import dev.dos.core.ops.StreamOperation;
import dev.dos.core.ops.TransferOptions;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/batches/{id}/files?path=} (one file, with HTTP ranges) and
 * {@code GET /api/batches/{id}/archive} (the whole batch as a tar), streamed from the remote as
 * they are decoded, never buffered whole. A range fetches only the chunks holding its bytes.
 *
 * <p>Damage found while streaming (a chunk missing, failing its SHA-256 or authentication, or a
 * file failing its SHA-256, checked before its last bytes go out) aborts the connection, so the
 * client sees fewer bytes than Content-Length announced, never a complete-looking body; the server
 * logs why.
 */
final class FilesResource {
    private static final Logger LOG = LoggerFactory.getLogger(FilesResource.class);

    private final TransferSettings transfers;
    private volatile Streams streams;

    FilesResource(TransferSettings transfers) {
        this.transfers = transfers;
    }

    void file(Context ctx) throws IOException {
        String path = requirePath(ctx.queryParam("path"));
        StreamOperation streams = streams();
        StreamOperation.BatchFile file = streams.file(ctx.pathParam("id"), path);
        long size = file.size();
        String etag = "\"" + file.sha256() + "\"";
        HttpServletResponse res = ctx.res();
        res.setHeader("Accept-Ranges", "bytes");
        res.setHeader("ETag", etag);
        res.setHeader("Cache-Control", "private, no-cache");
        if (noneMatch(ctx.header("If-None-Match"), etag)) {
            res.setStatus(304);
            return;
        }
        ByteRange range = ByteRange.parse(ctx.header("Range"), size);
        String ifRange = ctx.header("If-Range");
        if (range != null && ifRange != null && !ifRange.strip().equals(etag)) {
            range = null; // the client's copy is another version: send it whole
        }
        if (range == ByteRange.UNSATISFIABLE) {
            res.setHeader("Content-Range", "bytes */" + size);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("code", "range_not_satisfiable");
            body.put("message", "the range " + ctx.header("Range") + " is outside the file's " + size + " bytes");
            ctx.status(416).json(body);
            return;
        }
        long from = range == null ? 0 : range.from();
        long length = range == null ? size : range.length();
        res.setStatus(range == null ? 200 : 206);
        if (range != null) {
            res.setHeader("Content-Range", "bytes " + from + "-" + (from + length - 1) + "/" + size);
        }
        res.setContentType("application/octet-stream");
        res.setHeader("Content-Disposition", attachment(file.fileName()));
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setContentLengthLong(length);
        stream(ctx, "file \"" + path + "\" of batch " + file.batch().id(),
                out -> streams.writeFile(file, from, length, out));
    }

    void archive(Context ctx) throws IOException {
        StreamOperation streams = streams();
        StreamOperation.BatchArchive archive = streams.archive(ctx.pathParam("id"));
        String name = archive.batch().name() == null || archive.batch().name().isBlank()
                ? archive.batch().id() : archive.batch().name();
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("application/x-tar");
        res.setHeader("Content-Disposition", attachment(name + ".tar"));
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Cache-Control", "private, no-cache");
        res.setContentLengthLong(archive.tarBytes());
        stream(ctx, "archive of batch " + archive.batch().id(), out -> streams.writeArchive(archive, out));
    }

    /**
     * Writes the body. A failure before anything reached the client becomes a JSON error (502
     * {@code damaged} for an integrity failure, 502 {@code remote_failed} for anything else that
     * is not the client's); once bytes have gone out, the connection is aborted instead of ending
     * the response.
     */
    private static void stream(Context ctx, String what, Body body) throws IOException {
        ClientOutput out = new ClientOutput(ctx.res().getOutputStream());
        try {
            StreamOperation.Report report = body.writeTo(out);
            out.flush();
            LOG.debug("{}: {} bytes sent, {} of {} chunks fetched", what, report.bytesWritten(), report.chunksFetched(),
                    report.chunksTotal());
        } catch (IOException | RuntimeException e) {
            if (out.failure != null) {
                LOG.debug("{}: the client went away ({})", what, out.failure.toString());
            } else if (e instanceof IntegrityException) {
                LOG.warn("{}: download aborted after {} bytes: {}", what, out.written, e.getMessage());
            } else {
                LOG.warn("{}: download aborted after {} bytes", what, out.written, e);
            }
            if (out.failure == null && !ctx.res().isCommitted()) {
                ctx.res().reset();
                throw e instanceof IntegrityException
                        ? new ApiError(502, "damaged", what + " cannot be served: " + e.getMessage()
                                + " (run 'dos verify' on the batch)")
                        : new ApiError(502, "remote_failed", what + " cannot be served: " + e.getMessage());
            }
            abort(ctx, e);
        }
    }

    /**
     * Closes the connection without ending the response, so the client cannot take a short body
     * for a whole one. (Jetty would abort too once the handler returns with less than the
     * Content-Length written; doing it here also stops anything from being appended.)
     */
    private static void abort(Context ctx, Throwable cause) {
        org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
        if (base != null) {
            base.getHttpChannel().abort(cause);
        }
    }

    /** Writes the body of a response to {@code out}. */
    @FunctionalInterface
    private interface Body {
        StreamOperation.Report writeTo(OutputStream out) throws IOException;
    }

    /** The response stream, remembering whether the client side failed (as opposed to the data). */
    private static final class ClientOutput extends OutputStream {
        private final OutputStream out;
        IOException failure;
        long written;

        ClientOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            written += len;
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** The entry path from the query: present, relative, without '..' segments (else 400). */
    static String requirePath(String path) {
        if (path == null || path.isEmpty()) {
            throw ApiError.badRequest("give the file's path in the batch as ?path=");
        }
        if (path.startsWith("/")) {
            throw ApiError.badRequest("path must be relative to the batch, not absolute: " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw ApiError.badRequest("path must not contain '..' segments: " + path);
            }
        }
        if (path.indexOf('\0') >= 0) {
            throw ApiError.badRequest("path must not contain NUL");
        }
        return path;
    }

    /** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks). */
    private static boolean noneMatch(String header, String etag) {
        if (header == null) {
            return false;
        }
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code attachment} with an ASCII fallback name and the exact name in RFC 5987 form
     * ({@code filename*=UTF-8''...}), which browsers prefer.
     */
    static String attachment(String fileName) {
        StringBuilder fallback = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        fileName.codePoints().forEach(cp -> fallback.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\'
                && cp != '%' ? (char) cp : '_'));
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
    }

    /**
     * One byte range of a representation of known size (RFC 9110 section 14). {@link #parse} gives
     * null when the whole representation is to be sent: no Range header, another unit, a
     * malformed header (which a server ignores), several ranges (sent whole rather than as
     * multipart), or an empty file.
     */
    record ByteRange(long from, long length) {
        static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

        static ByteRange parse(String header, long size) {
            if (header == null || size == 0) {
                return null;
            }
            String h = header.strip();
            if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
                return null;
            }
            String only = null;
            for (String spec : h.substring(6).split(",")) {
                if (spec.isBlank()) {
                    continue;
                }
                if (only != null) {
                    return null;
                }
                only = spec.strip();
            }
            if (only == null) {
                return null;
            }
            int dash = only.indexOf('-');
            if (dash < 0) {
                return null;
            }
            String first = only.substring(0, dash).strip();
            String last = only.substring(dash + 1).strip();
            if (first.isEmpty()) {
                if (!digits(last)) {
                    return null;
                }
                long suffix = number(last);
                if (suffix == 0) {
                    return UNSATISFIABLE;
                }
                long from = Math.max(0, size - suffix);
                return new ByteRange(from, size - from);
            }
            if (!digits(first) || !last.isEmpty() && !digits(last)) {
                return null;
            }
            long from = number(first);
            if (!last.isEmpty() && number(last) < from) {
                return null;
            }
            if (from >= size) {
                return UNSATISFIABLE;
            }
            long to = last.isEmpty() ? size - 1 : Math.min(number(last), size - 1);
            return new ByteRange(from, to - from + 1);
        }

        private static boolean digits(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        /** The value, or Long.MAX_VALUE for numbers too long for a long (still a valid range bound). */
        private static long number(String digits) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
    }

    /**
     * The stream operation of the policy in force: kept while the policy holds (it caches opened
     * manifests, which a media player's range requests reuse), made anew when the policy changed.
     */
    private StreamOperation streams() {
        TransferOptions now = transfers.options();
        Streams current = streams;
        if (current == null || !current.options().equals(now)) {
            current = new Streams(now, new StreamOperation(transfers.repository(), now));
            streams = current;
        }
        return current.operation();
    }

    private record Streams(TransferOptions options, StreamOperation operation) {
    }
}
