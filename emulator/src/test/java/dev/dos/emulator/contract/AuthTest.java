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

    static void assertUnauthorized(Reply reply) {
        reply.expect(401);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.path("message").asText()).isEqualTo("401: Unauthorized");
        assertThat(body.path("code").isInt()).as("code is a number").isTrue();
        assertThat(body.path("code").asInt()).isZero();
    }
}
