package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Permission;
import dev.dos.emulator.model.SnowflakeGenerator;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code POST /channels/{channel.id}/messages/bulk-delete}: 2 to 100 ids, no duplicates, none
 * older than 14 days (judged by the id's timestamp, as Discord does: ids of missing messages
 * count too). MANAGE_MESSAGES is required.
 */
final class BulkDelete {
    private static final long MAX_JSON = 1024 * 1024;
    private static final Duration MAX_AGE = Duration.ofDays(14);

    private final ApiServices s;

    BulkDelete(ApiServices s) {
        this.s = s;
    }

    void handle(ApiCall call) throws IOException {
        Channel channel = s.channel(call);
        s.access.require(channel, Permission.MANAGE_MESSAGES);
        ObjectNode json = call.jsonBody(MAX_JSON);
        Set<Long> ids = ids(json.get("messages"));
        long oldestAllowed = SnowflakeGenerator.fromInstant(java.time.Instant.ofEpochMilli(s.store.nowMillis())
                .minus(MAX_AGE));
        if (ids.stream().anyMatch(id -> id < oldestAllowed)) {
            throw ApiErrors.tooOldToBulkDelete();
        }
        s.store.transaction(() -> ids.forEach(id -> s.store.removeMessage(channel.id(), id)));
        call.noContent();
    }

    private static Set<Long> ids(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiErrors.required("messages");
        }
        if (!node.isArray()) {
            throw ApiErrors.form("messages", "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
        }
        if (node.size() < 2) {
            throw ApiErrors.form("messages", "BASE_TYPE_MIN_LENGTH", "Must be 2 or more in length.");
        }
        if (node.size() > 100) {
            throw ApiErrors.maxLength("messages", 100);
        }
        FormErrors errors = new FormErrors();
        Set<Long> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            var id = Snowflakes.parse(node.get(i));
            if (id.isEmpty()) {
                errors.add("messages." + i, "NUMBER_TYPE_COERCE", "Value \"" + node.get(i).asText()
                        + "\" is not snowflake.");
            } else if (!ids.add(id.get())) {
                errors.add("messages", "BASE_TYPE_DUPLICATES", "Duplicate values are not allowed.");
            }
        }
        errors.throwIfAny();
        return ids;
    }
}
