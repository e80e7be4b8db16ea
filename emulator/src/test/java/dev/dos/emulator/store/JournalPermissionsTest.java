package dev.dos.emulator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal holds the bot token and the CDN signing key, so only its owner may read it. */
class JournalPermissionsTest {
    @TempDir
    Path data;

    @Test
    void theJournalIsOwnerOnlyWhenCreatedAndAfterARestart() throws Exception {
        Path journal = data.resolve("journal.jsonl");
        try (DiscordEmulator emulator = DiscordEmulator.start(EmulatorConfig.builder().dataDir(data).build())) {
            assertThat(Files.readString(journal)).contains(emulator.token());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rw-------");
        try (DiscordEmulator ignored = DiscordEmulator.start(EmulatorConfig.builder().dataDir(data).build())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rw-------");
        }
    }
}
