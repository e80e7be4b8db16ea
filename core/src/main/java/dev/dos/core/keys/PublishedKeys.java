package dev.dos.core.keys;

import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The store's key published in the remote's backup area (docs/FORMAT.md section 14): publishing a
 * copy (post, pin, confirm, and only then remove older copies), finding the copies again (pinned
 * posts first, else the whole area; only posts that are {@link Post#ours() ours}), and recovering
 * the key from them with the passphrase.
 */
public final class PublishedKeys {
    /** A key file is a few hundred bytes; anything much larger is not one. */
    public static final int MAX_BLOB_BYTES = 64 * 1024;

    private final StorageRemote remote;
    private final Argon2Params params;
    private final Clock clock;

    /** @param params the Argon2id parameters new copies are wrapped with ({@link Argon2Params#PUBLISHED}) */
    public PublishedKeys(StorageRemote remote, Argon2Params params) {
        this(remote, params, Clock.systemUTC());
    }

    public PublishedKeys(StorageRemote remote, Argon2Params params, Clock clock) {
        this.remote = Objects.requireNonNull(remote, "remote");
        this.params = Objects.requireNonNull(params, "params");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What the backup area holds.
     *
     * @param keys      every published copy found, newest first
     * @param foreign   posts that look like published keys but were not made by our bot: ignored
     * @param malformed key posts of ours that cannot be read as one (missing or extra blob, not a key
     *                  file, a fingerprint that differs from the card's): ignored
     * @param fromPins  whether {@code keys} came from the pinned posts (else from reading the whole area)
     */
    public record Lookup(List<PublishedKey> keys, int foreign, int malformed, boolean fromPins) {
        public Lookup {
            keys = List.copyOf(keys);
        }

        /** The copies of one key, newest first. */
        public List<PublishedKey> of(KeyFingerprint key) {
            return keys.stream().filter(k -> k.card().key().equals(key)).toList();
        }

        /** The newest copy of each other key than {@code except}, newest first. */
        public List<PublishedKey> othersThan(KeyFingerprint except) {
            Map<KeyFingerprint, PublishedKey> newest = new LinkedHashMap<>();
            for (PublishedKey k : keys) {
                if (!k.card().key().equals(except)) {
                    newest.putIfAbsent(k.card().key(), k);
                }
            }
            return List.copyOf(newest.values());
        }
    }

    /** Finds every published copy: among the pinned posts, else by reading the whole backup area. */
    public Lookup find() throws IOException {
        String area = remote.areaId(StorageRemote.Area.BACKUP);
        List<Post> pinned = remote.pinnedPosts(area);
        Scan scan = new Scan(Set.copyOf(pinned.stream().map(Post::id).toList()));
        for (Post post : pinned) {
            scan.consider(post);
        }
        if (!scan.keys.isEmpty()) {
            return scan.lookup(true);
        }
        Scan everything = new Scan(scan.pinnedIds);
        PostPages.forEach(remote, area, null, post -> {
            try {
                everything.consider(post);
            } catch (RemoteException e) {
                throw e;
            } catch (IOException e) {
                throw new RemoteException.Transient("cannot read published key post " + post.id() + ": "
                        + e.getMessage(), e);
            }
        });
        return everything.lookup(false);
    }

    /** What publishing did. */
    public enum Outcome {
        /** A copy the passphrase opens was there already (pinned again if it had been unpinned). */
        KEPT,
        /** A new copy was posted, pinned and confirmed. */
        PUBLISHED
    }

    /**
     * @param copy    the copy that is now published
     * @param removed older copies of the same key (under another passphrase), removed after it
     */
    public record Publication(PublishedKey copy, Outcome outcome, List<PublishedKey> removed) {
        public Publication {
            removed = List.copyOf(removed);
        }
    }

    /**
     * Makes sure {@code key} is published under {@code passphrase}: keeps a copy that the passphrase
     * opens, else publishes a new one; then removes the other copies of this key.
     *
     * @throws WeakPassphraseException before anything is read or posted, if the passphrase may not
     *                                 protect a published key
     */
    public Publication ensurePublished(MasterKey key, char[] passphrase) throws IOException, WeakPassphraseException {
        PassphraseRule.check(passphrase);
        List<PublishedKey> mine = find().of(key.fingerprint());
        for (PublishedKey copy : mine) {
            if (opens(copy, passphrase)) {
                if (!copy.pinned()) {
                    remote.pin(copy.containerId(), copy.postId());
                }
                PublishedKey kept = new PublishedKey(copy.containerId(), copy.postId(), copy.card(), copy.wrapped(), true);
                return new Publication(kept, Outcome.KEPT, removeAll(mine, copy));
            }
        }
        PublishedKey fresh = postConfirmed(key, passphrase);
        return new Publication(fresh, Outcome.PUBLISHED, removeAll(mine, fresh));
    }

    /**
     * Publishes a new copy of {@code key} under {@code passphrase} (after a passphrase change),
     * posted, pinned and confirmed; older copies are left for the caller to {@link #remove} once
     * whatever depends on the new one (the local key file) is done.
     *
     * @throws WeakPassphraseException before anything is posted, if the passphrase may not protect
     *                                 a published key
     */
    public PublishedKey publishNew(MasterKey key, char[] passphrase) throws IOException, WeakPassphraseException {
        PassphraseRule.check(passphrase);
        return postConfirmed(key, passphrase);
    }

    /** Unpins and deletes each of {@code copies}; returns them. */
    public List<PublishedKey> remove(List<PublishedKey> copies) throws RemoteException {
        return removeAll(copies, null);
    }

    /** Removes every published copy of {@code key} (unpinned, then deleted); returns them. */
    public List<PublishedKey> withdraw(KeyFingerprint key) throws IOException {
        return removeAll(find().of(key), null);
    }

    /**
     * The recovered key.
     *
     * @param key    the master key
     * @param copy   the copy it came from
     * @param others the newest copy of every other key found (not recovered)
     * @param lookup everything that was found
     */
    public record Recovered(MasterKey key, PublishedKey copy, List<PublishedKey> others, Lookup lookup) {
    }

    /**
     * The newest published key that {@code passphrase} opens, among what {@code lookup} found.
     *
     * @param wanted a fingerprint, or its first characters, to take only that key; null for any
     * @throws NoPublishedKeyException if no copy (of {@code wanted}) was found
     * @throws WrongKeyException       if the passphrase opens none of them
     */
    public static Recovered recover(Lookup lookup, char[] passphrase, String wanted) throws IOException {
        List<PublishedKey> candidates = candidates(lookup, wanted);
        for (PublishedKey copy : candidates) {
            Optional<MasterKey> opened = unlock(copy, passphrase);
            if (opened.isPresent()) {
                return new Recovered(opened.get(), copy, lookup.othersThan(copy.card().key()), lookup);
            }
        }
        throw new WrongKeyException();
    }

    /** {@link #recover(Lookup, char[], String)} on a fresh {@link #find()}. */
    public Recovered recover(char[] passphrase, String wanted) throws IOException {
        return recover(find(), passphrase, wanted);
    }

    /**
     * The copies {@link #recover} would try, in order.
     *
     * @throws NoPublishedKeyException if there are none
     */
    public static List<PublishedKey> candidates(Lookup lookup, String wanted) throws NoPublishedKeyException {
        String prefix = wanted == null ? null : wanted.strip().toLowerCase(java.util.Locale.ROOT);
        List<PublishedKey> candidates = prefix == null ? lookup.keys()
                : lookup.keys().stream().filter(k -> k.card().key().hex().startsWith(prefix)).toList();
        if (candidates.isEmpty()) {
            throw new NoPublishedKeyException(prefix == null ? "no published key in the backup area"
                    : "no published key with fingerprint " + prefix + "... in the backup area", lookup);
        }
        return candidates;
    }

    // ---- publishing --------------------------------------------------------------------------

    /** Posts, pins and confirms a new copy; if pinning or confirming fails, the post is deleted again. */
    private PublishedKey postConfirmed(MasterKey key, char[] passphrase) throws IOException {
        KeyFile wrapped = KeyFile.seal(key, passphrase, params);
        byte[] json = wrapped.toJson();
        KeyCard card = new KeyCard(key.fingerprint(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String area = remote.areaId(StorageRemote.Area.BACKUP);
        Post post = remote.post(area, card.render(), List.of(new BlobUpload(card.blobName(), json)));
        try {
            remote.pin(area, post.id());
            confirm(area, post.id(), card, json);
        } catch (IOException | RuntimeException e) {
            try {
                remote.deletePost(area, post.id());
            } catch (RemoteException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new PublishedKey(area, post.id(), card, wrapped, true);
    }

    /** Reads the new post back: ours, its one blob byte for byte, and pinned. */
    private void confirm(String area, String postId, KeyCard card, byte[] json) throws IOException {
        Post back = remote.getPost(area, postId).orElseThrow(() -> new RemoteException.NotFound(
                "the published key's post " + postId + " is gone right after posting"));
        if (!back.ours() || back.blobs().size() != 1 || !back.blobs().getFirst().name().equals(card.blobName())
                || back.blobs().getFirst().size() != json.length) {
            throw new RemoteException.Rejected("the published key's post " + postId + " reads back differently");
        }
        byte[] stored = read(back.blobs().getFirst());
        if (stored == null || !Arrays.equals(stored, json)) {
            throw new RemoteException.Rejected("the published key's blob reads back with other bytes");
        }
        if (remote.pinnedPosts(area).stream().noneMatch(p -> p.id().equals(postId))) {
            throw new RemoteException.Rejected("the published key's post " + postId + " is not listed as pinned");
        }
    }

    /** Unpins and deletes each of {@code copies} but {@code keep}. */
    private List<PublishedKey> removeAll(List<PublishedKey> copies, PublishedKey keep) throws RemoteException {
        List<PublishedKey> removed = new ArrayList<>();
        for (PublishedKey copy : copies) {
            if (keep != null && copy.postId().equals(keep.postId())) {
                continue;
            }
            remote.unpin(copy.containerId(), copy.postId());
            remote.deletePost(copy.containerId(), copy.postId());
            removed.add(copy);
        }
        return removed;
    }

    private static boolean opens(PublishedKey copy, char[] passphrase) {
        return unlock(copy, passphrase).isPresent();
    }

    private static Optional<MasterKey> unlock(PublishedKey copy, char[] passphrase) {
        try {
            return Optional.of(copy.wrapped().unlock(passphrase));
        } catch (WrongKeyException wrong) {
            return Optional.empty();
        }
    }

    /** The blob's bytes, or null if it holds more than {@link #MAX_BLOB_BYTES}. */
    private byte[] read(Blob blob) throws IOException {
        try (InputStream in = remote.openBlob(blob.ref())) {
            byte[] bytes = in.readNBytes(MAX_BLOB_BYTES + 1);
            return bytes.length > MAX_BLOB_BYTES ? null : bytes;
        }
    }

    // ---- reading -----------------------------------------------------------------------------

    /** Newest card first; for equal dates the later post (Discord ids grow with time) first. */
    private static final Comparator<PublishedKey> NEWEST_FIRST = Comparator
            .comparing((PublishedKey k) -> k.card().createdAt())
            .thenComparing(k -> k.postId().length())
            .thenComparing(PublishedKey::postId)
            .reversed();

    /** The key posts seen in one pass over pinned posts or the whole area. */
    private final class Scan {
        final Set<String> pinnedIds;
        final Map<String, PublishedKey> keys = new LinkedHashMap<>();
        int foreign;
        int malformed;

        Scan(Set<String> pinnedIds) {
            this.pinnedIds = pinnedIds;
        }

        void consider(Post post) throws IOException {
            Optional<KeyCard> card = KeyCard.parse(post.text());
            if (card.isEmpty() || keys.containsKey(post.id())) {
                return;
            }
            if (!post.ours()) {
                // Never trusted: a key planted by someone else would become the key of every later upload.
                foreign++;
                return;
            }
            Optional<KeyFile> wrapped = readKeyFile(post, card.get());
            if (wrapped.isEmpty()) {
                malformed++;
                return;
            }
            keys.put(post.id(), new PublishedKey(post.containerId(), post.id(), card.get(), wrapped.get(),
                    pinnedIds.contains(post.id())));
        }

        private Optional<KeyFile> readKeyFile(Post post, KeyCard card) throws IOException {
            if (post.blobs().size() != 1) {
                return Optional.empty();
            }
            Blob blob = post.blobs().getFirst();
            if (!blob.name().equals(card.blobName()) || blob.size() > MAX_BLOB_BYTES) {
                return Optional.empty();
            }
            byte[] json;
            try {
                json = read(blob);
            } catch (RemoteException.NotFound deletedMeanwhile) {
                return Optional.empty();
            }
            if (json == null) {
                return Optional.empty();
            }
            try {
                KeyFile file = KeyFile.parse(json);
                return file.fingerprint().equals(card.key()) ? Optional.of(file) : Optional.empty();
            } catch (IOException notAKeyFile) {
                return Optional.empty();
            }
        }

        Lookup lookup(boolean fromPins) {
            List<PublishedKey> sorted = keys.values().stream().sorted(NEWEST_FIRST).collect(Collectors.toList());
            return new Lookup(sorted, foreign, malformed, fromPins);
        }
    }
}
