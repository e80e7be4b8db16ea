package dev.dos.app.cli;

import dev.dos.core.config.ConfigException;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.keys.NoPublishedKeyException;
import dev.dos.core.keys.WeakPassphraseException;
import dev.dos.core.io.NoSpace;
import dev.dos.core.ops.BatchBusyException;
import dev.dos.core.ops.BatchNotFoundException;
import dev.dos.core.ops.NotResumableException;
import dev.dos.core.ops.SourceChangedException;
import dev.dos.core.pack.UnsafePathException;
import dev.dos.core.remote.RemoteException;
import dev.dos.emulator.DataDirectoryInUseException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns any failure into one clear line on stderr and an {@link ExitCode}. With {@code --debug}
 * the stack trace follows. Messages come from typed exceptions that never carry secrets.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** What to do about a refused token, after Discord's refusal (never the token itself). */
    static final String TOKEN_HINT = "; the bot token is wrong or was reset: run 'dos setup' with the bot's current"
            + " token (or fix DOS_TOKEN)";
    /** What to do about a refused permission or a channel the bot cannot see. */
    static final String PERMISSION_HINT = "; give the bot that permission in the channel's settings, then run"
            + " 'dos setup' to check them all";

    /** What to do when Discord says a channel is gone (code 10003): the configured channels may have been deleted. */
    static final String CHANNEL_HINT = "; the channel or thread is gone from Discord: if the storage, index or backup"
            + " channel was deleted, run 'dos setup' to choose or create channels";

    /** What to do when the local disk is full. */
    static final String NO_SPACE_HINT = "; free some space and run the same command again";

    private final PrintStream err;

    ErrorReporter(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        err.println("dos: " + ex.getMessage());
        CommandLine cl = ex.getCommandLine();
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Failure failure = classify(ex);
        err.println("dos: " + failure.message());
        if (debugRequested(commandLine)) {
            ex.printStackTrace(err);
        } else if (failure.code() == ExitCode.FAILURE) {
            err.println("(run again with --debug for details)");
        }
        return failure.code();
    }

    record Failure(int code, String message) {
    }

    static Failure classify(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            Failure known = known(t);
            if (known != null) {
                return known;
            }
        }
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return new Failure(ExitCode.FAILURE, msg);
    }

    private static Failure known(Throwable t) {
        if (t instanceof UserError u) {
            return new Failure(u.exitCode(), u.getMessage());
        }
        return switch (t) {
            case WrongKeyException e -> new Failure(ExitCode.AUTH, "wrong key (the passphrase or key file does not match"
                    + " this store): check DOS_PASSPHRASE and that the key file (DOS_KEY_FILE, else <config-dir>/key) is"
                    + " the one this store was set up with");
            case WeakPassphraseException e -> new Failure(ExitCode.USAGE, e.getMessage());
            case NoPublishedKeyException e -> new Failure(ExitCode.NOT_FOUND, e.getMessage());
            case IntegrityException e -> new Failure(ExitCode.INTEGRITY, e.getMessage());
            case UnsafePathException e -> new Failure(ExitCode.INTEGRITY, "refused: " + e.getMessage());
            case BatchNotFoundException e -> new Failure(ExitCode.NOT_FOUND, e.getMessage());
            case DataDirectoryInUseException e -> new Failure(ExitCode.CONFLICT, "the sandbox is in use by another dos"
                    + " process (its emulator runs inside that process; one sandbox command at a time)");
            case SourceChangedException e -> new Failure(ExitCode.CONFLICT, e.getMessage());
            case NotResumableException e -> new Failure(ExitCode.CONFLICT, e.getMessage());
            case BatchBusyException e -> new Failure(ExitCode.CONFLICT, e.getMessage());
            case ConfigException e -> new Failure(ExitCode.USAGE, e.getMessage());
            case RemoteException.Unauthorized e -> new Failure(ExitCode.AUTH, e.getMessage() + TOKEN_HINT);
            case RemoteException.Forbidden e -> new Failure(ExitCode.AUTH, e.getMessage() + PERMISSION_HINT);
            case RemoteException.NotFound e -> new Failure(ExitCode.NOT_FOUND, e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("Unknown Channel") ? CHANNEL_HINT : ""));
            case RemoteException e -> new Failure(ExitCode.FAILURE, e.getMessage());
            case NoSuchFileException e -> new Failure(ExitCode.NOT_FOUND, "no such file or directory: " + e.getFile());
            case AccessDeniedException e -> new Failure(ExitCode.FAILURE, "permission denied: " + e.getFile());
            case FileSystemException e when NoSpace.isCause(e) -> new Failure(ExitCode.FAILURE,
                    "disk full: no space left on device for " + e.getFile() + NO_SPACE_HINT);
            case IOException e when NoSpace.isCause(e) -> new Failure(ExitCode.FAILURE,
                    "disk full: no space left on device" + NO_SPACE_HINT);
            case InterruptedException e -> new Failure(ExitCode.INTERRUPTED, "interrupted");
            default -> null;
        };
    }

    private static boolean debugRequested(CommandLine commandLine) {
        CommandLine.ParseResult pr = commandLine.getCommandSpec().root().commandLine().getParseResult();
        for (; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
