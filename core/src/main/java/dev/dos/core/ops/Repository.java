package dev.dos.core.ops;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.remote.StorageRemote;
import java.time.Clock;
import java.util.Objects;

/**
 * An open store: where bytes go (the remote), what we know about them (the local index) and the
 * key that makes them unreadable to everyone else. Operations take one of these; the caller
 * (CLI, web) owns its parts and closes them.
 *
 * @param remote   the storage remote (Discord, the emulator, or a test remote)
 * @param metadata the local index
 * @param key      the store's master key
 * @param clock    source of timestamps
 */
public record Repository(StorageRemote remote, MetadataStore metadata, MasterKey key, Clock clock) {
    public Repository {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clock, "clock");
    }

    public Repository(StorageRemote remote, MetadataStore metadata, MasterKey key) {
        this(remote, metadata, key, Clock.systemUTC());
    }
}
