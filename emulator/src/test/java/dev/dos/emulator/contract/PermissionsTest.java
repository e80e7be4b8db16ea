package dev.dos.emulator.contract;

import static dev.dos.emulator.contract.Permissions.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.Reply;
import dev.dos.emulator.model.Permission;
import java.util.NoSuchElementException;
import org.assertj.core.api.Assertions;

/**
 * The bot's permissions per channel: no VIEW_CHANNEL means 403 code 50001 (Missing Access); a
 * visible channel without the needed bit means 403 code 50013 (Missing Permissions).
 */
class PermissionsTest extends EmulatorContract {

    @Test
    void aChannelTheBotCannotSeeAnswersMissingAccess() {
        emulator.admin().setChannelPermissions(storage, allBut(VIEW_CHANNEL));

        assertForbidden(discord.get("/channels/" + storage), 50001);
        assertForbidden(discord.post("/channels/" + storage + "/messages", Map.of("content", "x")), 50001);
        assertForbidden(discord.get("/channels/" + storage + "/messages"), 50001);
    }

    @Test
    void sendingWithoutSendMessagesAnswersMissingPermissions() {
        emulator.admin().setChannelPermissions(storage, allBut(SEND_MESSAGES));

        assertForbidden(discord.post("/channels/" + storage + "/messages", Map.of("content", "x")), 50013);
        discord.get("/channels/" + storage).expect(200);
    }

    @Test
    void uploadingWithoutAttachFilesAnswersMissingPermissionsButTextStillGoesThrough() {
        emulator.admin().setChannelPermissions(storage, allBut(ATTACH_FILES));

        assertForbidden(discord.post("/channels/" + storage + "/messages", filesForm("x", new byte[] {1})), 50013);
        postText(storage, "text only is fine");
    }

    @Test
    void bulkDeleteWithoutManageMessagesAnswersMissingPermissions() {
        String a = postText(storage, "a").path("id").asText();
        String b = postText(storage, "b").path("id").asText();
        emulator.admin().setChannelPermissions(storage, allBut(MANAGE_MESSAGES));

        Reply reply = discord.post("/channels/" + storage + "/messages/bulk-delete", Map.of("messages", List.of(a, b)));

        assertForbidden(reply, 50013);
    }

    @Test
    void pinningWithoutManageMessagesAnswersMissingPermissions() {
        String id = postText(storage, "pin me").path("id").asText();
        emulator.admin().setChannelPermissions(storage, allBut(MANAGE_MESSAGES));

        assertForbidden(discord.put("/channels/" + storage + "/pins/" + id), 50013);
    }

    @Test
    void withoutReadMessageHistoryTheListIsEmptyRatherThanRefused() {
        // Discord: "If the current user is missing the READ_MESSAGE_HISTORY permission in the
        // channel, then no messages will be returned."
        postText(storage, "hidden history");
        emulator.admin().setChannelPermissions(storage, allBut(READ_MESSAGE_HISTORY));

        JsonNode list = discord.get("/channels/" + storage + "/messages").expect(200).json();

        assertThat(list.isArray()).isTrue();
        assertThat(list).isEmpty();
    }

    @Test
    void readingOneMessageWithoutReadMessageHistoryIsMissingAccess() {
        // message.mdx: Get Channel Message needs VIEW_CHANNEL and READ_MESSAGE_HISTORY; the code
        // is docs/EMULATOR.md's choice
        String id = postText(storage, "hidden").path("id").asText();
        emulator.admin().setChannelPermissions(storage, allBut(READ_MESSAGE_HISTORY));

        assertForbidden(discord.get("/channels/" + storage + "/messages/" + id), 50001);
    }

    @Test
    void creatingAPublicThreadWithoutCreatePublicThreadsAnswersMissingPermissions() {
        emulator.admin().setChannelPermissions(storage, allBut(CREATE_PUBLIC_THREADS));

        Reply reply = discord.post("/channels/" + storage + "/threads", Map.of("name", "t", "type", 11));

        assertForbidden(reply, 50013);
    }

    @Test
    void inAThreadSendMessagesInThreadsCountsNotSendMessages() {
        String thread = createThread(storage, "batch").path("id").asText();
        emulator.admin().setChannelPermissions(storage, allBut(SEND_MESSAGES_IN_THREADS));

        assertForbidden(discord.post("/channels/" + thread + "/messages", Map.of("content", "x")), 50013);

        emulator.admin().setChannelPermissions(storage, allBut(SEND_MESSAGES));
        postText(thread, "threads only need SEND_MESSAGES_IN_THREADS");
    }

    @Test
    void creatingAWebhookWithoutManageWebhooksAnswersMissingPermissions() {
        emulator.admin().setChannelPermissions(storage, allBut(MANAGE_WEBHOOKS));

        assertForbidden(discord.post("/channels/" + storage + "/webhooks", Map.of("name", "hook")), 50013);
    }

    @Test
    void lockingAThreadNeedsManageThreads() {
        // threads topic: "Editing a thread to change rate_limit_per_user or locked requires MANAGE_THREADS"
        String thread = createThread(storage, "t").path("id").asText();
        emulator.admin().setChannelPermissions(storage, allBut(MANAGE_THREADS));

        assertForbidden(discord.patch("/channels/" + thread, Map.of("locked", true)), 50013);
    }

    @Test
    void listingArchivedThreadsNeedsReadMessageHistory() {
        // channel.mdx, List Public Archived Threads: "Requires the READ_MESSAGE_HISTORY permission."
        emulator.admin().setChannelPermissions(storage, allBut(READ_MESSAGE_HISTORY));

        Reply reply = discord.get("/channels/" + storage + "/threads/archived/public");

        reply.expect(403);
        assertThat(reply.json().path("code").asInt()).isIn(50001, 50013);
    }

    @Test
    void otherChannelsKeepTheirOwnPermissions() {
        emulator.admin().setChannelPermissions(storage, 0L);

        postText(emulator.channelId("index"), "index is untouched");
    }

    @Test
    void restoringThePermissionsRestoresAccess() {
        emulator.admin().setChannelPermissions(storage, 0L);
        assertForbidden(discord.get("/channels/" + storage), 50001);

        emulator.admin().setChannelPermissions(storage, ALL_NEEDED);

        discord.get("/channels/" + storage).expect(200);
    }

    @Test
    void withoutViewChannelEverythingIsMissingAccess() {
        emulator.admin().setChannelPermissions(storage, 0);
        for (Reply r : new Reply[] {discord.get("/channels/" + storage),
                discord.get("/channels/" + storage + "/messages"),
                discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}")}) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json()).isEqualTo(json("{\"message\":\"Missing Access\",\"code\":50001}"));
        }
        assertThat(discord.get("/guilds/" + emulator.guildId() + "/channels").json().findValuesAsText("name"))
                .containsExactly("index", "backup");
    }

    @Test
    void withoutSendMessagesPostingIsMissingPermissions() {
        emulator.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.SEND_MESSAGES);
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"Missing Permissions\",\"code\":50013}"));
        // Threads need SEND_MESSAGES_IN_THREADS instead, which the bot still has.
        String thread = newThread(storage, "ok");
        assertThat(discord.post("/channels/" + thread + "/messages", "{\"content\":\"x\"}").status()).isEqualTo(200);
    }

    @Test
    void theGuildIdSetsTheDefaultForChannelsWithoutTheirOwn() {
        emulator.admin().setChannelPermissions(emulator.guildId(), Permission.ALL & ~Permission.MANAGE_CHANNELS);
        assertThat(discord.post("/guilds/" + emulator.guildId() + "/channels", "{\"name\":\"x\"}").json())
                .isEqualTo(json("{\"message\":\"Missing Permissions\",\"code\":50013}"));
        emulator.admin().setChannelPermissions(storage, Permission.ALL);
        assertThat(discord.patch("/channels/" + storage, "{\"topic\":\"t\"}").status()).isEqualTo(200);
        assertThat(discord.patch("/channels/" + emulator.channelId("index"), "{\"topic\":\"t\"}").json())
                .isEqualTo(json("{\"message\":\"Missing Permissions\",\"code\":50013}"));
    }

    @Test
    void unknownIdsAreRejectedByTheAdminApi() {
        Assertions.assertThatThrownBy(() -> emulator.admin().setChannelPermissions("123", 0))
                .isInstanceOf(NoSuchElementException.class);
        Assertions.assertThatThrownBy(() -> emulator.admin().attachmentFile("123"))
                .isInstanceOf(NoSuchElementException.class);
    }

    static void assertForbidden(Reply reply, int code) {
        reply.expect(403);
        assertThat(reply.json().path("code").asInt()).as(reply.describe()).isEqualTo(code);
        assertThat(reply.json().path("message").asText()).isNotBlank();
    }
}
