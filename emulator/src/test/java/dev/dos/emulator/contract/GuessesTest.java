package dev.dos.emulator.contract;

import static dev.dos.emulator.contract.MessagesTest.assertError;
import static dev.dos.emulator.contract.MessagesTest.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.Live;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.Reply;

/**
 * One test per behaviour docs/EMULATOR.md lists under "Guesses (where the docs are silent)" that a
 * bot can observe with only a token, a guild and a channel. Against the emulator each pins down
 * what the emulator chose; in live mode each confirms or refutes that choice against Discord
 * (the table in "Live mode" maps every guess to its test). The rate-limit guesses are in
 * {@link RateLimitGuessesTest}.
 */
@Live
class GuessesTest extends EmulatorContract {

    private String messages() {
        return "/channels/" + storage + "/messages";
    }

    // ---- threads -------------------------------------------------------------------------

    @Test
    @InLiveChannel
    void aPostIntoALockedThreadByABotWithoutManageThreadsIs403With160005() {
        String thread = createThread(storage, "locked").path("id").asText();
        discord.patch("/channels/" + thread, Map.of("locked", true)).expect(200);
        target.withdraw(storage, Permissions.MANAGE_THREADS);

        Reply reply = discord.post("/channels/" + thread + "/messages", Map.of("content", "let me in"));

        assertError(reply, 403, 160005);
    }

    @Test
    @InLiveChannel
    void aPostIntoAnArchivedLockedThreadIs400With50083EvenFromABotWithManageThreads() {
        String thread = createThread(storage, "sealed").path("id").asText();
        discord.patch("/channels/" + thread, Map.of("locked", true)).expect(200);
        discord.patch("/channels/" + thread, Map.of("archived", true)).expect(200);

        Reply reply = discord.post("/channels/" + thread + "/messages", Map.of("content", "moderator speaking"));

        assertError(reply, 400, 50083);
        assertThat(discord.get("/channels/" + thread).expect(200).json().path("thread_metadata").path("archived")
                .asBoolean()).isTrue();
    }

    @Test
    @InLiveChannel
    void aThreadCreatedWithoutADurationTakesItsParentsDefaultElse4320Minutes() {
        int parentDefault = discord.get("/channels/" + storage).expect(200).json().path("default_auto_archive_duration")
                .asInt(0);

        JsonNode thread = discord.post("/channels/" + storage + "/threads", Map.of("name", "no duration", "type", 11))
                .expect(201).json();

        assertThat(thread.path("thread_metadata").path("auto_archive_duration").asInt())
                .isEqualTo(parentDefault > 0 ? parentDefault : 4320);
    }

    @Test
    @InLiveChannel
    void theArchivedThreadListTakesALimitOfAtMost100() {
        String list = "/channels/" + storage + "/threads/archived/public";

        discord.get(list + "?limit=100").expect(200);
        Reply over = discord.get(list + "?limit=101");

        assertError(over, 400, 50035);
        assertThat(formErrorCode(over, "limit")).isEqualTo("NUMBER_TYPE_MAX");
    }

    @Test
    @InLiveChannel
    void theArchivedThreadListHolds50ThreadsByDefault() {
        for (int i = 0; i < 51; i++) {
            String thread = createThread(storage, "archived " + i).path("id").asText();
            discord.patch("/channels/" + thread, Map.of("archived", true)).expect(200);
        }

        JsonNode list = discord.get("/channels/" + storage + "/threads/archived/public").expect(200).json();

        assertThat(list.path("threads")).hasSize(50);
        assertThat(list.path("has_more").asBoolean()).isTrue();
    }

    // ---- message lists ---------------------------------------------------------------------

    @Test
    void aroundTakesHalfTheLimitFromNewerMessagesAndTheRestFromTheMessageBackwards() {
        List<String> ids = postMany(11);

        JsonNode list = discord.get(messages() + "?around=" + ids.get(5) + "&limit=5").expect(200).json();

        assertThat(idsOf(list)).containsExactly(ids.get(7), ids.get(6), ids.get(5), ids.get(4), ids.get(3));
    }

    @Test
    void aroundWinsOverBeforeAndBeforeOverAfter() {
        List<String> ids = postMany(7);

        JsonNode all = discord.get(messages() + "?before=" + ids.get(1) + "&around=" + ids.get(3) + "&after="
                + ids.get(5) + "&limit=3").expect(200).json();
        JsonNode beforeAndAfter = discord.get(messages() + "?after=" + ids.get(4) + "&before=" + ids.get(2)
                + "&limit=2").expect(200).json();

        assertThat(idsOf(all)).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(idsOf(beforeAndAfter)).containsExactly(ids.get(1), ids.get(0));
    }

    // ---- permissions -----------------------------------------------------------------------

    @Test
    void readingOneMessageWithoutReadMessageHistoryIs403With50001() {
        String id = postText(storage, "hidden").path("id").asText();
        target.withdraw(storage, Permissions.READ_MESSAGE_HISTORY);

        assertError(discord.get(messages() + "/" + id), 403, 50001);
    }

    // ---- enforce_nonce ---------------------------------------------------------------------

    @Test
    void aRepeatedNonceWithEnforceNonceAnswersTheFirstMessage() {
        String nonce = freshNonce();

        JsonNode first = postWithNonce(storage, "once", nonce);
        JsonNode again = postWithNonce(storage, "twice", nonce);

        assertThat(again.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(again.path("content").asText()).isEqualTo("once");
        assertThat(discord.get(messages()).expect(200).json()).hasSize(1);
    }

    @Test
    void aNonceIsRememberedPerChannel() {
        String nonce = freshNonce();
        String other = target.anotherChannel();

        JsonNode here = postWithNonce(storage, "here", nonce);
        JsonNode there = postWithNonce(other, "there", nonce);

        assertThat(there.path("id").asText()).isNotEqualTo(here.path("id").asText());
        assertThat(there.path("channel_id").asText()).isEqualTo(other);
    }

    /** Live, this test waits five minutes and ten seconds. */
    @Test
    void aNonceIsRememberedForFiveMinutesFromItsMessage() {
        String nonce = freshNonce();
        String first = postWithNonce(storage, "first", nonce).path("id").asText();

        clock.advance(Duration.ofMinutes(4).plusSeconds(50));
        String stillRemembered = postWithNonce(storage, "second", nonce).path("id").asText();
        clock.advance(Duration.ofSeconds(20));
        String forgotten = postWithNonce(storage, "third", nonce).path("id").asText();

        assertThat(stillRemembered).isEqualTo(first);
        assertThat(forgotten).isNotEqualTo(first);
    }

    // ---- attachments -----------------------------------------------------------------------

    @Test
    void filenamesKeepAsciiLettersDigitsDotsUnderscoresAndDashesAndLoseTheRestToUnderscores() {
        Multipart form = Multipart.form().file(0, "my chunk+v2(1)\u00e9.bin", new byte[] {1});

        JsonNode attachment = discord.post(messages(), form).expect(200).json().path("attachments").get(0);

        assertThat(attachment.path("filename").asText()).isEqualTo("my_chunk_v2_1__.bin");
    }

    @Test
    void anAttachmentsContentTypeIsTheOneItsPartWasSentWith() {
        Multipart form = Multipart.form().part("files[0]", "data.bin", "image/png", randomBytes(64, 1));

        JsonNode attachment = discord.post(messages(), form).expect(200).json().path("attachments").get(0);

        assertThat(attachment.path("content_type").asText()).isEqualTo("image/png");
    }

    @Test
    void aTextAttachmentGetsUtf8AsItsCharset() {
        Multipart form = Multipart.form().part("files[0]", "notes.txt", "text/plain",
                "plain text".getBytes(StandardCharsets.UTF_8));

        JsonNode attachment = discord.post(messages(), form).expect(200).json().path("attachments").get(0);

        assertThat(attachment.path("content_type").asText()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void aFilePartWithoutANumberIsLeftOutWhenThereIsAnAttachmentsArray() {
        Multipart form = Multipart.form()
                .payloadJson(Map.of("content", "listed only", "attachments",
                        List.of(Map.of("id", 0, "filename", "listed.bin"))))
                .file(0, "listed.bin", new byte[] {1})
                .part("file", "unlisted.bin", "application/octet-stream", new byte[] {2, 2});

        JsonNode attachments = discord.post(messages(), form).expect(200).json().path("attachments");

        assertThat(attachments).hasSize(1);
        assertThat(attachments.get(0).path("filename").asText()).isEqualTo("listed.bin");
    }

    // ---- form errors -----------------------------------------------------------------------

    @Test
    void tooLongContentIsBaseTypeMaxLength() {
        Reply reply = discord.post(messages(), Map.of("content", repeat('a', 2001)));

        assertError(reply, 400, 50035);
        assertThat(formErrorCode(reply, "content")).isEqualTo("BASE_TYPE_MAX_LENGTH");
    }

    @Test
    void aListLimitOutOfRangeIsNumberTypeMinOrMax() {
        Reply low = discord.get(messages() + "?limit=0");
        Reply high = discord.get(messages() + "?limit=101");

        assertError(low, 400, 50035);
        assertError(high, 400, 50035);
        assertThat(formErrorCode(low, "limit")).isEqualTo("NUMBER_TYPE_MIN");
        assertThat(formErrorCode(high, "limit")).isEqualTo("NUMBER_TYPE_MAX");
    }

    @Test
    @InLiveChannel
    void anAutoArchiveDurationOutsideTheFourIsBaseTypeChoices() {
        Reply reply = discord.post("/channels/" + storage + "/threads",
                Map.of("name", "bad duration", "type", 11, "auto_archive_duration", 30));

        assertError(reply, 400, 50035);
        assertThat(formErrorCode(reply, "auto_archive_duration")).isEqualTo("BASE_TYPE_CHOICES");
    }

    @Test
    @InLiveChannel
    void anUnreadableBeforeTimeIsDateTypeParse() {
        Reply reply = discord.get("/channels/" + storage + "/threads/archived/public?before=yesterday");

        assertError(reply, 400, 50035);
        assertThat(formErrorCode(reply, "before")).isEqualTo("DATE_TYPE_PARSE");
    }

    @Test
    void aBulkDeleteOfOneIdIsBaseTypeMinLengthOnMessages() {
        String id = postText(storage, "lonely").path("id").asText();

        Reply reply = discord.post(messages() + "/bulk-delete", Map.of("messages", List.of(id)));

        assertError(reply, 400, 50035);
        assertThat(formErrorCode(reply, "messages")).isEqualTo("BASE_TYPE_MIN_LENGTH");
    }

    @Test
    void aBulkDeleteWithARepeatedIdIsBaseTypeDuplicates() {
        String a = postText(storage, "a").path("id").asText();
        String b = postText(storage, "b").path("id").asText();

        Reply reply = discord.post(messages() + "/bulk-delete", Map.of("messages", List.of(a, b, a)));

        assertError(reply, 400, 50035);
        assertThat(formErrorCode(reply, "messages")).isEqualTo("BASE_TYPE_DUPLICATES");
    }

    // ---- bodies ----------------------------------------------------------------------------

    @Test
    void aBodyOfAnotherContentTypeIsReadAsEmpty() {
        Reply reply = discord.send("POST", messages(), BodyPublishers.ofString("{\"content\":\"hello\"}"), "text/plain");

        assertError(reply, 400, 50006);
    }

    @Test
    void aMultipartBodyWithoutItsClosingBoundaryIs400With50035() {
        byte[] body = ("--b1\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"cut.bin\"\r\n\r\n"
                + "half a file").getBytes(StandardCharsets.US_ASCII);

        Reply reply = discord.send("POST", messages(), BodyPublishers.ofByteArray(body), "multipart/form-data; boundary=b1");

        assertError(reply, 400, 50035);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private List<String> postMany(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(postText(storage, "m" + i).path("id").asText());
        }
        return ids;
    }

    private JsonNode postWithNonce(String channelId, String content, String nonce) {
        return discord.post("/channels/" + channelId + "/messages",
                Map.of("content", content, "nonce", nonce, "enforce_nonce", true)).expect(200).json();
    }

    /** Unique per run, so a live rerun within minutes does not meet the last run's nonce. */
    private static String freshNonce() {
        return "dos-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** The code of the first error Discord lists for {@code field} in a 50035 answer. */
    private static String formErrorCode(Reply reply, String field) {
        return reply.json().path("errors").path(field).path("_errors").path(0).path("code").asText();
    }
}
