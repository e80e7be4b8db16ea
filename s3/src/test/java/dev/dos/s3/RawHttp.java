package dev.dos.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, so a test controls every byte: the request target exactly as
 * written (no client re-encoding {@code %2F} or {@code //}), any headers, a body with a length or
 * sent with {@code Transfer-Encoding: chunked}. One request per connection.
 */
final class RawHttp {
    private final URI endpoint;

    RawHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The {@code <Code>} of an S3 error body, or null. */
        String code() {
            Matcher m = Pattern.compile("<Code>([^<]*)</Code>").matcher(text());
            return m.find() ? m.group(1) : null;
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + text();
        }
    }

    /** {@code headers}: name/value pairs, sent as given (Host is added unless present). */
    Response send(String method, String target, List<String[]> headers, byte[] body, boolean chunkedTransfer)
            throws IOException {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            boolean host = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("host"));
            if (!host) {
                head.append("Host: ").append(endpoint.getHost()).append(':').append(endpoint.getPort()).append("\r\n");
            }
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            head.append("Connection: close\r\n");
            boolean te = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("transfer-encoding"));
            if (body != null && chunkedTransfer && !te) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (body != null && !chunkedTransfer
                    && headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("content-length"))) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null && chunkedTransfer) {
                for (int off = 0; off < body.length; off += 1000) {
                    int n = Math.min(1000, body.length - off);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, off, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream(), method.equals("HEAD"));
        }
    }

    Response send(String method, String target) throws IOException {
        return send(method, target, List.of(), null, false);
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        byte[] body;
        List<String> te = headers.get("transfer-encoding");
        if (head || code == 204 || code == 304) {
            body = new byte[0];
        } else if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n = Integer.parseInt(line(in).split(";")[0].strip(), 16); n > 0;
                 n = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                out.write(in.readNBytes(n));
                line(in);
            }
            body = out.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length").get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new Response(code, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-line");
            }
            if (c != '\r') {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
