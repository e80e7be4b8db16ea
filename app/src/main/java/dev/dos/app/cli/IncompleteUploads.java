package dev.dos.app.cli;

import dev.dos.core.ops.IncompleteUploadException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What the CLI says when an upload or resume stops before its batch is complete: the exact
 * command that continues it, including the global options this run was given (--sandbox,
 * --data-dir, --config-dir), so it can be pasted as is.
 */
final class IncompleteUploads {
    private IncompleteUploads() {
    }

    /** {@code dos resume <id>} plus the global options of this run. */
    static String resumeCommand(DosRoot root, String batchId) {
        StringBuilder command = new StringBuilder("dos resume ").append(batchId);
        if (root.sandbox) {
            command.append(" --sandbox");
        }
        if (root.dataDir != null) {
            command.append(" --data-dir ").append(shellQuoted(root.dataDir));
        }
        if (root.configDir != null) {
            command.append(" --config-dir ").append(shellQuoted(root.configDir));
        }
        return command.toString();
    }

    /**
     * Reports {@code stop} on {@code err}: an interruption returns {@link ExitCode#INTERRUPTED}; an
     * error becomes a {@link UserError} with the exit code of its cause and the resume command.
     */
    static int report(DosRoot root, PrintStream err, IncompleteUploadException stop) {
        String resume = resumeCommand(root, stop.batchId());
        if (stop.interrupted()) {
            err.println("upload interrupted; resume with: " + resume);
            err.flush();
            // Handled: the interrupt has become exit code 130. Clearing it lets the store close
            // cleanly (the sandbox's emulator refuses to stop on an interrupted thread).
            Thread.interrupted();
            return ExitCode.INTERRUPTED;
        }
        ErrorReporter.Failure cause = ErrorReporter.classify(stop.getCause());
        throw new UserError(cause.code(), cause.message() + "; the batch is incomplete, resume with: " + resume, stop);
    }

    private static String shellQuoted(Path path) {
        String text = path.toString();
        return text.matches("[A-Za-z0-9_@%+=:,./-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
