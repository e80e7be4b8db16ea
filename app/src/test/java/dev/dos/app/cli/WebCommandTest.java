package dev.dos.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dos web --json} as a real child process: one JSON line, then it serves until killed. */
class WebCommandTest {
    @TempDir
    Path home;

    @Test
    void jsonModePrintsOneLineWithUrlAndTokenThenServes() throws Exception {
        SandboxHome sandbox = new SandboxHome(home);
        Process web = sandbox.start("web", "--port", "0", "--json");
        try {
            List<String> lines = firstLine(web);
            assertEquals(1, lines.size(), lines.toString());
            JsonNode started = new ObjectMapper().readTree(lines.getFirst());
            assertEquals(2, started.size());
            String url = started.get("url").asText();
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(url + "/api/stats"))
                    .header("Authorization", "Bearer " + started.get("token").asText()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stats.statusCode(), stats.body());
            assertEquals(0, new ObjectMapper().readTree(stats.body()).get("batches").asLong());
            assertTrue(web.isAlive());
        } finally {
            web.destroyForcibly().waitFor();
        }
    }

    @Test
    void textModePrintsTheDashboardLinkWithTheTokenInTheFragment() throws Exception {
        SandboxHome sandbox = new SandboxHome(home);
        Process web = sandbox.start("web", "--port", "0");
        try {
            List<String> lines = linesUntil(web, "stop with Ctrl-C");
            String url = lines.getFirst().substring("dos web: serving ".length());
            assertTrue(url.startsWith("http://127.0.0.1:"), lines.toString());
            String token = lines.get(2).substring("access token: ".length());
            assertEquals("dashboard: " + url + "/#token=" + token, lines.get(1));
            HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/stats"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stats.statusCode(), stats.body());
        } finally {
            web.destroyForcibly().waitFor();
        }
    }

    /** Waits for the child's stdout to hold a line containing {@code marker}, and returns all its lines. */
    private List<String> linesUntil(Process web, String marker) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && web.isAlive()) {
            if (Files.isDirectory(home.resolve("logs"))) {
                try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
                    Path out = logs.filter(p -> p.getFileName().toString().startsWith("web-")
                            && p.toString().endsWith(".out")).findFirst().orElse(null);
                    if (out != null && Files.readString(out).contains(marker)) {
                        return Files.readAllLines(out);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dos web printed no '" + marker + "'; stderr: " + sandbox().childErr("web"));
    }

    /** Waits for the child's stdout to hold a complete line, and returns all its lines. */
    private List<String> firstLine(Process web) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && web.isAlive()) {
            try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
                Path out = logs.filter(p -> p.getFileName().toString().startsWith("web-")
                        && p.toString().endsWith(".out")).findFirst().orElseThrow();
                String text = Files.readString(out);
                if (text.endsWith("\n")) {
                    Thread.sleep(300); // anything printed after the line would show up now
                    return Files.readAllLines(out);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dos web printed no line; stderr: " + sandbox().childErr("web"));
    }

    private SandboxHome sandbox() {
        return new SandboxHome(home);
    }
}
