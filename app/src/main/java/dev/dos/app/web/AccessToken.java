package dev.dos.app.web;

import dev.dos.core.config.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/** The dashboard's access token: random, kept in the config dir (mode 0600) and reused across runs. */
public final class AccessToken {
    public static final String FILE_NAME = "web-token";

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /** Reads the token from {@code configDir/web-token}, creating it on first use; warnings go to stderr. */
    public static AccessToken loadOrCreate(Path configDir) throws IOException {
        return loadOrCreate(configDir, System.err::println);
    }

    /**
     * Reads the token from {@code configDir/web-token}, creating it on first use. A token file
     * others can read gets a warning line on {@code warnings}.
     */
    public static AccessToken loadOrCreate(Path configDir, Consumer<String> warnings) throws IOException {
        Path file = configDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            writeNew(file);
        }
        OwnerOnly.warnIfNotPrivate(file, warnings);
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.length() < 16) {
            throw new IOException("the access token in " + file + " is too short; delete the file to make a new one"
                    + " or start with --new-token");
        }
        return new AccessToken(text);
    }

    /** Replaces the token in {@code configDir/web-token} with a new random one (0600); the old one stops working. */
    public static AccessToken replace(Path configDir) throws IOException {
        return new AccessToken(writeNew(configDir.resolve(FILE_NAME)));
    }

    private static String writeNew(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OwnerOnly.writeString(file, token);
        return token;
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
