package dev.dos.core.pack;

import dev.dos.core.format.ManifestEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Restores into a directory, safely (docs/FORMAT.md section 11): never writes through a symlink,
 * creates symlinks only when they point inside the destination, leaves existing things alone
 * unless told to overwrite, writes each file under a temporary name and renames it into place
 * only once it is complete and verified.
 */
public final class DirectoryTarget implements RestoreTarget {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final String TEMP_PREFIX = ".dos-restore-";

    private final Path root;
    private final boolean overwrite;
    private final boolean posix;
    private final List<PendingDirectory> directories = new ArrayList<>();

    /** Restores under {@code destination} (created if missing). */
    public DirectoryTarget(Path destination, boolean overwrite) throws IOException {
        Files.createDirectories(destination);
        this.root = destination.toRealPath();
        this.overwrite = overwrite;
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public PendingFile createFile(ManifestEntry entry) throws IOException, EntrySkippedException {
        Path target = place(entry.path());
        BasicFileAttributes existing = attributesOrNull(target);
        if (existing != null) {
            if (!overwrite) {
                throw new EntrySkippedException(RestoreProblem.Kind.EXISTS, "exists; not overwritten");
            }
            if (existing.isDirectory()) {
                throw new IOException("a directory is in the way");
            }
        }
        long free = usableSpace(target.getParent());
        if (entry.size() > free) {
            // A size the disk cannot hold (a crafted 2^62, or simply too big): refuse before writing a byte.
            throw new EntrySkippedException(RestoreProblem.Kind.NO_SPACE, "needs " + entry.size()
                    + " bytes but only " + free + " are free at the destination; not written");
        }
        Path temp = target.resolveSibling(tempName());
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(temp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly()));
        return new PendingFile() {
            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException, EntrySkippedException {
                try {
                    out.close();
                    if (posix) {
                        Files.setPosixFilePermissions(temp, PosixModes.toPermissions(entry.mode()));
                    }
                    Files.setLastModifiedTime(temp, FileTime.fromMillis(entry.mtimeMillis()));
                    if (!overwrite && attributesOrNull(target) != null) {
                        throw new EntrySkippedException(RestoreProblem.Kind.EXISTS, "appeared while restoring; "
                                + "not overwritten");
                    }
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    deleteQuietly(temp);
                }
            }

            @Override
            public void discard() {
                try {
                    out.close();
                } catch (IOException e) {
                    // the file is deleted next; its content no longer matters
                }
                deleteQuietly(temp);
            }
        };
    }

    @Override
    public void createDirectory(ManifestEntry entry) throws IOException, EntrySkippedException {
        Path target = place(entry.path());
        BasicFileAttributes existing = attributesOrNull(target);
        if (existing == null) {
            Files.createDirectory(target);
        } else if (existing.isDirectory()) {
            if (!overwrite) {
                return; // restoring into an existing directory merges; its own metadata stays
            }
        } else if (!overwrite) {
            throw new EntrySkippedException(RestoreProblem.Kind.EXISTS, "a file or symlink is where the directory goes");
        } else {
            Files.delete(target);
            Files.createDirectory(target);
        }
        directories.add(new PendingDirectory(target, entry));
    }

    @Override
    public void createSymlink(ManifestEntry entry) throws IOException, EntrySkippedException {
        Path target = place(entry.path());
        Path link = linkInside(target, entry.linkTarget());
        BasicFileAttributes existing = attributesOrNull(target);
        if (existing != null) {
            if (!overwrite) {
                throw new EntrySkippedException(RestoreProblem.Kind.EXISTS, "exists; not overwritten");
            }
            if (existing.isDirectory()) {
                throw new IOException("a directory is in the way");
            }
        }
        Path temp = target.resolveSibling(tempName());
        try {
            Files.createSymbolicLink(temp, link);
            setTimesOfLink(temp, entry.mtimeMillis());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Applies directory modes and times, deepest first, so writing inside does not undo them. */
    @Override
    public List<RestoreProblem> finish() {
        List<RestoreProblem> problems = new ArrayList<>();
        directories.sort(Comparator.comparingInt((PendingDirectory d) -> d.path().getNameCount()).reversed());
        for (PendingDirectory directory : directories) {
            try {
                if (posix) {
                    Files.setPosixFilePermissions(directory.path(), PosixModes.toPermissions(directory.entry().mode()));
                }
                Files.setLastModifiedTime(directory.path(), FileTime.fromMillis(directory.entry().mtimeMillis()));
            } catch (IOException e) {
                problems.add(new RestoreProblem(directory.entry().path(), RestoreProblem.Kind.WRITE_FAILED, -1,
                        "cannot set mode or time: " + e));
            }
        }
        directories.clear();
        return problems;
    }

    /**
     * Where an entry goes, creating missing parents. Refuses when any parent is a symlink, whether
     * restored earlier or already there: that is how an entry could land outside the destination.
     */
    private Path place(String entryPath) throws IOException, EntrySkippedException {
        String[] segments = entryPath.split("/");
        Path current = root;
        for (int i = 0; i < segments.length - 1; i++) {
            current = current.resolve(segments[i]);
            BasicFileAttributes attributes = attributesOrNull(current);
            if (attributes == null) {
                try {
                    Files.createDirectory(current);
                    continue;
                } catch (FileAlreadyExistsException raced) {
                    attributes = Files.readAttributes(current, BasicFileAttributes.class, NO_FOLLOW);
                }
            }
            if (attributes.isSymbolicLink()) {
                throw new EntrySkippedException(RestoreProblem.Kind.REFUSED,
                        "parent " + root.relativize(current) + " is a symlink; not writing through it");
            }
            if (!attributes.isDirectory()) {
                throw new IOException("parent " + root.relativize(current) + " is not a directory");
            }
        }
        return current.resolve(segments[segments.length - 1]);
    }

    /** The link target, if it stays inside the destination when resolved from the link's directory. */
    private Path linkInside(Path linkPath, String linkTarget) throws IOException, EntrySkippedException {
        if (linkTarget == null || linkTarget.isEmpty()) {
            throw new IOException("symlink without a target");
        }
        Path link;
        try {
            link = Path.of(linkTarget);
        } catch (InvalidPathException e) {
            throw new EntrySkippedException(RestoreProblem.Kind.REFUSED, "symlink target not valid here");
        }
        if (link.isAbsolute() || link.getRoot() != null) {
            throw new EntrySkippedException(RestoreProblem.Kind.REFUSED,
                    "symlink to an absolute path (" + linkTarget + ") not created");
        }
        if (!linkPath.getParent().resolve(link).normalize().startsWith(root)) {
            throw new EntrySkippedException(RestoreProblem.Kind.REFUSED,
                    "symlink pointing outside the destination (" + linkTarget + ") not created");
        }
        checkResolvesInside(linkPath.getParent(), linkTarget);
        return link;
    }

    /**
     * The lexical check above is only sound if no symlink is met on the way: with "a" -> "." the
     * target "a/.." is lexically the link's own directory but physically its parent. So a target
     * may climb ('..') only before it descends, and each existing symlink it descends through must
     * itself resolve inside the destination. Links this restore creates obey the same rule, so a
     * chain of them, in any order, can never lead outside (docs/FORMAT.md section 11).
     */
    private void checkResolvesInside(Path linkDirectory, String linkTarget) throws IOException, EntrySkippedException {
        Path current = linkDirectory;
        boolean descended = false;
        for (String segment : linkTarget.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (descended) {
                    throw new EntrySkippedException(RestoreProblem.Kind.REFUSED,
                            "symlink target climbs ('..') after descending (" + linkTarget + "); not created");
                }
                current = current.getParent();
                continue;
            }
            descended = true;
            current = current.resolve(segment);
            BasicFileAttributes attributes = attributesOrNull(current);
            if (attributes != null && attributes.isSymbolicLink()) {
                Path real;
                try {
                    real = current.toRealPath();
                } catch (IOException e) {
                    throw new EntrySkippedException(RestoreProblem.Kind.REFUSED, "symlink target goes through "
                            + root.relativize(current) + ", a symlink that does not resolve; not created");
                }
                if (!real.startsWith(root)) {
                    throw new EntrySkippedException(RestoreProblem.Kind.REFUSED, "symlink target goes through "
                            + root.relativize(current) + ", a symlink pointing outside the destination; not created");
                }
                current = real;
            }
        }
    }

    private FileAttribute<?>[] ownerOnly() {
        if (!posix) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> rw = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(rw)};
    }

    private static void setTimesOfLink(Path link, long mtimeMillis) {
        try {
            Files.getFileAttributeView(link, BasicFileAttributeView.class, NO_FOLLOW)
                    .setTimes(FileTime.fromMillis(mtimeMillis), null, null);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot time a link itself; the link still points where it should.
        }
    }

    /** Bytes this process may still write under {@code dir}; unlimited when the system cannot tell. */
    private static long usableSpace(Path dir) {
        try {
            java.nio.file.FileStore store = Files.getFileStore(dir);
            // A file system reporting no size at all (some virtual ones) cannot say what fits.
            return store.getTotalSpace() > 0 ? store.getUsableSpace() : Long.MAX_VALUE;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Long.MAX_VALUE;
        }
    }

    private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String tempName() {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return TEMP_PREFIX + HexFormat.of().formatHex(random) + ".tmp";
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover temporary file is visible by its name; nothing better can be done here.
        }
    }

    private record PendingDirectory(Path path, ManifestEntry entry) {
    }
}
