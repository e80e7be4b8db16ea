package dev.dos.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    private static final Argon2Params CHEAP = Argon2Params.TESTING;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void createdKeyUnlocksWithItsPassphraseAndKeepsItsFingerprint() throws IOException {
        Path file = dir.resolve("key.json");
        MasterKey created = KeyFile.create(file, "correct horse".toCharArray(), CHEAP);

        KeyFile read = KeyFile.read(file);
        MasterKey unlocked = read.unlock("correct horse".toCharArray());

        assertThat(unlocked.fingerprint()).isEqualTo(created.fingerprint()).isEqualTo(read.fingerprint());
        assertThat(read.kdf()).isEqualTo(CHEAP);
    }

    @Test
    void wrongPassphraseIsWrongKeyNeverGarbage() throws IOException {
        Path file = dir.resolve("key.json");
        KeyFile.create(file, "right".toCharArray(), CHEAP);

        assertThatThrownBy(() -> KeyFile.read(file).unlock("wrong".toCharArray()))
                .isInstanceOf(WrongKeyException.class).hasMessage("wrong key");
        assertThatThrownBy(() -> KeyFile.read(file).unlock(new char[0]))
                .isInstanceOf(WrongKeyException.class).hasMessage("wrong key");
    }

    @Test
    void tamperedParametersSaltNonceOrFingerprintAreAWrongKey() throws IOException {
        Path file = dir.resolve("key.json");
        KeyFile.create(file, "pass".toCharArray(), CHEAP);
        String[][] edits = {
            {"kdf", "iterations", "2"},
            {"kdf", "salt", Base64.getEncoder().encodeToString(new byte[16])},
            {null, "nonce", Base64.getEncoder().encodeToString(new byte[12])},
            {null, "fingerprint", "00112233445566778899aabbccddeeff"},
            {null, "wrappedKey", Base64.getEncoder().encodeToString(new byte[48])},
        };
        for (String[] edit : edits) {
            ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
            ObjectNode target = edit[0] == null ? root : (ObjectNode) root.get(edit[0]);
            if (edit[1].equals("iterations")) {
                target.put(edit[1], Integer.parseInt(edit[2]));
            } else {
                target.put(edit[1], edit[2]);
            }
            KeyFile tampered = KeyFile.parse(JSON.writeValueAsBytes(root));

            assertThatThrownBy(() -> tampered.unlock("pass".toCharArray()))
                    .as("edit of %s", edit[1]).isInstanceOf(WrongKeyException.class);
        }
    }

    @Test
    void passphrasesAreComparedAfterUnicodeNormalisation() throws IOException {
        Path file = dir.resolve("key.json");
        MasterKey key = KeyFile.create(file, "caf\u00e9".toCharArray(), CHEAP);

        assertThat(KeyFile.read(file).unlock("cafe\u0301".toCharArray()).fingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void changingThePassphraseKeepsTheKey() throws IOException {
        Path file = dir.resolve("key.json");
        MasterKey key = KeyFile.create(file, "old".toCharArray(), CHEAP);

        KeyFile.changePassphrase(file, "old".toCharArray(), "new".toCharArray(), CHEAP);

        assertThat(KeyFile.read(file).unlock("new".toCharArray()).fingerprint()).isEqualTo(key.fingerprint());
        assertThatThrownBy(() -> KeyFile.read(file).unlock("old".toCharArray())).isInstanceOf(WrongKeyException.class);
        assertThatThrownBy(() -> KeyFile.changePassphrase(file, "old".toCharArray(), "x".toCharArray(), CHEAP))
                .isInstanceOf(WrongKeyException.class);
    }

    @Test
    void fileIsOwnerOnlyAndWrittenWithoutLeftovers() throws IOException {
        Path file = dir.resolve("key.json");
        KeyFile.create(file, "p".toCharArray(), CHEAP);

        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("key.json");
        }
    }

    @Test
    void createNeverReplacesAnExistingKeyFile() throws IOException {
        Path file = dir.resolve("key.json");
        MasterKey first = KeyFile.create(file, "p".toCharArray(), CHEAP);

        assertThatThrownBy(() -> KeyFile.create(file, "p".toCharArray(), CHEAP))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(KeyFile.read(file).fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void malformedFilesAreRejectedWithAReason() throws IOException {
        Path file = dir.resolve("key.json");
        Files.writeString(file, "{\"format\":\"dos-key\",\"version\":2}");
        assertThatThrownBy(() -> KeyFile.read(file)).hasMessageContaining("version");

        Files.writeString(file, "not json");
        assertThatThrownBy(() -> KeyFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a valid dos key file");

        KeyFile.seal(MasterKey.generate(), "p".toCharArray(), CHEAP).write(file, true);
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        ((ObjectNode) root.get("kdf")).put("memoryKiB", Integer.MAX_VALUE);
        assertThatThrownBy(() -> KeyFile.parse(JSON.writeValueAsBytes(root))).hasMessageContaining("memory");
    }

    @Test
    void defaultParametersAreArgon2idAt64MiB() {
        assertThat(Argon2Params.DEFAULT).isEqualTo(new Argon2Params(65536, 3, 1));
        assertThatThrownBy(() -> new Argon2Params(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Params(1024, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
