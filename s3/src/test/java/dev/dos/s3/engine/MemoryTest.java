package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big object streams through in bounded memory: a child JVM with a 160 MiB heap stores a 300 MB
 * incompressible object with Discord's 10 MiB blobs (two per post, two lanes). Were chunks kept
 * until the end, the heap could not hold them. The body is generated as it is read and the remote
 * drops data blobs' bytes after recording their sizes, so neither holds the object either.
 */
class MemoryTest {
    static final long OBJECT_BYTES = 300_000_000L;

    @TempDir
    Path tmp;

    @Test
    void threeHundredMegabytesStreamThroughAHundredAndSixtyMebibyteHeap() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), MemoryTest.class.getName(), tmp.resolve("data").toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        int code = child.waitFor();
        String log = Files.readString(tmp.resolve("child.log"));
        System.out.print(log);
        assertThat(code).as(log).isZero();
        assertThat(log).contains("stored " + OBJECT_BYTES + " bytes in 29 chunks");
    }

    /** The child: stores a generated 300 MB object; prints its size, chunk count and the peak heap. */
    public static void main(String[] args) throws Exception {
        InMemoryRemote memory = new InMemoryRemote();
        try (DiscordObjectStore store = DiscordObjectStore.open(new DataBytesDropped(memory), EngineFixture.KEY,
                Path.of(args[0]), EngineFixture.options().withLanes(2))) {
            store.createBucket("big");
            ObjectInfo info = store.put("big", "pack", new Generated(OBJECT_BYTES), OBJECT_BYTES, ObjectMeta.NONE);
            String dataId = store.index().object("big", "pack").orElseThrow().streams().getFirst().dataId();
            int chunks = store.index().chunks(dataId).size();
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.println("stored " + info.size() + " bytes in " + chunks + " chunks, peak heap " + (peak >> 20)
                    + " MiB");
        }
    }

    /** Incompressible bytes made up as they are read. */
    private static final class Generated extends InputStream {
        private final SplittableRandom random = new SplittableRandom(7);
        private long left;

        Generated(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            left -= n;
            return n;
        }
    }

    /** Keeps data posts' blob names and drops their bytes: the upload path never reads them back. */
    private static final class DataBytesDropped extends ForwardingRemote {
        DataBytesDropped(InMemoryRemote delegate) {
            super(delegate);
        }

        @Override
        public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
            if (!blobs.isEmpty() && blobs.stream().allMatch(b -> b.name().endsWith(".s3c"))) {
                return super.post(containerId, text, blobs.stream().map(b -> new BlobUpload(b.name(), new byte[0]))
                        .toList());
            }
            return super.post(containerId, text, blobs);
        }
    }
}
