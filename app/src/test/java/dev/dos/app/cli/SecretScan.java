package dev.dos.app.cli;

import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The secrets a test must never find in an output, each in every form it could leak in: as is,
 * Base64 (standard, URL-safe, unpadded), hex (both cases) and URL-encoded. Key material is
 * registered by its bytes (the unwrapped master key, and the wrapped key and salt of the key file).
 */
final class SecretScan {
    private final Map<String, String> forms = new LinkedHashMap<>();

    /** A text secret (bot token, passphrase) named {@code name}. */
    SecretScan text(String name, String secret) {
        if (secret.length() < 8) {
            throw new IllegalArgumentException("too short to search for without false hits: " + name);
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        forms.put(secret, name);
        forms.put(URLEncoder.encode(secret, StandardCharsets.UTF_8), name + " (URL-encoded)");
        forms.put(secret.replace(" ", "%20"), name + " (URL-encoded)");
        bytes(name, bytes);
        return this;
    }

    /** Secret bytes: their Base64 and hex forms (raw bytes are not text and cannot be searched for in text). */
    SecretScan bytes(String name, byte[] secret) {
        forms.put(Base64.getEncoder().encodeToString(secret), name + " (base64)");
        forms.put(Base64.getEncoder().withoutPadding().encodeToString(secret), name + " (base64)");
        forms.put(Base64.getUrlEncoder().withoutPadding().encodeToString(secret), name + " (base64url)");
        String hex = HexFormat.of().formatHex(secret);
        forms.put(hex, name + " (hex)");
        forms.put(hex.toUpperCase(Locale.ROOT), name + " (hex)");
        return this;
    }

    /**
     * The key of a key file: the unwrapped master key's bytes, and the key file's wrapped key and
     * salt (what an attacker holding output would need besides the passphrase).
     */
    SecretScan key(String name, Path keyFile, String passphrase) throws IOException {
        KeyFile sealed = KeyFile.read(keyFile);
        MasterKey key = sealed.unlock(passphrase.toCharArray());
        bytes(name + " master key", masterKeyBytes(key));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sealed.toJson());
        bytes(name + " wrapped key", Base64.getDecoder().decode(json.get("wrappedKey").asText()));
        bytes(name + " key salt", Base64.getDecoder().decode(json.get("kdf").get("salt").asText()));
        return this;
    }

    /** Names of the secrets (and the form) found in {@code text}; empty when it holds none. */
    List<String> find(String text) {
        List<String> found = new ArrayList<>();
        forms.forEach((form, name) -> {
            if (text.contains(form)) {
                found.add(name);
            }
        });
        return found;
    }

    /** Names of the secrets found in {@code bytes} read as Latin-1 (a file or body that may not be UTF-8). */
    List<String> find(byte[] bytes) {
        return find(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    int forms() {
        return forms.size();
    }

    /** The raw master key (package-private in core: this test reads it only to search for it). */
    static byte[] masterKeyBytes(MasterKey key) {
        try {
            Method bytes = MasterKey.class.getDeclaredMethod("bytes");
            bytes.setAccessible(true);
            return (byte[]) bytes.invoke(key);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the master key's bytes", e);
        }
    }
}
