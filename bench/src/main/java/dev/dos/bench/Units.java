package dev.dos.bench;

import java.util.Arrays;
import java.util.Locale;

/** Formatting and small statistics shared by the figures. */
final class Units {
    private Units() {
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    static String size(long bytes) {
        if (bytes >= Scale.GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) Scale.GIB);
        }
        return mib(bytes);
    }

    /** Megabytes (10^6) per second, the unit throughput is printed in. */
    static String rate(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
    }

    static String ratio(double x) {
        return String.format(Locale.ROOT, "%.3f", x);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f ms", millis);
    }

    static String seconds(double nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** The bytes of the regular files under {@code dir} (0 when it does not exist). */
    static long treeBytes(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return 0;
        }
        try (var files = java.nio.file.Files.walk(dir)) {
            long total = 0;
            for (var f : (Iterable<java.nio.file.Path>) files.filter(java.nio.file.Files::isRegularFile)::iterator) {
                total += java.nio.file.Files.size(f);
            }
            return total;
        }
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The q-quantile (0..1) of {@code values} by the nearest-rank method. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
