package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.testing.Reliability;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.model.Permission;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where secrets live and where they must never show: every file dos creates under the config and
 * data folders is owner-only, and the bot token, the passphrase and the key (in clear, Base64, hex
 * or URL-encoded) appear in no command output (also with {@code --debug} stack traces), no log,
 * no file but the one meant to hold them, not in the emulator's request log, and not in any
 * response of {@code dos web}.
 */
@Tag(Reliability.TAG)
class SecretsLeakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;
    EmulatedDiscord discord;
    Path src;
    /** The bot token as set up (the emulator forgets it when it is revoked). */
    String botToken;

    @BeforeEach
    void store() throws Exception {
        discord = EmulatedDiscord.withStore(home);
        src = Files.createDirectories(home.resolve("src/sub"));
        Files.write(src.resolve("a.bin"), SandboxHome.random(30_000, 5));
        Files.writeString(src.resolveSibling("notes.txt"), "notes\n".repeat(300));
        src = src.getParent();
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    @Test
    void everyFileDosCreatesIsOwnerOnly() throws Exception {
        String batch = discord.dos("upload", "-q", "--json", src.toString()).json().get("batch_id").asText();
        assertThat(discord.dos("backup", "-q", "--to-discord").code()).isZero();
        try (RunningWeb web = RunningWeb.start(discord)) {
            assertThat(web.get("/api/batches/" + batch).statusCode()).isEqualTo(200);
        }
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Path root : List.of(discord.configDir(), discord.dataDir())) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    checked++;
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                    String text = PosixFilePermissions.toString(mode);
                    boolean dir = Files.isDirectory(p);
                    boolean ok = dir ? text.equals("rwx------") : text.equals("rw-------");
                    if (!ok) {
                        failures.add(home.relativize(p) + " is " + text);
                    }
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (Path root : List.of(discord.configDir(), discord.dataDir())) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(p -> names.add(root.relativize(p).toString()));
            }
        }
        assertThat(names).as("the files that hold secrets exist").contains("config.properties", "key", "web-token");
        int held = checked - failures.size();
        String outcome = held + "/" + checked + " files and folders under the config and data folders owner-only"
                + " (files 0600, folders 0700) after setup, upload, backup and the first 'dos web'"
                + (failures.isEmpty() ? "" : "; not: " + failures);
        Reliability.record("secret-file-modes", "secrets", "modes of everything dos creates under its config and data"
                + " folders", checked, held, outcome, Reliability.mvnTest("app", "SecretsLeakTest#everyFileDosCreatesIsOwnerOnly"));
        System.out.println("secret-file-modes: " + outcome);
        assertThat(failures).isEmpty();
    }

    @Test
    void theTokenPassphraseAndKeyAppearNowhere() throws Exception {
        botToken = discord.token();
        SecretScan secrets = new SecretScan().text("the bot token", botToken)
                .text("the passphrase", EmulatedDiscord.PASSPHRASE)
                .key("the key", discord.configDir().resolve("key"), EmulatedDiscord.PASSPHRASE);
        Map<String, String> places = new LinkedHashMap<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        // slf4j-simple writes to System.err as it is at each call: its log is captured here.
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            String batch = run(places, "upload ok", Map.of(), "--debug", "upload", "--json", "-q", src.toString())
                    .json().get("batch_id").asText();
            run(places, "list", Map.of(), "--debug", "list", "--json");
            run(places, "info", Map.of(), "--debug", "info", batch);
            run(places, "stats", Map.of(), "--debug", "stats", "--json");
            run(places, "verify --deep", Map.of(), "--debug", "verify", "--deep", batch);
            run(places, "download", Map.of(), "--debug", "download", batch, home.resolve("out").toString());
            run(places, "backup", Map.of(), "--debug", "backup", "--to-discord");
            run(places, "sync --reset", Map.of(), "--debug", "sync", "--reset");
            run(places, "wrong passphrase", Map.of("DOS_PASSPHRASE", "not the passphrase at all"), "--debug", "list");
            run(places, "wrong token", Map.of("DOS_TOKEN", discord.token() + "x"), "--debug", "verify", batch);
            run(places, "malformed token", Map.of("DOS_TOKEN", discord.token() + " with spaces"), "--debug", "sync");
            run(places, "unreachable Discord", Map.of("DOS_API_BASE_URL", "http://127.0.0.1:1"), "--debug", "sync");
            discord.emulator.admin().setFaults(FaultConfig.builder().seed(3).error500(0.3).build());
            run(places, "upload under 30% 500s", Map.of(), "--debug", "upload", "-q", src.toString());
            discord.emulator.admin().setFaults(FaultConfig.none());
            discord.emulator.admin().setChannelPermissions(discord.channel("storage"),
                    Permission.ALL & ~Permission.ATTACH_FILES);
            run(places, "missing permission", Map.of(), "--debug", "upload", "-q", src.toString());
            run(places, "resume refused", Map.of(), "--debug", "resume");
            discord.emulator.admin().setChannelPermissions(discord.channel("storage"), Permission.ALL);
            discord.emulator.admin().setChannelPermissions(discord.channel("index"),
                    Permission.ALL & ~Permission.READ_MESSAGE_HISTORY);
            run(places, "unreadable index", Map.of(), "--debug", "sync", "--reset");
            discord.emulator.admin().setChannelPermissions(discord.channel("index"), Permission.ALL);

            try (RunningWeb web = RunningWeb.start(discord)) {
                dashboard(web, batch, places);
                discord.emulator.admin().revokeToken();
                long failed = web.postJob("/api/jobs/verify", Map.of("batch_id", batch));
                places.put("dos web: a job failing on the revoked token", web.await(failed));
                places.put("dos web: its events", web.get("/api/jobs/" + failed + "/events").body());
                places.put("dos web: output", web.output());
            }
        } finally {
            System.setErr(realErr);
        }
        places.put("slf4j log of every run", log.toString(StandardCharsets.UTF_8));
        places.put("emulator request log", discord.emulator.admin().requests().toString());
        places.put("emulator request log over HTTP", HTTP.send(HttpRequest.newBuilder(
                URI.create(discord.emulator.baseUrl().replaceFirst("/api/v10/?$", "") + "/_emulator/requests")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        files(places, secrets);

        List<String> failures = new ArrayList<>();
        places.forEach((place, text) -> {
            List<String> found = secrets.find(text);
            if (!found.isEmpty()) {
                failures.add(place + ": " + found);
            }
        });
        int held = places.size() - failures.size();
        String outcome = held + "/" + places.size() + " places free of the token, passphrase and key ("
                + secrets.forms() + " forms searched): command output with --debug stack traces, the log, the index and"
                + " every other file, the emulator's request log, and every dos web route, asset, job, event and error"
                + (failures.isEmpty() ? "" : "; found in: " + failures);
        Reliability.record("secret-no-leak", "secrets", "commands with --debug, failing on purpose, and every dos web"
                + " response searched for the secrets", places.size(), held, outcome,
                Reliability.mvnTest("app", "SecretsLeakTest#theTokenPassphraseAndKeyAppearNowhere"));
        System.out.println("secret-no-leak: " + outcome);
        System.out.println("  places: " + places.keySet());
        assertThat(failures).isEmpty();
    }

    private EmulatedDiscord.Run run(Map<String, String> places, String name, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE));
        env.putAll(extraEnv);
        EmulatedDiscord.Run run = discord.dos(env, new ByteArrayInputStream(new byte[0]), args);
        places.put("dos " + name + " (exit " + run.code() + ")", run.all());
        return run;
    }

    /** Every file under the config and data folders; the config file may hold the token and the key file its key, nothing else. */
    private void files(Map<String, String> places, SecretScan secrets) throws IOException {
        SecretScan notToken = new SecretScan().text("the passphrase", EmulatedDiscord.PASSPHRASE)
                .key("the key", discord.configDir().resolve("key"), EmulatedDiscord.PASSPHRASE);
        SecretScan notKey = new SecretScan().text("the bot token", botToken)
                .text("the passphrase", EmulatedDiscord.PASSPHRASE);
        for (Path root : List.of(discord.configDir(), discord.dataDir())) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    String name = p.getFileName().toString();
                    String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    String place = "file " + home.relativize(p);
                    if (name.equals("config.properties")) {
                        places.put(place + " (token allowed)", String.join(",", notToken.find(text)).isEmpty() ? "" : text);
                    } else if (name.equals("key") || name.startsWith("key.replaced-")) {
                        // The key file is the sealed key: its wrapped key and salt belong there, the master key never.
                        places.put(place + " (sealed key allowed)", notKey.find(text).isEmpty()
                                && !text.contains(java.util.HexFormat.of().formatHex(masterKey())) ? "" : text);
                    } else {
                        places.put(place, text);
                    }
                }
            }
        }
    }

    private byte[] masterKey() throws IOException {
        return SecretScan.masterKeyBytes(dev.dos.core.crypto.KeyFile.read(discord.configDir().resolve("key"))
                .unlock(EmulatedDiscord.PASSPHRASE.toCharArray()));
    }

    /** Every GET route of the API, the dashboard's assets, job records, events and error answers. */
    private void dashboard(RunningWeb web, String batch, Map<String, String> places) throws Exception {
        long job = web.postJob("/api/jobs/verify", Map.of("batch_id", batch, "deep", true));
        web.await(job);
        JsonNode openapi = JSON.readTree(web.get("/api/openapi.json").body());
        for (var it = openapi.get("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            if (!openapi.get("paths").get(template).has("get")) {
                continue;
            }
            String path = template.replace("/api/batches/{id}", "/api/batches/" + batch).replace("{id}", Long.toString(job));
            if (path.endsWith("/files")) {
                path += "?path=src/notes.txt";
            }
            places.put("dos web: GET " + template, web.get(path).body());
        }
        for (String asset : List.of("/", "/index.html", "/app.js", "/api.js", "/batches.js", "/chart.js", "/jobs.js",
                "/tree.js", "/upload.js", "/util.js", "/style.css", "/favicon.svg")) {
            places.put("dos web: asset " + asset, web.get(asset).body());
        }
        places.put("dos web: 404", web.get("/api/nothing-here").body());
        places.put("dos web: 400", web.send(web.authed("/api/jobs/upload").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{"))).body());
        places.put("dos web: 401", HTTP.send(HttpRequest.newBuilder(URI.create(web.url + "/api/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        places.put("dos web: 404 batch", web.get("/api/batches/ffffffffffffffffffffffffffffffff").body());
    }

    /** {@code dos web --json --port 0} running in-process on a thread, as a user would start it. */
    static final class RunningWeb implements AutoCloseable {
        final Thread thread;
        final ByteArrayOutputStream out;
        final String url;
        final String token;

        private RunningWeb(Thread thread, ByteArrayOutputStream out, String url, String token) {
            this.thread = thread;
            this.out = out;
            this.url = url;
            this.token = token;
        }

        static RunningWeb start(EmulatedDiscord discord) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, String> env = Map.of("HOME", discord.home.toString(), "DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE);
            CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env);
            Thread thread = new Thread(() -> Main.run(context, "--debug", "web", "--json", "--port", "0"), "dos-web");
            thread.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!out.toString(StandardCharsets.UTF_8).contains("\"token\"")) {
                if (!thread.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("dos web did not start: " + out.toString(StandardCharsets.UTF_8));
                }
                Thread.sleep(20);
            }
            JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("\"token\"")).findFirst().orElseThrow());
            return new RunningWeb(thread, out, line.get("url").asText(), line.get("token").asText());
        }

        HttpRequest.Builder authed(String path) {
            return HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(60));
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(authed(path).GET());
        }

        long postJob(String path, Object body) throws Exception {
            HttpResponse<String> r = send(authed(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            return JSON.readTree(r.body()).get("job_id").asLong();
        }

        /** The job record once it ended (the event stream ends with the job). */
        String await(long id) throws Exception {
            get("/api/jobs/" + id + "/events");
            return get("/api/jobs/" + id).body();
        }

        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
        }
    }
}
