package dev.dos.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.testing.Reliability;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
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
        // Everything it printed while starting and serving a request, read once it can print no more.
        assertEquals(1, webStdout().size(), "stdout stays one JSON line: " + webStdout());
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

    @Test
    @Tag(Reliability.TAG)
    void newTokenReplacesTheAccessTokenAndTheOldOneStopsWorking() throws Exception {
        SandboxHome sandbox = new SandboxHome(home).withTestingKey();
        Path tokenFile = home.resolve(".config/dos/web-token");
        String oldToken;
        String oldCookie;
        Process first = sandbox.start("web", "--port", "0", "--json");
        try {
            JsonNode started = new ObjectMapper().readTree(firstLine(first).getFirst());
            oldToken = started.get("token").asText();
            assertEquals(200, get(started.get("url").asText() + "/api/stats", "Authorization", "Bearer " + oldToken).statusCode());
            oldCookie = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(started.get("url").asText()
                    + "/api/session")).header("Authorization", "Bearer " + oldToken).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString()).headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        } finally {
            first.destroyForcibly().waitFor();
        }
        Process second = sandbox.start("web", "--port", "0", "--json", "--new-token");
        int trials = 0;
        int held = 0;
        List<String> failures = new java.util.ArrayList<>();
        try {
            List<String> lines = firstLine(second);
            JsonNode started = new ObjectMapper().readTree(lines.getFirst());
            String url = started.get("url").asText();
            String newToken = started.get("token").asText();
            assertTrue(!newToken.equals(oldToken) && newToken.length() >= 40, newToken);
            assertEquals(newToken, Files.readString(tokenFile).strip(), "the new token is the one kept");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            String err = sandbox.childErr("web");
            assertTrue(err.contains("made a new access token in " + tokenFile)
                    && err.contains("the old one no longer works"), err);
            assertEquals(200, get(url + "/api/stats", "Authorization", "Bearer " + newToken).statusCode());
            for (String[] header : List.of(new String[] {"Authorization", "Bearer " + oldToken},
                    new String[] {"Cookie", oldCookie})) {
                for (String path : List.of("/api/stats", "/api/batches", "/api/jobs")) {
                    trials++;
                    HttpResponse<String> r = get(url + path, header[0], header[1]);
                    if (r.statusCode() == 401) {
                        held++;
                    } else {
                        failures.add(header[0] + " of the old token on " + path + ": " + r.statusCode() + " " + r.body());
                    }
                }
            }
        } finally {
            second.destroyForcibly().waitFor();
        }
        assertEquals(1, webStdout().size(), "stdout stays one JSON line: " + webStdout());
        Reliability.record("web-token-rotation", "web", "the old access token and a session cookie made with it,"
                + " after 'dos web --new-token'", trials, held, held + "/" + trials + " requests with the old token or"
                + " its cookie refused (401); the new token works, is kept 0600 in <config-dir>/web-token, and stdout"
                + " stays one JSON line",
                Reliability.mvnTest("app", "WebCommandTest#newTokenReplacesTheAccessTokenAndTheOldOneStopsWorking"));
        assertEquals(List.of(), failures);
    }

    @Test
    @Tag(Reliability.TAG)
    void withoutDosWebRootsServerSidePathsMustBeInTheHomeFolder(@TempDir Path elsewhere) throws Exception {
        SandboxHome sandbox = new SandboxHome(home).withTestingKey();
        Path mine = Files.createDirectories(home.resolve("src/mine"));
        Files.writeString(mine.resolve("a.txt"), "a");
        Files.writeString(elsewhere.resolve("b.txt"), "b");
        Process web = sandbox.start("web", "--port", "0", "--json");
        int trials = 0;
        int held = 0;
        List<String> failures = new java.util.ArrayList<>();
        try {
            JsonNode started = new ObjectMapper().readTree(firstLine(web).getFirst());
            String url = started.get("url").asText();
            String token = started.get("token").asText();
            for (Path refused : List.of(elsewhere, elsewhere.resolve("b.txt"), elsewhere.resolve("missing"),
                    home.resolve(".config/dos"), home.resolve(".config/dos/web-token"), home.resolve(".local/share/dos"),
                    home, Path.of("/etc/hostname"))) {
                trials++;
                HttpResponse<String> r = postJson(url, token, "/api/jobs/upload", "{\"paths\":[\"" + refused + "\"]}");
                if (r.statusCode() == 403 && r.body().contains("\"forbidden_path\"")) {
                    held++;
                } else {
                    failures.add(refused + ": " + r.statusCode() + " " + r.body());
                }
            }
            HttpResponse<String> ok = postJson(url, token, "/api/jobs/upload", "{\"paths\":[\"" + mine + "\"]}");
            assertEquals(202, ok.statusCode(), ok.body());
        } finally {
            web.destroyForcibly().waitFor();
        }
        Reliability.record("web-roots-default-home", "web", "'dos web' without DOS_WEB_ROOTS: upload sources outside"
                + " the home folder (existing or not), dos's config and data folders and the home folder itself",
                trials, held, held + "/" + trials + " refused with 403 forbidden_path; a folder of the home accepted",
                Reliability.mvnTest("app", "WebCommandTest#withoutDosWebRootsServerSidePathsMustBeInTheHomeFolder"));
        assertEquals(List.of(), failures);
    }

    private static HttpResponse<String> get(String url, String header, String value) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header(header, value).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String url, String token, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the child's stdout to hold a line containing {@code marker}, and returns all its lines. */
    private List<String> linesUntil(Process web, String marker) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && web.isAlive()) {
            if (Files.isDirectory(home.resolve("logs"))) {
                try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
                    Path out = logs.filter(p -> p.getFileName().toString().startsWith("web-")
                            && p.toString().endsWith(".out")).max(Path::compareTo).orElse(null);
                    if (out != null && Files.readString(out).contains(marker)) {
                        return Files.readAllLines(out);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dos web printed no '" + marker + "'; stderr: " + sandbox().childErr("web"));
    }

    /**
     * Waits for the child's stdout to hold a complete line, and returns its lines so far. Whether
     * more follow is for the caller to check once the child is gone ({@link #webStdout}).
     */
    private List<String> firstLine(Process web) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && web.isAlive()) {
            String text = Files.readString(newestWebOut());
            if (text.endsWith("\n")) {
                return text.lines().toList();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("dos web printed no line; stderr: " + sandbox().childErr("web"));
    }

    /** What the newest dos web child printed on stdout so far. */
    private List<String> webStdout() throws IOException {
        return Files.readAllLines(newestWebOut());
    }

    private Path newestWebOut() throws IOException {
        try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
            return logs.filter(p -> p.getFileName().toString().startsWith("web-") && p.toString().endsWith(".out"))
                    .max(Path::compareTo).orElseThrow();
        }
    }

    private SandboxHome sandbox() {
        return new SandboxHome(home);
    }
}
