package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.EmulatorOnly;
import dev.dos.emulator.live.Live;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import dev.dos.emulator.model.SnowflakeGenerator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

/** Bot authentication: {@code Authorization: Bot <token>}, anything else is a 401 with code 0. */
@Live
class AuthTest extends EmulatorContract {

    @Test
    void theBotTokenInTheAuthorizationHeaderIsAccepted() {
        JsonNode me = discord.get("/users/@me").expect(200).json();

        assertThat(me.path("bot").asBoolean()).isTrue();
    }

    @Test
    void aRequestWithoutAuthorizationIsRefusedWith401AndCode0() {
        Reply reply = discord.withAuthorization(null).get("/users/@me");

        assertUnauthorized(reply);
    }

    @Test
    void aWrongTokenIsRefusedWith401AndCode0() {
        Reply reply = discord.withAuthorization("Bot " + target.token() + "x").get("/channels/" + storage);

        assertUnauthorized(reply);
    }

    @Test
    void theRightTokenWithoutTheBotPrefixIsRefused() {
        Reply reply = discord.withAuthorization(target.token()).get("/users/@me");

        assertUnauthorized(reply);
    }

    @Test
    void theRightTokenAsABearerTokenIsRefused() {
        Reply reply = discord.withAuthorization("Bearer " + target.token()).get("/users/@me");

        assertUnauthorized(reply);
    }

    @Test
    void writesAreRefusedToo() {
        Reply reply = discord.withAuthorization("Bot nope").post("/channels/" + storage + "/messages",
                java.util.Map.of("content", "hello"));

        assertUnauthorized(reply);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    @EmulatorOnly("revokes the token through the admin")
    void aRevokedTokenStopsWorkingAtOnce() {
        discord.get("/users/@me").expect(200);

        emulator.admin().revokeToken();

        assertUnauthorized(discord.get("/users/@me"));
    }

    @Test
    @EmulatorOnly("rotates the token through the admin")
    void aRotatedTokenReplacesTheOldOne() {
        String old = emulator.token();

        emulator.admin().rotateToken();

        assertThat(emulator.token()).isNotEqualTo(old);
        assertUnauthorized(RawDiscord.bot(emulator.baseUrl(), old).get("/users/@me"));
        RawDiscord.bot(emulator.baseUrl(), emulator.token()).get("/users/@me").expect(200);
    }

    @Test
    @EmulatorOnly("rotates the token through the admin")
    void aTokenStartsWithTheBase64OfTheBotsUserIdAsDiscordsDo() {
        String botId = discord.get("/users/@me").expect(200).json().path("id").asText();

        for (String token : List.of(emulator.token(), emulator.admin().rotateToken())) {
            String[] parts = token.split("\\.");
            assertThat(parts).hasSize(3);
            assertThat(new String(Base64.getDecoder().decode(parts[0]), StandardCharsets.US_ASCII)).isEqualTo(botId);
        }
    }

    @Test
    @EmulatorOnly("sends to the emulator's address with a bare HttpRequest")
    void requestsWithoutUserAgentAreAccepted() {
        Reply r = RawDiscord.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/users/@me"))
                .header("Authorization", "Bot " + emulator.token()).GET());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    @EmulatorOnly("the emulator's bot is created with the sandbox")
    void usersMeIsTheBotWithAStringSnowflakeId() {
        Reply r = discord.get("/users/@me");
        assertThat(r.status()).isEqualTo(200);
        JsonNode me = r.json();
        assertThat(me.get("id").isTextual()).isTrue();
        assertThat(me.get("bot").asBoolean()).isTrue();
        assertThat(me.get("username").asText()).isNotEmpty();
        Instant created = SnowflakeGenerator.timestampOf(Long.parseLong(me.get("id").asText()));
        assertThat(Duration.between(created, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    @EmulatorOnly("the emulator has one guild with three channels")
    void theBotIsInTheSandboxGuildWithItsChannels() {
        JsonNode guilds = discord.get("/users/@me/guilds").json();
        assertThat(guilds).hasSize(1);
        assertThat(guilds.get(0).get("id").asText()).isEqualTo(emulator.guildId());
        assertThat(guilds.get(0).get("permissions").isTextual()).isTrue();

        JsonNode guild = discord.get("/guilds/" + emulator.guildId()).json();
        assertThat(guild.get("premium_tier").asInt()).isZero();
        assertThat(guild.get("id").asText()).isEqualTo(emulator.guildId());

        JsonNode channels = discord.get("/guilds/" + emulator.guildId() + "/channels").json();
        assertThat(channels.findValuesAsText("name")).containsExactly("storage", "index", "backup");
        for (JsonNode c : channels) {
            assertThat(c.get("type").asInt()).isZero();
            assertThat(c.get("id").asText()).isEqualTo(emulator.channelId(c.get("name").asText()));
        }
    }

    @Test
    @EmulatorOnly("pins the emulator's exact answer")
    void unknownGuildChannelAndRoute() {
        Reply guild = discord.get("/guilds/1234");
        assertThat(guild.status()).isEqualTo(404);
        assertThat(guild.json()).isEqualTo(json("{\"message\":\"Unknown Guild\",\"code\":10004}"));
        Reply channel = discord.get("/channels/1234");
        assertThat(channel.status()).isEqualTo(404);
        assertThat(channel.json()).isEqualTo(json("{\"message\":\"Unknown Channel\",\"code\":10003}"));
        Reply route = discord.get("/no/such/route");
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.json()).isEqualTo(json("{\"message\":\"404: Not Found\",\"code\":0}"));
        Reply method = discord.put("/users/@me", "{}");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.json().get("code").asInt()).isZero();
    }

    @Test
    @EmulatorOnly("the emulator's own description")
    void describeJsonIsTheOneLineTheCliPrints() {
        JsonNode d = json(emulator.describeJson());
        assertThat(emulator.describeJson()).doesNotContain("\n");
        assertThat(d.get("base_url").asText()).isEqualTo("http://127.0.0.1:" + emulator.port() + "/api/v10");
        assertThat(d.get("cdn_url").asText()).isEqualTo("http://127.0.0.1:" + emulator.port());
        assertThat(d.get("token").asText()).isEqualTo(emulator.token());
        assertThat(d.get("guild_id").asText()).isEqualTo(emulator.guildId());
        assertThat(d.get("channels").get("storage").asText()).isEqualTo(emulator.channelId("storage"));
        assertThat(d.get("channels").get("index").asText()).isEqualTo(emulator.channelId("index"));
        assertThat(d.get("channels").get("backup").asText()).isEqualTo(emulator.channelId("backup"));
        assertThat(d.size()).isEqualTo(5);
    }

    static void assertUnauthorized(Reply reply) {
        reply.expect(401);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.path("message").asText()).isEqualTo("401: Unauthorized");
        assertThat(body.path("code").isInt()).as("code is a number").isTrue();
        assertThat(body.path("code").asInt()).isZero();
    }
}
