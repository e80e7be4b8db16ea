package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.dir;
import static dev.dos.core.meta.Fixtures.file;
import static dev.dos.core.meta.Fixtures.id;
import static dev.dos.core.meta.Fixtures.uploading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryIndexTest {
    @TempDir
    Path tmp;
    SqliteMetadataStore store;

    @BeforeEach
    void open() {
        store = SqliteMetadataStore.open(tmp.resolve("metadata.db"));
        store.insertBatch(uploading(id(1)));
        store.insertBatch(uploading(id(2)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void entriesKeepEveryFieldAndTheirManifestOrder() {
        List<ManifestEntry> manifest = List.of(
                dir("z"),
                file("z/b.txt", 0, 512),
                new ManifestEntry("a/link", EntryType.SYMLINK, 0, 0777, 1L, null, "../z/b.txt", 1, 1024),
                file("a/ä €.txt", 1, 3_000_000_000L));
        store.putEntries(id(1), manifest);
        assertThat(store.entries(id(1), null)).containsExactlyElementsOf(manifest);
        assertThat(store.entries(id(2), "")).isEmpty();
    }

    @Test
    void putReplacesTheBatchsEntries() {
        store.putEntries(id(1), List.of(file("old", 0, 0)));
        store.putEntries(id(1), List.of(file("new1", 0, 0), file("new2", 0, 512)));
        assertThat(store.entries(id(1), null)).extracting(ManifestEntry::path).containsExactly("new1", "new2");
        assertThatThrownBy(() -> store.putEntries(id(3), List.of(file("x", 0, 0))))
                .isInstanceOf(MetadataException.NotFound.class);
    }

    @Test
    void prefixSelectsWholePathSegments() {
        store.putEntries(id(1), List.of(dir("docs"), file("docs/a.txt", 0, 0), dir("docs/sub"),
                file("docs/sub/b.txt", 0, 512), file("docs.txt", 0, 1024), file("docs-old/c.txt", 0, 2048),
                file("docsx/d.txt", 0, 4096), file("other/docs/e.txt", 0, 8192)));

        assertThat(store.entries(id(1), "docs")).extracting(ManifestEntry::path)
                .containsExactly("docs", "docs/a.txt", "docs/sub", "docs/sub/b.txt");
        assertThat(store.entries(id(1), "docs/")).extracting(ManifestEntry::path)
                .containsExactly("docs", "docs/a.txt", "docs/sub", "docs/sub/b.txt");
        assertThat(store.entries(id(1), "docs/sub")).extracting(ManifestEntry::path)
                .containsExactly("docs/sub", "docs/sub/b.txt");
        assertThat(store.entries(id(1), "docs.txt")).extracting(ManifestEntry::path).containsExactly("docs.txt");
        assertThat(store.entries(id(1), "doc")).isEmpty();
    }

    @Test
    void findSearchesAllBatchesByPathPrefix() {
        store.putEntries(id(1), List.of(file("photos/2024/a.jpg", 0, 0), file("music/x.mp3", 0, 512)));
        store.putEntries(id(2), List.of(file("photos/2023/b.jpg", 0, 0), file("photos/2024/a.jpg", 0, 512)));

        assertThat(store.findEntries("photos/2024", 10))
                .extracting(EntryLocation::batchId, l -> l.entry().path())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id(1), "photos/2024/a.jpg"),
                        org.assertj.core.groups.Tuple.tuple(id(2), "photos/2024/a.jpg"));
        assertThat(store.findEntries("photos", 2)).extracting(l -> l.entry().path())
                .containsExactly("photos/2023/b.jpg", "photos/2024/a.jpg");
        assertThat(store.findEntries(null, 100)).hasSize(4);
    }

    @Test
    void aHundredThousandEntriesGoInOneCallAndStreamBack() {
        int n = 100_000;
        Iterable<ManifestEntry> entries = () -> IntStream.range(0, n)
                .mapToObj(i -> file("dir" + (i % 100) + "/file" + i, i / 1000, (i % 1000) * 512L)).iterator();
        store.putEntries(id(1), entries);

        AtomicLong count = new AtomicLong();
        AtomicLong lastOffsetSeen = new AtomicLong(-1);
        store.forEachEntry(id(1), null, e -> {
            long position = (long) e.chunkIndex() * 1000 + e.offset() / 512;
            assertThat(position).isEqualTo(lastOffsetSeen.get() + 1);
            lastOffsetSeen.set(position);
            count.incrementAndGet();
        });
        assertThat(count.get()).isEqualTo(n);
        assertThat(store.entries(id(1), "dir7")).hasSize(n / 100);
    }
}
