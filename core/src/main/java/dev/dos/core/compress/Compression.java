package dev.dos.core.compress;

import java.util.Objects;

/** A codec and its level, validated: an out-of-range level is rejected, not clamped. */
public record Compression(Codec codec, int level) {
    /** zstd level 3: fast, and a better ratio than gzip -6. */
    public static final Compression DEFAULT = new Compression(Codec.ZSTD, Codec.ZSTD.defaultLevel());
    public static final Compression NONE = new Compression(Codec.NONE, 0);

    public Compression {
        Objects.requireNonNull(codec, "codec");
        if (level < codec.minLevel() || level > codec.maxLevel()) {
            throw new IllegalArgumentException(codec.label() + " level must be " + codec.minLevel() + ".."
                    + codec.maxLevel() + ": " + level);
        }
    }

    /** The codec at its default level. */
    public static Compression of(Codec codec) {
        return new Compression(codec, codec.defaultLevel());
    }

    @Override
    public String toString() {
        return codec == Codec.NONE ? "none" : codec.label() + " -" + level;
    }
}
