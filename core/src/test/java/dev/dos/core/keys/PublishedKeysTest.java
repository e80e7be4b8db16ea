package dev.dos.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key published in the backup area (docs/FORMAT.md section 14), on the in-memory remote. */
class PublishedKeysTest {
    private static final char[] PASSPHRASE = "orbit-velvet-canyon-42".toCharArray();
    private static final char[] OTHER = "lantern marble quietly 77".toCharArray();

    private final InMemoryRemote memory = new InMemoryRemote();
    private final FaultyRemote remote = new FaultyRemote(memory);
    private final String backup = remote.areaId(StorageRemote.Area.BACKUP);

    private PublishedKeys keys(Instant now) {
        return new PublishedKeys(remote, Argon2Params.TESTING, Clock.fixed(now, ZoneOffset.UTC));
    }

    private PublishedKeys keys() {
        return keys(Instant.parse("2025-01-31T12:00:00Z"));
    }

    @Test
    void publishingPostsOnePinnedCardWithTheKeyFileAndNothingSecretInClear() throws Exception {
        MasterKey key = MasterKey.generate();
        PublishedKeys.Publication done = keys().ensurePublished(key, PASSPHRASE);

        assertThat(done.outcome()).isEqualTo(PublishedKeys.Outcome.PUBLISHED);
        List<Post> pinned = remote.pinnedPosts(backup);
        assertThat(pinned).singleElement().satisfies(post -> {
            assertThat(post.id()).isEqualTo(done.copy().postId());
            assertThat(post.text()).endsWith("```\ndos-key v1 key=" + key.fingerprint() + " created=2025-01-31T12:00:00Z\n```")
                    .startsWith("**dos key** `" + key.fingerprint() + "`\ncreated: 2025-01-31T12:00:00Z\n");
            assertThat(post.blobs()).singleElement().satisfies(b -> assertThat(b.name())
                    .isEqualTo("dos-key-" + key.fingerprint() + ".json"));
        });
        KeyFile wrapped;
        try (InputStream in = remote.openBlob(pinned.getFirst().blobs().getFirst().ref())) {
            wrapped = KeyFile.parse(in.readAllBytes());
        }
        assertThat(wrapped.kdf()).isEqualTo(Argon2Params.TESTING);
        assertThat(wrapped.unlock(PASSPHRASE).fingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void publishingAgainUnderTheSamePassphraseKeepsTheCopyAndPinsItAgain() throws Exception {
        MasterKey key = MasterKey.generate();
        String first = keys().ensurePublished(key, PASSPHRASE).copy().postId();
        remote.unpin(backup, first);

        PublishedKeys.Publication again = keys().ensurePublished(key, PASSPHRASE);

        assertThat(again.outcome()).isEqualTo(PublishedKeys.Outcome.KEPT);
        assertThat(again.copy().postId()).isEqualTo(first);
        assertThat(remote.pinnedPosts(backup)).extracting(Post::id).containsExactly(first);
        assertThat(remote.listPosts(backup, null, 10)).hasSize(1);
    }

    @Test
    void aWeakPassphraseIsRefusedBeforeAnythingIsPosted() {
        assertThatThrownBy(() -> keys().ensurePublished(MasterKey.generate(), "too short!".toCharArray()))
                .isInstanceOf(WeakPassphraseException.class).hasMessageContaining("at least 12");
        assertThat(remote.calls(Operation.POST)).isZero();
    }

    @Test
    void aPinThatFailsLeavesNoPostBehind() throws Exception {
        remote.failNext(Operation.PIN, new RemoteException.Forbidden("no PIN_MESSAGES"));
        assertThatThrownBy(() -> keys().ensurePublished(MasterKey.generate(), PASSPHRASE))
                .isInstanceOf(RemoteException.Forbidden.class);
        assertThat(remote.listPosts(backup, null, 10)).isEmpty();
    }

    @Test
    void aNewPassphraseIsPublishedBeforeTheOldCopyIsRemoved() throws Exception {
        MasterKey key = MasterKey.generate();
        PublishedKey old = keys().ensurePublished(key, PASSPHRASE).copy();
        List<PublishedKey> older = keys().find().of(key.fingerprint());

        PublishedKey fresh = keys(Instant.parse("2025-02-01T00:00:00Z")).publishNew(key, OTHER);
        assertThat(keys().find().of(key.fingerprint())).hasSize(2);
        assertThat(keys().remove(older)).extracting(PublishedKey::postId).containsExactly(old.postId());

        assertThat(remote.pinnedPosts(backup)).extracting(Post::id).containsExactly(fresh.postId());
        assertThatThrownBy(() -> keys().recover(PASSPHRASE, null)).isInstanceOf(WrongKeyException.class);
        assertThat(keys().recover(OTHER, null).key().fingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void recoveryTakesTheNewestKeyThePassphraseOpensAndNamesTheOthers() throws Exception {
        MasterKey old = MasterKey.generate();
        MasterKey current = MasterKey.generate();
        MasterKey otherPassphrase = MasterKey.generate();
        keys(Instant.parse("2025-01-01T00:00:00Z")).ensurePublished(old, PASSPHRASE);
        keys(Instant.parse("2025-02-01T00:00:00Z")).ensurePublished(current, PASSPHRASE);
        keys(Instant.parse("2025-03-01T00:00:00Z")).ensurePublished(otherPassphrase, OTHER);

        PublishedKeys.Recovered got = keys().recover(PASSPHRASE, null);

        assertThat(got.key().fingerprint()).isEqualTo(current.fingerprint());
        assertThat(got.others()).extracting(k -> k.card().key())
                .containsExactly(otherPassphrase.fingerprint(), old.fingerprint());
        assertThat(keys().recover(PASSPHRASE, old.fingerprint().hex().substring(0, 6)).key().fingerprint())
                .isEqualTo(old.fingerprint());
    }

    @Test
    void keyPostsOfAnyoneElseAreNeverTrustedEvenPinnedAndNewest() throws Exception {
        MasterKey mine = MasterKey.generate();
        keys(Instant.parse("2025-01-01T00:00:00Z")).ensurePublished(mine, PASSPHRASE);
        MasterKey planted = MasterKey.generate();
        KeyCard card = new KeyCard(planted.fingerprint(), Instant.parse("2030-01-01T00:00:00Z"));
        Post fake = memory.stranger().post(backup, card.render(), List.of(new BlobUpload(card.blobName(),
                KeyFile.seal(planted, PASSPHRASE, Argon2Params.TESTING).toJson())));
        remote.pin(backup, fake.id());

        PublishedKeys.Recovered got = keys().recover(PASSPHRASE, null);

        assertThat(got.key().fingerprint()).isEqualTo(mine.fingerprint());
        assertThat(got.others()).isEmpty();
        assertThat(got.lookup().foreign()).isEqualTo(1);
    }

    @Test
    void withoutPinsTheWholeAreaIsReadAndMalformedCopiesAreSkipped() throws Exception {
        MasterKey key = MasterKey.generate();
        PublishedKey copy = keys().ensurePublished(key, PASSPHRASE).copy();
        remote.unpin(backup, copy.postId());
        KeyCard liar = new KeyCard(MasterKey.generate().fingerprint(), Instant.parse("2031-01-01T00:00:00Z"));
        remote.post(backup, liar.render(), List.of(new BlobUpload(liar.blobName(),
                KeyFile.seal(key, PASSPHRASE, Argon2Params.TESTING).toJson())));
        remote.post(backup, "an unrelated backup post", List.of());

        PublishedKeys.Lookup found = keys().find();

        assertThat(found.fromPins()).isFalse();
        assertThat(found.keys()).extracting(PublishedKey::postId).containsExactly(copy.postId());
        assertThat(found.malformed()).isEqualTo(1);
    }

    @Test
    void nothingPublishedIsItsOwnError() {
        assertThatThrownBy(() -> keys().recover(PASSPHRASE, null)).isInstanceOf(NoPublishedKeyException.class)
                .hasMessage("no published key in the backup area");
    }

    @Test
    void withdrawingRemovesEveryCopyOfThatKeyOnly() throws Exception {
        MasterKey a = MasterKey.generate();
        MasterKey b = MasterKey.generate();
        keys().ensurePublished(a, PASSPHRASE);
        keys().ensurePublished(b, PASSPHRASE);
        assertThat(keys().withdraw(a.fingerprint())).hasSize(1);
        assertThat(keys().find().keys()).extracting(k -> k.card().key()).containsExactly(b.fingerprint());
    }
}
