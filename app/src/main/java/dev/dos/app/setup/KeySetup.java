package dev.dos.app.setup;

import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.keys.PublishedKey;
import dev.dos.core.keys.PublishedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The store's master key: kept if one exists (setup then only checks that the passphrase opens
 * it), created otherwise, or (with {@code --recover}) taken from the copy published on Discord.
 * Replacing an existing key needs {@code --force}, is announced before anything else happens, and
 * even then the old key file is moved aside, never deleted: every batch and backup made with it
 * needs it.
 */
final class KeySetup {
    static final int MIN_PASSPHRASE_CHARS = 8;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path keyFile;
    private final boolean force;
    private final String passphraseEnv;
    private final Map<String, String> env;
    private final Prompter prompt;
    private final Argon2Params kdf;

    /** The key setup configures, with the passphrase that opens it; {@link #close()} wipes the passphrase. */
    record Unlocked(MasterKey key, char[] passphrase) implements AutoCloseable {
        @Override
        public void close() {
            Arrays.fill(passphrase, '\0');
        }
    }

    KeySetup(Path keyFile, SetupOptions options, Map<String, String> env, Prompter prompt, Argon2Params kdf) {
        this.keyFile = keyFile.toAbsolutePath();
        this.force = options.force();
        this.passphraseEnv = options.passphraseEnv();
        this.env = env;
        this.prompt = prompt;
        this.kdf = kdf;
    }

    Path file() {
        return keyFile;
    }

    private boolean exists() {
        return Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS);
    }

    /** Says what will happen to the key, first thing, so that --force never surprises. */
    void announce() throws IOException {
        if (!exists()) {
            prompt.say("A new encryption key will be created at " + keyFile + ".");
            return;
        }
        String fingerprint = KeyFile.read(keyFile).fingerprint().hex();
        if (!force) {
            prompt.say("An encryption key exists at " + keyFile + " (fingerprint " + fingerprint + "); it is kept."
                    + " (Replacing it needs --force.)");
            return;
        }
        prompt.say("WARNING: --force replaces the encryption key at " + keyFile + " (fingerprint " + fingerprint
                + "). Everything uploaded or backed up with it stays readable only with that key: setup moves the"
                + " old file aside (to " + keyFile.getFileName() + ".replaced-<time>), and you must keep it.");
        if (prompt.interactive() && !prompt.confirm("Replace the key?", false)) {
            throw new SetupException(SetupException.Kind.USAGE, "stopped: the existing key was left as it is");
        }
    }

    /** For --recover: refuses to touch an existing key file unless --force. */
    void announceRecovery() throws IOException {
        if (!exists()) {
            prompt.say("The encryption key will be recovered from the copy published in the backup channel, and"
                    + " written to " + keyFile + ".");
            return;
        }
        String fingerprint = KeyFile.read(keyFile).fingerprint().hex();
        if (!force) {
            throw new SetupException(SetupException.Kind.USAGE, "a key file exists at " + keyFile + " (fingerprint "
                    + fingerprint + "): --recover writes a new one; move it away first, or add --force (it is then"
                    + " kept aside as " + keyFile.getFileName() + ".replaced-<time>)");
        }
        prompt.say("WARNING: --force --recover replaces the key file at " + keyFile + " (fingerprint " + fingerprint
                + "); setup moves it aside (to " + keyFile.getFileName() + ".replaced-<time>), and you must keep it.");
    }

    /** The key setup will configure: the existing one unlocked, or a new one; with its passphrase. */
    Unlocked obtain() throws IOException {
        if (exists() && !force) {
            return unlockExisting();
        }
        moveAsideIfPresent();
        char[] passphrase = newPassphrase();
        MasterKey key = KeyFile.create(keyFile, passphrase, kdf);
        prompt.say("Created a new encryption key at " + keyFile + " (fingerprint " + key.fingerprint() + ").");
        prompt.say("Keep a copy of this file somewhere safe and remember its passphrase: without both, nothing"
                + " dos stores on Discord can be read.");
        return new Unlocked(key, passphrase);
    }

    /**
     * Takes the newest key of {@code lookup} that the passphrase opens, and writes it as the local
     * key file (local parameters). Writes nothing unless a key opens.
     */
    Recovery recover(PublishedKeys.Lookup lookup, String wanted) throws IOException {
        java.util.List<PublishedKey> candidates = PublishedKeys.candidates(lookup, wanted);
        for (int attempt = 1; ; attempt++) {
            boolean fromEnv = env.containsKey(passphraseEnv);
            char[] passphrase = fromEnv ? env.get(passphraseEnv).toCharArray()
                    : prompt.secret("Passphrase of the key published on Discord", "the passphrase in " + passphraseEnv);
            try {
                PublishedKeys.Recovered recovered = PublishedKeys.recover(lookup, passphrase, wanted);
                moveAsideIfPresent();
                KeyFile.seal(recovered.key(), passphrase, kdf).write(keyFile, false);
                return new Recovery(recovered, new Unlocked(recovered.key(), passphrase));
            } catch (WrongKeyException e) {
                Arrays.fill(passphrase, '\0');
                if (fromEnv || !prompt.interactive() || attempt >= BotLogin.MAX_ATTEMPTS) {
                    throw new SetupException(SetupException.Kind.AUTH, "wrong key: the passphrase"
                            + (fromEnv ? " in " + passphraseEnv : "") + " opens none of the keys published in the backup"
                            + " channel: " + candidates.stream().map(PublishedKey::describe)
                            .collect(Collectors.joining(", ")) + "; no key file was written", e);
                }
                prompt.say("That passphrase opens none of the published keys. Try again.");
            } catch (IOException | RuntimeException e) {
                Arrays.fill(passphrase, '\0');
                throw e;
            }
        }
    }

    /** What {@link #recover} found and wrote. */
    record Recovery(PublishedKeys.Recovered found, Unlocked unlocked) {
    }

    private void moveAsideIfPresent() throws IOException {
        if (exists()) {
            Path aside = keyFile.resolveSibling(keyFile.getFileName() + ".replaced-" + STAMP.format(Instant.now()));
            Files.move(keyFile, aside, StandardCopyOption.ATOMIC_MOVE);
            prompt.say("Moved the old key to " + aside + ". Keep it: the data it encrypted needs it.");
        }
    }

    private Unlocked unlockExisting() throws IOException {
        KeyFile sealed = KeyFile.read(keyFile);
        for (int attempt = 1; ; attempt++) {
            boolean fromEnv = env.containsKey(passphraseEnv);
            char[] passphrase = fromEnv ? env.get(passphraseEnv).toCharArray()
                    : prompt.secret("Passphrase of the existing key", "the passphrase in " + passphraseEnv);
            try {
                return new Unlocked(sealed.unlock(passphrase), passphrase);
            } catch (WrongKeyException e) {
                Arrays.fill(passphrase, '\0');
                if (fromEnv || !prompt.interactive() || attempt >= BotLogin.MAX_ATTEMPTS) {
                    throw new SetupException(SetupException.Kind.AUTH, "wrong key: the passphrase"
                            + (fromEnv ? " in " + passphraseEnv : "") + " does not open " + keyFile, e);
                }
                prompt.say("That passphrase does not open the key. Try again.");
            }
        }
    }

    private char[] newPassphrase() {
        if (env.containsKey(passphraseEnv)) {
            char[] given = env.get(passphraseEnv).toCharArray();
            if (given.length < MIN_PASSPHRASE_CHARS) {
                throw new SetupException(SetupException.Kind.USAGE, "the passphrase in " + passphraseEnv
                        + " is too short: use at least " + MIN_PASSPHRASE_CHARS + " characters");
            }
            return given;
        }
        for (int attempt = 1; ; attempt++) {
            char[] first = prompt.secret("New passphrase for the key (at least " + MIN_PASSPHRASE_CHARS + " characters)",
                    "the passphrase in " + passphraseEnv);
            char[] second = null;
            String problem;
            if (first.length < MIN_PASSPHRASE_CHARS) {
                problem = "That passphrase is too short.";
            } else {
                second = prompt.secret("The same passphrase again", "the passphrase in " + passphraseEnv);
                if (Arrays.equals(first, second)) {
                    Arrays.fill(second, '\0');
                    return first;
                }
                problem = "The two passphrases differ.";
            }
            Arrays.fill(first, '\0');
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (attempt >= BotLogin.MAX_ATTEMPTS) {
                throw new SetupException(SetupException.Kind.USAGE, problem + " No key was created.");
            }
            prompt.say(problem + " Try again.");
        }
    }
}
