package dev.dos.s3.engine;

import java.io.IOException;

/** Another gateway holds the store (docs/FORMAT.md section 16.8), or this one lost its lease. */
public class LeaseRefusedException extends IOException {
    public LeaseRefusedException(String message) {
        super(message);
    }
}
