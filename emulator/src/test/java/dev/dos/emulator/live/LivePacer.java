package dev.dos.emulator.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a live client inside Discord's rate limits by following its headers
 * (docs/topics/rate-limits): when a route's {@code X-RateLimit-Remaining} is 0, the next request to
 * it waits out {@code X-RateLimit-Reset-After}; a 429 is waited out ({@code retry_after}, else
 * {@code Retry-After}) and the request sent again. A 429 without either (Cloudflare's ban) stands.
 *
 * <p>Routes are told apart as Discord's buckets are: method, path template and major parameter
 * (channel, guild or webhook). Across all routes it sends at most {@value #GLOBAL_PER_SECOND}
 * requests in any second, below Discord's global 50 per second per bot. Shared by all threads of
 * a test; a rare over-admission under concurrency only costs one 429 and a retry.
 */
public final class LivePacer {
    /** How often one request is sent again after 429s before its 429 is the answer. */
    public static final int MAX_RETRIES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A little more than Discord says, for clock granularity and latency. */
    private static final long MARGIN_NANOS = Duration.ofMillis(100).toNanos();

    /** Requests per second across all routes: Discord's global limit is 50 per bot. */
    public static final int GLOBAL_PER_SECOND = 45;
    private static final long SECOND_NANOS = Duration.ofSeconds(1).toNanos();

    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();
    private volatile long globalBlockedUntil = System.nanoTime();
    /** When the requests of the last second went out. */
    private final ArrayDeque<Long> lastSecond = new ArrayDeque<>();

    /** Blocks until a request to this route may go out without being refused. */
    public void awaitTurn(String method, String path) throws InterruptedException {
        String key = routeKey(method, path);
        while (true) {
            long until = Math.max(globalBlockedUntil, blockedUntil.getOrDefault(key, Long.MIN_VALUE));
            long wait = until - System.nanoTime();
            if (wait <= 0) {
                wait = takeGlobalSlot();
                if (wait <= 0) {
                    return;
                }
            }
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    /** Counts a request against the last second, or says how long until there is room: 0 when counted. */
    private synchronized long takeGlobalSlot() {
        long now = System.nanoTime();
        while (!lastSecond.isEmpty() && now - lastSecond.peekFirst() >= SECOND_NANOS) {
            lastSecond.pollFirst();
        }
        if (lastSecond.size() < GLOBAL_PER_SECOND) {
            lastSecond.addLast(now);
            return 0;
        }
        return lastSecond.peekFirst() + SECOND_NANOS - now;
    }

    /**
     * Learns from an answer to {@code method path}.
     *
     * @return how long to wait before sending the same request again (the answer was a 429 that
     *         says when), or empty when the answer stands
     */
    public Optional<Duration> observe(String method, String path, int status, HttpHeaders headers, byte[] body) {
        String key = routeKey(method, path);
        long now = System.nanoTime();
        Optional<Double> resetAfter = headers.firstValue("X-RateLimit-Reset-After").flatMap(LivePacer::seconds);
        Optional<String> remaining = headers.firstValue("X-RateLimit-Remaining");
        if (remaining.isPresent() && resetAfter.isPresent()) {
            if (remaining.get().strip().equals("0")) {
                blockedUntil.put(key, now + nanos(resetAfter.get()));
            } else {
                blockedUntil.remove(key);
            }
        }
        if (status != 429) {
            return Optional.empty();
        }
        JsonNode json = parse(body);
        Optional<Double> retryAfter = json.path("retry_after").isNumber()
                ? Optional.of(json.path("retry_after").asDouble())
                : headers.firstValue("Retry-After").flatMap(LivePacer::seconds);
        if (retryAfter.isEmpty()) {
            return Optional.empty(); // a ban (or an edge error page): waiting a moment does not help
        }
        long until = now + nanos(retryAfter.get());
        boolean global = json.path("global").asBoolean(false)
                || headers.firstValue("X-RateLimit-Global").map("true"::equalsIgnoreCase).orElse(false);
        if (global) {
            globalBlockedUntil = Math.max(globalBlockedUntil, until);
        } else {
            blockedUntil.merge(key, until, Math::max);
        }
        return Optional.of(Duration.ofNanos(until - now));
    }

    /**
     * The bucket a request falls in: {@code GET /channels/123/messages/456?limit=5} is
     * {@code GET /channels/123/messages/{id}}: ids other than the major parameter are templated.
     */
    static String routeKey(String method, String path) {
        int query = path.indexOf('?');
        String[] segments = (query < 0 ? path : path.substring(0, query)).split("/");
        StringBuilder key = new StringBuilder(method);
        boolean majorKind = false;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                continue;
            }
            boolean major = majorKind && i == 2 || i == 3 && "webhooks".equals(segments[1]);
            key.append('/').append(!major && s.chars().allMatch(Character::isDigit) ? "{id}" : s);
            if (i == 1) {
                majorKind = s.equals("channels") || s.equals("guilds") || s.equals("webhooks");
            }
        }
        return key.toString();
    }

    private static Optional<Double> seconds(String value) {
        try {
            return Optional.of(Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9) + MARGIN_NANOS;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
