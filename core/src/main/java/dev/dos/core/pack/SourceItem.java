package dev.dos.core.pack;

import dev.dos.core.format.EntryType;
import java.nio.file.Path;

/**
 * One thing found while walking the sources, before it is stored.
 *
 * @param path        where it is on disk
 * @param name        its entry path in the batch ('/'-separated, under its root's base name)
 * @param type        file, directory or symlink
 * @param size        file size when listed (0 otherwise)
 * @param mode        permission bits (07777)
 * @param mtimeMillis modification time
 * @param linkTarget  the symlink's target, or null
 */
record SourceItem(Path path, String name, EntryType type, long size, int mode, long mtimeMillis,
                  String linkTarget) {
}
