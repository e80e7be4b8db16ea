package dev.dos.core.pack;

import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.IntegrityException.Reason;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.StreamPosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Streams decoded bytes of one batch to an {@link OutputStream}: a byte range of one file, or the
 * whole tar stream as it was uploaded. Nothing is buffered beyond one chunk.
 *
 * <p><b>Ranges</b> read only the chunks that hold the requested bytes. Where a file's content
 * starts follows from the manifest alone: it ends where the next entry's first header starts
 * (for the final entry: where the two end-of-archive records start) minus its padding to 512
 * bytes, and it is {@code size} bytes long. The reader opens directly at the wanted byte, using
 * the chunks' decoded lengths ({@code rawBytes}) to turn a tar offset into (chunk, offset); it
 * never decodes chunks before it. When the range starts in the chunk that holds the entry's
 * header anyway, the header (with any pax header) is read and checked against the manifest
 * entry, and must end exactly where the content was computed to start.
 *
 * <p><b>Checks</b>: every chunk is authenticated whole before any of its bytes is written
 * ({@link ChunkReader}; a {@link ChunkSource} that checks the index's SHA-256 adds that), and
 * its decoded length must be what the manifest says. When a whole file is written its SHA-256
 * is checked before its final bytes are released, so a receiver that counts bytes never gets a
 * complete copy of a file that does not match. The whole tar is parsed as it streams: every entry
 * must be the manifest's, every file's content its SHA-256. Any failure is an
 * {@link IntegrityException} (bytes already written stay written: the caller aborts its
 * transfer); failures of {@code out} propagate unchanged.
 */
public final class BatchStreamer {
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int RECORD = TarFormat.RECORD_BYTES;
    /** Two zero records end the tar stream (docs/FORMAT.md section 7). */
    private static final int END_OF_ARCHIVE_BYTES = 2 * RECORD;
    /** Bound on one entry's headers (ustar plus pax); dos writes far less. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final BatchManifest manifest;
    private final ChunkSource source;
    private final StreamKey streamKey;
    /** Tar offset of each chunk's first decoded byte; the last element is the tar length. */
    private final long[] chunkStarts;

    /**
     * @throws IntegrityException if the manifest's chunk lengths do not add up to its tar length
     */
    public BatchStreamer(MasterKey key, BatchManifest manifest, ChunkSource source) throws IntegrityException {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.source = Objects.requireNonNull(source, "source");
        this.streamKey = key.streamKey(KeyPurpose.BATCH, manifest.batchId().bytes());
        int count = manifest.chunkCount();
        this.chunkStarts = new long[count + 1];
        long sum = 0;
        for (int i = 0; i < count; i++) {
            chunkStarts[i] = sum;
            sum = Math.addExact(sum, manifest.chunks().get(i).rawBytes());
        }
        chunkStarts[count] = sum;
        if (sum != manifest.tarBytes()) {
            throw new IntegrityException(manifest.batchId(), -1, Reason.CONTENT_MISMATCH,
                    "chunk lengths add up to " + sum + " bytes, but the tar stream is " + manifest.tarBytes());
        }
    }

    public BatchManifest manifest() {
        return manifest;
    }

    /** The tar offset of the first content byte of file entry {@code entryIndex}, from the manifest. */
    public long contentStart(int entryIndex) throws IntegrityException {
        ManifestEntry entry = requireFile(entryIndex);
        long headerStart = tarOffset(manifest.positionOf(entryIndex));
        long end = entryIndex + 1 < manifest.entries().size()
                ? tarOffset(manifest.positionOf(entryIndex + 1))
                : manifest.tarBytes() - END_OF_ARCHIVE_BYTES;
        long start = end - padded(entry.size());
        if (start < headerStart + RECORD) {
            throw new IntegrityException(manifest.batchId(), -1, Reason.CONTENT_MISMATCH,
                    "entry \"" + entry.path() + "\" has no room for its " + entry.size() + " bytes before the next entry");
        }
        return start;
    }

    /**
     * The chunk holding tar offset {@code offset} (for a range of file content, its first chunk).
     *
     * @throws IllegalArgumentException if the offset is outside the tar stream
     */
    public int chunkAt(long offset) {
        if (offset < 0 || offset >= manifest.tarBytes()) {
            throw new IllegalArgumentException("offset " + offset + " outside the " + manifest.tarBytes() + "-byte tar");
        }
        int lo = 0;
        int hi = manifest.chunkCount() - 1;
        while (lo < hi) { // the last chunk starting at or before offset: it is also the non-empty one holding it
            int mid = (lo + hi + 1) >>> 1;
            if (chunkStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Writes bytes {@code [from, from + length)} of file entry {@code entryIndex} to {@code out},
     * reading only the chunks that hold them and each of those once (the entry's header is read,
     * and checked, only when it sits in the first of them). A zero-length range reads no chunk.
     *
     * @throws IllegalArgumentException  if the entry is not a file
     * @throws IndexOutOfBoundsException if the range is not inside the file
     * @throws IntegrityException        if a chunk is missing or damaged, or the content does not match
     */
    public void writeFile(int entryIndex, long from, long length, OutputStream out) throws IOException {
        ManifestEntry entry = requireFile(entryIndex);
        Objects.checkFromIndexSize(from, length, entry.size());
        boolean whole = from == 0 && length == entry.size();
        if (length == 0) {
            if (whole && !EMPTY_SHA256.equals(entry.sha256())) {
                throw mismatch(-1, entry);
            }
            return;
        }
        long target = contentStart(entryIndex) + from;
        int startChunk = chunkAt(target);
        ChunkReader reader = entry.chunkIndex() == startChunk
                ? openAtHeader(entryIndex, from)
                : openAt(startChunk, target - chunkStarts[startChunk]);
        try (reader) {
            copy(reader, entry, length, whole, out);
        }
    }

    /**
     * Writes the whole tar stream, exactly as uploaded ({@link BatchManifest#tarBytes()} bytes, ending
     * with the end-of-archive records), checking every chunk, every entry against the manifest and
     * every file against its SHA-256 as it goes. Returns the bytes written.
     */
    public long writeTar(OutputStream out) throws IOException {
        try (ChunkReader reader = new ChunkReader(streamKey, source, StreamPosition.START, manifest.chunkCount())) {
            Tee tee = new Tee(reader, out);
            TarArchiveInputStream tar = TarFormat.newInput(tee);
            byte[] buffer = new byte[BUFFER_BYTES];
            for (ManifestEntry entry : manifest.entries()) {
                TarArchiveEntry tarEntry = nextEntry(tar, tee, reader);
                if (tarEntry == null) {
                    throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.TRUNCATED,
                            "tar stream ends before entry \"" + entry.path() + "\"");
                }
                TarEntryCheck.check(tarEntry, entry, manifest.batchId(), reader.currentChunk());
                if (entry.type() == EntryType.FILE) {
                    checkContent(tar, tee, reader, entry, buffer);
                }
            }
            if (nextEntry(tar, tee, reader) != null) {
                throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.CONTENT_MISMATCH,
                        "the tar stream holds more entries than the manifest");
            }
            tee.drain(buffer);
            if (tee.count != manifest.tarBytes()) {
                throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.CONTENT_MISMATCH,
                        "tar stream is " + tee.count + " bytes, the manifest says " + manifest.tarBytes());
            }
            return tee.count;
        }
    }

    // ---- ranges ------------------------------------------------------------------------------

    /** Opens at the entry's header, checks it, and skips to content byte {@code from} (same chunk). */
    private ChunkReader openAtHeader(int entryIndex, long from) throws IOException {
        ManifestEntry entry = manifest.entries().get(entryIndex);
        ChunkReader reader = openAt(entry.chunkIndex(), entry.offset());
        try {
            long headerBytes = readHeader(reader, entry);
            long contentStart = contentStart(entryIndex);
            if (tarOffset(manifest.positionOf(entryIndex)) + headerBytes != contentStart) {
                throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.CONTENT_MISMATCH,
                        "the tar header of \"" + entry.path() + "\" is " + headerBytes
                                + " bytes, which does not fit the manifest's entry positions");
            }
            if (reader.skip(from) != from) {
                throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.TRUNCATED,
                        "stream ends inside \"" + entry.path() + "\"");
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** A reader at (chunk, offset) whose chunk must be as long as the manifest says. */
    private ChunkReader openAt(int chunk, long offset) throws IOException {
        ChunkReader reader = new ChunkReader(streamKey, source, new StreamPosition(chunk, offset), manifest.chunkCount());
        long expected = manifest.chunks().get(chunk).rawBytes() - offset;
        if (reader.remainingInChunk() != expected) {
            reader.close();
            throw new IntegrityException(manifest.batchId(), chunk, Reason.CONTENT_MISMATCH,
                    "decoded segment is " + (reader.remainingInChunk() + offset) + " bytes, the manifest says "
                            + manifest.chunks().get(chunk).rawBytes());
        }
        return reader;
    }

    /**
     * Reads the entry's tar headers (pax or GNU long-name headers, then the ustar header), checks
     * them against the manifest entry, and returns how many bytes they take.
     */
    private long readHeader(ChunkReader reader, ManifestEntry entry) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(RECORD);
        byte[] record = new byte[RECORD];
        while (true) {
            readFully(reader, record, entry);
            header.write(record);
            byte flag = record[TarConstants.NAMELEN + TarConstants.MODELEN + TarConstants.UIDLEN + TarConstants.GIDLEN
                    + TarConstants.SIZELEN + TarConstants.MODTIMELEN + TarConstants.CHKSUMLEN];
            if (!isExtensionHeader(flag)) {
                break;
            }
            long size;
            try {
                size = TarUtils.parseOctalOrBinary(record, TarConstants.NAMELEN + TarConstants.MODELEN
                        + TarConstants.UIDLEN + TarConstants.GIDLEN, TarConstants.SIZELEN);
            } catch (IllegalArgumentException e) {
                throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.CONTENT_MISMATCH,
                        "unreadable tar header size for \"" + entry.path() + "\"");
            }
            if (size < 0 || header.size() + padded(size) > MAX_HEADER_BYTES) {
                throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.CONTENT_MISMATCH,
                        "tar headers of \"" + entry.path() + "\" exceed " + MAX_HEADER_BYTES + " bytes");
            }
            byte[] data = new byte[(int) padded(size)];
            readFully(reader, data, entry);
            header.write(data);
        }
        TarArchiveEntry tarEntry;
        try (TarArchiveInputStream tar = TarFormat.newInput(new ByteArrayInputStream(header.toByteArray()))) {
            tarEntry = tar.getNextEntry();
        } catch (IOException e) {
            throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.CONTENT_MISMATCH,
                    "unreadable tar header for \"" + entry.path() + "\": " + e.getMessage(), e);
        }
        if (tarEntry == null) {
            throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.CONTENT_MISMATCH,
                    "no tar header where the manifest puts \"" + entry.path() + "\"");
        }
        TarEntryCheck.check(tarEntry, entry, manifest.batchId(), reader.currentChunk());
        return header.size();
    }

    private static boolean isExtensionHeader(byte flag) {
        return flag == TarConstants.LF_PAX_EXTENDED_HEADER_LC || flag == TarConstants.LF_PAX_EXTENDED_HEADER_UC
                || flag == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER || flag == TarConstants.LF_GNUTYPE_LONGNAME
                || flag == TarConstants.LF_GNUTYPE_LONGLINK;
    }

    private void readFully(ChunkReader reader, byte[] bytes, ManifestEntry entry) throws IOException {
        if (reader.readNBytes(bytes, 0, bytes.length) != bytes.length) {
            throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.TRUNCATED,
                    "stream ends inside the tar header of \"" + entry.path() + "\"");
        }
    }

    /** Copies {@code length} bytes; for a whole file, the digest is checked before the final piece is written. */
    private void copy(ChunkReader reader, ManifestEntry entry, long length, boolean whole, OutputStream out)
            throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER_BYTES, length)];
        MessageDigest sha256 = whole ? FileContentCopier.sha256() : null;
        long copied = 0;
        while (copied < length) {
            int n = reader.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
            if (n < 0) {
                throw new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.TRUNCATED,
                        "stream ends " + copied + " bytes into the requested part of \"" + entry.path() + "\"");
            }
            if (sha256 != null) {
                sha256.update(buffer, 0, n);
                if (copied + n == length && !HexFormat.of().formatHex(sha256.digest()).equals(entry.sha256())) {
                    throw mismatch(reader.currentChunk(), entry);
                }
            }
            out.write(buffer, 0, n);
            copied += n;
        }
    }

    // ---- whole tar ---------------------------------------------------------------------------

    private TarArchiveEntry nextEntry(TarArchiveInputStream tar, Tee tee, ChunkReader reader) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw asIntegrity(e, tee, reader);
        }
    }

    private void checkContent(TarArchiveInputStream tar, Tee tee, ChunkReader reader, ManifestEntry entry,
                              byte[] buffer) throws IOException {
        MessageDigest sha256 = FileContentCopier.sha256();
        long size = 0;
        while (true) {
            int n;
            try {
                n = tar.read(buffer);
            } catch (IOException e) {
                throw asIntegrity(e, tee, reader);
            }
            if (n < 0) {
                break;
            }
            sha256.update(buffer, 0, n);
            size += n;
        }
        if (size != entry.size() || !HexFormat.of().formatHex(sha256.digest()).equals(entry.sha256())) {
            throw mismatch(reader.currentChunk(), entry);
        }
    }

    /** A failure of the receiver as it was; anything else met while parsing the tar as damage. */
    private IOException asIntegrity(IOException e, Tee tee, ChunkReader reader) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IntegrityException integrity) {
                return integrity;
            }
        }
        if (tee.outputFailure != null) {
            return tee.outputFailure;
        }
        return new IntegrityException(manifest.batchId(), reader.currentChunk(), Reason.CONTENT_MISMATCH,
                "unreadable tar data: " + e.getMessage(), e);
    }

    /** Passes every byte read through to the receiver; skipping reads too, so nothing is left out. */
    private static final class Tee extends InputStream {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] one = new byte[1];
        long count;
        IOException outputFailure;

        Tee(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                try {
                    out.write(b, off, n);
                } catch (IOException e) {
                    outputFailure = e;
                    throw e;
                }
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(Math.max(n, 1), BUFFER_BYTES)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public int available() {
            return 0;
        }

        void drain(byte[] buffer) throws IOException {
            while (read(buffer, 0, buffer.length) >= 0) {
                // everything read is passed on
            }
        }

        @Override
        public void close() {
            // the reader is closed by its owner
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private ManifestEntry requireFile(int entryIndex) {
        ManifestEntry entry = manifest.entries().get(entryIndex);
        if (entry.type() != EntryType.FILE) {
            throw new IllegalArgumentException("\"" + entry.path() + "\" is a " + entry.type() + ", not a file");
        }
        return entry;
    }

    private long tarOffset(StreamPosition position) throws IntegrityException {
        if (position.offset() > manifest.chunks().get(position.chunkIndex()).rawBytes()) {
            throw new IntegrityException(manifest.batchId(), -1, Reason.CONTENT_MISMATCH,
                    "entry position " + position + " lies beyond its chunk");
        }
        return chunkStarts[position.chunkIndex()] + position.offset();
    }

    private static long padded(long size) {
        return (size + RECORD - 1) / RECORD * RECORD;
    }

    private IntegrityException mismatch(int chunk, ManifestEntry entry) {
        return new IntegrityException(manifest.batchId(), chunk, Reason.CONTENT_MISMATCH,
                "content of \"" + entry.path() + "\" does not match the manifest's SHA-256");
    }
}
