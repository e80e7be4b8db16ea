package dev.dos.emulator.http;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** ISO8601 timestamps sent by clients (e.g. the {@code before} of archived-thread listings). */
final class Timestamps {
    private Timestamps() {
    }

    /** Epoch milliseconds of {@code value}; 50035 on {@code field} when it is not ISO8601. */
    static long parse(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiErrors.form(field, "DATE_TYPE_PARSE", "Could not parse " + value + ". Should be ISO8601.");
        }
    }
}
