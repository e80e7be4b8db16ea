package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --transfers} and {@code --bwlimit} through the command line, against the sandbox. */
class TransfersCliTest {
    @TempDir
    Path home;

    private SandboxHome.Run dos(String... args) {
        return new SandboxHome(home).dos(args);
    }

    @Test
    void anUploadOverThreeLanesUnderABandwidthCapRestoresAndVerifiesWithOtherTransferCounts() throws Exception {
        Path src = Files.createDirectories(home.resolve("src"));
        byte[] random = new byte[600_000];
        new Random(4).nextBytes(random);
        Files.write(src.resolve("random.bin"), random);

        long start = System.nanoTime();
        SandboxHome.Run up = dos("upload", "--json", "--chunk-size", "20000", "--transfers", "3", "--bwlimit", "300K",
                src.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(up.code()).as(up.err()).isZero();
        String id = up.json().get("batch_id").asText();
        // 600 KB at 300 KiB/s, after a first second's worth: at least one more second
        assertThat(seconds).isGreaterThan(0.9);

        SandboxHome.Run verify = dos("verify", id, "--transfers", "2", "--json");
        assertThat(verify.code()).as(verify.err()).isZero();
        Path dest = home.resolve("restored");
        SandboxHome.Run down = dos("download", id, dest.toString(), "--transfers", "5", "--json");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(DemoCommand.sameTree(src, dest.resolve("src"))).isTrue();
    }

    @Test
    void badValuesAreUsageErrors() throws Exception {
        Path file = Files.writeString(home.resolve("f.txt"), "x");
        SandboxHome.Run zero = dos("upload", "--transfers", "0", file.toString());
        assertThat(zero.code()).isEqualTo(ExitCode.USAGE);
        assertThat(zero.err()).contains("--transfers must be 1 to 16");
        SandboxHome.Run rate = dos("upload", "--bwlimit", "fast", file.toString());
        assertThat(rate.code()).isEqualTo(ExitCode.USAGE);
        assertThat(rate.err()).contains("--bwlimit").contains("not a rate");
    }
}
