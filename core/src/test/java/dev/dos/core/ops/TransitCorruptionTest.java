package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.TestData;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk whose bytes arrive altered in transit (one byte flipped on the way; the stored copy is
 * intact) is fetched again rather than reported as damage; bytes that stay wrong are damage.
 * Found by the emulator's {@code corruptDownload} fault (NetworkFaultsTest): a single flipped
 * download used to fail the restore and the verify of an intact batch.
 */
class TransitCorruptionTest {
    @TempDir
    Path dir;
    private SqliteMetadataStore metadata;

    /** Flips one byte of the first {@code flips} downloads of the blobs {@code which} selects. */
    static final class FlippingRemote extends ForwardingRemote {
        final AtomicInteger opens = new AtomicInteger();
        final int flips;
        final Predicate<BlobRef> which;

        FlippingRemote(InMemoryRemote inner, int flips) {
            this(inner, flips, ref -> true);
        }

        FlippingRemote(InMemoryRemote inner, int flips, Predicate<BlobRef> which) {
            super(inner);
            this.flips = flips;
            this.which = which;
        }

        @Override
        public InputStream openBlob(BlobRef ref) throws RemoteException {
            if (!which.test(ref)) {
                return super.openBlob(ref);
            }
            int n = opens.incrementAndGet();
            try (InputStream in = super.openBlob(ref)) {
                byte[] bytes = in.readAllBytes();
                if (n <= flips) {
                    bytes[(bytes.length / 2 + n) % bytes.length] ^= 0x10; // in transit: another byte each time
                }
                return new ByteArrayInputStream(bytes);
            } catch (IOException e) {
                throw new RemoteException("read failed", e);
            }
        }
    }

    @AfterEach
    void close() {
        if (metadata != null) {
            metadata.close();
        }
    }

    private MasterKey key;

    private List<ChunkRecord> upload(InMemoryRemote remote, String[] id) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.write(src.resolve("a.bin"), TestData.random(6_000, 3));
        metadata = SqliteMetadataStore.open(dir.resolve("m.db"));
        key = MasterKey.generate();
        Repository repo = new Repository(remote, metadata, key);
        id[0] = new UploadOperation(repo).upload(List.of(src),
                new UploadOptions(Compression.DEFAULT, 4096, false, UnreadablePolicy.ABORT, null),
                ProgressListener.NONE).batchId();
        return metadata.chunks(id[0]);
    }

    @Test
    void aDownloadAlteredInTransitIsFetchedAgainAndDeliversTheStoredBytes() throws IOException {
        InMemoryRemote inner = new InMemoryRemote();
        String[] id = new String[1];
        List<ChunkRecord> chunks = upload(inner, id);
        FlippingRemote flipping = new FlippingRemote(inner, 2);
        RemoteChunkSource source = new RemoteChunkSource(flipping, BatchId.parse(id[0]), chunks, ProgressListener.NONE);

        byte[] bytes = source.fetch(0);

        assertThat(flipping.opens.get()).isEqualTo(3);
        assertThat(bytes).hasSize(Math.toIntExact(chunks.get(0).size()));
        assertThat(dev.dos.core.crypto.Sha256.hex(bytes)).isEqualTo(chunks.get(0).sha256());
    }

    @Test
    void bytesThatStayWrongAreDamageAfterAFewDownloads() throws IOException {
        InMemoryRemote inner = new InMemoryRemote();
        String[] id = new String[1];
        List<ChunkRecord> chunks = upload(inner, id);
        FlippingRemote flipping = new FlippingRemote(inner, Integer.MAX_VALUE);
        RemoteChunkSource source = new RemoteChunkSource(flipping, BatchId.parse(id[0]), chunks, ProgressListener.NONE);

        assertThatThrownBy(() -> source.fetch(0)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("SHA-256 mismatch");
        assertThat(flipping.opens.get()).isEqualTo(RemoteChunkSource.FETCH_ATTEMPTS);
    }

    @Test
    void theSameWrongBytesTwiceAreStoredDamageWithoutFurtherDownloads() throws IOException {
        InMemoryRemote inner = new InMemoryRemote();
        String[] id = new String[1];
        List<ChunkRecord> chunks = upload(inner, id);
        AtomicInteger opens = new AtomicInteger();
        ForwardingRemote damaged = new ForwardingRemote(inner) {
            @Override
            public InputStream openBlob(BlobRef ref) throws RemoteException {
                opens.incrementAndGet();
                try (InputStream in = super.openBlob(ref)) {
                    byte[] bytes = in.readAllBytes();
                    bytes[0] ^= 0x01; // as stored: the same wrong byte on every download
                    return new ByteArrayInputStream(bytes);
                } catch (IOException e) {
                    throw new RemoteException("read failed", e);
                }
            }
        };
        RemoteChunkSource source = new RemoteChunkSource(damaged, BatchId.parse(id[0]), chunks, ProgressListener.NONE);

        assertThatThrownBy(() -> source.fetch(0)).isInstanceOf(IntegrityException.class);
        assertThat(opens.get()).isEqualTo(2);
    }

    @Test
    void aCardManifestAlteredInTransitIsReadAgainSoVerifyFindsNothingWrong() throws IOException {
        InMemoryRemote inner = new InMemoryRemote();
        String[] id = new String[1];
        upload(inner, id);
        String index = inner.areaId(dev.dos.core.remote.StorageRemote.Area.INDEX);
        FlippingRemote flipping = new FlippingRemote(inner, 2, ref -> ref.containerId().equals(index));

        VerifyOperation.Report report = new VerifyOperation(new Repository(flipping, metadata, key))
                .verify(id[0], false, ProgressListener.NONE);

        assertThat(flipping.opens.get()).as("manifest downloads").isEqualTo(3);
        assertThat(report.cardProblem()).isNull();
        assertThat(report.ok()).isTrue();
    }

    @Test
    void aCardManifestThatStaysWrongIsReported() throws IOException {
        InMemoryRemote inner = new InMemoryRemote();
        String[] id = new String[1];
        upload(inner, id);
        String index = inner.areaId(dev.dos.core.remote.StorageRemote.Area.INDEX);
        FlippingRemote flipping = new FlippingRemote(inner, Integer.MAX_VALUE, ref -> ref.containerId().equals(index));

        VerifyOperation.Report report = new VerifyOperation(new Repository(flipping, metadata, key))
                .verify(id[0], false, ProgressListener.NONE);

        assertThat(flipping.opens.get()).isEqualTo(CardManifest.READ_ATTEMPTS);
        assertThat(report.cardProblem()).contains("cannot be read");
    }
}
