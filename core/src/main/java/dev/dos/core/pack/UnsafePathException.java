package dev.dos.core.pack;

import java.io.IOException;

/**
 * A batch holds an entry no restore may write: an absolute path, a '..' segment, a hard link or a
 * device. The whole restore is refused, since such a batch was crafted, not made by dos.
 */
public class UnsafePathException extends IOException {
    private final String path;

    public UnsafePathException(String path, String reason) {
        super("unsafe entry \"" + path + "\": " + reason);
        this.path = path;
    }

    /** The entry path as stored. */
    public String path() {
        return path;
    }
}
