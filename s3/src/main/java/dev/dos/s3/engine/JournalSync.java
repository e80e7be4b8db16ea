package dev.dos.s3.engine;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.StorageRemote;
import dev.dos.s3.store.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journal from the lanes and applies what the local index lacks (docs/FORMAT.md section
 * 16.7): each lane is listed after its cursor, the commit records with a seq above the applied one
 * are opened and applied in seq order, and the cursors move to the last post listed. An idle lane
 * costs one listing request.
 */
final class JournalSync {
    private static final Logger log = LoggerFactory.getLogger(JournalSync.class);
    private static final Pattern COMMIT = Pattern.compile("dos-s3j v1 seq=([0-9]{1,18})(?:\n([A-Za-z0-9+/=]+)| blob)");
    /** Largest record plaintext read (the writer stays far below). */
    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private final StorageRemote remote;
    private final MasterKey key;
    private final S3Index index;
    private final AtomicInteger foreignPosts = new AtomicInteger();

    JournalSync(StorageRemote remote, MasterKey key, S3Index index) {
        this.remote = remote;
        this.key = key;
        this.index = index;
    }

    /** A commit post found in a lane. */
    private record Found(int lane, Post post, long seq, String inlineRecord) {
    }

    /** Posts in our lanes that look like ours but were made by someone else: never read, only counted. */
    int foreignPosts() {
        return foreignPosts.get();
    }

    /**
     * Applies the records posted after the cursors; returns how many were applied. The lanes are
     * listed and the records opened before the index is locked for writing.
     */
    int catchUp() throws IOException {
        S3Index.StoreState state = index.state();
        List<Found> found = new ArrayList<>();
        List<String> cursors = new ArrayList<>(state.cursors());
        for (int k = 0; k < state.lanes().size(); k++) {
            int lane = k;
            String last = PostPages.forEach(remote, state.lanes().get(k), state.cursors().get(k), post -> {
                Matcher m = COMMIT.matcher(post.text());
                if (!m.matches()) {
                    return;
                }
                if (!post.ours()) {
                    foreignPosts.incrementAndGet();
                    return;
                }
                long seq = Long.parseLong(m.group(1));
                if (seq > state.seq()) {
                    found.add(new Found(lane, post, seq, m.group(2)));
                }
            });
            cursors.set(k, last);
        }
        found.sort(Comparator.comparingLong(Found::seq).thenComparing(f -> f.post().id(), JournalSync::compareIds));
        List<Found> records = new ArrayList<>();
        List<List<JournalEntry>> opened = new ArrayList<>();
        long newest = state.seq();
        for (Found f : found) {
            if (f.seq() > newest) { // later copies of one seq (a retried post) are skipped
                records.add(f);
                opened.add(open(state.storeId(), f));
                newest = f.seq();
            }
        }
        return index.db().write(c -> {
            long applied = S3Index.number(c, S3Index.SEQ);
            int count = 0;
            for (int i = 0; i < records.size(); i++) {
                Found f = records.get(i);
                if (f.seq() > applied) {
                    applyRecord(c, f.lane(), f.post(), f.seq(), opened.get(i));
                    applied = f.seq();
                    count++;
                }
            }
            S3Index.setMeta(c, S3Index.SEQ, applied);
            for (int k = 0; k < cursors.size(); k++) {
                advanceCursor(c, k, cursors.get(k));
            }
            return count;
        });
    }

    /** Opens one commit post's record: from its text, or its last blob. */
    private List<JournalEntry> open(String storeId, Found f) throws IOException {
        byte[] sealed;
        if (f.inlineRecord() != null) {
            sealed = Base64.getDecoder().decode(f.inlineRecord());
        } else {
            Blob last = f.post().blobs().isEmpty() ? null : f.post().blobs().getLast();
            if (last == null || !last.name().equals(S3Names.record(storeId, f.seq()))) {
                throw new IOException("commit post " + f.post().id() + " lacks its record blob");
            }
            try (InputStream in = remote.openBlob(last.ref())) {
                sealed = in.readNBytes(MAX_RECORD_BYTES);
            }
        }
        byte[] plain = Sealing.openRecord(key, sealed, MAX_RECORD_BYTES);
        BufferedReader lines = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(plain),
                StandardCharsets.UTF_8));
        JournalCodec.Header header = JournalCodec.parseHeader(lines.readLine());
        if (!header.kind().equals(JournalCodec.JOURNAL) || !header.store().equals(storeId) || header.seq() != f.seq()) {
            throw new IOException("commit post " + f.post().id() + " carries a record of another store or number");
        }
        List<JournalEntry> entries = new ArrayList<>();
        for (String line; (line = lines.readLine()) != null; ) {
            if (!line.isEmpty()) {
                entries.add(JournalCodec.parseEntry(line));
            }
        }
        return entries;
    }

    /**
     * Applies a record read back from the remote. Its entries were checked when it was written, so
     * a refusal here means the local state had diverged: it is logged and the entry skipped.
     */
    static void applyRecord(Connection c, int lane, Post post, long seq, List<JournalEntry> entries)
            throws SQLException, IOException {
        StateApplier applier = new StateApplier(c, lane, post.id(), post.blobs().stream()
                .map(b -> b.ref().blobId()).toList());
        applier.apply(new JournalEntry.PostEntry(lane, post.id(), post.blobs().stream().mapToLong(Blob::size).sum(),
                seq));
        for (JournalEntry entry : entries) {
            try (Statement s = c.createStatement()) {
                s.execute("SAVEPOINT entry");
            }
            try {
                applier.apply(entry);
            } catch (S3Exception refused) {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK TO entry");
                }
                log.warn("record {} entry {} does not apply here and is skipped: {}", seq,
                        entry.getClass().getSimpleName(), refused.getMessage());
            }
            try (Statement s = c.createStatement()) {
                s.execute("RELEASE entry");
            }
        }
        applier.finish();
    }

    /** Moves a lane's cursor forward to {@code postId} (never back). */
    static void advanceCursor(Connection c, int lane, String postId) throws SQLException {
        if (postId == null) {
            return;
        }
        String current = S3Index.state(c).cursors().get(lane);
        if (current == null || compareIds(postId, current) > 0) {
            S3Index.setCursor(c, lane, postId);
        }
    }

    /** Post ids are numbers that grow with time: shorter is older, then by digits. */
    static int compareIds(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
