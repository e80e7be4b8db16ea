package dev.dos.app.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch of the outside world: standard streams and the environment.
 * Passed in (not read from {@link System}) so tests can run commands in-process, isolated.
 */
public record CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
    public CliContext {
        Objects.requireNonNull(out);
        Objects.requireNonNull(err);
        Objects.requireNonNull(in);
        env = Map.copyOf(env);
    }

    public static CliContext system() {
        return new CliContext(System.out, System.err, System.in, System.getenv());
    }
}
