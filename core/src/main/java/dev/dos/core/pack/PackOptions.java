package dev.dos.core.pack;

import dev.dos.core.compress.Compression;
import dev.dos.core.format.ChunkTarget;
import java.time.Clock;
import java.util.Objects;

/**
 * How to pack a batch.
 *
 * @param compression    codec and level (default zstd 3)
 * @param chunkTarget    largest chunk (default: Discord's 10 MiB limit less headroom)
 * @param followSymlinks store what symlinks point to instead of the links (default no)
 * @param onUnreadable   skip-and-report or abort on unreadable files (default skip)
 * @param listener       progress and warnings
 * @param clock          source of the manifest's creation time
 */
public record PackOptions(Compression compression, ChunkTarget chunkTarget, boolean followSymlinks,
                          UnreadablePolicy onUnreadable, PackListener listener, Clock clock) {

    public PackOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(chunkTarget, "chunkTarget");
        Objects.requireNonNull(onUnreadable, "onUnreadable");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
    }

    public static PackOptions defaults() {
        return new PackOptions(Compression.DEFAULT, ChunkTarget.DEFAULT, false, UnreadablePolicy.SKIP_AND_REPORT,
                PackListener.NONE, Clock.systemUTC());
    }

    public PackOptions withCompression(Compression value) {
        return new PackOptions(value, chunkTarget, followSymlinks, onUnreadable, listener, clock);
    }

    public PackOptions withChunkTarget(ChunkTarget value) {
        return new PackOptions(compression, value, followSymlinks, onUnreadable, listener, clock);
    }

    public PackOptions withFollowSymlinks(boolean value) {
        return new PackOptions(compression, chunkTarget, value, onUnreadable, listener, clock);
    }

    public PackOptions withOnUnreadable(UnreadablePolicy value) {
        return new PackOptions(compression, chunkTarget, followSymlinks, value, listener, clock);
    }

    public PackOptions withListener(PackListener value) {
        return new PackOptions(compression, chunkTarget, followSymlinks, onUnreadable, value, clock);
    }

    public PackOptions withClock(Clock value) {
        return new PackOptions(compression, chunkTarget, followSymlinks, onUnreadable, listener, value);
    }
}
