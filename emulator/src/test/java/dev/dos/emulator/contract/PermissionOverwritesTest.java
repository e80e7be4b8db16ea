package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.Reply;

/**
 * Channel permission overwrites (Discord's permissions topic, "Permission Overwrites"): the
 * {@code @everyone} overwrite (its id is the guild's) applies first, then the member's own; an
 * administrator passes them all; a bot may allow or deny only permissions it has (Create Guild Channel).
 */
class PermissionOverwritesTest extends EmulatorContract {
    private static final long MANAGE_CHANNELS = 1L << 4;
    private static final long INVITED = Permissions.ALL_NEEDED | MANAGE_CHANNELS;

    @Test
    void aPrivateChannelHidesItselfFromEveryoneButLetsTheBotIn() {
        emulator.admin().setChannelPermissions(emulator.guildId(), INVITED);
        String bot = botUserId();

        JsonNode created = createChannel("vault", List.of(
                Map.of("id", emulator.guildId(), "type", 0, "allow", "0", "deny", Long.toString(Permissions.VIEW_CHANNEL)),
                Map.of("id", bot, "type", 1, "allow", Long.toString(Permissions.ALL_NEEDED), "deny", "0")))
                .expect(201).json();

        JsonNode overwrites = discord.get("/channels/" + created.path("id").asText()).expect(200).json()
                .path("permission_overwrites");
        assertThat(overwrites).hasSize(2);
        assertThat(overwrites.get(0).path("deny").asText()).isEqualTo(Long.toString(Permissions.VIEW_CHANNEL));
        assertThat(overwrites.get(0).path("allow").isTextual()).as("bit sets are strings").isTrue();
        postText(created.path("id").asText(), "the bot's own overwrite lets it in");
    }

    @Test
    void withoutItsOwnOverwriteTheBotIsLockedOutLikeEveryoneElse() {
        emulator.admin().setChannelPermissions(emulator.guildId(), INVITED);

        String id = createChannel("locked", List.of(Map.of("id", emulator.guildId(), "type", 0, "allow", "0",
                "deny", Long.toString(Permissions.VIEW_CHANNEL)))).expect(201).json().path("id").asText();

        Reply reply = discord.post("/channels/" + id + "/messages", Map.of("content", "hello"));
        reply.expect(403);
        assertThat(reply.json().path("code").asInt()).isEqualTo(50001);
    }

    @Test
    void anAdministratorPassesEveryOverwrite() {
        String id = createChannel("admin-sees-all", List.of(Map.of("id", emulator.guildId(), "type", 0,
                "allow", "0", "deny", Long.toString(Permissions.VIEW_CHANNEL)))).expect(201).json().path("id").asText();

        postText(id, "administrators are not denied");
    }

    @Test
    void aBotMayNotAllowWhatItDoesNotHave() {
        emulator.admin().setChannelPermissions(emulator.guildId(), Permissions.VIEW_CHANNEL | MANAGE_CHANNELS);

        Reply reply = createChannel("greedy", List.of(Map.of("id", botUserId(), "type", 1,
                "allow", Long.toString(Permissions.MANAGE_WEBHOOKS), "deny", "0")));

        reply.expect(403);
        assertThat(reply.json().path("code").asInt()).isEqualTo(50013);
    }

    private Reply createChannel(String name, List<Map<String, Object>> overwrites) {
        return discord.post("/guilds/" + emulator.guildId() + "/channels",
                Map.of("name", name, "type", 0, "permission_overwrites", overwrites));
    }
}
