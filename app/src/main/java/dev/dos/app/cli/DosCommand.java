package dev.dos.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code dos} command: global options and the list of subcommands. */
@Command(name = "dos", mixinStandardHelpOptions = true, versionProvider = DosCommand.Version.class,
        description = "Discord Object Store: encrypted, chunked, compressed archives on a Discord server.",
        subcommands = {
                UploadCommand.class, DownloadCommand.class, ListCommand.class, InfoCommand.class,
                VerifyCommand.class, DeleteCommand.class, ResumeCommand.class, SyncCommand.class,
                StatsCommand.class, BackupCommand.class, RestoreDbCommand.class, SetupCommand.class, KeyCommand.class,
                WebCommand.class, ServeCommand.class, DemoCommand.class, EmulatorCommand.class})
public final class DosCommand implements Runnable {
    final CliContext context;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

    @Option(names = "--sandbox", scope = ScopeType.INHERIT,
            description = "Use the embedded Discord emulator (data under <data-dir>/sandbox); no token needed.")
    boolean sandbox;

    @Option(names = "--config-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Configuration directory (default: $DOS_CONFIG_DIR, $XDG_CONFIG_HOME/dos or ~/.config/dos).")
    java.nio.file.Path configDir;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data directory (default: $DOS_DATA_DIR, $XDG_DATA_HOME/dos or ~/.local/share/dos).")
    java.nio.file.Path dataDir;

    public DosCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(context.out());
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DosCommand.class.getPackage().getImplementationVersion();
            return new String[] {"dos " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
