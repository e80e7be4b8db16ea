package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.RequestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;

/** The emulator records every request for inspection, and never the token. */
class RequestLogTest extends EmulatorContract {

    @Test
    void everyRequestIsRecordedWithMethodRouteStatusAndSizes() {
        emulator.admin().clearRequests();
        byte[] body = randomBytes(10_000, 1);

        postFiles(storage, "logged", body);
        discord.get("/channels/" + storage + "/messages/" + Snowflakes.at(java.time.Instant.now())).expect(404);

        List<RequestRecord> log = emulator.admin().requests();
        assertThat(log).hasSize(2);
        RequestRecord post = log.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.route()).isEqualTo("POST /channels/{channel.id}/messages");
        assertThat(post.path()).contains("/channels/" + storage + "/messages");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.requestBytes()).isGreaterThan(10_000);
        assertThat(post.responseBytes()).isGreaterThan(0);
        assertThat(post.time()).isNotNull();
        assertThat(log.get(1).status()).isEqualTo(404);
        assertThat(log.get(1).route()).isEqualTo("GET /channels/{channel.id}/messages/{message.id}");
    }

    @Test
    void refusedAndRateLimitedRequestsAreRecordedToo() {
        emulator.admin().clearRequests();

        discord.withAuthorization("Bot wrong").get("/users/@me").expect(401);

        assertThat(emulator.admin().requests()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void cdnDownloadsAreRecorded() {
        String url = postFiles(storage, "x", new byte[100]).path("attachments").get(0).path("url").asText();
        emulator.admin().clearRequests();

        RawDiscord.fetch(url).expect(200);

        assertThat(emulator.admin().requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.responseBytes()).isGreaterThanOrEqualTo(100);
        });
    }

    @Test
    void theTokenNeverAppearsInTheLog() {
        discord.post("/channels/" + storage + "/messages", Map.of("content", "x")).expect(200);
        discord.withAuthorization("Bot " + emulator.token() + "-typo").get("/users/@me").expect(401);

        for (RequestRecord r : emulator.admin().requests()) {
            assertThat(r.toString()).doesNotContain(emulator.token());
            assertThat(r.path()).doesNotContain(emulator.token());
        }
    }

    @Test
    void aWebhookTokenInThePathIsNotLoggedEither() {
        var hook = discord.post("/channels/" + storage + "/webhooks", Map.of("name", "h")).expect(200).json();
        String secret = hook.path("token").asText();
        emulator.admin().clearRequests();

        discord.withAuthorization(null).post("/webhooks/" + hook.path("id").asText() + "/" + secret + "?wait=true",
                Map.of("content", "x")).expect(200);

        assertThat(emulator.admin().requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).doesNotContain(secret);
            assertThat(r.toString()).doesNotContain(secret);
        });
    }

    @Test
    void clearingEmptiesTheLog() {
        discord.get("/users/@me").expect(200);

        emulator.admin().clearRequests();

        assertThat(emulator.admin().requests()).isEmpty();
    }
}
