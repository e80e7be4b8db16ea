package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyCosts;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.MasterKeyCode;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.keys.KeyCard;
import dev.dos.core.keys.RecoveryKit;
import dev.dos.core.testing.Reliability;
import dev.dos.discord.DiscordRestClient;
import dev.dos.discord.RetrySettings;
import dev.dos.discord.api.Message;
import dev.dos.discord.api.PinnedMessages;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.model.Permission;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Surviving the loss of the machine (docs/FORMAT.md sections 14 and 15), end to end through the CLI
 * against the Discord emulator with real SQLite: "machine A" and "machine B" are two pairs of
 * config and data folders; B starts from nothing but the bot token, the channels and the
 * passphrase. Keys are wrapped with cheap Argon2 parameters, but for the one test that checks the
 * real ones.
 */
class KeyCommandTest {
    private static final String STRONG = "orbit-velvet-canyon-42";
    private static final String OTHER_STRONG = "lantern marble quietly 77";
    private static final String AREA = "credentials";
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    @TempDir
    Path home;

    private EmulatedDiscord discord;
    private Path a;
    private Path b;

    @BeforeEach
    void start() throws IOException {
        discord = new EmulatedDiscord(home);
        a = home.resolve("machine-a");
        b = home.resolve("machine-b");
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    // ---- the cases ----

    @Test
    void aLostMachineComesBackFromTheTokenTheChannelsAndThePassphrase() throws Exception {
        EmulatedDiscord.Run setup = on(a, env(STRONG), setupArgs());
        assertThat(setup.code()).as(setup.all()).isZero();
        KeyFingerprint fingerprint = fingerprint(a);
        assertThat(setup.out()).contains("Published the key " + fingerprint + " in #backup (pinned");
        Path src = SandboxHome.writeTree(home.resolve("src"));
        String batch = upload(a, src);

        EmulatedDiscord.Run recover = on(b, env(STRONG), setupArgs("--recover"));

        assertThat(recover.code()).as(recover.all()).isZero();
        assertThat(recover.out()).contains("Recovered the key " + fingerprint, ", pinned in #backup",
                "Index rebuilt from Discord: 1 added", "Setup complete: this machine has the store's key and index again");
        assertThat(recover.all()).doesNotContain(STRONG).doesNotContain(discord.token());
        Path keyB = b.resolve("config/key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyB))).isEqualTo("rw-------");
        KeyFile recovered = KeyFile.read(keyB);
        assertThat(recovered.fingerprint()).isEqualTo(fingerprint);
        assertThat(recovered.kdf()).as("the local parameters").isEqualTo(KeyCosts.TESTING.local());
        assertThat(on(b, env(STRONG), "list", "--json").json().get("total").asInt()).isEqualTo(1);
        assertRestoresByteIdentical(b, batch, src);
    }

    @Test
    void thePublishedCopyCarriesTheStrongParameters() throws Exception {
        discord.withCosts(KeyCosts.PRODUCTION);
        EmulatedDiscord.Run setup = on(a, env(STRONG), setupArgs());
        assertThat(setup.code()).as(setup.all()).isZero();
        assertThat(setup.out()).contains("wrapped with Argon2id, 256 MiB, 2 passes");

        List<PinnedMessages.Item> pins = pins();
        assertThat(pins).hasSize(1);
        Message post = pins.getFirst().message();
        KeyFingerprint fingerprint = fingerprint(a);
        assertThat(post.content()).endsWith("dos-key v1 key=" + fingerprint + " created="
                + KeyCard.parse(post.content()).orElseThrow().createdAt() + "\n```");
        assertThat(post.attachments()).singleElement().satisfies(at -> assertThat(at.filename())
                .isEqualTo("dos-key-" + fingerprint + ".json"));
        KeyFile published = KeyFile.parse(download(post));
        assertThat(published.kdf()).isEqualTo(Argon2Params.PUBLISHED).isEqualTo(new Argon2Params(256 * 1024, 2, 1));
        assertThat(KeyFile.read(a.resolve("config/key")).kdf()).isEqualTo(Argon2Params.DEFAULT);
        assertThat(published.unlock(STRONG.toCharArray()).fingerprint()).isEqualTo(fingerprint);
    }

    @Test
    @Tag(Reliability.TAG)
    void aWrongPassphraseRecoversNothing() throws Exception {
        assertThat(on(a, env(STRONG), setupArgs()).code()).isZero();
        Tally tally = new Tally();
        List<String> wrong = Stream.of(STRONG + " ", STRONG.toUpperCase(), OTHER_STRONG, "orbit-velvet-canyon-43",
                "x".repeat(30)).limit(Math.min(5, Reliability.trials(3))).toList();
        for (String passphrase : wrong) {
            EmulatedDiscord.Run run = on(b, env(passphrase), setupArgs("--recover"));
            tally.check(run.code() == ExitCode.AUTH, "exit " + run.code() + ": " + run.all());
            tally.check(oneLine(run.err()) && run.err().startsWith("dos: wrong key: the passphrase in DOS_PASSPHRASE"
                    + " opens none of the keys published") && run.err().contains("no key file was written"), run.err());
            tally.check(!Files.exists(b.resolve("config/key")) && !Files.exists(b.resolve("config/config.properties")),
                    "something was written on B");
            tally.check(!run.all().contains(passphrase), "the passphrase was printed");
            tally.trial();
        }
        tally.finish("cred-recover-wrong-passphrase", "setup --recover on a new machine with a wrong passphrase",
                "exit 5 'wrong key' in one line; no key file, no config written",
                "aWrongPassphraseRecoversNothing");
    }

    @Test
    void twoPublishedKeysTheNewestThePassphraseOpensWinsAndTheOtherIsNamed() throws Exception {
        assertThat(on(a, env(STRONG), setupArgs()).code()).isZero();
        KeyFingerprint first = fingerprint(a);
        String firstBatch = upload(a, SandboxHome.writeTree(home.resolve("first")));
        EmulatedDiscord.Run replaced = on(a, env(OTHER_STRONG), setupArgs("--force"));
        assertThat(replaced.code()).as(replaced.all()).isZero();
        KeyFingerprint second = fingerprint(a);
        assertThat(second).isNotEqualTo(first);
        assertThat(pins()).as("the old key's copy stays: its batches need it").hasSize(2);

        EmulatedDiscord.Run newest = on(b, env(OTHER_STRONG), setupArgs("--recover"));
        assertThat(newest.code()).as(newest.all()).isZero();
        assertThat(newest.out()).contains("Recovered the key " + second,
                "Also published, not recovered: key " + first + " (published ");
        assertThat(fingerprint(b)).isEqualTo(second);

        // The first key's passphrase opens only the older copy: that one is taken, the newer named.
        Path c = home.resolve("machine-c");
        EmulatedDiscord.Run older = on(c, env(STRONG), setupArgs("--recover"));
        assertThat(older.code()).as(older.all()).isZero();
        assertThat(older.out()).contains("Recovered the key " + first, "Also published, not recovered: key " + second);
        assertThat(fingerprint(c)).isEqualTo(first);
        assertRestoresByteIdentical(c, firstBatch, home.resolve("first"));

        EmulatedDiscord.Run picked = on(b, env(STRONG), setupArgs("--recover", "--force", "--key-fingerprint",
                first.hex().substring(0, 8)));
        assertThat(picked.code()).as(picked.all()).isZero();
        assertThat(fingerprint(b)).isEqualTo(first);
    }

    @Test
    @Tag(Reliability.TAG)
    void aKeyPostPlantedBySomeoneElseIsNeverTaken() throws Exception {
        assertThat(on(a, env(STRONG), setupArgs()).code()).isZero();
        KeyFingerprint mine = fingerprint(a);
        String backup = discord.channel("backup");
        String realPost = pins().getFirst().message().id();
        // The worst case: the planter even knows the passphrase, and makes its key the newest.
        MasterKey planted = MasterKey.generate();
        KeyCard card = new KeyCard(planted.fingerprint(), Instant.parse("2099-01-01T00:00:00Z"));
        Stranger stranger = new Stranger(discord.emulator);
        String fake = stranger.post(backup, null, card.render(), Map.of(card.blobName(),
                KeyFile.seal(planted, STRONG.toCharArray(), Argon2Params.TESTING).toJson())).path("id").asText();
        try (DiscordRestClient client = client()) {
            client.pinMessage(backup, fake); // a moderator pinned it
        }
        Tally tally = new Tally();

        EmulatedDiscord.Run pinned = on(b, env(STRONG), setupArgs("--recover"));
        tally.check(pinned.code() == 0 && mine.equals(fingerprintOrNull(b)), "pinned and newest: " + pinned.all());
        tally.check(pinned.out().contains("Ignored 1 key post in #backup not made by this bot"), pinned.out());
        tally.trial();

        try (DiscordRestClient client = client()) {
            client.unpinMessage(backup, realPost); // only the planted key is pinned now
        }
        Path c = home.resolve("machine-c");
        EmulatedDiscord.Run unpinned = on(c, env(STRONG), setupArgs("--recover"));
        tally.check(unpinned.code() == 0 && mine.equals(fingerprintOrNull(c)), "ours unpinned: " + unpinned.all());
        tally.check(unpinned.out().contains("found by reading #backup"), unpinned.out());
        tally.trial();

        discord.emulator.admin().deleteMessage(backup, realPost);
        Path d = home.resolve("machine-d");
        EmulatedDiscord.Run alone = on(d, env(STRONG), setupArgs("--recover"));
        tally.check(alone.code() == ExitCode.NOT_FOUND && !Files.exists(d.resolve("config/key")),
                "only the planted key left: " + alone.all());
        tally.trial();

        tally.finish("cred-planted-key", "a key post planted in the backup channel by a webhook (pinned, newest,"
                        + " wrapped under the user's own passphrase)",
                "never taken: the real key recovered while it is there (pinned or not), none once it is gone",
                "aKeyPostPlantedBySomeoneElseIsNeverTaken");
    }

    @Test
    @Tag(Reliability.TAG)
    void aPublishedKeyDeletedBehindOurBackPointsToTheRecoveryKitWhichBringsTheStoreBack() throws Exception {
        assertThat(on(a, env(STRONG), setupArgs()).code()).isZero();
        KeyFingerprint fingerprint = fingerprint(a);
        Path src = SandboxHome.writeTree(home.resolve("src"));
        String batch = upload(a, src);
        Path kit = home.resolve("kit.txt");
        EmulatedDiscord.Run export = on(a, Map.of(), "key", "export", kit.toString());
        assertThat(export.code()).as(export.all()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kit))).isEqualTo("rw-------");
        discord.emulator.admin().deleteMessage(discord.channel("backup"), pins().getFirst().message().id());
        Tally tally = new Tally();

        EmulatedDiscord.Run recover = on(b, env(STRONG), setupArgs("--recover"));
        tally.check(recover.code() == ExitCode.NOT_FOUND, "exit " + recover.code());
        tally.check(oneLine(recover.err()) && recover.err().startsWith("dos: no published key in #backup")
                && recover.err().contains("'dos key import KIT'"), recover.err());
        tally.check(!Files.exists(b.resolve("config/key")) && !Files.exists(b.resolve("config/config.properties")),
                "something was written on B");
        tally.trial();

        EmulatedDiscord.Run imported = on(b, env(STRONG), "key", "import", kit.toString());
        tally.check(imported.code() == 0 && fingerprint.equals(fingerprintOrNull(b)), imported.all());
        tally.check(imported.out().contains("Next: 'dos setup'"), imported.out());
        EmulatedDiscord.Run setup = on(b, env(STRONG), setupArgs());
        tally.check(setup.code() == 0 && setup.out().contains("it is kept") && setup.out().contains("Published the key"),
                setup.all());
        EmulatedDiscord.Run sync = on(b, env(STRONG), "sync", "--reset", "-q");
        tally.check(sync.code() == 0, sync.all());
        tally.trial();
        assertRestoresByteIdentical(b, batch, src);

        tally.finish("cred-published-key-deleted", "the published key deleted from the backup channel behind our back",
                "setup --recover: exit 3 in one line pointing to 'dos key import KIT', nothing written; the kit then"
                        + " brought the key back, setup published it again, the batch restored byte-identical",
                "aPublishedKeyDeletedBehindOurBackPointsToTheRecoveryKitWhichBringsTheStoreBack");
    }

    @Test
    void optingOutSaysWhatItMeansAndPublishesNothing() throws Exception {
        EmulatedDiscord.Run setup = on(a, env(STRONG), setupArgs("--no-key-on-discord"));
        assertThat(setup.code()).as(setup.all()).isZero();
        assertThat(setup.out()).contains("The key is NOT published on Discord (--no-key-on-discord): if you lose this"
                + " machine and its key file, every batch is unreadable", "'dos key export FILE'");
        assertThat(pins()).isEmpty();
        assertThat(on(b, env(STRONG), setupArgs("--recover")).code()).isEqualTo(ExitCode.NOT_FOUND);

        EmulatedDiscord.Run publish = on(a, env(STRONG), "key", "publish");
        assertThat(publish.code()).as(publish.all()).isZero();
        assertThat(publish.out()).contains("Published the key " + fingerprint(a));
        assertThat(pins()).hasSize(1);
        EmulatedDiscord.Run again = on(a, env(STRONG), "key", "publish");
        assertThat(again.out()).contains("is already published");
        assertThat(pins()).hasSize(1);
    }

    @Test
    void passwdRepublishesAndRemovesTheOldCopyOnlyAfterTheNewOneIsConfirmed() throws Exception {
        assertThat(on(a, env(STRONG), setupArgs()).code()).isZero();
        KeyFingerprint fingerprint = fingerprint(a);
        String backup = discord.channel("backup");
        String oldPost = pins().getFirst().message().id();

        // Pinning refused: the new copy is taken back, and nothing changed.
        discord.emulator.admin().setChannelPermissions(backup,
                Permission.ALL & ~Permission.PIN_MESSAGES & ~Permission.MANAGE_MESSAGES);
        EmulatedDiscord.Run refused = on(a, passwdEnv(STRONG, OTHER_STRONG), "key", "passwd");
        assertThat(refused.code()).isEqualTo(ExitCode.AUTH);
        assertThat(refused.err()).contains("PIN_MESSAGES");
        assertThat(oneLine(refused.err())).isTrue();
        discord.emulator.admin().setChannelPermissions(backup, Permission.ALL);
        assertThat(pins()).extracting(p -> p.message().id()).containsExactly(oldPost);
        assertThat(messages(backup)).hasSize(1);
        KeyFile.read(a.resolve("config/key")).unlock(STRONG.toCharArray());

        discord.emulator.admin().clearRequests();
        EmulatedDiscord.Run passwd = on(a, passwdEnv(STRONG, OTHER_STRONG), "key", "passwd");

        assertThat(passwd.code()).as(passwd.all()).isZero();
        assertThat(passwd.out()).contains("Published key " + fingerprint + " under the new passphrase",
                "Changed the passphrase of key " + fingerprint, "Removed 1 older published copy");
        KeyFile local = KeyFile.read(a.resolve("config/key"));
        assertThat(local.fingerprint()).isEqualTo(fingerprint);
        assertThat(local.unlock(OTHER_STRONG.toCharArray()).fingerprint()).isEqualTo(fingerprint);
        assertThat(unlocks(local, STRONG)).isFalse();
        String newPost = pins().getFirst().message().id();
        assertThat(pins()).hasSize(1);
        assertThat(newPost).isNotEqualTo(oldPost);
        assertThat(messages(backup)).containsExactly(newPost);
        // Order on the wire: the new copy posted, pinned and read back, then the old one unpinned and deleted.
        List<String> calls = discord.emulator.admin().requests().stream()
                .map(r -> r.method() + " " + r.path()).toList();
        int pinned = calls.indexOf("PUT /channels/" + backup + "/messages/pins/" + newPost);
        int readBack = pinned + calls.subList(pinned, calls.size()).indexOf("GET /channels/" + backup + "/messages/pins");
        assertThat(calls.subList(pinned, readBack)).contains("GET /channels/" + backup + "/messages/" + newPost);
        int unpinned = calls.indexOf("DELETE /channels/" + backup + "/messages/pins/" + oldPost);
        int deleted = calls.indexOf("DELETE /channels/" + backup + "/messages/" + oldPost);
        assertThat(pinned).as(calls.toString()).isNotNegative();
        assertThat(readBack).isGreaterThan(pinned);
        assertThat(unpinned).isGreaterThan(readBack);
        assertThat(deleted).isGreaterThan(unpinned);

        assertThat(on(b, env(STRONG), setupArgs("--recover")).code()).isEqualTo(ExitCode.AUTH);
        EmulatedDiscord.Run recover = on(b, env(OTHER_STRONG), setupArgs("--recover"));
        assertThat(recover.code()).as(recover.all()).isZero();
        assertThat(fingerprint(b)).isEqualTo(fingerprint);
    }

    @Test
    @Tag(Reliability.TAG)
    void aWeakPassphraseIsRefusedForPublishingWithOneLine() throws Exception {
        Tally tally = new Tally();
        String weak = EmulatedDiscord.PASSPHRASE; // "correct horse battery": 21 characters, about 38 bits
        EmulatedDiscord.Run setup = on(a, env(weak), setupArgs());
        tally.check(setup.code() == 0 && Files.exists(a.resolve("config/key")), "the local key is made: " + setup.all());
        List<String> notice = setup.out().lines().filter(l -> l.contains("NOT published")).toList();
        tally.check(notice.size() == 1 && notice.getFirst().contains("too easy to guess")
                && notice.getFirst().contains("'dos key passwd'"), setup.out());
        tally.check(pins().isEmpty() && messages(discord.channel("backup")).isEmpty(), "a key was posted");
        tally.trial();

        EmulatedDiscord.Run publish = on(a, env(weak), "key", "publish");
        tally.check(publish.code() == ExitCode.USAGE && oneLine(publish.err())
                && publish.err().startsWith("dos: the passphrase is too easy to guess to publish the key"), publish.all());
        tally.check(messages(discord.channel("backup")).isEmpty(), "a key was posted");
        tally.trial();

        byte[] keyBefore = Files.readAllBytes(a.resolve("config/key"));
        List<String> weakOnes = Stream.of("short pass1", "password1234", "qwertyuiopasdfgh", "aaaaaaaaaaaaaaaa",
                "iloveyouiloveyou", "123456789012").limit(Math.min(6, Reliability.trials(4))).toList();
        for (String next : weakOnes) {
            EmulatedDiscord.Run passwd = on(a, passwdEnv(weak, next), "key", "passwd");
            tally.check(passwd.code() == ExitCode.USAGE && oneLine(passwd.err())
                    && passwd.err().contains("to publish the key") && passwd.err().contains("nothing was changed"),
                    next + ": " + passwd.all());
            tally.check(java.util.Arrays.equals(Files.readAllBytes(a.resolve("config/key")), keyBefore),
                    "the key file changed");
            tally.check(!passwd.all().contains(next), "the passphrase was printed");
            tally.trial();
        }
        tally.check(messages(discord.channel("backup")).isEmpty(), "a key was posted");
        tally.finish("cred-weak-passphrase", "a short or guessable passphrase (nbvcxz under 40 bits) for the published"
                        + " key: setup, key publish, key passwd",
                "refused for publishing with one line naming why; the local key still made by setup; nothing posted;"
                        + " passwd changed nothing", "aWeakPassphraseIsRefusedForPublishingWithOneLine");
    }

    @Test
    @Tag(Reliability.TAG)
    void exportAndImportRoundTripIncludingTheMasterKeyCode() throws Exception {
        assertThat(on(a, env(STRONG), setupArgs()).code()).isZero();
        KeyFingerprint fingerprint = fingerprint(a);
        Path src = SandboxHome.writeTree(home.resolve("src"));
        String batch = upload(a, src);

        EmulatedDiscord.Run export = on(a, env(STRONG), "key", "export", "--with-master-key");
        assertThat(export.code()).as(export.all()).isZero();
        assertThat(export.err()).contains("WARNING: the kit holds the master key as a code: anyone who has it can read"
                + " every batch");
        String kit = export.out();
        String code = kit.lines().filter(l -> l.startsWith("DOS1-")).findFirst().orElseThrow();
        assertThat(MasterKeyCode.decode(code).fingerprint()).isEqualTo(fingerprint);
        assertThat(on(a, env(STRONG), "key", "export", home.resolve("kit.txt").toString()).code()).isZero();
        assertThat(on(a, env(STRONG), "key", "export", home.resolve("kit.txt").toString()).code())
                .as("never written over").isEqualTo(ExitCode.USAGE);

        Tally tally = new Tally();
        String body = code.substring(5).replace("-", "");
        for (int t = 0; t < Math.min(20, Reliability.trials(5)); t++) {
            int position = (t * 11 + 3) % body.length();
            char was = body.charAt(position);
            char typo = CROCKFORD.charAt((CROCKFORD.indexOf(was) + 1 + t % 31) % 32);
            String mistyped = "DOS1" + body.substring(0, position) + typo + body.substring(position + 1);
            EmulatedDiscord.Run run = on(b, newEnv(OTHER_STRONG), new ByteArrayInputStream(
                    kit.replace(code, mistyped).getBytes(StandardCharsets.UTF_8)), "key", "import", "-");
            tally.check(run.code() == ExitCode.USAGE && oneLine(run.err())
                    && run.err().contains("checksum does not match") && run.err().contains("nothing was written"),
                    "typo at " + position + ": " + run.all());
            tally.check(!Files.exists(b.resolve("config/key")), "a key file was written");
            tally.trial();
        }

        EmulatedDiscord.Run imported = on(b, newEnv(OTHER_STRONG), new ByteArrayInputStream(
                kit.getBytes(StandardCharsets.UTF_8)), "key", "import", "-");
        tally.check(imported.code() == 0 && fingerprint.equals(fingerprintOrNull(b))
                && imported.out().contains("from the master-key code, under the new passphrase"), imported.all());
        tally.check(unlocks(KeyFile.read(b.resolve("config/key")), OTHER_STRONG), "the new passphrase does not open it");
        tally.check(!imported.all().contains(code) && !imported.all().contains(OTHER_STRONG), "a secret was printed");
        tally.finish("cred-code-typo", "a mistyped or swapped character in the master-key code of a recovery kit",
                "refused by its 24-bit checksum with one line, nothing written; the right code imported under a new"
                        + " passphrase", "exportAndImportRoundTripIncludingTheMasterKeyCode");

        EmulatedDiscord.Run again = on(b, env(STRONG), "key", "import", home.resolve("kit.txt").toString());
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("already holds key " + fingerprint);

        // A kit with the wrapped key only: its passphrase, or "wrong key".
        Path c = home.resolve("machine-c");
        Path wrappedOnly = home.resolve("wrapped-only.txt");
        assertThat(on(a, Map.of(), "key", "export", wrappedOnly.toString()).code()).isZero();
        assertThat(Files.readString(wrappedOnly)).doesNotContain("DOS1-");
        EmulatedDiscord.Run wrongPassphrase = on(c, env(OTHER_STRONG), "key", "import", wrappedOnly.toString());
        assertThat(wrongPassphrase.code()).isEqualTo(ExitCode.AUTH);
        assertThat(wrongPassphrase.err()).startsWith("dos: wrong key: the passphrase");
        assertThat(c.resolve("config/key")).doesNotExist();
        EmulatedDiscord.Run right = on(c, env(STRONG), "key", "import", wrappedOnly.toString());
        assertThat(right.code()).as(right.all()).isZero();
        assertThat(fingerprint(c)).isEqualTo(fingerprint);

        // B connects and rebuilds its index with the imported key: the batch comes back whole.
        assertThat(on(b, env(OTHER_STRONG), setupArgs("--no-key-on-discord")).code()).isZero();
        assertThat(on(b, env(OTHER_STRONG), "sync", "--reset", "-q").code()).isZero();
        assertRestoresByteIdentical(b, batch, src, OTHER_STRONG);

        // Another store's kit is refused where batches say which key is this store's, even with --force.
        Path foreignKey = home.resolve("foreign-key");
        KeyFile.create(foreignKey, STRONG.toCharArray(), Argon2Params.TESTING);
        Path foreignKit = Files.writeString(home.resolve("foreign-kit.txt"),
                RecoveryKit.render(KeyFile.read(foreignKey), null, Instant.now()));
        byte[] keyBefore = Files.readAllBytes(a.resolve("config/key"));
        EmulatedDiscord.Run foreign = on(a, env(STRONG), "key", "import", "--force", foreignKit.toString());
        assertThat(foreign.code()).isEqualTo(ExitCode.AUTH);
        assertThat(foreign.err()).contains("wrong key: key ", "made none of the local index's batches");
        assertThat(Files.readAllBytes(a.resolve("config/key"))).isEqualTo(keyBefore);
        EmulatedDiscord.Run inTheWay = on(c, env(STRONG), "key", "import", foreignKit.toString());
        assertThat(inTheWay.code()).isEqualTo(ExitCode.USAGE);
        assertThat(inTheWay.err()).contains("a key file of another key exists", "--force");
    }

    // ---- helpers ----

    private String[] setupArgs(String... extra) {
        return Stream.concat(Stream.of("setup", "--yes", "--api-base-url", discord.emulator.baseUrl(),
                "--storage-channel", "storage", "--index-channel", "index", "--backup-channel", "backup"),
                Stream.of(extra)).toArray(String[]::new);
    }

    private Map<String, String> env(String passphrase) {
        return Map.of("DOS_TOKEN", discord.token(), "DOS_PASSPHRASE", passphrase);
    }

    private static Map<String, String> passwdEnv(String old, String fresh) {
        return Map.of("DOS_PASSPHRASE", old, "DOS_NEW_PASSPHRASE", fresh);
    }

    private static Map<String, String> newEnv(String fresh) {
        return Map.of("DOS_NEW_PASSPHRASE", fresh);
    }

    /** dos on one machine: its own config and data folders. */
    private EmulatedDiscord.Run on(Path machine, Map<String, String> env, String... args) {
        return on(machine, env, new ByteArrayInputStream(new byte[0]), args);
    }

    private EmulatedDiscord.Run on(Path machine, Map<String, String> env, InputStream in, String... args) {
        String[] all = Stream.concat(Stream.of("--config-dir", machine.resolve("config").toString(),
                "--data-dir", machine.resolve("data").toString()), Stream.of(args)).toArray(String[]::new);
        return discord.dos(env, in, all);
    }

    private String upload(Path machine, Path src) throws IOException {
        EmulatedDiscord.Run upload = on(machine, env(passphraseOf(machine)), "upload", "-q", "--json", src.toString());
        assertThat(upload.code()).as(upload.all()).isZero();
        return upload.json().get("batch_id").asText();
    }

    /** The passphrase the tests gave machine A's key when it uploads (both uploads use the store's first one). */
    private String passphraseOf(Path machine) throws IOException {
        return unlocks(KeyFile.read(machine.resolve("config/key")), STRONG) ? STRONG : OTHER_STRONG;
    }

    private void assertRestoresByteIdentical(Path machine, String batch, Path src) throws IOException {
        assertRestoresByteIdentical(machine, batch, src, passphraseOf(machine));
    }

    private void assertRestoresByteIdentical(Path machine, String batch, Path src, String passphrase)
            throws IOException {
        Path dest = home.resolve("restored-" + machine.getFileName() + "-" + batch.substring(0, 8));
        EmulatedDiscord.Run download = on(machine, env(passphrase), "download", "-q", batch, dest.toString());
        assertThat(download.code()).as(download.all()).isZero();
        assertThat(SandboxHome.describe(dest.resolve(src.getFileName()))).isEqualTo(SandboxHome.describe(src));
    }

    private static KeyFingerprint fingerprint(Path machine) throws IOException {
        return KeyFile.read(machine.resolve("config/key")).fingerprint();
    }

    private static KeyFingerprint fingerprintOrNull(Path machine) throws IOException {
        return Files.exists(machine.resolve("config/key")) ? fingerprint(machine) : null;
    }

    private static boolean unlocks(KeyFile file, String passphrase) {
        try {
            file.unlock(passphrase.toCharArray());
            return true;
        } catch (WrongKeyException e) {
            return false;
        }
    }

    private static boolean oneLine(String err) {
        return err.lines().filter(l -> !l.isBlank()).count() == 1;
    }

    private DiscordRestClient client() {
        return new DiscordRestClient(URI.create(discord.emulator.baseUrl()), discord.token(), RetrySettings.DEFAULTS);
    }

    private List<PinnedMessages.Item> pins() throws Exception {
        try (DiscordRestClient client = client()) {
            return client.pins(discord.channel("backup"), null, 50).items();
        }
    }

    /** Ids of a channel's messages. */
    private List<String> messages(String channel) throws Exception {
        try (DiscordRestClient client = client()) {
            return client.messagesAfter(channel, "0", 100).stream().map(Message::id).toList();
        }
    }

    private byte[] download(Message message) throws Exception {
        try (DiscordRestClient client = client();
             InputStream in = client.openAttachment(message.channelId(), message.id(),
                     message.attachments().getFirst().id())) {
            return in.readAllBytes();
        }
    }

    /** Trials of one reliability case: each held unless a check failed in it. */
    private static final class Tally {
        int trials;
        int held;
        final List<String> failures = new ArrayList<>();
        private boolean ok = true;

        void check(boolean condition, String what) {
            if (!condition) {
                ok = false;
                failures.add(what);
            }
        }

        void trial() {
            trials++;
            if (ok) {
                held++;
            }
            ok = true;
        }

        void finish(String id, String attack, String outcome, String method) {
            Reliability.record(id, AREA, attack, trials, held, held + "/" + trials + " held: " + outcome,
                    Reliability.mvnTest("app", "KeyCommandTest#" + method));
            assertThat(failures).as(id).isEmpty();
        }
    }
}
