package dev.dos.core.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Deterministic test content of known compressibility. */
public final class TestData {
    private TestData() {
    }

    public static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Words from a small vocabulary, with some numbers: compresses roughly like source code or logs. */
    public static byte[] text(int n, long seed) {
        String[] words = {"the", "chunk", "segment", "object", "store", "discord", "encrypted", "batch", "file",
            "manifest", "restore", "key", "and", "of", "to", "for", "while", "return", "error", "warning"};
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(n + 32);
        while (text.length() < n) {
            text.append(words[random.nextInt(words.length)]);
            text.append(random.nextInt(8) == 0 ? Integer.toString(random.nextInt(100_000)) : "");
            text.append(random.nextInt(12) == 0 ? '\n' : ' ');
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), n);
    }
}
