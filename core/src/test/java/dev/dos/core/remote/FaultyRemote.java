package dev.dos.core.remote;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * The test kit's one fault-injecting remote: it wraps any {@link StorageRemote} (the in-memory one,
 * the emulator, Discord) and misbehaves on cue, the ways a network and Discord do. It
 * <ul>
 *   <li>counts calls per {@link Operation}, failed ones included ({@link #calls(Operation)});</li>
 *   <li>applies a {@link Fault} to chosen calls: fail without reaching the remote, do the call but
 *       lose its answer, do it twice (a retry after a lost answer), or hold it at a {@link Gate}
 *       until the test opens it ({@link #inject}, {@link #failNext}, {@link #gate});</li>
 *   <li>serves other bytes for a stored blob, as a corrupting or tampering remote would
 *       ({@link #overwriteBlob}).</li>
 * </ul>
 * With no fault set it keeps the storage contract exactly (its conformance test says so).
 * Closing it closes the remote it wraps.
 */
public final class FaultyRemote extends ForwardingRemote {

    /** The calls of a {@link StorageRemote} that are counted and can be made to fail. */
    public enum Operation {
        LIMITS,
        CREATE_CONTAINER,
        LIST_CONTAINERS,
        LIST_OPEN_CONTAINERS,
        SEAL_CONTAINER,
        DELETE_CONTAINER,
        POST,
        EDIT_TEXT,
        GET_POST,
        LIST_POSTS,
        DELETE_POST,
        PIN,
        UNPIN,
        PINNED_POSTS,
        /** Whole blobs and ranges alike. */
        OPEN_BLOB
    }

    /**
     * One call, as a fault's condition sees it.
     *
     * @param number      which call of its operation this is, from 1 over the remote's life
     * @param containerId the container it addresses, or null (limits, creating and listing containers)
     * @param text        the text it posts or writes, or null
     */
    public record Call(Operation operation, long number, String containerId, String text) {
    }

    /** What happens to a call a fault applies to. */
    public sealed interface Fault {
        /** The call fails with {@code failure} and never reaches the remote. */
        static Fault fail(RemoteException failure) {
            return new Fail(Objects.requireNonNull(failure, "failure"));
        }

        /** The call is done, then fails as if the connection dropped before the answer came. */
        static Fault loseAnswer() {
            return new LoseAnswer();
        }

        /** The call is done twice (a retry after a lost answer) and answered with the second result. */
        static Fault twice() {
            return new Twice();
        }

        /** The call waits at {@code gate} until the test opens it, then goes on. */
        static Fault hold(Gate gate) {
            return new Hold(Objects.requireNonNull(gate, "gate"));
        }
    }

    private record Fail(RemoteException failure) implements Fault {
    }

    private record LoseAnswer() implements Fault {
    }

    private record Twice() implements Fault {
    }

    private record Hold(Gate gate) implements Fault {
    }

    /** Where a held call waits: the test learns that a call arrived and chooses when it goes on. */
    public static final class Gate {
        private static final Duration NEVER_OPENED = Duration.ofMinutes(2);

        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        /** Waits until a call is held here; false if none came within {@code timeout}. */
        public boolean awaitHeld(Duration timeout) throws InterruptedException {
            return reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Whether a call has reached the gate. */
        public boolean held() {
            return reached.getCount() == 0;
        }

        /** Lets the held call (and any later one) through. */
        public void open() {
            opened.countDown();
        }

        void pass() throws RemoteException {
            reached.countDown();
            try {
                if (!opened.await(NEVER_OPENED.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new RemoteException.Transient("the test never opened the gate", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteException.Transient("interrupted at the gate", new InterruptedIOException());
            }
        }
    }

    /** A fault waiting for the calls it applies to. */
    private static final class Rule {
        final Operation operation;
        final Predicate<Call> when;
        final Fault fault;
        long left;

        Rule(Operation operation, Predicate<Call> when, long times, Fault fault) {
            this.operation = operation;
            this.when = when;
            this.left = times;
            this.fault = fault;
        }
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws RemoteException;
    }

    private final AtomicLongArray calls = new AtomicLongArray(Operation.values().length);
    private final List<Rule> rules = new ArrayList<>();
    private final Map<BlobRef, byte[]> overwritten = new HashMap<>();

    public FaultyRemote(StorageRemote delegate) {
        super(delegate);
    }

    // ---- test controls -------------------------------------------------------------------

    /** How many times {@code operation} was called, failed calls included. */
    public long calls(Operation operation) {
        return calls.get(operation.ordinal());
    }

    /** Every call so far, all operations together. */
    public long calls() {
        long sum = 0;
        for (Operation op : Operation.values()) {
            sum += calls(op);
        }
        return sum;
    }

    /**
     * Applies {@code fault} to the next {@code times} calls of {@code operation} that satisfy
     * {@code when}. Faults apply in the order they were set; a call takes at most one.
     */
    public synchronized FaultyRemote inject(Operation operation, Predicate<Call> when, long times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        rules.add(new Rule(Objects.requireNonNull(operation, "operation"), Objects.requireNonNull(when, "when"), times,
                Objects.requireNonNull(fault, "fault")));
        return this;
    }

    /** Applies {@code fault} to the next call of {@code operation}. */
    public FaultyRemote inject(Operation operation, Fault fault) {
        return inject(operation, call -> true, 1, fault);
    }

    /** Applies {@code fault} to the next call of {@code operation} that satisfies {@code when}. */
    public FaultyRemote inject(Operation operation, Predicate<Call> when, Fault fault) {
        return inject(operation, when, 1, fault);
    }

    /** Applies {@code fault} to call number {@code number} (from 1, over the remote's life) of {@code operation}. */
    public FaultyRemote injectAt(Operation operation, long number, Fault fault) {
        return inject(operation, call -> call.number() == number, 1, fault);
    }

    /** Makes the next call of {@code operation} throw {@code failure}; failures set one after another come in order. */
    public FaultyRemote failNext(Operation operation, RemoteException failure) {
        return inject(operation, Fault.fail(failure));
    }

    /** Makes the next {@code times} calls of {@code operation} throw {@code failure}. */
    public FaultyRemote failNext(Operation operation, long times, RemoteException failure) {
        return inject(operation, call -> true, times, Fault.fail(failure));
    }

    /**
     * Holds the next call of {@code operation} that satisfies {@code when}, after letting
     * {@code passing} such calls through, until the returned gate is opened.
     */
    public Gate gate(Operation operation, int passing, Predicate<Call> when) {
        Gate gate = new Gate();
        inject(operation, nth(passing + 1, when), Fault.hold(gate));
        return gate;
    }

    /** Calls into batch containers: neither area (batch cards and backups go to the areas). */
    public Predicate<Call> inBatchContainers() {
        return call -> call.containerId() != null && !call.containerId().equals(delegate.areaId(Area.INDEX))
                && !call.containerId().equals(delegate.areaId(Area.BACKUP));
    }

    /** Calls into one of the fixed containers. */
    public Predicate<Call> inArea(Area area) {
        return call -> delegate.areaId(area).equals(call.containerId());
    }

    /**
     * True for the {@code n}-th call (from 1) satisfying {@code when}, counted from now; every
     * call is offered to every fault's condition, so the count holds while other faults are set.
     */
    public static Predicate<Call> nth(long n, Predicate<Call> when) {
        long[] seen = {0};
        return call -> when.test(call) && ++seen[0] == n;
    }

    /**
     * From now on, reading the blob at {@code ref} yields {@code bytes} (and listing it shows their
     * size), as a remote that corrupted or replaced it would. A missing blob is
     * {@link RemoteException.NotFound}.
     */
    public void overwriteBlob(BlobRef ref, byte[] bytes) throws RemoteException {
        Post post = delegate.getPost(ref.containerId(), ref.postId())
                .orElseThrow(() -> new RemoteException.NotFound("no post " + ref.postId() + " in container "
                        + ref.containerId()));
        if (post.blobs().stream().noneMatch(b -> b.ref().equals(ref))) {
            throw new RemoteException.NotFound("no blob " + ref.blobId() + " in post " + ref.postId());
        }
        synchronized (this) {
            overwritten.put(ref, bytes.clone());
        }
    }

    // ---- StorageRemote -------------------------------------------------------------------

    @Override
    public RemoteLimits limits() throws RemoteException {
        return call(Operation.LIMITS, null, null, delegate::limits);
    }

    @Override
    public String createContainer(String name) throws RemoteException {
        return call(Operation.CREATE_CONTAINER, null, name, () -> delegate.createContainer(name));
    }

    @Override
    public List<ContainerInfo> listContainers() throws RemoteException {
        return call(Operation.LIST_CONTAINERS, null, null, delegate::listContainers);
    }

    @Override
    public List<ContainerInfo> listOpenContainers() throws RemoteException {
        return call(Operation.LIST_OPEN_CONTAINERS, null, null, delegate::listOpenContainers);
    }

    @Override
    public void sealContainer(String containerId) throws RemoteException {
        call(Operation.SEAL_CONTAINER, containerId, null, () -> {
            delegate.sealContainer(containerId);
            return null;
        });
    }

    @Override
    public void deleteContainer(String containerId) throws RemoteException {
        call(Operation.DELETE_CONTAINER, containerId, null, () -> {
            delegate.deleteContainer(containerId);
            return null;
        });
    }

    @Override
    public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
        return call(Operation.POST, containerId, text, () -> delegate.post(containerId, text, blobs));
    }

    @Override
    public Post editText(String containerId, String postId, String text) throws RemoteException {
        return view(call(Operation.EDIT_TEXT, containerId, text, () -> delegate.editText(containerId, postId, text)));
    }

    @Override
    public Optional<Post> getPost(String containerId, String postId) throws RemoteException {
        return call(Operation.GET_POST, containerId, null, () -> delegate.getPost(containerId, postId)).map(this::view);
    }

    @Override
    public List<Post> listPosts(String containerId, String afterPostId, int limit) throws RemoteException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return views(call(Operation.LIST_POSTS, containerId, null,
                () -> delegate.listPosts(containerId, afterPostId, limit)));
    }

    @Override
    public void deletePost(String containerId, String postId) throws RemoteException {
        call(Operation.DELETE_POST, containerId, null, () -> {
            delegate.deletePost(containerId, postId);
            return null;
        });
    }

    @Override
    public void pin(String containerId, String postId) throws RemoteException {
        call(Operation.PIN, containerId, null, () -> {
            delegate.pin(containerId, postId);
            return null;
        });
    }

    @Override
    public void unpin(String containerId, String postId) throws RemoteException {
        call(Operation.UNPIN, containerId, null, () -> {
            delegate.unpin(containerId, postId);
            return null;
        });
    }

    @Override
    public List<Post> pinnedPosts(String containerId) throws RemoteException {
        return views(call(Operation.PINNED_POSTS, containerId, null, () -> delegate.pinnedPosts(containerId)));
    }

    @Override
    public InputStream openBlob(BlobRef ref) throws RemoteException {
        Objects.requireNonNull(ref, "ref");
        return call(Operation.OPEN_BLOB, ref.containerId(), null, () -> {
            InputStream stored = delegate.openBlob(ref);
            byte[] replaced = replacement(ref);
            if (replaced == null) {
                return stored;
            }
            closeQuietly(stored);
            return new ByteArrayInputStream(replaced);
        });
    }

    @Override
    public InputStream openBlob(BlobRef ref, long offset, long length) throws RemoteException {
        Objects.requireNonNull(ref, "ref");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + "+" + length);
        }
        return call(Operation.OPEN_BLOB, ref.containerId(), null, () -> {
            byte[] replaced = replacement(ref);
            if (replaced == null) {
                return delegate.openBlob(ref, offset, length);
            }
            closeQuietly(delegate.openBlob(ref));
            if (offset + length > replaced.length) {
                throw new RemoteException.Rejected("range " + offset + "+" + length + " reaches past the end of blob "
                        + ref.blobId() + " (" + replaced.length + " bytes)");
            }
            return new ByteArrayInputStream(replaced, (int) offset, (int) length);
        });
    }

    // ---- internals -----------------------------------------------------------------------

    private <T> T call(Operation operation, String containerId, String text, Action<T> action) throws RemoteException {
        Call call = new Call(operation, calls.incrementAndGet(operation.ordinal()), containerId, text);
        Fault fault = take(call);
        if (fault == null) {
            return action.run();
        }
        return switch (fault) {
            case Fail f -> throw f.failure();
            case LoseAnswer l -> {
                T answer = action.run();
                if (answer instanceof Closeable closeable) {
                    closeQuietly(closeable);
                }
                throw new RemoteException.Transient("connection reset after the " + operation
                        + " was done (test fault)", null);
            }
            case Twice t -> {
                T first = action.run();
                if (first instanceof Closeable closeable) {
                    closeQuietly(closeable);
                }
                yield action.run();
            }
            case Hold h -> {
                h.gate().pass();
                yield action.run();
            }
        };
    }

    /** The first fault that applies to {@code call}, used up by one; every rule sees every call of its operation. */
    private synchronized Fault take(Call call) {
        Rule taken = null;
        for (Rule rule : rules) {
            if (rule.operation == call.operation() && rule.when.test(call) && taken == null) {
                taken = rule;
            }
        }
        if (taken == null) {
            return null;
        }
        if (--taken.left == 0) {
            rules.remove(taken);
        }
        return taken.fault;
    }

    private synchronized byte[] replacement(BlobRef ref) {
        return overwritten.get(ref);
    }

    private List<Post> views(List<Post> posts) {
        synchronized (this) {
            if (overwritten.isEmpty()) {
                return posts;
            }
        }
        return posts.stream().map(this::view).toList();
    }

    /** The post as listed after {@link #overwriteBlob}: overwritten blobs show their new size. */
    private Post view(Post post) {
        List<Blob> blobs = new ArrayList<>(post.blobs().size());
        boolean changed = false;
        for (Blob blob : post.blobs()) {
            byte[] replaced = replacement(blob.ref());
            changed |= replaced != null;
            blobs.add(replaced == null ? blob : new Blob(blob.ref(), blob.name(), replaced.length));
        }
        return changed ? new Post(post.containerId(), post.id(), post.text(), post.createdAt(), blobs, post.ours())
                : post;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // the bytes are not wanted
        }
    }
}
