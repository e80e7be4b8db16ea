package dev.dos.core.ops;

import dev.dos.core.remote.BandwidthLimit;
import dev.dos.core.remote.ThrottledRemote;
import java.util.Objects;

/**
 * How hard the operations of one process drive the network: its {@link TransferOptions}, and the
 * one {@link BandwidthLimit} every operation it starts shares, so a cap holds for a CLI command's
 * workers and for all of a web server's jobs together. Thread-safe; {@link #set} changes the policy
 * of operations started afterwards (running ones keep theirs).
 *
 * <p>Operations take the {@link TransferOptions} of {@link #options()} and run on
 * {@link #pace(Repository)}: the one place where {@code --bwlimit} turns into a throttled remote.
 */
public final class TransferPolicy {
    private record State(TransferOptions options, BandwidthLimit limit) {
    }

    private volatile State state;

    public TransferPolicy(TransferOptions options) {
        set(options);
    }

    public static TransferPolicy defaults() {
        return new TransferPolicy(TransferOptions.defaults());
    }

    public TransferOptions options() {
        return state.options();
    }

    /** From now on: {@code options}, with a new bandwidth bucket when the cap changed. */
    public synchronized void set(TransferOptions options) {
        Objects.requireNonNull(options, "options");
        State old = state;
        BandwidthLimit limit = old != null && old.options().bytesPerSecond() == options.bytesPerSecond() ? old.limit()
                : options.bytesPerSecond() == 0 ? null : new BandwidthLimit(options.bytesPerSecond());
        state = new State(options, limit);
    }

    /** {@code repo} with its remote's blob bytes paced by the shared cap; {@code repo} itself when there is none. */
    public Repository pace(Repository repo) {
        BandwidthLimit limit = state.limit();
        if (limit == null) {
            return repo;
        }
        return new Repository(new ThrottledRemote(repo.remote(), limit), repo.metadata(), repo.key(), repo.clock());
    }
}
