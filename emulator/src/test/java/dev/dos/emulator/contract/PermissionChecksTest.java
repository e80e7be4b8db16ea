package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.model.Permission;
import dev.dos.testkit.Reply;
import java.util.NoSuchElementException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;


/** Per-channel permissions: 50001 when the bot cannot see, 50013 when it may not act. */
class PermissionChecksTest extends EmulatorContract {
    private static final String MISSING_ACCESS = "{\"message\":\"Missing Access\",\"code\":50001}";
    private static final String MISSING_PERMISSIONS = "{\"message\":\"Missing Permissions\",\"code\":50013}";

    @Test
    void withoutViewChannelEverythingIsMissingAccess() {
        emulator.admin().setChannelPermissions(storage, 0);
        for (Reply r : new Reply[] {discord.get("/channels/" + storage),
                discord.get("/channels/" + storage + "/messages"),
                discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}")}) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json()).isEqualTo(json(MISSING_ACCESS));
        }
        assertThat(discord.get("/guilds/" + emulator.guildId() + "/channels").json().findValuesAsText("name"))
                .containsExactly("index", "backup");
    }

    @Test
    void withoutSendMessagesPostingIsMissingPermissions() {
        emulator.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.SEND_MESSAGES);
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(json(MISSING_PERMISSIONS));
        // Threads need SEND_MESSAGES_IN_THREADS instead, which the bot still has.
        String thread = newThread(storage, "ok");
        assertThat(discord.post("/channels/" + thread + "/messages", "{\"content\":\"x\"}").status()).isEqualTo(200);
    }

    @Test
    void filesNeedAttachFiles() {
        emulator.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.ATTACH_FILES);
        Reply r = discord.post("/channels/" + storage + "/messages", filesForm("", new byte[] {1}));
        assertThat(r.json()).isEqualTo(json(MISSING_PERMISSIONS));
        assertThat(discord.post("/channels/" + storage + "/messages", "{\"content\":\"text is fine\"}").status())
                .isEqualTo(200);
    }

    @Test
    void withoutReadMessageHistoryTheListIsEmptyAndSingleReadsAreRefused() {
        String id = discord.postMessage(storage, "secret").get("id").asText();
        emulator.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.READ_MESSAGE_HISTORY);
        assertThat(discord.get("/channels/" + storage + "/messages").json()).isEmpty();
        assertThat(discord.get("/channels/" + storage + "/messages/" + id).json()).isEqualTo(json(MISSING_ACCESS));
    }

    @Test
    void threadsInheritTheirParentsPermissions() {
        String thread = newThread(storage, "inherits");
        emulator.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.SEND_MESSAGES_IN_THREADS);
        assertThat(discord.post("/channels/" + thread + "/messages", "{\"content\":\"x\"}").json())
                .isEqualTo(json(MISSING_PERMISSIONS));
    }

    @Test
    void theGuildIdSetsTheDefaultForChannelsWithoutTheirOwn() {
        emulator.admin().setChannelPermissions(emulator.guildId(), Permission.ALL & ~Permission.MANAGE_CHANNELS);
        assertThat(discord.post("/guilds/" + emulator.guildId() + "/channels", "{\"name\":\"x\"}").json())
                .isEqualTo(json(MISSING_PERMISSIONS));
        emulator.admin().setChannelPermissions(storage, Permission.ALL);
        assertThat(discord.patch("/channels/" + storage, "{\"topic\":\"t\"}").status()).isEqualTo(200);
        assertThat(discord.patch("/channels/" + emulator.channelId("index"), "{\"topic\":\"t\"}").json())
                .isEqualTo(json(MISSING_PERMISSIONS));
    }

    @Test
    void creatingThreadsNeedsTheThreadPermissions() {
        emulator.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.CREATE_PUBLIC_THREADS);
        assertThat(discord.post("/channels/" + storage + "/threads", "{\"name\":\"x\",\"type\":11}").json())
                .isEqualTo(json(MISSING_PERMISSIONS));
    }

    @Test
    void unknownIdsAreRejectedByTheAdminApi() {
        Assertions.assertThatThrownBy(() -> emulator.admin().setChannelPermissions("123", 0))
                .isInstanceOf(NoSuchElementException.class);
        Assertions.assertThatThrownBy(() -> emulator.admin().attachmentFile("123"))
                .isInstanceOf(NoSuchElementException.class);
    }
}
