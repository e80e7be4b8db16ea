package dev.dos.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dos.app.store.StoreSession;
import dev.dos.core.config.DosPaths;
import java.io.Console;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the commands that work on an opened store: opens it, runs, closes it. */
abstract class StoreCommand implements Callable<Integer> {
    /**
     * Jackson's mapper, built on first use: only {@code --json} needs it, and building it loads some
     * 400 classes the start-up cache does not hold (0.3 s of a {@code list} that prints a table).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    @Spec
    CommandSpec spec;

    /** The root command with the global options (set when the command runs; it may sit under a group). */
    DosRoot root;

    @Override
    public final Integer call() throws Exception {
        root = (DosRoot) spec.root().userObject();
        DosPaths paths = DosPaths.resolve(root.context.env(), root.configDir, root.dataDir);
        try (StoreSession session = readsIndexOnly()
                ? StoreSession.openIndex(paths, root.context.env(), root.sandbox, root.context.err()::println)
                : StoreSession.open(paths, root.context.env(), root.sandbox, this::askPassphrase,
                        root.context.err()::println)) {
            return run(session);
        }
    }

    /**
     * True for commands that read nothing but the local index: they get a session from
     * {@link StoreSession#openIndex} (no passphrase, no key unlock, no Discord) and use only
     * {@link StoreSession#metadata()}. A command that needs the key or the remote, even for one
     * line of its output, must leave this false: the full open also refuses a wrong key.
     */
    boolean readsIndexOnly() {
        return false;
    }

    abstract int run(StoreSession session) throws Exception;

    private char[] askPassphrase() {
        Console console = System.console();
        if (console == null) {
            throw new UserError(ExitCode.AUTH, "no passphrase: set " + StoreSession.PASSPHRASE_ENV
                    + " or run dos in a terminal");
        }
        char[] pass = console.readPassword("Passphrase for the dos key: ");
        if (pass == null) {
            throw new UserError(ExitCode.AUTH, "no passphrase given");
        }
        return pass;
    }

    void printJson(Object value) throws IOException {
        root.context.out().println(Json.MAPPER.writeValueAsString(value));
    }

    java.io.PrintStream out() {
        return root.context.out();
    }

    java.io.PrintStream err() {
        return root.context.err();
    }

    ProgressBars progress(boolean quiet) {
        return new ProgressBars(root.context.err(), !quiet, root.context.stderrIsTerminal());
    }
}
