package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.ThreadState;
import java.util.Locale;

/** Validation of the channel and thread fields clients send, with Discord's 50035 errors. */
final class ChannelFields {
    private ChannelFields() {
    }

    /** A 1..100 character name; text channel names are lower-cased with spaces as dashes, as Discord does. */
    static String name(ObjectNode json, boolean required, int channelType, FormErrors errors) {
        JsonNode node = json.get("name");
        if (node == null || node.isNull()) {
            if (required) {
                errors.add("name", "BASE_TYPE_REQUIRED", "This field is required");
            }
            return null;
        }
        String name = node.asText().strip();
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > 100) {
            errors.add("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
            return null;
        }
        if (channelType == ChannelType.GUILD_TEXT || channelType == ChannelType.GUILD_ANNOUNCEMENT) {
            name = name.toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
        }
        return name;
    }

    /** An auto-archive duration (60, 1440, 4320 or 10080), or {@code fallback} when absent. */
    static int autoArchiveDuration(ObjectNode json, String field, int fallback, FormErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !ThreadState.isValidDuration(node.asInt())) {
            errors.add(field, "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.");
            return fallback;
        }
        return node.asInt();
    }

    static int intInRange(ObjectNode json, String field, int min, int max, int fallback, FormErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add(field, "NUMBER_TYPE_COERCE", "Value \"" + node.asText() + "\" is not int.");
            return fallback;
        }
        int value = node.asInt();
        if (value < min) {
            errors.add(field, "NUMBER_TYPE_MIN", "int value should be greater than or equal to " + min + ".");
        } else if (value > max) {
            errors.add(field, "NUMBER_TYPE_MAX", "int value should be less than or equal to " + max + ".");
        }
        return value;
    }

    static String topic(ObjectNode json, String fallback, FormErrors errors) {
        JsonNode node = json.get("topic");
        if (node == null) {
            return fallback;
        }
        if (node.isNull()) {
            return null;
        }
        String topic = node.asText();
        if (topic.length() > 1024) {
            errors.add("topic", "BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length.");
        }
        return topic;
    }

    /** A boolean field, or {@code fallback} when absent. */
    static Boolean bool(ObjectNode json, String field, Boolean fallback, FormErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            errors.add(field, "BOOLEAN_TYPE_COERCE", "Value \"" + node.asText() + "\" is not a valid boolean.");
            return fallback;
        }
        return node.asBoolean();
    }
}
