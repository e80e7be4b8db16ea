package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.model.SnowflakeGenerator;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthAndBasicsTest extends EmulatorContract {

    @Test
    void missingTokenIs401WithDiscordsBody() {
        Reply r = discord.withToken(null).get("/users/@me");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"401: Unauthorized\",\"code\":0}"));
    }

    @Test
    void wrongTokenAndWrongSchemeAre401() {
        assertThat(discord.withToken("not-the-token").get("/users/@me").status()).isEqualTo(401);
        Reply bearer = RawDiscord.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/users/@me"))
                .header("Authorization", "Bearer " + emulator.token()).GET());
        assertThat(bearer.status()).isEqualTo(401);
        Reply bare = RawDiscord.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/users/@me"))
                .header("Authorization", emulator.token()).GET());
        assertThat(bare.status()).isEqualTo(401);
    }

    @Test
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
    void requestsWithoutUserAgentAreAccepted() {
        Reply r = RawDiscord.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/users/@me"))
                .header("Authorization", "Bot " + emulator.token()).GET());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
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
    void premiumTierShowsInTheGuild() {
        emulator.admin().setPremiumTier(2);
        assertThat(discord.get("/guilds/" + emulator.guildId()).json().get("premium_tier").asInt()).isEqualTo(2);
    }

    @Test
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
    void aMalformedSnowflakeInThePathIsInvalidFormBody() {
        Reply r = discord.get("/channels/abc");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(50035);
        assertThat(r.json().at("/errors/channel_id/_errors/0/code").asText()).isEqualTo("NUMBER_TYPE_COERCE");
    }

    @Test
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

    @Test
    void revokedTokenIs401AndARotatedOneWorks() {
        emulator.admin().revokeToken();
        assertThat(discord.get("/users/@me").status()).isEqualTo(401);
        String fresh = emulator.admin().rotateToken();
        assertThat(fresh).isEqualTo(emulator.token());
        assertThat(discord.withToken(fresh).get("/users/@me").status()).isEqualTo(200);
    }

    static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
