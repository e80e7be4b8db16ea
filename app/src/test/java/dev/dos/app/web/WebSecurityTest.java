package dev.dos.app.web;

import static dev.dos.app.web.WebFixture.JSON;
import static dev.dos.app.web.WebFixture.json;
import static dev.dos.app.web.WebFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.app.jobs.JobState;
import dev.dos.app.jobs.JobStore;
import dev.dos.app.jobs.SqliteJobStore;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.testing.Reliability;
import dev.dos.testkit.FakeClock;
import dev.dos.testkit.Multipart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web API under attack, route by route as the OpenAPI document lists them: no credentials,
 * the token in the query string, wrong bearer tokens, foreign origins and cross-site cookie
 * requests, and path traversal in every parameter that names a path or an id. Every refused
 * request must also leave nothing done: no job, no batch changed, nothing written outside.
 */
@Tag(Reliability.TAG)
class WebSecurityTest {
    private static final String AREA = "web";

    @TempDir
    static Path home;
    static WebFixture web;
    /** A second server over the same store, restricted to {@link #allowed} (DOS_WEB_ROOTS). */
    static WebServer rooted;
    static Path allowed;
    static Path outside;
    static String batchId;
    static String entry;
    static long jobId;
    static List<Route> routes;

    record Route(String method, String template, boolean isPublic) {
        boolean changesState() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        allowed = Files.createDirectories(home.resolve("allowed"));
        outside = Files.createDirectories(home.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not for the web");
        web = new WebFixture(home, List.of());
        rooted = web.start(web.session.repository(), List.of(allowed));
        Path tree = web.tree("served");
        JsonNode job = web.upload(tree);
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        batchId = job.get("batch_id").asText();
        jobId = job.get("job_id").asLong();
        entry = "served/notes.txt";
        routes = openApiRoutes();
        assertThat(routes).as("the OpenAPI document lists the routes").hasSizeGreaterThan(15);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    /** Every method of every path of the OpenAPI document; public ones have {@code security: []}. */
    private static List<Route> openApiRoutes() throws Exception {
        HttpResponse<String> doc = send(web.anonymous(OpenApiResource.PATH).GET());
        assertThat(doc.statusCode()).isEqualTo(200);
        List<Route> out = new ArrayList<>();
        JsonNode paths = json(doc).get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    JsonNode security = op.getValue().get("security");
                    boolean isPublic = security != null && security.isArray() && security.isEmpty();
                    out.add(new Route(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), isPublic));
                }
            }
        }
        return out;
    }

    /** The route with real ids and the parameters a valid call needs, so a missing guard would make it act. */
    private static String concrete(Route r) {
        String path = r.template().replace("/api/batches/{id}", "/api/batches/" + batchId)
                .replace("/api/jobs/{id}", "/api/jobs/" + jobId);
        return path.endsWith("/files") ? path + "?path=" + entry : path;
    }

    private static HttpRequest.BodyPublisher body(Route r) throws IOException {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(bodyOf(r)));
    }

    private static HttpRequest.Builder request(WebServer on, Route r, String pathAndQuery, UnaryOperator<HttpRequest.Builder> auth)
            throws IOException {
        HttpRequest.Builder b = auth.apply(HttpRequest.newBuilder(URI.create(on.url() + pathAndQuery))
                .timeout(Duration.ofSeconds(60)));
        return r.changesState() ? b.method(r.method(), body(r)).header("Content-Type", "application/json")
                : b.method(r.method(), HttpRequest.BodyPublishers.noBody());
    }

    /** What a refused request must not change: jobs, batches (and their states), files outside the store. */
    private static String state() throws IOException {
        var metadata = web.session.repository().metadata();
        StringBuilder s = new StringBuilder();
        s.append("jobs=").append(jobs().listJobs(EnumSet.allOf(JobState.class), 100_000).size());
        metadata.listBatches(BatchQuery.all().page(0, 1000)).items()
                .forEach(b -> s.append(' ').append(b.id(), 0, 8).append('=').append(b.state()));
        try (Stream<Path> walk = Files.walk(home)) {
            walk.filter(p -> !p.startsWith(home.resolve(".local")) && !p.startsWith(home.resolve(".config")))
                    .forEach(p -> s.append('\n').append(home.relativize(p)));
        }
        return s.toString();
    }

    /** Counts trials and what failed; records the case, then asserts. */
    private static final class Tally {
        int trials;
        int held;
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final List<String> failures = new ArrayList<>();

        void check(String what, HttpResponse<String> r, List<Integer> allowedStatuses, String code) {
            check(what, r.statusCode(), r.body(), allowedStatuses, code);
        }

        void check(String what, int status, String body, List<Integer> allowedStatuses, String code) {
            trials++;
            statuses.merge(status, 1, Integer::sum);
            String problem = null;
            if (!allowedStatuses.contains(status)) {
                problem = "status " + status;
            } else if (code != null && !jsonCode(body).equals(code)) {
                problem = "code " + jsonCode(body) + " instead of " + code;
            } else if (body.contains("not for the web")) {
                problem = "served a file from outside";
            }
            if (problem == null) {
                held++;
            } else {
                failures.add(what + ": " + problem + " " + body);
            }
        }

        /** One trial that held when {@code ok}. */
        void expect(String what, boolean ok, String seen) {
            trials++;
            if (ok) {
                held++;
            } else {
                failures.add(what + ": " + seen);
            }
        }

        void finish(String id, String attack, String method, String stateBefore) throws IOException {
            String after = state();
            boolean unchanged = stateBefore.equals(after);
            if (!unchanged) {
                failures.add("something was done: before " + stateBefore + " / after " + after);
            }
            String outcome = held + "/" + trials + " requests refused (statuses " + statuses + ")"
                    + (unchanged ? "; no job started, no batch changed, nothing written outside" : "; STATE CHANGED");
            Reliability.record(id, AREA, attack, trials, unchanged ? held : 0, outcome,
                    Reliability.mvnTest("app", "WebSecurityTest#" + method));
            System.out.println(id + ": " + outcome);
            failures.forEach(f -> System.out.println("  FAILED " + f));
            assertThat(failures).as(id).isEmpty();
        }
    }

    private static String jsonCode(String body) {
        try {
            JsonNode code = JSON.readTree(body).get("code");
            return code == null ? "(none)" : code.asText();
        } catch (IOException e) {
            return "(not JSON)";
        }
    }

    // ---- the cases ----

    @Test
    void everyRouteWithoutCredentialsIs401() throws Exception {
        String before = state();
        Tally t = new Tally();
        int publicRoutes = 0;
        for (Route r : routes) {
            HttpResponse<String> resp = send(request(web.server, r, concrete(r), b -> b));
            if (r.isPublic()) {
                publicRoutes++;
                assertThat(resp.statusCode()).as(r + " is public").isEqualTo(200);
                continue;
            }
            t.check(r.toString(), resp, List.of(401), "unauthorized");
        }
        assertThat(publicRoutes).as("only the OpenAPI document is public").isEqualTo(1);
        t.finish("web-no-token", "every route of the OpenAPI document, every method, without token or cookie",
                "everyRouteWithoutCredentialsIs401", before);
    }

    @Test
    void theTokenInTheQueryStringIsNeverAccepted() throws Exception {
        String before = state();
        Tally t = new Tally();
        String token = web.token.value();
        for (Route r : routes) {
            if (r.isPublic()) {
                continue;
            }
            for (String name : List.of("token", "access_token", "accessToken", "auth", "authorization", "bearer",
                    "api_key", "key", "session", "dos_session")) {
                String path = concrete(r);
                String withToken = path + (path.contains("?") ? "&" : "?") + name + "=" + token;
                t.check(r + " ?" + name, send(request(web.server, r, withToken, b -> b)), List.of(401), "unauthorized");
            }
        }
        t.finish("web-query-token", "the access token as ?token=, ?access_token= and 8 other names on every route",
                "theTokenInTheQueryStringIsNeverAccepted", before);
    }

    @Test
    void wrongEmptyAndTruncatedBearerTokensAre401() throws Exception {
        String before = state();
        Tally t = new Tally();
        String token = web.token.value();
        char last = token.charAt(token.length() - 1);
        List<String> headers = List.of("Bearer ", "Bearer", "Bearer  ", "Bearer x",
                "Bearer " + token.substring(0, token.length() - 1),
                "Bearer " + token.substring(0, token.length() / 2),
                "Bearer " + token.substring(0, 1),
                "Bearer " + token + "x",
                "Bearer " + token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'),
                "Bearer " + swapCase(token),
                "Basic " + token,
                "Token " + token,
                token,
                "Bearer " + java.util.Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        for (Route r : routes) {
            if (r.isPublic()) {
                continue;
            }
            // The real token first, on the connection the wrong ones then use: a server that caches
            // header values must not match a look-alike against it (Jetty did, ignoring case).
            assertThat(send(web.authed("/api/stats").GET()).statusCode()).isEqualTo(200);
            for (String header : headers) {
                t.check(r + " Authorization: " + header, send(request(web.server, r, concrete(r),
                        b -> b.header("Authorization", header))), List.of(401), "unauthorized");
            }
        }
        // Random guesses of the token's length and alphabet (more under the soak profile).
        java.util.Random random = new java.util.Random(token.hashCode());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < Reliability.trials(20); i++) {
            StringBuilder guess = new StringBuilder();
            for (int c = 0; c < token.length(); c++) {
                guess.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            t.check("random guess " + i, send(web.anonymous("/api/stats").header("Authorization", "Bearer " + guess).GET()),
                    List.of(401), "unauthorized");
        }
        String cookie = cookie();
        String value = cookie.substring(cookie.indexOf('=') + 1);
        for (String variant : List.of(swapCase(value), value.substring(0, value.length() - 1), value + "x", "", token)) {
            assertThat(send(web.anonymous("/api/stats").header("Cookie", cookie).GET()).statusCode()).isEqualTo(200);
            t.check("cookie variant of " + variant.length() + " chars", send(web.anonymous("/api/stats")
                    .header("Cookie", "dos_session=" + variant).GET()), List.of(401), "unauthorized");
        }
        t.finish("web-bad-token", "wrong, empty, truncated, extended, one-character-off, case-swapped and"
                + " re-encoded bearer tokens on every route (each after a request with the real one), and look-alike"
                + " session cookies and random guesses", "wrongEmptyAndTruncatedBearerTokensAre401", before);
    }

    @Test
    void foreignOriginsAndCrossSiteCookieRequestsAreRefusedOnEveryStateChangingRoute() throws Exception {
        String cookie = cookie();
        String before = state();
        Tally t = new Tally();
        String bearer = "Bearer " + web.token.value();
        int otherPort = URI.create(rooted.url()).getPort();
        for (Route r : routes) {
            if (!r.changesState() || r.isPublic()) {
                continue;
            }
            for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:" + otherPort,
                    "http://localhost:" + URI.create(web.server.url()).getPort(), "https://127.0.0.1:"
                            + URI.create(web.server.url()).getPort())) {
                t.check(r + " Origin " + origin + " (bearer)", send(request(web.server, r, concrete(r),
                        b -> b.header("Authorization", bearer).header("Origin", origin))), List.of(403), "forbidden_origin");
                t.check(r + " Origin " + origin + " (cookie)", send(request(web.server, r, concrete(r),
                        b -> b.header("Cookie", cookie).header("Origin", origin))), List.of(403), "forbidden_origin");
            }
            for (String site : List.of("cross-site", "same-site")) {
                t.check(r + " Sec-Fetch-Site " + site, send(request(web.server, r, concrete(r),
                        b -> b.header("Cookie", cookie).header("Sec-Fetch-Site", site))), List.of(403), "forbidden_origin");
            }
        }
        t.finish("web-foreign-origin", "every POST/DELETE route from 5 foreign origins (bearer and cookie) and as a"
                + " cross-site or same-site cookie request", "foreignOriginsAndCrossSiteCookieRequestsAreRefusedOnEveryStateChangingRoute",
                before);
    }

    @Test
    void pathTraversalInEveryPathOrIdParameterIsRefused() throws Exception {
        String before = state();
        Tally t = new Tally();
        List<Integer> refused = List.of(400, 403, 404);
        String a = allowed.toString();
        // files?path= : entry paths inside the batch
        for (String q : List.of("../../../../etc/passwd", "..%2F..%2Foutside%2Fsecret.txt", "/etc/passwd",
                "%2Fetc%2Fpasswd", "served/../../outside/secret.txt", "served/..%2F..%2Foutside", "..%5C..%5Cetc%5Cpasswd",
                "served%00notes.txt", "%c0%ae%c0%ae%c0%afetc%c0%afpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "..", "served/..", "%252e%252e%252fetc")) {
            t.check("files?path=" + q, send(web.authed("/api/batches/" + batchId + "/files?path=" + q).GET()), refused, null);
        }
        // ids in the URL path
        for (String id : List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%5C..%5Cetc", "%00", "%c0%ae%c0%ae",
                batchId + "%2F..%2F..")) {
            for (String suffix : List.of("", "/files?path=" + entry, "/archive")) {
                t.check("batches/" + id + suffix, send(web.authed("/api/batches/" + id + suffix).GET()), refused, null);
            }
            t.check("DELETE batches/" + id, send(web.authed("/api/batches/" + id).DELETE()), refused, null);
            t.check("jobs/" + id, send(web.authed("/api/jobs/" + id).GET()), refused, null);
            t.check("jobs/" + id + "/events", send(web.authed("/api/jobs/" + id + "/events").GET()), refused, null);
        }
        // batch ids in JSON bodies
        for (String id : List.of("../../etc/passwd", "..", "%2e%2e", batchId + "/..", "/" + batchId, batchId + "\u0000")) {
            for (String route : List.of("/api/jobs/verify", "/api/jobs/resume")) {
                t.check(route + " batch_id " + id, postJson(web.server, route, Map.of("batch_id", id)), refused, null);
            }
            t.check("download batch_id " + id, postJson(web.server, "/api/jobs/download", Map.of("batch_id", id,
                    "destination", allowed.resolve("restored").toString())), refused, null);
        }
        // download destinations and upload sources on the server restricted to 'allowed'
        for (String path : List.of(a + "/../outside/restored", a + "/sub/../../outside/restored", a + "/./../outside",
                outside.resolve("restored").toString(), "../outside/restored", "outside/restored", "",
                a + "\\..\\outside\\restored", a + "/x\u0000/../../outside", "/", "/etc")) {
            t.check("destination " + path, postJson(rooted, "/api/jobs/download", Map.of("batch_id", batchId,
                    "destination", path)), refused, null);
        }
        for (String path : List.of(a + "/../outside/secret.txt", outside.resolve("secret.txt").toString(),
                "../outside/secret.txt", a + "\\..\\outside\\secret.txt", a + "/x\u0000/../../outside", "/etc/passwd", "/")) {
            t.check("upload source " + path, postJson(rooted, "/api/jobs/upload", Map.of("paths", List.of(path))), refused, null);
        }
        // overlong UTF-8 for "../" as raw bytes in the JSON body
        byte[] overlong = ("{\"batch_id\":\"" + batchId + "\",\"destination\":\"" + a + "/").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "outside/restored\"}".getBytes(StandardCharsets.UTF_8);
        byte[] dots = {(byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xaf};
        byte[] raw = new byte[overlong.length + dots.length + tail.length];
        System.arraycopy(overlong, 0, raw, 0, overlong.length);
        System.arraycopy(dots, 0, raw, overlong.length, dots.length);
        System.arraycopy(tail, 0, raw, overlong.length + dots.length, tail.length);
        HttpResponse<String> overlongResponse = send(authedOn(rooted, "/api/jobs/download")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(raw)));
        if (overlongResponse.statusCode() == 202) {
            // Decoded as replacement characters: a folder of that odd name inside the root, not '..'.
            long id = json(overlongResponse).get("job_id").asLong();
            JsonNode job = web.waitForEnd(id);
            t.trials++;
            if (job.get("message").asText().contains(a + "/\ufffd")) {
                t.held++;
            } else {
                t.failures.add("overlong UTF-8 destination: " + job);
            }
            // Put things back as they were, so the check that nothing else happened stays exact.
            try (Stream<Path> made = Files.walk(allowed)) {
                made.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(allowed)).forEach(p -> p.toFile().delete());
            }
            jobs().deleteJob(id);
        } else {
            t.check("destination with overlong UTF-8 '../'", overlongResponse, refused, null);
        }
        // browser uploads: the relative path of each multipart file part
        for (String name : List.of("../evil.txt", "../../evil.txt", "/tmp/evil.txt", "a/../../evil.txt", "..\\evil.txt",
                "a\u0000/evil.txt", "./evil.txt", "a//evil.txt", "..", ".", "")) {
            Multipart body = new Multipart().file("files", name, "evil");
            t.check("multipart file name " + name, send(web.authed("/api/jobs/upload").header("Content-Type", body.contentType())
                    .POST(body.publisher())), List.of(400), "bad_request");
        }
        try (Stream<Path> walk = Files.walk(home)) {
            assertThat(walk.filter(p -> p.getFileName().toString().contains("evil")).toList())
                    .as("no file of a refused upload anywhere").isEmpty();
        }
        assertThat(Files.exists(outside.resolve("restored"))).isFalse();
        t.finish("web-path-traversal", "'..', absolute, %-encoded, backslash, NUL and overlong-UTF-8 paths in files?path=,"
                + " URL ids, JSON batch ids, download destinations, upload sources and multipart file names",
                "pathTraversalInEveryPathOrIdParameterIsRefused", before);
    }

    // ---- issue 13, section 4: the web server's security review ----

    @Test
    void foreignHostHeadersGet421OnEveryRouteFileAndStream() throws Exception {
        String cookie = cookie();
        String before = state();
        Tally t = new Tally();
        String url = web.server.url();
        int port = URI.create(url).getPort();
        int otherPort = URI.create(rooted.url()).getPort();
        // A DNS rebinding page's own name (with and without port), names around ours, our names
        // without the port or with another one, and other loopback or numeric spellings.
        List<String> hosts = List.of("evil.example:" + port, "evil.example", "127.0.0.1", "localhost", "[::1]",
                "127.0.0.1:" + otherPort, "localhost:" + otherPort, "localhost.:" + port, "127.0.0.2:" + port,
                "0.0.0.0:" + port, "[::2]:" + port, "127.0.0.1.evil.example:" + port, "localhost.evil.example:" + port,
                "sub.localhost:" + port, "2130706433:" + port, "127.1:" + port, "0x7f000001:" + port,
                "127.000.000.001:" + port, "127.0.0.1:0" + port, "");
        List<String[]> targets = new ArrayList<>();
        for (Route r : routes) {
            targets.add(new String[] {r.method(), concrete(r), r.changesState() ? JSON.writeValueAsString(bodyOf(r)) : null});
        }
        for (String file : List.of("/", "/index.html", "/app.js", "/api.js", "/style.css", "/favicon.svg",
                "/no-such-file", "/api/no-such-endpoint", "/api/jobs/" + jobId + "/events")) {
            targets.add(new String[] {"GET", file, null});
        }
        for (String host : hosts) {
            for (String[] target : targets) {
                for (String credential : List.of("Authorization: Bearer " + web.token.value(), "Cookie: " + cookie)) {
                    RawHttp.Response r = target[2] == null
                            ? RawHttp.send(url, target[0], target[1], host, null, credential)
                            : RawHttp.send(url, target[0], target[1], host, target[2], credential,
                                    "Content-Type: application/json");
                    t.check(target[0] + " " + target[1] + " Host: " + host + " (" + credential.split(":")[0] + ")",
                            r.status(), r.body(), List.of(421), "misdirected_request");
                }
            }
        }
        // Requests the HTTP layer refuses before any handler sees them (no browser sends these): a
        // malformed Host, none, or an absolute request target naming another host than Host does.
        for (String[] target : targets) {
            String credential = "Authorization: Bearer " + web.token.value();
            List<String[]> malformed = List.of(new String[] {target[1], "127.0.0.1:" + port + ".evil.example"},
                    new String[] {target[1], "evil.example:x"}, new String[] {target[1], null},
                    new String[] {"http://evil.example:" + port + target[1], "127.0.0.1:" + port},
                    new String[] {"http://127.0.0.1:" + port + target[1], "evil.example:" + port});
            for (String[] m : malformed) {
                RawHttp.Response r = target[2] == null ? RawHttp.send(url, target[0], m[0], m[1], null, credential)
                        : RawHttp.send(url, target[0], m[0], m[1], target[2], credential, "Content-Type: application/json");
                t.check(target[0] + " " + m[0] + " Host: " + m[1], r.status(), r.body(), List.of(400), "bad_request");
            }
        }
        // What the server does answer: our names with our port (a browser's Host for the dashboard link).
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port)) {
            assertThat(RawHttp.send(url, "GET", "/", host, null).status()).as(host).isEqualTo(200);
            assertThat(RawHttp.send(url, "GET", OpenApiResource.PATH, host, null).status()).as(host).isEqualTo(200);
            assertThat(RawHttp.send(url, "GET", "/api/stats", host, null, "Authorization: Bearer " + web.token.value())
                    .status()).as(host).isEqualTo(200);
        }
        t.finish("web-dns-rebinding", "DNS rebinding: " + hosts.size() + " foreign or mis-spelled Host headers (the"
                + " attacker's name, ours without or with another port, other loopback spellings) on every route of"
                + " the OpenAPI document, the dashboard files, unknown paths and the event stream, with the bearer"
                + " token and with the cookie (421); malformed, missing and contradicting Hosts (400)",
                "foreignHostHeadersGet421OnEveryRouteFileAndStream", before);
    }

    @Test
    void theConfigAndDataFoldersAreRefusedEvenInsideTheRootsAndThroughSymlinks() throws Exception {
        // As 'dos web' runs without DOS_WEB_ROOTS: the home folder, which holds both folders.
        WebServer homeRooted = web.start(web.session.repository(), List.of(home));
        Path config = web.configDir;
        Path data = web.dataDir;
        Path sandbox = data.resolve("sandbox");
        Path links = Files.createDirectories(home.resolve("links"));
        Path toConfig = symlink(links.resolve("to-config"), config);
        Path toData = symlink(links.resolve("to-data"), data);
        Path toToken = symlink(links.resolve("to-token"), config.resolve(AccessToken.FILE_NAME));
        Path toKey = symlink(links.resolve("to-key"), sandbox.resolve("key"));
        Path toHome = symlink(links.resolve("to-home"), home);
        String before = state();
        Tally t = new Tally();
        List<Path> sources = List.of(config, config.resolve(AccessToken.FILE_NAME), data, sandbox,
                sandbox.resolve("key"), sandbox.resolve("metadata.db"), sandbox.resolve("web-staging"),
                sandbox.resolve("backups"), sandbox.resolve("emulator"), home, home.resolve(".config"),
                home.resolve(".local"), home.resolve(".local/share"), Path.of("/"), toConfig, toConfig.resolve(AccessToken.FILE_NAME),
                toData, toData.resolve("sandbox/key"), toToken, toKey, toHome, toHome.resolve(".config/dos"));
        List<Path> destinations = List.of(config, config.resolve("restored"), data, sandbox, sandbox.resolve("restored"),
                sandbox.resolve("web-staging"), sandbox.resolve("web-staging/new"), sandbox.resolve("backups"), home,
                home.resolve(".config"), home.resolve(".local/share"), Path.of("/"), toConfig, toConfig.resolve("new"),
                toData.resolve("sandbox/new"), toHome, toHome.resolve(".config/dos/new"));
        for (WebServer on : List.of(web.server, homeRooted)) {
            String which = on == web.server ? " (no roots)" : " (roots: home)";
            for (Path source : sources) {
                t.check("upload source " + source + which, postJson(on, "/api/jobs/upload",
                        Map.of("paths", List.of(source.toString()))), List.of(403), "forbidden_path");
            }
            for (Path destination : destinations) {
                t.check("destination " + destination + which, postJson(on, "/api/jobs/download",
                        Map.of("batch_id", batchId, "destination", destination.toString())), List.of(403), "forbidden_path");
            }
        }
        t.finish("web-config-dir-as-source", "dos's config folder (key, bot and access tokens) and data folder (index,"
                + " key, backups, staging) and files in them, folders holding them (home, /) and symlinks to all of"
                + " them as upload sources and restore destinations, on a server without roots and on one rooted at"
                + " the home folder that holds them", "theConfigAndDataFoldersAreRefusedEvenInsideTheRootsAndThroughSymlinks",
                before);
        // Control: the home-rooted server takes a folder of the home that holds neither.
        HttpResponse<String> ok = postJson(homeRooted, "/api/jobs/upload",
                Map.of("paths", List.of(home.resolve("src/served").toString())));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        waitForAllJobs();
    }

    @Test
    void pathsOutsideTheRootsGetTheSameAnswerWhetherTheyExistOrNot() throws Exception {
        Path broken = outside.resolve("broken-link");
        if (!Files.exists(broken, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(broken, outside.resolve("nowhere"));
        }
        String before = state();
        Tally t = new Tally();
        // Pairs: something there (file, folder, file as a parent, broken symlink) and nothing there.
        List<Path[]> pairs = List.of(
                new Path[] {outside.resolve("secret.txt"), outside.resolve("no-secret.txt")},
                new Path[] {outside, home.resolve("no-such-folder")},
                new Path[] {outside.resolve("secret.txt/below"), outside.resolve("nothing/below")},
                new Path[] {broken, outside.resolve("no-link")},
                new Path[] {broken.resolve("below"), outside.resolve("no-link/below")},
                new Path[] {Path.of("/etc/passwd"), Path.of("/etc/no-such-file-here")},
                new Path[] {Path.of("/etc"), Path.of("/no-such-folder-here")});
        for (Path[] pair : pairs) {
            List<String> uploads = new ArrayList<>();
            List<String> restores = new ArrayList<>();
            for (Path path : pair) {
                HttpResponse<String> upload = postJson(rooted, "/api/jobs/upload", Map.of("paths", List.of(path.toString())));
                t.check("upload source " + path, upload, List.of(403), "forbidden_path");
                uploads.add(upload.statusCode() + " " + upload.body().replace(path.toString(), "<path>"));
                HttpResponse<String> restore = postJson(rooted, "/api/jobs/download",
                        Map.of("batch_id", batchId, "destination", path.toString()));
                t.check("destination " + path, restore, List.of(403), "forbidden_path");
                restores.add(restore.statusCode() + " " + restore.body().replace(path.toString(), "<path>"));
            }
            t.expect("upload answers for " + pair[0] + " and " + pair[1] + " alike", uploads.get(0).equals(uploads.get(1)),
                    uploads.toString());
            t.expect("restore answers for " + pair[0] + " and " + pair[1] + " alike", restores.get(0).equals(restores.get(1)),
                    restores.toString());
        }
        t.finish("web-root-probe", "probing outside DOS_WEB_ROOTS: existing and missing files, folders, broken symlinks"
                + " and paths below them as upload sources and restore destinations; every answer the same 403"
                + " forbidden_path, word for word", "pathsOutsideTheRootsGetTheSameAnswerWhetherTheyExistOrNot", before);
    }

    @Test
    void jsonEndpointsRefuseEveryOtherContentType() throws Exception {
        String cookie = cookie();
        String before = state();
        Tally t = new Tally();
        List<String> types = new ArrayList<>(List.of("text/plain", "text/plain;charset=UTF-8",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "text/json", "application/jsonp",
                "application/json-seq", "application/ld+json", "application/x-json", "application/javascript",
                "application/octet-stream", "json", "application/json, text/plain", "*/*", ""));
        types.add(null); // no Content-Type at all
        for (Route r : routes) {
            if (!r.method().equals("POST") || !r.template().startsWith("/api/jobs/")) {
                continue;
            }
            for (String type : types) {
                if (type != null && type.startsWith("multipart/") && r.template().equals("/api/jobs/upload")) {
                    continue; // a browser upload: multipart is that route's other form
                }
                for (boolean withCookie : List.of(false, true)) {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.server.url() + concrete(r)))
                            .timeout(Duration.ofSeconds(60)).POST(body(r));
                    b = withCookie ? b.header("Cookie", cookie) : b.header("Authorization", "Bearer " + web.token.value());
                    if (type != null) {
                        b.header("Content-Type", type);
                    }
                    t.check(r + " Content-Type: " + type + (withCookie ? " (cookie)" : " (bearer)"), send(b),
                            List.of(415), "unsupported_media_type");
                }
            }
        }
        t.finish("web-json-content-type", "every JSON job route with a valid body sent as text/plain, a form, multipart,"
                + " look-alike JSON types, an empty or no Content-Type (bearer and cookie)",
                "jsonEndpointsRefuseEveryOtherContentType", before);
        // What is accepted: application/json with parameters, in any case; sync and backup without any body.
        for (String type : List.of("application/json; charset=utf-8", "Application/JSON", "application/json ;charset=UTF-8")) {
            HttpResponse<String> r = send(web.authed("/api/jobs/verify").header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("batch_id", batchId)))));
            assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(202);
        }
        HttpResponse<String> bare = send(web.authed("/api/jobs/sync").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(bare.statusCode()).as(bare.body()).isEqualTo(202);
        waitForAllJobs();
    }

    @Test
    void sessionCookiesExpireAfterADayAndWithTheServer() throws Exception {
        FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        WebServer timed = web.start(web.session.repository(), List.of(), clock);
        String before = state();
        Tally t = new Tally();
        HttpResponse<String> created = send(web.authed(timed, "/api/session").POST(HttpRequest.BodyPublishers.noBody()));
        String setCookie = created.headers().firstValue("Set-Cookie").orElseThrow();
        t.expect("Set-Cookie says Max-Age=86400", setCookie.contains("; Max-Age=86400;"), setCookie);
        t.expect("Set-Cookie keeps HttpOnly, SameSite=Strict, Path=/api", setCookie.contains("HttpOnly")
                && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/api"), setCookie);
        String cookie = setCookie.split(";")[0];
        String value = cookie.substring(cookie.indexOf('=') + 1);
        assertThat(statsWith(timed, cookie)).as("a fresh cookie works").isEqualTo(200);
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(statsWith(timed, cookie)).as("a cookie of 23:59:59 still works").isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        t.check("a cookie 24 h old", statsResponse(timed, cookie), List.of(401), "unauthorized");
        clock.advance(Duration.ofDays(30));
        t.check("a cookie 31 days old", statsResponse(timed, cookie), List.of(401), "unauthorized");
        // Forged issue times: the signature covers them.
        String issued = value.contains(".") ? value.substring(0, value.indexOf('.')) : "0";
        String mac = value.substring(value.indexOf('.') + 1);
        long now = clock.instant().getEpochSecond();
        for (String forged : List.of(now + "." + mac, (now - 60) + "." + mac, (Long.parseLong(issued) + 86_400 * 31) + "." + mac,
                "0" + issued + "." + mac, issued + ".", "." + mac, mac, issued)) {
            t.check("issue time forged as " + forged.split("\\.")[0], statsResponse(timed, "dos_session=" + forged),
                    List.of(401), "unauthorized");
        }
        // A new server (a restart) has a new secret: a cookie of the old one, minutes old, is refused.
        String fresh = send(web.authed(timed, "/api/session").POST(HttpRequest.BodyPublishers.noBody()))
                .headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(statsWith(timed, fresh)).isEqualTo(200);
        WebServer restarted = web.start(web.session.repository(), List.of(), clock);
        t.check("a fresh cookie after a restart", statsResponse(restarted, fresh), List.of(401), "unauthorized");
        t.check("a fresh cookie of another server with the same token", statsResponse(web.server, fresh),
                List.of(401), "unauthorized");
        // The cookie of the old scheme: an HMAC of a fixed label keyed with the token, valid forever.
        javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
        hmac.init(new javax.crypto.spec.SecretKeySpec(web.token.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String old = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac.doFinal("dos-web-session-v1".getBytes(StandardCharsets.UTF_8)));
        t.check("the token-derived cookie of the old scheme", statsResponse(timed, "dos_session=" + old),
                List.of(401), "unauthorized");
        t.finish("web-session-expiry", "session cookies 24 h and 31 days old (moved clock), with forged issue times,"
                + " after a server restart, from another server with the same token, and of the old token-derived"
                + " scheme", "sessionCookiesExpireAfterADayAndWithTheServer", before);
    }

    private static int statsWith(WebServer on, String cookie) throws Exception {
        return statsResponse(on, cookie).statusCode();
    }

    private static HttpResponse<String> statsResponse(WebServer on, String cookie) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(on.url() + "/api/stats")).header("Cookie", cookie)
                .timeout(Duration.ofSeconds(60)).GET());
    }

    private static Path symlink(Path link, Path target) throws IOException {
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, target);
        }
        return link;
    }

    private static Map<String, Object> bodyOf(Route r) {
        return switch (r.template()) {
            case "/api/jobs/upload" -> Map.of("paths", List.of(home.resolve("src/served").toString()));
            case "/api/jobs/verify", "/api/jobs/resume" -> Map.of("batch_id", batchId);
            case "/api/jobs/download" -> Map.of("batch_id", batchId, "destination", outside.resolve("restored").toString());
            default -> Map.of();
        };
    }

    /** The server's jobs, read from the file they share with the index. */
    private static JobStore jobs() {
        return SqliteJobStore.in(web.session.repository().metadata());
    }

    /** Waits until no job is queued or running, so the next case's "nothing changed" check is exact. */
    private static void waitForAllJobs() throws Exception {
        for (var job : jobs().listJobs(EnumSet.allOf(JobState.class), 100_000)) {
            if (!job.state().isFinal()) {
                web.waitForEnd(job.id());
            }
        }
    }

    private static String swapCase(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append((char) (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))));
        return out.toString();
    }

    private static HttpRequest.Builder authedOn(WebServer on, String path) {
        return web.authed(on, path);
    }

    private static HttpResponse<String> postJson(WebServer on, String path, Object body) throws Exception {
        return send(authedOn(on, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private static String cookie() throws Exception {
        HttpResponse<String> created = send(web.authed("/api/session").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).isEqualTo(204);
        return created.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }
}
