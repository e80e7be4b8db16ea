package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.MasterKeyCode;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.config.OwnerOnly;
import dev.dos.core.keys.RecoveryKit;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.Page;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.BatchCard;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import dev.dos.discord.DiscordRemote;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dos key import}: the local key file again, from a recovery kit, a key file, or a
 * master-key code (docs/FORMAT.md section 15). Everything that can be checked without a
 * passphrase is checked before one is asked for; nothing is written unless all checks pass.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Write the local key file from a recovery kit ('dos key export'), a key file, or a master-key"
                + " code (DOS1-XXXX-...), read from FILE or, with -, standard input.",
                "A master-key code is wrapped under a NEW passphrase (DOS_NEW_PASSPHRASE, or asked twice); a key file"
                        + " is opened with its passphrase (DOS_PASSPHRASE, or asked) and kept under it.",
                "The key must have made at least one of the store's batches, if it has any (the local index's, else"
                        + " the cards on Discord)."},
        footer = {"", "Exit status: 0 imported (or already there); 2 unreadable input, a typo in the code, or a key"
                + " file in the way (--force); 5 wrong passphrase, or the key is not this store's."})
final class KeyImportCommand extends KeySubcommand {
    /** A kit is a few KiB; this bounds what is read. */
    private static final int MAX_INPUT_BYTES = 1024 * 1024;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The recovery kit, key file or code; - reads standard input.")
    String source;

    @Option(names = "--force", description = "Replace an existing key file of another key (it is kept aside as key.replaced-<time>).")
    boolean force;

    @Override
    int run() throws Exception {
        RecoveryKit.Contents contents = RecoveryKit.parse(readSource());
        if (contents.isEmpty()) {
            throw new UserError(ExitCode.USAGE, source + " holds neither a dos master-key code nor a key file");
        }
        MasterKey fromCode = null;
        if (contents.code().isPresent()) {
            try {
                fromCode = MasterKeyCode.decode(contents.code().get());
            } catch (MasterKeyCode.InvalidCodeException e) {
                throw new UserError(ExitCode.USAGE, e.getMessage() + "; nothing was written");
            }
        }
        KeyFingerprint fingerprint = fromCode != null ? fromCode.fingerprint() : contents.keyFile().get().fingerprint();
        if (keyFileExists()) {
            KeyFingerprint present = KeyFile.read(keyFile()).fingerprint();
            if (present.equals(fingerprint) && !force) {
                out().println("The key file " + keyFile() + " already holds key " + fingerprint + "; nothing to do.");
                return ExitCode.OK;
            }
            if (!force) {
                throw new UserError(ExitCode.USAGE, "a key file of another key exists at " + keyFile() + " (fingerprint "
                        + present + "): add --force to replace it (it is kept aside as " + keyFile().getFileName()
                        + ".replaced-<time>); nothing was written");
            }
        }
        checkMadeTheStore(fingerprint);

        char[] passphrase = fromCode != null ? newPassphrase() : passphrase("Passphrase of the key file in the kit");
        try {
            MasterKey key;
            try {
                key = fromCode != null ? fromCode : contents.keyFile().get().unlock(passphrase);
            } catch (WrongKeyException e) {
                throw new UserError(ExitCode.AUTH, "wrong key: the passphrase (" + StoreSession.PASSPHRASE_ENV
                        + ") does not open the key file in " + source + "; nothing was written", e);
            }
            KeyFile sealed = KeyFile.seal(key, passphrase, costs().local());
            OwnerOnly.createDirectories(keyFile().getParent());
            if (keyFileExists()) {
                out().println("Moved the old key file to " + moveKeyFileAside() + ". Keep it: the data it encrypted"
                        + " needs it.");
            }
            sealed.write(keyFile(), false);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        out().println("Imported key " + fingerprint + " into " + keyFile() + " (readable by you only), from the "
                + (fromCode != null ? "master-key code, under the new passphrase" : "key file, under its passphrase")
                + ".");
        if (!discordConfigured()) {
            out().println("Next: 'dos setup' connects to Discord (it keeps this key), then 'dos sync --reset' rebuilds"
                    + " the index.");
        }
        return ExitCode.OK;
    }

    private String readSource() throws IOException {
        byte[] bytes;
        if (source.equals("-")) {
            bytes = readAtMost(context().in());
        } else {
            Path file = Path.of(source);
            if (!Files.isRegularFile(file)) {
                throw new UserError(ExitCode.NOT_FOUND, "no such file: " + source);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = readAtMost(in);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] readAtMost(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new UserError(ExitCode.USAGE, source + " is too large to be a recovery kit");
        }
        return bytes;
    }

    /**
     * Refuses a key that made none of the store's batches, when the store has any: those of the
     * local index, else (on a machine without one) the cards in the index channel.
     */
    private void checkMadeTheStore(KeyFingerprint fingerprint) throws IOException {
        Set<String> keys = localBatchKeys();
        String where = "the local index's";
        if (keys.isEmpty() && discordConfigured()) {
            keys = remoteBatchKeys();
            where = "the index channel's";
        }
        if (!keys.isEmpty() && !keys.contains(fingerprint.hex())) {
            throw new UserError(ExitCode.AUTH, "wrong key: key " + fingerprint + " made none of " + where + " batches"
                    + " (they were made with " + String.join(", ", keys) + "); nothing was written");
        }
    }

    private Set<String> localBatchKeys() {
        Set<String> keys = new TreeSet<>();
        if (!Files.exists(paths().databaseFile())) {
            return keys;
        }
        try (MetadataStore metadata = SqliteMetadataStore.open(paths().databaseFile())) {
            for (int offset = 0; ; offset += 500) {
                Page<BatchRecord> page = metadata.listBatches(BatchQuery.all().page(offset, 500));
                page.items().stream().map(BatchRecord::keyFingerprint).filter(k -> k != null).forEach(keys::add);
                if (page.items().size() < 500) {
                    return keys;
                }
            }
        }
    }

    private Set<String> remoteBatchKeys() throws RemoteException {
        Set<String> keys = new TreeSet<>();
        try (DiscordRemote remote = connect()) {
            PostPages.forEach(remote, remote.areaId(StorageRemote.Area.INDEX), null, post -> {
                if (post.ours()) {
                    BatchCard.parse(post.text()).ifPresent(card -> keys.add(card.keyFingerprint()));
                }
            });
        }
        return keys;
    }
}
