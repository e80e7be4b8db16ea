package dev.dos.app.setup;

import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.keys.PublishedKey;
import dev.dos.core.keys.PublishedKeys;
import dev.dos.core.keys.WeakPassphraseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code dos setup} and {@code dos key} say about the key published in the backup channel
 * (docs/FORMAT.md section 14), so that both say it the same way.
 */
public final class KeyOnDiscord {
    /** Said when the user opted out: what it means, and what to do instead. */
    public static final String OPTED_OUT = "The key is NOT published on Discord (--no-key-on-discord): if you lose this"
            + " machine and its key file, every batch is unreadable. Keep a recovery kit apart from this machine:"
            + " 'dos key export FILE' (add --with-master-key for a code that needs no passphrase).";

    private KeyOnDiscord() {
    }

    /** One line: the key was not published because the passphrase is too weak, and how to fix it. */
    public static String notPublishedWeak(WeakPassphraseException e) {
        return "The key was NOT published on Discord: " + e.getMessage() + ". To publish it, choose a stronger"
                + " passphrase with 'dos key passwd' (it publishes the key); until then keep a recovery kit apart from"
                + " this machine: 'dos key export FILE'.";
    }

    /**
     * Publishes {@code key} (or keeps a copy the passphrase opens) and says what happened.
     *
     * @param where the backup channel, for people: "#dos-backup"
     */
    public static List<String> publish(PublishedKeys keys, MasterKey key, char[] passphrase, Argon2Params params,
                                       String where) throws IOException, WeakPassphraseException {
        PublishedKeys.Publication done = keys.ensurePublished(key, passphrase);
        List<String> lines = new ArrayList<>();
        if (done.outcome() == PublishedKeys.Outcome.KEPT) {
            lines.add("The key " + key.fingerprint() + " is already published in " + where + " (pinned).");
        } else {
            lines.add("Published the key " + key.fingerprint() + " in " + where + " (pinned; wrapped with Argon2id, "
                    + describe(params) + "): on a new machine, 'dos setup --recover' gets it back with the passphrase.");
        }
        lines.addAll(removed(done.removed()));
        return lines;
    }

    /** "Removed 1 older copy of this key ..." or nothing. */
    public static List<String> removed(List<PublishedKey> removed) {
        if (removed.isEmpty()) {
            return List.of();
        }
        return List.of("Removed " + removed.size() + " older published cop" + (removed.size() == 1 ? "y" : "ies")
                + " of this key (wrapped under an earlier passphrase).");
    }

    /** Notes on posts a lookup ignored: never trusted, or unreadable. */
    public static List<String> ignored(PublishedKeys.Lookup lookup, String where) {
        List<String> lines = new ArrayList<>();
        if (lookup.foreign() > 0) {
            lines.add("Ignored " + lookup.foreign() + " key post" + (lookup.foreign() == 1 ? "" : "s") + " in " + where
                    + " not made by this bot (never trusted: delete " + (lookup.foreign() == 1 ? "it" : "them")
                    + ", and check who may post there).");
        }
        if (lookup.malformed() > 0) {
            lines.add("Ignored " + lookup.malformed() + " unreadable key post" + (lookup.malformed() == 1 ? "" : "s")
                    + " of this bot in " + where + ".");
        }
        return lines;
    }

    /** "256 MiB, 2 passes". */
    public static String describe(Argon2Params params) {
        int mib = params.memoryKiB() / 1024;
        return (mib > 0 ? mib + " MiB" : params.memoryKiB() + " KiB") + ", " + params.iterations() + " pass"
                + (params.iterations() == 1 ? "" : "es");
    }
}
