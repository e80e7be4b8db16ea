package dev.dos.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.LiveJanitor;
import dev.dos.emulator.live.LivePacer;
import dev.dos.emulator.live.LiveRest;
import dev.dos.emulator.live.LiveSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import dev.dos.testkit.RawDiscord;

/**
 * Live Discord as a contract test's target (docs/EMULATOR.md, "Live mode"). Each test gets a new
 * public thread of {@code DOS_LIVE_CHANNEL} as its {@code storage} (or, with {@link InLiveChannel},
 * the channel itself); when it ends, every thread and message the bot made since the test began
 * is deleted, and permission overwrites it set are put back. Requests keep to Discord's rate
 * limits ({@link LivePacer}, one per JVM: buckets belong to the bot, not to a test).
 */
final class LiveTarget implements ContractTarget {
    private static final LivePacer PACER = new LivePacer();
    private static final int MAX_THREAD_NAME = 100;
    private static LiveJanitor janitor;
    private static RuntimeException setupProblem;

    private final LiveSettings settings;
    private final LiveJanitor housekeeping;
    private final RawDiscord discord;
    private final String mark;
    private final String testName;
    private final String storage;
    /** Overwrites to put back, oldest first: channel id and the bot's overwrite before (null: none). */
    private final List<Map.Entry<String, JsonNode>> overwrites = new ArrayList<>();

    private LiveTarget(LiveSettings settings, String testName, InLiveChannel inChannel) {
        this.settings = settings;
        this.housekeeping = janitor(settings);
        if (inChannel != null && inChannel.separateIndexChannel()
                && settings.indexChannelId().equals(settings.channelId())) {
            Assumptions.abort("needs " + LiveSettings.INDEX_CHANNEL + ": a second text channel, other than "
                    + LiveSettings.CHANNEL);
        }
        this.testName = testName;
        this.discord = RawDiscord.live(settings.apiBase(), settings.token(), PACER);
        this.mark = housekeeping.mark();
        String where;
        try {
            where = inChannel != null ? settings.channelId() : newThread(testName);
        } catch (RuntimeException e) {
            sweepQuietly(e);
            throw e;
        }
        this.storage = where;
    }

    static LiveTarget open(LiveSettings settings, String testName, InLiveChannel inChannel) {
        return new LiveTarget(settings, testName, inChannel);
    }

    /** One per JVM; its first use checks the variables against Discord, once. */
    private static synchronized LiveJanitor janitor(LiveSettings settings) {
        if (setupProblem != null) {
            throw setupProblem;
        }
        if (janitor == null) {
            LiveJanitor fresh = new LiveJanitor(settings, PACER);
            try {
                fresh.checkSetup();
            } catch (RuntimeException e) {
                setupProblem = e;
                throw e;
            }
            janitor = fresh;
        }
        return janitor;
    }

    private String newThread(String name) {
        String full = "dos live: " + name;
        return discord.post("/channels/" + settings.channelId() + "/threads",
                        Map.of("name", full.length() > MAX_THREAD_NAME ? full.substring(0, MAX_THREAD_NAME) : full,
                                "type", 11, "auto_archive_duration", 1440))
                .expect(201).json().path("id").asText();
    }

    @Override
    public RawDiscord discord() {
        return discord;
    }

    @Override
    public String token() {
        return settings.token();
    }

    @Override
    public String guildId() {
        return settings.guildId();
    }

    @Override
    public String channelId(String name) {
        return switch (name) {
            case "storage" -> settings.channelId();
            case "index" -> settings.indexChannelId();
            case "backup" -> settings.backupChannelId();
            default -> throw new IllegalArgumentException("no channel " + name + " in live mode");
        };
    }

    @Override
    public String storage() {
        return storage;
    }

    @Override
    public String anotherChannel() {
        return newThread(testName + " (2)");
    }

    @Override
    public String cdnUrl() {
        return settings.cdnBase();
    }

    @Override
    public Duration slack(Duration emulatorSlack) {
        return emulatorSlack.plus(housekeeping.clockSkew().abs()).plusSeconds(2);
    }

    @Override
    public void withdraw(String channelId, long permissions) {
        // Discord has no overwrites on threads: a thread follows its parent
        String channel = channelId.equals(storage) ? settings.channelId() : channelId;
        LiveRest rest = housekeeping.rest();
        String bot = housekeeping.botUserId();
        JsonNode before = null;
        for (JsonNode overwrite : rest.get("/channels/" + channel).expectOk().json().path("permission_overwrites")) {
            if (overwrite.path("id").asText().equals(bot) && overwrite.path("type").asInt() == 1) {
                before = overwrite;
            }
        }
        long allow = before == null ? 0 : Long.parseLong(before.path("allow").asText("0"));
        long deny = before == null ? 0 : Long.parseLong(before.path("deny").asText("0"));
        LiveRest.Answer put = rest.send("PUT", "/channels/" + channel + "/permissions/" + bot, Map.of(
                "type", 1, "allow", Long.toString(allow & ~permissions), "deny", Long.toString(deny | permissions)));
        if (!put.ok()) {
            Assumptions.abort("needs Manage Permissions in channel " + channel + " to withdraw its own permissions"
                    + " (docs/EMULATOR.md, Live mode): " + put);
        }
        if (overwrites.stream().noneMatch(o -> o.getKey().equals(channel))) {
            overwrites.add(new java.util.AbstractMap.SimpleEntry<>(channel, before));
        }
    }

    @Override
    public boolean live() {
        return true;
    }

    /** Puts overwrites back first (the bot may have lost what deleting needs), then deletes what the test made. */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        LiveRest rest = housekeeping.rest();
        String bot = housekeeping.botUserId();
        for (int i = overwrites.size() - 1; i >= 0; i--) {
            String channel = overwrites.get(i).getKey();
            JsonNode before = overwrites.get(i).getValue();
            String path = "/channels/" + channel + "/permissions/" + bot;
            LiveRest.Answer restored = before == null ? rest.delete(path) : rest.send("PUT", path, Map.of("type", 1,
                    "allow", before.path("allow").asText("0"), "deny", before.path("deny").asText("0")));
            if (!restored.ok()) {
                problems.add("the bot's permission overwrite in channel " + channel + " could not be put back ("
                        + restored + "): remove it by hand");
            }
        }
        try {
            housekeeping.sweep(settings.channels(), settings.channels(), mark);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    private void sweepQuietly(RuntimeException cause) {
        try {
            housekeeping.sweep(settings.channels(), settings.channels(), mark);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
