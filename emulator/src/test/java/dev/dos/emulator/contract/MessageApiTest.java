package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.model.SnowflakeGenerator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;


class MessageApiTest extends EmulatorContract {
    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        clock.freeze(); // stopped: only the test moves it
        return config;
    }


    @Test
    void createReturnsTheFullMessageObject() {
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"hello\",\"nonce\":\"n-1\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode m = r.json();
        assertThat(m.get("id").isTextual()).isTrue();
        assertThat(m.get("channel_id").asText()).isEqualTo(storage);
        assertThat(m.get("content").asText()).isEqualTo("hello");
        assertThat(m.get("author").get("bot").asBoolean()).isTrue();
        assertThat(m.get("author").get("id").asText()).isEqualTo(discord.get("/users/@me").json().get("id").asText());
        assertThat(m.get("type").asInt()).isZero();
        assertThat(m.get("tts").asBoolean()).isFalse();
        assertThat(m.get("pinned").asBoolean()).isFalse();
        assertThat(m.get("mention_everyone").asBoolean()).isFalse();
        assertThat(m.get("edited_timestamp").isNull()).isTrue();
        assertThat(m.get("nonce").asText()).isEqualTo("n-1");
        for (String field : new String[] {"mentions", "mention_roles", "attachments", "embeds"}) {
            assertThat(m.get(field).isArray()).as(field).isTrue();
        }
        assertThat(m.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
        assertThat(m.get("flags").asInt()).isZero();
    }

    @Test
    void theMessageIdIsASnowflakeOfItsCreationTime() {
        long id = Long.parseLong(discord.postMessage(storage, "x").get("id").asText());
        assertThat(SnowflakeGenerator.timestampOf(id)).isBetween(clock.instant().minusMillis(1), clock.instant());
    }

    @Test
    void getOneAndUnknownMessage() {
        String id = discord.postMessage(storage, "kept").get("id").asText();
        assertThat(discord.get("/channels/" + storage + "/messages/" + id).json().get("content").asText()).isEqualTo("kept");
        Reply unknown = discord.get("/channels/" + storage + "/messages/" + (Long.parseLong(id) + 1));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json()).isEqualTo(json("{\"message\":\"Unknown Message\",\"code\":10008}"));
        // A message is only found in its own channel.
        assertThat(discord.get("/channels/" + emulator.channelId("index") + "/messages/" + id).status()).isEqualTo(404);
    }

    @Test
    void emptyMessageIs50006AndWhitespaceIsEmptyToo() {
        for (String body : new String[] {"{}", "{\"content\":\"\"}", "{\"content\":\"   \"}", "{\"embeds\":[]}"}) {
            Reply r = discord.post("/channels/" + storage + "/messages", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json()).as(body).isEqualTo(json("{\"message\":\"Cannot send an empty message\",\"code\":50006}"));
        }
    }

    @Test
    void contentOf2000CharactersIsAcceptedAnd2001IsInvalidFormBody() {
        assertThat(discord.post("/channels/" + storage + "/messages",
                "{\"content\":\"" + "a".repeat(2000) + "\"}").status()).isEqualTo(200);
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"" + "a".repeat(2001) + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"content\":"
                + "{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 2000 or fewer in length.\"}]}}}"));
    }

    @Test
    void malformedJsonIs50109() {
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(50109);
    }

    @Test
    void embedsAreStoredAsRichAndLimited() {
        Reply ok = discord.post("/channels/" + storage + "/messages", "{\"embeds\":[{\"title\":\"card\"}]}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().at("/embeds/0/type").asText()).isEqualTo("rich");
        assertThat(ok.json().at("/embeds/0/title").asText()).isEqualTo("card");

        StringBuilder eleven = new StringBuilder("[");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("{\"title\":\"t\"}");
        }
        Reply tooMany = discord.post("/channels/" + storage + "/messages", "{\"embeds\":" + eleven + "]}");
        assertThat(tooMany.json().at("/errors/embeds/_errors/0/code").asText()).isEqualTo("BASE_TYPE_MAX_LENGTH");
        Reply tooLong = discord.post("/channels/" + storage + "/messages",
                "{\"embeds\":[{\"description\":\"" + "d".repeat(4000) + "\"},{\"description\":\"" + "d".repeat(2001)
                        + "\"}]}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().at("/errors/embeds/_errors/0/code").asText()).isEqualTo("MAX_EMBED_SIZE_EXCEEDED");
    }

    @Test
    void listIsNewestFirstWithDefaultLimit50() {
        List<String> ids = post(60);
        JsonNode page = discord.get("/channels/" + storage + "/messages").json();
        assertThat(page).hasSize(50);
        assertThat(page.get(0).get("id").asText()).isEqualTo(ids.get(59));
        assertThat(page.get(49).get("id").asText()).isEqualTo(ids.get(10));
    }

    @Test
    void beforeAfterAndAroundPagesAreNewestFirst() {
        List<String> ids = post(10);
        assertThat(idsOf(discord.get("/channels/" + storage + "/messages?limit=3&before=" + ids.get(5)).json()))
                .containsExactly(ids.get(4), ids.get(3), ids.get(2));
        // after=X gives the messages right after X, still newest first: a forward pager reverses.
        assertThat(idsOf(discord.get("/channels/" + storage + "/messages?limit=3&after=" + ids.get(5)).json()))
                .containsExactly(ids.get(8), ids.get(7), ids.get(6));
        assertThat(idsOf(discord.get("/channels/" + storage + "/messages?limit=3&around=" + ids.get(5)).json()))
                .containsExactly(ids.get(6), ids.get(5), ids.get(4));
        assertThat(idsOf(discord.get("/channels/" + storage + "/messages?limit=100&after=0").json())).hasSize(10);
    }

    @Test
    void pagingForwardWithAfterVisitsEveryMessageOnce() {
        List<String> ids = post(25);
        List<String> seen = new ArrayList<>();
        String after = "0";
        while (true) {
            List<String> page = idsOf(discord.get("/channels/" + storage + "/messages?limit=7&after=" + after).json());
            if (page.isEmpty()) {
                break;
            }
            List<String> oldestFirst = new ArrayList<>(page);
            java.util.Collections.reverse(oldestFirst);
            seen.addAll(oldestFirst);
            after = oldestFirst.get(oldestFirst.size() - 1);
        }
        assertThat(seen).isEqualTo(ids);
    }

    @Test
    void limitOutsideOneToHundredIsInvalidFormBody() {
        Reply zero = discord.get("/channels/" + storage + "/messages?limit=0");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().at("/errors/limit/_errors/0/code").asText()).isEqualTo("NUMBER_TYPE_MIN");
        Reply over = discord.get("/channels/" + storage + "/messages?limit=101");
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.json().get("code").asInt()).isEqualTo(50035);
        assertThat(over.json().at("/errors/limit/_errors/0/code").asText()).isEqualTo("NUMBER_TYPE_MAX");
        assertThat(discord.get("/channels/" + storage + "/messages?limit=100").status()).isEqualTo(200);
        assertThat(discord.get("/channels/" + storage + "/messages?before=abc").json()
                .at("/errors/before/_errors/0/code").asText()).isEqualTo("NUMBER_TYPE_COERCE");
    }

    @Test
    void editReplacesContentAndSetsEditedTimestamp() {
        String id = discord.postMessage(storage, "v1").get("id").asText();
        clock.advance(Duration.ofSeconds(3));
        Reply r = discord.patch("/channels/" + storage + "/messages/" + id, "{\"content\":\"v2\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("content").asText()).isEqualTo("v2");
        assertThat(r.json().get("edited_timestamp").isTextual()).isTrue();
        assertThat(discord.get("/channels/" + storage + "/messages/" + id).json().get("content").asText()).isEqualTo("v2");
    }

    @Test
    void editKeepsOnlyTheListedAttachmentsAndAppendsNewFiles() {
        JsonNode m = postFiles(storage, bytes("a"), bytes("b"));
        String id = m.get("id").asText();
        String keep = m.at("/attachments/1/id").asText();
        Multipart edit = new Multipart()
                .payloadJson("{\"attachments\":[{\"id\":\"" + keep + "\"},{\"id\":0,\"filename\":\"c.bin\"}]}")
                .file(0, "c.bin", "application/octet-stream", bytes("c"));
        Reply r = discord.send("PATCH", "/channels/" + storage + "/messages/" + id, edit);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("attachments").findValuesAsText("filename")).containsExactly("chunk-1.bin", "c.bin");
        assertThat(r.json().at("/attachments/0/id").asText()).isEqualTo(keep);
        // The dropped attachment is gone from the CDN, as on Discord.
        assertThat(dev.dos.testkit.RawDiscord.fetch(m.at("/attachments/0/url").asText()).status())
                .isEqualTo(404);
        assertThat(dev.dos.testkit.RawDiscord.fetch(r.json().at("/attachments/0/url").asText()).text())
                .isEqualTo("b");
        Reply emptied = discord.patch("/channels/" + storage + "/messages/" + id, "{\"content\":\"\",\"attachments\":[]}");
        assertThat(emptied.json().get("code").asInt()).isEqualTo(50006);
    }

    @Test
    void deleteIs204ThenUnknown() {
        String id = discord.postMessage(storage, "bye").get("id").asText();
        Reply r = discord.delete("/channels/" + storage + "/messages/" + id);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(discord.delete("/channels/" + storage + "/messages/" + id).json().get("code").asInt()).isEqualTo(10008);
    }

    @Test
    void bulkDeleteTakesTwoToHundredRecentIds() {
        List<String> ids = post(3);
        Reply one = discord.post("/channels/" + storage + "/messages/bulk-delete",
                "{\"messages\":[\"" + ids.get(0) + "\"]}");
        assertThat(one.status()).isEqualTo(400);
        assertThat(one.json().at("/errors/messages/_errors/0/code").asText()).isEqualTo("BASE_TYPE_MIN_LENGTH");
        Reply ok = discord.post("/channels/" + storage + "/messages/bulk-delete",
                "{\"messages\":[\"" + ids.get(0) + "\",\"" + ids.get(1) + "\",\"1\"]}");
        assertThat(ok.status()).isEqualTo(400).as("1 is a 2015 snowflake: older than 14 days");
        Reply fresh = discord.post("/channels/" + storage + "/messages/bulk-delete",
                "{\"messages\":[\"" + ids.get(0) + "\",\"" + ids.get(1) + "\"]}");
        assertThat(fresh.status()).isEqualTo(204);
        assertThat(idsOf(discord.get("/channels/" + storage + "/messages").json())).containsExactly(ids.get(2));
    }

    @Test
    void bulkDeleteRefusesMessagesOlderThan14DaysWith50034() {
        List<String> ids = post(2);
        clock.advance(Duration.ofDays(14).plusSeconds(1));
        Reply r = discord.post("/channels/" + storage + "/messages/bulk-delete",
                "{\"messages\":[\"" + ids.get(0) + "\",\"" + ids.get(1) + "\"]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"You can only bulk delete messages that are under 14 days "
                + "old.\",\"code\":50034}"));
        assertThat(discord.get("/channels/" + storage + "/messages").json()).hasSize(2);
    }

    @Test
    void pinsUnderBothPaths() {
        List<String> ids = post(2);
        assertThat(discord.put("/channels/" + storage + "/messages/pins/" + ids.get(0), "").status()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(1));
        assertThat(discord.put("/channels/" + storage + "/pins/" + ids.get(1), "").status()).isEqualTo(204);
        JsonNode pins = discord.get("/channels/" + storage + "/messages/pins").json();
        assertThat(pins.get("has_more").asBoolean()).isFalse();
        assertThat(List.of(pins.at("/items/0/message/id").asText(), pins.at("/items/1/message/id").asText()))
                .containsExactly(ids.get(1), ids.get(0));
        assertThat(pins.get("items")).hasSize(2);
        assertThat(pins.at("/items/0/pinned_at").isTextual()).isTrue();
        assertThat(idsOf(discord.get("/channels/" + storage + "/pins").json())).containsExactly(ids.get(1), ids.get(0));
        assertThat(discord.get("/channels/" + storage + "/messages/" + ids.get(0)).json().get("pinned").asBoolean()).isTrue();
        assertThat(discord.delete("/channels/" + storage + "/messages/pins/" + ids.get(0)).status()).isEqualTo(204);
        assertThat(idsOf(discord.get("/channels/" + storage + "/pins").json())).containsExactly(ids.get(1));
    }

    @Test
    void enforceNonceReturnsTheEarlierMessageInsteadOfADuplicate() {
        String body = "{\"content\":\"once\",\"nonce\":\"batch-7\",\"enforce_nonce\":true}";
        String first = discord.post("/channels/" + storage + "/messages", body).json().get("id").asText();
        String second = discord.post("/channels/" + storage + "/messages", body).json().get("id").asText();
        assertThat(second).isEqualTo(first);
        assertThat(discord.get("/channels/" + storage + "/messages").json()).hasSize(1);
    }

    @Test
    void repliesNeedAnExistingMessage() {
        String id = discord.postMessage(storage, "question").get("id").asText();
        Reply reply = discord.post("/channels/" + storage + "/messages",
                "{\"content\":\"answer\",\"message_reference\":{\"message_id\":\"" + id + "\"}}");
        assertThat(reply.json().get("type").asInt()).isEqualTo(19);
        assertThat(reply.json().at("/referenced_message/id").asText()).isEqualTo(id);
        Reply orphan = discord.post("/channels/" + storage + "/messages",
                "{\"content\":\"answer\",\"message_reference\":{\"message_id\":\"" + (Long.parseLong(id) + 9) + "\"}}");
        assertThat(orphan.json().get("code").asInt()).isEqualTo(50035);
    }

    private List<String> post(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(discord.postMessage(storage, "m" + i).get("id").asText());
        }
        return ids;
    }

    private static List<String> idsOf(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
