package dev.dos.emulator.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one place Discord's description contradicts Discord: the {@code errors} of a 50035 answer,
 * whose field errors carry a string {@code code} ({@code BASE_TYPE_REQUIRED}) in the docs and in
 * real answers, an integer in the description. An error body is validated against the
 * description without its {@code errors}, and its {@code errors} against
 * {@code discord-api-spec/errata.json}, which says why.
 */
final class SpecErrata {
    private static final String RESOURCE = "/discord-api-spec/errata.json";
    private static final String ID = "https://dos.invalid/discord-api-spec/errata.json";
    private static volatile Schema errorDetails;

    private SpecErrata() {
    }

    /** Whether the description's schema at {@code pointer} is an error body with form errors. */
    static boolean isErrorResponse(String pointer) {
        return DiscordSpec.get().follow(pointer).equals("/components/schemas/ErrorResponse");
    }

    /** Validates an error body: the description for everything but {@code errors}, the erratum for that. */
    static void checkErrorBody(Schema described, JsonNode body, SpecValidator.Report r) {
        if (!(body instanceof ObjectNode object) || !object.has("errors")) {
            SpecValidator.schemaErrors(described, body, r);
            return;
        }
        ObjectNode rest = object.deepCopy();
        JsonNode errors = rest.remove("errors");
        SpecValidator.schemaErrors(described, rest, r);
        SpecValidator.schemaErrors(errorDetails(), errors, r.under("/errors"));
    }

    private static Schema errorDetails() {
        Schema schema = errorDetails;
        if (schema == null) {
            try (InputStream in = SpecErrata.class.getResourceAsStream(RESOURCE)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                        b -> b.schemas(Map.of(ID, text)));
                errorDetails = schema = registry.getSchema(SchemaLocation.of(ID));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
        return schema;
    }
}
