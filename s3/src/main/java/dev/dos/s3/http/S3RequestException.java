package dev.dos.s3.http;

import dev.dos.s3.store.S3Exception;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal answered with S3's XML error body. An {@link IOException} so a request body's
 * verifier can throw it from {@code read()} through the store, which then stores nothing.
 */
final class S3RequestException extends IOException {
    final int status;
    final String code;
    /** Extra response headers, e.g. {@code Content-Range: bytes *}{@code /size} on a 416. */
    final Map<String, String> headers = new LinkedHashMap<>();
    /** Extra elements of the error body, e.g. {@code StringToSign}, as S3 adds them. */
    final Map<String, String> details = new LinkedHashMap<>();

    S3RequestException(ErrorCode error) {
        this(error, error.message);
    }

    S3RequestException(ErrorCode error, String message) {
        this(error.status, error.code, message);
    }

    private S3RequestException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The store's refusal as the protocol answers it. */
    static S3RequestException of(S3Exception e) {
        return new S3RequestException(e.error().status(), e.error().code(), e.getMessage());
    }

    static S3RequestException notImplemented(String what) {
        return new S3RequestException(ErrorCode.NOT_IMPLEMENTED, what + " is not implemented by this gateway");
    }

    S3RequestException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    S3RequestException detail(String name, String value) {
        details.put(name, value);
        return this;
    }

    /** The refusal somewhere in {@code t}'s causes (a store may wrap what a body's read threw), or null. */
    static S3RequestException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof S3RequestException e) {
                return e;
            }
            if (c instanceof S3Exception e) {
                return of(e);
            }
        }
        return null;
    }
}
