package dev.dos.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One HTTP response exactly as it came off the wire. */
public record Reply(String method, String path, int status, HttpHeaders headers, byte[] body) {

    public JsonNode json() {
        try {
            return RawDiscord.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + describe() + ")", e);
        }
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** First value of a header, or null; header names are case-insensitive. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public List<String> allHeaders(String name) {
        return headers.allValues(name);
    }

    /** Fails with the body in the message when the status differs: the body says why. */
    public Reply expect(int expectedStatus) {
        if (status != expectedStatus) {
            throw new AssertionError("expected " + expectedStatus + " but got " + describe());
        }
        return this;
    }

    public String describe() {
        String shown = body.length > 600 ? text().substring(0, 600) + "..." : text();
        return status + " for " + method + " " + path + ": " + shown;
    }

    @Override
    public String toString() {
        return describe();
    }
}
