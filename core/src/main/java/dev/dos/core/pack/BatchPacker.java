package dev.dos.core.pack;

import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkSink;
import dev.dos.core.format.ChunkWriter;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.StreamPosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Packs files, folders and symlinks into one batch: a PAX tar stream, cut into compressed and
 * encrypted chunks handed to a {@link ChunkSink} while packing goes on, plus the manifest that
 * says where every entry starts (docs/FORMAT.md). Streams end to end: memory stays at about two
 * chunk-sized buffers whatever the input size, plus one manifest entry per stored item.
 */
public final class BatchPacker {
    private final MasterKey key;
    private final PackOptions options;

    public BatchPacker(MasterKey key, PackOptions options) {
        this.key = Objects.requireNonNull(key, "key");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Packs {@code roots} (files or directories; each stored under its own base name, which must
     * differ between roots) as batch {@code batchId}. Chunks reach {@code sink} in index order;
     * after the last one, the returned manifest describes them all. On failure no LAST chunk is
     * sealed, so a partial batch can never pass for a complete one.
     */
    public BatchManifest pack(BatchId batchId, List<Path> roots, ChunkSink sink) throws IOException {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("nothing to pack");
        }
        ChunkWriter chunks = new ChunkWriter(key.streamKey(KeyPurpose.BATCH, batchId.bytes()), options.compression(),
                options.chunkTarget(), sink);
        try {
            Run run = new Run(chunks);
            new SourceWalker(options.followSymlinks(), run).walk(roots, run::store);
            run.tar.finish();
            chunks.close();
            return new BatchManifest(batchId, options.clock().instant(), options.compression(),
                    options.chunkTarget().bytes(), run.originalBytes, chunks.bytesWritten(), chunks.chunks(),
                    run.entries);
        } catch (IOException | RuntimeException | Error e) {
            chunks.abort();
            throw e;
        }
    }

    /** The state of one packing run; also where walking and reading problems are reported. */
    private final class Run implements SourceWalker.Problems, FileContentCopier.Reporter {
        final ChunkWriter chunks;
        final TarArchiveOutputStream tar;
        final FileContentCopier copier = new FileContentCopier(this);
        final List<ManifestEntry> entries = new ArrayList<>();
        long originalBytes;

        Run(ChunkWriter chunks) {
            this.chunks = chunks;
            this.tar = TarFormat.newOutput(chunks);
        }

        void store(SourceItem item) throws IOException {
            InputStream content = null;
            if (item.type() == EntryType.FILE) {
                // Opened before the header is written: an unreadable file can still be left out.
                try {
                    content = Files.newInputStream(item.path(), openOptions());
                } catch (IOException e) {
                    unreadable(item.path(), e);
                    return;
                }
            }
            try (InputStream in = content) {
                StreamPosition position = chunks.positionOfNextByte();
                tar.putArchiveEntry(TarFormat.entry(item));
                String sha256 = in == null ? null : copier.copy(item.path(), in, item.size(), tar);
                tar.closeArchiveEntry();
                ManifestEntry entry = new ManifestEntry(item.name(), item.type(), item.size(), item.mode(),
                        item.mtimeMillis(), sha256, item.linkTarget(), position.chunkIndex(), position.offset());
                entries.add(entry);
                originalBytes += item.size();
                options.listener().entryPacked(entry);
            }
        }

        private OpenOption[] openOptions() {
            return options.followSymlinks() ? new OpenOption[0] : new OpenOption[] {LinkOption.NOFOLLOW_LINKS};
        }

        @Override
        public void unreadable(Path path, IOException cause) throws IOException {
            if (options.onUnreadable() == UnreadablePolicy.ABORT || interrupted(cause)) {
                throw cause;
            }
            warn(PackWarning.Kind.UNREADABLE_SKIPPED, path, "cannot read, skipped: " + cause);
        }

        @Override
        public void warn(PackWarning.Kind kind, Path path, String message) {
            options.listener().warning(new PackWarning(kind, path, message));
        }

        @Override
        public void bytesRead(long bytes) {
            options.listener().bytesRead(bytes);
        }

        @Override
        public void readFailed(Path path, IOException cause) throws IOException {
            if (options.onUnreadable() == UnreadablePolicy.ABORT || interrupted(cause)) {
                throw cause;
            }
        }

        /**
         * An interrupt (Ctrl-C) closes the file channel being read; that is no unreadable file.
         * Skipping it would pad the file with zeros and go on packing a batch nobody asked for.
         */
        private static boolean interrupted(IOException cause) {
            return cause instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted();
        }

        @Override
        public void changed(Path path, String message) {
            warn(PackWarning.Kind.CHANGED_WHILE_READING, path, message);
        }
    }
}
