package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peak memory does not grow with the input: a child JVM with a 64 MiB heap uploads 200 MB of
 * incompressible data in 256 KiB chunks with 4 transfers (the pipeline holds at most 6 posts of
 * 10 chunks, about 15 MiB). Were chunks kept until the end, the heap could not hold them. The
 * remote keeps only the chunks' names and sizes, so it holds nothing of their bytes either.
 */
class UploadMemoryTest {
    static final long INPUT_BYTES = 200_000_000L;

    @TempDir
    Path tmp;

    @Test
    void twoHundredMegabytesUploadInASixtyFourMebibyteHeap() throws Exception {
        Path input = tmp.resolve("src/big.bin");
        Files.createDirectories(input.getParent());
        try (OutputStream out = Files.newOutputStream(input)) {
            SplittableRandom random = new SplittableRandom(7);
            byte[] block = new byte[1 << 20];
            for (long written = 0; written < INPUT_BYTES; written += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(block, 0, (int) Math.min(block.length, INPUT_BYTES - written));
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), UploadMemoryTest.class.getName(),
                input.getParent().toString(), tmp.resolve("m.db").toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        int code = child.waitFor();
        String log = Files.readString(tmp.resolve("child.log"));
        System.out.print(log);
        assertThat(code).as(log).isZero();
        assertThat(log).containsPattern("uploaded 7[0-9]{2} chunks");
    }

    /** The child: uploads {@code args[0]} into a remote that drops chunk bytes; prints the chunk count. */
    public static void main(String[] args) throws IOException {
        try (InMemoryRemote memory = new InMemoryRemote();
             SqliteMetadataStore metadata = SqliteMetadataStore.open(Path.of(args[1]))) {
            Repository repo = new Repository(new ChunkBytesDropped(memory), metadata, MasterKey.generate());
            UploadResult result = new UploadOperation(repo, new TransferOptions(4, 0)).upload(
                    List.of(Path.of(args[0])),
                    new UploadOptions(Compression.DEFAULT, 256 * 1024, false, UnreadablePolicy.ABORT, null),
                    ProgressListener.NONE);
            long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.println("uploaded " + result.chunkCount() + " chunks, peak heap " + (peak >> 20) + " MiB");
        }
    }

    /** Stores each chunk as an empty blob of the same name: the upload path never reads them back. */
    private static final class ChunkBytesDropped extends ForwardingRemote {
        ChunkBytesDropped(InMemoryRemote delegate) {
            super(delegate);
        }

        @Override
        public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
            if (!text.isEmpty()) {
                return super.post(containerId, text, blobs); // the card, with the manifest
            }
            return super.post(containerId, text, blobs.stream().map(b -> new BlobUpload(b.name(), new byte[0])).toList());
        }
    }
}
