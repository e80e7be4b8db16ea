package dev.dos.emulator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.emulator.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator itself, on exchanges made by hand: it must catch what the suite relies on it to catch. */
class SpecValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OURS = SpecValidator.OUR_USER_AGENT + "0.1)";
    private static final Map<String, String> BUCKET = Map.of("X-RateLimit-Limit", "5", "X-RateLimit-Remaining", "4",
            "X-RateLimit-Reset", "1767225600.000", "X-RateLimit-Reset-After", "1.000", "X-RateLimit-Bucket", "abc",
            "Content-Type", "application/json", "Via", "1.1 google");
    private static final String USER = """
            {"id":"1","username":"bot","avatar":null,"discriminator":"0","public_flags":0,"flags":0,
             "global_name":null,"mfa_enabled":false,"locale":"en-US","bot":true}""";

    private final SpecValidator validator = new SpecValidator(m -> { });

    @Test
    void aCompleteCurrentUserConforms() {
        assertThat(validator.check(answer("GET", "/users/@me", "", 200, BUCKET, USER))).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        String withoutLocale = USER.replace(",\"locale\":\"en-US\"", "");
        assertThat(validator.check(answer("GET", "/users/@me", "", 200, BUCKET, withoutLocale)))
                .extracting(SpecMismatch::route, SpecMismatch::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET /users/@me", "/locale"));
    }

    @Test
    void theNamedRateLimitHeadersMustBeThere() {
        Map<String, String> headers = new HashMap<>(BUCKET);
        headers.remove("X-RateLimit-Bucket");
        assertThat(validator.check(answer("GET", "/users/@me", "", 200, headers, USER)))
                .extracting(SpecMismatch::field).containsExactly("X-RateLimit-Bucket");
    }

    @Test
    void aStatusTheRouteDoesNotListIsReported() {
        assertThat(validator.check(answer("GET", "/users/@me", "", 302, BUCKET, "")))
                .extracting(SpecMismatch::field).containsExactly("status");
    }

    @Test
    void a429FollowsDiscordsDocumentedRules() {
        Map<String, String> headers = new HashMap<>(BUCKET);
        headers.put("X-RateLimit-Remaining", "0");
        headers.remove("X-RateLimit-Reset-After");
        headers.remove("Via");
        headers.put("Retry-After", "0.5");
        String body = "{\"code\":0,\"message\":\"You are being rate limited.\",\"retry_after\":0.5,\"global\":true}";
        assertThat(validator.check(answer("GET", "/users/@me", "", 429, headers, body)))
                .extracting(SpecMismatch::field)
                .contains("X-RateLimit-Reset-After", "Retry-After", "X-RateLimit-Scope", "Via", "X-RateLimit-Global");
    }

    @Test
    void formErrorsCarryStringCodesAsDiscordSendsThem() {
        String body = """
                {"code":50035,"message":"Invalid Form Body","errors":{"limit":{"_errors":[
                 {"code":"NUMBER_TYPE_MAX","message":"int value should be less than or equal to 100."}]}}}""";
        assertThat(validator.check(answer("GET", "/channels/1/messages", "limit=101", 400, BUCKET, body))).isEmpty();
        String withoutMessage = body.replace(",\"message\":\"int value should be less than or equal to 100.\"", "");
        assertThat(validator.check(answer("GET", "/channels/1/messages", "limit=101", 400, BUCKET, withoutMessage)))
                .extracting(SpecMismatch::field).contains("/errors/limit/_errors/0/message");
    }

    @Test
    void ourRequestsAreCheckedAndOnlyOurs() {
        Exchange ours = request("GET", "/channels/1/messages", "limit=0&sort=asc", OURS, null);
        assertThat(validator.check(ours)).extracting(SpecMismatch::side, SpecMismatch::field)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("request", "query.limit"),
                        org.assertj.core.groups.Tuple.tuple("request", "query.sort"));
        Exchange someoneElses = request("GET", "/channels/1/messages", "limit=0", "DiscordBot (tests, 1.0)", null);
        assertThat(validator.check(someoneElses)).isEmpty();
    }

    @Test
    void malformedPathParametersAreReported() {
        assertThat(validator.check(request("GET", "/channels/12a/messages", "", OURS, null)))
                .extracting(SpecMismatch::field).containsExactly("path.channel_id");
    }

    @Test
    void payloadJsonIsCheckedAgainstTheMultipartSchema() {
        Exchange post = exchange("POST", "/channels/1/messages", "", Map.of("User-Agent", OURS,
                "Content-Type", "multipart/form-data; boundary=x"), json("{\"content\":7,\"attachments\":[{\"id\":\"0\"}]}"),
                200, BUCKET, null);
        assertThat(validator.check(post)).filteredOn(m -> m.side().equals("request"))
                .extracting(SpecMismatch::field).containsExactly("payload_json/content");
    }

    @Test
    void routesOutsideTheDescriptionNeedAListedException() {
        assertThat(validator.check(request("POST", "/channels/1/crosspost-everything", "", OURS, json("{}"))))
                .extracting(SpecMismatch::side).contains("request");
        String[] fiftyOne = new String[51];
        java.util.Arrays.fill(fiftyOne, "\"http://127.0.0.1/attachments/1/2/a.bin\"");
        Exchange refresh = request("POST", "/attachments/refresh-urls", "", OURS,
                json("{\"attachment_urls\":[" + String.join(",", fiftyOne) + "]}"));
        assertThat(validator.check(refresh)).extracting(SpecMismatch::route, SpecMismatch::field)
                .contains(org.assertj.core.groups.Tuple.tuple(SpecExceptions.REFRESH_URLS, "/attachment_urls"));
    }

    @Test
    void literalSegmentsWinOverParameters() {
        assertThat(DiscordSpec.get().operation("GET", "/users/@me").orElseThrow().name()).isEqualTo("GET /users/@me");
        assertThat(DiscordSpec.get().operation("GET", "/channels/1/messages/pins").orElseThrow().name())
                .isEqualTo("GET /channels/{channel_id}/messages/pins");
        assertThat(DiscordSpec.get().operation("GET", "/channels/1/messages/2").orElseThrow().name())
                .isEqualTo("GET /channels/{channel_id}/messages/{message_id}");
    }

    @Test
    void cdnRangesNeedTheirHeaders() {
        Exchange partial = new Exchange(Exchange.Kind.CDN, "GET", "/attachments/1/2/a.bin", "ex=1&is=1&hm=1",
                "GET /attachments/{channel.id}/{attachment.id}/{filename}", Map.of("range", "bytes=0-9"), null, 206,
                Map.of("content-length", "10", "accept-ranges", "bytes", "content-type", "application/octet-stream"),
                null, Exchange.Origin.ROUTE);
        assertThat(validator.check(partial)).extracting(SpecMismatch::field).containsExactly("Content-Range");
    }

    private static Exchange answer(String method, String path, String query, int status, Map<String, String> headers,
                                   String body) {
        return exchange(method, path, query, Map.of("User-Agent", "DiscordBot (tests, 1.0)"), null, status, headers,
                body);
    }

    private static Exchange request(String method, String path, String query, String agent, JsonNode json) {
        Map<String, String> headers = new HashMap<>(Map.of("User-Agent", agent));
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        return exchange(method, path, query, headers, json, 404, BUCKET,
                "{\"code\":10003,\"message\":\"Unknown Channel\"}");
    }

    private static Exchange exchange(String method, String path, String query, Map<String, String> requestHeaders,
                                     JsonNode requestJson, int status, Map<String, String> responseHeaders,
                                     String body) {
        return new Exchange(Exchange.Kind.API, method, path, query, method + " " + path, lower(requestHeaders),
                requestJson, status, lower(responseHeaders),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), Exchange.Origin.ROUTE);
    }

    private static Map<String, String> lower(Map<String, String> headers) {
        Map<String, String> out = new HashMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

}
