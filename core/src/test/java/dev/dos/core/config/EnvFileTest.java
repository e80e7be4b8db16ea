package dev.dos.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheDotenvDialect() throws Exception {
        Path file = tmp.resolve(".env");
        Files.writeString(file, """
                # a comment

                DISCORD_TOKEN=abc.def-ghi
                export GUILD_ID = 123   # trailing comment
                SINGLE='literal # not a comment \\n'
                DOUBLE="line\\nnext \\"quoted\\" # kept"
                HASH=a#b
                EMPTY=
                DUP=first
                DUP=second
                """);
        assertThat(EnvFile.read(file)).containsExactly(
                entry("DISCORD_TOKEN", "abc.def-ghi"),
                entry("GUILD_ID", "123"),
                entry("SINGLE", "literal # not a comment \\n"),
                entry("DOUBLE", "line\nnext \"quoted\" # kept"),
                entry("HASH", "a#b"),
                entry("EMPTY", ""),
                entry("DUP", "second"));
    }

    @Test
    void aMissingFileReadsAsEmpty() {
        assertThat(EnvFile.read(tmp.resolve("nope"))).isEmpty();
    }

    @Test
    void malformedLinesNameTheFileAndLine() throws Exception {
        Path file = tmp.resolve("bad.env");
        Files.writeString(file, "OK=1\nthis line has no equals sign\n");
        assertThatThrownBy(() -> EnvFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":2");
        Files.writeString(file, "A=\"unterminated\n");
        assertThatThrownBy(() -> EnvFile.read(file)).hasMessageContaining("unterminated");
        Files.writeString(file, "A='x' trailing\n");
        assertThatThrownBy(() -> EnvFile.read(file)).hasMessageContaining("after the closing quote");
    }

    @Test
    void whatIsWrittenReadsBackExactly() {
        Path file = tmp.resolve("config.properties");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("PLAIN", "abc.DEF_1-2:3/4@5+6=7");
        values.put("SPACES", "a b  c");
        values.put("HASH", "x #y");
        values.put("QUOTES", "say \"hi\" and 'bye' \\ done");
        values.put("NEWLINE", "one\ntwo\tthree");
        values.put("EMPTY", "");
        EnvFile.write(file, "header line 1\nheader line 2", values);
        assertThat(EnvFile.read(file)).containsExactlyEntriesOf(values);
    }

    @Test
    void writtenFilesAreOwnerOnlyEvenWhenReplacingALooserOne() throws Exception {
        Path file = tmp.resolve("cfg/config.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "OLD=1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        EnvFile.write(file, null, Map.of("NEW", "2"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(EnvFile.read(file)).containsExactly(entry("NEW", "2"));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws Exception {
        Path file = tmp.resolve("new/dir/config.properties");
        EnvFile.write(file, null, Map.of("A", "1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }
}
