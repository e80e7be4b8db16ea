package dev.dos.core.keys;

import java.io.IOException;

/**
 * The backup area holds no published key (of the fingerprint asked for, if one was): never
 * published, or deleted since. {@link #lookup()} says what was seen instead.
 */
public final class NoPublishedKeyException extends IOException {
    private final transient PublishedKeys.Lookup lookup;

    public NoPublishedKeyException(String message, PublishedKeys.Lookup lookup) {
        super(message);
        this.lookup = lookup;
    }

    public PublishedKeys.Lookup lookup() {
        return lookup;
    }
}
