package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.ratelimit.BucketState;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The 429 answers, with the headers and bodies Discord's docs/topics/rate-limits shows. */
final class RateLimitResponses {
    /** The body Discord's edge sends during an invalid-request ban (no rate-limit headers). */
    static final String BAN_MESSAGE = "You are being blocked from accessing our API temporarily due to exceeding "
            + "our rate limits frequently. Please read our docs at https://discord.com/developers/docs/topics/"
            + "rate-limits to prevent this moving forward.";

    private RateLimitResponses() {
    }

    /** Cloudflare's answer during a ban: a static body, no rate-limit headers, no Retry-After, no Via. */
    static void banned(ApiCall call) {
        ObjectNode body = Json.object();
        body.put("message", BAN_MESSAGE);
        body.put("code", 0);
        call.answeredBy(dev.dos.emulator.Exchange.Origin.BAN);
        call.exemptFromInvalidCount();
        call.json(429, body);
    }

    /** The route bucket is exhausted: scope {@code user}, with the bucket's headers. */
    static void route(ApiCall call, BucketState bucket) {
        bucket.headers().forEach(call::header);
        call.header("Retry-After", retryAfterHeader(bucket.resetAfterMillis()));
        call.header("X-RateLimit-Scope", "user");
        call.json(429, body("You are being rate limited.", bucket.resetAfterMillis(), false));
    }

    /** The bot's global limit: the route's bucket (not counted) as it stands, and the global wait. */
    static void global(ApiCall call, BucketState bucket, long waitMillis) {
        bucket.headers().forEach(call::header);
        call.header("Retry-After", retryAfterHeader(waitMillis));
        call.header("X-RateLimit-Global", "true");
        call.header("X-RateLimit-Scope", "global");
        call.json(429, body("You are being rate limited.", waitMillis, true));
    }

    /** A shared-resource limit (an injected storm): not the client's fault, not an invalid request. */
    static void shared(ApiCall call, BucketState bucket, long waitMillis) {
        bucket.headers().forEach(call::header);
        call.header("Retry-After", retryAfterHeader(waitMillis));
        call.header("X-RateLimit-Scope", "shared");
        call.exemptFromInvalidCount();
        call.json(429, body("The resource is being rate limited.", waitMillis, false));
    }

    /** {@code RatelimitedResponse}: {@code code} (0) and {@code message} as every error, plus the wait. */
    private static ObjectNode body(String message, long waitMillis, boolean global) {
        ObjectNode body = Json.object();
        body.put("code", 0);
        body.put("message", message);
        body.put("retry_after", BigDecimal.valueOf(waitMillis).movePointLeft(3).setScale(3, RoundingMode.UNNECESSARY));
        body.put("global", global);
        return body;
    }

    /** Whole seconds, rounded up, never 0 (a client waiting 0 s would retry at once). */
    private static String retryAfterHeader(long waitMillis) {
        return Long.toString(Math.max(1, (waitMillis + 999) / 1000));
    }
}
