package dev.dos.emulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streams the parts of a {@code multipart/form-data} body (RFC 7578) one after another. Each
 * part's body is an {@link InputStream} valid until {@link #next()} is called again, so large
 * files pass through a fixed 64 KiB buffer and are never held in memory.
 */
final class MultipartReader {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    /** Horspool's shifts: how far a delimiter may start after a byte under its last position. */
    private final int[] shift;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean finished;
    private PartBody current;

    /** A part: its form name, its filename (null for plain fields), its Content-Type (or null). */
    record Part(String name, String filename, String contentType, InputStream body) {
    }

    /** The body does not follow the multipart format. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.shift = new int[256];
        Arrays.fill(shift, delimiter.length);
        for (int k = 0; k < delimiter.length - 1; k++) {
            shift[delimiter[k] & 0xff] = delimiter.length - 1 - k;
        }
        this.buf = new byte[BUFFER_SIZE + delimiter.length];
        // The first boundary is not preceded by CRLF; pretending it is lets one delimiter match all.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    static String boundaryOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                return b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        return null;
    }

    /** The next part, or null after the closing boundary. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            current.transferTo(java.io.OutputStream.nullOutputStream());
        } else {
            skipPastDelimiter();
        }
        if (!ensure(2)) {
            throw new MalformedException("multipart body ends right after a boundary");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            current = null;
            return null;
        }
        readLine(); // rest of the boundary line: transport padding and CRLF
        Map<String, String> headers = readHeaders();
        Map<String, String> disposition = parameters(headers.getOrDefault("content-disposition", ""));
        current = new PartBody();
        return new Part(disposition.get("name"), filenameOf(disposition), headers.get("content-type"), current);
    }

    private void skipPastDelimiter() throws IOException {
        while (true) {
            ensure(delimiter.length);
            int at = indexOfDelimiter();
            if (at >= 0) {
                pos = at + delimiter.length;
                return;
            }
            if (eof) {
                throw new MalformedException("multipart body has no boundary");
            }
            pos = Math.max(pos, lim - delimiter.length + 1);
            fill();
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new MalformedException("multipart part headers are too long");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** One line without its line ending, decoded as UTF-8 (filenames may be UTF-8). */
    private String readLine() throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = pos + scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
                    pos = i + 1;
                    return line;
                }
            }
            scanned = lim - pos;
            if (scanned > MAX_HEADER_BYTES) {
                throw new MalformedException("multipart header line is too long");
            }
            if (eof) {
                throw new MalformedException("multipart body ends inside part headers");
            }
            fill();
        }
    }

    private static String filenameOf(Map<String, String> disposition) {
        String extended = disposition.get("filename*");
        if (extended != null) {
            int quote = extended.indexOf("''");
            String encoded = quote >= 0 ? extended.substring(quote + 2) : extended;
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return disposition.get("filename");
    }

    /** {@code form-data; name="a"; filename="b"} to {@code {name=a, filename=b}}; quotes may hold ';'. */
    static Map<String, String> parameters(String headerValue) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = headerValue.indexOf(';');
        while (i >= 0 && i < headerValue.length()) {
            int eq = headerValue.indexOf('=', i + 1);
            if (eq < 0) {
                break;
            }
            String key = headerValue.substring(i + 1, eq).strip().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            StringBuilder value = new StringBuilder();
            if (j < headerValue.length() && headerValue.charAt(j) == '"') {
                j++;
                while (j < headerValue.length() && headerValue.charAt(j) != '"') {
                    char c = headerValue.charAt(j);
                    if (c == '\\' && j + 1 < headerValue.length()) {
                        c = headerValue.charAt(++j);
                    }
                    value.append(c);
                    j++;
                }
                j = headerValue.indexOf(';', j);
            } else {
                int end = headerValue.indexOf(';', j);
                value.append(headerValue, j, end < 0 ? headerValue.length() : end);
                j = end;
            }
            params.put(key, value.toString().strip());
            i = j;
        }
        return params;
    }

    /** Buffers until {@code n} bytes are available or the input ends; true when they are. */
    private boolean ensure(int n) throws IOException {
        while (lim - pos < n && !eof) {
            fill();
        }
        return lim - pos >= n;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            return;
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
    }

    /**
     * Where the first whole delimiter in {@code buf[pos, lim)} starts, or -1. Boyer-Moore-Horspool:
     * the byte under the delimiter's last position says how far the next possible start is, so a
     * file's bytes, which are mostly not in the delimiter, are passed a delimiter's length at a
     * time instead of one by one (an upload's chunks all pass through here).
     */
    private int indexOfDelimiter() {
        int last = delimiter.length - 1;
        byte lastByte = delimiter[last];
        for (int i = pos; i <= lim - delimiter.length; ) {
            byte b = buf[i + last];
            if (b == lastByte && Arrays.equals(buf, i, i + last, delimiter, 0, last)) {
                return i;
            }
            i += shift[b & 0xff];
        }
        return -1;
    }

    /** The body of the current part: ends where the next delimiter starts. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || len == 0) {
                return done ? -1 : 0;
            }
            while (true) {
                ensure(delimiter.length);
                int at = indexOfDelimiter();
                if (at == pos) {
                    done = true;
                    pos += delimiter.length;
                    return -1;
                }
                int available = at >= 0 ? at - pos : lim - pos - (delimiter.length - 1);
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (eof) {
                    throw new MalformedException("multipart body ends inside a part (no closing boundary)");
                }
                fill();
            }
        }
    }
}
