package dev.dos.s3.engine;

import dev.dos.core.compress.Compression;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DiscordObjectStore} behaves (docs/FORMAT.md section 16).
 *
 * @param lanes              lanes (threads) a new store gets, from {@code --transfers}; an existing
 *                           store keeps the number it was created with
 * @param smallObjectBytes   bodies below this are packed together into commit posts
 * @param commitDelay        how long the committer waits for more changes before it posts a
 *                           commit when nothing else is in flight
 * @param maxCommitEntries   most changes one commit post carries
 * @param checkpointEvery    a checkpoint is written after this many records
 * @param leaseTtl           how long a lease holds without renewal
 * @param leaseRenewEvery    how often a held lease is renewed
 * @param leaseSettle        after winning a lease, how long to wait before checking once more that
 *                           no racing gateway posted an earlier one
 * @param compactDeadBytes   dead bytes above which the store compacts on its own (0: never)
 * @param sparseRatio        a post whose live bytes are below this share of its bytes is rewritten
 *                           by compaction
 * @param compression        codec and level of object data
 * @param clock              the time (leases, object times); tests pass a fake one
 * @param readAhead          chunks fetched ahead of a reader
 * @param bufferedSmallBytes small bodies held in memory at once, waiting for their commit
 */
public record S3StoreOptions(int lanes, long smallObjectBytes, Duration commitDelay, int maxCommitEntries,
                             int checkpointEvery, Duration leaseTtl, Duration leaseRenewEvery, Duration leaseSettle,
                             long compactDeadBytes, double sparseRatio, Compression compression, Clock clock,
                             int readAhead, long bufferedSmallBytes) {
    public static final int MAX_LANES = 16;

    public S3StoreOptions {
        if (lanes < 1 || lanes > MAX_LANES) {
            throw new IllegalArgumentException("lanes must be 1 to " + MAX_LANES + ", got " + lanes);
        }
        if (smallObjectBytes < 0 || smallObjectBytes > 8L * 1024 * 1024) {
            throw new IllegalArgumentException("small objects must be at most 8 MiB");
        }
        if (maxCommitEntries < 1 || checkpointEvery < 1 || readAhead < 0) {
            throw new IllegalArgumentException("counts must be positive");
        }
        if (sparseRatio <= 0 || sparseRatio > 1) {
            throw new IllegalArgumentException("sparse ratio must be in (0, 1]");
        }
        if (bufferedSmallBytes < smallObjectBytes + 1) {
            throw new IllegalArgumentException("the small-body buffer must hold one small body");
        }
        Objects.requireNonNull(commitDelay, "commitDelay");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(leaseRenewEvery, "leaseRenewEvery");
        Objects.requireNonNull(leaseSettle, "leaseSettle");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(clock, "clock");
    }

    public static S3StoreOptions defaults() {
        return new S3StoreOptions(4, 1024 * 1024, Duration.ofMillis(5), 1000, 1000, Duration.ofSeconds(90),
                Duration.ofSeconds(30), Duration.ofSeconds(2), 256L * 1024 * 1024, 0.5, Compression.DEFAULT,
                Clock.systemUTC(), 2, 64L * 1024 * 1024);
    }

    public S3StoreOptions withLanes(int n) {
        return new S3StoreOptions(n, smallObjectBytes, commitDelay, maxCommitEntries, checkpointEvery, leaseTtl,
                leaseRenewEvery, leaseSettle, compactDeadBytes, sparseRatio, compression, clock, readAhead,
                bufferedSmallBytes);
    }

    public S3StoreOptions withSmallObjectBytes(long n) {
        return new S3StoreOptions(lanes, n, commitDelay, maxCommitEntries, checkpointEvery, leaseTtl,
                leaseRenewEvery, leaseSettle, compactDeadBytes, sparseRatio, compression, clock, readAhead,
                Math.max(bufferedSmallBytes, n + 1));
    }

    public S3StoreOptions withCommitDelay(Duration d) {
        return new S3StoreOptions(lanes, smallObjectBytes, d, maxCommitEntries, checkpointEvery, leaseTtl,
                leaseRenewEvery, leaseSettle, compactDeadBytes, sparseRatio, compression, clock, readAhead,
                bufferedSmallBytes);
    }

    public S3StoreOptions withCheckpointEvery(int n) {
        return new S3StoreOptions(lanes, smallObjectBytes, commitDelay, maxCommitEntries, n, leaseTtl,
                leaseRenewEvery, leaseSettle, compactDeadBytes, sparseRatio, compression, clock, readAhead,
                bufferedSmallBytes);
    }

    public S3StoreOptions withLease(Duration ttl, Duration renewEvery, Duration settle) {
        return new S3StoreOptions(lanes, smallObjectBytes, commitDelay, maxCommitEntries, checkpointEvery, ttl,
                renewEvery, settle, compactDeadBytes, sparseRatio, compression, clock, readAhead, bufferedSmallBytes);
    }

    public S3StoreOptions withCompaction(long deadBytes, double ratio) {
        return new S3StoreOptions(lanes, smallObjectBytes, commitDelay, maxCommitEntries, checkpointEvery, leaseTtl,
                leaseRenewEvery, leaseSettle, deadBytes, ratio, compression, clock, readAhead, bufferedSmallBytes);
    }

    public S3StoreOptions withClock(Clock c) {
        return new S3StoreOptions(lanes, smallObjectBytes, commitDelay, maxCommitEntries, checkpointEvery, leaseTtl,
                leaseRenewEvery, leaseSettle, compactDeadBytes, sparseRatio, compression, c, readAhead,
                bufferedSmallBytes);
    }

    public S3StoreOptions withCompression(Compression c) {
        return new S3StoreOptions(lanes, smallObjectBytes, commitDelay, maxCommitEntries, checkpointEvery, leaseTtl,
                leaseRenewEvery, leaseSettle, compactDeadBytes, sparseRatio, c, clock, readAhead, bufferedSmallBytes);
    }
}
