package dev.dos.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.meta.SqliteMetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staging sweep a starting {@code dos web} runs: a browser upload whose server was killed
 * ({@code kill -9}) before it recorded or released its staging folder must not leave it on disk for
 * ever, while a folder that holds the sources of a resumable batch must stay (and be released when
 * that batch completes).
 */
class UploadStagingSweepTest {
    private static final Duration GRACE = Duration.ofMinutes(10);

    @TempDir
    Path tmp;

    private SqliteMetadataStore metadata;
    private Path root;
    private UploadStaging staging;

    @BeforeEach
    void open() throws IOException {
        metadata = SqliteMetadataStore.open(tmp.resolve("metadata.db"));
        root = Files.createDirectories(tmp.resolve("staging"));
        staging = new UploadStaging(root, metadata);
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void foldersNoBatchNeedsGoAndTheSourcesOfResumableBatchesStay() throws IOException {
        Path orphan = stagedFolder("orphan", Duration.ofHours(2));     // a receive cut off by kill -9
        Path recent = stagedFolder("recent", Duration.ofMinutes(1));   // maybe still being received
        Path resumable = stagedFolder("resumable", Duration.ofHours(2));
        Path finished = stagedFolder("finished", Duration.ofHours(2)); // its batch completed, release lost
        String resumableId = batch("1", BatchState.UPLOADING, resumable);
        batch("2", BatchState.COMPLETE, finished);

        int removed = staging.sweep(GRACE);

        assertThat(removed).isEqualTo(2);
        assertThat(orphan).doesNotExist();
        assertThat(finished).doesNotExist();
        assertThat(recent).isDirectory();
        assertThat(resumable.resolve("photos/a.jpg")).hasContent("bytes of resumable");
        assertThat(metadata.setting(SettingKeys.webStaging(resumableId))).contains(resumable.toString());

        staging.release(resumableId); // what finishing or deleting the batch does
        assertThat(resumable).doesNotExist();
    }

    @Test
    void aFolderWhoseOnlyChangeIsDeepInsideCountsAsRecent() throws IOException {
        Path growing = stagedFolder("growing", Duration.ofHours(2));
        Files.setLastModifiedTime(growing.resolve("photos/a.jpg"), FileTime.from(Instant.now()));

        assertThat(staging.sweep(GRACE)).isZero();
        assertThat(growing).isDirectory();
    }

    @Test
    void nothingIsSweptWhenNoStagingRootExists() throws IOException {
        UploadStaging none = new UploadStaging(tmp.resolve("no-such-root"), metadata);
        assertThat(none.sweep(GRACE)).isZero();
        assertThat(tmp.resolve("no-such-root")).doesNotExist();
    }

    /** A staging folder as a browser upload leaves it, last changed {@code age} ago. */
    private Path stagedFolder(String name, Duration age) throws IOException {
        Path dir = root.resolve(name);
        Path file = dir.resolve("photos/a.jpg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "bytes of " + name);
        FileTime then = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.toList()) {
                Files.setLastModifiedTime(p, then);
            }
        }
        return dir;
    }

    /** A batch in {@code state} whose saved upload source is the folder's top-level item. */
    private String batch(String digit, BatchState state, Path folder) {
        String id = digit.repeat(32);
        metadata.insertBatch(new BatchRecord(id, "web upload", state, Instant.now(), null, "zstd", 0, 0, 0, 0, 1,
                "fp", null, null));
        metadata.saveSource(id, "{\"version\":1,\"roots\":[\"" + folder.resolve("photos") + "\"],\"items\":[]}");
        return id;
    }
}
