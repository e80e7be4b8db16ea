package dev.dos.core.ops;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ChunkWriter;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.SealedStreams;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Proves that a remote and a key work together end to end, the way uploads will use them: seals
 * a small random payload into one chunk, posts it in a new batch container, reads the post and
 * the blob back, checks the bytes, decrypts them, then deletes the container. Leaves nothing
 * behind unless the delete itself is refused (which is then the error).
 */
public final class RoundTripCheck {
    /** Small enough to be quick, large enough to be a real attachment. */
    public static final int PAYLOAD_BYTES = 4096;

    /**
     * @param payloadBytes plaintext bytes sent
     * @param chunkBytes   encrypted bytes posted
     * @param took         wall time of the whole check
     */
    public record Result(int payloadBytes, int chunkBytes, Duration took) {
    }

    private RoundTripCheck() {
    }

    public static Result run(StorageRemote remote, MasterKey key) throws IOException {
        long start = System.nanoTime();
        byte[] payload = new byte[PAYLOAD_BYTES];
        new SecureRandom().nextBytes(payload);
        BatchId id = BatchId.random();
        List<EncodedChunk> chunks = new ArrayList<>();
        try (ChunkWriter writer = SealedStreams.writer(key, id, Compression.NONE, ChunkTarget.DEFAULT, chunks::add)) {
            writer.write(payload);
        }
        byte[] sealed = chunks.getFirst().bytes();

        String container = remote.createContainer("dos-setup-check-" + id.hex().substring(0, 8));
        IOException failure = null;
        try {
            Post posted = remote.post(container, "", List.of(new BlobUpload(RemoteNames.chunk(id, 0), sealed)));
            Post read = remote.getPost(container, posted.id())
                    .orElseThrow(() -> new IOException("the test post " + posted.id() + " cannot be read back"));
            byte[] back;
            try (InputStream in = remote.openBlob(read.blobs().getFirst().ref())) {
                back = in.readNBytes(sealed.length + 1);
            }
            if (!Arrays.equals(back, sealed)) {
                throw new IntegrityException(id, 0, IntegrityException.Reason.CONTENT_MISMATCH,
                        "the test chunk came back with different bytes");
            }
            byte[] opened;
            try (InputStream in = SealedStreams.reader(key, id, index -> new ByteArrayInputStream(back), 1)) {
                opened = in.readAllBytes();
            }
            if (!Arrays.equals(opened, payload)) {
                throw new IntegrityException(id, 0, IntegrityException.Reason.CONTENT_MISMATCH,
                        "the test chunk decrypted to different bytes");
            }
        } catch (IOException e) {
            failure = e;
        }
        try {
            remote.deleteContainer(container);
        } catch (IOException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw failure;
        }
        return new Result(payload.length, sealed.length, Duration.ofNanos(System.nanoTime() - start));
    }
}
