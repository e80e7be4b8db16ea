package dev.dos.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and docs/API.md describe exactly the routes the server registers. */
class WebOpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    static Path home;
    static WebFixture web;
    static JsonNode document;

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture(home, List.of());
        document = WebFixture.json(WebFixture.send(web.anonymous(OpenApiResource.PATH).GET()));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsRegistered() {
        Set<String> registered = web.server.routeTable();
        assertTrue(registered.contains("GET /api/stats"), registered.toString());
        assertEquals(registered, documentedRoutes());
    }

    @Test
    void everyOperationHasAnOperationIdAndJsonErrorsWithTheSharedSchema() {
        List<String> problems = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            if (!op.getValue().hasNonNull("operationId")) {
                problems.add(route + ": no operationId");
            }
            JsonNode responses = op.getValue().get("responses");
            if (responses == null || !responses.has("403")) {
                problems.add(route + ": no 403 response");
            }
            boolean isPublic = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            if (!isPublic && !responses.has("401")) {
                problems.add(route + ": no 401 response");
            }
        }));
        assertEquals(List.of(), problems);
        JsonNode schemes = document.at("/components/securitySchemes");
        assertEquals("bearer", schemes.at("/bearer/scheme").asText());
        assertEquals("cookie", schemes.at("/cookie/in").asText());
        assertEquals("dos_session", schemes.at("/cookie/name").asText());
        JsonNode codes = document.at("/components/schemas/Error/properties/code/enum");
        for (String code : List.of("bad_request", "unauthorized", "forbidden_origin", "forbidden_path", "not_found",
                "conflict", "internal")) {
            assertTrue(codes.toString().contains("\"" + code + "\""), code);
        }
    }

    @Test
    void docsApiMdNamesEveryRoute() throws Exception {
        String text = Files.readString(Path.of("..", "docs", "API.md"));
        List<String> missing = new ArrayList<>();
        for (String route : web.server.routeTable()) {
            if (!text.contains("`" + route)) {
                missing.add(route);
            }
        }
        assertEquals(List.of(), missing, "routes without a `METHOD /path` mention in docs/API.md");
    }

    /** The schemas name exactly the keys the server sends, so the document moves with the result model. */
    @Test
    void theSchemasNameExactlyTheKeysTheServerSends() throws Exception {
        JsonNode job = web.upload(web.tree("schema"));
        String batchId = job.get("batch_id").asText();
        JsonNode page = WebFixture.json(WebFixture.send(web.authed("/api/batches").GET()));
        JsonNode detail = WebFixture.json(WebFixture.send(web.authed("/api/batches/" + batchId).GET()));
        JsonNode stats = WebFixture.json(WebFixture.send(web.authed("/api/stats").GET()));
        JsonNode jobs = WebFixture.json(WebFixture.send(web.authed("/api/jobs").GET()));
        assertEquals(properties("Job"), names(job));
        assertEquals(properties("Upload"), names(job.get("result")));
        assertEquals(properties("Batch"), names(page.get("batches").get(0)));
        Set<String> full = new TreeSet<>(properties("Batch"));
        full.addAll(names(document.at("/components/schemas/BatchDetail/allOf/1/properties")));
        assertEquals(full, names(detail));
        assertEquals(properties("Entry"), names(detail.get("entries").get(0)));
        assertEquals(properties("Chunk"), names(detail.get("chunk_list").get(0)));
        assertEquals(properties("Stats"), names(stats));
        assertEquals(Set.of("jobs"), names(jobs));
        assertEquals(names(document.at("/paths/~1api~1batches/get/responses/200/content/application~1json/schema/properties")),
                names(page));
    }

    private static Set<String> properties(String schema) {
        return names(document.at("/components/schemas/" + schema + "/properties"));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> documentedRoutes() {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return out;
    }
}
