package dev.dos.emulator.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Live mode's housekeeping: checks the configured channels once, marks the moment a test starts
 * (as a snowflake on Discord's clock) and afterwards deletes what the bot created since then:
 * its threads under the given channels (active and archived) and its messages in the given
 * channels (including Discord's own "started a thread" notices, which are the bot's). Nothing
 * older than the mark and nothing another user or bot made is ever touched.
 */
public final class LiveJanitor {
    static final long DISCORD_EPOCH_MS = 1420070400000L;
    /** How far before "now" a mark lies: Discord's clock is known from a Date header to about a second. */
    private static final Duration MARK_MARGIN = Duration.ofSeconds(3);
    private static final int MAX_PAGES = 50;

    private final LiveSettings settings;
    private final LiveRest rest;
    private volatile String botUserId;
    private volatile Duration skew;

    public LiveJanitor(LiveSettings settings) {
        this(settings, new LivePacer());
    }

    public LiveJanitor(LiveSettings settings, LivePacer pacer) {
        this.settings = settings;
        this.rest = new LiveRest(settings, pacer);
    }

    public LiveRest rest() {
        return rest;
    }

    /** The bot's user id ({@code GET /users/@me}); the same answer tells how far Discord's clock is from ours. */
    public String botUserId() {
        String known = botUserId;
        if (known == null) {
            Instant sent = Instant.now();
            LiveRest.Answer me = rest.get("/users/@me");
            Instant received = Instant.now();
            if (me.status() == 401) {
                throw new IllegalStateException("Discord refused " + LiveSettings.TOKEN + " (401): reset the bot's"
                        + " token in the Developer Portal and set it again (docs/discord-bot-setup.md)");
            }
            me.expectOk();
            Instant local = sent.plus(Duration.between(sent, received).dividedBy(2));
            skew = me.headers().firstValue("Date").map(LiveJanitor::httpDate).map(d -> Duration.between(local, d))
                    .orElse(Duration.ZERO);
            known = me.json().path("id").asText();
            botUserId = known;
        }
        return known;
    }

    /** Discord's clock minus ours (to about a second). */
    public Duration clockSkew() {
        botUserId();
        return skew;
    }

    /** A snowflake a little before now on Discord's clock: whatever is created from now on has a larger id. */
    public String mark() {
        return snowflake(Instant.now().plus(clockSkew()).minus(MARK_MARGIN));
    }

    /**
     * Checks once that the configured channels are text channels of the configured guild that
     * the bot can see, and says exactly what is wrong otherwise.
     */
    public void checkSetup() {
        botUserId();
        for (String id : settings.channels()) {
            LiveRest.Answer channel = rest.get("/channels/" + id);
            if (!channel.ok()) {
                throw new IllegalStateException("the bot cannot see channel " + id + " (" + channel
                        + "): check the channel variables and that the bot has View Channels there");
            }
            JsonNode json = channel.json();
            if (!settings.guildId().equals(json.path("guild_id").asText())) {
                throw new IllegalStateException("channel " + id + " belongs to guild " + json.path("guild_id").asText()
                        + ", not to " + LiveSettings.GUILD + "=" + settings.guildId());
            }
            if (json.path("type").asInt() != 0) {
                throw new IllegalStateException("channel " + id + " (#" + json.path("name").asText()
                        + ") is not a text channel (type " + json.path("type").asInt() + ")");
            }
        }
    }

    /**
     * Deletes the bot's threads under {@code threadParents} and its messages in
     * {@code messageChannels} created since {@code mark}. Goes on past failures and reports
     * them all at the end.
     *
     * @throws IllegalStateException naming what could not be deleted
     */
    public void sweep(Collection<String> threadParents, Collection<String> messageChannels, String mark) {
        String bot = botUserId();
        Instant since = instantOf(mark);
        List<String> problems = new ArrayList<>();
        Set<String> threads = new LinkedHashSet<>();
        LiveRest.Answer active = rest.get("/guilds/" + settings.guildId() + "/threads/active");
        if (active.ok()) {
            for (JsonNode t : active.json().path("threads")) {
                if (threadParents.contains(t.path("parent_id").asText()) && ours(t, bot, "owner_id", mark)) {
                    threads.add(t.path("id").asText());
                }
            }
        } else {
            problems.add(active.toString());
        }
        for (String parent : threadParents) {
            String before = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                LiveRest.Answer archived = rest.get("/channels/" + parent + "/threads/archived/public?limit=100"
                        + (before == null ? "" : "&before=" + URLEncoder.encode(before, StandardCharsets.UTF_8)));
                if (!archived.ok()) {
                    problems.add(archived.toString());
                    break;
                }
                JsonNode list = archived.json().path("threads");
                for (JsonNode t : list) {
                    if (ours(t, bot, "owner_id", mark)) {
                        threads.add(t.path("id").asText());
                    }
                }
                String last = list.isEmpty() ? null
                        : list.get(list.size() - 1).path("thread_metadata").path("archive_timestamp").asText(null);
                // newest archive first: once a page reaches archives older than the mark, the rest is older too
                if (!archived.json().path("has_more").asBoolean(false) || last == null
                        || OffsetDateTime.parse(last).toInstant().isBefore(since)) {
                    break;
                }
                before = last;
            }
        }
        for (String thread : threads) {
            LiveRest.Answer deleted = rest.delete("/channels/" + thread);
            if (!deleted.ok() && deleted.status() != 404) {
                problems.add("thread " + thread + ": " + deleted);
            }
        }
        for (String channel : new LinkedHashSet<>(messageChannels)) {
            String after = mark;
            for (int page = 0; page < MAX_PAGES; page++) {
                LiveRest.Answer list = rest.get("/channels/" + channel + "/messages?limit=100&after=" + after);
                if (list.status() == 404) {
                    break; // a thread deleted above, or gone otherwise
                }
                if (!list.ok()) {
                    problems.add(list.toString());
                    break;
                }
                for (JsonNode m : list.json()) {
                    if (ours(m, bot, null, mark)) {
                        String id = m.path("id").asText();
                        LiveRest.Answer deleted = rest.delete("/channels/" + channel + "/messages/" + id);
                        if (!deleted.ok() && deleted.status() != 404) {
                            problems.add("message " + id + " in " + channel + ": " + deleted);
                        }
                    }
                    if (Long.compareUnsigned(Long.parseUnsignedLong(m.path("id").asText()),
                            Long.parseUnsignedLong(after)) > 0) {
                        after = m.path("id").asText();
                    }
                }
                if (list.json().size() < 100) {
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("live clean-up could not delete everything this test made (remove it by"
                    + " hand): " + String.join("; ", problems));
        }
    }

    /** Made by the bot (as owner, or as a message's author) at or after the mark. */
    private static boolean ours(JsonNode object, String bot, String ownerField, String mark) {
        String by = ownerField != null ? object.path(ownerField).asText() : object.path("author").path("id").asText();
        String id = object.path("id").asText();
        return bot.equals(by) && id.chars().allMatch(Character::isDigit) && !id.isEmpty()
                && Long.compareUnsigned(Long.parseUnsignedLong(id), Long.parseUnsignedLong(mark)) >= 0;
    }

    /** The smallest snowflake of a moment: {@code (ms - DISCORD_EPOCH) << 22}. */
    public static String snowflake(Instant moment) {
        return Long.toUnsignedString((moment.toEpochMilli() - DISCORD_EPOCH_MS) << 22);
    }

    public static Instant instantOf(String snowflake) {
        return Instant.ofEpochMilli((Long.parseUnsignedLong(snowflake) >>> 22) + DISCORD_EPOCH_MS);
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
