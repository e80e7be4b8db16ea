package dev.dos.core.pack;

import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.StreamPosition;
import dev.dos.core.io.NoSpace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Restores a batch, or selected entries of it, from its manifest and chunks; verifying is the
 * same work into a {@link DiscardingTarget}. Only the chunks holding the selected entries are
 * read. Every chunk is authenticated and every file checked against its SHA-256 before it is put
 * in place. A missing or damaged chunk fails only the entries it holds: decoding restarts at the
 * next selected entry after it. Unsafe entry names or types refuse the whole batch
 * ({@link UnsafePathException}) before or as they are met.
 */
public final class BatchRestorer {
    private static final int BUFFER_BYTES = 64 * 1024;
    private final MasterKey key;

    public BatchRestorer(MasterKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The chunks a restore of {@code selection} reads, so a caller can fetch exactly those. */
    public static SortedSet<Integer> chunksNeeded(BatchManifest manifest, EntrySelection selection)
            throws UnsafePathException {
        return new RestorePlan(manifest, selection).chunksNeeded();
    }

    /** Restores {@code selection} under {@code destination} (created if missing, once the batch is found safe). */
    public RestoreResult restore(BatchManifest manifest, ChunkSource source, EntrySelection selection,
                                 Path destination, RestoreOptions options) throws IOException {
        RestorePlan plan = new RestorePlan(manifest, selection);
        return run(plan, source, new DirectoryTarget(destination, options.overwrite()), options.listener());
    }

    /** Decodes and checks {@code selection} without writing anything (deep verify). */
    public RestoreResult verify(BatchManifest manifest, ChunkSource source, EntrySelection selection,
                                RestoreListener listener) throws IOException {
        return run(new RestorePlan(manifest, selection), source, new DiscardingTarget(), listener);
    }

    /** Restores {@code selection} into any target. */
    public RestoreResult restore(BatchManifest manifest, ChunkSource source, EntrySelection selection,
                                 RestoreTarget target, RestoreListener listener) throws IOException {
        return run(new RestorePlan(manifest, selection), source, target, listener);
    }

    private RestoreResult run(RestorePlan plan, ChunkSource source, RestoreTarget target, RestoreListener listener)
            throws IOException {
        Run run = new Run(plan, source, target, listener);
        for (int next = plan.nextSelected(0); next >= 0; ) {
            next = run.decode(next, plan.runEnd(next));
        }
        if (plan.manifest().entries().isEmpty()) {
            run.checkStream();
        }
        for (RestoreProblem problem : target.finish()) {
            run.report(problem);
        }
        return new RestoreResult(plan.selectedCount(), run.restoredEntries, run.restoredBytes, run.problems,
                run.damagedChunks);
    }

    /** One restore's state. */
    private final class Run {
        final BatchManifest manifest;
        final RestorePlan plan;
        final ChunkSource source;
        final RestoreTarget target;
        final RestoreListener listener;
        final StreamKey streamKey;
        final byte[] buffer = new byte[BUFFER_BYTES];
        final List<RestoreProblem> problems = new ArrayList<>();
        final SortedSet<Integer> damagedChunks = new TreeSet<>();
        int restoredEntries;
        long restoredBytes;

        Run(RestorePlan plan, ChunkSource source, RestoreTarget target, RestoreListener listener) {
            this.manifest = plan.manifest();
            this.plan = plan;
            this.source = source;
            this.target = target;
            this.listener = listener;
            this.streamKey = key.streamKey(KeyPurpose.BATCH, manifest.batchId().bytes());
        }

        /**
         * Decodes entries {@code start..end} in one pass, restoring the selected ones. Returns the
         * next selected entry to start from: after {@code end}, or after a failed chunk.
         */
        int decode(int start, int end) throws IOException {
            int current = start;
            ChunkReader reader = null;
            try {
                reader = new ChunkReader(streamKey, source, manifest.positionOf(start), manifest.chunkCount());
                TarArchiveInputStream tar = TarFormat.newInput(reader);
                for (; current <= end; current++) {
                    ManifestEntry entry = manifest.entries().get(current);
                    TarArchiveEntry tarEntry = nextTarEntry(tar, reader, entry);
                    TarEntryCheck.check(tarEntry, entry, manifest.batchId(), reader.currentChunk());
                    if (plan.isSelected(current)) {
                        restoreEntry(entry, tar, reader);
                    }
                }
                if (end == manifest.entries().size() - 1) {
                    // The chunks after the final entry hold only the tar's end, but verifying
                    // means every chunk is checked: read through to the LAST one.
                    reader.transferTo(OutputStream.nullOutputStream());
                }
                return plan.nextSelected(end + 1);
            } catch (IntegrityException e) {
                int chunk = e.chunkIndex() >= 0 ? e.chunkIndex()
                        : reader != null ? reader.currentChunk() : manifest.positionOf(start).chunkIndex();
                failEntriesStartingUpTo(current, chunk, e);
                return plan.nextSelectedAfterChunk(current, chunk);
            } finally {
                if (reader != null) {
                    reader.close();
                }
            }
        }

        /** Reads a batch without entries to its end, so its chunks are checked all the same. */
        void checkStream() throws IOException {
            try (ChunkReader reader = new ChunkReader(streamKey, source, StreamPosition.START,
                    manifest.chunkCount())) {
                reader.transferTo(OutputStream.nullOutputStream());
            } catch (IntegrityException e) {
                damagedChunks.add(e.chunkIndex());
            }
        }

        private void failEntriesStartingUpTo(int from, int chunk, IntegrityException cause) {
            damagedChunks.add(chunk);
            for (int i = plan.nextSelected(from); i >= 0; i = plan.nextSelected(i + 1)) {
                ManifestEntry entry = manifest.entries().get(i);
                if (entry.chunkIndex() > chunk) {
                    break;
                }
                report(new RestoreProblem(entry.path(), RestoreProblem.Kind.DAMAGED, chunk, cause.getMessage()));
            }
        }

        private TarArchiveEntry nextTarEntry(TarArchiveInputStream tar, ChunkReader reader, ManifestEntry expected)
                throws IntegrityException {
            TarArchiveEntry entry;
            try {
                entry = tar.getNextEntry();
            } catch (IOException e) {
                throw asIntegrity(e, reader);
            }
            if (entry == null) {
                throw new IntegrityException(manifest.batchId(), reader.currentChunk(),
                        IntegrityException.Reason.TRUNCATED, "tar stream ends before entry \"" + expected.path() + "\"");
            }
            return entry;
        }

        private void restoreEntry(ManifestEntry entry, TarArchiveInputStream tar, ChunkReader reader)
                throws IOException {
            try {
                switch (entry.type()) {
                    case DIR -> target.createDirectory(entry);
                    case SYMLINK -> target.createSymlink(entry);
                    case FILE -> {
                        if (!restoreFile(entry, tar, reader)) {
                            return;
                        }
                    }
                }
            } catch (EntrySkippedException e) {
                report(new RestoreProblem(entry.path(), e.kind(), -1, e.getMessage()));
                return;
            } catch (IntegrityException e) {
                throw e;
            } catch (IOException e) {
                if (NoSpace.isCause(e)) {
                    // The partial file is already removed; the entries after it may still fit.
                    report(new RestoreProblem(entry.path(), RestoreProblem.Kind.NO_SPACE, -1,
                            "no space left on device at the destination; not written"));
                    return;
                }
                report(new RestoreProblem(entry.path(), RestoreProblem.Kind.WRITE_FAILED, -1, e.toString()));
                return;
            }
            restoredEntries++;
            restoredBytes += entry.size();
            listener.entryRestored(entry);
        }

        /** Copies and checks one file; returns false when it was reported as a problem instead. */
        private boolean restoreFile(ManifestEntry entry, TarArchiveInputStream tar, ChunkReader reader)
                throws IOException, EntrySkippedException {
            RestoreTarget.PendingFile pending = target.createFile(entry);
            MessageDigest sha256 = FileContentCopier.sha256();
            long copied = 0;
            try {
                while (true) {
                    int n;
                    try {
                        n = tar.read(buffer);
                    } catch (IOException e) {
                        throw asIntegrity(e, reader);
                    }
                    if (n < 0) {
                        break;
                    }
                    sha256.update(buffer, 0, n);
                    pending.stream().write(buffer, 0, n);
                    copied += n;
                    listener.bytesRestored(n);
                }
            } catch (IOException e) {
                pending.discard();
                throw e;
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (copied != entry.size() || !actual.equals(entry.sha256())) {
                pending.discard();
                report(new RestoreProblem(entry.path(), RestoreProblem.Kind.MISMATCH, -1,
                        "content does not match the manifest's SHA-256"));
                return false;
            }
            pending.commit();
            return true;
        }

        private IntegrityException asIntegrity(IOException e, ChunkReader reader) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IntegrityException integrity) {
                    return integrity;
                }
            }
            return new IntegrityException(manifest.batchId(), reader.currentChunk(),
                    IntegrityException.Reason.CONTENT_MISMATCH, "unreadable tar data: " + e.getMessage(), e);
        }

        void report(RestoreProblem problem) {
            problems.add(problem);
            listener.problem(problem);
        }
    }
}
