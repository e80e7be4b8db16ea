package dev.dos.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;

/**
 * The fault-tolerance and security suite's ledger: each case of docs/RELIABILITY.md records one row
 * here (what was attacked, how many trials, how many held, what was seen, how to reproduce it), and
 * {@code reliability/run} renders the rows of a run into the report's table.
 *
 * <p>Cases run in the normal suite at their fast size ({@code trials(n)} returns {@code n}). The
 * {@code soak} Maven profile runs only the tests tagged {@value #TAG}, each scaled up by
 * {@code -Ddos.soak.factor=F}; {@code reliability/run --smoke} uses a small factor, as CI does.
 *
 * <p>A row is a properties file named after the case in {@code dos.reliability.dir} (set by the build to
 * {@code <module>/target/reliability}); the newest run of a case replaces its row.
 */
public final class Reliability {
    /** The JUnit/jqwik tag every reliability case carries, so the soak profile can select them. */
    public static final String TAG = "reliability";

    private Reliability() {
    }

    /** How much the soak profile scales trial counts up (1 in the normal suite). */
    public static int factor() {
        return Math.max(1, Integer.getInteger("dos.soak.factor", 1));
    }

    /** {@code fast} trials in the normal suite, {@code fast * factor()} under the soak profile. */
    public static int trials(int fast) {
        return fast * factor();
    }

    /**
     * Records one row of the report.
     *
     * @param id        a stable, unique, kebab-case name of the case ({@code crash-upload}, ...)
     * @param area      the report section: {@code faults}, {@code crash}, {@code damage}, {@code disk},
     *                  {@code hostile-chunks}, {@code hostile-archives}, {@code credentials},
     *                  {@code secrets} or {@code web}
     * @param attack    what was done, in a few words ("5% of API requests answered 500/502/503")
     * @param trials    how many attempts were made
     * @param held      how many of them ended as they must (completed byte-identical, or refused
     *                  cleanly); the test fails unless this equals {@code trials}, so a recorded row
     *                  with {@code held < trials} only appears when a soak run finds a failure
     * @param outcome   the figures seen, in one line ("40/40 uploads completed, 40/40 restores
     *                  byte-identical, peak 12 invalid requests per 10 min")
     * @param reproduce the command that reproduces the case
     */
    public static void record(String id, String area, String attack, int trials, int held, String outcome,
                              String reproduce) {
        Objects.requireNonNull(id, "id");
        if (held > trials || trials < 1) {
            throw new IllegalArgumentException("held " + held + " of " + trials + " trials");
        }
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("case id must be kebab-case: " + id);
        }
        Properties row = new Properties();
        row.setProperty("id", id);
        row.setProperty("area", area);
        row.setProperty("attack", attack);
        row.setProperty("trials", Integer.toString(trials));
        row.setProperty("held", Integer.toString(held));
        row.setProperty("outcome", outcome);
        row.setProperty("reproduce", reproduce);
        row.setProperty("factor", Integer.toString(factor()));
        row.setProperty("recorded", Instant.now().toString());
        Path dir = Path.of(System.getProperty("dos.reliability.dir", "target/reliability"));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, id, ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                row.store(out, "a row of docs/RELIABILITY.md");
            }
            Files.move(tmp, dir.resolve(id + ".properties"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record reliability case " + id + " in " + dir, e);
        }
    }

    /** The Maven command that reruns one test class (or {@code Class#method}) of a module. */
    public static String mvnTest(String module, String test) {
        return "./mvnw -B -pl " + module + " -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + test + "' verify";
    }
}
