package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.EmulatorOnly;
import dev.dos.emulator.live.Live;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.Reply;

/**
 * The per-file upload limit follows the guild's boost tier: 10 MiB unboosted, 50 MiB at tier 2,
 * 100 MiB at tier 3 (reference.mdx, "Uploading Files": "The file upload size limit applies to
 * each file in a request"). Over it: 413 {"message": "Request entity too large", "code": 40005}.
 */
class UploadLimitsTest extends EmulatorContract {
    static final int MIB = 1024 * 1024;
    static final int UNBOOSTED_LIMIT = 10 * MIB;

    @Test
    @Live
    void aFileOfExactlyTheUnboostedLimitIsAcceptedAndDownloadsWhole() {
        byte[] bytes = randomBytes(UNBOOSTED_LIMIT, 10);

        JsonNode m = postFiles(storage, "at the limit", bytes);

        JsonNode attachment = m.path("attachments").get(0);
        assertThat(attachment.path("size").asLong()).isEqualTo(10_485_760L);
        assertThat(RawDiscord.fetch(attachment.path("url").asText()).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    @EmulatorOnly("10 MiB is the emulator's deliberately strict default; Discord documents 20 MiB (docs/EMULATOR.md, Findings 1)")
    void postingOneByteOverTheUploadLimitIsRefusedWith413And40005() {
        Reply reply = discord.post("/channels/" + storage + "/messages", filesForm("over", new byte[UNBOOSTED_LIMIT + 1]));

        assertEntityTooLarge(reply);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    @EmulatorOnly("10 MiB is the emulator's deliberately strict default; Discord documents 20 MiB (docs/EMULATOR.md, Findings 1)")
    void oneOversizedFileAmongSmallOnesRefusesTheWholeMessage() {
        Reply reply = discord.post("/channels/" + storage + "/messages",
                filesForm("mixed", new byte[10], new byte[UNBOOSTED_LIMIT + 1], new byte[10]));

        assertEntityTooLarge(reply);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    @Live
    void theLimitIsPerFileSoTwoFilesMayTogetherExceedIt() {
        JsonNode m = postFiles(storage, "two big halves", new byte[6 * MIB], new byte[6 * MIB]);

        assertThat(m.path("attachments")).hasSize(2);
    }

    @Test
    @Live
    void aWholeRequestOver25MiBIsRefusedEvenWhenEveryFileFits() {
        // message.mdx, Create Message: "The maximum request size when sending a message is 25 MiB"
        Reply reply = discord.post("/channels/" + storage + "/messages",
                filesForm("three nines", new byte[9 * MIB], new byte[9 * MIB], new byte[9 * MIB]));

        assertEntityTooLarge(reply);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    void boostTier2RaisesTheLimitTo50MiB() {
        emulator.admin().setPremiumTier(2);

        postFiles(storage, "tier 2", new byte[50 * MIB]);
        assertEntityTooLarge(discord.post("/channels/" + storage + "/messages", filesForm("over", new byte[50 * MIB + 1])));
    }

    @Test
    void boostTier1KeepsTheDefaultLimit() {
        emulator.admin().setPremiumTier(1);

        assertEntityTooLarge(discord.post("/channels/" + storage + "/messages",
                filesForm("over", new byte[UNBOOSTED_LIMIT + 1])));
    }

    @Test
    @EmulatorOnly("10 MiB is the emulator's deliberately strict default; Discord documents 20 MiB (docs/EMULATOR.md, Findings 1)")
    void editingAMessageWithAnOversizedFileIsRefusedToo() {
        String id = postText(storage, "will grow").path("id").asText();
        Multipart form = Multipart.form()
                .payloadJson(Map.of("attachments", java.util.List.of(Map.of("id", 0, "filename", "big.bin"))))
                .file(0, "big.bin", new byte[UNBOOSTED_LIMIT + 1]);

        assertEntityTooLarge(discord.patch("/channels/" + storage + "/messages/" + id, form));
    }

    @Test
    void webhooksGetTheDefaultLimitWhateverTheBoostTier() {
        emulator.admin().setPremiumTier(2);
        JsonNode hook = discord.post("/channels/" + storage + "/webhooks", Map.of("name", "uploader")).expect(200).json();
        RawDiscord anonymous = discord.withAuthorization(null);
        String execute = "/webhooks/" + hook.path("id").asText() + "/" + hook.path("token").asText() + "?wait=true";

        anonymous.post(execute, filesForm("at default", new byte[UNBOOSTED_LIMIT])).expect(200);
        assertEntityTooLarge(anonymous.post(execute, filesForm("over default", new byte[UNBOOSTED_LIMIT + 1])));
    }

    static void assertEntityTooLarge(Reply reply) {
        reply.expect(413);
        assertThat(reply.json().path("message").asText()).isEqualTo("Request entity too large");
        assertThat(reply.json().path("code").asInt()).isEqualTo(40005);
    }
}
