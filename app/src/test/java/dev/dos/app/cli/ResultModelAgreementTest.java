package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.app.store.StoreSession;
import dev.dos.app.web.AccessToken;
import dev.dos.app.web.WebServer;
import dev.dos.core.config.DosPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's {@code --json} and the web API show one result model: for the same batch in the same
 * store, {@code list}, {@code info}, {@code stats} and {@code verify} print exactly what
 * {@code GET /api/batches}, {@code GET /api/batches/{id}}, {@code GET /api/stats} and a verify
 * job's {@code result} answer, field by field.
 */
class ResultModelAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void theCliAndTheApiShowTheSameBatchStatsAndVerifyResultWithTheSameKeys() throws Exception {
        SandboxHome sandbox = new SandboxHome(home).withTestingKey();
        Path src = tree(home.resolve("src"));
        SandboxHome.Run upload = sandbox.dos("upload", "--json", "--chunk-size", "20000", src.toString());
        assertThat(upload.code()).as(upload.err()).isZero();
        String id = upload.json().get("batch_id").asText();

        // The web door first (the sandbox is one process's at a time): a deep verify job, then its result.
        JsonNode webVerify;
        JsonNode webUpload;
        try (Web web = new Web(sandbox)) {
            webVerify = web.runJob("/api/jobs/verify", Map.of("batch_id", id, "deep", true));
            webUpload = web.runJob("/api/jobs/upload", Map.of("paths", List.of(src.toString())));
        }
        assertThat(webVerify.get("state").asText()).as(webVerify.toString()).isEqualTo("succeeded");
        assertThat(webUpload.get("state").asText()).as(webUpload.toString()).isEqualTo("succeeded");

        // The CLI's reading of the store, after everything that changes it (the last verify time included).
        SandboxHome.Run verify = sandbox.dos("verify", id, "--deep", "--json");
        assertThat(verify.code()).as(verify.err()).isZero();
        JsonNode cliList = cli(sandbox, "list", "--json");
        JsonNode cliInfo = cli(sandbox, "info", id, "--json");
        JsonNode cliStats = cli(sandbox, "stats", "--json");

        try (Web web = new Web(sandbox)) {
            assertSameFields("list", cliList, web.get("/api/batches"));
            assertSameFields("info", cliInfo, web.get("/api/batches/" + id));
            assertSameFields("stats", cliStats, web.get("/api/stats"));
        }
        assertSameFields("verify", verify.json().get("batches").get(0), webVerify.get("result"));
        // The upload job's result is another batch's, so only its shape can agree.
        assertThat(names(webUpload.get("result"))).isEqualTo(names(upload.json()));

        assertThat(cliInfo.get("batch_id").asText()).isEqualTo(id);
        assertThat(cliInfo.get("files").asInt()).isEqualTo(cliInfo.get("entries").size()).isEqualTo(6); // src, sub and 4 below
        assertThat(cliInfo.get("chunks").asInt()).isEqualTo(cliInfo.get("chunk_list").size()).isGreaterThan(1);
        assertThat(cliStats.get("last_verify").isNull()).isFalse();
    }

    private static JsonNode cli(SandboxHome sandbox, String... args) throws IOException {
        SandboxHome.Run run = sandbox.dos(args);
        assertThat(run.code()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run.json();
    }

    /** The same field names in the same order, and each field's value equal, named by its path when not. */
    private static void assertSameFields(String what, JsonNode cli, JsonNode api) {
        assertThat(api).as(what + " from the API").isNotNull();
        List<String> differences = new ArrayList<>();
        compare(what, cli, api, differences);
        assertThat(differences).as(what + ": CLI " + cli + "\nAPI " + api).isEmpty();
    }

    private static void compare(String path, JsonNode cli, JsonNode api, List<String> differences) {
        if (cli.isObject() && api.isObject()) {
            if (!names(cli).equals(names(api))) {
                differences.add(path + ": fields " + names(cli) + " (CLI) vs " + names(api) + " (API)");
                return;
            }
            cli.fieldNames().forEachRemaining(f -> compare(path + "." + f, cli.get(f), api.get(f), differences));
        } else if (cli.isArray() && api.isArray() && cli.size() == api.size()) {
            for (int i = 0; i < cli.size(); i++) {
                compare(path + "[" + i + "]", cli.get(i), api.get(i), differences);
            }
        } else if (!cli.equals(api)) {
            differences.add(path + ": " + cli + " (CLI) vs " + api + " (API)");
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** Two files, an empty one, a folder and a symlink; the 50 kB file spans several 20 kB chunks. */
    private static Path tree(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        byte[] random = new byte[50_000];
        new Random(7).nextBytes(random);
        Files.write(dir.resolve("sub/random.bin"), random);
        Files.writeString(dir.resolve("notes.txt"), "notes\n".repeat(100));
        Files.createFile(dir.resolve("empty"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("notes.txt"));
        return dir;
    }

    /** A web server over the sandbox store, as 'dos web' serves it. */
    private static final class Web implements AutoCloseable {
        private final StoreSession session;
        private final AccessToken token;
        private final WebServer server;

        Web(SandboxHome sandbox) throws IOException {
            DosPaths paths = DosPaths.resolve(sandbox.env(), null, null);
            session = StoreSession.open(paths, sandbox.env(), true, () -> null);
            token = AccessToken.loadOrCreate(paths.configDir());
            server = WebServer.start(session.repository(), token, "127.0.0.1", 0);
        }

        JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        /** Starts a job and returns it once ended: its event stream closes after the final state. */
        JsonNode runJob(String path, Object body) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            long job = JSON.readTree(r.body()).get("job_id").asLong();
            HTTP.send(request("/api/jobs/" + job + "/events").timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return get("/api/jobs/" + job);
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Authorization", "Bearer " + token.value()).timeout(Duration.ofSeconds(60));
        }

        @Override
        public void close() {
            server.close();
            session.close();
        }
    }
}
