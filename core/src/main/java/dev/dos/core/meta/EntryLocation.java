package dev.dos.core.meta;

import dev.dos.core.format.ManifestEntry;
import java.util.Objects;

/** A manifest entry and the batch holding it: one hit of a search across batches. */
public record EntryLocation(String batchId, ManifestEntry entry) {
    public EntryLocation {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(entry, "entry");
    }
}
