package dev.dos.s3.engine;

import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease that makes one gateway the store's only writer (docs/FORMAT.md section 16.8): a pinned
 * post of ours in the index area naming the key, a holder id and an expiry, renewed by editing it.
 * A live lease of another holder refuses the start; two gateways starting together are told apart
 * by the lower post id; an expired lease is taken over.
 */
final class Lease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lease.class);
    static final String MARKER = "dos-s3-lease v1 ";
    private static final Pattern LINE = Pattern.compile("dos-s3-lease v1 key=([0-9a-f]{32}) holder=([0-9a-f]{32})"
            + " since=(\\S+) until=(\\S+)");

    /** A lease as a post shows it. */
    record Held(String postId, String holder, Instant since, Instant until) {
        boolean liveAt(Instant now) {
            return until.isAfter(now);
        }
    }

    private final StorageRemote remote;
    private final String area;
    private final String keyFingerprint;
    private final String holder;
    private final Clock clock;
    private final Duration ttl;
    private final String postId;
    private final Instant since;
    private Instant until;
    private boolean lost;
    private volatile boolean released;
    private Thread renewer;

    private Lease(StorageRemote remote, String keyFingerprint, String holder, Clock clock, Duration ttl, String postId,
                  Instant since, Instant until) {
        this.remote = remote;
        this.area = remote.areaId(StorageRemote.Area.INDEX);
        this.keyFingerprint = keyFingerprint;
        this.holder = holder;
        this.clock = clock;
        this.ttl = ttl;
        this.postId = postId;
        this.since = since;
        this.until = until;
    }

    /** A lease won, and the index area's pinned posts as last read (the card is among them). */
    record Acquired(Lease lease, List<Post> pinned) {
    }

    /**
     * Takes the store's lease for {@code holder}, or refuses with a {@link LeaseRefusedException}
     * that says who holds it and until when.
     */
    static Acquired acquire(StorageRemote remote, String keyFingerprint, String holder, S3StoreOptions options)
            throws IOException {
        String area = remote.areaId(StorageRemote.Area.INDEX);
        Clock clock = options.clock();
        Instant now = clock.instant();
        Optional<Held> other = live(remote.pinnedPosts(area), keyFingerprint, now).stream()
                .filter(h -> !h.holder().equals(holder)).min(Comparator.comparing(Held::postId, JournalSync::compareIds));
        if (other.isPresent()) {
            throw refusal(other.get(), keyFingerprint);
        }
        Instant until = now.plus(options.leaseTtl());
        Post post = remote.post(area, text(keyFingerprint, holder, now, until), List.of());
        Lease lease = new Lease(remote, keyFingerprint, holder, clock, options.leaseTtl(), post.id(), now, until);
        try {
            remote.pin(area, post.id());
            List<Post> pinned = lease.decide(remote.pinnedPosts(area));
            if (!options.leaseSettle().isZero()) {
                // A racer that posted before us but pinned after our look would be missed: look again.
                Thread.sleep(options.leaseSettle());
                pinned = lease.decide(remote.pinnedPosts(area));
            }
            lease.takeOver(pinned);
            return new Acquired(lease, pinned);
        } catch (IOException | RuntimeException e) {
            lease.deleteQuietly();
            throw e;
        } catch (InterruptedException e) {
            lease.deleteQuietly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while taking the S3 store's lease");
        }
    }

    /** Refuses if a live lease of another holder has a lower post id than ours. */
    private List<Post> decide(List<Post> pinned) throws LeaseRefusedException {
        Instant now = clock.instant();
        Optional<Held> first = live(pinned, keyFingerprint, now).stream()
                .filter(h -> h.postId().equals(postId) || !h.holder().equals(holder))
                .min(Comparator.comparing(Held::postId, JournalSync::compareIds));
        if (first.isPresent() && !first.get().postId().equals(postId)) {
            throw refusal(first.get(), keyFingerprint);
        }
        return pinned;
    }

    /** Deletes expired leases of others and stale leases of our own holder (a crash before). */
    private void takeOver(List<Post> pinned) {
        Instant now = clock.instant();
        for (Post post : pinned) {
            Optional<Held> held = parse(post).filter(h -> post.ours());
            if (held.isEmpty() || post.id().equals(postId)) {
                continue;
            }
            Held h = held.get();
            if (!h.liveAt(now) || h.holder().equals(holder)) {
                log.info("taking over the S3 store's lease {} of holder {} (until {})", h.postId(), h.holder(),
                        h.until());
                try {
                    remote.deletePost(area, h.postId());
                } catch (IOException e) {
                    log.warn("could not delete the old lease {}: {}", h.postId(), e.getMessage());
                }
            }
        }
    }

    /** The live leases of this key among pinned posts (ours only: anyone else's are ignored). */
    static List<Held> live(List<Post> pinned, String keyFingerprint, Instant now) {
        List<Held> out = new ArrayList<>();
        for (Post post : pinned) {
            if (!post.ours()) {
                continue;
            }
            Matcher m = LINE.matcher(post.text());
            if (m.find() && m.group(1).equals(keyFingerprint)) {
                parse(post).filter(h -> h.liveAt(now)).ifPresent(out::add);
            }
        }
        return out;
    }

    static Optional<Held> parse(Post post) {
        Matcher m = LINE.matcher(post.text());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Held(post.id(), m.group(2), Instant.parse(m.group(3)), Instant.parse(m.group(4))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static LeaseRefusedException refusal(Held other, String keyFingerprint) {
        return new LeaseRefusedException("the S3 store of key " + keyFingerprint + " is in use by another gateway"
                + " (holder " + other.holder() + ", lease post " + other.postId() + ", held since " + other.since()
                + ", renewed until " + other.until() + "); stop that gateway first, or, if it is gone for good, start"
                + " again after " + other.until() + ", when its lease has expired and is taken over");
    }

    private static String text(String key, String holder, Instant since, Instant until) {
        return "**dos S3 gateway lease**\n```\n" + MARKER + "key=" + key + " holder=" + holder + " since=" + since
                + " until=" + until + "\n```";
    }

    // ---- holding ---------------------------------------------------------------------------

    String holder() {
        return holder;
    }

    String postId() {
        return postId;
    }

    /**
     * Before a commit post: renews the lease once half its time is gone; fails if it was lost (taken
     * over after it expired) or could not be renewed before it expired.
     */
    synchronized void ensureValid() throws IOException {
        if (lost) {
            throw new LeaseRefusedException("this gateway lost the S3 store's lease; restart it");
        }
        if (released) {
            throw new IOException("the S3 store is closed");
        }
        Instant now = clock.instant();
        if (now.isAfter(until.minus(ttl.dividedBy(2)))) {
            try {
                renew();
            } catch (LeaseRefusedException e) {
                throw e;
            } catch (IOException e) {
                if (!clock.instant().isBefore(until)) {
                    throw new LeaseRefusedException("the S3 store's lease expired and could not be renewed: "
                            + e.getMessage());
                }
            }
        }
    }

    /** Edits the lease to a new expiry; a lease post that is gone means another gateway took over. */
    synchronized void renew() throws IOException {
        if (lost || released) {
            return;
        }
        Instant now = clock.instant();
        Instant next = now.plus(ttl);
        try {
            remote.editText(area, postId, text(keyFingerprint, holder, since, next));
            until = next;
        } catch (RemoteException.NotFound gone) {
            lost = true;
            throw new LeaseRefusedException("the S3 store's lease was taken over by another gateway after it expired"
                    + " at " + until + "; this gateway stops writing");
        }
    }

    /** Renews every {@code every} on a thread of its own until released. */
    synchronized void startRenewing(Duration every) {
        renewer = Thread.ofVirtual().name("dos-s3-lease").start(() -> {
            while (!released && !lost) {
                try {
                    Thread.sleep(every);
                    renew();
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    log.warn("renewing the S3 store's lease failed: {}", e.getMessage());
                }
            }
        });
    }

    /** Gives the store up: the lease post is deleted. */
    @Override
    public void close() {
        stop();
        deleteQuietly();
    }

    /** Stops renewing without deleting the lease (a simulated crash). */
    void stop() {
        Thread r;
        synchronized (this) {
            released = true;
            r = renewer;
        }
        if (r != null) {
            r.interrupt();
        }
    }

    private void deleteQuietly() {
        try {
            remote.deletePost(area, postId);
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete the S3 store's lease {}: {}", postId, e.getMessage());
        }
    }
}
