package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discord must see only ciphertext: after uploading a tree with distinctive names and contents,
 * nothing the emulator stored (its journal of messages, threads and cards, and every attachment
 * file) contains any of those names or contents, in UTF-8 or UTF-16.
 */
class ZeroKnowledgeTest {
    @TempDir
    Path home;

    @Test
    void noFileNameFolderNameOrContentReachesTheRemoteInClear() throws IOException {
        Path src = home.resolve("SecretProjectFolder");
        Files.createDirectories(src.resolve("ConfidentialSubdir"));
        Files.writeString(src.resolve("ConfidentialSubdir/passwords-qx7.txt"),
                "TOPSECRETCONTENT-alpha\n".repeat(200), StandardCharsets.UTF_8);
        Files.writeString(src.resolve("na\u00efve-r\u00e9sum\u00e9.md"), "UNIQUEMARKER-omega-42\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("incompressible-name.bin"), "RAWMARKER-zz9", StandardCharsets.UTF_8);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                new ByteArrayInputStream(new byte[0]), Map.of("HOME", home.toString(), "DOS_PASSPHRASE", "pw"));
        // codec none: even stored uncompressed, the content must not show through.
        int code = Main.run(context, "--sandbox", "upload", "--codec", "none", "-q", src.toString());
        assertThat(code).as(err.toString()).isZero();

        Path remoteData = home.resolve(".local/share/dos/sandbox/emulator");
        List<Path> stored;
        try (Stream<Path> walk = Files.walk(remoteData)) {
            stored = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(stored).as("the emulator stored attachments and a journal").hasSizeGreaterThan(1);

        List<String> secrets = List.of("SecretProjectFolder", "ConfidentialSubdir", "passwords-qx7", "TOPSECRETCONTENT",
                "na\u00efve-r\u00e9sum\u00e9", "UNIQUEMARKER-omega", "incompressible-name", "RAWMARKER-zz9");
        List<String> leaks = new ArrayList<>();
        for (Path file : stored) {
            byte[] bytes = Files.readAllBytes(file);
            String utf8 = new String(bytes, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                for (byte[] needle : List.of(secret.getBytes(StandardCharsets.UTF_8),
                        secret.getBytes(StandardCharsets.UTF_16LE), secret.getBytes(StandardCharsets.UTF_16BE))) {
                    if (utf8.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                        leaks.add(secret + " in " + remoteData.relativize(file));
                    }
                }
            }
            assertThat(file.getFileName().toString()).doesNotContain("Secret", "passwords", "Confidential");
        }
        assertThat(leaks).isEmpty();
    }
}
