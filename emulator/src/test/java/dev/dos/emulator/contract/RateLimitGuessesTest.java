package dev.dos.emulator.contract;

import static dev.dos.emulator.contract.MessagesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.live.Live;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;

/**
 * The rate-limit behaviour docs/EMULATOR.md had to guess (its "Guesses" and "Rate limits"), each
 * as a test: against the emulator with Discord's default limits, and in live mode against
 * Discord. These tests send without pacing ({@link RawDiscord#unpaced()}) so that the limits
 * show; each starts on fresh buckets (a fresh emulator, or live a fresh thread), and one of them
 * provokes a single 429.
 */
@Live
class RateLimitGuessesTest extends EmulatorContract {
    /** Headers come from two requests some milliseconds (live: a round trip) apart. */
    static final double TOLERANCE_SECONDS = 0.25;

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config.rateLimits(RateLimitConfig.discordDefaults());
    }

    private String messages() {
        return "/channels/" + storage + "/messages";
    }

    @Test
    void aRequestAnsweredWithAnErrorStillUsesUpItsBucket() {
        RawDiscord raw = discord.unpaced();

        Reply first = raw.post(messages(), Map.of("content", ""));
        Reply second = raw.post(messages(), Map.of("content", ""));

        assertError(first, 400, 50006);
        assertError(second, 400, 50006);
        int limit = intHeader(first, "X-RateLimit-Limit");
        assertThat(intHeader(first, "X-RateLimit-Remaining")).isEqualTo(limit - 1);
        assertThat(intHeader(second, "X-RateLimit-Remaining")).isEqualTo(limit - 2);
    }

    @Test
    void retryAfterIsTheWaitInWholeSecondsRoundedUpAndAtLeastOne() {
        RawDiscord raw = discord.unpaced();
        Reply limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            Reply reply = raw.post(messages(), Map.of("content", "m" + i));
            if (reply.status() == 429) {
                limited = reply;
            } else {
                reply.expect(200);
            }
        }

        assertThat(limited).as("a 429 within 20 quick posts").isNotNull();
        double retryAfter = limited.json().path("retry_after").asDouble();
        assertThat(limited.header("Retry-After")).isEqualTo(Long.toString(Math.max(1, (long) Math.ceil(retryAfter))));
    }

    @Test
    void otherRoutesAllowFiveRequestsPerSecond() {
        Reply reply = discord.unpaced().get("/channels/" + storage).expect(200);

        assertThat(intHeader(reply, "X-RateLimit-Limit")).isEqualTo(5);
        assertThat(doubleHeader(reply, "X-RateLimit-Reset-After")).isGreaterThan(0).isLessThanOrEqualTo(1.0);
    }

    @Test
    void everyRouteHasABucketIdOfItsOwn() {
        RawDiscord raw = discord.unpaced();

        String create = raw.post(messages(), Map.of("content", "m")).expect(200).header("X-RateLimit-Bucket");
        String list = raw.get(messages()).expect(200).header("X-RateLimit-Bucket");
        String channel = raw.get("/channels/" + storage).expect(200).header("X-RateLimit-Bucket");

        assertThat(Arrays.asList(create, list, channel)).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void aWindowStartsAtTheFirstRequestAndRefillsWholeWhenItEnds() {
        RawDiscord raw = discord.unpaced();
        Reply first = raw.post(messages(), Map.of("content", "first")).expect(200);
        int limit = intHeader(first, "X-RateLimit-Limit");
        double window = doubleHeader(first, "X-RateLimit-Reset-After");

        clock.advance(Duration.ofMillis((long) (window * 500)));
        Reply second = raw.post(messages(), Map.of("content", "second")).expect(200);
        clock.advance(Duration.ofMillis((long) (doubleHeader(second, "X-RateLimit-Reset-After") * 1000) + 100));
        Reply third = raw.post(messages(), Map.of("content", "third")).expect(200);

        // half-way: the same window, nothing refilled, still ending when it was going to
        assertThat(intHeader(first, "X-RateLimit-Remaining")).isEqualTo(limit - 1);
        assertThat(intHeader(second, "X-RateLimit-Remaining")).isEqualTo(limit - 2);
        assertThat(doubleHeader(second, "X-RateLimit-Reset"))
                .isCloseTo(doubleHeader(first, "X-RateLimit-Reset"), within(TOLERANCE_SECONDS));
        // after it: a whole new window that starts at this request
        assertThat(intHeader(third, "X-RateLimit-Remaining")).isEqualTo(limit - 1);
        assertThat(doubleHeader(third, "X-RateLimit-Reset-After")).isCloseTo(window, within(TOLERANCE_SECONDS));
    }

    private static int intHeader(Reply reply, String name) {
        String value = reply.header(name);
        assertThat(value).as(name + " of " + reply.describe()).isNotNull();
        return Integer.parseInt(value);
    }

    private static double doubleHeader(Reply reply, String name) {
        String value = reply.header(name);
        assertThat(value).as(name + " of " + reply.describe()).isNotNull();
        return Double.parseDouble(value);
    }
}
