package dev.dos.core.config;

import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Settings dos needs to reach its remote, validated when built: a value that does not parse is
 * rejected with a message naming the setting and its source, never silently replaced.
 *
 * <p>{@link #load} reads each {@link ConfigKey}, first match wins: explicit overrides (command-line
 * flags), the environment, {@link DosPaths#configFile()}, then an original-style
 * {@link DosPaths#originalEnvFile()}. In each place our name beats the original tool's alias. An empty
 * value counts as unset.
 *
 * @param token            Discord bot token; null if not configured. Never printed: {@link #toString()} hides it.
 * @param guildId          Discord server id; null if not configured
 * @param storageChannelId channel whose threads hold the chunks; null if not configured
 * @param indexChannelId   channel holding batch index cards; null if not configured
 * @param backupChannelId  channel for database backups; null if none
 * @param apiBaseUrl       Discord API root without a trailing slash; default {@link #DEFAULT_API_BASE_URL}
 * @param chunkSizeBytes   chunk size override in bytes; null: derive it from the remote's limits
 * @param codec            compression codec name; null: the compress layer's default (which checks the name)
 * @param keyFile          encryption key file; relative paths in config are resolved against the config dir
 * @param webRoots         absolute folders {@code dos web} may read uploads from and restore into; empty: the
 *                         home folder ({@code dos web} decides; its config and data folders are refused anyway)
 */
public record DosConfig(String token, String guildId, String storageChannelId, String indexChannelId,
                        String backupChannelId, URI apiBaseUrl, Long chunkSizeBytes, String codec, Path keyFile,
                        List<Path> webRoots) {

    public static final URI DEFAULT_API_BASE_URL = URI.create("https://discord.com/api/v10");

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    private static final Pattern CODEC = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern BYTE_SIZE =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(B|K|KB|KIB|M|MB|MIB|G|GB|GIB)?", Pattern.CASE_INSENSITIVE);
    private static final String HEADER = """
            dos configuration. Readable by its owner only: it holds the bot token.
            Environment variables of the same names override these values.""";

    public DosConfig {
        checkToken(token, ConfigKey.TOKEN.describe());
        checkSnowflake(guildId, ConfigKey.GUILD_ID.describe());
        checkSnowflake(storageChannelId, ConfigKey.STORAGE_CHANNEL_ID.describe());
        checkSnowflake(indexChannelId, ConfigKey.INDEX_CHANNEL_ID.describe());
        checkSnowflake(backupChannelId, ConfigKey.BACKUP_CHANNEL_ID.describe());
        apiBaseUrl = apiBaseUrl == null ? DEFAULT_API_BASE_URL
                : checkApiBaseUrl(apiBaseUrl, ConfigKey.API_BASE_URL.describe());
        if (chunkSizeBytes != null && chunkSizeBytes <= 0) {
            throw invalid(ConfigKey.CHUNK_SIZE.describe(), "must be a positive number of bytes", chunkSizeBytes.toString());
        }
        if (codec != null && !CODEC.matcher(codec).matches()) {
            throw invalid(ConfigKey.CODEC.describe(), "must be a codec name such as zstd", codec);
        }
        webRoots = webRoots == null ? List.of() : List.copyOf(webRoots);
        for (Path root : webRoots) {
            if (!root.isAbsolute()) {
                throw invalid(ConfigKey.WEB_ROOTS.describe(), "must list absolute folders", root.toString());
            }
        }
    }

    /** Without web roots: {@code dos web} uses the home folder. */
    public DosConfig(String token, String guildId, String storageChannelId, String indexChannelId,
                     String backupChannelId, URI apiBaseUrl, Long chunkSizeBytes, String codec, Path keyFile) {
        this(token, guildId, storageChannelId, indexChannelId, backupChannelId, apiBaseUrl, chunkSizeBytes, codec,
                keyFile, List.of());
    }

    /** Loads from the files of {@code paths} and the environment {@code env}. */
    public static DosConfig load(DosPaths paths, Map<String, String> env) {
        return load(paths, env, Map.of());
    }

    /** As {@link #load(DosPaths, Map)}, with {@code overrides} (command-line flags) on top. */
    public static DosConfig load(DosPaths paths, Map<String, String> env, Map<ConfigKey, String> overrides) {
        Map<String, String> flags = new LinkedHashMap<>();
        overrides.forEach((key, value) -> flags.put(key.envName(), value));
        List<Source> sources = List.of(
                new Source("the command line", flags),
                new Source("the environment", env),
                new Source(paths.configFile().toString(), EnvFile.read(paths.configFile())),
                new Source(paths.originalEnvFile().toString(), EnvFile.read(paths.originalEnvFile())));
        Map<ConfigKey, Found> found = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            Found value = find(sources, key);
            if (value != null) {
                found.put(key, value);
            }
        }
        Found token = found.get(ConfigKey.TOKEN);
        if (token != null) {
            checkToken(token.value(), token.what());
        }
        return new DosConfig(
                token == null ? null : token.value(),
                snowflake(found, ConfigKey.GUILD_ID),
                snowflake(found, ConfigKey.STORAGE_CHANNEL_ID),
                snowflake(found, ConfigKey.INDEX_CHANNEL_ID),
                snowflake(found, ConfigKey.BACKUP_CHANNEL_ID),
                found.containsKey(ConfigKey.API_BASE_URL) ? apiBaseUrl(found.get(ConfigKey.API_BASE_URL)) : null,
                found.containsKey(ConfigKey.CHUNK_SIZE) ? byteSize(found.get(ConfigKey.CHUNK_SIZE)) : null,
                found.containsKey(ConfigKey.CODEC) ? codec(found.get(ConfigKey.CODEC)) : null,
                found.containsKey(ConfigKey.KEY_FILE)
                        ? paths.configDir().resolve(found.get(ConfigKey.KEY_FILE).value())
                        : paths.defaultKeyFile(),
                found.containsKey(ConfigKey.WEB_ROOTS) ? webRoots(found.get(ConfigKey.WEB_ROOTS)) : List.of());
    }

    /**
     * Replaces {@link DosPaths#configFile()} with these settings under our names (owner-only,
     * atomically). Unset settings and defaults are left out, and a key file inside the config
     * directory is written relative to it, so the directory can move. Comments and unknown keys of
     * the old file are not kept.
     */
    public void save(DosPaths paths) {
        Map<String, String> values = new LinkedHashMap<>();
        putIfSet(values, ConfigKey.TOKEN, token);
        putIfSet(values, ConfigKey.GUILD_ID, guildId);
        putIfSet(values, ConfigKey.STORAGE_CHANNEL_ID, storageChannelId);
        putIfSet(values, ConfigKey.INDEX_CHANNEL_ID, indexChannelId);
        putIfSet(values, ConfigKey.BACKUP_CHANNEL_ID, backupChannelId);
        putIfSet(values, ConfigKey.API_BASE_URL, apiBaseUrl.equals(DEFAULT_API_BASE_URL) ? null : apiBaseUrl.toString());
        putIfSet(values, ConfigKey.CHUNK_SIZE, chunkSizeBytes == null ? null : chunkSizeBytes.toString());
        putIfSet(values, ConfigKey.CODEC, codec);
        putIfSet(values, ConfigKey.KEY_FILE, keyFileSetting(paths));
        putIfSet(values, ConfigKey.WEB_ROOTS, webRoots.isEmpty() ? null
                : webRoots.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        EnvFile.write(paths.configFile(), HEADER, values);
    }

    private String keyFileSetting(DosPaths paths) {
        if (keyFile == null) {
            return null;
        }
        Path absolute = keyFile.toAbsolutePath().normalize();
        if (absolute.equals(paths.defaultKeyFile())) {
            return null;
        }
        return (absolute.startsWith(paths.configDir()) ? paths.configDir().relativize(absolute) : absolute).toString();
    }

    /** The token, or a {@link ConfigException} saying how to set it. */
    public String requireToken() {
        return require(token, ConfigKey.TOKEN);
    }

    public String requireStorageChannelId() {
        return require(storageChannelId, ConfigKey.STORAGE_CHANNEL_ID);
    }

    public String requireIndexChannelId() {
        return require(indexChannelId, ConfigKey.INDEX_CHANNEL_ID);
    }

    /** Every setting except the token's value, which shows only whether it is set. */
    @Override
    public String toString() {
        return "DosConfig[token=" + (token == null ? "(unset)" : "(set)") + ", guildId=" + guildId
                + ", storageChannelId=" + storageChannelId + ", indexChannelId=" + indexChannelId
                + ", backupChannelId=" + backupChannelId + ", apiBaseUrl=" + apiBaseUrl
                + ", chunkSizeBytes=" + chunkSizeBytes + ", codec=" + codec + ", keyFile=" + keyFile
                + ", webRoots=" + webRoots + "]";
    }

    private record Source(String name, Map<String, String> values) {
    }

    /** A setting's text, and its name and source for error messages ("GUILD_ID from the environment"). */
    private record Found(String value, String what) {
    }

    private static Found find(List<Source> sources, ConfigKey key) {
        for (Source source : sources) {
            String ours = source.values().get(key.envName());
            if (ours != null && !ours.isBlank()) {
                return new Found(ours.strip(), key.envName() + " from " + source.name());
            }
            String original = key.originalName().map(source.values()::get).orElse(null);
            if (original != null && !original.isBlank()) {
                return new Found(original.strip(), key.originalName().orElseThrow() + " from " + source.name());
            }
        }
        return null;
    }

    private static String snowflake(Map<ConfigKey, Found> found, ConfigKey key) {
        Found f = found.get(key);
        if (f == null) {
            return null;
        }
        checkSnowflake(f.value(), f.what());
        return f.value();
    }

    private static URI apiBaseUrl(Found f) {
        try {
            return checkApiBaseUrl(new URI(f.value()), f.what());
        } catch (URISyntaxException e) {
            throw invalid(f.what(), "must be an http(s) URL", f.value());
        }
    }

    private static long byteSize(Found f) {
        Matcher m = BYTE_SIZE.matcher(f.value());
        if (!m.matches()) {
            throw invalid(f.what(), "must be a size in bytes such as 9961472 or 9.5MiB", f.value());
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long multiplier = switch (unit.charAt(0)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
        if (bytes.signum() <= 0 || bytes.stripTrailingZeros().scale() > 0 || bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(f.what(), "must be a positive whole number of bytes", f.value());
        }
        return bytes.longValueExact();
    }

    /** Absolute folders separated by the path separator (':' on Unix); empty parts are ignored. */
    private static List<Path> webRoots(Found f) {
        List<Path> roots = new ArrayList<>();
        for (String part : f.value().split(Pattern.quote(File.pathSeparator))) {
            if (part.isBlank()) {
                continue;
            }
            Path root;
            try {
                root = Path.of(part.strip());
            } catch (InvalidPathException e) {
                throw invalid(f.what(), "must list absolute folders", part);
            }
            if (!root.isAbsolute()) {
                throw invalid(f.what(), "must list absolute folders", part);
            }
            roots.add(root.normalize());
        }
        return roots;
    }

    private static String codec(Found f) {
        if (!CODEC.matcher(f.value()).matches()) {
            throw invalid(f.what(), "must be a codec name such as zstd", f.value());
        }
        return f.value();
    }

    private static void checkToken(String token, String what) {
        if (token == null) {
            return;
        }
        if (token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
            // Never echo the token: it is a credential.
            throw new ConfigException(what + " must be the bare bot token,"
                    + " without spaces or a 'Bot ' prefix");
        }
    }

    private static void checkSnowflake(String id, String what) {
        if (id != null && !SNOWFLAKE.matcher(id).matches()) {
            throw invalid(what, "must be a Discord id (digits only)", id);
        }
    }

    private static URI checkApiBaseUrl(URI url, String what) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw invalid(what, "must be an http(s) URL", url.toString());
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    /** {@code what} names the setting and, when loaded, its source: "GUILD_ID from /home/me/.env". */
    private static ConfigException invalid(String what, String rule, String value) {
        return new ConfigException(what + " " + rule + ": " + value);
    }

    private static String require(String value, ConfigKey key) {
        if (value == null) {
            throw new ConfigException(key.describe() + " is not set: put it in " + DosPaths.CONFIG_FILE_NAME
                    + " in the config directory, or in the environment");
        }
        return value;
    }

    private static void putIfSet(Map<String, String> values, ConfigKey key, String value) {
        if (value != null) {
            values.put(key.envName(), value);
        }
    }
}
