package dev.dos.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code dos} command: global options and the list of subcommands. */
@Command(name = "dos", mixinStandardHelpOptions = true, versionProvider = DosCommand.Version.class,
        description = "Discord Object Store: encrypted, chunked, compressed archives on a Discord server.",
        subcommands = {EmulatorCommand.class})
public final class DosCommand implements Runnable {
    final CliContext context;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

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
