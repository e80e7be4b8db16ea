package dev.dos.app.web;

import dev.dos.core.config.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The dashboard's access token: random, kept in the config dir (mode 0600) and reused across runs. */
public final class AccessToken {
    public static final String FILE_NAME = "web-token";

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /** Reads the token from {@code configDir/web-token}, creating it on first use. */
    public static AccessToken loadOrCreate(Path configDir) throws IOException {
        Path file = configDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            OwnerOnly.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.length() < 16) {
            throw new IOException("the access token in " + file + " is too short; delete the file to make a new one");
        }
        return new AccessToken(text);
    }

    public String value() {
        return value;
    }

    /** Constant-time comparison, so response timing says nothing about how much of a guess was right. */
    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }
}
