package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dos web --transfers N --bwlimit RATE} are checked as the other commands' are, before anything is served. */
class WebTransferFlagsTest {
    @TempDir
    Path home;

    @Test
    void badTransferFlagsAreUsageErrors() throws Exception {
        SandboxHome sandbox = new SandboxHome(home).withTestingKey();
        SandboxHome.Run transfers = sandbox.dos("web", "--port", "0", "--transfers", "0");
        assertThat(transfers.code()).as(transfers.err()).isEqualTo(ExitCode.USAGE);
        assertThat(transfers.err()).contains("--transfers must be 1 to 16");
        SandboxHome.Run rate = sandbox.dos("web", "--port", "0", "--bwlimit", "fast");
        assertThat(rate.code()).as(rate.err()).isEqualTo(ExitCode.USAGE);
        assertThat(rate.err()).contains("--bwlimit: not a rate");
    }
}
