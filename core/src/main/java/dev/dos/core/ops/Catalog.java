package dev.dos.core.ops;

import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.MetadataException;
import dev.dos.core.meta.MetadataStore;
import java.io.IOException;

/** Finds batches by the ids users type and opens their manifests. */
public final class Catalog {
    private final Repository repo;

    public Catalog(Repository repo) {
        this.repo = repo;
    }

    /** The batch whose id starts with {@code idOrPrefix} (at least 4 hex digits). */
    public BatchRecord resolve(String idOrPrefix) {
        return resolve(repo.metadata(), idOrPrefix);
    }

    /**
     * As {@link #resolve(String)}, on the local index alone (no key, no remote): for commands that
     * only read the index ({@code dos info}).
     */
    public static BatchRecord resolve(MetadataStore metadata, String idOrPrefix) {
        String prefix = idOrPrefix.strip().toLowerCase(java.util.Locale.ROOT);
        if (prefix.length() < 4 || !prefix.matches("[0-9a-f]+")) {
            throw new BatchNotFoundException("'" + idOrPrefix + "' is not a batch id (give at least 4 hex digits)");
        }
        try {
            return metadata.findBatchByPrefix(prefix)
                    .orElseThrow(() -> new BatchNotFoundException("no batch " + idOrPrefix
                            + " (run 'dos list'; if it was uploaded elsewhere, 'dos sync')"));
        } catch (MetadataException.AmbiguousPrefix e) {
            throw new BatchNotFoundException(e.getMessage());
        }
    }

    /** The decrypted manifest of a batch, from the local index. */
    public BatchManifest manifest(BatchRecord batch) throws IOException {
        byte[] envelope = repo.metadata().manifest(batch.id())
                .orElseThrow(() -> new BatchNotFoundException("batch " + batch.id()
                        + " has no manifest: its upload did not finish (state " + batch.state() + ")"));
        return ManifestCodec.decode(envelope, repo.key());
    }

    /**
     * The chunk rows of a batch, with where each is stored: chunks a sync recorded from the batch's
     * card without their ids are looked up first (once; docs/FORMAT.md section 17.5).
     */
    public java.util.List<dev.dos.core.meta.ChunkRecord> chunks(BatchRecord batch) throws IOException {
        return ChunkLocations.resolve(repo, batch);
    }
}
