package dev.dos.core.ops;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How hard uploads, restores and verifies drive the network.
 *
 * @param transfers      chunks moved concurrently (1 to {@link #MAX_TRANSFERS}); an upload also
 *                       spreads its chunk posts over up to this many containers (lanes), because
 *                       Discord's message-create limit is per thread
 * @param bytesPerSecond a cap on chunk bytes per second in both directions, shared by all
 *                       workers, or 0 for none
 */
public record TransferOptions(int transfers, long bytesPerSecond) {
    /**
     * The default. Measured against the emulator with Discord's default limits (5 posts per 5 s per
     * thread) and 20 ms of latency, 39 posts of 10 chunks took 37 s on 1 lane, 16 s on 2, 11 s on
     * 4 and 2.5 s on 8: a lane sustains one post a second after a burst of five. With Discord's
     * 10 MiB chunks, two per post, 4 lanes allow about 80 MiB/s, more than most links carry, while
     * each lane costs a thread (creating them is rate-limited too, and a guild has 1,000 active
     * threads) and two chunks of memory. More helps only on very fast links: {@code --transfers}.
     */
    public static final int DEFAULT_TRANSFERS = 4;
    public static final int MAX_TRANSFERS = 16;

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)(?:i?b)?(?:/s)?");

    public TransferOptions {
        if (transfers < 1 || transfers > MAX_TRANSFERS) {
            throw new IllegalArgumentException("transfers must be 1 to " + MAX_TRANSFERS + ", got " + transfers);
        }
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth limit must not be negative");
        }
    }

    public static TransferOptions defaults() {
        return new TransferOptions(DEFAULT_TRANSFERS, 0);
    }

    /** One chunk at a time, one container per batch, no cap: how dos worked before transfers. */
    public static TransferOptions serial() {
        return new TransferOptions(1, 0);
    }

    public TransferOptions withTransfers(int count) {
        return new TransferOptions(count, bytesPerSecond);
    }

    public TransferOptions withBandwidth(long limit) {
        return new TransferOptions(transfers, limit);
    }

    /**
     * Parses a rate such as {@code 5M}, {@code 500K}, {@code 1.5MiB/s} or {@code 800000} into bytes
     * per second. K, M and G are powers of 1024; {@code 0} means no limit.
     *
     * @throws IllegalArgumentException if the text is not a rate
     */
    public static long parseRate(String text) {
        Matcher m = RATE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: '" + text + "' (examples: 5M, 500K, 1.5MiB/s)");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
        if (bytes >= Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("rate too large: '" + text + "'");
        }
        return (long) bytes;
    }
}
