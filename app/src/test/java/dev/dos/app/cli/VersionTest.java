package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkFormat;
import org.junit.jupiter.api.Test;

/** {@code dos --version}: version, commit and on-wire format version, from what the build wrote. */
class VersionTest {
    @Test
    void versionNamesTheReleaseTheCommitAndTheFormat() {
        CompletionCommandTest.Run run = CompletionCommandTest.dos("--version");
        assertThat(run.code()).as(run.err()).isZero();
        var lines = run.out().lines().toList();
        assertThat(lines).hasSize(4);
        // Maven writes dev/dos/app/build.properties into the classes this test runs from
        assertThat(lines.get(0)).matches("dos \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(lines.get(1)).matches("commit ([0-9a-f]{12}(-dirty)?|unknown)");
        assertThat(lines.get(2)).startsWith("format version")
                .isEqualTo(DosRoot.Version.formatLine(BatchManifest.FORMAT_VERSION, ChunkFormat.VERSION));
        assertThat(lines.get(3)).startsWith("java " + System.getProperty("java.version"));
    }

    @Test
    void theFormatLineNamesBothVersionsOnceTheyDiffer() {
        assertThat(DosRoot.Version.formatLine(1, 1)).isEqualTo("format version 1");
        assertThat(DosRoot.Version.formatLine(1, 2)).isEqualTo("format version: manifest 1, chunk 2");
    }
}
