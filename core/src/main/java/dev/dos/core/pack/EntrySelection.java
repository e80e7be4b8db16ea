package dev.dos.core.pack;

import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ManifestEntry;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which entries of a batch to restore: all, or given paths (a directory path selects everything
 * under it too).
 */
public final class EntrySelection {
    private static final EntrySelection ALL = new EntrySelection(null);
    private final Set<String> paths;

    private EntrySelection(Set<String> paths) {
        this.paths = paths;
    }

    public static EntrySelection all() {
        return ALL;
    }

    /** Entries at or under {@code paths} ('/'-separated; a trailing '/' or leading "./" is ignored). */
    public static EntrySelection of(Collection<String> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("select at least one path");
        }
        Set<String> normalized = new LinkedHashSet<>();
        for (String path : paths) {
            String p = path.startsWith("./") ? path.substring(2) : path;
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty path in selection: \"" + path + "\"");
            }
            normalized.add(p);
        }
        return new EntrySelection(normalized);
    }

    public boolean isAll() {
        return paths == null;
    }

    public boolean includes(String entryPath) {
        if (paths == null) {
            return true;
        }
        if (paths.contains(entryPath)) {
            return true;
        }
        for (int slash = entryPath.lastIndexOf('/'); slash > 0; slash = entryPath.lastIndexOf('/', slash - 1)) {
            if (paths.contains(entryPath.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The indexes of the selected entries. A selected path that matches nothing is a mistake
     * worth stopping for (a typo would otherwise restore nothing, silently).
     */
    BitSet resolve(BatchManifest manifest) {
        BitSet selected = new BitSet(manifest.entries().size());
        Set<String> unmatched = paths == null ? Set.of() : new LinkedHashSet<>(paths);
        List<ManifestEntry> entries = manifest.entries();
        for (int i = 0; i < entries.size(); i++) {
            String path = entries.get(i).path();
            if (includes(path)) {
                selected.set(i);
                if (!unmatched.isEmpty()) {
                    removeMatched(unmatched, path);
                }
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("not in batch " + manifest.batchId() + ": " + new ArrayList<>(unmatched));
        }
        return selected;
    }

    private static void removeMatched(Set<String> unmatched, String path) {
        unmatched.remove(path);
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            unmatched.remove(path.substring(0, slash));
        }
    }

    @Override
    public String toString() {
        return paths == null ? "all entries" : paths.toString();
    }
}
