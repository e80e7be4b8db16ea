package dev.dos.core.crypto;

import java.util.Objects;

/**
 * The Argon2id parameters a store's key is wrapped with: {@code local} for the key file on this
 * machine, {@code published} for the copy on the remote (docs/FORMAT.md sections 10 and 14). Passed
 * down from the command line's context, so tests can make both cheap while production keeps them
 * costly.
 */
public record KeyCosts(Argon2Params local, Argon2Params published) {
    /** What dos uses: {@link Argon2Params#DEFAULT} locally, {@link Argon2Params#PUBLISHED} on the remote. */
    public static final KeyCosts PRODUCTION = new KeyCosts(Argon2Params.DEFAULT, Argon2Params.PUBLISHED);
    /** Fast and weak: only for tests. */
    public static final KeyCosts TESTING = new KeyCosts(Argon2Params.TESTING, Argon2Params.TESTING);

    public KeyCosts {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(published, "published");
    }
}
