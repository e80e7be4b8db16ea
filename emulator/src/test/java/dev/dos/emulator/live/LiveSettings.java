package dev.dos.emulator.live;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where live mode talks to Discord, from the environment (docs/EMULATOR.md, "Live mode"). Live
 * mode is switched on by the Maven profile {@code live} (system property {@code dos.live=true});
 * without it, or without the three required variables, nothing here ever touches the network.
 * {@link #toString()} hides the token.
 *
 * @param token          {@value #TOKEN}: the bot token
 * @param guildId        {@value #GUILD}: the test server
 * @param channelId      {@value #CHANNEL}: a text channel the bot may post in and create and delete threads in
 * @param indexChannelId {@value #INDEX_CHANNEL}, else the same channel
 * @param backupChannelId {@value #BACKUP_CHANNEL}, else the same channel
 * @param apiBase        {@value #API}, else {@value #DEFAULT_API}
 */
public record LiveSettings(String token, String guildId, String channelId, String indexChannelId,
                           String backupChannelId, String apiBase) {
    public static final String TOKEN = "DOS_LIVE_TOKEN";
    public static final String GUILD = "DOS_LIVE_GUILD";
    public static final String CHANNEL = "DOS_LIVE_CHANNEL";
    public static final String INDEX_CHANNEL = "DOS_LIVE_INDEX_CHANNEL";
    public static final String BACKUP_CHANNEL = "DOS_LIVE_BACKUP_CHANNEL";
    public static final String API = "DOS_LIVE_API";
    public static final String DEFAULT_API = "https://discord.com/api/v10";
    /** The system property the {@code live} profile sets. */
    public static final String MODE_PROPERTY = "dos.live";
    /** How to run live mode, as the skip line and the docs say it. */
    public static final String COMMAND = "./mvnw -B -Plive -pl emulator,discord -am verify";

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    private static final Pattern VISIBLE = Pattern.compile("[\\x21-\\x7e]{1,512}");

    public LiveSettings {
        require(VISIBLE, TOKEN, token);
        require(SNOWFLAKE, GUILD, guildId);
        require(SNOWFLAKE, CHANNEL, channelId);
        require(SNOWFLAKE, INDEX_CHANNEL, indexChannelId);
        require(SNOWFLAKE, BACKUP_CHANNEL, backupChannelId);
        URI api = URI.create(apiBase);
        if (!"https".equals(api.getScheme()) && !"http".equals(api.getScheme()) || api.getHost() == null
                || apiBase.endsWith("/")) {
            throw new IllegalArgumentException(API + " must be an http(s) URL without a trailing '/', got " + apiBase);
        }
    }

    /** Whether the {@code live} profile is on: tests tagged live then talk to Discord instead of the emulator. */
    public static boolean requested() {
        return Boolean.parseBoolean(System.getProperty(MODE_PROPERTY, "false"));
    }

    /**
     * The settings from the environment, or empty when a required variable is missing; a variable
     * that is set but malformed is an error naming it (never the token's value).
     */
    public static Optional<LiveSettings> fromEnvironment() {
        return from(System.getenv());
    }

    static Optional<LiveSettings> from(Map<String, String> env) {
        String token = value(env, TOKEN);
        String guild = value(env, GUILD);
        String channel = value(env, CHANNEL);
        if (token == null || guild == null || channel == null) {
            return Optional.empty();
        }
        String index = value(env, INDEX_CHANNEL);
        String backup = value(env, BACKUP_CHANNEL);
        String api = value(env, API);
        return Optional.of(new LiveSettings(token, guild, channel, index == null ? channel : index,
                backup == null ? channel : backup, api == null ? DEFAULT_API : api));
    }

    /** The settings; only call where {@link LiveCondition} has let a live test run. */
    public static LiveSettings require() {
        return fromEnvironment().orElseThrow(() -> new IllegalStateException(missingMessage()));
    }

    /** The one line live mode prints when it cannot run. */
    static String missingMessage() {
        return "dos live mode: " + TOKEN + ", " + GUILD + " and " + CHANNEL + " are not all set, so every live test is"
                + " skipped (optional: " + INDEX_CHANNEL + ", " + BACKUP_CHANNEL + ", " + API
                + "; docs/EMULATOR.md, \"Live mode\")";
    }

    /** The one line the normal suite prints. */
    static String offMessage() {
        return "dos live tests: not run against Discord; to run them set " + TOKEN + ", " + GUILD + " and " + CHANNEL
                + " (optional: " + INDEX_CHANNEL + ", " + BACKUP_CHANNEL + ", " + API + ") and run: " + COMMAND
                + " (docs/EMULATOR.md, \"Live mode\")";
    }

    /** Whether index and backup are two more channels, as a dos setup has them. */
    public boolean threeDistinctChannels() {
        return channels().size() == 3;
    }

    /** The text channels, each once: the live channel first. */
    public List<String> channels() {
        return new ArrayList<>(new LinkedHashSet<>(List.of(channelId, indexChannelId, backupChannelId)));
    }

    /**
     * Where attachment links point: Discord's CDN for Discord's API, else the API's own host (a
     * standalone emulator serves its CDN at the root of its port).
     */
    public String cdnBase() {
        URI api = URI.create(apiBase);
        if (api.getHost().equals("discord.com") || api.getHost().endsWith(".discord.com")) {
            return "https://cdn.discordapp.com";
        }
        return api.getScheme() + "://" + api.getRawAuthority();
    }

    @Override
    public String toString() {
        return "LiveSettings[token=<hidden>, guildId=" + guildId + ", channelId=" + channelId + ", indexChannelId="
                + indexChannelId + ", backupChannelId=" + backupChannelId + ", apiBase=" + apiBase + "]";
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void require(Pattern pattern, String name, String value) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + (name.equals(TOKEN) ? " is not a bot token"
                    : " must be a Discord id (digits), got " + value));
        }
    }
}
