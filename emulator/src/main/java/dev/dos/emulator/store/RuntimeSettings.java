package dev.dos.emulator.store;

import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.model.UploadLimits;
import java.time.Duration;

/**
 * Settings an admin may change while the emulator runs. They start from the configuration at
 * every start and are not journaled: the boost tier and link lifetime are test knobs, not data.
 */
public final class RuntimeSettings {
    private final long baseUploadLimit;
    private final long maxRequestBytes;
    private final int maxActiveThreads;
    private volatile int premiumTier;
    private volatile Duration linkExpiry;
    private volatile boolean refreshUrls;

    public RuntimeSettings(EmulatorConfig config) {
        this.baseUploadLimit = config.uploadLimitBytes();
        this.maxRequestBytes = config.maxRequestBytes();
        this.maxActiveThreads = config.maxActiveThreads();
        this.premiumTier = config.premiumTier();
        this.linkExpiry = config.linkExpiry();
        this.refreshUrls = config.refreshUrls();
    }

    /** Whether the undocumented {@code POST /attachments/refresh-urls} is served (else 404). */
    public boolean refreshUrls() {
        return refreshUrls;
    }

    public void setRefreshUrls(boolean served) {
        this.refreshUrls = served;
    }

    public int premiumTier() {
        return premiumTier;
    }

    public void setPremiumTier(int tier) {
        if (tier < 0 || tier > 3) {
            throw new IllegalArgumentException("premium tier must be 0..3, got " + tier);
        }
        this.premiumTier = tier;
    }

    public Duration linkExpiry() {
        return linkExpiry;
    }

    public void setLinkExpiry(Duration expiry) {
        if (!expiry.isPositive()) {
            throw new IllegalArgumentException("link expiry must be positive, got " + expiry);
        }
        this.linkExpiry = expiry;
    }

    public int maxActiveThreads() {
        return maxActiveThreads;
    }

    /** Per-file limit of a bot upload in the guild, by its boost tier. */
    public long guildFileLimit() {
        return UploadLimits.perFile(premiumTier, baseUploadLimit);
    }

    /** Per-file limit of a webhook upload: webhooks get the default limit only. */
    public long webhookFileLimit() {
        return baseUploadLimit;
    }

    public long requestLimit(long perFileLimit) {
        return UploadLimits.perRequest(perFileLimit, maxRequestBytes);
    }
}
