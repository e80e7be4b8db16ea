package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.EmulatorOnly;
import dev.dos.emulator.live.Live;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;

/** How the emulator presents itself: version 10 base URL, JSON everywhere, Discord's 404s. */
@Live
class ProtocolTest extends EmulatorContract {

    @Test
    @EmulatorOnly("the emulator's own address")
    void theBaseUrlIsVersion10OnLoopback() {
        assertThat(emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + emulator.port() + "/api/v10");
        assertThat(emulator.cdnUrl()).isEqualTo("http://127.0.0.1:" + emulator.port());
        assertThat(emulator.port()).isPositive();
    }

    @Test
    void successfulAnswersAreJson() {
        Reply reply = discord.get("/users/@me").expect(200);

        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void anUnknownRouteIsDiscordsPlain404() {
        Reply reply = discord.get("/no/such/route");

        reply.expect(404);
        assertThat(reply.json().path("message").asText()).isEqualTo("404: Not Found");
        assertThat(reply.json().path("code").asInt()).isZero();
    }

    @Test
    void aKnownRouteWithAnotherMethodIsDiscords405() {
        Reply reply = discord.put("/users/@me");

        reply.expect(405);
        assertThat(reply.json().path("message").asText()).isEqualTo("405: Method Not Allowed");
        assertThat(reply.json().path("code").asInt()).isZero();
    }

    @Test
    void pathsArePercentDecodedBeforeRouting() {
        // Client libraries encode '@' (Discord4J asks for /users/%40me first thing).
        JsonNode me = discord.get("/users/%40me").expect(200).json();

        assertThat(me.path("bot").asBoolean()).isTrue();
        discord.get("/channels/" + storage + "/%6Dessages").expect(200);
        discord.get("/channels%2F" + storage).expect(404); // an encoded slash stays inside its segment
    }

    @Test
    void everyAnswerPassesDiscordsProxyAndSaysSo() {
        assertThat(discord.get("/users/@me").expect(200).header("Via")).isEqualTo("1.1 google");
        assertThat(discord.get("/channels/1").expect(404).header("Via")).isEqualTo("1.1 google");
        assertThat(discord.get("/no/such/route").expect(404).header("Via")).isEqualTo("1.1 google");
    }

    @Test
    void aMalformedSnowflakeInThePathIsAFormError() {
        Reply reply = discord.get("/channels/not-a-snowflake");

        reply.expect(400);
        assertThat(reply.json().path("code").asInt()).isEqualTo(50035);
        assertThat(reply.json().path("errors").path("channel_id").path("_errors").get(0).path("code").asText())
                .isEqualTo("NUMBER_TYPE_COERCE");
    }

    @Test
    @EmulatorOnly("the emulator's own description")
    void describeJsonIsJsonNamingTheEndpointsAndTheGuild() throws Exception {
        JsonNode description = RawDiscord.JSON.readTree(emulator.describeJson());

        assertThat(description.toString()).contains(emulator.baseUrl()).contains(emulator.guildId())
                .contains(storage);
    }
}
