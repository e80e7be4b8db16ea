package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.testing.Reliability;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.model.Permission;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's circuit breaker against Discord's invalid-request ban, through the CLI: the bot
 * token is revoked, or the permission to attach files removed, while an upload is running. The
 * upload must stop after very few 401/403 answers with one clear line and exit code 5, and
 * leave a batch that {@code dos resume} finishes, byte-identical, once the token (a new one, as
 * Discord issues on reset) or the permission is back.
 */
@Tag(Reliability.TAG)
class CircuitBreakerTest {
    private static final Pattern RESUME = Pattern.compile("resume with: dos resume ([0-9a-f]{32})");
    /** At most this many 401/403 answers per stopped upload (one per transfer in flight, and a few). */
    private static final int FEW = 10;

    @TempDir
    Path tmp;

    @Test
    void revokedTokenOrRemovedPermissionMidUploadStopsCleanlyAndResumeFinishes() throws Exception {
        int trials = Reliability.trials(4);
        int held = 0;
        int maxInvalid = 0;
        int totalInvalid = 0;
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (EmulatedDiscord discord = new EmulatedDiscord(tmp.resolve("home"))) {
            FaultTrials setup = new FaultTrials(discord, tmp);
            setup.setUp();
            var admin = discord.emulator.admin();
            String token = discord.token();
            String storage = discord.channel("storage");
            for (int i = 0; i < trials; i++) {
                boolean revoke = i % 2 == 0;
                int transfers = i % 4 < 2 ? 1 : 3;
                long seed = FaultTrials.seed(200, i);
                String tag = (revoke ? "revoked token" : "removed ATTACH_FILES") + ", " + transfers + " transfers, seed "
                        + seed + ": ";
                Path src = FaultTrials.tree(tmp.resolve("t" + i).resolve("src"), seed, 14_000);
                Files.write(src.resolve("big.bin"), SandboxHome.random(40_000, seed)); // about 20 chunks: several posts
                Map<String, String> expected = SandboxHome.describe(src);
                Map<String, String> env = Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE, "DOS_TOKEN", token);

                // The first chunk post's answer is held until the refusal is in place: it lands mid-upload.
                HeldAnswers.Gate first = discord.answers.hold(0, HeldAnswers.postsOutside(storage,
                        discord.channel("index"), discord.channel("backup")));
                admin.clearRequests();
                EmulatedDiscord.Run[] result = new EmulatedDiscord.Run[1];
                Thread cli = Thread.ofPlatform().start(() -> result[0] = discord.dos(env, new ByteArrayInputStream(
                        new byte[0]), "upload", "--json", "--chunk-size", "2048", "--transfers",
                        Integer.toString(transfers), src.toString()));
                boolean midway = first.awaitHeld(Duration.ofMinutes(1));
                int before = admin.requests().size();
                if (revoke) {
                    admin.revokeToken();
                } else {
                    admin.setChannelPermissions(storage, Permission.ALL & ~Permission.ATTACH_FILES);
                }
                first.open();
                cli.join();
                EmulatedDiscord.Run up = result[0];
                List<RequestRecord> after = admin.requests().subList(before, admin.requests().size());
                int invalid = (int) after.stream().filter(r -> r.status() == 401 || r.status() == 403).count();
                maxInvalid = Math.max(maxInvalid, invalid);
                totalInvalid += invalid;
                seen.add(invalid + "");

                boolean ok = midway;
                if (!midway) {
                    problems.add(tag + "the upload finished no chunk post within a minute");
                }
                List<String> lines = up.err().strip().lines().toList();
                Matcher resume = RESUME.matcher(up.err());
                if (up.code() != ExitCode.AUTH || lines.size() != 1 || !lines.get(0).startsWith("dos: ")
                        || up.err().contains("Exception") || !resume.find()) {
                    problems.add(tag + "expected exit 5 and one line naming the resume command, got exit " + up.code()
                            + ": " + up.err());
                    ok = false;
                }
                if (up.all().contains(token)) {
                    problems.add(tag + "the token was printed");
                    ok = false;
                }
                if (invalid > FEW) {
                    problems.add(tag + invalid + " invalid requests before stopping");
                    ok = false;
                }

                // put things right, then resume and restore
                admin.setFaults(FaultConfig.none());
                if (revoke) {
                    token = admin.rotateToken();
                } else {
                    admin.setChannelPermissions(storage, Permission.ALL);
                }
                Map<String, String> fixed = Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE, "DOS_TOKEN", token);
                if (ok) {
                    String id = resume.group(1);
                    EmulatedDiscord.Run resumed = discord.dos(fixed, new ByteArrayInputStream(new byte[0]), "resume", id,
                            "--json");
                    Path dest = tmp.resolve("t" + i).resolve("restored");
                    EmulatedDiscord.Run down = discord.dos(fixed, new ByteArrayInputStream(new byte[0]), "download", id,
                            dest.toString(), "--json");
                    if (resumed.code() != 0 || down.code() != 0
                            || !expected.equals(SandboxHome.describe(dest.resolve("src")))) {
                        problems.add(tag + "resume (exit " + resumed.code() + ": " + resumed.err().strip()
                                + ") or download (exit " + down.code() + ": " + down.err().strip()
                                + ") did not restore the source");
                        ok = false;
                    }
                }
                held += ok ? 1 : 0;
            }
        }
        String outcome = held + "/" + trials + " uploads stopped with exit 5 and one line, then resumed"
                + " byte-identical; 401/403 answers per stopped upload: " + String.join(", ", seen) + " (max "
                + maxInvalid + ", total " + totalInvalid + "); base seed " + FaultTrials.BASE_SEED;
        Reliability.record("faults-circuit-breaker", "faults", "bot token revoked, or ATTACH_FILES removed, mid-upload"
                + " (1 or 3 transfers)", trials, held, outcome, Reliability.mvnTest("app", "CircuitBreakerTest"));
        assertThat(problems).as(outcome).isEmpty();
        assertThat(held).as(outcome).isEqualTo(trials);
    }
}
