package dev.dos.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.model.Permission;
import dev.dos.emulator.support.EmulatorFixture;
import dev.dos.emulator.support.Response;
import java.util.NoSuchElementException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Per-channel permissions: 50001 when the bot cannot see, 50013 when it may not act. */
class PermissionChecksTest extends EmulatorFixture {
    private static final String MISSING_ACCESS = "{\"message\":\"Missing Access\",\"code\":50001}";
    private static final String MISSING_PERMISSIONS = "{\"message\":\"Missing Permissions\",\"code\":50013}";

    @Test
    void withoutViewChannelEverythingIsMissingAccess() {
        discord.admin().setChannelPermissions(storage, 0);
        for (Response r : new Response[] {api.get("/channels/" + storage),
                api.get("/channels/" + storage + "/messages"),
                api.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}")}) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json()).isEqualTo(json(MISSING_ACCESS));
        }
        assertThat(api.get("/guilds/" + discord.guildId() + "/channels").json().findValuesAsText("name"))
                .containsExactly("index", "backup");
    }

    @Test
    void withoutSendMessagesPostingIsMissingPermissions() {
        discord.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.SEND_MESSAGES);
        Response r = api.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(json(MISSING_PERMISSIONS));
        // Threads need SEND_MESSAGES_IN_THREADS instead, which the bot still has.
        String thread = newThread(storage, "ok");
        assertThat(api.post("/channels/" + thread + "/messages", "{\"content\":\"x\"}").status()).isEqualTo(200);
    }

    @Test
    void filesNeedAttachFiles() {
        discord.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.ATTACH_FILES);
        Response r = api.postMultipart("/channels/" + storage + "/messages", filesBody("", new byte[] {1}));
        assertThat(r.json()).isEqualTo(json(MISSING_PERMISSIONS));
        assertThat(api.post("/channels/" + storage + "/messages", "{\"content\":\"text is fine\"}").status())
                .isEqualTo(200);
    }

    @Test
    void withoutReadMessageHistoryTheListIsEmptyAndSingleReadsAreRefused() {
        String id = api.postMessage(storage, "secret").get("id").asText();
        discord.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.READ_MESSAGE_HISTORY);
        assertThat(api.get("/channels/" + storage + "/messages").json()).isEmpty();
        assertThat(api.get("/channels/" + storage + "/messages/" + id).json()).isEqualTo(json(MISSING_ACCESS));
    }

    @Test
    void threadsInheritTheirParentsPermissions() {
        String thread = newThread(storage, "inherits");
        discord.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.SEND_MESSAGES_IN_THREADS);
        assertThat(api.post("/channels/" + thread + "/messages", "{\"content\":\"x\"}").json())
                .isEqualTo(json(MISSING_PERMISSIONS));
    }

    @Test
    void theGuildIdSetsTheDefaultForChannelsWithoutTheirOwn() {
        discord.admin().setChannelPermissions(discord.guildId(), Permission.ALL & ~Permission.MANAGE_CHANNELS);
        assertThat(api.post("/guilds/" + discord.guildId() + "/channels", "{\"name\":\"x\"}").json())
                .isEqualTo(json(MISSING_PERMISSIONS));
        discord.admin().setChannelPermissions(storage, Permission.ALL);
        assertThat(api.patch("/channels/" + storage, "{\"topic\":\"t\"}").status()).isEqualTo(200);
        assertThat(api.patch("/channels/" + discord.channelId("index"), "{\"topic\":\"t\"}").json())
                .isEqualTo(json(MISSING_PERMISSIONS));
    }

    @Test
    void creatingThreadsNeedsTheThreadPermissions() {
        discord.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.CREATE_PUBLIC_THREADS);
        assertThat(api.post("/channels/" + storage + "/threads", "{\"name\":\"x\",\"type\":11}").json())
                .isEqualTo(json(MISSING_PERMISSIONS));
    }

    @Test
    void unknownIdsAreRejectedByTheAdminApi() {
        Assertions.assertThatThrownBy(() -> discord.admin().setChannelPermissions("123", 0))
                .isInstanceOf(NoSuchElementException.class);
        Assertions.assertThatThrownBy(() -> discord.admin().attachmentFile("123"))
                .isInstanceOf(NoSuchElementException.class);
    }
}
