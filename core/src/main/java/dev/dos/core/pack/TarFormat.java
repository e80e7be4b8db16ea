package dev.dos.core.pack;

import dev.dos.core.format.EntryType;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tar dialect of docs/FORMAT.md section 7: PAX for long or non-ASCII names, big sizes and
 * sub-second times; 512-byte blocks; owner and group left empty.
 */
final class TarFormat {
    static final int RECORD_BYTES = 512;
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_DIR = 0040000;
    private static final int TYPE_SYMLINK = 0120000;
    static final int PERMISSION_BITS = 07777;

    private TarFormat() {
    }

    static TarArchiveOutputStream newOutput(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, RECORD_BYTES, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    /** A reader of this dialect whose entry headers may take at most {@link BoundedTarInputStream#MAX_HEADER_BYTES}. */
    static TarArchiveInputStream newInput(InputStream in) {
        return new BoundedTarInputStream(in);
    }

    static TarArchiveEntry entry(SourceItem item) {
        TarArchiveEntry entry = switch (item.type()) {
            case FILE -> {
                TarArchiveEntry file = new TarArchiveEntry(item.name(), TarConstants.LF_NORMAL);
                file.setSize(item.size());
                file.setMode(TYPE_FILE | item.mode());
                yield file;
            }
            case DIR -> {
                TarArchiveEntry dir = new TarArchiveEntry(item.name() + "/", TarConstants.LF_DIR);
                dir.setMode(TYPE_DIR | item.mode());
                yield dir;
            }
            case SYMLINK -> {
                TarArchiveEntry link = new TarArchiveEntry(item.name(), TarConstants.LF_SYMLINK);
                link.setLinkName(item.linkTarget());
                link.setMode(TYPE_SYMLINK | item.mode());
                yield link;
            }
        };
        entry.setLastModifiedTime(FileTime.fromMillis(item.mtimeMillis()));
        // Commons Compress fills in the packing user's name; the batch should not carry it.
        entry.setUserName("");
        entry.setGroupName("");
        entry.setUserId(0L);
        entry.setGroupId(0L);
        return entry;
    }

    /** The entry type a tar entry stands for, or null for types dos never writes (and refuses). */
    static EntryType typeOf(TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return EntryType.SYMLINK;
        }
        if (entry.isDirectory() && entry.getLinkFlag() == TarConstants.LF_DIR) {
            return EntryType.DIR;
        }
        byte flag = entry.getLinkFlag();
        if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM) {
            return EntryType.FILE;
        }
        return null;
    }

    /** The entry path without a directory's trailing '/'. */
    static String pathOf(TarArchiveEntry entry) {
        String name = entry.getName();
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
