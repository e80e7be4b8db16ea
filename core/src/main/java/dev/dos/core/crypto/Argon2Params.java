package dev.dos.core.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id cost parameters for turning a passphrase into a key-encryption key. Out-of-range values
 * are rejected, both when creating a key file and when reading one (a tampered file must not make
 * the reader allocate gigabytes or spin for hours).
 *
 * @param memoryKiB   memory in KiB (Argon2 m)
 * @param iterations  passes over memory (Argon2 t)
 * @param parallelism lanes (Argon2 p)
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    /** RFC 9106's second recommended option, cut to 64 MiB so it runs on small machines. */
    public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);
    /**
     * For the copy of the key published on the remote (docs/FORMAT.md section 14), which anyone who
     * can read the backup channel may attack offline: 256 MiB and 2 passes, about a second per guess
     * on the development machine, against a fraction of that for {@link #DEFAULT}.
     */
    public static final Argon2Params PUBLISHED = new Argon2Params(256 * 1024, 2, 1);
    /** Fast and weak: only for tests. */
    public static final Argon2Params TESTING = new Argon2Params(64, 1, 1);

    public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    public static final int MAX_ITERATIONS = 64;
    public static final int MAX_PARALLELISM = 16;
    public static final int SALT_BYTES = 16;
    public static final int MAX_SALT_BYTES = 64;

    public Argon2Params {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1.." + MAX_PARALLELISM + ": " + parallelism);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be " + 8 * parallelism + ".." + MAX_MEMORY_KIB
                    + " KiB: " + memoryKiB);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2 iterations must be 1.." + MAX_ITERATIONS + ": " + iterations);
        }
    }

    /** The 32-byte key for {@code passphrase} (NFC-normalised, UTF-8) and {@code salt}. */
    public byte[] deriveKey(char[] passphrase, byte[] salt) {
        if (salt.length < SALT_BYTES || salt.length > MAX_SALT_BYTES) {
            throw new IllegalArgumentException("Argon2 salt must be " + SALT_BYTES + ".." + MAX_SALT_BYTES + " bytes");
        }
        byte[] password = utf8Nfc(passphrase);
        try {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(memoryKiB)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] key = new byte[AesGcm.KEY_BYTES];
            generator.generateBytes(password, key);
            return key;
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    // The same passphrase typed on macOS (often NFD) and Linux (NFC) must give the same key.
    private static byte[] utf8Nfc(char[] passphrase) {
        String normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(normalized);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
