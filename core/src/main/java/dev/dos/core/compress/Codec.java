package dev.dos.core.compress;

import java.util.Locale;

/**
 * How a segment's payload is encoded. The id is the on-wire codec byte (docs/FORMAT.md section 4);
 * the name is what the manifest, the local index and the CLI use.
 */
public enum Codec {
    NONE(0, 0, 0, 0),
    ZSTD(1, 1, 19, 3),
    GZIP(2, 1, 9, 6);

    private final int id;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    Codec(int id, int minLevel, int maxLevel, int defaultLevel) {
        this.id = id;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
    }

    public int id() {
        return id;
    }

    /** Lowercase name: "none", "zstd", "gzip". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int minLevel() {
        return minLevel;
    }

    public int maxLevel() {
        return maxLevel;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    /** The codec with this on-wire id, or null when the id is unknown. */
    public static Codec fromId(int id) {
        for (Codec codec : values()) {
            if (codec.id == id) {
                return codec;
            }
        }
        return null;
    }

    /** The codec named {@code label} (case-insensitive). */
    public static Codec fromLabel(String label) {
        for (Codec codec : values()) {
            if (codec.label().equalsIgnoreCase(label)) {
                return codec;
            }
        }
        throw new IllegalArgumentException("unknown codec \"" + label + "\" (expected none, zstd or gzip)");
    }
}
