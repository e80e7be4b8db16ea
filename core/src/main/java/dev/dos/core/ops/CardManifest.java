package dev.dos.core.ops;

import dev.dos.core.crypto.MasterKey;
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
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Reads the encrypted manifest a batch card carries (one or more consecutive blobs named
 * {@code <batch>-manifest-NN.dosm}), for rebuilds and for verify.
 */
final class CardManifest {
    /** Downloads of a manifest that does not check out before it counts as damaged. */
    static final int READ_ATTEMPTS = 3;

    private CardManifest() {
    }

    /** A card's manifest envelope and what it decodes to. */
    record Read(byte[] envelope, BatchManifest manifest) {
    }

    /**
     * Downloads and decodes the manifest attached to a card. A download whose bytes were altered in
     * transit fails to authenticate like a damaged one, so a failure is read again (up to
     * {@link #READ_ATTEMPTS} times) before the last one is thrown.
     *
     * @throws IntegrityException the manifest stays damaged, missing or malformed
     * @throws WrongKeyException  it stays made with another key
     */
    static Read read(StorageRemote remote, List<Blob> blobs, BatchId batchId, MasterKey key) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                byte[] envelope = download(remote, blobs, batchId);
                return new Read(envelope, ManifestCodec.decode(envelope, key));
            } catch (IntegrityException | WrongKeyException e) {
                if (attempt >= READ_ATTEMPTS) {
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
