package dev.dos.s3.store;

import java.io.IOException;

/** A refusal S3 answers with an error code (the gateway renders it as S3's XML error body). */
public class S3Exception extends IOException {
    private final S3Error error;

    public S3Exception(S3Error error) {
        this(error, error.defaultMessage());
    }

    public S3Exception(S3Error error, String message) {
        super(message);
        this.error = error;
    }

    public S3Error error() {
        return error;
    }
}
