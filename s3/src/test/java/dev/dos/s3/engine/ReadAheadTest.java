package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.s3.store.CompletedPart;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import dev.dos.s3.store.Part;
import dev.dos.s3.store.Upload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multipart object is a stream per part; a GET reads ahead across the parts, so a part's
 * fetch is not left waiting for the one before it (the figure 7 of bench/run found GETs of
 * 8 MiB-part objects fetching one chunk at a time).
 */
class ReadAheadTest {
    /** S3's smallest part but the last: one chunk each on the in-memory remote's Discord-sized blobs. */
    private static final int PART = 5 * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aGetFetchesTheNextPartsWhileTheFirstIsStillComing() throws Exception {
        Gated remote = new Gated(new InMemoryRemote());
        try (DiscordObjectStore store = DiscordObjectStore.open(remote, EngineFixture.KEY, tmp,
                EngineFixture.options().withSmallObjectBytes(1024))) {
            store.createBucket("bkt");
            Upload upload = store.createUpload("bkt", "multi", ObjectMeta.NONE);
            List<byte[]> parts = new ArrayList<>();
            List<CompletedPart> done = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                byte[] body = bytes(n < 5 ? PART : 60_000, n);
                parts.add(body);
                Part part = store.uploadPart(upload.id(), n, new ByteArrayInputStream(body), body.length);
                done.add(new CompletedPart(n, part.etag()));
            }
            ObjectInfo object = store.completeUpload(upload.id(), done);

            remote.gateFirstRead();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            try (InputStream in = store.open(object, 0, object.size())) {
                in.transferTo(read);
            }

            assertThat(remote.threeAtOnce).as("the first part's chunk and the next two parts' fetched at once").isTrue();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                expected.write(p);
            }
            assertThat(read.toByteArray()).isEqualTo(expected.toByteArray());

            // A range that starts inside part 2 and ends inside part 4 reads exactly those bytes.
            byte[] all = expected.toByteArray();
            try (InputStream in = store.open(object, 6_000_000, 10_000_000)) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 6_000_000, 16_000_000));
            }
        }
    }

    /**
     * After {@link #gateFirstRead}, holds every blob read until three are under way at once (or
     * 10 s passed): a reader fetching one chunk at a time never gets there.
     */
    private static final class Gated extends ForwardingRemote {
        private final AtomicBoolean gate = new AtomicBoolean();
        private final CountDownLatch three = new CountDownLatch(3);
        final AtomicBoolean threeAtOnce = new AtomicBoolean();

        Gated(InMemoryRemote delegate) {
            super(delegate);
        }

        void gateFirstRead() {
            gate.set(true);
        }

        @Override
        public InputStream openBlob(BlobRef ref, long offset, long length) throws RemoteException {
            if (gate.get()) {
                three.countDown();
                try {
                    if (three.await(10, TimeUnit.SECONDS)) {
                        threeAtOnce.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                gate.set(false);
            }
            return super.openBlob(ref, offset, length);
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
