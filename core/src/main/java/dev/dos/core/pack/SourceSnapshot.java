package dev.dos.core.pack;

import dev.dos.core.format.EntryType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the sources of an upload looked like: every item the packing walk would store, in walk
 * order, with the attributes its tar header records. Taken when an upload begins and again before
 * it is resumed: any difference means packing now would not reproduce the chunks already stored.
 *
 * @param items what the walk found, in walk order
 */
public record SourceSnapshot(List<Item> items) {

    /**
     * One walked item.
     *
     * @param path        entry path in the batch
     * @param type        file, directory or symlink
     * @param size        file size (0 otherwise)
     * @param mtimeMillis modification time
     * @param mode        permission bits
     * @param linkTarget  symlink target, or null
     */
    public record Item(String path, EntryType type, long size, long mtimeMillis, int mode, String linkTarget) {
        public Item {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(type, "type");
        }
    }

    public SourceSnapshot {
        items = List.copyOf(items);
    }

    /**
     * Walks {@code roots} as {@link BatchPacker} does. Unreadable items are left out (packing
     * reports them); a missing root is a {@link java.nio.file.NoSuchFileException}.
     */
    public static SourceSnapshot take(List<Path> roots, boolean followSymlinks) throws IOException {
        List<Item> items = new ArrayList<>();
        SourceWalker.Problems ignore = new SourceWalker.Problems() {
            @Override
            public void unreadable(Path path, IOException cause) {
            }

            @Override
            public void warn(PackWarning.Kind kind, Path path, String message) {
            }
        };
        new SourceWalker(followSymlinks, ignore).walk(roots, item -> items.add(new Item(item.name(), item.type(),
                item.size(), item.mtimeMillis(), item.mode(), item.linkTarget())));
        return new SourceSnapshot(items);
    }

    /**
     * About how long the tar stream of these items will be: per item a 512-byte header plus a
     * 1024-byte pax header (sub-second mtimes need one almost always), contents padded to
     * 512-byte records, and the two end records. Progress is measured against this.
     */
    public long estimatedTarBytes() {
        long total = 1024;
        for (Item item : items) {
            total += 512 + 1024 + (item.size() + 511) / 512 * 512;
        }
        return total;
    }

    /** Total bytes of the files. */
    public long fileBytes() {
        return items.stream().mapToLong(Item::size).sum();
    }

    /**
     * How this snapshot differs from {@code earlier}, one line per item ("changed: a/b.txt (size 10
     * -> 12)", "added: ...", "removed: ..."), at most {@code max} lines; empty when identical.
     */
    public List<String> differencesFrom(SourceSnapshot earlier, int max) {
        Map<String, Item> before = byPath(earlier.items);
        Map<String, Item> now = byPath(items);
        List<String> out = new ArrayList<>();
        for (Item old : before.values()) {
            Item current = now.get(old.path());
            if (current == null) {
                out.add("removed: " + old.path());
            } else if (!current.equals(old)) {
                out.add("changed: " + old.path() + " (" + change(old, current) + ")");
            }
        }
        for (Item added : now.values()) {
            if (!before.containsKey(added.path())) {
                out.add("added: " + added.path());
            }
        }
        if (out.isEmpty() && !items.equals(earlier.items)) {
            out.add("the order of the entries changed"); // same items, other walk order: other bytes
        }
        return out.size() > max ? List.copyOf(out.subList(0, max)) : List.copyOf(out);
    }

    private static Map<String, Item> byPath(List<Item> items) {
        Map<String, Item> map = new LinkedHashMap<>();
        for (Item item : items) {
            map.put(item.path(), item);
        }
        return map;
    }

    private static String change(Item old, Item now) {
        if (old.type() != now.type()) {
            return "was a " + old.type().name().toLowerCase(java.util.Locale.ROOT) + ", now a "
                    + now.type().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (old.size() != now.size()) {
            return "size " + old.size() + " -> " + now.size();
        }
        if (old.mtimeMillis() != now.mtimeMillis()) {
            return "modified " + java.time.Instant.ofEpochMilli(old.mtimeMillis()) + " -> "
                    + java.time.Instant.ofEpochMilli(now.mtimeMillis());
        }
        if (old.mode() != now.mode()) {
            return String.format("mode %o -> %o", old.mode(), now.mode());
        }
        return "link target changed";
    }
}
