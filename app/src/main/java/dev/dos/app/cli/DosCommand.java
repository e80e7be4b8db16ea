package dev.dos.app.cli;

import picocli.CommandLine.Command;

/**
 * The whole {@code dos} command tree: the root's options ({@link DosRoot}) and every subcommand.
 * The man pages and shell completion are generated from it, and it prints {@code dos --help}.
 * A new subcommand goes here and in {@link Main#subcommand(String)} (CommandTreeTest checks both agree).
 */
@Command(name = "dos", subcommands = {
        UploadCommand.class, DownloadCommand.class, ListCommand.class, InfoCommand.class,
        VerifyCommand.class, DeleteCommand.class, ResumeCommand.class, SyncCommand.class,
        StatsCommand.class, BackupCommand.class, RestoreDbCommand.class, SetupCommand.class, KeyCommand.class,
        WebCommand.class, ServeCommand.class, DemoCommand.class, EmulatorCommand.class,
        CompletionCommand.class})
public final class DosCommand extends DosRoot {
    public DosCommand(CliContext context) {
        super(context);
    }

    /** On the real streams and environment: for tools that build the command tree from the class (the man pages). */
    public DosCommand() {
        this(CliContext.system());
    }
}
