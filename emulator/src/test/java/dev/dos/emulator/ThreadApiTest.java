package dev.dos.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.model.Permission;
import dev.dos.emulator.support.EmulatorFixture;
import dev.dos.emulator.support.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Threads: creation, metadata, archiving, locking, the active-thread cap, deletion. */
class ThreadApiTest extends EmulatorFixture {
    private static final int CAP = 3;

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config.maxActiveThreads(CAP);
    }

    @Test
    void creatingWithoutAMessageAnswers201WithThreadMetadata() {
        Response r = api.post("/channels/" + storage + "/threads",
                "{\"name\":\"batch-1\",\"type\":11,\"auto_archive_duration\":60}");
        assertThat(r.status()).isEqualTo(201);
        JsonNode t = r.json();
        assertThat(t.get("type").asInt()).isEqualTo(11);
        assertThat(t.get("parent_id").asText()).isEqualTo(storage);
        assertThat(t.get("guild_id").asText()).isEqualTo(discord.guildId());
        assertThat(t.get("owner_id").asText()).isEqualTo(api.get("/users/@me").json().get("id").asText());
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
        JsonNode t = api.post("/channels/" + storage + "/threads", "{\"name\":\"p\"}").json();
        assertThat(t.get("type").asInt()).isEqualTo(12);
        assertThat(t.at("/thread_metadata/invitable").asBoolean()).isTrue();
    }

    @Test
    void nameAndDurationAreValidated() {
        Response noName = api.post("/channels/" + storage + "/threads", "{\"type\":11}");
        assertThat(noName.json().at("/errors/name/_errors/0/code").asText()).isEqualTo("BASE_TYPE_REQUIRED");
        Response longName = api.post("/channels/" + storage + "/threads", "{\"type\":11,\"name\":\"" + "n".repeat(101)
                + "\"}");
        assertThat(longName.json().get("code").asInt()).isEqualTo(50035);
        Response duration = api.post("/channels/" + storage + "/threads",
                "{\"name\":\"x\",\"type\":11,\"auto_archive_duration\":61}");
        assertThat(duration.json().at("/errors/auto_archive_duration/_errors/0/code").asText())
                .isEqualTo("BASE_TYPE_CHOICES");
    }

    @Test
    void aThreadFromAMessageHasTheMessagesIdAndOnlyOnce() {
        String message = api.postMessage(storage, "starter").get("id").asText();
        Response r = api.post("/channels/" + storage + "/messages/" + message + "/threads", "{\"name\":\"from msg\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).isEqualTo(message);
        assertThat(r.json().get("type").asInt()).isEqualTo(11);
        assertThat(api.get("/channels/" + storage + "/messages/" + message).json().at("/thread/id").asText())
                .isEqualTo(message);
        Response again = api.post("/channels/" + storage + "/messages/" + message + "/threads", "{\"name\":\"x\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("code").asInt()).isEqualTo(160004);
    }

    @Test
    void messageCountFollowsPostsAndDeletes() {
        String thread = newThread(storage, "counted");
        String first = api.postMessage(thread, "1").get("id").asText();
        api.postMessage(thread, "2");
        api.delete("/channels/" + thread + "/messages/" + first);
        JsonNode t = api.get("/channels/" + thread).json();
        assertThat(t.get("message_count").asInt()).isEqualTo(1);
        assertThat(t.get("total_message_sent").asInt()).isEqualTo(2);
    }

    @Test
    void archivingMovesAThreadFromActiveToArchivedListing() {
        String thread = newThread(storage, "done");
        assertThat(api.get("/guilds/" + discord.guildId() + "/threads/active").json().get("threads")
                .findValuesAsText("name")).contains("done");
        Response archived = api.patch("/channels/" + thread, "{\"archived\":true}");
        assertThat(archived.json().at("/thread_metadata/archived").asBoolean()).isTrue();
        assertThat(api.get("/guilds/" + discord.guildId() + "/threads/active").json().get("threads")).isEmpty();
        JsonNode listing = api.get("/channels/" + storage + "/threads/archived/public").json();
        assertThat(listing.get("threads").get(0).get("id").asText()).isEqualTo(thread);
        assertThat(listing.get("has_more").asBoolean()).isFalse();
        assertThat(listing.get("members").isArray()).isTrue();
    }

    @Test
    void archivedListingIsLatestArchiveFirstAndPagesWithBefore() {
        String a = newThread(storage, "a");
        String b = newThread(storage, "b");
        api.patch("/channels/" + a, "{\"archived\":true}");
        clock.advance(Duration.ofSeconds(5));
        api.patch("/channels/" + b, "{\"archived\":true}");
        JsonNode page = api.get("/channels/" + storage + "/threads/archived/public?limit=1").json();
        assertThat(page.at("/threads/0/id").asText()).isEqualTo(b);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        String before = page.at("/threads/0/thread_metadata/archive_timestamp").asText();
        JsonNode next = api.get("/channels/" + storage + "/threads/archived/public?limit=1&before="
                + java.net.URLEncoder.encode(before, java.nio.charset.StandardCharsets.UTF_8)).json();
        assertThat(next.at("/threads/0/id").asText()).isEqualTo(a);
        assertThat(next.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void postingIntoAnArchivedUnlockedThreadUnarchivesIt() {
        String thread = newThread(storage, "sleepy");
        api.patch("/channels/" + thread, "{\"archived\":true}");
        assertThat(api.post("/channels/" + thread + "/messages", "{\"content\":\"wake\"}").status()).isEqualTo(200);
        assertThat(api.get("/channels/" + thread).json().at("/thread_metadata/archived").asBoolean()).isFalse();
    }

    @Test
    void threadsAutoArchiveAfterTheirDurationOfInactivity() {
        String thread = newThread(storage, "idle");
        clock.advance(Duration.ofMinutes(1440).plusSeconds(1));
        JsonNode t = api.get("/channels/" + thread).json();
        assertThat(t.at("/thread_metadata/archived").asBoolean()).isTrue();
        assertThat(api.get("/guilds/" + discord.guildId() + "/threads/active").json().get("threads")).isEmpty();
    }

    @Test
    void editingAnArchivedThreadOrItsMessagesIs50083() {
        String thread = newThread(storage, "frozen");
        String message = api.postMessage(thread, "x").get("id").asText();
        discord.admin().archiveThread(thread);
        Response rename = api.patch("/channels/" + thread, "{\"name\":\"renamed\"}");
        assertThat(rename.status()).isEqualTo(400);
        assertThat(rename.json()).isEqualTo(json("{\"message\":\"Thread is archived\",\"code\":50083}"));
        assertThat(api.patch("/channels/" + thread + "/messages/" + message, "{\"content\":\"y\"}").json()
                .get("code").asInt()).isEqualTo(50083);
        // Unarchiving explicitly works, and then edits do.
        assertThat(api.patch("/channels/" + thread, "{\"archived\":false,\"name\":\"thawed\"}").json()
                .get("name").asText()).isEqualTo("thawed");
        assertThat(api.patch("/channels/" + thread + "/messages/" + message, "{\"content\":\"y\"}").status())
                .isEqualTo(200);
    }

    @Test
    void aLockedThreadRefusesABotWithoutManageThreads() {
        String thread = newThread(storage, "locked");
        discord.admin().lockThread(thread);
        // With MANAGE_THREADS (the default) the bot may still post.
        assertThat(api.post("/channels/" + thread + "/messages", "{\"content\":\"mod\"}").status()).isEqualTo(200);
        discord.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.MANAGE_THREADS);
        Response r = api.post("/channels/" + thread + "/messages", "{\"content\":\"let me in\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(json("{\"message\":\"Thread is locked\",\"code\":160005}"));
    }

    @Test
    void anArchivedLockedThreadIsNotReopenedByAPost() {
        String thread = newThread(storage, "sealed");
        discord.admin().lockThread(thread);
        discord.admin().archiveThread(thread);
        Response r = api.post("/channels/" + thread + "/messages", "{\"content\":\"hello?\"}");
        assertThat(r.json().get("code").asInt()).isEqualTo(50083);
        assertThat(api.get("/channels/" + thread).json().at("/thread_metadata/archived").asBoolean()).isTrue();
    }

    @Test
    void theActiveThreadCapIs160006AndArchivedThreadsDoNotCount() {
        String first = newThread(storage, "t0");
        for (int i = 1; i < CAP; i++) {
            newThread(storage, "t" + i);
        }
        Response full = api.post("/channels/" + storage + "/threads", "{\"name\":\"one too many\",\"type\":11}");
        assertThat(full.status()).isEqualTo(400);
        assertThat(full.json()).isEqualTo(json("{\"message\":\"Maximum number of active threads reached\","
                + "\"code\":160006}"));
        api.patch("/channels/" + first, "{\"archived\":true}");
        String extra = newThread(storage, "fits now");
        // Unarchiving would exceed the cap again.
        Response reopen = api.patch("/channels/" + first, "{\"archived\":false}");
        assertThat(reopen.json().get("code").asInt()).isEqualTo(160006);
        assertThat(extra).isNotEmpty();
    }

    @Test
    void threadsCannotBeStartedInThreads() {
        String thread = newThread(storage, "outer");
        Response r = api.post("/channels/" + thread + "/threads", "{\"name\":\"inner\",\"type\":11}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(50024);
    }

    @Test
    void deletingAThreadAnswersTheChannelAndRemovesItsMessages() {
        String thread = newThread(storage, "gone");
        String msg = api.postMessage(thread, "bye").get("id").asText();
        Response r = api.delete("/channels/" + thread);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(thread);
        assertThat(api.get("/channels/" + thread).json().get("code").asInt()).isEqualTo(10003);
        assertThat(api.get("/channels/" + thread + "/messages/" + msg).status()).isEqualTo(404);
    }

    @Test
    void guildChannelsCanBeCreatedAndDeleted() {
        Response created = api.post("/guilds/" + discord.guildId() + "/channels", "{\"name\":\"Extra Storage\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("extra-storage");
        assertThat(created.json().get("type").asInt()).isZero();
        String id = created.json().get("id").asText();
        assertThat(api.delete("/channels/" + id).status()).isEqualTo(200);
        assertThat(api.get("/channels/" + id).status()).isEqualTo(404);
    }
}
