package dev.dos.s3.store;

import java.time.Instant;
import java.util.Objects;

/** A bucket and when it was made. */
public record Bucket(String name, Instant created) {
    public Bucket {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
    }
}
