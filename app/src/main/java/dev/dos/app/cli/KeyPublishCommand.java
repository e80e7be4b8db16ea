package dev.dos.app.cli;

import dev.dos.app.setup.KeyOnDiscord;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.keys.WeakPassphraseException;
import dev.dos.discord.DiscordRemote;
import java.util.Arrays;
import picocli.CommandLine.Command;

/** {@code dos key publish}: what {@code dos setup} does for new stores, for a store set up before. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish the key, wrapped under its passphrase with strong Argon2id parameters, pinned in the"
                + " backup channel, so that 'dos setup --recover' can bring the store back on a new machine.",
                "The passphrase (DOS_PASSPHRASE, or asked) must have at least 12 characters and not be easy to guess."
                        + " A copy already published under this passphrase is kept."},
        footer = {"", "Exit status: 0 published (or already); 2 the passphrase is too weak to publish under;"
                + " 5 wrong passphrase, or Discord refused."})
final class KeyPublishCommand extends KeySubcommand {
    @Override
    int run() throws Exception {
        MasterKey key;
        char[] passphrase = null;
        try (DiscordRemote remote = connect()) {
            var sealed = readKeyFile();
            passphrase = passphrase("Passphrase of the key");
            key = sealed.unlock(passphrase);
            KeyOnDiscord.publish(published(remote), key, passphrase, costs().published(), backupChannel())
                    .forEach(out()::println);
            return ExitCode.OK;
        } catch (WeakPassphraseException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage() + "; nothing was published: choose a stronger"
                    + " passphrase with 'dos key passwd' (it publishes the key)");
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }
}
