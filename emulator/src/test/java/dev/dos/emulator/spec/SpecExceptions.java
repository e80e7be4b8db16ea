package dev.dos.emulator.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.Exchange;
import java.util.List;

/**
 * What Discord's description leaves out although Discord does it and we rely on it, each with its
 * source and its own checks (docs/EMULATOR.md, "Conformance"):
 * <ul>
 *   <li>the CDN ({@link #cdn}): attachment downloads at signed links ({@code ../shared/discord-api.md},
 *       "CDN links expire"): 200 or 206 with the length and ranges, 416 with {@code bytes *}/size,
 *       404 for refused links;</li>
 *   <li>{@link #REFRESH_URLS}: {@code POST /attachments/refresh-urls}, undocumented, shapes as
 *       public clients use them: {@code {"attachment_urls": [1..50 links]}} to
 *       {@code {"refreshed_urls": [{"original", "refreshed"}]}}, or a Discord error;</li>
 *   <li>the invalid-request ban: Cloudflare's static answer (discord-api-docs issue #5810), a 429 with
 *       {@code {"code": 0, "message"}} and no rate-limit headers or Retry-After;</li>
 *   <li>injected 5xx faults: proxies failing, no Discord answer to compare;</li>
 *   <li>paths Discord does not have: 404 (405 for another method on a known path) with an
 *       {@code ErrorResponse} body.</li>
 * </ul>
 */
final class SpecExceptions {
    static final String CDN_PATH = " /attachments/{channel_id}/{attachment_id}/{filename}";
    static final String REFRESH_URLS = "POST /attachments/refresh-urls";
    static final String UNKNOWN = "(a path Discord does not have)";
    private static final String ERROR_RESPONSE = "/components/schemas/ErrorResponse";
    private static final String RATELIMITED_RESPONSE = "/components/schemas/RatelimitedResponse";
    private static final List<String> RATE_LIMIT_HEADERS = List.of("X-RateLimit-Limit", "X-RateLimit-Remaining",
            "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Bucket");

    private SpecExceptions() {
    }

    /** The name CDN downloads are counted and reported under, e.g. {@code CDN GET /attachments/...}. */
    static String cdn(String method) {
        return "CDN " + method + CDN_PATH;
    }

    /** The name an exchange outside the description is counted and reported under. */
    static String name(Exchange e) {
        if (isRefreshUrls(e)) {
            return REFRESH_URLS;
        }
        return e.route() == null ? UNKNOWN : e.route() + " (served, not described)";
    }

    private static boolean isRefreshUrls(Exchange e) {
        return e.method().equals("POST") && e.path().equals("/attachments/refresh-urls");
    }

    static void cdn(Exchange e, List<SpecMismatch> found) {
        SpecValidator.Report r = new SpecValidator.Report("response", cdn(e.method()), found);
        switch (e.status()) {
            case 200, 206 -> {
                if (e.responseHeader("Content-Length") == null && e.responseHeader("Transfer-Encoding") == null) {
                    r.add("Content-Length", "a download says its length");
                }
                if (!"bytes".equals(e.responseHeader("Accept-Ranges"))) {
                    r.add("Accept-Ranges", "the CDN serves ranges (bytes), got " + e.responseHeader("Accept-Ranges"));
                }
                if (e.responseHeader("Content-Type") == null) {
                    r.add("Content-Type", "missing");
                }
                String range = e.responseHeader("Content-Range");
                if (e.status() == 206 && (range == null || !range.matches("bytes \\d+-\\d+/\\d+"))) {
                    r.add("Content-Range", "a 206 needs bytes first-last/size, got " + range);
                }
            }
            case 416 -> {
                String range = e.responseHeader("Content-Range");
                if (range == null || !range.matches("bytes \\*/\\d+")) {
                    r.add("Content-Range", "a 416 needs bytes */size, got " + range);
                }
            }
            case 404 -> {
                String type = e.responseHeader("Content-Type");
                if (type == null || !type.startsWith("text/plain")) {
                    r.add("Content-Type", "a refused link answers text, got " + type);
                }
            }
            default -> r.add("status", e.status() + " is not an answer of the CDN (200, 206, 404, 416)");
        }
    }

    static void ban(Exchange e, SpecValidator.Report r) {
        if (e.status() != 429) {
            r.add("status", "the ban answers 429, got " + e.status());
        }
        SpecValidator.checkJsonBody(e, ERROR_RESPONSE, r);
        for (String header : List.of("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Bucket")) {
            if (e.responseHeader(header) != null) {
                r.add(header, "the ban's static answer has no rate-limit headers");
            }
        }
    }

    /** An answer on a route the description does not have. */
    static void undescribedResponse(Exchange e, SpecValidator.Report r) {
        if (isRefreshUrls(e)) {
            refreshUrlsResponse(e, r);
        } else if (e.route() == null) {
            if (e.status() != 404 && e.status() != 405) {
                r.add("status", "a path Discord does not have answers 404 (or 405), got " + e.status());
            }
            SpecValidator.checkJsonBody(e, ERROR_RESPONSE, r);
        } else {
            r.add("", "the emulator serves a route that Discord's description does not have and that is not"
                    + " a listed exception (SpecExceptions)");
        }
    }

    private static void refreshUrlsResponse(Exchange e, SpecValidator.Report r) {
        if (e.status() / 100 == 2) {
            JsonNode body = SpecValidator.parse(e.responseBody(), r);
            JsonNode urls = body == null ? null : body.get("refreshed_urls");
            if (body != null && (urls == null || !urls.isArray())) {
                r.add("/refreshed_urls", "an array is required");
            } else if (urls != null) {
                for (int i = 0; i < urls.size(); i++) {
                    for (String field : List.of("original", "refreshed")) {
                        if (!urls.get(i).path(field).isTextual()) {
                            r.add("/refreshed_urls/" + i + "/" + field, "a string is required");
                        }
                    }
                }
            }
        } else if (e.status() == 429) {
            SpecValidator.checkJsonBody(e, RATELIMITED_RESPONSE, r);
        } else {
            SpecValidator.checkJsonBody(e, ERROR_RESPONSE, r);
        }
        if (e.status() != 404) { // switched off, it answers as a path Discord does not have
            for (String header : RATE_LIMIT_HEADERS) {
                if (e.responseHeader(header) == null) {
                    r.add(header, "header missing (every API route carries its bucket's headers)");
                }
            }
        }
        SpecValidator.documentedRules(e, r);
    }

    /** A request of our client on a route the description does not have. */
    static void undescribedRequest(Exchange e, SpecValidator.Report r) {
        if (!isRefreshUrls(e)) {
            r.add("", "our client calls a route that Discord's description does not have");
            return;
        }
        if (e.requestJson() == null) {
            return; // answered before the body was read (a refused token, a rate limit)
        }
        JsonNode urls = e.requestJson().get("attachment_urls");
        if (urls == null || !urls.isArray() || urls.isEmpty() || urls.size() > 50) {
            r.add("/attachment_urls", "1 to 50 links are required, got " + urls);
            return;
        }
        for (int i = 0; i < urls.size(); i++) {
            if (!urls.get(i).isTextual()) {
                r.add("/attachment_urls/" + i, "a string is required");
            }
        }
    }
}
