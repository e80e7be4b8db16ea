package dev.dos.bench;

import dev.dos.core.crypto.Argon2Params;
import java.util.List;
import java.util.Locale;

/**
 * How long one passphrase derivation takes with the local key file's Argon2id parameters and with
 * the published key's (docs/FORMAT.md section 14), through {@link Argon2Params#deriveKey}, as dos
 * runs it: one thread, best and mean of 3. Run it alone, not beside the suite:
 * {@code java -cp bench/target/bench.jar dev.dos.bench.Argon2Timing}.
 */
public final class Argon2Timing {
    private static final int RUNS = 3;

    private Argon2Timing() {
    }

    public static void main(String[] args) {
        byte[] salt = new byte[Argon2Params.SALT_BYTES];
        char[] passphrase = "a passphrase of some length".toCharArray();
        for (Argon2Params p : List.of(Argon2Params.DEFAULT, new Argon2Params(256 * 1024, 1, 1), Argon2Params.PUBLISHED,
                new Argon2Params(512 * 1024, 1, 1))) {
            long best = Long.MAX_VALUE;
            long total = 0;
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                p.deriveKey(passphrase, salt);
                long ms = (System.nanoTime() - start) / 1_000_000;
                best = Math.min(best, ms);
                total += ms;
            }
            String which = p.equals(Argon2Params.DEFAULT) ? " (local key file)"
                    : p.equals(Argon2Params.PUBLISHED) ? " (published key)" : "";
            System.out.printf(Locale.ROOT, "m=%d MiB t=%d p=%d%s: best %d ms, mean %d ms (%d runs)%n",
                    p.memoryKiB() / 1024, p.iterations(), p.parallelism(), which, best, total / RUNS, RUNS);
        }
    }
}
