package dev.dos.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dos key ...}: the store's key beyond this machine (docs/FORMAT.md sections 14 and 15). */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = {"The store's key: publish it on Discord, change its passphrase, or write and read a"
                + " recovery kit.",
                "A lost machine's store comes back with 'dos setup --recover' (from the published key) or with"
                        + " 'dos key import KIT' (from a recovery kit)."},
        subcommands = {KeyPublishCommand.class, KeyPasswdCommand.class, KeyExportCommand.class,
                KeyImportCommand.class})
final class KeyCommand implements Runnable {
    @ParentCommand
    DosRoot root;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(root.context.out());
    }
}
