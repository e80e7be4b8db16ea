package dev.dos.emulator.http;

import java.util.Optional;

/** Reading snowflakes sent by clients: decimal digits only, as strings or JSON numbers. */
final class Snowflakes {
    private Snowflakes() {
    }

    static Optional<Long> parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 19) {
            return Optional.empty();
        }
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A JSON value that should be a snowflake (Discord accepts a string or an integer). */
    static Optional<Long> parse(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
            return Optional.of(node.asLong());
        }
        return node.isTextual() ? parse(node.asText()) : Optional.empty();
    }
}
