package dev.dos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.Repository;
import dev.dos.core.remote.StorageRemote;
import dev.dos.discord.DiscordRemote;
import dev.dos.discord.DiscordSettings;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A store as the CLI opens one (the real Discord remote and client, a SQLite index, a master key),
 * wired to an in-memory emulator instead of Discord: the same {@link DiscordSettings} and
 * {@link DiscordRemote#connect} calls as the sandbox's {@code StoreSession}, with the emulator's
 * limits and faults chosen by the figure.
 */
final class EmulatedStore implements AutoCloseable {
    private final DiscordEmulator emulator;
    private final Repository repo;

    private EmulatedStore(DiscordEmulator emulator, Repository repo) {
        this.emulator = emulator;
        this.repo = repo;
    }

    /** Starts an in-memory emulator and opens a fresh store on it, its index at {@code database}. */
    static EmulatedStore start(RateLimitConfig limits, FaultConfig faults, Path database) throws IOException {
        DiscordEmulator emulator = startEmulator(limits, faults);
        try {
            return new EmulatedStore(emulator, open(emulator.describeJson(), database));
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    static DiscordEmulator startEmulator(RateLimitConfig limits, FaultConfig faults) throws IOException {
        return DiscordEmulator.start(EmulatorConfig.builder().port(0).dataDir(null).rateLimits(limits)
                .faults(faults).seed(42).build());
    }

    /** A store on the emulator that {@code describeJson} (its one JSON line) names, with a new key. */
    static Repository open(String describeJson, Path database) throws IOException {
        StorageRemote remote = remote(describeJson);
        MetadataStore metadata = SqliteMetadataStore.open(database);
        return new Repository(remote, metadata, MasterKey.generate());
    }

    /** The product's Discord remote on the emulator that {@code describeJson} names. */
    static StorageRemote remote(String describeJson) throws IOException {
        JsonNode d = new ObjectMapper().readTree(describeJson);
        JsonNode channels = d.get("channels");
        DiscordSettings settings = DiscordSettings.builder()
                .baseUrl(d.get("base_url").asText()).token(d.get("token").asText()).guildId(d.get("guild_id").asText())
                .channels(channels.get("storage").asText(), channels.get("index").asText(), channels.get("backup").asText())
                .build();
        return DiscordRemote.connect(settings);
    }

    DiscordEmulator emulator() {
        return emulator;
    }

    Repository repo() {
        return repo;
    }

    @Override
    public void close() {
        repo.remote().close();
        repo.metadata().close();
        emulator.close();
    }
}
