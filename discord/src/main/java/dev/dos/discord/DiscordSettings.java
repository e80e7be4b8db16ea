package dev.dos.discord;

import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the Discord client and remote need, validated on construction: bad values are
 * rejected with a message naming the field, never silently fixed. {@link #toString()} hides the
 * token.
 *
 * @param baseUrl          REST base URL, by default {@value #DEFAULT_BASE_URL}
 * @param token            the bot token (sent as {@code Authorization: Bot <token>})
 * @param guildId          the guild (server) holding the channels
 * @param storageChannelId text channel whose threads hold batches
 * @param indexChannelId   text channel for batch cards
 * @param backupChannelId  text channel for database backups
 */
public record DiscordSettings(URI baseUrl, String token, String guildId, String storageChannelId,
                              String indexChannelId, String backupChannelId, RetrySettings retry,
                              RateSettings rate) {

    public static final String DEFAULT_BASE_URL = "https://discord.com/api/v10";

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,512}");

    public DiscordSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(rate, "rate");
        checkBaseUrl(baseUrl);
        checkToken(token);
        requireSnowflake("guildId", guildId);
        requireSnowflake("storageChannelId", storageChannelId);
        requireSnowflake("indexChannelId", indexChannelId);
        requireSnowflake("backupChannelId", backupChannelId);
        if (storageChannelId.equals(indexChannelId) || storageChannelId.equals(backupChannelId)
                || indexChannelId.equals(backupChannelId)) {
            throw new IllegalArgumentException("storage, index and backup channels must be three different channels");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "DiscordSettings[baseUrl=" + baseUrl + ", token=<hidden>, guildId=" + guildId
                + ", storageChannelId=" + storageChannelId + ", indexChannelId=" + indexChannelId
                + ", backupChannelId=" + backupChannelId + ", retry=" + retry + ", rate=" + rate + "]";
    }

    /** Rejects what {@link #baseUrl} may not be. */
    static void checkBaseUrl(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.isAbsolute() || !Set.of("http", "https").contains(baseUrl.getScheme())
                || baseUrl.getHost() == null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL without query, got " + baseUrl);
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        if (path.endsWith("/")) {
            throw new IllegalArgumentException("baseUrl must not end with '/', got " + baseUrl);
        }
    }

    /** Rejects what {@link #token} may not be, without ever showing it. */
    static void checkToken(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("token must be 1 to 512 visible ASCII characters without spaces");
        }
    }

    private static void requireSnowflake(String name, String value) {
        if (value == null || !SNOWFLAKE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a Discord id (digits), got " + value);
        }
    }

    /** Builds settings; unset retry and rate settings take their defaults. */
    public static final class Builder {
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private String token;
        private String guildId;
        private String storageChannelId;
        private String indexChannelId;
        private String backupChannelId;
        private RetrySettings retry = RetrySettings.DEFAULTS;
        private RateSettings rate = RateSettings.DEFAULTS;

        private Builder() {
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = URI.create(baseUrl);
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder guildId(String guildId) {
            this.guildId = guildId;
            return this;
        }

        public Builder channels(String storageChannelId, String indexChannelId, String backupChannelId) {
            this.storageChannelId = storageChannelId;
            this.indexChannelId = indexChannelId;
            this.backupChannelId = backupChannelId;
            return this;
        }

        public Builder retry(RetrySettings retry) {
            this.retry = retry;
            return this;
        }

        public Builder rate(RateSettings rate) {
            this.rate = rate;
            return this;
        }

        public DiscordSettings build() {
            return new DiscordSettings(baseUrl, token, guildId, storageChannelId, indexChannelId, backupChannelId,
                    retry, rate);
        }
    }
}
