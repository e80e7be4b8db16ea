package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.RequestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.testkit.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;

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

    @Test
    void everyRequestIsLoggedWithItsRouteTemplateAndSizes() {
        discord.postMessage(storage, "hello");
        postFiles(storage, new byte[1000]);
        discord.get("/no/such/thing");
        var log = emulator.admin().requests();
        assertThat(log).hasSize(3);
        RequestRecord first = log.get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.route()).isEqualTo("POST /channels/{channel.id}/messages");
        assertThat(first.path()).isEqualTo("/channels/" + storage + "/messages");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.requestBytes()).isEqualTo("{\"content\":\"hello\"}".length());
        assertThat(first.responseBytes()).isPositive();
        assertThat(log.get(1).requestBytes()).isGreaterThan(1000);
        assertThat(log.get(2).status()).isEqualTo(404);
        emulator.admin().clearRequests();
        assertThat(emulator.admin().requests()).isEmpty();
    }

    @Test
    void theLogNeverHoldsATokenNorAWebhookToken() {
        JsonNode hook = discord.post("/channels/" + storage + "/webhooks", "{\"name\":\"h\"}").json();
        discord.post("/webhooks/" + hook.get("id").asText() + "/" + hook.get("token").asText(), "{\"content\":\"x\"}");
        String everything = emulator.admin().requests().toString();
        assertThat(everything).doesNotContain(emulator.token()).doesNotContain(hook.get("token").asText());
        assertThat(emulator.admin().requests().get(1).path()).endsWith("/{webhook.token}");
    }

    @Test
    void cdnDownloadsAreLoggedToo() {
        String url = postFiles(storage, new byte[123]).at("/attachments/0/url").asText();
        RawDiscord.fetch(url);
        RequestRecord download = emulator.admin().requests().get(1);
        assertThat(download.route()).isEqualTo("GET /attachments/{channel.id}/{attachment.id}/{filename}");
        assertThat(download.responseBytes()).isEqualTo(123);
        assertThat(download.path()).doesNotContain("hm=");
    }

    @Test
    void adminOperationsWorkOverHttp() {
        clock.freeze();
        String admin = emulator.cdnUrl() + "/_emulator";
        assertThat(json(RawDiscord.fetch(admin + "/info").text())).isEqualTo(json(emulator.describeJson()));

        assertThat(send("PUT", admin + "/channels/" + storage + "/permissions", "{\"allow\":\"0\"}").status())
                .isEqualTo(204);
        assertThat(discord.get("/channels/" + storage).status()).isEqualTo(403);
        send("PUT", admin + "/channels/" + storage + "/permissions", "{\"allow\":\""
                + dev.dos.emulator.model.Permission.ALL + "\"}");

        assertThat(send("PUT", admin + "/premium-tier", "{\"premium_tier\":3}").status()).isEqualTo(204);
        assertThat(discord.get("/guilds/" + emulator.guildId()).json().get("premium_tier").asInt()).isEqualTo(3);
        assertThat(send("PUT", admin + "/premium-tier", "{\"premium_tier\":4}").status()).isEqualTo(400);

        assertThat(send("PUT", admin + "/faults", "{\"spec\":\"503=1\"}").status()).isEqualTo(204);
        assertThat(discord.get("/users/@me").status()).isEqualTo(503);
        assertThat(json(RawDiscord.fetch(admin + "/faults").text()).get("error_503").asDouble()).isEqualTo(1.0);
        assertThat(send("PUT", admin + "/faults", "{\"upload_bandwidth_bytes_per_second\":65536}").status())
                .isEqualTo(204);
        assertThat(emulator.admin().faults().uploadBandwidthBytesPerSecond()).isEqualTo(65536);
        assertThat(json(RawDiscord.fetch(admin + "/faults").text()).get("upload_bandwidth_bytes_per_second").asLong())
                .isEqualTo(65536);
        send("PUT", admin + "/faults", "{}");
        assertThat(send("POST", admin + "/storm", "{\"seconds\":1}").status()).isEqualTo(204);
        assertThat(discord.get("/users/@me").header("X-RateLimit-Scope")).isEqualTo("shared");
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(discord.get("/users/@me").status()).isEqualTo(200);

        String message = discord.postMessage(storage, "x").get("id").asText();
        assertThat(send("DELETE", admin + "/channels/" + storage + "/messages/" + message, "").status()).isEqualTo(204);
        assertThat(discord.get("/channels/" + storage + "/messages/" + message).status()).isEqualTo(404);

        JsonNode withFile = postFiles(storage, new byte[] {1});
        String attachment = withFile.at("/attachments/0/id").asText();
        Path path = Path.of(json(RawDiscord.fetch(admin + "/attachments/" + attachment + "/file").text())
                .get("path").asText());
        assertThat(path).isEqualTo(emulator.admin().attachmentFile(attachment).toAbsolutePath());

        String thread = newThread(storage, "t");
        send("POST", admin + "/threads/" + thread + "/archive", "");
        assertThat(discord.get("/channels/" + thread).json().at("/thread_metadata/archived").asBoolean()).isTrue();
        send("POST", admin + "/threads/" + thread + "/lock", "");
        assertThat(discord.get("/channels/" + thread).json().at("/thread_metadata/locked").asBoolean()).isTrue();

        String token = json(send("POST", admin + "/token/rotate", "").text()).get("token").asText();
        assertThat(token).isEqualTo(emulator.token());
        send("POST", admin + "/token/revoke", "");
        assertThat(discord.withToken(token).get("/users/@me").status()).isEqualTo(401);

        assertThat(send("DELETE", admin + "/channels/" + emulator.channelId("backup"), "").status()).isEqualTo(204);
        assertThat(json(emulator.describeJson()).at("/channels/backup").isNull()).isTrue();
        assertThat(send("PUT", admin + "/link-expiry", "{\"seconds\":5}").status()).isEqualTo(204);
        assertThat(RawDiscord.fetch(admin + "/requests").status()).isEqualTo(200);
    }

    private static Reply send(String method, String url, String body) {
        return RawDiscord.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }
}
