package dev.dos.app.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/openapi.json}: the hand-written OpenAPI 3.1 description of this API; needs no token. */
final class OpenApiResource {
    static final String PATH = "/api/openapi.json";
    static final String RESOURCE = "/dev/dos/app/web/openapi.json";

    private final byte[] document;

    OpenApiResource() {
        this.document = load();
    }

    static byte[] load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void get(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
