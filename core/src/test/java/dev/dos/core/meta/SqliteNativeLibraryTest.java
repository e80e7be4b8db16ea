package dev.dos.core.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/**
 * SQLite's native library is extracted once into the launcher's folder and reused from there, instead
 * of being written into the temporary folder by every process (issue 16, {@code dos list}'s start).
 */
class SqliteNativeLibraryTest {
    @TempDir
    Path tmp;

    @Test
    void theLibraryIsExtractedOnceAndReusedAfterwards() throws Exception {
        Path dir = tmp.resolve("app/target/native");

        Path lib = SqliteNativeLibrary.prepare(dir).orElseThrow();

        assertThat(lib.getParent()).isEqualTo(dir);
        assertThat(lib.getFileName().toString())
                .startsWith("sqlitejdbc-" + SQLiteJDBCLoader.getVersion() + "-")
                .doesNotStartWith("sqlite-"); // sqlite-jdbc's clean-up deletes its own sqlite-<version>-* files
        assertThat(Files.size(lib)).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lib))).isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(lib); // no temporary file left
        }

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lib, old);
        Object inode = Files.readAttributes(lib, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        assertThat(SqliteNativeLibrary.prepare(dir)).contains(lib);
        assertThat(Files.getLastModifiedTime(lib)).isEqualTo(old); // not written again
        assertThat(Files.readAttributes(lib, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);
    }

    @Test
    void aFolderThatCannotBeMadeLeavesSqliteToItsUsualWay() throws Exception {
        Path file = Files.writeString(tmp.resolve("a file"), "");
        assertThat(SqliteNativeLibrary.prepare(file.resolve("native"))).isEqualTo(Optional.empty());
    }

    /**
     * A process started as the launchers start it opens an index with the library from the named
     * folder, and writes nothing into its temporary folder (where sqlite-jdbc would put a fresh copy).
     */
    @Test
    void aProcessGivenTheFolderLoadsItsCopyAndWritesNothingToTheTemporaryFolder() throws Exception {
        Path dir = tmp.resolve("native");
        Path temp = Files.createDirectories(tmp.resolve("java.io.tmpdir"));
        for (int run = 0; run < 2; run++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-D" + SqliteNativeLibrary.DIR_PROPERTY + "=" + dir,
                    "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"),
                    SqliteNativeLibraryTest.class.getName(), tmp.resolve("metadata.db").toString())
                    .redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes());
            assertThat(child.waitFor()).as(out).isZero();
            assertThat(out).contains("org.sqlite.lib.path=" + dir).contains("schema " + SqliteMetadataStore.SCHEMA_VERSION);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.toList()).hasSize(1);
            }
            try (Stream<Path> files = Files.list(temp)) {
                List<Path> written = files.toList();
                assertThat(written).isEmpty();
            }
        }
    }

    /** The child of the test above: opens the index named by {@code args[0]}. */
    public static void main(String[] args) {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(Path.of(args[0]))) {
            System.out.println("org.sqlite.lib.path=" + System.getProperty("org.sqlite.lib.path")
                    + " schema " + store.schemaVersion());
        }
    }
}
