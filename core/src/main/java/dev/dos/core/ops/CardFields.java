package dev.dos.core.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine-readable line at the end of every card dos posts (batch cards, backup cards):
 * {@code <marker> key=value key=value ...} inside a code block, so people can read the card and
 * a rebuild can parse it. Values never contain spaces.
 */
public final class CardFields {
    private static final Pattern PAIR = Pattern.compile("(\\w+)=(\\S+)");

    private final Map<String, String> fields;

    private CardFields(Map<String, String> fields) {
        this.fields = fields;
    }

    /** The code block holding {@code marker} and the fields, in order. */
    public static String render(String marker, Map<String, ?> fields) {
        StringBuilder line = new StringBuilder("```\n").append(marker);
        fields.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.append("\n```").toString();
    }

    /** The fields of the first line starting with {@code marker}, or empty if the text has none. */
    public static Optional<CardFields> parse(String marker, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher line = Pattern.compile("^" + Pattern.quote(marker) + " (.*)$", Pattern.MULTILINE).matcher(text);
        if (!line.find()) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher pair = PAIR.matcher(line.group(1));
        while (pair.find()) {
            fields.put(pair.group(1), pair.group(2));
        }
        return Optional.of(new CardFields(fields));
    }

    /** The value of {@code key}, if the card has it. */
    public Optional<String> optional(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** The value of {@code key}; a missing key makes the card malformed. */
    public String require(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("card lacks " + key);
        }
        return value;
    }
}
