package dev.dos.app.cli;

import dev.dos.app.setup.KeyOnDiscord;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.keys.PassphraseRule;
import dev.dos.core.keys.PublishedKey;
import dev.dos.core.keys.PublishedKeys;
import dev.dos.core.keys.WeakPassphraseException;
import dev.dos.discord.DiscordRemote;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dos key passwd}: the same key under a new passphrase, locally and on Discord. The new
 * published copy is posted, pinned and read back before the local file is rewritten, and the old
 * copies are removed only after both: at every moment some copy opens with a passphrase the user
 * knows.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Change the key's passphrase: the old one from DOS_PASSPHRASE (or asked), the new one from"
                + " DOS_NEW_PASSPHRASE (or asked twice). The key itself stays (its fingerprint too): every batch stays"
                + " readable.",
                "The key is published again under the new passphrase (which must then pass the strength check),"
                        + " and the old published copy removed once the new one is confirmed."},
        footer = {"", "Exit status: 0 changed; 2 the new passphrase is too short or too weak to publish under"
                + " (nothing changed); 5 wrong passphrase, or Discord refused."})
final class KeyPasswdCommand extends KeySubcommand {
    @Option(names = "--no-key-on-discord",
            description = "Change the passphrase of the local key file only, and remove the key's published copies"
                    + " from Discord (then keep a recovery kit: 'dos key export').")
    boolean noKeyOnDiscord;

    @Override
    int run() throws Exception {
        KeyFile sealed = readKeyFile();
        char[] old = passphrase("Current passphrase");
        char[] fresh = null;
        try {
            MasterKey key = sealed.unlock(old);
            fresh = newPassphrase();
            if (!noKeyOnDiscord) {
                checkPublishable(fresh);
            }
            if (!discordConfigured()) {
                if (!noKeyOnDiscord) {
                    connect(); // says that dos is not connected to Discord here
                }
                rewrite(key, fresh);
                return ExitCode.OK;
            }
            try (DiscordRemote remote = connect()) {
                PublishedKeys published = published(remote);
                List<PublishedKey> older = published.find().of(key.fingerprint());
                if (noKeyOnDiscord) {
                    rewrite(key, fresh);
                    KeyOnDiscord.removed(published.remove(older)).forEach(out()::println);
                    out().println(KeyOnDiscord.OPTED_OUT);
                    return ExitCode.OK;
                }
                published.publishNew(key, fresh);
                out().println("Published key " + key.fingerprint() + " under the new passphrase in " + backupChannel()
                        + " (pinned, read back and checked).");
                rewrite(key, fresh);
                KeyOnDiscord.removed(published.remove(older)).forEach(out()::println);
                return ExitCode.OK;
            }
        } catch (WeakPassphraseException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage() + "; nothing was changed");
        } finally {
            Arrays.fill(old, '\0');
            if (fresh != null) {
                Arrays.fill(fresh, '\0');
            }
        }
    }

    private void checkPublishable(char[] fresh) {
        try {
            PassphraseRule.check(fresh);
        } catch (WeakPassphraseException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage() + "; nothing was changed (to change it anyway, for this"
                    + " machine only, add --no-key-on-discord: the published copy is then removed)");
        }
    }

    private void rewrite(MasterKey key, char[] fresh) throws java.io.IOException {
        KeyFile.seal(key, fresh, costs().local()).write(keyFile(), true);
        out().println("Changed the passphrase of key " + key.fingerprint() + " in " + keyFile() + " (the same key:"
                + " every batch stays readable).");
    }
}
