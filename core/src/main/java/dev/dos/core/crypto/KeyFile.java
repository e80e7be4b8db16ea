package dev.dos.core.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.core.config.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

/**
 * A store's master key, wrapped (AES-256-GCM) under a key derived from a passphrase with Argon2id
 * (docs/FORMAT.md section 10). The GCM tag is the key check value: a wrong passphrase gives
 * {@link WrongKeyException}, never a wrong key. Instances are immutable; {@link #write} saves one
 * atomically with owner-only permissions.
 */
public final class KeyFile {
    public static final String FORMAT = "dos-key";
    public static final int VERSION = 1;
    private static final String KDF_NAME = "argon2id";
    private static final byte[] AAD_LABEL = "dos/v1/keyfile".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private final Argon2Params kdf;
    private final byte[] salt;
    private final byte[] nonce;
    private final byte[] wrappedKey;
    private final KeyFingerprint fingerprint;

    private KeyFile(Argon2Params kdf, byte[] salt, byte[] nonce, byte[] wrappedKey, KeyFingerprint fingerprint) {
        this.kdf = kdf;
        this.salt = salt.clone();
        this.nonce = nonce.clone();
        this.wrappedKey = wrappedKey.clone();
        this.fingerprint = fingerprint;
    }

    /** Wraps {@code key} under {@code passphrase}, with a fresh salt and nonce. */
    public static KeyFile seal(MasterKey key, char[] passphrase, Argon2Params kdf) {
        byte[] salt = random(Argon2Params.SALT_BYTES);
        byte[] nonce = random(AesGcm.NONCE_BYTES);
        byte[] kek = kdf.deriveKey(passphrase, salt);
        byte[] raw = key.bytes();
        try {
            byte[] wrapped = AesGcm.encrypt(new SecretKeySpec(kek, "AES"), nonce, aad(key.fingerprint()), raw);
            return new KeyFile(kdf, salt, nonce, wrapped, key.fingerprint());
        } finally {
            Arrays.fill(kek, (byte) 0);
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The master key, or {@link WrongKeyException} if {@code passphrase} does not open this file. */
    public MasterKey unlock(char[] passphrase) throws WrongKeyException {
        byte[] kek = kdf.deriveKey(passphrase, salt);
        byte[] raw = null;
        try {
            raw = AesGcm.decrypt(new SecretKeySpec(kek, "AES"), nonce, aad(fingerprint), wrappedKey);
            MasterKey key = MasterKey.fromBytes(raw);
            if (!key.fingerprint().equals(fingerprint)) {
                // Only someone holding the passphrase could build such a file; still refuse it.
                throw new WrongKeyException();
            }
            return key;
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new WrongKeyException();
        } finally {
            Arrays.fill(kek, (byte) 0);
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /** Identifies the wrapped key without its passphrase. */
    public KeyFingerprint fingerprint() {
        return fingerprint;
    }

    public Argon2Params kdf() {
        return kdf;
    }

    /** Creates a key file holding a new random master key; refuses to replace an existing file. */
    public static MasterKey create(Path file, char[] passphrase, Argon2Params kdf) throws IOException {
        MasterKey key = MasterKey.generate();
        seal(key, passphrase, kdf).write(file, false);
        return key;
    }

    /** Rewraps the key in {@code file} under a new passphrase; the key and its fingerprint stay. */
    public static void changePassphrase(Path file, char[] oldPassphrase, char[] newPassphrase, Argon2Params kdf)
            throws IOException {
        MasterKey key = read(file).unlock(oldPassphrase);
        seal(key, newPassphrase, kdf).write(file, true);
    }

    public static KeyFile read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is not a dos key file (too large)");
        }
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + " is not a valid dos key file: " + e.getMessage(), e);
        }
    }

    public static KeyFile parse(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !FORMAT.equals(text(root, "format"))) {
            throw new IOException("missing \"format\": \"" + FORMAT + "\"");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IOException("unsupported key file version " + root.path("version"));
        }
        JsonNode kdfNode = root.path("kdf");
        if (!KDF_NAME.equals(text(kdfNode, "algorithm"))) {
            throw new IOException("unsupported kdf " + kdfNode.path("algorithm"));
        }
        try {
            Argon2Params kdf = new Argon2Params(integer(kdfNode, "memoryKiB"), integer(kdfNode, "iterations"),
                    integer(kdfNode, "parallelism"));
            byte[] salt = base64(kdfNode, "salt");
            if (salt.length < Argon2Params.SALT_BYTES || salt.length > Argon2Params.MAX_SALT_BYTES) {
                throw new IOException("salt must be " + Argon2Params.SALT_BYTES + ".." + Argon2Params.MAX_SALT_BYTES
                        + " bytes");
            }
            byte[] nonce = base64(root, "nonce");
            byte[] wrapped = base64(root, "wrappedKey");
            if (nonce.length != AesGcm.NONCE_BYTES || wrapped.length != MasterKey.BYTES + AesGcm.TAG_BYTES) {
                throw new IOException("nonce or wrapped key has the wrong length");
            }
            return new KeyFile(kdf, salt, nonce, wrapped, new KeyFingerprint(text(root, "fingerprint")));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public byte[] toJson() {
        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode kdfNode = root.putObject("kdf");
        kdfNode.put("algorithm", KDF_NAME);
        kdfNode.put("memoryKiB", kdf.memoryKiB());
        kdfNode.put("iterations", kdf.iterations());
        kdfNode.put("parallelism", kdf.parallelism());
        kdfNode.put("salt", b64.encodeToString(salt));
        root.put("nonce", b64.encodeToString(nonce));
        root.put("wrappedKey", b64.encodeToString(wrappedKey));
        root.put("fingerprint", fingerprint.hex());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a key file", e);
        }
    }

    /**
     * Saves atomically and durably as an owner-only file ({@link OwnerOnly#write}). With
     * {@code replace} false an existing file is never touched ({@link FileAlreadyExistsException}):
     * losing a key file loses every batch made with it.
     */
    public void write(Path file, boolean replace) throws IOException {
        try {
            OwnerOnly.write(file, toJson(), replace);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(e.getFile(), null, "key file exists");
        }
    }

    private static byte[] aad(KeyFingerprint fingerprint) {
        byte[] fp = fingerprint.bytes();
        byte[] aad = Arrays.copyOf(AAD_LABEL, AAD_LABEL.length + fp.length);
        System.arraycopy(fp, 0, aad, AAD_LABEL.length, fp.length);
        return aad;
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("missing text field \"" + field + "\"");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IOException("missing integer field \"" + field + "\"");
        }
        return value.intValue();
    }

    private static byte[] base64(JsonNode node, String field) throws IOException {
        try {
            return Base64.getDecoder().decode(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new IOException("field \"" + field + "\" is not base64");
        }
    }
}
