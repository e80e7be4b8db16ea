package dev.dos.app.store;

import dev.dos.core.config.DosConfig;
import dev.dos.core.config.DosPaths;
import dev.dos.core.config.OwnerOnly;
import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.Repository;
import dev.dos.core.remote.StorageRemote;
import dev.dos.discord.DiscordRemote;
import dev.dos.discord.DiscordSettings;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One opened store for the duration of a command or a web server: the remote (Discord, or the
 * sandbox's embedded emulator), the local index and the unlocked key. The CLI and the web layer
 * both open stores through here, so they behave the same.
 *
 * <p>Sandbox layout, under {@code <data-dir>/sandbox/}: {@code emulator/} (the emulator's state),
 * {@code metadata.db}, {@code key} and {@code passphrase} (generated, mode 0600). The environment
 * variable {@code DOS_PASSPHRASE}, when set, is always used instead of any stored passphrase.
 *
 * <p>Commands that only read the local index ({@code list}, {@code info}, {@code stats}) open it
 * with {@link #openIndex}: the same config and permission checks, but no passphrase, no key unlock
 * (Argon2id, most of their run time), no connection to Discord and no sandbox emulator. Such a
 * session has {@link #metadata()} and no {@link #repository()}.
 */
public final class StoreSession implements AutoCloseable {
    public static final String PASSPHRASE_ENV = "DOS_PASSPHRASE";
    /** Beside the database: encrypted index backups made by 'dos backup'. */
    public static final String BACKUP_DIR_NAME = "backups";
    /** Beside the database: browser uploads of 'dos web' on their way to the store. */
    public static final String WEB_STAGING_DIR_NAME = "web-staging";

    private final DiscordEmulator emulator;
    /** Null when opened for the index only. */
    private final StorageRemote remote;
    private final MetadataStore metadata;
    /** Null when opened for the index only. */
    private final Repository repository;
    private final Path databaseFile;

    private StoreSession(DiscordEmulator emulator, StorageRemote remote, MetadataStore metadata, MasterKey key,
                         Path databaseFile) {
        this.emulator = emulator;
        this.remote = remote;
        this.metadata = metadata;
        this.repository = new Repository(remote, metadata, key);
        this.databaseFile = databaseFile;
    }

    /** The local index alone. */
    private StoreSession(MetadataStore metadata, Path databaseFile) {
        this.emulator = null;
        this.remote = null;
        this.metadata = metadata;
        this.repository = null;
        this.databaseFile = databaseFile;
    }

    /**
     * Opens the store.
     *
     * @param paths      config and data directories
     * @param env        the environment (for DOS_PASSPHRASE and config overrides)
     * @param sandbox    use the embedded emulator instead of Discord
     * @param passphrase asks the user for the passphrase when neither env nor sandbox gives one
     */
    public static StoreSession open(DosPaths paths, Map<String, String> env, boolean sandbox,
                                    Supplier<char[]> passphrase) throws IOException {
        return open(paths, env, sandbox, passphrase, System.err::println);
    }

    /**
     * As {@link #open(DosPaths, Map, boolean, Supplier)}; {@code warnings} gets one line for each
     * key, config or passphrase file read that others can read ({@link OwnerOnly#warnIfNotPrivate}).
     */
    public static StoreSession open(DosPaths paths, Map<String, String> env, boolean sandbox,
                                    Supplier<char[]> passphrase, Consumer<String> warnings) throws IOException {
        return sandbox ? openSandbox(paths, env, warnings) : openDiscord(paths, env, passphrase, warnings);
    }

    /**
     * Opens only the local index, for commands that read nothing else: no passphrase is asked
     * for or read, the key is not unlocked (so not checked against the index either: nothing
     * here uses it), Discord is not contacted and the sandbox's emulator is not started. The
     * config is checked and loaded as by {@link #open} (warnings for files others can read; a
     * broken config is refused), and a store never set up is refused the same way.
     *
     * @param warnings gets one line for each config or key file that others can read
     */
    public static StoreSession openIndex(DosPaths paths, Map<String, String> env, boolean sandbox,
                                         Consumer<String> warnings) throws IOException {
        if (sandbox) {
            Path base = sandboxDir(paths);
            OwnerOnly.warnIfNotPrivate(base.resolve(DosPaths.KEY_FILE_NAME), warnings); // as the full open does
            Path database = base.resolve(DosPaths.DATABASE_FILE_NAME);
            return new StoreSession(SqliteMetadataStore.open(database), database);
        }
        configAndKeyFile(paths, env, warnings);
        paths.createDirectories();
        return new StoreSession(SqliteMetadataStore.open(paths.databaseFile()), paths.databaseFile());
    }

    /** A set-up store's config and key file, loaded and checked as every open does. */
    private record SetUp(DosConfig config, Path keyFile) {
    }

    /**
     * Warns about config and key files others can read, loads the config, and refuses a store
     * never set up (no key file).
     */
    private static SetUp configAndKeyFile(DosPaths paths, Map<String, String> env, Consumer<String> warnings)
            throws IOException {
        checkConfigFiles(paths, warnings);
        DosConfig config = DosConfig.load(paths, env);
        Path keyFile = config.keyFile() != null ? config.keyFile() : paths.defaultKeyFile();
        if (!Files.exists(keyFile)) {
            throw new IOException("no key file at " + keyFile + ": run 'dos setup' first (or try '--sandbox')");
        }
        OwnerOnly.warnIfNotPrivate(keyFile, warnings);
        return new SetUp(config, keyFile);
    }

    /** The sandbox's folder under the data folder, created owner-only. */
    private static Path sandboxDir(DosPaths paths) throws IOException {
        Path base = paths.dataDir().resolve("sandbox");
        OwnerOnly.createDirectories(base);
        return base;
    }

    /** Warns about the config files (which may hold the bot token) that others can read; call before reading them. */
    public static void checkConfigFiles(DosPaths paths, Consumer<String> warnings) {
        OwnerOnly.warnIfNotPrivate(paths.configFile(), warnings);
        OwnerOnly.warnIfNotPrivate(paths.originalEnvFile(), warnings);
    }

    private static StoreSession openSandbox(DosPaths paths, Map<String, String> env, Consumer<String> warnings)
            throws IOException {
        Path base = sandboxDir(paths);
        char[] pass = env.containsKey(PASSPHRASE_ENV) ? env.get(PASSPHRASE_ENV).toCharArray()
                : sandboxPassphrase(base.resolve("passphrase"), warnings);
        Path keyFile = base.resolve(DosPaths.KEY_FILE_NAME);
        OwnerOnly.warnIfNotPrivate(keyFile, warnings);
        KeyUnlock unlock = KeyUnlock.start(() -> Files.exists(keyFile) ? KeyFile.read(keyFile).unlock(pass)
                : KeyFile.create(keyFile, pass, Argon2Params.DEFAULT));
        DiscordEmulator emulator = null;
        StorageRemote remote = null;
        MetadataStore metadata = null;
        try {
            emulator = DiscordEmulator.start(EmulatorConfig.builder().dataDir(base.resolve("emulator")).build());
            DiscordSettings settings = DiscordSettings.builder()
                    .baseUrl(emulator.baseUrl()).token(emulator.token()).guildId(emulator.guildId())
                    .channels(emulator.channelId("storage"), emulator.channelId("index"), emulator.channelId("backup"))
                    .build();
            remote = DiscordRemote.connect(settings);
            Path database = base.resolve(DosPaths.DATABASE_FILE_NAME);
            metadata = SqliteMetadataStore.open(database);
            MasterKey key = unlock.await();
            return new StoreSession(emulator, remote, metadata, key, database);
        } catch (IOException | RuntimeException | Error e) {
            closeAll(metadata, remote, emulator);
            throw unlock.firstFailure(e);
        }
    }

    private static void closeAll(AutoCloseable... opened) {
        for (AutoCloseable c : opened) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing: the first failure is the one reported
                }
            }
        }
    }

    private static StoreSession openDiscord(DosPaths paths, Map<String, String> env, Supplier<char[]> passphrase,
                                            Consumer<String> warnings) throws IOException {
        SetUp setUp = configAndKeyFile(paths, env, warnings);
        DosConfig config = setUp.config();
        Path keyFile = setUp.keyFile();
        KeyFile sealed = KeyFile.read(keyFile);
        char[] pass = env.containsKey(PASSPHRASE_ENV) ? env.get(PASSPHRASE_ENV).toCharArray() : passphrase.get();
        KeyUnlock unlock = KeyUnlock.start(() -> sealed.unlock(pass));
        StorageRemote remote = null;
        MetadataStore metadata = null;
        try {
            DiscordSettings settings = DiscordSettings.builder()
                    .baseUrl(config.apiBaseUrl().toString()).token(config.requireToken()).guildId(config.guildId())
                    .channels(config.requireStorageChannelId(), config.requireIndexChannelId(), config.backupChannelId())
                    .build();
            paths.createDirectories();
            remote = DiscordRemote.connect(settings);
            metadata = SqliteMetadataStore.open(paths.databaseFile());
            MasterKey key = unlock.await();
            checkKeyMadeTheIndex(metadata, key, keyFile);
            return new StoreSession(null, remote, metadata, key, paths.databaseFile());
        } catch (IOException | RuntimeException | Error e) {
            closeAll(metadata, remote);
            throw unlock.firstFailure(e);
        }
    }

    /**
     * Refuses a key file that unlocks (right passphrase) but is not this store's: the key file of
     * another setup would otherwise upload batches no other copy of the key can read, and report
     * this store's batches as damaged. The index says which key made each batch: when it holds
     * batches and not one was made with this key, the key is wrong, unless 'dos setup --force'
     * replaced the key on purpose (it keeps the old one beside it as key.replaced-<time>).
     */
    private static void checkKeyMadeTheIndex(MetadataStore metadata, MasterKey key, Path keyFile) throws IOException {
        String ours = key.fingerprint().hex();
        Set<String> others = new HashSet<>();
        for (BatchRecord batch : metadata.listBatches(BatchQuery.all().page(0, 500)).items()) {
            if (ours.equals(batch.keyFingerprint())) {
                return;
            }
            if (batch.keyFingerprint() != null) {
                others.add(batch.keyFingerprint());
            }
        }
        if (others.isEmpty()) {
            return;
        }
        String aside = keyFile.getFileName() + ".replaced-";
        try (Stream<Path> siblings = Files.list(keyFile.toAbsolutePath().getParent())) {
            for (Path old : siblings.filter(p -> p.getFileName().toString().startsWith(aside)).toList()) {
                if (others.contains(KeyFile.read(old).fingerprint().hex())) {
                    return;
                }
            }
        }
        throw new WrongKeyException();
    }

    /** The sandbox's generated passphrase, created (0600) on first use. */
    private static char[] sandboxPassphrase(Path file, Consumer<String> warnings) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            OwnerOnly.writeString(file, generated);
        }
        OwnerOnly.warnIfNotPrivate(file, warnings);
        return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
    }

    /**
     * The remote, index and key together.
     *
     * @throws IllegalStateException if the session was opened with {@link #openIndex}
     */
    public Repository repository() {
        if (repository == null) {
            throw new IllegalStateException("this session holds the local index only (opened with openIndex)");
        }
        return repository;
    }

    /** The local index; there is one in every session, also one {@linkplain #openIndex opened for the index only}. */
    public MetadataStore metadata() {
        return metadata;
    }

    /** The file of the local index ({@code metadata.db}); backups are kept beside it. */
    public Path databaseFile() {
        return databaseFile;
    }

    /** Where {@code dos backup} keeps its files: {@value #BACKUP_DIR_NAME} beside the database. */
    public Path backupDirectory() {
        return databaseFile.resolveSibling(BACKUP_DIR_NAME);
    }

    /** Where the S3 gateway keeps its own index ({@code dos serve s3}): {@code s3} beside the database. */
    public Path s3Directory() {
        return databaseFile.resolveSibling("s3");
    }

    /** Where {@code dos web} stages browser uploads: {@value #WEB_STAGING_DIR_NAME} beside the database. */
    public Path webStagingDirectory() {
        return databaseFile.resolveSibling(WEB_STAGING_DIR_NAME);
    }

    @Override
    public void close() {
        if (remote != null) {
            remote.close();
        }
        metadata.close();
        if (emulator != null) {
            emulator.close();
        }
    }
}
