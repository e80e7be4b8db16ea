package dev.dos.core.meta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * SQLite's native library, kept in a folder a launcher names instead of extracted on every start.
 *
 * <p>Left to itself, sqlite-jdbc does this on the first connection of every process: it lists the
 * whole temporary folder for copies other processes left behind, runs {@code uname} and reads
 * {@code /proc/self/map_files} to learn the platform, and writes its 1 MB library there under a
 * new random name, reads it back to compare, and loads it (0.2 to 0.4 s of a {@code dos list}
 * that takes 1 s). The launchers ({@code ./dos} and the release's {@code bin/dos}) pass
 * {@code -D}{@value #DIR_PROPERTY}{@code =<folder beside the jar>}: the first process extracts the
 * library there once (atomically, named after the sqlite-jdbc version and the platform, so a
 * newer driver or another machine never loads an old or foreign copy), and every process points
 * sqlite-jdbc at that copy ({@code org.sqlite.lib.path}, {@code org.sqlite.lib.name}, and
 * {@code org.sqlite.tmpdir} so that its clean-up lists that small folder, not the temporary one).
 *
 * <p>Without the property, or when the folder cannot be written and holds no copy, or when the
 * user set {@code org.sqlite.lib.path} already, or when the copy does not load, nothing changes:
 * sqlite-jdbc loads its library as it always does.
 */
public final class SqliteNativeLibrary {
    /** The folder the launcher keeps the library in (beside the jar and its start-up cache). */
    public static final String DIR_PROPERTY = "dos.sqlite.native.dir";

    private static final Object LOCK = new Object();
    private static volatile boolean configured;

    private SqliteNativeLibrary() {
    }

    /**
     * Points sqlite-jdbc at the launcher's copy of its library, extracting it first when missing.
     * Call before the first SQLite connection of the process; later calls return at once.
     */
    public static void configure() {
        if (configured) {
            return;
        }
        synchronized (LOCK) {
            if (configured) {
                return;
            }
            configured = true;
            String dir = System.getProperty(DIR_PROPERTY);
            if (dir == null || dir.isBlank() || System.getProperty("org.sqlite.lib.path") != null) {
                return;
            }
            Optional<Path> lib = prepare(Path.of(dir));
            if (lib.isEmpty() || !loads(lib.get())) {
                return;
            }
            String folder = lib.get().getParent().toString();
            System.setProperty("org.sqlite.lib.path", folder);
            System.setProperty("org.sqlite.lib.name", lib.get().getFileName().toString());
            System.setProperty("org.sqlite.tmpdir", folder);
        }
    }

    /**
     * Loads the copy now, so that a copy that cannot be loaded (damaged, another platform's) leaves
     * sqlite-jdbc to do as usual. Its own load of the same file, by the same class loader, is then a
     * no-op.
     */
    private static boolean loads(Path lib) {
        try {
            System.load(lib.toAbsolutePath().toString());
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return false;
        }
    }

    /**
     * The library in {@code dir} for this sqlite-jdbc version and platform: the copy already there,
     * or one extracted from the jar now. Empty when there is none and none can be made (no library
     * for this platform in the jar, a folder that cannot be written).
     */
    static Optional<Path> prepare(Path dir) {
        Path lib = dir.resolve(fileName());
        if (Files.isRegularFile(lib)) {
            return Optional.of(lib);
        }
        // Only now ask sqlite-jdbc where its library is: that is what costs (it runs uname).
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        Path temp = null;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, ".sqlitejdbc-", ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // createTempFile makes it owner-only; a release's copy serves every user of the machine
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temp, lib, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, lib, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(lib);
        } catch (IOException | RuntimeException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a stray temporary file in the launcher's folder
                }
            }
            // Another process may have put it there meanwhile; otherwise sqlite-jdbc does as usual.
            return Files.isRegularFile(lib) ? Optional.of(lib) : Optional.empty();
        }
    }

    /**
     * {@code sqlitejdbc-<driver version>-<os>-<arch>.<ext>}: never sqlite-jdbc's own
     * {@code sqlite-<version>-...} names, which its clean-up deletes from the folder.
     */
    static String fileName() {
        String mapped = System.mapLibraryName("sqlitejdbc"); // libsqlitejdbc.so, sqlitejdbc.dll, ...
        String ext = mapped.substring(mapped.lastIndexOf('.'));
        String platform = (System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        return "sqlitejdbc-" + SQLiteJDBCLoader.getVersion() + "-" + platform + ext;
    }
}
