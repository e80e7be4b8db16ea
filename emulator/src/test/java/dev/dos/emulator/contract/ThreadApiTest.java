package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.model.Permission;
import dev.dos.testkit.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import dev.dos.emulator.EmulatorConfig;

/** Threads: creation, metadata, archiving, locking, the active-thread cap, deletion. */
class ThreadApiTest extends EmulatorContract {
    private static final int CAP = 3;

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        clock.freeze(); // stopped: only the test moves it
        return config.maxActiveThreads(CAP);
    }

    @Test
    void creatingWithoutAMessageAnswers201WithThreadMetadata() {
        Reply r = discord.post("/channels/" + storage + "/threads",
                "{\"name\":\"batch-1\",\"type\":11,\"auto_archive_duration\":60}");
        assertThat(r.status()).isEqualTo(201);
        JsonNode t = r.json();
        assertThat(t.get("type").asInt()).isEqualTo(11);
        assertThat(t.get("parent_id").asText()).isEqualTo(storage);
        assertThat(t.get("guild_id").asText()).isEqualTo(emulator.guildId());
        assertThat(t.get("owner_id").asText()).isEqualTo(discord.get("/users/@me").json().get("id").asText());
        assertThat(t.get("name").asText()).isEqualTo("batch-1");
        assertThat(t.get("message_count").asInt()).isZero();
        JsonNode meta = t.get("thread_metadata");
        assertThat(meta.get("archived").asBoolean()).isFalse();
        assertThat(meta.get("locked").asBoolean()).isFalse();
        assertThat(meta.get("auto_archive_duration").asInt()).isEqualTo(60);
        assertThat(meta.get("archive_timestamp").isTextual()).isTrue();
        assertThat(meta.get("create_timestamp").isTextual()).isTrue();
    }

    @Test
    void typeDefaultsToPrivateThreadInV10() {
        JsonNode t = discord.post("/channels/" + storage + "/threads", "{\"name\":\"p\"}").json();
        assertThat(t.get("type").asInt()).isEqualTo(12);
        assertThat(t.at("/thread_metadata/invitable").asBoolean()).isTrue();
    }

    @Test
    void nameAndDurationAreValidated() {
        Reply noName = discord.post("/channels/" + storage + "/threads", "{\"type\":11}");
        assertThat(noName.json().at("/errors/name/_errors/0/code").asText()).isEqualTo("BASE_TYPE_REQUIRED");
        Reply longName = discord.post("/channels/" + storage + "/threads", "{\"type\":11,\"name\":\"" + "n".repeat(101)
                + "\"}");
        assertThat(longName.json().get("code").asInt()).isEqualTo(50035);
        Reply duration = discord.post("/channels/" + storage + "/threads",
                "{\"name\":\"x\",\"type\":11,\"auto_archive_duration\":61}");
        assertThat(duration.json().at("/errors/auto_archive_duration/_errors/0/code").asText())
                .isEqualTo("BASE_TYPE_CHOICES");
    }

    @Test
    void aThreadFromAMessageHasTheMessagesIdAndOnlyOnce() {
        String message = discord.postMessage(storage, "starter").get("id").asText();
        Reply r = discord.post("/channels/" + storage + "/messages/" + message + "/threads", "{\"name\":\"from msg\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).isEqualTo(message);
        assertThat(r.json().get("type").asInt()).isEqualTo(11);
        assertThat(discord.get("/channels/" + storage + "/messages/" + message).json().at("/thread/id").asText())
                .isEqualTo(message);
        Reply again = discord.post("/channels/" + storage + "/messages/" + message + "/threads", "{\"name\":\"x\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("code").asInt()).isEqualTo(160004);
    }

    @Test
    void messageCountFollowsPostsAndDeletes() {
        String thread = newThread(storage, "counted");
        String first = discord.postMessage(thread, "1").get("id").asText();
        discord.postMessage(thread, "2");
        discord.delete("/channels/" + thread + "/messages/" + first);
        JsonNode t = discord.get("/channels/" + thread).json();
        assertThat(t.get("message_count").asInt()).isEqualTo(1);
        assertThat(t.get("total_message_sent").asInt()).isEqualTo(2);
    }

    @Test
    void archivingMovesAThreadFromActiveToArchivedListing() {
        String thread = newThread(storage, "done");
        assertThat(discord.get("/guilds/" + emulator.guildId() + "/threads/active").json().get("threads")
                .findValuesAsText("name")).contains("done");
        Reply archived = discord.patch("/channels/" + thread, "{\"archived\":true}");
        assertThat(archived.json().at("/thread_metadata/archived").asBoolean()).isTrue();
        assertThat(discord.get("/guilds/" + emulator.guildId() + "/threads/active").json().get("threads")).isEmpty();
        JsonNode listing = discord.get("/channels/" + storage + "/threads/archived/public").json();
        assertThat(listing.get("threads").get(0).get("id").asText()).isEqualTo(thread);
        assertThat(listing.get("has_more").asBoolean()).isFalse();
        assertThat(listing.get("members").isArray()).isTrue();
    }

    @Test
    void archivedListingIsLatestArchiveFirstAndPagesWithBefore() {
        String a = newThread(storage, "a");
        String b = newThread(storage, "b");
        discord.patch("/channels/" + a, "{\"archived\":true}");
        clock.advance(Duration.ofSeconds(5));
        discord.patch("/channels/" + b, "{\"archived\":true}");
        JsonNode page = discord.get("/channels/" + storage + "/threads/archived/public?limit=1").json();
        assertThat(page.at("/threads/0/id").asText()).isEqualTo(b);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        String before = page.at("/threads/0/thread_metadata/archive_timestamp").asText();
        JsonNode next = discord.get("/channels/" + storage + "/threads/archived/public?limit=1&before="
                + java.net.URLEncoder.encode(before, java.nio.charset.StandardCharsets.UTF_8)).json();
        assertThat(next.at("/threads/0/id").asText()).isEqualTo(a);
        assertThat(next.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void postingIntoAnArchivedUnlockedThreadUnarchivesIt() {
        String thread = newThread(storage, "sleepy");
        discord.patch("/channels/" + thread, "{\"archived\":true}");
        assertThat(discord.post("/channels/" + thread + "/messages", "{\"content\":\"wake\"}").status()).isEqualTo(200);
        assertThat(discord.get("/channels/" + thread).json().at("/thread_metadata/archived").asBoolean()).isFalse();
    }

    @Test
    void threadsAutoArchiveAfterTheirDurationOfInactivity() {
        String thread = newThread(storage, "idle");
        clock.advance(Duration.ofMinutes(1440).plusSeconds(1));
        JsonNode t = discord.get("/channels/" + thread).json();
        assertThat(t.at("/thread_metadata/archived").asBoolean()).isTrue();
        assertThat(discord.get("/guilds/" + emulator.guildId() + "/threads/active").json().get("threads")).isEmpty();
    }

    @Test
    void editingAnArchivedThreadOrItsMessagesIs50083() {
        String thread = newThread(storage, "frozen");
        String message = discord.postMessage(thread, "x").get("id").asText();
        emulator.admin().archiveThread(thread);
        Reply rename = discord.patch("/channels/" + thread, "{\"name\":\"renamed\"}");
        assertThat(rename.status()).isEqualTo(400);
        assertThat(rename.json()).isEqualTo(json("{\"message\":\"Thread is archived\",\"code\":50083}"));
        assertThat(discord.patch("/channels/" + thread + "/messages/" + message, "{\"content\":\"y\"}").json()
                .get("code").asInt()).isEqualTo(50083);
        // Unarchiving explicitly works, and then edits do.
        assertThat(discord.patch("/channels/" + thread, "{\"archived\":false,\"name\":\"thawed\"}").json()
                .get("name").asText()).isEqualTo("thawed");
        assertThat(discord.patch("/channels/" + thread + "/messages/" + message, "{\"content\":\"y\"}").status())
                .isEqualTo(200);
    }

    @Test
    void aLockedThreadRefusesABotWithoutManageThreads() {
        String thread = newThread(storage, "locked");
        emulator.admin().lockThread(thread);
        // With MANAGE_THREADS (the default) the bot may still post.
        assertThat(discord.post("/channels/" + thread + "/messages", "{\"content\":\"mod\"}").status()).isEqualTo(200);
        emulator.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.MANAGE_THREADS);
        Reply r = discord.post("/channels/" + thread + "/messages", "{\"content\":\"let me in\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"Thread is locked\",\"code\":160005}"));
    }

    @Test
    void anArchivedLockedThreadIsNotReopenedByAPost() {
        String thread = newThread(storage, "sealed");
        emulator.admin().lockThread(thread);
        emulator.admin().archiveThread(thread);
        Reply r = discord.post("/channels/" + thread + "/messages", "{\"content\":\"hello?\"}");
        assertThat(r.json().get("code").asInt()).isEqualTo(50083);
        assertThat(discord.get("/channels/" + thread).json().at("/thread_metadata/archived").asBoolean()).isTrue();
    }

    @Test
    void theActiveThreadCapIs160006AndArchivedThreadsDoNotCount() {
        String first = newThread(storage, "t0");
        for (int i = 1; i < CAP; i++) {
            newThread(storage, "t" + i);
        }
        Reply full = discord.post("/channels/" + storage + "/threads", "{\"name\":\"one too many\",\"type\":11}");
        assertThat(full.status()).isEqualTo(400);
        assertThat(full.json()).isEqualTo(json("{\"message\":\"Maximum number of active threads reached\","
                + "\"code\":160006}"));
        discord.patch("/channels/" + first, "{\"archived\":true}");
        String extra = newThread(storage, "fits now");
        // Unarchiving would exceed the cap again.
        Reply reopen = discord.patch("/channels/" + first, "{\"archived\":false}");
        assertThat(reopen.json().get("code").asInt()).isEqualTo(160006);
        assertThat(extra).isNotEmpty();
    }

    @Test
    void threadsCannotBeStartedInThreads() {
        String thread = newThread(storage, "outer");
        Reply r = discord.post("/channels/" + thread + "/threads", "{\"name\":\"inner\",\"type\":11}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(50024);
    }

    @Test
    void deletingAThreadAnswersTheChannelAndRemovesItsMessages() {
        String thread = newThread(storage, "gone");
        String msg = discord.postMessage(thread, "bye").get("id").asText();
        Reply r = discord.delete("/channels/" + thread);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(thread);
        assertThat(discord.get("/channels/" + thread).json().get("code").asInt()).isEqualTo(10003);
        assertThat(discord.get("/channels/" + thread + "/messages/" + msg).status()).isEqualTo(404);
    }

    @Test
    void guildChannelsCanBeCreatedAndDeleted() {
        Reply created = discord.post("/guilds/" + emulator.guildId() + "/channels", "{\"name\":\"Extra Storage\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("extra-storage");
        assertThat(created.json().get("type").asInt()).isZero();
        String id = created.json().get("id").asText();
        assertThat(discord.delete("/channels/" + id).status()).isEqualTo(200);
        assertThat(discord.get("/channels/" + id).status()).isEqualTo(404);
    }
}
