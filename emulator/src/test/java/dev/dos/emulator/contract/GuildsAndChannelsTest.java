package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.EmulatorOnly;
import dev.dos.emulator.live.Live;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.Reply;

/** The bot user, its guild and the guild's channels. */
@Live
class GuildsAndChannelsTest extends EmulatorContract {

    @Test
    void theCurrentUserIsABotWithASnowflakeId() {
        JsonNode me = discord.get("/users/@me").expect(200).json();

        assertThat(me.path("id").isTextual()).as("ids are strings").isTrue();
        assertThat(me.path("id").asText()).matches("\\d{17,20}");
        assertThat(me.path("username").asText()).isNotBlank();
        assertThat(me.path("bot").asBoolean()).isTrue();
    }

    @Test
    void theApplicationIsTheBotsAndOwnedByAPerson() {
        JsonNode app = discord.get("/applications/@me").expect(200).json();
        JsonNode me = discord.get("/users/@me").expect(200).json();

        assertThat(app.path("id").asText()).isEqualTo(me.path("id").asText());
        assertThat(app.path("owner").path("id").asText()).isNotEqualTo(me.path("id").asText()).matches("\\d+");
        assertThat(app.path("verify_key").asText()).matches("[0-9a-f]{64}");
        assertThat(app.path("team").isNull()).isTrue();
    }

    @Test
    void theEveryoneRoleCarriesEveryFieldOfARole() {
        JsonNode role = discord.get("/guilds/" + target.guildId()).expect(200).json().path("roles").get(0);

        assertThat(role.path("id").asText()).as("@everyone's id is the guild's").isEqualTo(target.guildId());
        assertThat(role.path("colors").path("primary_color").isInt()).isTrue();
        assertThat(role.has("icon") && role.has("unicode_emoji")).isTrue();
        assertThat(role.path("permissions").isTextual()).as("permissions are a string").isTrue();
    }

    @Test
    @EmulatorOnly("the emulator has one guild; a live bot may be in several")
    void theBotIsInExactlyTheEmulatedGuild() {
        JsonNode guilds = discord.get("/users/@me/guilds").expect(200).json();

        assertThat(guilds.isArray()).isTrue();
        assertThat(guilds).hasSize(1);
        assertThat(guilds.get(0).path("id").asText()).isEqualTo(target.guildId());
        assertThat(guilds.get(0).path("name").asText()).isNotBlank();
    }

    @Test
    void theGuildReportsItsBoostTier() {
        JsonNode guild = discord.get("/guilds/" + target.guildId()).expect(200).json();

        assertThat(guild.path("id").asText()).isEqualTo(target.guildId());
        assertThat(guild.path("premium_tier").isInt()).isTrue();
        assertThat(guild.path("premium_tier").asInt()).isZero();
    }

    @Test
    @EmulatorOnly("the admin sets the boost tier")
    void aChangedBoostTierShowsInTheGuild() {
        emulator.admin().setPremiumTier(3);

        JsonNode guild = discord.get("/guilds/" + target.guildId()).expect(200).json();

        assertThat(guild.path("premium_tier").asInt()).isEqualTo(3);
    }

    @Test
    void anUnknownGuildIs404WithCode10004() {
        Reply reply = discord.get("/guilds/" + Snowflakes.at(java.time.Instant.now()));

        reply.expect(404);
        assertThat(reply.json().path("code").asInt()).isEqualTo(10004);
    }

    @Test
    void theGuildListsItsThreeTextChannels() {
        JsonNode channels = discord.get("/guilds/" + target.guildId() + "/channels").expect(200).json();

        List<String> ids = new ArrayList<>();
        for (JsonNode channel : channels) {
            ids.add(channel.path("id").asText());
        }
        assertThat(ids).contains(target.channelId("storage"), target.channelId("index"),
                target.channelId("backup"));
        for (JsonNode channel : channels) {
            if (channel.path("name").asText().equals("storage")) {
                assertThat(channel.path("type").asInt()).isZero();
                assertThat(channel.path("guild_id").asText()).isEqualTo(target.guildId());
            }
        }
    }

    @Test
    @EmulatorOnly("asserts the emulator's channel name")
    void aChannelIsATextChannelOfTheGuild() {
        JsonNode channel = discord.get("/channels/" + storage).expect(200).json();

        assertThat(channel.path("id").asText()).isEqualTo(storage);
        assertThat(channel.path("type").asInt()).isZero();
        assertThat(channel.path("guild_id").asText()).isEqualTo(target.guildId());
        assertThat(channel.path("name").asText()).isEqualTo("storage");
    }

    @Test
    void anUnknownChannelIs404WithCode10003() {
        Reply reply = discord.get("/channels/" + Snowflakes.at(java.time.Instant.now()));

        reply.expect(404);
        assertThat(reply.json().path("code").asInt()).isEqualTo(10003);
    }

    @Test
    @EmulatorOnly("the admin deletes the channel")
    void aChannelDeletedByTheAdminIsUnknownFromThenOn() {
        emulator.admin().deleteChannel(storage);

        Reply reply = discord.post("/channels/" + storage + "/messages", Map.of("content", "x"));

        reply.expect(404);
        assertThat(reply.json().path("code").asInt()).isEqualTo(10003);
    }

    @Test
    @EmulatorOnly("would rename a channel of the user's server (and needs Manage Channels)")
    void patchingAChannelRenamesIt() {
        JsonNode patched = discord.patch("/channels/" + storage, Map.of("name", "storage-2", "topic", "chunks"))
                .expect(200).json();

        assertThat(patched.path("name").asText()).isEqualTo("storage-2");
        assertThat(discord.get("/channels/" + storage).expect(200).json().path("topic").asText()).isEqualTo("chunks");
    }

    @Test
    @EmulatorOnly("would create a channel in the user's server (and needs Manage Channels)")
    void aGuildChannelCanBeCreated() {
        Reply reply = discord.post("/guilds/" + target.guildId() + "/channels", Map.of("name", "archive-2025", "type", 0));

        reply.expect(201);
        String id = reply.json().path("id").asText();
        assertThat(discord.get("/channels/" + id).expect(200).json().path("name").asText()).isEqualTo("archive-2025");
    }

    @Test
    void errorsAreJsonWithAMessageAndANumericCode() {
        Reply reply = discord.get("/channels/" + storage + "/messages/" + Snowflakes.at(java.time.Instant.now()));

        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().path("message").isTextual()).isTrue();
        assertThat(reply.json().path("code").isInt()).isTrue();
    }
}
