package dev.dos.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dos serve ...}: the store behind a standard protocol. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the store through a standard protocol (see docs/S3.md).",
        subcommands = {ServeS3Command.class})
final class ServeCommand implements Runnable {
    @ParentCommand
    DosRoot root;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(root.context.out());
    }
}
