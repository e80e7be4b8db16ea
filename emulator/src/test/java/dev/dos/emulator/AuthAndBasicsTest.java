package dev.dos.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.model.SnowflakeGenerator;
import dev.dos.emulator.support.RawDiscord;
import dev.dos.emulator.support.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthAndBasicsTest {
    private DiscordEmulator discord;
    private RawDiscord api;

    @BeforeEach
    void start() throws Exception {
        discord = DiscordEmulator.start(EmulatorConfig.builder().seed(1).rateLimits(RateLimitConfig.disabled()).build());
        api = new RawDiscord(discord);
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    @Test
    void missingTokenIs401WithDiscordsBody() {
        Response r = api.withToken(null).get("/users/@me");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"401: Unauthorized\",\"code\":0}"));
    }

    @Test
    void wrongTokenAndWrongSchemeAre401() {
        assertThat(api.withToken("not-the-token").get("/users/@me").status()).isEqualTo(401);
        Response bearer = api.send(HttpRequest.newBuilder(URI.create(discord.baseUrl() + "/users/@me"))
                .header("Authorization", "Bearer " + discord.token()).GET());
        assertThat(bearer.status()).isEqualTo(401);
        Response bare = api.send(HttpRequest.newBuilder(URI.create(discord.baseUrl() + "/users/@me"))
                .header("Authorization", discord.token()).GET());
        assertThat(bare.status()).isEqualTo(401);
    }

    @Test
    void usersMeIsTheBotWithAStringSnowflakeId() {
        Response r = api.get("/users/@me");
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
        Response r = RawDiscord.fetch(HttpRequest.newBuilder(URI.create(discord.baseUrl() + "/users/@me"))
                .header("Authorization", "Bot " + discord.token()).GET());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void theBotIsInTheSandboxGuildWithItsChannels() {
        JsonNode guilds = api.get("/users/@me/guilds").json();
        assertThat(guilds).hasSize(1);
        assertThat(guilds.get(0).get("id").asText()).isEqualTo(discord.guildId());
        assertThat(guilds.get(0).get("permissions").isTextual()).isTrue();

        JsonNode guild = api.get("/guilds/" + discord.guildId()).json();
        assertThat(guild.get("premium_tier").asInt()).isZero();
        assertThat(guild.get("id").asText()).isEqualTo(discord.guildId());

        JsonNode channels = api.get("/guilds/" + discord.guildId() + "/channels").json();
        assertThat(channels.findValuesAsText("name")).containsExactly("storage", "index", "backup");
        for (JsonNode c : channels) {
            assertThat(c.get("type").asInt()).isZero();
            assertThat(c.get("id").asText()).isEqualTo(discord.channelId(c.get("name").asText()));
        }
    }

    @Test
    void premiumTierShowsInTheGuild() {
        discord.admin().setPremiumTier(2);
        assertThat(api.get("/guilds/" + discord.guildId()).json().get("premium_tier").asInt()).isEqualTo(2);
    }

    @Test
    void unknownGuildChannelAndRoute() {
        Response guild = api.get("/guilds/1234");
        assertThat(guild.status()).isEqualTo(404);
        assertThat(guild.json()).isEqualTo(json("{\"message\":\"Unknown Guild\",\"code\":10004}"));
        Response channel = api.get("/channels/1234");
        assertThat(channel.status()).isEqualTo(404);
        assertThat(channel.json()).isEqualTo(json("{\"message\":\"Unknown Channel\",\"code\":10003}"));
        Response route = api.get("/no/such/route");
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.json()).isEqualTo(json("{\"message\":\"404: Not Found\",\"code\":0}"));
        Response method = api.put("/users/@me", "{}");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.json().get("code").asInt()).isZero();
    }

    @Test
    void aMalformedSnowflakeInThePathIsInvalidFormBody() {
        Response r = api.get("/channels/abc");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(50035);
        assertThat(r.json().at("/errors/channel_id/_errors/0/code").asText()).isEqualTo("NUMBER_TYPE_COERCE");
    }

    @Test
    void describeJsonIsTheOneLineTheCliPrints() {
        JsonNode d = json(discord.describeJson());
        assertThat(discord.describeJson()).doesNotContain("\n");
        assertThat(d.get("base_url").asText()).isEqualTo("http://127.0.0.1:" + discord.port() + "/api/v10");
        assertThat(d.get("cdn_url").asText()).isEqualTo("http://127.0.0.1:" + discord.port());
        assertThat(d.get("token").asText()).isEqualTo(discord.token());
        assertThat(d.get("guild_id").asText()).isEqualTo(discord.guildId());
        assertThat(d.get("channels").get("storage").asText()).isEqualTo(discord.channelId("storage"));
        assertThat(d.get("channels").get("index").asText()).isEqualTo(discord.channelId("index"));
        assertThat(d.get("channels").get("backup").asText()).isEqualTo(discord.channelId("backup"));
        assertThat(d.size()).isEqualTo(5);
    }

    @Test
    void revokedTokenIs401AndARotatedOneWorks() {
        discord.admin().revokeToken();
        assertThat(api.get("/users/@me").status()).isEqualTo(401);
        String fresh = discord.admin().rotateToken();
        assertThat(fresh).isEqualTo(discord.token());
        assertThat(api.withToken(fresh).get("/users/@me").status()).isEqualTo(200);
    }

    static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
