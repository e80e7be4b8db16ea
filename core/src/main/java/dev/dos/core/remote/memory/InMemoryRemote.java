package dev.dos.core.remote.memory;

import dev.dos.core.remote.Blob;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link StorageRemote} held in memory: thread-safe, honouring its {@link RemoteLimits}, with
 * numeric ids that grow with time like Discord's. It has no test hooks: tests that count calls,
 * inject faults or corrupt blobs wrap it (or any remote) in the test kit's {@code FaultyRemote}.
 */
public final class InMemoryRemote implements StorageRemote {

    /**
     * Discord's limits for an unboosted guild: 10 MiB per attachment, 10 attachments, 2000
     * characters, 24,000,000 bytes of attachments per message (the request cap, less framing).
     */
    public static final RemoteLimits DISCORD_DEFAULT_LIMITS = new RemoteLimits(10L * 1024 * 1024, 10, 2000, 24_000_000);

    private static final int MAX_NAME_CHARS = 100;
    /** As Discord: at most 250 pinned posts per container. */
    public static final int MAX_PINS = 250;

    private final RemoteLimits limits;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Container> containers = new HashMap<>();
    private final Map<Area, String> areas = new EnumMap<>(Area.class);
    private long lastId = 1_000_000_000_000L;
    private volatile boolean closed;

    public InMemoryRemote() {
        this(DISCORD_DEFAULT_LIMITS, Clock.systemUTC());
    }

    public InMemoryRemote(RemoteLimits limits) {
        this(limits, Clock.systemUTC());
    }

    public InMemoryRemote(RemoteLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Area area : Area.values()) {
            String id = nextId();
            containers.put(id, new Container(id, area.name().toLowerCase(), true));
            areas.put(area, id);
        }
    }

    // ---- StorageRemote -------------------------------------------------------------------

    @Override
    public RemoteLimits limits() throws RemoteException {
        ensureOpen();
        return limits;
    }

    @Override
    public String areaId(Area area) {
        ensureOpen();
        return areas.get(Objects.requireNonNull(area, "area"));
    }

    @Override
    public String createContainer(String name) throws RemoteException {
        Objects.requireNonNull(name, "name");
        ensureOpen();
        if (name.isEmpty() || name.length() > MAX_NAME_CHARS) {
            throw new RemoteException.Rejected("container name must be 1 to " + MAX_NAME_CHARS
                    + " characters, got " + name.length());
        }
        lock.lock();
        try {
            String id = nextId();
            containers.put(id, new Container(id, name, false));
            return id;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ContainerInfo> listContainers() throws RemoteException {
        ensureOpen();
        lock.lock();
        try {
            return containers.values().stream()
                    .filter(c -> !c.fixed)
                    .map(c -> new ContainerInfo(c.id, c.name, c.sealed))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sealContainer(String containerId) throws RemoteException {
        ensureOpen();
        lock.lock();
        try {
            Container container = container(containerId);
            if (container.fixed) {
                throw new RemoteException.Rejected("container " + containerId + " is fixed and cannot be sealed");
            }
            container.sealed = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deleteContainer(String containerId) throws RemoteException {
        ensureOpen();
        lock.lock();
        try {
            Container container = containers.get(containerId);
            if (container != null && container.fixed) {
                throw new RemoteException.Rejected("container " + containerId + " is fixed and cannot be deleted");
            }
            containers.remove(containerId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
        return post(containerId, text, blobs, true);
    }

    /**
     * Another member of the same store: it sees the same containers and posts into them, but its
     * posts are not {@link Post#ours() ours} (as a Discord server member or webhook posting in our
     * channels). It is closed with this remote.
     */
    public StorageRemote stranger() {
        return new ForwardingRemote(this) {
            @Override
            public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
                return InMemoryRemote.this.post(containerId, text, blobs, false);
            }

            @Override
            public void close() {
                // the store stays open for its owner
            }
        };
    }

    private Post post(String containerId, String text, List<BlobUpload> blobs, boolean ours) throws RemoteException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(blobs, "blobs");
        ensureOpen();
        checkText(text);
        if (blobs.size() > limits.maxBlobsPerPost()) {
            throw new RemoteException.TooLarge(blobs.size() + " blobs in one post, at most "
                    + limits.maxBlobsPerPost() + " allowed");
        }
        long total = 0;
        for (BlobUpload blob : blobs) {
            if (blob.size() > limits.maxBlobBytes()) {
                throw new RemoteException.TooLarge("blob " + blob.name() + " has " + blob.size()
                        + " bytes, at most " + limits.maxBlobBytes() + " allowed");
            }
            total += blob.size();
        }
        if (total > limits.maxPostBytes()) {
            throw new RemoteException.TooLarge("the blobs of one post have " + total + " bytes together, at most "
                    + limits.maxPostBytes() + " allowed");
        }
        if (text.isEmpty() && blobs.isEmpty()) {
            throw new RemoteException.Rejected("a post needs text or at least one blob");
        }
        List<byte[]> copies = blobs.stream().map(b -> b.bytes().clone()).toList();
        lock.lock();
        try {
            Container container = container(containerId);
            List<StoredBlob> stored = new ArrayList<>(blobs.size());
            for (int i = 0; i < blobs.size(); i++) {
                stored.add(new StoredBlob(nextLong(), blobs.get(i).name(), copies.get(i)));
            }
            StoredPost post = new StoredPost(nextLong(), text, clock.instant(), List.copyOf(stored), ours, 0);
            container.posts.put(post.id(), post);
            container.sealed = false;
            return post.view(containerId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Post editText(String containerId, String postId, String text) throws RemoteException {
        Objects.requireNonNull(text, "text");
        ensureOpen();
        checkText(text);
        lock.lock();
        try {
            StoredPost post = findPost(containerId, postId);
            if (text.isEmpty() && post.blobs().isEmpty()) {
                throw new RemoteException.Rejected("a post needs text or at least one blob");
            }
            StoredPost edited = new StoredPost(post.id(), text, post.createdAt(), post.blobs(), post.ours(),
                    post.pinnedAt());
            container(containerId).posts.put(post.id(), edited);
            return edited.view(containerId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Post> getPost(String containerId, String postId) throws RemoteException {
        ensureOpen();
        lock.lock();
        try {
            Container container = containers.get(containerId);
            Long id = parseId(postId);
            if (container == null || id == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(container.posts.get(id)).map(p -> p.view(containerId));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Post> listPosts(String containerId, String afterPostId, int limit) throws RemoteException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        ensureOpen();
        lock.lock();
        try {
            NavigableMap<Long, StoredPost> posts = container(containerId).posts;
            if (afterPostId != null) {
                Long after = parseId(afterPostId);
                if (after == null) {
                    throw new RemoteException.Rejected("not a post id: " + afterPostId);
                }
                posts = posts.tailMap(after, false);
            }
            return posts.values().stream().limit(limit).map(p -> p.view(containerId)).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deletePost(String containerId, String postId) throws RemoteException {
        ensureOpen();
        lock.lock();
        try {
            Container container = containers.get(containerId);
            Long id = parseId(postId);
            if (container != null && id != null) {
                container.posts.remove(id);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pin(String containerId, String postId) throws RemoteException {
        ensureOpen();
        lock.lock();
        try {
            StoredPost post = findPost(containerId, postId);
            if (post.pinnedAt() != 0) {
                return;
            }
            Container container = container(containerId);
            if (container.posts.values().stream().filter(p -> p.pinnedAt() != 0).count() >= MAX_PINS) {
                throw new RemoteException.Rejected("container " + containerId + " already holds " + MAX_PINS
                        + " pinned posts");
            }
            container.posts.put(post.id(), post.pinned(nextLong()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void unpin(String containerId, String postId) throws RemoteException {
        ensureOpen();
        lock.lock();
        try {
            Container container = containers.get(containerId);
            Long id = parseId(postId);
            StoredPost post = container == null || id == null ? null : container.posts.get(id);
            if (post != null && post.pinnedAt() != 0) {
                container.posts.put(post.id(), post.pinned(0));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Post> pinnedPosts(String containerId) throws RemoteException {
        ensureOpen();
        lock.lock();
        try {
            return container(containerId).posts.values().stream()
                    .filter(p -> p.pinnedAt() != 0)
                    .sorted(java.util.Comparator.comparingLong(StoredPost::pinnedAt).reversed())
                    .map(p -> p.view(containerId))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public InputStream openBlob(BlobRef ref) throws RemoteException {
        Objects.requireNonNull(ref, "ref");
        ensureOpen();
        lock.lock();
        try {
            // Stored arrays are never mutated, so no copy is needed.
            return new ByteArrayInputStream(blob(findPost(ref.containerId(), ref.postId()), ref).bytes());
        } finally {
            lock.unlock();
        }
    }

    /** Only the range is handed out. */
    @Override
    public InputStream openBlob(BlobRef ref, long offset, long length) throws RemoteException {
        Objects.requireNonNull(ref, "ref");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + "+" + length);
        }
        ensureOpen();
        lock.lock();
        try {
            byte[] bytes = blob(findPost(ref.containerId(), ref.postId()), ref).bytes();
            if (offset + length > bytes.length) {
                throw new RemoteException.Rejected("range " + offset + "+" + length + " reaches past the end of blob "
                        + ref.blobId() + " (" + bytes.length + " bytes)");
            }
            return new ByteArrayInputStream(bytes, (int) offset, (int) length);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    // ---- internals -----------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the remote is closed");
        }
    }

    private void checkText(String text) throws RemoteException.TooLarge {
        if (text.length() > limits.maxTextChars()) {
            throw new RemoteException.TooLarge("post text has " + text.length() + " characters, at most "
                    + limits.maxTextChars() + " allowed");
        }
    }

    /** Callers hold the lock. */
    private Container container(String containerId) throws RemoteException.NotFound {
        Container container = containers.get(containerId);
        if (container == null) {
            throw new RemoteException.NotFound("no container " + containerId);
        }
        return container;
    }

    /** Callers hold the lock. */
    private StoredPost findPost(String containerId, String postId) throws RemoteException.NotFound {
        Long id = parseId(postId);
        StoredPost post = id == null ? null : container(containerId).posts.get(id);
        if (post == null) {
            throw new RemoteException.NotFound("no post " + postId + " in container " + containerId);
        }
        return post;
    }

    private static StoredBlob blob(StoredPost post, BlobRef ref) throws RemoteException.NotFound {
        return post.blobs().stream()
                .filter(b -> Long.toString(b.id()).equals(ref.blobId()))
                .findFirst()
                .orElseThrow(() -> new RemoteException.NotFound("no blob " + ref.blobId() + " in post "
                        + ref.postId() + " of container " + ref.containerId()));
    }

    private static Long parseId(String id) {
        if (id == null || id.isEmpty() || id.length() > 19 || !id.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(id);
    }

    /** Callers hold the lock (or are the constructor). */
    private long nextLong() {
        return ++lastId;
    }

    private String nextId() {
        return Long.toString(nextLong());
    }

    private static final class Container {
        final String id;
        final String name;
        final boolean fixed;
        final NavigableMap<Long, StoredPost> posts = new TreeMap<>();
        boolean sealed;

        Container(String id, String name, boolean fixed) {
            this.id = id;
            this.name = name;
            this.fixed = fixed;
        }
    }

    private record StoredBlob(long id, String name, byte[] bytes) {
    }

    /**
     * {@code ours}: posted through this remote rather than through a {@link #stranger()};
     * {@code pinnedAt}: 0 when not pinned, else a sequence number that grows with each pin.
     */
    private record StoredPost(long id, String text, Instant createdAt, List<StoredBlob> blobs, boolean ours,
                              long pinnedAt) {
        StoredPost pinned(long at) {
            return new StoredPost(id, text, createdAt, blobs, ours, at);
        }

        Post view(String containerId) {
            String postId = Long.toString(id);
            List<Blob> views = blobs.stream()
                    .map(b -> new Blob(new BlobRef(containerId, postId, Long.toString(b.id())), b.name(), b.bytes().length))
                    .toList();
            return new Post(containerId, postId, text, createdAt, views, ours);
        }
    }
}
