package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.EmulatorOnly;
import dev.dos.emulator.live.Live;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.Reply;
import java.time.Duration;
import java.nio.charset.StandardCharsets;

/** Create, fetch, edit and delete messages, as JSON and as multipart. */
@Live
class MessagesTest extends EmulatorContract {

    private String messages() {
        return "/channels/" + storage + "/messages";
    }

    @Test
    void aJsonMessageComesBackAsAFullMessageObject() {
        JsonNode m = discord.post(messages(), Map.of("content", "hello")).expect(200).json();

        assertThat(m.path("id").isTextual()).isTrue();
        assertThat(m.path("channel_id").asText()).isEqualTo(storage);
        assertThat(m.path("content").asText()).isEqualTo("hello");
        assertThat(m.path("author").path("bot").asBoolean()).isTrue();
        assertThat(m.path("author").path("id").asText()).isEqualTo(botUserId());
        assertThat(OffsetDateTime.parse(m.path("timestamp").asText())).isNotNull();
        assertThat(m.has("edited_timestamp")).isTrue();
        assertThat(m.path("edited_timestamp").isNull()).isTrue();
        assertThat(m.path("tts").isBoolean()).isTrue();
        assertThat(m.path("mention_everyone").isBoolean()).isTrue();
        assertThat(m.path("mentions").isArray()).isTrue();
        assertThat(m.path("mention_roles").isArray()).isTrue();
        assertThat(m.path("attachments").isArray()).isTrue();
        assertThat(m.path("embeds").isArray()).isTrue();
        assertThat(m.path("pinned").asBoolean()).isFalse();
        assertThat(m.path("type").asInt()).isZero();
        assertThat(m.path("flags").isInt()).isTrue();
    }

    @Test
    void aMultipartMessageCarriesEveryFileAsAnAttachmentInOrder() {
        byte[] first = randomBytes(1000, 1);
        byte[] second = randomBytes(2000, 2);
        Multipart form = Multipart.form()
                .payloadJson(Map.of("content", "two chunks", "attachments", List.of(
                        Map.of("id", 0, "filename", "a.bin", "description", "first"),
                        Map.of("id", 1, "filename", "b.bin", "description", "second"))))
                .file(0, "a.bin", first)
                .file(1, "b.bin", second);

        JsonNode m = discord.post(messages(), form).expect(200).json();

        assertThat(m.path("content").asText()).isEqualTo("two chunks");
        JsonNode attachments = m.path("attachments");
        assertThat(attachments).hasSize(2);
        assertThat(attachments.get(0).path("filename").asText()).isEqualTo("a.bin");
        assertThat(attachments.get(0).path("size").asLong()).isEqualTo(1000);
        assertThat(attachments.get(0).path("description").asText()).isEqualTo("first");
        assertThat(attachments.get(1).path("filename").asText()).isEqualTo("b.bin");
        assertThat(attachments.get(1).path("size").asLong()).isEqualTo(2000);
        assertThat(attachments.get(0).path("id").asText()).isNotEqualTo(attachments.get(1).path("id").asText());
    }

    @Test
    void theAttachmentsArrayIsMatchedToFilesByIndexNotByOrder() {
        Multipart form = Multipart.form()
                .payloadJson(Map.of("attachments", List.of(
                        Map.of("id", 1, "filename", "b.bin", "description", "for files[1]"),
                        Map.of("id", 0, "filename", "a.bin", "description", "for files[0]"))))
                .file(0, "a.bin", new byte[10])
                .file(1, "b.bin", new byte[20]);

        JsonNode m = discord.post(messages(), form).expect(200).json();

        for (JsonNode a : m.path("attachments")) {
            if (a.path("filename").asText().equals("a.bin")) {
                assertThat(a.path("size").asLong()).isEqualTo(10);
                assertThat(a.path("description").asText()).isEqualTo("for files[0]");
            } else {
                assertThat(a.path("size").asLong()).isEqualTo(20);
                assertThat(a.path("description").asText()).isEqualTo("for files[1]");
            }
        }
        assertThat(m.path("attachments")).hasSize(2);
    }

    @Test
    void aMultipartMessageMayCarryItsContentAsAPlainFormField() {
        Multipart form = Multipart.form().field("content", "Hello, World!");

        JsonNode m = discord.post(messages(), form).expect(200).json();

        assertThat(m.path("content").asText()).isEqualTo("Hello, World!");
    }

    @Test
    void filesAloneMakeAMessage() {
        Multipart form = Multipart.form().file(0, "only.bin", new byte[] {1, 2, 3});

        JsonNode m = discord.post(messages(), form).expect(200).json();

        assertThat(m.path("attachments")).hasSize(1);
        assertThat(m.path("attachments").get(0).path("filename").asText()).isEqualTo("only.bin");
    }

    @Test
    void anEmptyMessageIsRefusedWith50006() {
        assertError(discord.post(messages(), Map.of()), 400, 50006);
        assertError(discord.post(messages(), Map.of("content", "")), 400, 50006);
        assertError(discord.post(messages(), Multipart.form().payloadJson(Map.of("content", ""))), 400, 50006);
    }

    @Test
    void whitespaceAloneIsAnEmptyMessage() {
        assertError(discord.post(messages(), Map.of("content", "   ")), 400, 50006);
    }

    @Test
    void anEmbedAloneMakesAMessage() {
        JsonNode m = discord.post(messages(), Map.of("embeds", List.of(Map.of("title", "batch 7", "description", "ok"))))
                .expect(200).json();

        assertThat(m.path("embeds")).hasSize(1);
        assertThat(m.path("embeds").get(0).path("title").asText()).isEqualTo("batch 7");
    }

    @Test
    void contentOfExactly2000CharactersIsAccepted() {
        postText(storage, repeat('a', 2000));
    }

    @Test
    void contentOf2001CharactersIsAFormErrorNamingTheContentField() {
        Reply reply = discord.post(messages(), Map.of("content", repeat('a', 2001)));

        assertError(reply, 400, 50035);
        JsonNode errors = reply.json().path("errors");
        assertThat(errors.path("content").path("_errors").isArray()).as(reply.describe()).isTrue();
        assertThat(errors.path("content").path("_errors").get(0).path("code").asText()).isNotBlank();
        assertThat(errors.path("content").path("_errors").get(0).path("message").asText()).isNotBlank();
        assertThat(reply.json().path("message").asText()).isEqualTo("Invalid Form Body");
    }

    @Test
    void contentLengthCountsCharactersNotUtf8Bytes() {
        postText(storage, repeat('é', 2000));
    }

    @Test
    void tenAttachmentsAreAccepted() {
        byte[][] files = new byte[10][];
        for (int i = 0; i < files.length; i++) {
            files[i] = new byte[] {(byte) i};
        }

        assertThat(postFiles(storage, "ten", files).path("attachments")).hasSize(10);
    }

    @Test
    void elevenAttachmentsAreRefused() {
        byte[][] files = new byte[11][];
        for (int i = 0; i < files.length; i++) {
            files[i] = new byte[] {(byte) i};
        }

        Reply reply = discord.post(messages(), filesForm("eleven", files));

        reply.expect(400);
        // opcodes-and-status-codes: 30015 "Maximum number of attachments in a message reached (10)".
        assertThat(reply.json().path("code").asInt()).isEqualTo(30015);
        assertThat(reply.json().path("message").asText()).contains("attachments");
        assertThat(discord.get(messages()).expect(200).json()).isEmpty();
    }

    @Test
    void anEditCannotGrowAMessageBeyondTenAttachments() {
        byte[][] files = new byte[10][];
        List<Map<String, Object>> keep = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            files[i] = new byte[] {(byte) i};
        }
        JsonNode m = postFiles(storage, "full", files);
        for (JsonNode a : m.path("attachments")) {
            keep.add(Map.of("id", a.path("id").asText()));
        }
        keep.add(Map.of("id", 0, "filename", "eleventh.bin"));
        Multipart form = Multipart.form().payloadJson(Map.of("attachments", keep)).file(0, "eleventh.bin", new byte[] {42});

        Reply reply = discord.patch(messages() + "/" + m.path("id").asText(), form);

        reply.expect(400);
        // Eleven entries in payload_json's attachments break its maxItems (10): a form error here;
        // a dedicated 30015 would be Discord too.
        assertThat(reply.json().path("code").asInt()).isIn(50035, 30015);
        assertThat(discord.get(messages() + "/" + m.path("id").asText()).expect(200).json().path("attachments"))
                .hasSize(10);
    }

    @Test
    void aMessageCanBeFetchedById() {
        JsonNode posted = postText(storage, "fetch me");

        JsonNode fetched = discord.get(messages() + "/" + posted.path("id").asText()).expect(200).json();

        assertThat(fetched.path("id").asText()).isEqualTo(posted.path("id").asText());
        assertThat(fetched.path("content").asText()).isEqualTo("fetch me");
        assertThat(fetched.path("timestamp").asText()).isEqualTo(posted.path("timestamp").asText());
    }

    @Test
    void anUnknownMessageIs404With10008() {
        assertError(discord.get(messages() + "/" + Snowflakes.at(Instant.now())), 404, 10008);
    }

    @Test
    void aMessageIsOnlyFoundInItsOwnChannel() {
        String id = postText(storage, "here").path("id").asText();

        assertError(discord.get("/channels/" + target.channelId("index") + "/messages/" + id), 404, 10008);
    }

    @Test
    void theListIsNewestFirstAndDefaultsTo50() {
        List<String> ids = postMany(60);

        JsonNode list = discord.get(messages()).expect(200).json();

        assertThat(idsOf(list)).hasSize(50).isEqualTo(reversed(ids).subList(0, 50));
    }

    @Test
    void theListHonoursLimitsFrom1To100() {
        postMany(105);

        assertThat(discord.get(messages() + "?limit=1").expect(200).json()).hasSize(1);
        assertThat(discord.get(messages() + "?limit=100").expect(200).json()).hasSize(100);
    }

    @Test
    void aLimitOutside1To100IsAFormError() {
        assertError(discord.get(messages() + "?limit=0"), 400, 50035);
        assertError(discord.get(messages() + "?limit=101"), 400, 50035);
    }

    @Test
    void beforeReturnsOlderMessagesNewestFirst() {
        List<String> ids = postMany(10);

        JsonNode list = discord.get(messages() + "?before=" + ids.get(5) + "&limit=3").expect(200).json();

        assertThat(idsOf(list)).containsExactly(ids.get(4), ids.get(3), ids.get(2));
    }

    @Test
    void afterReturnsTheOldestNewerMessagesButStillNewestFirst() {
        List<String> ids = postMany(10);

        JsonNode list = discord.get(messages() + "?after=" + ids.get(2) + "&limit=3").expect(200).json();

        // the 3 messages right after ids[2], in descending order (discord-api-docs PR #7740)
        assertThat(idsOf(list)).containsExactly(ids.get(5), ids.get(4), ids.get(3));
    }

    @Test
    void afterAnArbitrarySnowflakeWorksLikeATimestamp() {
        List<String> ids = postMany(3);

        JsonNode list = discord.get(messages() + "?after=0").expect(200).json();

        assertThat(idsOf(list)).containsExactly(ids.get(2), ids.get(1), ids.get(0));
    }

    @Test
    void aroundReturnsTheMessagesOnBothSidesNewestFirst() {
        List<String> ids = postMany(11);

        JsonNode list = discord.get(messages() + "?around=" + ids.get(5) + "&limit=5").expect(200).json();

        // a contiguous window holding the message itself, newest first; how Discord splits an
        // odd limit between the two sides is not documented
        List<String> window = idsOf(list);
        assertThat(window).hasSize(5).contains(ids.get(5));
        int newest = ids.indexOf(window.get(0));
        assertThat(window).isEqualTo(reversed(ids.subList(newest - 4, newest + 1)));
    }

    @Test
    void editingContentSetsEditedTimestamp() {
        String id = postText(storage, "draft").path("id").asText();

        JsonNode edited = discord.patch(messages() + "/" + id, Map.of("content", "final")).expect(200).json();

        assertThat(edited.path("content").asText()).isEqualTo("final");
        assertThat(edited.path("edited_timestamp").isNull()).isFalse();
        assertThat(discord.get(messages() + "/" + id).expect(200).json().path("content").asText()).isEqualTo("final");
    }

    @Test
    void editingWithoutAnAttachmentsFieldKeepsThemAll() {
        JsonNode m = postFiles(storage, "keep", new byte[] {1}, new byte[] {2});

        JsonNode edited = discord.patch(messages() + "/" + m.path("id").asText(), Map.of("content", "still two"))
                .expect(200).json();

        assertThat(edited.path("attachments")).hasSize(2);
    }

    @Test
    void editingKeepsOnlyTheListedAttachments() {
        JsonNode m = postFiles(storage, "three", new byte[] {1}, new byte[] {2}, new byte[] {3});
        String keep = m.path("attachments").get(1).path("id").asText();

        JsonNode edited = discord.patch(messages() + "/" + m.path("id").asText(),
                Map.of("attachments", List.of(Map.of("id", keep)))).expect(200).json();

        assertThat(edited.path("attachments")).hasSize(1);
        assertThat(edited.path("attachments").get(0).path("id").asText()).isEqualTo(keep);
        JsonNode fetched = discord.get(messages() + "/" + m.path("id").asText()).expect(200).json();
        assertThat(fetched.path("attachments")).hasSize(1);
    }

    @Test
    void editingWithAnEmptyAttachmentsListRemovesThemAll() {
        JsonNode m = postFiles(storage, "gone soon", new byte[] {1});

        JsonNode edited = discord.patch(messages() + "/" + m.path("id").asText(), Map.of("attachments", List.of()))
                .expect(200).json();

        assertThat(edited.path("attachments")).isEmpty();
    }

    @Test
    void editingCanAppendANewFileNextToAKeptOne() {
        JsonNode m = postFiles(storage, "one", new byte[] {1});
        String kept = m.path("attachments").get(0).path("id").asText();
        Multipart form = Multipart.form()
                .payloadJson(Map.of("attachments", List.of(Map.of("id", kept), Map.of("id", 0, "filename", "new.bin"))))
                .file(0, "new.bin", new byte[] {9, 9});

        JsonNode edited = discord.patch(messages() + "/" + m.path("id").asText(), form).expect(200).json();

        assertThat(edited.path("attachments")).hasSize(2);
    }

    @Test
    void editingAnUnknownMessageIs404With10008() {
        assertError(discord.patch(messages() + "/" + Snowflakes.at(Instant.now()), Map.of("content", "x")), 404, 10008);
    }

    @Test
    void editingToTooLongContentIsAFormError() {
        String id = postText(storage, "short").path("id").asText();

        assertError(discord.patch(messages() + "/" + id, Map.of("content", repeat('x', 2001))), 400, 50035);
    }

    @Test
    void deletingAMessageAnswers204WithNoBodyAndItIsGone() {
        String id = postText(storage, "bye").path("id").asText();

        Reply reply = discord.delete(messages() + "/" + id);

        reply.expect(204);
        assertThat(reply.body()).isEmpty();
        assertError(discord.get(messages() + "/" + id), 404, 10008);
        assertError(discord.delete(messages() + "/" + id), 404, 10008);
    }

    @Test
    void bulkDeleteRemovesEveryListedMessage() {
        List<String> ids = postMany(4);

        Reply reply = discord.post(messages() + "/bulk-delete", Map.of("messages", ids.subList(0, 3)));

        reply.expect(204);
        assertThat(reply.body()).isEmpty();
        assertThat(idsOf(discord.get(messages()).expect(200).json())).containsExactly(ids.get(3));
    }

    @Test
    void bulkDeleteCountsUnknownIdsButDeletesTheKnownOnes() {
        // message.mdx: "Any message IDs given that do not exist or are invalid will count towards
        // the minimum and maximum message count"
        String real = postText(storage, "real").path("id").asText();
        String unknown = Snowflakes.at(Instant.now().minusSeconds(60));

        discord.post(messages() + "/bulk-delete", Map.of("messages", List.of(real, unknown))).expect(204);

        assertError(discord.get(messages() + "/" + real), 404, 10008);
    }

    @Test
    void bulkDeleteNeedsAtLeastTwoIds() {
        String id = postText(storage, "lonely").path("id").asText();

        Reply reply = discord.post(messages() + "/bulk-delete", Map.of("messages", List.of(id)));

        reply.expect(400);
        // 50016 "too few or too many messages" or a 50035 form error on "messages"
        assertThat(reply.json().path("code").asInt()).isIn(50016, 50035);
        discord.get(messages() + "/" + id).expect(200);
    }

    @Test
    void bulkDeleteTakesAtMost100Ids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            ids.add(Snowflakes.at(Instant.now().minusSeconds(i)));
        }

        Reply reply = discord.post(messages() + "/bulk-delete", Map.of("messages", ids));

        reply.expect(400);
        assertThat(reply.json().path("code").asInt()).isIn(50016, 50035);
    }

    @Test
    void bulkDeleteRefusesAnIdOlderThanTwoWeeksWith50034AndDeletesNothing() {
        String fresh = postText(storage, "fresh").path("id").asText();
        String fifteenDaysOld = Snowflakes.at(Instant.now().minus(java.time.Duration.ofDays(15)));

        Reply reply = discord.post(messages() + "/bulk-delete", Map.of("messages", List.of(fresh, fifteenDaysOld)));

        assertError(reply, 400, 50034);
        discord.get(messages() + "/" + fresh).expect(200);
    }

    @Test
    @EmulatorOnly("moves the clock 14 days")
    void bulkDeleteRefusesARealMessageOnceItIsTwoWeeksOld() {
        String old = postText(storage, "old").path("id").asText();
        clock.advance(java.time.Duration.ofDays(14).plusMinutes(1));
        String recent = postText(storage, "recent").path("id").asText();

        assertError(discord.post(messages() + "/bulk-delete", Map.of("messages", List.of(old, recent))), 400, 50034);
        discord.get(messages() + "/" + recent).expect(200);
    }

    @Test
    void bulkDeleteRefusesDuplicateIds() {
        String id = postText(storage, "twice").path("id").asText();

        Reply reply = discord.post(messages() + "/bulk-delete", Map.of("messages", List.of(id, id)));

        reply.expect(400);
    }

    @Test
    void pinnedMessagesAreListedAndFlaggedUntilUnpinned() {
        String id = postText(storage, "pin me").path("id").asText();
        postText(storage, "not pinned");

        discord.put("/channels/" + storage + "/pins/" + id).expect(204);

        JsonNode pins = discord.get("/channels/" + storage + "/pins").expect(200).json();
        assertThat(idsOf(pins)).containsExactly(id);
        assertThat(discord.get(messages() + "/" + id).expect(200).json().path("pinned").asBoolean()).isTrue();

        discord.delete("/channels/" + storage + "/pins/" + id).expect(204);
        assertThat(discord.get("/channels/" + storage + "/pins").expect(200).json()).isEmpty();
        assertThat(discord.get(messages() + "/" + id).expect(200).json().path("pinned").asBoolean()).isFalse();
    }

    @Test
    void theNewerPinPathPinsToo() {
        String id = postText(storage, "pin me").path("id").asText();

        discord.put(messages() + "/pins/" + id).expect(204);
        assertThat(discord.get(messages() + "/" + id).expect(200).json().path("pinned").asBoolean()).isTrue();

        discord.delete(messages() + "/pins/" + id).expect(204);
        assertThat(discord.get(messages() + "/" + id).expect(200).json().path("pinned").asBoolean()).isFalse();
    }

    @Test
    void theCurrentPinListHasItemsWithPinnedAtAndHasMore() {
        String id = postText(storage, "pin me").path("id").asText();
        discord.put(messages() + "/pins/" + id).expect(204);

        JsonNode list = discord.get(messages() + "/pins").expect(200).json();

        // message.mdx, Get Channel Pins: {"items": [{"pinned_at", "message"}], "has_more"}
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("items").get(0).path("message").path("id").asText()).isEqualTo(id);
        assertThat(OffsetDateTime.parse(list.path("items").get(0).path("pinned_at").asText())).isNotNull();
        assertThat(list.path("has_more").asBoolean()).isFalse();
    }

    @Test
    void pinningAnUnknownMessageIs404With10008() {
        assertError(discord.put("/channels/" + storage + "/pins/" + Snowflakes.at(Instant.now())), 404, 10008);
    }

    @Test
    void malformedJsonIsA400() {
        Reply reply = discord.sendJson("POST", messages(), "{\"content\": ");

        reply.expect(400);
        assertThat(reply.json().path("code").asInt()).isIn(50109, 50035, 0);
    }

    @Test
    @EmulatorOnly("pins the emulator's nonce echo and timestamp format")
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
    @EmulatorOnly("pins the emulator's exact answer")
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
    @EmulatorOnly("pins the emulator's exact answer")
    void emptyMessageIs50006AndWhitespaceIsEmptyToo() {
        for (String body : new String[] {"{}", "{\"content\":\"\"}", "{\"content\":\"   \"}", "{\"embeds\":[]}"}) {
            Reply r = discord.post("/channels/" + storage + "/messages", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json()).as(body).isEqualTo(json("{\"message\":\"Cannot send an empty message\",\"code\":50006}"));
        }
    }

    @Test
    @EmulatorOnly("pins the emulator's exact answer")
    void contentOf2000CharactersIsAcceptedAnd2001IsInvalidFormBody() {
        assertThat(discord.post("/channels/" + storage + "/messages",
                "{\"content\":\"" + "a".repeat(2000) + "\"}").status()).isEqualTo(200);
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"" + "a".repeat(2001) + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"content\":"
                + "{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 2000 or fewer in length.\"}]}}}"));
    }

    @Test
    @EmulatorOnly("pins 50109 where Discord's answer is not known")
    void malformedJsonIs50109() {
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(50109);
    }

    @Test
    @EmulatorOnly("not yet checked against Discord")
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
    @EmulatorOnly("not yet checked against Discord")
    void pagingForwardWithAfterVisitsEveryMessageOnce() {
        List<String> ids = postMany(25);
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
    @EmulatorOnly("pins the emulator's exact answer")
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
    @EmulatorOnly("not yet checked against Discord")
    void editKeepsOnlyTheListedAttachmentsAndAppendsNewFiles() {
        JsonNode m = postFiles(storage, utf8("a"), utf8("b"));
        String id = m.get("id").asText();
        String keep = m.at("/attachments/1/id").asText();
        Multipart edit = new Multipart()
                .payloadJson("{\"attachments\":[{\"id\":\"" + keep + "\"},{\"id\":0,\"filename\":\"c.bin\"}]}")
                .file(0, "c.bin", "application/octet-stream", utf8("c"));
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
    @EmulatorOnly("moves the clock 14 days")
    void bulkDeleteRefusesMessagesOlderThan14DaysWith50034() {
        List<String> ids = postMany(2);
        clock.advance(Duration.ofDays(14).plusSeconds(1));
        Reply r = discord.post("/channels/" + storage + "/messages/bulk-delete",
                "{\"messages\":[\"" + ids.get(0) + "\",\"" + ids.get(1) + "\"]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"You can only bulk delete messages that are under 14 days "
                + "old.\",\"code\":50034}"));
        assertThat(discord.get("/channels/" + storage + "/messages").json()).hasSize(2);
    }

    @Test
    @EmulatorOnly("moves the clock a second")
    void pinsUnderBothPaths() {
        List<String> ids = postMany(2);
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
    @EmulatorOnly("not yet checked against Discord")
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

    private List<String> postMany(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(postText(storage, "m" + i).path("id").asText());
        }
        return ids;
    }

    static List<String> idsOf(JsonNode list) {
        assertThat(list.isArray()).as(list.toString()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode m : list) {
            ids.add(m.path("id").asText());
        }
        return ids;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    static void assertError(Reply reply, int status, int code) {
        reply.expect(status);
        assertThat(reply.json().path("code").asInt()).as(reply.describe()).isEqualTo(code);
    }
}
