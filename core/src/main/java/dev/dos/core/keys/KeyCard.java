package dev.dos.core.keys;

import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.ops.CardFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The text of a published key's post (docs/FORMAT.md section 14): two lines for people, then the
 * machine line {@code dos-key v1 key=<fingerprint> created=<ISO-8601>}. Only the fingerprint and a
 * date are in clear; the wrapped key is the post's one blob, {@link #blobName()}.
 *
 * @param key       the fingerprint of the published key
 * @param createdAt when this copy was published
 */
public record KeyCard(KeyFingerprint key, Instant createdAt) {
    static final String MARKER = "dos-key v1";

    public String render() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", key.hex());
        fields.put("created", createdAt);
        return "**dos key** `" + key.hex() + "`\n"
                + "created: " + createdAt + "\n"
                + "This store's master key, encrypted under its passphrase. On a new machine: dos setup --recover\n"
                + CardFields.render(MARKER, fields);
    }

    /** The name of the post's blob: {@code dos-key-<fingerprint>.json}. */
    public String blobName() {
        return blobName(key);
    }

    public static String blobName(KeyFingerprint key) {
        return "dos-key-" + key.hex() + ".json";
    }

    /** The card a post's text carries; empty if it has no well-formed {@code dos-key v1} line. */
    public static Optional<KeyCard> parse(String text) {
        Optional<CardFields> parsed = CardFields.parse(MARKER, text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KeyCard(new KeyFingerprint(parsed.get().require("key")),
                    Instant.parse(parsed.get().require("created"))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
