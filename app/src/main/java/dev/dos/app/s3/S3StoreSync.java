package dev.dos.app.s3;

import dev.dos.app.store.StoreSession;
import dev.dos.s3.engine.DiscordObjectStore;
import dev.dos.s3.engine.LeaseRefusedException;
import dev.dos.s3.engine.S3StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The S3 gateway's part of {@code dos sync}: brings this machine's S3 index (the buckets and
 * objects {@code dos serve s3} serves) in line with the store on Discord, or rebuilds it with
 * {@code --reset}. It needs the store's lease, as a gateway does, so it is skipped, with a reason,
 * while a gateway (here or on another machine) serves the store.
 *
 * <p>A plain sync on a machine that never served S3 costs no request; {@code --reset} asks once
 * whether the key has an S3 store (the index area's pins).
 */
public final class S3StoreSync {
    /** What happened to the S3 part. */
    public enum Status {
        /** The key has no S3 store (or, for a plain sync, this machine never served one). */
        NONE,
        /** The local S3 index caught up with the journal. */
        SYNCED,
        /** The local S3 index was rebuilt from the store's card, checkpoint and journal. */
        REBUILT,
        /** A gateway holds the store's lease; nothing was read. */
        SKIPPED
    }

    /** The outcome: totals are those of the local S3 index afterwards (null unless synced or rebuilt). */
    public record Outcome(Status status, DiscordObjectStore.Totals totals, String reason) {
    }

    private S3StoreSync() {
    }

    /** Syncs (or with {@code reset} rebuilds) the S3 index of {@code session}'s store. */
    public static Outcome run(StoreSession session, boolean reset) throws IOException {
        Path dir = session.s3Directory();
        boolean local = Files.exists(dir.resolve(DiscordObjectStore.INDEX_FILE));
        if (!local && !reset) {
            return new Outcome(Status.NONE, null, null);
        }
        var remote = session.repository().remote();
        var key = session.repository().key();
        if (!DiscordObjectStore.exists(remote, key)) {
            return new Outcome(Status.NONE, null, local ? "this machine's S3 index names a store that is gone from"
                    + " Discord (its card is not pinned in the index channel)" : null);
        }
        DiscordObjectStore store;
        try {
            // Opening catches up with the journal, or rebuilds an index that is new or behind the card.
            store = DiscordObjectStore.open(remote, key, dir, S3StoreOptions.defaults());
        } catch (LeaseRefusedException e) {
            return new Outcome(Status.SKIPPED, null, e.getMessage());
        }
        try (store) {
            if (reset && local) {
                store.rebuild();
            }
            return new Outcome(reset ? Status.REBUILT : Status.SYNCED, store.totals(), null);
        }
    }
}
