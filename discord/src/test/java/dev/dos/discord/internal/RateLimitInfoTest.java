package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitInfoTest {

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
    }

    @Test
    void bucketHeadersAreRead() {
        RateLimitInfo info = RateLimitInfo.parse(200, headers(Map.of("X-RateLimit-Bucket", "abcd",
                "X-RateLimit-Limit", "5", "X-RateLimit-Remaining", "4", "X-RateLimit-Reset-After", "4.25")), new byte[0]);

        assertThat(info.bucket()).isEqualTo("abcd");
        assertThat(info.limit()).isEqualTo(5);
        assertThat(info.remaining()).isEqualTo(4);
        assertThat(info.resetAfter()).isEqualTo(Duration.ofMillis(4250));
        assertThat(info.retryAfter()).isNull();
        assertThat(info.invalid()).isFalse();
    }

    @Test
    void incompleteBucketHeadersCountAsNone() {
        RateLimitInfo info = RateLimitInfo.parse(200, headers(Map.of("X-RateLimit-Bucket", "abcd",
                "X-RateLimit-Limit", "5")), new byte[0]);

        assertThat(info.bucket()).isNull();
    }

    @Test
    void a429TakesRetryAfterFromTheBodyFirst() {
        byte[] body = "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.372, \"global\": true}"
                .getBytes(StandardCharsets.UTF_8);
        RateLimitInfo info = RateLimitInfo.parse(429, headers(Map.of("Retry-After", "1",
                "X-RateLimit-Scope", "global")), body);

        assertThat(info.retryAfter()).isEqualTo(Duration.ofMillis(372));
        assertThat(info.global()).isTrue();
        assertThat(info.invalid()).isTrue();
    }

    @Test
    void a429WithoutABodyUsesTheRetryAfterHeader() {
        RateLimitInfo info = RateLimitInfo.parse(429, headers(Map.of("Retry-After", "3", "X-RateLimit-Global", "true",
                "X-RateLimit-Scope", "shared")), "<html>".getBytes(StandardCharsets.UTF_8));

        assertThat(info.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(info.global()).isTrue();
        assertThat(info.invalid()).as("shared 429s do not count toward the ban").isFalse();
    }

    @Test
    void a429WithoutAnyWaitStillWaits() {
        RateLimitInfo info = RateLimitInfo.parse(429, headers(Map.of()), new byte[0]);

        assertThat(info.retryAfter()).isEqualTo(RateLimitInfo.DEFAULT_RETRY_AFTER);
    }
}
