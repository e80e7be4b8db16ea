package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dos.core.remote.RemoteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CDN fetcher against a real HTTP server on 127.0.0.1 whose answers each test scripts: what a
 * CDN may do wrong (ignore the range, send another one, stall, refuse) and what it sends.
 */
class CdnFetcherTest {
    private static final byte[] BODY = "0123456789".getBytes();

    private interface Answer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private volatile Answer answer;
    private HttpServer server;
    private final CdnFetcher cdn = new CdnFetcher(Duration.ofSeconds(5), Duration.ofMillis(300));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            ranges.add(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
            userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            try (exchange) {
                answer.answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/attachments/1/2/blob.dosc?ex=1&is=2&hm=3";
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String contentRange) throws IOException {
        if (contentRange != null) {
            exchange.getResponseHeaders().set("Content-Range", contentRange);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** As a CDN that honours ranges: 206 with the asked bytes, or 200 with all of them. */
    private static void honourRange(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range == null) {
            send(exchange, 200, BODY, null);
            return;
        }
        String[] bounds = range.substring("bytes=".length()).split("-", -1);
        int from = Integer.parseInt(bounds[0]);
        int to = bounds[1].isEmpty() ? BODY.length - 1 : Integer.parseInt(bounds[1]);
        byte[] part = java.util.Arrays.copyOfRange(BODY, from, to + 1);
        send(exchange, 206, part, "bytes " + from + "-" + to + "/" + BODY.length);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheWholeAttachmentWithoutARangeAndSendsOurUserAgentButNoToken() throws Exception {
        answer = CdnFetcherTest::honourRange;

        assertThat(readAll(cdn.open(url(), 0, BODY.length))).isEqualTo(BODY);
        assertThat(ranges).containsExactly("null");
        assertThat(userAgents).containsExactly(RestTransport.USER_AGENT);
    }

    @Test
    void asksForTheRestFromAnOffsetAndForAWindowWithItsLastByte() throws Exception {
        answer = CdnFetcherTest::honourRange;

        assertThat(new String(readAll(cdn.open(url(), 4, BODY.length)))).isEqualTo("456789");
        assertThat(new String(readAll(cdn.open(url(), 2, 5, BODY.length)))).isEqualTo("234");
        assertThat(ranges).containsExactly("bytes=4-", "bytes=2-4");
    }

    @Test
    void aCdnThatIgnoresTheRangeIsReadFromTheOffsetAndCutAtTheEnd() throws Exception {
        answer = exchange -> send(exchange, 200, BODY, null);

        assertThat(new String(readAll(cdn.open(url(), 3, 7, BODY.length)))).isEqualTo("3456");
    }

    @Test
    void anotherRangeThanAskedForIsRetryable() {
        answer = exchange -> send(exchange, 206, "0123".getBytes(), "bytes 0-3/10");

        assertThatThrownBy(() -> cdn.open(url(), 3, 7, BODY.length))
                .isInstanceOf(IOException.class).isNotInstanceOf(RemoteException.class)
                .hasMessageContaining("different range");
    }

    @Test
    void aLengthThatDisagreesWithTheAttachmentIsRetryable() {
        answer = exchange -> send(exchange, 200, "012345678".getBytes(), null);

        assertThatThrownBy(() -> cdn.open(url(), 0, BODY.length))
                .isInstanceOf(IOException.class).isNotInstanceOf(RemoteException.class)
                .hasMessageContaining("announced 9 bytes, expected 10");
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 404, 410})
    void aRefusedLinkAsksForAFreshOne(int status) {
        answer = exchange -> send(exchange, status, "{\"message\": \"expired\"}".getBytes(), null);

        assertThatThrownBy(() -> cdn.open(url(), 0, BODY.length))
                .isInstanceOfSatisfying(LinkRefusedException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void busyOrFailingAnswersAreRetryable(int status) {
        answer = exchange -> send(exchange, status, new byte[0], null);

        assertThatThrownBy(() -> cdn.open(url(), 0, BODY.length))
                .isInstanceOf(IOException.class).isNotInstanceOf(RemoteException.class)
                .hasMessage("the CDN answered " + status);
    }

    @Test
    void otherAnswersAreRefusals() {
        answer = exchange -> send(exchange, 400, "bad".getBytes(), null);

        assertThatThrownBy(() -> cdn.open(url(), 0, BODY.length))
                .isInstanceOf(RemoteException.Rejected.class).hasMessageContaining("400");
    }

    @Test
    void aBodyThatStallsFailsAfterTheTimeoutInsteadOfHanging() throws Exception {
        answer = exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            OutputStream out = exchange.getResponseBody();
            out.write(BODY, 0, 3);
            out.flush();
            released.await(1, TimeUnit.MINUTES); // until the test ends
        };

        try (InputStream in = cdn.open(url(), 0, BODY.length)) {
            assertThat(in.readNBytes(3)).containsExactly('0', '1', '2');
            assertThatThrownBy(() -> in.readNBytes(7))
                    .isInstanceOf(IOException.class)
                    .hasMessage("no data for 300 ms while waiting for the next bytes from the CDN; connection dropped");
        }
    }

    @Test
    void anAnswerThatNeverComesFailsAfterTheTimeout() {
        answer = exchange -> released.await(1, TimeUnit.MINUTES);

        assertThatThrownBy(() -> cdn.open(url(), 0, BODY.length))
                .isInstanceOf(IOException.class).isNotInstanceOf(RemoteException.class)
                .hasMessageContaining("waiting for an answer");
    }

    @Test
    void theDefaultProxySelectorIsHonouredAsTheApisClientDoes() throws Exception {
        answer = exchange -> {
            // A proxy is sent the whole link; this server plays it.
            assertThat(exchange.getRequestURI().toString()).startsWith("http://cdn.example.invalid/attachments/");
            send(exchange, 200, BODY, null);
        };
        java.net.ProxySelector before = java.net.ProxySelector.getDefault();
        java.net.ProxySelector.setDefault(java.net.ProxySelector.of(server.getAddress()));
        try {
            String link = "http://cdn.example.invalid/attachments/1/2/blob.dosc?ex=1&is=2&hm=3";
            assertThat(readAll(cdn.open(link, 0, BODY.length))).isEqualTo(BODY);
        } finally {
            java.net.ProxySelector.setDefault(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "jar:file:/tmp/x.jar!/a", "ftp://127.0.0.1/a", "not a link"})
    void onlyHttpLinksAreOpened(String link) {
        assertThatThrownBy(() -> cdn.open(link, 0, BODY.length)).isInstanceOf(RemoteException.Rejected.class);
    }
}
