package dev.dos.app.web;

import static dev.dos.app.web.WebFixture.json;
import static dev.dos.app.web.WebFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access token exchanged for an HttpOnly, SameSite cookie, and what the cookie may and may not do. */
class WebSessionTest {
    @TempDir
    static Path home;
    static WebFixture web;

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture(home, List.of());
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void theTokenBuysAnHttpOnlySameSiteStrictCookieThatAuthenticatesUntilDeleted() throws Exception {
        HttpResponse<String> created = send(web.authed("/api/session").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, created.statusCode(), created.body());
        String setCookie = created.headers().firstValue("Set-Cookie").orElseThrow();
        List<String> attributes = List.of(setCookie.split(";\\s*"));
        assertTrue(attributes.getFirst().startsWith("dos_session="), setCookie);
        String value = attributes.getFirst().substring("dos_session=".length());
        assertTrue(value.length() >= 40, setCookie);
        assertFalse(setCookie.contains(web.token.value()), "the cookie must not be the token itself");
        List<String> lower = attributes.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        assertTrue(lower.contains("httponly"), setCookie);
        assertTrue(lower.contains("samesite=strict"), setCookie);
        assertTrue(lower.contains("path=/api"), setCookie);

        HttpResponse<String> stats = send(web.anonymous("/api/stats").header("Cookie", "dos_session=" + value).GET());
        assertEquals(200, stats.statusCode(), stats.body());
        HttpResponse<String> sameOrigin = send(web.anonymous("/api/stats").header("Cookie", "dos_session=" + value)
                .header("Origin", web.server.url()).header("Sec-Fetch-Site", "same-origin").GET());
        assertEquals(200, sameOrigin.statusCode(), sameOrigin.body());

        HttpResponse<String> deleted = send(web.anonymous("/api/session").header("Cookie", "dos_session=" + value).DELETE());
        assertEquals(204, deleted.statusCode(), deleted.body());
        String cleared = deleted.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cleared.startsWith("dos_session=;"), cleared);
        assertTrue(cleared.toLowerCase(Locale.ROOT).contains("max-age=0"), cleared);
    }

    @Test
    void requestsWithNeitherTokenNorCookieGet401() throws Exception {
        for (String path : List.of("/api/stats", "/api/stats/history", "/api/batches", "/api/jobs", "/api/session")) {
            HttpResponse<String> r = send(web.anonymous(path).GET());
            assertEquals(401, r.statusCode(), path);
            assertEquals("unauthorized", json(r).get("code").asText(), path);
        }
        HttpResponse<String> post = send(web.anonymous("/api/jobs/sync").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(401, post.statusCode());
        HttpResponse<String> forged = send(web.anonymous("/api/stats").header("Cookie", "dos_session=" + web.token.value()).GET());
        assertEquals(401, forged.statusCode(), "the token is not a cookie value");
        HttpResponse<String> noSession = send(web.anonymous("/api/session").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, noSession.statusCode());
        assertTrue(noSession.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void aCookieCannotMakeAnotherSessionOnlyTheTokenCan() throws Exception {
        String cookie = cookie();
        HttpResponse<String> r = send(web.anonymous("/api/session").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, r.statusCode(), r.body());
    }

    @Test
    void foreignOriginsAndOtherSitesAreRefusedEvenWithTheCookie() throws Exception {
        String cookie = cookie();
        HttpResponse<String> foreign = send(web.anonymous("/api/stats").header("Cookie", cookie)
                .header("Origin", "http://evil.example").GET());
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertEquals("forbidden_origin", json(foreign).get("code").asText());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> otherPort = send(web.anonymous("/api/jobs/backup").header("Cookie", cookie)
                .header("Sec-Fetch-Site", "same-site").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(403, otherPort.statusCode(), otherPort.body());
        HttpResponse<String> crossSite = send(web.anonymous("/api/stats").header("Cookie", cookie)
                .header("Sec-Fetch-Site", "cross-site").GET());
        assertEquals(403, crossSite.statusCode(), crossSite.body());
    }

    @Test
    void theOpenApiDocumentNeedsNoToken() throws Exception {
        HttpResponse<String> r = send(web.anonymous(OpenApiResource.PATH).GET());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("3.1.0", json(r).get("openapi").asText());
        assertFalse(r.body().contains(web.token.value()));
    }

    private static String cookie() throws Exception {
        HttpResponse<String> created = send(web.authed("/api/session").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, created.statusCode());
        return created.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }
}
