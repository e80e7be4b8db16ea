package dev.dos.core.format;

import com.github.luben.zstd.Zstd;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.AesGcm;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The generator of the chunk fuzz corpus ({@code src/test/resources/fuzz/chunks}, see its README):
 * a fixed key and batch id, a two-chunk batch of fixed content stored raw (so the chunks depend on
 * nothing but this file and the format), and mutations of its chunk 0. Every mutation is served as
 * chunk 0 of that batch and must be refused.
 */
final class ChunkFuzz {
    /** Fixed so the checked-in corpus stays meaningful: a test key, never used for anything real. */
    static final MasterKey KEY = MasterKey.fromBytes(bytes(MasterKey.BYTES, 0x5a));
    static final BatchId BATCH = BatchId.fromBytes(bytes(BatchId.BYTES, 0x3c));
    static final StreamKey STREAM = KEY.streamKey(KeyPurpose.BATCH, BATCH.bytes());
    static final long CORPUS_SEED = 20_261_125L;
    /** Kinds of random mutation, in the order {@link #mutate} picks them. */
    static final List<String> KINDS = List.of("edit", "splice", "version", "flags", "index", "batch", "nonce",
            "magic", "truncate", "extend", "shift", "inner");

    private ChunkFuzz() {
    }

    private static byte[] bytes(int n, int seed) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (seed + 31 * i);
        }
        return out;
    }

    /** The victim batch's chunks: 0 and 1 (LAST), about 2 KiB and 1 KiB. */
    static MemoryChunkStore batch() throws IOException {
        MemoryChunkStore store = new MemoryChunkStore();
        try (ChunkWriter writer = new ChunkWriter(STREAM, Compression.NONE, new ChunkTarget(2048), store)) {
            writer.write(TestData.random(3_000, 77));
        }
        if (store.size() != 2) {
            throw new IllegalStateException("expected 2 chunks, got " + store.size());
        }
        return store;
    }

    /** The checked-in corpus: name to bytes, in a fixed order. Names say how each was made. */
    static Map<String, byte[]> corpus() throws IOException {
        MemoryChunkStore store = batch();
        byte[] c0 = store.get(0);
        byte[] c1 = store.get(1);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("base-chunk-0.dosc", c0);
        files.put("base-chunk-1.dosc", c1);
        Random random = new Random(CORPUS_SEED);
        int n = 0;
        // Hand-picked header field edits, then a few random mutations of every kind.
        for (int version : new int[] {0, 2, 255}) {
            files.put(name(n++, "version-" + version), withByte(c0, 4, version));
        }
        for (int flags : new int[] {0x01, 0x02, 0x80, 0xff}) {
            files.put(name(n++, "flags-" + Integer.toHexString(flags)), withByte(c0, 5, flags));
        }
        for (int index : new int[] {1, 2, 0x7fffffff, 0x80000000, 0xffffffff}) {
            files.put(name(n++, "index-" + Integer.toHexString(index)), withInt(c0, 6, index));
        }
        files.put(name(n++, "batch-zero"), withRange(c0, 10, new byte[BatchId.BYTES]));
        files.put(name(n++, "nonce-zero"), withRange(c0, 26, new byte[AesGcm.NONCE_BYTES]));
        files.put(name(n++, "nonce-of-chunk-1"), withRange(c0, 26, Arrays.copyOfRange(c1, 26, 38)));
        files.put(name(n++, "magic-dosm"), withRange(c0, 0, "DOSM".getBytes(StandardCharsets.US_ASCII)));
        files.put(name(n++, "empty"), new byte[0]);
        files.put(name(n++, "header-only"), Arrays.copyOf(c0, ChunkFormat.HEADER_BYTES));
        files.put(name(n++, "header-minus-1"), Arrays.copyOf(c0, ChunkFormat.HEADER_BYTES - 1));
        files.put(name(n++, "tag-missing"), Arrays.copyOf(c0, c0.length - AesGcm.TAG_BYTES));
        files.put(name(n++, "header-of-1-body-of-0"), splice(c1, ChunkFormat.HEADER_BYTES, c0, ChunkFormat.HEADER_BYTES));
        files.put(name(n++, "chunk-0-then-1"), concat(c0, c1));
        // Made with the key: authentic chunks whose inner header lies.
        files.put(name(n++, "inner-codec-9"), keyholderChunk(9, 1000, new byte[1000]));
        files.put(name(n++, "inner-length-ffffffff"), keyholderChunk(0, 0xffffffff, new byte[1000]));
        files.put(name(n++, "inner-length-2p30-plus-1"), keyholderChunk(1, (1 << 30) + 1, Zstd.compress(new byte[10], 3)));
        files.put(name(n++, "inner-raw-length-off-by-one"), keyholderChunk(0, 1001, new byte[1000]));
        files.put(name(n++, "inner-zstd-garbage"), keyholderChunk(1, 1000, TestData.random(200, 5)));
        files.put(name(n++, "inner-gzip-garbage"), keyholderChunk(2, 1000, TestData.random(200, 6)));
        files.put(name(n++, "inner-zstd-bomb-declared-0"), keyholderChunk(1, 0, Zstd.compress(new byte[1 << 20], 19)));
        for (String kind : KINDS) {
            for (int i = 0; i < 2; i++) {
                files.put(name(n++, "random-" + kind), mutate(kind, random, c0, c1));
            }
        }
        return files;
    }

    private static String name(int n, String what) {
        return String.format("mut-%03d-%s.dosc", n, what);
    }

    /** One random mutation of {@code c0}, guaranteed to differ from it. */
    static byte[] mutate(Random random, byte[] c0, byte[] c1) {
        return mutate(KINDS.get(random.nextInt(KINDS.size())), random, c0, c1);
    }

    static byte[] mutate(String kind, Random random, byte[] c0, byte[] c1) {
        for (int attempt = 0; ; attempt++) {
            byte[] out = mutateOnce(kind, random, c0, c1);
            if (!Arrays.equals(out, c0)) {
                return out;
            }
            if (attempt > 100) {
                throw new IllegalStateException("cannot mutate with " + kind);
            }
        }
    }

    private static byte[] mutateOnce(String kind, Random random, byte[] c0, byte[] c1) {
        return switch (kind) {
            case "edit" -> {
                byte[] out = c0.clone();
                int edits = 1 + random.nextInt(16);
                for (int i = 0; i < edits; i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                yield out;
            }
            case "splice" -> splice(c0, random.nextInt(c0.length + 1), c1, random.nextInt(c1.length + 1));
            case "version" -> withByte(c0, 4, random.nextInt(256));
            case "flags" -> withByte(c0, 5, random.nextInt(256));
            case "index" -> withInt(c0, 6, random.nextInt());
            case "batch" -> withRange(c0, 10, randomBytes(random, BatchId.BYTES));
            case "nonce" -> withRange(c0, 26, randomBytes(random, AesGcm.NONCE_BYTES));
            case "magic" -> withRange(c0, random.nextInt(4), randomBytes(random, 1));
            case "truncate" -> Arrays.copyOf(c0, random.nextInt(c0.length));
            case "extend" -> concat(c0, randomBytes(random, 1 + random.nextInt(3000)));
            case "shift" -> {
                // Bytes inserted or removed somewhere in the middle.
                int at = random.nextInt(c0.length);
                yield random.nextBoolean()
                        ? concat(concat(Arrays.copyOf(c0, at), randomBytes(random, 1 + random.nextInt(64))),
                                Arrays.copyOfRange(c0, at, c0.length))
                        : concat(Arrays.copyOf(c0, at), Arrays.copyOfRange(c0, Math.min(c0.length,
                                at + 1 + random.nextInt(64)), c0.length));
            }
            case "inner" -> {
                // Authentic (made with the key) but lying about its payload: refused before release.
                int choice = random.nextInt(4);
                byte[] payload = randomBytes(random, 1 + random.nextInt(1500));
                yield switch (choice) {
                    case 0 -> keyholderChunk(3 + random.nextInt(253), payload.length, payload);
                    case 1 -> keyholderChunk(0, payload.length + 1 + random.nextInt(1 << 20), payload);
                    case 2 -> keyholderChunk(random.nextBoolean() ? 1 : 2, 1 + random.nextInt(1 << 20), payload);
                    default -> keyholderChunk(1, (1 << 30) + 1 + random.nextInt(1 << 20), payload);
                };
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A chunk 0 of the batch, sealed with the key, with any inner header and payload. */
    static byte[] keyholderChunk(int codecId, int rawLength, byte[] payload) {
        return Forge.chunk(KEY, BATCH, 0, false, codecId, Integer.toUnsignedLong(rawLength), payload);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    private static byte[] withByte(byte[] chunk, int at, int value) {
        byte[] out = chunk.clone();
        out[at] = (byte) value;
        return out;
    }

    private static byte[] withInt(byte[] chunk, int at, int value) {
        byte[] out = chunk.clone();
        ByteBuffer.wrap(out, at, 4).putInt(value);
        return out;
    }

    private static byte[] withRange(byte[] chunk, int at, byte[] value) {
        byte[] out = chunk.clone();
        System.arraycopy(value, 0, out, at, value.length);
        return out;
    }

    private static byte[] splice(byte[] a, int aEnd, byte[] b, int bStart) {
        return concat(Arrays.copyOf(a, aEnd), Arrays.copyOfRange(b, bStart, b.length));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static List<String> names(Map<String, byte[]> corpus) {
        return new ArrayList<>(corpus.keySet());
    }
}
