package dev.dos.emulator.contract;

import static dev.dos.emulator.contract.MessagesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;

/** Channel webhooks: created by the bot, executed by anyone holding the URL. */
class WebhooksTest extends EmulatorContract {
    private JsonNode hook;
    private RawDiscord anonymous;

    @BeforeEach
    void createWebhook() {
        hook = discord.post("/channels/" + storage + "/webhooks", Map.of("name", "dos-uploader")).expect(200).json();
        anonymous = discord.withAuthorization(null);
    }

    private String executePath(String query) {
        return "/webhooks/" + hook.path("id").asText() + "/" + hook.path("token").asText() + query;
    }

    @Test
    void aCreatedWebhookHasAnIdATokenAndItsChannel() {
        assertThat(hook.path("id").asText()).matches("\\d+");
        assertThat(hook.path("token").asText()).hasSizeGreaterThan(20);
        assertThat(hook.path("channel_id").asText()).isEqualTo(storage);
        assertThat(hook.path("name").asText()).isEqualTo("dos-uploader");
        assertThat(hook.path("type").asInt()).isEqualTo(1);
    }

    @Test
    void theChannelListsItsWebhooks() {
        JsonNode hooks = discord.get("/channels/" + storage + "/webhooks").expect(200).json();

        assertThat(MessagesTest.idsOf(hooks)).contains(hook.path("id").asText());
        assertThat(hooks.findValuesAsText("token")).contains(hook.path("token").asText());
    }

    @Test
    void executingWithWaitReturnsTheMessageWithoutAnyAuthorization() {
        JsonNode m = anonymous.post(executePath("?wait=true"), Map.of("content", "via webhook")).expect(200).json();

        assertThat(m.path("content").asText()).isEqualTo("via webhook");
        assertThat(m.path("channel_id").asText()).isEqualTo(storage);
        assertThat(m.path("webhook_id").asText()).isEqualTo(hook.path("id").asText());
        assertThat(m.path("author").path("username").asText()).isEqualTo("dos-uploader");
        discord.get("/channels/" + storage + "/messages/" + m.path("id").asText()).expect(200);
    }

    @Test
    void executingWithoutWaitAnswers204() {
        Reply reply = anonymous.post(executePath(""), Map.of("content", "fire and forget"));

        reply.expect(204);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).hasSize(1);
    }

    @Test
    void executingWithFilesUploadsAttachments() {
        byte[] bytes = randomBytes(4096, 7);

        JsonNode m = anonymous.post(executePath("?wait=true"), filesForm("chunk", bytes)).expect(200).json();

        assertThat(m.path("attachments")).hasSize(1);
        assertThat(m.path("attachments").get(0).path("size").asLong()).isEqualTo(4096);
        assertThat(RawDiscord.fetch(m.path("attachments").get(0).path("url").asText()).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    void threadIdPostsIntoThatThread() {
        String thread = createThread(storage, "via hook").path("id").asText();

        JsonNode m = anonymous.post(executePath("?wait=true&thread_id=" + thread), Map.of("content", "in thread"))
                .expect(200).json();

        assertThat(m.path("channel_id").asText()).isEqualTo(thread);
        assertThat(discord.get("/channels/" + thread + "/messages").expect(200).json()).hasSize(1);
    }

    @Test
    void aThreadOfAnotherChannelIsUnknownToTheWebhook() {
        String elsewhere = createThread(target.channelId("index"), "other").path("id").asText();

        Reply reply = anonymous.post(executePath("?wait=true&thread_id=" + elsewhere), Map.of("content", "no"));

        assertError(reply, 404, 10003);
    }

    @Test
    void aWrongWebhookTokenIsRefused() {
        Reply reply = anonymous.post("/webhooks/" + hook.path("id").asText() + "/wrong-token?wait=true",
                Map.of("content", "x"));

        assertError(reply, 401, 50027);
        assertThat(reply.json().path("message").asText()).isEqualTo("Invalid Webhook Token");
    }

    @Test
    void anUnknownWebhookIs404With10015() {
        Reply reply = anonymous.post("/webhooks/" + Snowflakes.at(java.time.Instant.now()) + "/token?wait=true",
                Map.of("content", "x"));

        assertError(reply, 404, 10015);
        assertThat(reply.json().path("message").asText()).isEqualTo("Unknown Webhook");
    }

    @Test
    void anEmptyWebhookMessageIsRefusedWith50006() {
        assertError(anonymous.post(executePath("?wait=true"), Map.of()), 400, 50006);
    }

    @Test
    void aWebhookNeedsANameWithoutDiscordInIt() {
        assertThat(discord.post("/channels/" + storage + "/webhooks", Map.of()).json()
                .at("/errors/name/_errors/0/code").asText()).isEqualTo("BASE_TYPE_REQUIRED");
        assertError(discord.post("/channels/" + storage + "/webhooks", Map.of("name", "my discord hook")), 400, 50035);
    }

    @Test
    void theBotNeedsManageMessagesToDeleteAWebhooksMessage() {
        String id = anonymous.post(executePath("?wait=true"), Map.of("content", "hooked")).expect(200).json()
                .path("id").asText();
        emulator.admin().setChannelPermissions(storage, Permissions.allBut(Permissions.MANAGE_MESSAGES));

        assertError(discord.delete("/channels/" + storage + "/messages/" + id), 403, 50013);
        // a webhook's message is not the bot's own: editing it is 50005 whatever the permissions
        assertThat(discord.patch("/channels/" + storage + "/messages/" + id, Map.of("content", "x")).json()
                .path("code").asInt()).isEqualTo(50005);
    }
}
