package dev.dos.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A request refused before its body was read (here: unsigned) still gets its error on a connection
 * that stays usable, also when the client waits for {@code 100 Continue}: the gateway reads a small
 * body before answering. Regression: the SDK's HttpURLConnection, on a loaded machine, stopped
 * waiting for the 100, began its body, and failed with "Error writing request body to server"
 * because the gateway had answered and closed the connection (SdkMultipartTest, part 10,001).
 */
class RefusedBodyTest extends GatewayTest {
    @Test
    void aRefusedSmallBodyIsReadSoTheErrorArrivesAndTheConnectionStaysOpen() throws IOException {
        try (Socket socket = new Socket(endpoint().getHost(), endpoint().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("PUT /bucket/key?partNumber=10001&uploadId=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 100");
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 403").doesNotContain("connection: close");
            assertThat(new String(readBody(in, head), StandardCharsets.UTF_8)).contains("<Code>AccessDenied</Code>");

            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 403");
        }
    }

    /** The status line and headers, lower-cased, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            assertThat(b).as("the connection ended before a complete answer").isNotNegative();
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT).replace("http/1.1", "HTTP/1.1");
    }

    private static byte[] readBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).strip()));
            }
        }
        throw new AssertionError("no Content-Length in " + head);
    }
}
