package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered with Discord's error body: {@code {"message", "code", "errors"?}}. Thrown by
 * route handlers; the request pipeline turns it into the response.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final int code;
    private final ObjectNode errors;

    public ApiException(int status, int code, String message, ObjectNode errors) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public ObjectNode body() {
        ObjectNode body = Json.object();
        body.put("message", getMessage());
        body.put("code", code);
        if (errors != null) {
            body.set("errors", errors);
        }
        return body;
    }
}
