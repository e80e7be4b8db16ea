package dev.dos.emulator;

import java.time.Instant;

/**
 * One request the emulator answered (API or CDN; admin requests are not recorded). Never holds
 * the token: neither the Authorization header nor a webhook token appears here.
 *
 * @param time          when the request arrived (emulator clock)
 * @param method        HTTP method
 * @param route         route template, e.g. {@code POST /channels/{channel.id}/messages}; unmatched
 *                      paths are recorded as {@code "<METHOD> (unknown route)"}
 * @param path          the path with ids, without the {@code /api/v10} prefix and without the query
 *                      (webhook tokens are replaced by {@code {webhook.token}})
 * @param status        HTTP status sent; 0 when the connection was reset by fault injection instead
 * @param requestBytes  request body bytes read
 * @param responseBytes response body bytes written
 * @param bucket        the {@code X-RateLimit-Bucket} of the route, or null when not rate limited
 */
public record RequestRecord(
        Instant time,
        String method,
        String route,
        String path,
        int status,
        long requestBytes,
        long responseBytes,
        String bucket) {
}
