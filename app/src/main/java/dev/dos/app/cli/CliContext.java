package dev.dos.app.cli;

import dev.dos.core.crypto.KeyCosts;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch of the outside world: standard streams and the environment.
 * Passed in (not read from {@link System}) so tests can run commands in-process, isolated.
 *
 * @param keyCosts the Argon2id parameters new key files and published keys are wrapped with:
 *                 {@link KeyCosts#PRODUCTION} but in tests, which make them cheap
 */
public record CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env,
                         KeyCosts keyCosts) {
    public CliContext {
        Objects.requireNonNull(out);
        Objects.requireNonNull(err);
        Objects.requireNonNull(in);
        Objects.requireNonNull(keyCosts);
        env = Map.copyOf(env);
    }

    public CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        this(out, err, in, env, KeyCosts.PRODUCTION);
    }

    public static CliContext system() {
        return new CliContext(System.out, System.err, System.in, System.getenv());
    }

    /** The variable the launchers set to {@code 1} when standard error is a terminal ({@code [ -t 2 ]}). */
    static final String STDERR_TTY = "DOS_STDERR_TTY";

    /**
     * Whether standard error is a terminal, where progress bars may redraw a line; elsewhere (a log
     * file, CI, a service) one line per phase is printed instead. The launchers know it exactly
     * ({@link #STDERR_TTY}); run without them, a console on both standard streams stands for it.
     */
    public boolean stderrIsTerminal() {
        String told = env.get(STDERR_TTY);
        if (told != null) {
            return told.equals("1");
        }
        return err == System.err && System.console() != null;
    }
}
