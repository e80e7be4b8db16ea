package dev.dos.emulator.contract;

import static dev.dos.emulator.contract.MessagesTest.assertError;
import static dev.dos.emulator.contract.MessagesTest.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.EmulatorOnly;
import dev.dos.emulator.live.Live;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import dev.dos.emulator.model.Permission;

/** Public threads: creation, messages inside them, archiving, locking and the active cap. */
@Live
@InLiveChannel
class ThreadsTest extends EmulatorContract {

    @Test
    void aThreadWithoutAMessageIsCreatedWith201AsAPublicThreadOfItsParent() {
        Reply reply = discord.post("/channels/" + storage + "/threads",
                Map.of("name", "batch-1", "type", 11, "auto_archive_duration", 1440));

        reply.expect(201);
        JsonNode thread = reply.json();
        assertThat(thread.path("id").isTextual()).isTrue();
        assertThat(thread.path("type").asInt()).isEqualTo(11);
        assertThat(thread.path("name").asText()).isEqualTo("batch-1");
        assertThat(thread.path("parent_id").asText()).isEqualTo(storage);
        assertThat(thread.path("guild_id").asText()).isEqualTo(target.guildId());
        assertThat(thread.path("owner_id").asText()).isEqualTo(botUserId());
        assertThat(thread.path("message_count").asInt()).isZero();
        assertThat(thread.has("member_count")).isTrue();
        JsonNode meta = thread.path("thread_metadata");
        assertThat(meta.path("archived").asBoolean()).isFalse();
        assertThat(meta.path("locked").asBoolean()).isFalse();
        assertThat(meta.path("auto_archive_duration").asInt()).isEqualTo(1440);
        assertThat(OffsetDateTime.parse(meta.path("archive_timestamp").asText())).isNotNull();
        assertThat(OffsetDateTime.parse(meta.path("create_timestamp").asText())).isNotNull();
    }

    @Test
    void withoutATypeV10CreatesAPrivateThread() {
        JsonNode thread = discord.post("/channels/" + storage + "/threads", Map.of("name", "no type")).expect(201).json();

        assertThat(thread.path("type").asInt()).isEqualTo(12);
    }

    @Test
    void aThreadNameMustBe1To100Characters() {
        assertError(discord.post("/channels/" + storage + "/threads", Map.of("name", "", "type", 11)), 400, 50035);
        assertError(discord.post("/channels/" + storage + "/threads", Map.of("name", repeat('n', 101), "type", 11)),
                400, 50035);
        discord.post("/channels/" + storage + "/threads", Map.of("name", repeat('n', 100), "type", 11)).expect(201);
    }

    @Test
    void onlyTheFourAutoArchiveDurationsAreAccepted() {
        for (int minutes : new int[] {60, 1440, 4320, 10080}) {
            discord.post("/channels/" + storage + "/threads",
                    Map.of("name", "ok-" + minutes, "type", 11, "auto_archive_duration", minutes)).expect(201);
        }
        assertError(discord.post("/channels/" + storage + "/threads",
                Map.of("name", "bad", "type", 11, "auto_archive_duration", 30)), 400, 50035);
    }

    @Test
    void aThreadStartedFromAMessageSharesTheMessageId() {
        String messageId = postText(storage, "batch manifest").path("id").asText();

        Reply reply = discord.post("/channels/" + storage + "/messages/" + messageId + "/threads",
                Map.of("name", "from message", "auto_archive_duration", 60));

        reply.expect(201);
        assertThat(reply.json().path("id").asText()).isEqualTo(messageId);
        assertThat(reply.json().path("type").asInt()).isEqualTo(11);
        assertThat(reply.json().path("parent_id").asText()).isEqualTo(storage);
    }

    @Test
    void aMessageCanStartOnlyOneThread() {
        String messageId = postText(storage, "once").path("id").asText();
        String path = "/channels/" + storage + "/messages/" + messageId + "/threads";
        discord.post(path, Map.of("name", "first")).expect(201);

        assertError(discord.post(path, Map.of("name", "second")), 400, 160004);
    }

    @Test
    void startingAThreadFromAnUnknownMessageIs404With10008() {
        assertError(discord.post("/channels/" + storage + "/messages/" + Snowflakes.at(java.time.Instant.now())
                + "/threads", Map.of("name", "ghost")), 404, 10008);
    }

    @Test
    void messagesPostedToAThreadBelongToTheThreadAndAreCounted() {
        String thread = createThread(storage, "batch").path("id").asText();

        JsonNode m = postFiles(thread, "chunk", new byte[] {1, 2, 3});
        String second = postText(thread, "second").path("id").asText();

        assertThat(m.path("channel_id").asText()).isEqualTo(thread);
        JsonNode channel = discord.get("/channels/" + thread).expect(200).json();
        assertThat(channel.path("message_count").asInt()).isEqualTo(2);
        assertThat(channel.path("last_message_id").asText()).isEqualTo(second);
        assertThat(discord.get("/channels/" + thread + "/messages").expect(200).json()).hasSize(2);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    void activeThreadsAreListedForTheGuild() {
        String a = createThread(storage, "a").path("id").asText();
        String b = createThread(target.channelId("index"), "b").path("id").asText();

        JsonNode active = discord.get("/guilds/" + target.guildId() + "/threads/active").expect(200).json();

        assertThat(idsOf(active.path("threads"))).contains(a, b);
        assertThat(active.path("members").isArray()).isTrue();
    }

    @Test
    void archivingAThreadMovesItFromActiveToArchived() {
        String thread = createThread(storage, "done").path("id").asText();

        JsonNode archived = discord.patch("/channels/" + thread, Map.of("archived", true)).expect(200).json();

        assertThat(archived.path("thread_metadata").path("archived").asBoolean()).isTrue();
        JsonNode active = discord.get("/guilds/" + target.guildId() + "/threads/active").expect(200).json();
        assertThat(idsOf(active.path("threads"))).doesNotContain(thread);
        JsonNode list = discord.get("/channels/" + storage + "/threads/archived/public").expect(200).json();
        assertThat(idsOf(list.path("threads"))).containsExactly(thread);
        assertThat(list.path("has_more").asBoolean()).isFalse();
        assertThat(list.path("members").isArray()).isTrue();
    }

    @Test
    void archivedThreadsAreListedNewestArchiveFirstWithHasMore() {
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(createThread(storage, "t" + i).path("id").asText());
        }
        // archive in the order t1, t0, t2: archive order, not creation order, decides
        for (int i : new int[] {1, 0, 2}) {
            discord.patch("/channels/" + threads.get(i), Map.of("archived", true)).expect(200);
            clock.advance(java.time.Duration.ofSeconds(1));
        }
        String base = "/channels/" + storage + "/threads/archived/public";

        JsonNode all = discord.get(base).expect(200).json();
        assertThat(idsOf(all.path("threads"))).containsExactly(threads.get(2), threads.get(0), threads.get(1));

        JsonNode first = discord.get(base + "?limit=2").expect(200).json();
        assertThat(idsOf(first.path("threads"))).containsExactly(threads.get(2), threads.get(0));
        assertThat(first.path("has_more").asBoolean()).isTrue();

        String before = first.path("threads").get(1).path("thread_metadata").path("archive_timestamp").asText();
        JsonNode rest = discord.get(base + "?limit=2&before=" + java.net.URLEncoder.encode(before,
                java.nio.charset.StandardCharsets.UTF_8)).expect(200).json();
        assertThat(idsOf(rest.path("threads"))).containsExactly(threads.get(1));
        assertThat(rest.path("has_more").asBoolean()).isFalse();
    }

    @Test
    @InLiveChannel(separateIndexChannel = true)
    void archivedThreadsOfOtherChannelsAreNotListed() {
        String other = createThread(target.channelId("index"), "elsewhere").path("id").asText();
        discord.patch("/channels/" + other, Map.of("archived", true)).expect(200);

        JsonNode list = discord.get("/channels/" + storage + "/threads/archived/public").expect(200).json();

        assertThat(idsOf(list.path("threads"))).isEmpty();
    }

    @Test
    void postingIntoAnArchivedUnlockedThreadUnarchivesIt() {
        String thread = createThread(storage, "sleepy").path("id").asText();
        discord.patch("/channels/" + thread, Map.of("archived", true)).expect(200);

        postText(thread, "wake up");

        JsonNode channel = discord.get("/channels/" + thread).expect(200).json();
        assertThat(channel.path("thread_metadata").path("archived").asBoolean()).isFalse();
        JsonNode active = discord.get("/guilds/" + target.guildId() + "/threads/active").expect(200).json();
        assertThat(idsOf(active.path("threads"))).contains(thread);
    }

    @Test
    void patchingArchivedFalseUnarchivesExplicitly() {
        String thread = createThread(storage, "again").path("id").asText();
        discord.patch("/channels/" + thread, Map.of("archived", true)).expect(200);

        JsonNode channel = discord.patch("/channels/" + thread, Map.of("archived", false)).expect(200).json();

        assertThat(channel.path("thread_metadata").path("archived").asBoolean()).isFalse();
    }

    @Test
    @EmulatorOnly("the admin archives the thread")
    void archivingByTheAdminLooksLikeAutoArchive() {
        String thread = createThread(storage, "idle").path("id").asText();

        emulator.admin().archiveThread(thread);

        JsonNode channel = discord.get("/channels/" + thread).expect(200).json();
        assertThat(channel.path("thread_metadata").path("archived").asBoolean()).isTrue();
    }

    @Test
    @EmulatorOnly("moves the clock an hour")
    void aThreadArchivesItselfAfterItsAutoArchiveDurationWithoutActivity() {
        String thread = discord.post("/channels/" + storage + "/threads",
                Map.of("name", "hourly", "type", 11, "auto_archive_duration", 60)).expect(201).json().path("id").asText();

        clock.advance(java.time.Duration.ofMinutes(61));

        JsonNode channel = discord.get("/channels/" + thread).expect(200).json();
        assertThat(channel.path("thread_metadata").path("archived").asBoolean()).isTrue();
        JsonNode active = discord.get("/guilds/" + target.guildId() + "/threads/active").expect(200).json();
        assertThat(idsOf(active.path("threads"))).doesNotContain(thread);
    }

    @Test
    @EmulatorOnly("moves the clock 70 minutes")
    void anAutoArchivedThreadIsListedByTheMomentItsDurationRanOut() {
        String auto = discord.post("/channels/" + storage + "/threads",
                Map.of("name", "auto", "type", 11, "auto_archive_duration", 60)).expect(201).json().path("id").asText();
        String manual = createThread(storage, "manual").path("id").asText();
        clock.advance(java.time.Duration.ofMinutes(30));
        discord.patch("/channels/" + manual, Map.of("archived", true)).expect(200);

        clock.advance(java.time.Duration.ofMinutes(40));

        JsonNode list = discord.get("/channels/" + storage + "/threads/archived/public").expect(200).json();
        assertThat(idsOf(list.path("threads"))).containsExactly(auto, manual);
    }

    @Test
    @EmulatorOnly("moves the clock 100 minutes")
    void aMessageCountsAsActivityAndPostponesAutoArchive() {
        String thread = discord.post("/channels/" + storage + "/threads",
                Map.of("name", "busy", "type", 11, "auto_archive_duration", 60)).expect(201).json().path("id").asText();

        clock.advance(java.time.Duration.ofMinutes(50));
        postText(thread, "still working");
        clock.advance(java.time.Duration.ofMinutes(50));

        JsonNode channel = discord.get("/channels/" + thread).expect(200).json();
        assertThat(channel.path("thread_metadata").path("archived").asBoolean()).isFalse();
    }

    @Test
    @EmulatorOnly("the admin locks the thread and sets permissions (live: GuessesTest)")
    void aLockedThreadRefusesMessagesFromABotWithoutManageThreadsWith160005() {
        String thread = createThread(storage, "locked").path("id").asText();
        emulator.admin().lockThread(thread);
        emulator.admin().setChannelPermissions(storage, Permissions.allBut(Permissions.MANAGE_THREADS));

        Reply reply = discord.post("/channels/" + thread + "/messages", Map.of("content", "let me in"));

        // the code is documented, the status is not: docs/EMULATOR.md chose 403
        reply.expect(403);
        assertThat(reply.json().path("code").asInt()).isEqualTo(160005);
        assertThat(discord.get("/channels/" + thread + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    @EmulatorOnly("the admin locks and archives the thread and sets permissions")
    void anArchivedLockedThreadStaysArchivedWhenABotWithoutManageThreadsPosts() {
        String thread = createThread(storage, "sealed").path("id").asText();
        emulator.admin().lockThread(thread);
        emulator.admin().archiveThread(thread);
        emulator.admin().setChannelPermissions(storage, Permissions.allBut(Permissions.MANAGE_THREADS));

        Reply reply = discord.post("/channels/" + thread + "/messages", Map.of("content", "let me in"));

        // threads topic: "Sending a message will automatically unarchive the thread, unless the
        // thread has been locked"; Discord answers "Thread is archived" (50083) here, before any
        // lock check (discord-api-docs issues #6884 and #7707, the latter with status 403)
        assertThat(reply.status()).as(reply.describe()).isIn(400, 403);
        assertThat(reply.json().path("code").asInt()).as(reply.describe()).isEqualTo(50083);
        JsonNode channel = discord.get("/channels/" + thread).expect(200).json();
        assertThat(channel.path("thread_metadata").path("archived").asBoolean()).isTrue();
    }

    @Test
    @EmulatorOnly("the admin locks the thread")
    void aBotWithManageThreadsMayStillPostInALockedThread() {
        // threads topic, "Locked Threads": with MANAGE_THREADS "they will still be able to make
        // changes to the thread and messages"
        String thread = createThread(storage, "moderated").path("id").asText();
        emulator.admin().lockThread(thread);

        postText(thread, "moderator speaking");
    }

    @Test
    void editingAMessageInAnArchivedThreadIsRefusedWith50083() {
        String thread = createThread(storage, "frozen").path("id").asText();
        String id = postText(thread, "before archive").path("id").asText();
        discord.patch("/channels/" + thread, Map.of("archived", true)).expect(200);

        Reply reply = discord.patch("/channels/" + thread + "/messages/" + id, Map.of("content", "after"));

        assertError(reply, 400, 50083);
        assertThat(discord.get("/channels/" + thread + "/messages/" + id).expect(200).json().path("content").asText())
                .isEqualTo("before archive");
    }

    @Test
    void messagesInAnArchivedThreadCanStillBeReadAndDeleted() {
        String thread = createThread(storage, "read only").path("id").asText();
        String id = postText(thread, "keep reading").path("id").asText();
        discord.patch("/channels/" + thread, Map.of("archived", true)).expect(200);

        discord.get("/channels/" + thread + "/messages/" + id).expect(200);
        discord.delete("/channels/" + thread + "/messages/" + id).expect(204);
    }

    @Test
    void deletingAThreadAnswersTheDeletedChannelAndItIsGone() {
        String thread = createThread(storage, "temporary").path("id").asText();

        JsonNode deleted = discord.delete("/channels/" + thread).expect(200).json();

        // channel.mdx, Delete/Close Channel: "Returns a channel object on success"
        assertThat(deleted.path("id").asText()).isEqualTo(thread);
        assertError(discord.get("/channels/" + thread), 404, 10003);
    }

    @Test
    @EmulatorOnly("its own emulator with a cap of 3")
    void threadsThatAutoArchivedNoLongerCountAgainstTheCap() throws Exception {
        // a smaller cap (maxActiveThreads) so the rule shows without 1000 threads
        try (var small = dev.dos.emulator.DiscordEmulator.start(quietConfig().clock(clock).maxActiveThreads(3).build())) {
            RawDiscord client = RawDiscord.bot(small.baseUrl(), small.token());
            String path = "/channels/" + small.channelId("storage") + "/threads";
            for (int i = 0; i < 3; i++) {
                client.post(path, Map.of("name", "hourly-" + i, "type", 11, "auto_archive_duration", 60)).expect(201);
            }
            assertError(client.post(path, Map.of("name", "full", "type", 11)), 400, 160006);

            clock.advance(java.time.Duration.ofMinutes(61));

            client.post(path, Map.of("name", "room again", "type", 11)).expect(201);
        }
    }

    @Test
    @EmulatorOnly("1000 active threads would take hours and crowd the user's server")
    void theGuildAllowsAtMost1000ActiveThreadsAndArchivedOnesDoNotCount() {
        String first = null;
        for (int i = 0; i < 1000; i++) {
            String id = discord.post("/channels/" + storage + "/threads", Map.of("name", "t" + i, "type", 11))
                    .expect(201).json().path("id").asText();
            if (first == null) {
                first = id;
            }
        }

        assertError(discord.post("/channels/" + storage + "/threads", Map.of("name", "one too many", "type", 11)),
                400, 160006);
        String messageId = postText(storage, "starter").path("id").asText();
        assertError(discord.post("/channels/" + storage + "/messages/" + messageId + "/threads",
                Map.of("name", "also too many")), 400, 160006);

        discord.patch("/channels/" + first, Map.of("archived", true)).expect(200);
        discord.post("/channels/" + storage + "/threads", Map.of("name", "room again", "type", 11)).expect(201);
    }

    @Test
    @EmulatorOnly("not yet checked against Discord")
    void typeDefaultsToPrivateThreadInV10() {
        JsonNode t = discord.post("/channels/" + storage + "/threads", "{\"name\":\"p\"}").json();
        assertThat(t.get("type").asInt()).isEqualTo(12);
        assertThat(t.at("/thread_metadata/invitable").asBoolean()).isTrue();
    }

    @Test
    @EmulatorOnly("pins the emulator's exact answer")
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
    @EmulatorOnly("not yet checked against Discord")
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
    @EmulatorOnly("not yet checked against Discord")
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
    @EmulatorOnly("the admin archives the thread")
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
    @EmulatorOnly("the admin locks the thread and sets permissions")
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
    @EmulatorOnly("the admin locks and archives the thread")
    void anArchivedLockedThreadIsNotReopenedByAPost() {
        String thread = newThread(storage, "sealed");
        emulator.admin().lockThread(thread);
        emulator.admin().archiveThread(thread);
        Reply r = discord.post("/channels/" + thread + "/messages", "{\"content\":\"hello?\"}");
        assertThat(r.json().get("code").asInt()).isEqualTo(50083);
        assertThat(discord.get("/channels/" + thread).json().at("/thread_metadata/archived").asBoolean()).isTrue();
    }

    @Test
    @EmulatorOnly("not yet checked against Discord")
    void threadsCannotBeStartedInThreads() {
        String thread = newThread(storage, "outer");
        Reply r = discord.post("/channels/" + thread + "/threads", "{\"name\":\"inner\",\"type\":11}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(50024);
    }

    @Test
    @EmulatorOnly("not yet checked against Discord")
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
    @EmulatorOnly("would create a channel in the user's server (and needs Manage Channels)")
    void guildChannelsCanBeCreatedAndDeleted() {
        Reply created = discord.post("/guilds/" + emulator.guildId() + "/channels", "{\"name\":\"Extra Storage\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("extra-storage");
        assertThat(created.json().get("type").asInt()).isZero();
        String id = created.json().get("id").asText();
        assertThat(discord.delete("/channels/" + id).status()).isEqualTo(200);
        assertThat(discord.get("/channels/" + id).status()).isEqualTo(404);
    }

    @Test
    @EmulatorOnly("its own emulator with a cap of 3")
    void theActiveThreadCapIs160006AndArchivedThreadsDoNotCount() throws Exception {
        try (var small = dev.dos.emulator.DiscordEmulator.start(quietConfig().clock(clock).maxActiveThreads(3).build())) {
            RawDiscord client = RawDiscord.bot(small.baseUrl(), small.token());
            String path = "/channels/" + small.channelId("storage") + "/threads";
            String first = client.post(path, Map.of("name", "t0", "type", 11)).expect(201).json().path("id").asText();
            for (int i = 1; i < 3; i++) {
                client.post(path, Map.of("name", "t" + i, "type", 11)).expect(201);
            }
            Reply full = client.post(path, Map.of("name", "one too many", "type", 11));
            assertThat(full.status()).isEqualTo(400);
            assertThat(full.json()).isEqualTo(json("{\"message\":\"Maximum number of active threads reached\","
                    + "\"code\":160006}"));
            client.patch("/channels/" + first, Map.of("archived", true)).expect(200);
            client.post(path, Map.of("name", "fits now", "type", 11)).expect(201);
            // Unarchiving would exceed the cap again.
            assertThat(client.patch("/channels/" + first, Map.of("archived", false)).json().path("code").asInt())
                    .isEqualTo(160006);
        }
    }
}
