package dev.dos.emulator.model;

/**
 * Upload size limits by guild boost tier. Tiers 0 and 1 get the base limit (a level-1 boost
 * adds no upload perk); tier 2 gets 50 MiB and tier 3 100 MiB, or the base if that is larger.
 */
public final class UploadLimits {
    private static final long MIB = 1024 * 1024;
    /** Room for the multipart framing and payload_json around one file at the per-file limit. */
    private static final long FORM_OVERHEAD = MIB;

    private UploadLimits() {
    }

    public static long perFile(int premiumTier, long baseLimit) {
        return switch (premiumTier) {
            case 2 -> Math.max(50 * MIB, baseLimit);
            case 3 -> Math.max(100 * MIB, baseLimit);
            default -> baseLimit;
        };
    }

    /** Largest whole request: the configured cap, raised so one file at {@code perFile} fits. */
    public static long perRequest(long perFile, long maxRequestBytes) {
        return Math.max(maxRequestBytes, perFile + FORM_OVERHEAD);
    }
}
