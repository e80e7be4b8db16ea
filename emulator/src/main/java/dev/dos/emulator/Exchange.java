package dev.dos.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One request the emulator answered and its answer, as an {@link ExchangeListener} sees it just
 * before the answer leaves. Secrets are masked: the {@code Authorization} header reads
 * {@code Bot <masked>} and webhook tokens in paths {@code {webhook.token}}.
 *
 * @param kind            the API (under {@code /api/v10}) or the CDN
 * @param method          HTTP method
 * @param path            the percent-decoded path, without {@code /api/v10} for API requests
 * @param query           the raw query string, or {@code ""}
 * @param route           the emulator's route template (e.g. {@code POST /channels/{channel.id}/messages});
 *                        null for paths no route matched
 * @param requestHeaders  request headers, names in lower case (the first value of each)
 * @param requestJson     the JSON the request carried (a JSON body, or a multipart {@code payload_json}),
 *                        null when the route read none (it may have been refused first)
 * @param status          the status sent
 * @param responseHeaders response headers, names in lower case
 * @param responseBody    the answer's bytes; null for CDN bodies, which are streamed
 * @param origin          who made the answer: the route, an injected fault, or the invalid-request ban
 */
public record Exchange(
        Kind kind,
        String method,
        String path,
        String query,
        String route,
        Map<String, String> requestHeaders,
        JsonNode requestJson,
        int status,
        Map<String, String> responseHeaders,
        byte[] responseBody,
        Origin origin) {

    public enum Kind {
        API,
        CDN
    }

    public enum Origin {
        /** The emulator's model of Discord answered (success or a Discord error). */
        ROUTE,
        /** Fault injection answered instead (a 5xx or a shared-scope 429 storm). */
        FAULT,
        /** The invalid-request ban (Cloudflare's edge in the real service) answered. */
        BAN
    }

    public Exchange {
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
    }

    /** A request header by name, any case; null when absent. */
    public String requestHeader(String name) {
        return requestHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** A response header by name, any case; null when absent. */
    public String responseHeader(String name) {
        return responseHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
