package dev.dos.core.pack;

import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkSpan;
import dev.dos.core.format.ManifestEntry;
import java.util.BitSet;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which entries to restore and how to read them: selected entries are grouped into runs that are
 * decoded in one pass; a new run starts where reaching the next selected entry would mean
 * decoding a chunk nobody needs. Making a plan checks every entry path of the batch first: one
 * unsafe name refuses the batch before anything is touched.
 */
final class RestorePlan {
    private final BatchManifest manifest;
    private final BitSet selected;

    RestorePlan(BatchManifest manifest, EntrySelection selection) throws UnsafePathException {
        for (ManifestEntry entry : manifest.entries()) {
            EntryPaths.check(entry.path());
        }
        this.manifest = manifest;
        this.selected = selection.resolve(manifest);
    }

    BatchManifest manifest() {
        return manifest;
    }

    boolean isSelected(int entry) {
        return selected.get(entry);
    }

    int selectedCount() {
        return selected.cardinality();
    }

    /** The first selected entry at or after {@code from}, or -1. */
    int nextSelected(int from) {
        return selected.nextSetBit(from);
    }

    /** The first selected entry at or after {@code from} that starts after chunk {@code chunk}, or -1. */
    int nextSelectedAfterChunk(int from, int chunk) {
        for (int i = selected.nextSetBit(from); i >= 0; i = selected.nextSetBit(i + 1)) {
            if (manifest.entries().get(i).chunkIndex() > chunk) {
                return i;
            }
        }
        return -1;
    }

    /** The last selected entry of the run starting at selected entry {@code start}. */
    int runEnd(int start) {
        int end = start;
        int lastChunk = manifest.spanOf(start).last();
        for (int i = selected.nextSetBit(start + 1); i >= 0; i = selected.nextSetBit(i + 1)) {
            if (manifest.entries().get(i).chunkIndex() > lastChunk) {
                break;
            }
            end = i;
            lastChunk = Math.max(lastChunk, manifest.spanOf(i).last());
        }
        return end;
    }

    /** Every chunk the selected entries need. */
    SortedSet<Integer> chunksNeeded() {
        SortedSet<Integer> chunks = new TreeSet<>();
        for (int i = selected.nextSetBit(0); i >= 0; i = selected.nextSetBit(i + 1)) {
            ChunkSpan span = manifest.spanOf(i);
            for (int c = span.first(); c <= span.last(); c++) {
                chunks.add(c);
            }
        }
        return chunks;
    }
}
