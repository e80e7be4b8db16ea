package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


class WebhookApiTest extends EmulatorContract {
    private JsonNode hook;
    private String execute;

    @BeforeEach
    void createWebhook() {
        Reply r = discord.post("/channels/" + storage + "/webhooks", "{\"name\":\"dos uploader\"}");
        assertThat(r.status()).isEqualTo(200);
        hook = r.json();
        execute = "/webhooks/" + hook.get("id").asText() + "/" + hook.get("token").asText();
    }

    @Test
    void aWebhookHasIdTokenAndChannel() {
        assertThat(hook.get("id").isTextual()).isTrue();
        assertThat(hook.get("token").asText()).hasSizeGreaterThan(20);
        assertThat(hook.get("channel_id").asText()).isEqualTo(storage);
        assertThat(hook.get("type").asInt()).isEqualTo(1);
        assertThat(discord.get("/channels/" + storage + "/webhooks").json().findValuesAsText("token"))
                .contains(hook.get("token").asText());
    }

    @Test
    void executingWithWaitReturnsTheMessageWithoutAnyBotToken() {
        Reply r = RawDiscord.of(emulator).withToken(null).post(execute + "?wait=true", "{\"content\":\"via hook\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("webhook_id").asText()).isEqualTo(hook.get("id").asText());
        assertThat(r.json().get("author").get("username").asText()).isEqualTo("dos uploader");
        assertThat(r.json().get("channel_id").asText()).isEqualTo(storage);
    }

    @Test
    void withoutWaitTheAnswerIs204ButTheMessageExists() {
        Reply r = discord.post(execute, "{\"content\":\"fire and forget\"}");
        assertThat(r.status()).isEqualTo(204);
        assertThat(discord.get("/channels/" + storage + "/messages").json().get(0).get("content").asText())
                .isEqualTo("fire and forget");
    }

    @Test
    void threadIdPostsIntoAThreadOfTheWebhooksChannel() {
        String thread = newThread(storage, "hooked");
        Reply r = discord.post(execute + "?wait=true&thread_id=" + thread, "{\"content\":\"in thread\"}");
        assertThat(r.json().get("channel_id").asText()).isEqualTo(thread);
        String elsewhere = newThread(emulator.channelId("index"), "other");
        Reply wrong = discord.post(execute + "?wait=true&thread_id=" + elsewhere, "{\"content\":\"no\"}");
        assertThat(wrong.status()).isEqualTo(404);
        assertThat(wrong.json().get("code").asInt()).isEqualTo(10003);
    }

    @Test
    void multipartUploadsWorkThroughWebhooks() {
        Reply r = discord.post(execute + "?wait=true", filesForm("", new byte[] {1, 2}));
        assertThat(r.json().at("/attachments/0/size").asInt()).isEqualTo(2);
    }

    @Test
    void wrongTokenIs50027AndUnknownWebhookIs10015() {
        Reply wrong = discord.post("/webhooks/" + hook.get("id").asText() + "/nope?wait=true", "{\"content\":\"x\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json()).isEqualTo(json("{\"message\":\"Invalid Webhook Token\",\"code\":50027}"));
        Reply unknown = discord.post("/webhooks/42/" + hook.get("token").asText(), "{\"content\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json()).isEqualTo(json("{\"message\":\"Unknown Webhook\",\"code\":10015}"));
    }

    @Test
    void namesAreValidated() {
        assertThat(discord.post("/channels/" + storage + "/webhooks", "{}").json().at("/errors/name/_errors/0/code")
                .asText()).isEqualTo("BASE_TYPE_REQUIRED");
        assertThat(discord.post("/channels/" + storage + "/webhooks", "{\"name\":\"my discord hook\"}").json()
                .get("code").asInt()).isEqualTo(50035);
    }

    @Test
    void theBotNeedsManageMessagesToDeleteAWebhooksMessage() {
        String id = discord.post(execute + "?wait=true", "{\"content\":\"hooked\"}").json().get("id").asText();
        emulator.admin().setChannelPermissions(storage,
                dev.dos.emulator.model.Permission.ALL & ~dev.dos.emulator.model.Permission.MANAGE_MESSAGES);
        assertThat(discord.delete("/channels/" + storage + "/messages/" + id).json().get("code").asInt()).isEqualTo(50013);
        assertThat(discord.patch("/channels/" + storage + "/messages/" + id, "{\"content\":\"x\"}").json()
                .get("code").asInt()).isEqualTo(50005);
    }
}
