package dev.dos.bench;

import com.github.luben.zstd.Zstd;
import dev.dos.core.crypto.AesGcm;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the pipeline's primitives on one 1 MiB block, compressible or not
 * ({@code ./bench/run --jmh}; JMH options after it, e.g. {@code --jmh -f 1 -wi 2 -i 3}). Results
 * are in ops/s: multiply by 1 MiB for bytes per second. The in-run ratio of figure 1 uses
 * {@link Primitives} instead, over the pipeline's own input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PrimitivesBenchmark {
    @Param({"compressible", "incompressible"})
    public String data;

    private byte[] block;
    private byte[] out;
    private byte[] aad;
    private byte[] nonce;
    private StreamKey key;
    private MessageDigest sha256;

    @Setup
    public void setUp() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dos-jmh");
        Inputs.write(dir, data.equals("compressible") ? Inputs.Kind.COMPRESSIBLE : Inputs.Kind.INCOMPRESSIBLE,
                1 << 20, new SplittableRandom().nextLong());
        block = Inputs.blocks(dir, 1 << 20).getFirst();
        Inputs.delete(dir);
        out = new byte[block.length + AesGcm.TAG_BYTES];
        aad = new byte[38];
        nonce = new byte[AesGcm.NONCE_BYTES];
        key = MasterKey.generate().streamKey(KeyPurpose.BATCH, new byte[16]);
        sha256 = newSha256();
    }

    private static MessageDigest newSha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] sha256() {
        return sha256.digest(block);
    }

    /** The synthetic nonce (HMAC-SHA256 over header and plaintext), a second full pass per chunk. */
    @Benchmark
    public byte[] hmacNonce() {
        return key.nonceFor(aad, 26, block, 0, block.length);
    }

    @Benchmark
    public int aesGcm() {
        nonce[0]++;
        return AesGcm.encrypt(key.cipherKey(), nonce, aad, aad.length, block, 0, block.length, out, 0);
    }

    /** The same cipher fed in 64 KiB updates (see docs/PERFORMANCE.md on large single GCM calls). */
    @Benchmark
    public int aesGcmSliced() throws java.security.GeneralSecurityException {
        nonce[0]++;
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, key.cipherKey(),
                new javax.crypto.spec.GCMParameterSpec(AesGcm.TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
        int written = 0;
        for (int off = 0; off < block.length; off += 64 * 1024) {
            written += cipher.update(block, off, Math.min(64 * 1024, block.length - off), out, written);
        }
        return written + cipher.doFinal(out, written);
    }

    @Benchmark
    public byte[] zstd() {
        return Zstd.compress(block, Primitives.LEVEL);
    }
}
