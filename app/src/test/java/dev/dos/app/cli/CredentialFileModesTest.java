package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.app.web.AccessToken;
import dev.dos.core.config.DosPaths;
import dev.dos.core.testing.Reliability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key, config and access-token files that others can read (or write) get one warning line on
 * stderr each time dos reads them, as ssh warns about private keys; owner-only files get none.
 */
@Tag(Reliability.TAG)
class CredentialFileModesTest {
    /** Modes, and whether each must be warned about. */
    private static final Map<String, Boolean> MODES = Map.of("rw-r--r--", true, "rw-r-----", true, "rw----r--", true,
            "rw--w----", true, "rw-rw-rw-", true, "rw-------", false, "r--------", false);

    @TempDir
    Path home;
    @TempDir
    Path sandboxHome;

    @Test
    void filesOthersCanReadGetOneWarningLineEachTimeTheyAreRead() throws Exception {
        int trials = 0;
        int held = 0;
        List<String> failures = new ArrayList<>();
        try (EmulatedDiscord discord = EmulatedDiscord.withStore(home)) {
            Path config = discord.configDir().resolve(DosPaths.CONFIG_FILE_NAME);
            Path env = Files.writeString(discord.configDir().resolve(DosPaths.ORIGINAL_ENV_FILE_NAME), "# nothing here\n");
            Path key = discord.configDir().resolve(DosPaths.KEY_FILE_NAME);
            AccessToken.loadOrCreate(discord.configDir(), line -> { }); // creates it, as 'dos web' does
            Path token = discord.configDir().resolve(AccessToken.FILE_NAME);
            for (Map.Entry<String, Boolean> mode : MODES.entrySet()) {
                for (Path file : List.of(config, env, key, token)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode.getKey()));
                }
                EmulatedDiscord.Run run = discord.dos("stats");
                assertThat(run.code()).as(run.all()).isZero();
                List<String> tokenWarnings = new ArrayList<>();
                AccessToken.loadOrCreate(discord.configDir(), tokenWarnings::add);
                for (Path file : List.of(config, env, key, token)) {
                    List<String> lines = file == token ? tokenWarnings : run.err().lines().toList();
                    List<String> about = lines.stream().filter(l -> l.contains(file + " ")).toList();
                    trials++;
                    String octal = octal(mode.getKey());
                    String expected = "warning: " + file + " is " + (mode.getKey().matches("...r.....|......r..")
                            ? "readable" : "writable") + " by others (mode " + octal + "); run chmod 600 " + file;
                    boolean ok = mode.getValue() ? about.equals(List.of(expected)) : about.isEmpty();
                    if (ok) {
                        held++;
                    } else {
                        failures.add(file.getFileName() + " " + octal + ": " + about);
                    }
                }
            }
        }
        // The sandbox's own key (and generated passphrase) are read the same way.
        SandboxHome sandbox = new SandboxHome(sandboxHome).withTestingKey();
        Path sandboxKey = sandbox.dataDir().resolve(DosPaths.KEY_FILE_NAME);
        for (Map.Entry<String, Boolean> mode : MODES.entrySet()) {
            Files.setPosixFilePermissions(sandboxKey, PosixFilePermissions.fromString(mode.getKey()));
            SandboxHome.Run run = sandbox.dos("stats");
            assertThat(run.code()).as(run.err()).isZero();
            long warnings = run.err().lines().filter(l -> l.startsWith("warning: " + sandboxKey + " is ")).count();
            trials++;
            if (warnings == (mode.getValue() ? 1 : 0)) {
                held++;
            } else {
                failures.add("sandbox key " + octal(mode.getKey()) + ": " + run.err());
            }
        }
        String outcome = held + "/" + trials + " reads warned exactly when group or others could read or write the"
                + " file (one line naming it, its mode and the chmod to run), and not otherwise";
        Reliability.record("credentials-file-modes-warning", "credentials", "config.properties, .env, the key file, the"
                + " web-token and the sandbox's key at modes 0644, 0640, 0604, 0620, 0666, 0600 and 0400", trials, held,
                outcome, Reliability.mvnTest("app", "CredentialFileModesTest"));
        System.out.println("credentials-file-modes-warning: " + outcome);
        assertThat(failures).isEmpty();
    }

    private static String octal(String mode) {
        int bits = 0;
        for (int i = 0; i < 9; i++) {
            bits = bits << 1 | (mode.charAt(i) == '-' ? 0 : 1);
        }
        return String.format("%04o", bits);
    }
}
