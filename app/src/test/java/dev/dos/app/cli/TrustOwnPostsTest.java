package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.core.testing.Reliability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone who may post in the store's channels (a server member, a webhook) can post things that
 * look like dos cards, chunks and backups. dos trusts only its own bot's posts: the rest is
 * ignored, and sync, verify and restore-db say so (docs/FORMAT.md sections 8 and 13).
 */
@Tag(Reliability.TAG)
class TrustOwnPostsTest {
    private static final String AREA = "trust";

    @TempDir
    Path home;

    @Test
    void cardsAndChunksSomeoneElsePostedAreIgnoredAndReported() throws Exception {
        try (EmulatedDiscord discord = EmulatedDiscord.withStore(home)) {
            Path src = Files.createDirectories(home.resolve("src"));
            Files.writeString(src.resolve("a.txt"), "ours");
            String id = discord.dos("upload", "--json", "-q", src.toString()).json().path("batch_id").asText();
            Stranger stranger = new Stranger(discord.emulator);
            String index = stranger.channel("index");
            JsonNode ourCard = stranger.messages(index).getLast();
            String thread = ourCard.path("content").asText().replaceAll("(?s).* thread=(\\d+).*", "$1");
            JsonNode chunkPost = stranger.messages(thread).getFirst();
            JsonNode chunk = chunkPost.path("attachments").get(0);

            // A card for a batch that does not exist, our card again, and a chunk of ours again.
            String fake = "f".repeat(32);
            stranger.post(index, null, ourCard.path("content").asText().replace(id, fake), Map.of());
            stranger.post(index, null, ourCard.path("content").asText(), Map.of(
                    ourCard.path("attachments").get(0).path("filename").asText(),
                    Stranger.download(ourCard.path("attachments").get(0))));
            stranger.post(stranger.channel("storage"), thread, "", Map.of(chunk.path("filename").asText(),
                    Stranger.download(chunk)));

            EmulatedDiscord.Run sync = discord.dos("sync", "--reset", "--json", "-q");
            JsonNode report = sync.json();
            List<String> foreign = report.path("issues").findValuesAsText("kind").stream()
                    .filter("foreign_posts"::equals).toList();
            JsonNode listed = discord.dos("list", "--json").json();
            EmulatedDiscord.Run verify = discord.dos("verify", id, "-q");
            // A plain reset reads no thread (docs/FORMAT.md 17.3): the planted chunk is met by the verify
            // above, which looks the chunks up, and by a deep reset, which reads every thread.
            EmulatedDiscord.Run deep = discord.dos("sync", "--reset", "--deep", "--json", "-q");
            List<String> foreignDeep = deep.json().path("issues").findValuesAsText("kind").stream()
                    .filter("foreign_posts"::equals).toList();
            EmulatedDiscord.Run human = discord.dos("sync", "-q");

            assertThat(foreign).as("the two planted cards").hasSize(2);
            assertThat(foreignDeep).as("and the planted chunk").hasSize(3);
            assertThat(deep.code()).isEqualTo(ExitCode.PARTIAL);
            assertThat(report.path("added").toString()).doesNotContain(fake);
            assertThat(listed.toString()).contains(id).doesNotContain(fake);
            assertThat(listed.toString()).contains("\"complete\"");
            assertThat(verify.code()).isZero();
            assertThat(verify.err()).contains("1 post(s) in its threads were not made by our bot");
            assertThat(sync.code()).isEqualTo(ExitCode.PARTIAL);
            Reliability.record("trust-planted-cards-and-chunks", AREA,
                    "a webhook posts a card for a made-up batch, a copy of our card and a copy of a chunk into our thread",
                    1, 1, "sync --reset: 2 foreign_posts issues (the cards), sync --reset --deep: 3 (and the chunk), the real batch"
                            + " imported complete, the made-up one not; verify OK with a warning naming 1 foreign post",
                    Reliability.mvnTest("app", "TrustOwnPostsTest#cardsAndChunksSomeoneElsePostedAreIgnoredAndReported"));
            assertThat(human.code()).as("incremental: nothing new since the reset").isZero();
            assertThat(human.out()).contains("0 added");
        }
    }

    @Test
    void aBackupSomeoneElseRepostedIsNeverInstalled() throws Exception {
        try (EmulatedDiscord discord = EmulatedDiscord.withStore(home)) {
            assertThat(discord.dos("backup", "--to-discord", "-q").code()).isZero();
            Stranger stranger = new Stranger(discord.emulator);
            String backups = stranger.channel("backup");
            // The stranger reposts our backup's parts under a date a day later: "latest" would pick it.
            for (JsonNode part : stranger.messages(backups)) {
                Map<String, byte[]> blobs = new LinkedHashMap<>();
                part.path("attachments").forEach(a -> blobs.put(a.path("filename").asText(), Stranger.download(a)));
                String later = part.path("content").asText().replaceAll("created=(\\d{4})", "created=2099");
                stranger.post(backups, null, later, blobs);
            }

            EmulatedDiscord.Run restore = discord.dos("restore-db", "latest", "-q");

            assertThat(restore.code()).as(restore.all()).isZero();
            assertThat(restore.out()).containsPattern("installing backup [0-9a-f]{32} of 20[0-8]\\d-");
            assertThat(restore.err()).contains("ignored").contains("not made by our bot");
            Reliability.record("trust-reposted-backup", AREA,
                    "a webhook reposts every part of our backup under a later date", 1, 1,
                    "restore-db latest installed our own backup and warned of the ignored posts",
                    Reliability.mvnTest("app", "TrustOwnPostsTest#aBackupSomeoneElseRepostedIsNeverInstalled"));
        }
    }

    @Test
    void aLabelWithControlCharactersIsRefusedBeforeAnythingIsStored() throws Exception {
        try (EmulatedDiscord discord = EmulatedDiscord.withStore(home)) {
            Path src = Files.createDirectories(home.resolve("src"));
            Files.writeString(src.resolve("a.txt"), "x");

            EmulatedDiscord.Run refused = discord.dos("upload", "--label", "photos\u001b[2Jx", src.toString());
            EmulatedDiscord.Run labelled = discord.dos("upload", "--json", "-q", "--label", "Holiday 2026", src.toString());
            JsonNode listed = discord.dos("list", "--json").json();

            assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err().strip()).startsWith("dos: --label:").contains("control characters").doesNotContain("\n");
            assertThat(labelled.code()).isZero();
            assertThat(listed.toString()).contains("Holiday 2026");
            assertThat(new Stranger(discord.emulator).messages(discord.channel("index")).toString())
                    .doesNotContain("Holiday");
            Reliability.record("trust-label-control-characters", AREA,
                    "an upload label carrying a terminal escape sequence", 1, 1,
                    "refused with one line (exit 2), nothing stored; a plain label is kept encrypted, never on the card",
                    Reliability.mvnTest("app", "TrustOwnPostsTest#aLabelWithControlCharactersIsRefusedBeforeAnythingIsStored"));
        }
    }
}
