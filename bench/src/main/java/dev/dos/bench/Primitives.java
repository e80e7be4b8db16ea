package dev.dos.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.AesGcm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pipeline's primitives measured alone, over the same bytes the pipeline packed, with the
 * implementations dos uses (JDK SHA-256 and AES-GCM through {@link AesGcm}, zstd-jni's stream at
 * dos's level), one thread each, one call (zstd: one stream) per block of a chunk's size. A simple timed loop, not JMH:
 * it runs in the same process and run as the pipeline, so the ratio compares like with like; the
 * same primitives are JMH benchmarks in {@link PrimitivesBenchmark} for {@code ./bench/run --jmh}.
 */
final class Primitives {
    /**
     * Input bytes per second of each primitive.
     *
     * @param aesGcm       as dos calls it: {@link AesGcm#encrypt}, one call per chunk-sized block
     * @param aesGcmSliced the same cipher fed in 64 KiB updates (not used by dos; shown for comparison)
     */
    record Rates(double sha256, double aesGcm, double zstd, double aesGcmSliced) {
        double slowest() {
            return Math.min(sha256, Math.min(aesGcm, zstd));
        }

        String slowestName() {
            double s = slowest();
            return s == zstd ? "zstd -" + LEVEL : s == sha256 ? "SHA-256" : "AES-256-GCM";
        }
    }

    static final int LEVEL = Compression.DEFAULT.level();
    private static final SecretKey KEY = new SecretKeySpec(new SecureRandom().generateSeed(32), "AES");

    private Primitives() {
    }

    /**
     * The bytes each primitive sees in the pipeline: SHA-256 and zstd the input blocks, AES-GCM the
     * compressed blocks (raw where zstd does not shrink them, as the pipeline stores them).
     */
    record Blocks(List<byte[]> input, List<byte[]> sealed, long total) {
        static Blocks of(List<byte[]> input) {
            long total = input.stream().mapToLong(b -> b.length).sum();
            List<byte[]> sealed = input.stream().map(b -> {
                byte[] c = Zstd.compress(b, LEVEL);
                return c.length < b.length ? c : b;
            }).toList();
            return new Blocks(input, sealed, total);
        }
    }

    /**
     * One timed pass of each primitive over {@code blocks}, one after the other. Rates are per
     * input byte, so the slowest stage is comparable with the pipeline's input rate. The figure
     * calls this once per round, next to the pipeline's run of the same round, so both see the
     * same load; one pass of each first (untimed) is the caller's warm-up.
     */
    static Rates pass(Blocks blocks) throws GeneralSecurityException, IOException {
        long total = blocks.total();
        long sha = sha256(blocks.input());
        long gcm = aesGcm(blocks.sealed());
        long zst = zstd(blocks.input());
        long sliced = aesGcmSliced(blocks.sealed());
        return new Rates(total * 1e9 / sha, total * 1e9 / gcm, total * 1e9 / zst, total * 1e9 / sliced);
    }

    static long sha256(List<byte[]> blocks) throws NoSuchAlgorithmException {
        long start = System.nanoTime();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] block : blocks) {
            digest.update(block);
        }
        sink ^= digest.digest()[0];
        return System.nanoTime() - start;
    }

    static long aesGcm(List<byte[]> blocks) {
        long start = System.nanoTime();
        byte[] aad = new byte[38];
        byte[] out = new byte[0];
        long counter = 0;
        for (byte[] block : blocks) {
            if (out.length < block.length + AesGcm.TAG_BYTES) {
                out = new byte[block.length + AesGcm.TAG_BYTES];
            }
            byte[] nonce = ByteBuffer.allocate(AesGcm.NONCE_BYTES).putLong(4, ++counter).array();
            sink ^= AesGcm.encrypt(KEY, nonce, aad, aad.length, block, 0, block.length, out, 0);
        }
        return System.nanoTime() - start;
    }

    /**
     * AES-256-GCM through {@link Cipher#update} in 64 KiB slices, then {@code doFinal}: same bytes,
     * same cipher. On the JDKs measured (21, 25) single operations over about 128 KiB miss the
     * fast (intrinsic) path and run some 50 times slower; see docs/PERFORMANCE.md.
     */
    static long aesGcmSliced(List<byte[]> blocks) throws GeneralSecurityException {
        long start = System.nanoTime();
        byte[] out = new byte[0];
        long counter = 0;
        for (byte[] block : blocks) {
            if (out.length < block.length + AesGcm.TAG_BYTES) {
                out = new byte[block.length + AesGcm.TAG_BYTES];
            }
            byte[] nonce = ByteBuffer.allocate(AesGcm.NONCE_BYTES).putLong(4, ++counter).array();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, KEY, new GCMParameterSpec(AesGcm.TAG_BYTES * 8, nonce));
            cipher.updateAAD(new byte[38]);
            int written = 0;
            for (int off = 0; off < block.length; off += SLICE) {
                written += cipher.update(block, off, Math.min(SLICE, block.length - off), out, written);
            }
            sink ^= cipher.doFinal(out, written);
        }
        return System.nanoTime() - start;
    }

    private static final int SLICE = 64 * 1024;

    /**
     * zstd at dos's level as dos calls it ({@code ZstdSegmentCompressor} under {@code SegmentEncoder}):
     * one stream per chunk-sized block, no checksum, fed in pieces of {@value #ZSTD_PIECE} bytes
     * each followed by a flush, into a sink that only counts. Until issue 16 this was one
     * {@code Zstd.compress(byte[])} per block, which allocates two arrays of the block's size per
     * call; on random data (compressed at 1 to 2 GB/s) those allocations dominated and the rate
     * swung from 150 to 1,900 MB/s between rounds of one run.
     */
    static long zstd(List<byte[]> blocks) throws IOException {
        long start = System.nanoTime();
        CountingSink out = new CountingSink();
        for (byte[] block : blocks) {
            try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, LEVEL)) {
                z.setChecksum(false);
                z.setCloseFrameOnFlush(false);
                for (int off = 0; off < block.length; off += ZSTD_PIECE) {
                    z.write(block, off, Math.min(ZSTD_PIECE, block.length - off));
                    z.flush();
                }
            }
        }
        sink ^= out.count;
        return System.nanoTime() - start;
    }

    private static final int ZSTD_PIECE = 128 * 1024;

    /** Counts what is written and keeps nothing. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Keeps the JIT from discarding results nobody reads. */
    static volatile long sink;
}
