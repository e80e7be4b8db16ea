package dev.dos.core.ops;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.Sha256;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.StorageRemote;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the encrypted manifest a batch card carries (one or more consecutive blobs named
 * {@code <batch>-manifest-NN.dosm}), for rebuilds and for verify.
 */
final class CardManifest {
    /** At most this many downloads of a manifest that does not check out. */
    static final int READ_ATTEMPTS = 6;

    private CardManifest() {
    }

    /** A card's manifest envelope and what it decodes to. */
    record Read(byte[] envelope, BatchManifest manifest) {
    }

    /**
     * Downloads and decodes the manifest attached to a card. A download whose bytes were altered in
     * transit fails to authenticate like a damaged one, so a failure is read again; it counts as
     * damage once two downloads bring the same bytes (what is stored), or after
     * {@link #READ_ATTEMPTS} downloads that all differ.
     *
     * @throws IntegrityException the manifest stays damaged, missing or malformed
     * @throws WrongKeyException  it stays made with another key
     */
    static Read read(StorageRemote remote, List<Blob> blobs, BatchId batchId, MasterKey key) throws IOException {
        Set<String> failed = new HashSet<>();
        for (int attempt = 1; ; attempt++) {
            byte[] envelope = null;
            try {
                envelope = download(remote, blobs, batchId);
                return new Read(envelope, ManifestCodec.decode(envelope, key));
            } catch (IntegrityException | WrongKeyException e) {
                boolean seenBefore = envelope != null && !failed.add(Sha256.hex(envelope));
                if (seenBefore || attempt >= READ_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The manifest envelope attached to a batch card: its parts, checked and concatenated in order. */
    static byte[] download(StorageRemote remote, List<Blob> blobs, BatchId batchId) throws IOException {
        TreeMap<Integer, Blob> parts = new TreeMap<>();
        long total = 0;
        for (Blob blob : blobs) {
            OptionalInt part = RemoteNameParser.manifestPart(batchId, blob.name());
            if (part.isPresent() && parts.putIfAbsent(part.getAsInt(), blob) == null) {
                total += blob.size();
            }
        }
        if (parts.isEmpty()) {
            throw new IntegrityException(batchId, -1, IntegrityException.Reason.MISSING, "the card has no manifest attached");
        }
        if (parts.size() != parts.lastKey() + 1) {
            throw new IntegrityException(batchId, -1, IntegrityException.Reason.MISSING,
                    "manifest parts " + parts.keySet() + " leave gaps");
        }
        if (total > ManifestCodec.MAX_BYTES) {
            throw new IntegrityException(batchId, -1, IntegrityException.Reason.TOO_LARGE,
                    "manifest parts add up to " + total + " bytes");
        }
        ByteArrayOutputStream envelope = new ByteArrayOutputStream((int) total);
        for (Blob blob : parts.values()) {
            try (InputStream in = remote.openBlob(blob.ref())) {
                envelope.write(in.readNBytes((int) blob.size() + 1));
            }
        }
        byte[] bytes = envelope.toByteArray();
        if (bytes.length != total) {
            throw new IntegrityException(batchId, -1, IntegrityException.Reason.TRUNCATED,
                    "manifest parts gave " + bytes.length + " bytes, listed as " + total);
        }
        BatchId named = ManifestCodec.batchIdOf(bytes);
        if (!named.equals(batchId)) {
            throw new IntegrityException(batchId, -1, IntegrityException.Reason.WRONG_BATCH,
                    "the attached manifest is batch " + named + "'s");
        }
        return bytes;
    }
}
