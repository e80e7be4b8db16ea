package dev.dos.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.app.store.StoreSession;
import dev.dos.core.config.DosPaths;
import dev.dos.core.ops.Repository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A sandbox store (embedded Discord emulator) in a temporary home with web servers over it, and
 * the HTTP calls the web tests make. Servers started here are closed with the fixture.
 */
final class WebFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path home;
    /** The store's config and data folders: refused as server-side paths, like 'dos web' refuses them. */
    final Path configDir;
    final Path dataDir;
    final StoreSession session;
    final AccessToken token;
    final WebServer server;
    private final List<WebServer> servers = new ArrayList<>();

    WebFixture(Path home, List<Path> allowedRoots) throws IOException {
        this.home = home;
        Map<String, String> env = Map.of("HOME", home.toString(), "DOS_PASSPHRASE", "correct horse");
        DosPaths paths = DosPaths.resolve(env, null, null);
        configDir = paths.configDir();
        dataDir = paths.dataDir();
        session = StoreSession.open(paths, env, true, () -> null);
        token = AccessToken.loadOrCreate(paths.configDir());
        server = start(session.repository(), allowedRoots);
    }

    /** Another server over the same index (and staging folder), e.g. with a misbehaving remote. */
    WebServer start(Repository repository, List<Path> allowedRoots) {
        return start(repository, allowedRoots, Clock.systemUTC());
    }

    /** A server whose session cookies go by {@code clock}. */
    WebServer start(Repository repository, List<Path> allowedRoots, Clock clock) {
        WebServer started = WebServer.start(repository, token, new WebOptions("127.0.0.1", 0,
                session.webStagingDirectory(), session.backupDirectory(), allowedRoots, List.of(configDir, dataDir)), clock);
        servers.add(started);
        return started;
    }

    HttpRequest.Builder authed(String path) {
        return authed(server, path);
    }

    HttpRequest.Builder authed(WebServer on, String path) {
        return HttpRequest.newBuilder(URI.create(on.url() + path)).header("Authorization", "Bearer " + token.value())
                .timeout(Duration.ofSeconds(60));
    }

    HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(60));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** POSTs {@code body} as JSON; asserts 202 and returns the job id. */
    long startJob(String path, Object body) throws Exception {
        HttpResponse<String> r = send(authed(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        assertEquals(202, r.statusCode(), r.body());
        return json(r).get("job_id").asLong();
    }

    JsonNode waitForEnd(long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = json(send(authed("/api/jobs/" + id).GET()));
            String state = job.get("state").asText();
            if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end in time");
    }

    /** Uploads {@code paths} (server-side) and returns the finished job. */
    JsonNode upload(Path... paths) throws Exception {
        return waitForEnd(startJob("/api/jobs/upload", Map.of("paths", List.of(paths).stream().map(Path::toString).toList())));
    }

    /** A folder with a small binary file and a text file. */
    Path tree(String name) throws IOException {
        return tree(home, name);
    }

    /** A folder {@code home/src/name} with a small binary file and a text file. */
    static Path tree(Path home, String name) throws IOException {
        Path dir = Files.createDirectories(home.resolve("src").resolve(name));
        byte[] bytes = new byte[20_000];
        new Random(name.hashCode()).nextBytes(bytes);
        Files.write(dir.resolve("data.bin"), bytes);
        Files.writeString(dir.resolve("notes.txt"), "some text\n".repeat(500));
        return dir;
    }

    @Override
    public void close() {
        servers.forEach(WebServer::close);
        session.close();
    }
}
