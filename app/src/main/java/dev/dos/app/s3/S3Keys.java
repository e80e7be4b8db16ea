package dev.dos.app.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.config.OwnerOnly;
import dev.dos.s3.S3Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gateway's access keys, made once and kept owner-only in {@code <config dir>/s3-keys.json}
 * (they open the whole store to whoever holds them, as the web token does).
 */
public final class S3Keys {
    public static final String FILE_NAME = "s3-keys.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Keys() {
    }

    /** The keys in {@code configDir}, made (with {@code region}) when there are none. */
    public static S3Credentials loadOrCreate(Path configDir, String region, Consumer<String> warnings)
            throws IOException {
        Path file = configDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return replace(configDir, region);
        }
        OwnerOnly.warnIfNotPrivate(file, warnings);
        JsonNode json = JSON.readTree(file.toFile());
        try {
            return new S3Credentials(json.path("access_key").asText(), json.path("secret_key").asText(),
                    json.path("region").asText(region));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold usable S3 keys (" + e.getMessage()
                    + "); run 'dos serve s3 --new-keys'", e);
        }
    }

    /** New random keys, written over the old ones (which stop working). */
    public static S3Credentials replace(Path configDir, String region) throws IOException {
        S3Credentials made = S3Credentials.generate(region);
        Map<String, String> json = new LinkedHashMap<>();
        json.put("access_key", made.accessKeyId());
        json.put("secret_key", made.secretKey());
        json.put("region", made.region());
        OwnerOnly.createDirectories(configDir);
        OwnerOnly.writeString(configDir.resolve(FILE_NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        return made;
    }
}
