package dev.dos.discord;

import dev.dos.core.remote.Blob;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.Ticker;
import dev.dos.discord.api.Attachment;
import dev.dos.discord.api.Channel;
import dev.dos.discord.api.Message;
import dev.dos.discord.api.PinnedMessages;
import dev.dos.discord.api.ThreadList;
import dev.dos.discord.api.ThreadMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * {@link StorageRemote} on Discord. Batch containers are public threads of the storage channel;
 * the fixed areas are the index and backup channels; posts are messages and blobs their
 * attachments. Only ids are kept: attachment links expire, so each download asks for a fresh one.
 *
 * <p>Sealing archives the thread, because a guild may have at most 1,000 active threads.
 * Posting into a sealed (archived) container opens it again. Editing a post in a sealed container
 * unarchives the thread for the edit and archives it again.
 *
 * <p>Note: Discord lists no messages, rather than refusing, when the bot lacks
 * READ_MESSAGE_HISTORY in a channel; such a container looks empty.
 */
public final class DiscordRemote implements StorageRemote {

    static final int MAX_ATTACHMENTS = 10;
    static final int MAX_CONTENT_CHARS = 2000;
    static final int MAX_THREAD_NAME_CHARS = 100;
    /**
     * Attachment bytes per message: Discord caps a whole upload request at about 25 MiB (25 MB by
     * some accounts), framing included; this stays below both. Boosted guilds, whose single files
     * may be larger, can always send one file at their limit.
     */
    static final long MAX_MESSAGE_FILE_BYTES = 24_000_000;
    /** One week: the longest auto-archive period; batches are sealed explicitly once complete. */
    static final int AUTO_ARCHIVE_MINUTES = 10080;
    private static final int PAGE = 100;
    /** Discord lists at most 50 pins per request. */
    private static final int PINS_PAGE = 50;
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    private static final Comparator<String> BY_ID = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    /** Posts of one container that an expected read needs before a page of 100 beats one request each. */
    static final int BULK_POSTS = 2;

    private final DiscordSettings settings;
    private final DiscordRestClient client;
    private final MessageCache messages;
    private final Set<String> bulkChannels = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, ReentrantLock> pageLocks = new ConcurrentHashMap<>();
    private volatile RemoteLimits limits;
    private volatile String botUserId;
    private volatile boolean closed;

    public DiscordRemote(DiscordSettings settings, DiscordRestClient client) {
        this(settings, client, Ticker.SYSTEM);
    }

    /** {@code ticker}: the clock the links kept from listings age by (tests move it). */
    DiscordRemote(DiscordSettings settings, DiscordRestClient client, Ticker ticker) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.messages = new MessageCache(Objects.requireNonNull(ticker, "ticker"));
    }

    /** A remote with its own client; closing the remote closes the client. */
    public static DiscordRemote connect(DiscordSettings settings, RestListener listener) {
        return new DiscordRemote(settings, new DiscordRestClient(settings, listener));
    }

    public static DiscordRemote connect(DiscordSettings settings) {
        return connect(settings, RestListener.NONE);
    }

    /** The per-file upload limit for a guild boost tier: 10 MiB up to tier 1, 50 MiB at 2, 100 MiB at 3. */
    public static long uploadLimit(int premiumTier) {
        return switch (premiumTier) {
            case 2 -> 50L * 1024 * 1024;
            case 3 -> 100L * 1024 * 1024;
            default -> 10L * 1024 * 1024;
        };
    }

    @Override
    public RemoteLimits limits() throws RemoteException {
        ensureOpen();
        RemoteLimits known = limits;
        if (known == null) {
            int tier = client.guild(settings.guildId()).premiumTier();
            long perFile = uploadLimit(tier);
            known = new RemoteLimits(perFile, MAX_ATTACHMENTS, MAX_CONTENT_CHARS, Math.max(perFile, MAX_MESSAGE_FILE_BYTES));
            limits = known;
        }
        return known;
    }

    @Override
    public String areaId(Area area) {
        ensureOpen();
        return switch (Objects.requireNonNull(area, "area")) {
            case INDEX -> settings.indexChannelId();
            case BACKUP -> settings.backupChannelId();
        };
    }

    @Override
    public String createContainer(String name) throws RemoteException {
        Objects.requireNonNull(name, "name");
        ensureOpen();
        if (name.isEmpty() || name.length() > MAX_THREAD_NAME_CHARS) {
            throw new RemoteException.Rejected("a container name must be 1 to " + MAX_THREAD_NAME_CHARS
                    + " characters, got " + name.length());
        }
        AtomicBoolean uncertain = new AtomicBoolean();
        String id = client.createPublicThread(settings.storageChannelId(), name, AUTO_ARCHIVE_MINUTES,
                () -> uncertain.set(true)).id();
        if (uncertain.get()) {
            removeTwins(name, id);
        }
        return id;
    }

    /**
     * After a retried thread creation whose earlier attempt may have gone through (its answer was
     * lost), deletes the other new threads of that name: empty, and nobody knows their ids.
     * Without this a batch kept an orphan twin thread that its delete never found.
     */
    private void removeTwins(String name, String keep) throws RemoteException {
        for (Channel thread : client.activeThreads(settings.guildId()).threads()) {
            if (isContainer(thread) && name.equals(thread.name()) && !thread.id().equals(keep)) {
                try {
                    client.deleteChannel(thread.id());
                } catch (RemoteException.NotFound gone) {
                    // already gone
                }
            }
        }
    }

    @Override
    public List<ContainerInfo> listContainers() throws RemoteException {
        ensureOpen();
        Map<String, ContainerInfo> found = new LinkedHashMap<>();
        for (Channel thread : client.activeThreads(settings.guildId()).threads()) {
            if (isContainer(thread)) {
                found.put(thread.id(), info(thread));
            }
        }
        // Pages go back in archive time, each before the last one's time. Threads archived in the same
        // millisecond as a page's last one may not all fit in it, and "before" excludes that
        // millisecond: so the next page starts just after it (reading those threads again, kept once),
        // unless a whole page shared one millisecond (then it moves past it, as it must to go on).
        Set<String> seenThreads = new HashSet<>();
        String before = null;
        ThreadList page;
        do {
            page = client.archivedPublicThreads(settings.storageChannelId(), before, PAGE);
            boolean progress = false;
            for (Channel thread : page.threads()) {
                progress |= seenThreads.add(thread.id());
                if (isContainer(thread)) {
                    found.putIfAbsent(thread.id(), info(thread));
                }
            }
            ThreadMetadata last = page.threads().isEmpty() ? null : page.threads().getLast().threadMetadata();
            String lastTime = last == null ? null : last.archiveTimestamp();
            if (lastTime == null || !progress) {
                break;
            }
            String next = justAfter(lastTime);
            before = next.equals(before) ? lastTime : next;
        } while (page.hasMore());
        return List.copyOf(found.values());
    }

    /** The guild's active threads of the storage channel: one request, however many are archived. */
    @Override
    public List<ContainerInfo> listOpenContainers() throws RemoteException {
        ensureOpen();
        List<ContainerInfo> found = new ArrayList<>();
        for (Channel thread : client.activeThreads(settings.guildId()).threads()) {
            if (isContainer(thread) && !thread.archived()) {
                found.add(info(thread));
            }
        }
        return found;
    }

    @Override
    public void sealContainer(String containerId) throws RemoteException {
        ensureOpen();
        requireBatchId(containerId, "sealed");
        try {
            client.setArchived(containerId, true);
        } catch (ThreadArchivedException alreadySealed) {
            // Discord refuses to modify an archived thread: it is sealed already
        }
    }

    @Override
    public void deleteContainer(String containerId) throws RemoteException {
        ensureOpen();
        if (!isId(containerId)) {
            return;
        }
        requireBatchId(containerId, "deleted");
        Channel channel;
        try {
            channel = client.channel(containerId);
        } catch (RemoteException.NotFound gone) {
            return;
        }
        // Deleting a channel cannot be undone: only ever delete a thread of the storage channel.
        if (!isContainer(channel)) {
            throw new RemoteException.Rejected("channel " + containerId + " is not a batch container (a thread of"
                    + " storage channel " + settings.storageChannelId() + "); it is not deleted");
        }
        messages.forgetChannel(containerId);
        try {
            client.deleteChannel(containerId);
        } catch (RemoteException.NotFound gone) {
            // deleted meanwhile: the outcome is the same
        }
    }

    @Override
    public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(blobs, "blobs");
        ensureOpen();
        checkPost(text, blobs);
        String channelId = requireId(containerId, "container");
        Message message;
        try {
            message = client.createMessage(channelId, text, blobs);
        } catch (ThreadArchivedException archived) {
            // Discord reopens an archived thread on a new message unless it is locked too.
            reopen(channelId);
            message = client.createMessage(channelId, text, blobs);
        }
        return toPost(containerId, message);
    }

    @Override
    public Post editText(String containerId, String postId, String text) throws RemoteException {
        Objects.requireNonNull(text, "text");
        ensureOpen();
        checkText(text);
        String channelId = requireId(containerId, "container");
        String messageId = requireId(postId, "post");
        return toPost(containerId, inArchivedThread(channelId, () -> client.editContent(channelId, messageId, text)));
    }

    @Override
    public Optional<Post> getPost(String containerId, String postId) throws RemoteException {
        ensureOpen();
        if (!isId(containerId) || !isId(postId)) {
            return Optional.empty();
        }
        try {
            Message message = client.message(containerId, postId);
            messages.put(containerId, message); // its links are fresh: opening its blobs next costs nothing
            return Optional.of(toPost(containerId, message));
        } catch (RemoteException.NotFound missing) {
            return Optional.empty();
        }
    }

    @Override
    public List<Post> listPosts(String containerId, String afterPostId, int limit) throws RemoteException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        ensureOpen();
        String channelId = requireId(containerId, "container");
        String after = afterPostId == null ? "0" : afterPostId;
        if (!isId(after)) {
            throw new RemoteException.Rejected("not a post id: " + afterPostId);
        }
        List<Post> posts = new ArrayList<>();
        while (posts.size() < limit) {
            int want = Math.min(PAGE, limit - posts.size());
            // Discord answers newest first, even when paging forward with "after": sort each page.
            List<Message> page = new ArrayList<>(client.messagesAfter(channelId, after, want));
            page.sort(Comparator.comparing(Message::id, BY_ID));
            for (Message message : page) {
                posts.add(toPost(containerId, message));
                // The listing carried fresh links: opening one of these blobs next costs no request.
                messages.put(channelId, message);
            }
            if (page.size() < want) {
                break;
            }
            after = page.getLast().id();
        }
        return posts;
    }

    @Override
    public void deletePost(String containerId, String postId) throws RemoteException {
        ensureOpen();
        if (!isId(containerId) || !isId(postId)) {
            return;
        }
        messages.forget(containerId, postId);
        try {
            client.deleteMessage(containerId, postId);
        } catch (RemoteException.NotFound gone) {
            // already deleted (or its container is): the outcome is the same
        }
    }

    /** Discord's current pin route; in an archived thread the thread is opened for the pin and archived again. */
    @Override
    public void pin(String containerId, String postId) throws RemoteException {
        ensureOpen();
        String channelId = requireId(containerId, "container");
        String messageId = requireId(postId, "post");
        inArchivedThread(channelId, () -> {
            client.pinMessage(channelId, messageId);
            return null;
        });
    }

    @Override
    public void unpin(String containerId, String postId) throws RemoteException {
        ensureOpen();
        if (!isId(containerId) || !isId(postId)) {
            return;
        }
        try {
            inArchivedThread(containerId, () -> {
                client.unpinMessage(containerId, postId);
                return null;
            });
        } catch (RemoteException.NotFound gone) {
            // the message (or its channel) is gone: it is not pinned either
        }
    }

    /** Pages of 50 (Discord's maximum), each continuing before the last pin's time. */
    @Override
    public List<Post> pinnedPosts(String containerId) throws RemoteException {
        ensureOpen();
        String channelId = requireId(containerId, "container");
        Map<String, Post> posts = new LinkedHashMap<>();
        String before = null;
        while (true) {
            PinnedMessages page = client.pins(channelId, before, PINS_PAGE);
            for (PinnedMessages.Item item : page.items()) {
                posts.putIfAbsent(item.message().id(), toPost(containerId, item.message()));
            }
            String next = page.items().isEmpty() ? null : page.items().getLast().pinnedAt();
            if (!page.hasMore() || next == null || next.equals(before)) {
                return List.copyOf(posts.values());
            }
            before = next;
        }
    }

    @Override
    public InputStream openBlob(BlobRef ref) throws RemoteException {
        Objects.requireNonNull(ref, "ref");
        ensureOpen();
        String channelId = requireId(ref.containerId(), "container");
        String messageId = requireId(ref.postId(), "post");
        String attachmentId = requireId(ref.blobId(), "blob");
        try {
            Message message = cachedMessage(channelId, messageId);
            Attachment attachment = message.attachment(attachmentId).orElseThrow(() -> new RemoteException.NotFound(
                    "Discord has no attachment " + attachmentId + " of message " + messageId + " in channel "
                            + channelId));
            return client.openAttachment(channelId, messageId, attachment);
        } catch (RemoteException e) {
            throw e;
        } catch (IOException e) {
            throw new RemoteException.Transient("could not download blob " + attachmentId + ": " + e.getMessage(), e);
        }
    }

    /** A byte range of an attachment: an HTTP Range request to the CDN (a chunk inside a pack). */
    @Override
    public InputStream openBlob(BlobRef ref, long offset, long length) throws RemoteException {
        Objects.requireNonNull(ref, "ref");
        ensureOpen();
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + "+" + length);
        }
        String channelId = requireId(ref.containerId(), "container");
        String messageId = requireId(ref.postId(), "post");
        String attachmentId = requireId(ref.blobId(), "blob");
        try {
            Message message = cachedMessage(channelId, messageId);
            Attachment attachment = message.attachment(attachmentId).orElseThrow(() -> new RemoteException.NotFound(
                    "Discord has no attachment " + attachmentId + " of message " + messageId + " in channel "
                            + channelId));
            if (length == 0 && offset <= attachment.size()) {
                return InputStream.nullInputStream();
            }
            return client.openAttachment(channelId, messageId, attachment, offset, length);
        } catch (RemoteException e) {
            throw e;
        } catch (IOException e) {
            throw new RemoteException.Transient("could not download blob " + attachmentId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Marks the containers from which several posts will be read: their messages are then read a
     * page of 100 at a time, starting at the first one asked for, instead of one request each. And
     * refreshes in bulk the links of the messages a listing left here whose links have expired
     * since: {@code refresh-urls} takes 50 links a request; where Discord no longer serves it, the
     * messages are read again a page of 100 at a time. Never one request per message.
     */
    @Override
    public void expectReads(List<BlobRef> refs) {
        Map<String, Set<String>> postsByContainer = new HashMap<>();
        for (BlobRef ref : refs) {
            postsByContainer.computeIfAbsent(ref.containerId(), c -> new HashSet<>()).add(ref.postId());
        }
        postsByContainer.forEach((container, posts) -> {
            if (posts.size() >= BULK_POSTS && isId(container)) {
                bulkChannels.add(container);
            }
        });
        try {
            refreshStale(postsByContainer);
        } catch (RemoteException | RuntimeException unprepared) {
            // Preparing is a favour: each download still gets a fresh link by itself.
        }
    }

    /** Renews the links of the kept messages among {@code postsByContainer} whose links expired. */
    private void refreshStale(Map<String, Set<String>> postsByContainer) throws RemoteException {
        Map<String, List<Message>> stale = new LinkedHashMap<>();
        List<String> urls = new ArrayList<>();
        postsByContainer.forEach((container, posts) -> {
            if (!isId(container)) {
                return;
            }
            for (String post : posts) {
                if (isId(post)) {
                    messages.stale(container, post).ifPresent(m -> {
                        stale.computeIfAbsent(container, c -> new ArrayList<>()).add(m);
                        m.attachments().forEach(a -> urls.add(a.url()));
                    });
                }
            }
        });
        if (stale.isEmpty()) {
            return;
        }
        Optional<Map<String, String>> fresh = urls.isEmpty() ? Optional.of(Map.of()) : client.refreshLinks(urls);
        if (fresh.isPresent()) {
            stale.forEach((container, list) -> list.forEach(m -> {
                List<Attachment> renewed = new ArrayList<>();
                for (Attachment a : m.attachments()) {
                    String url = fresh.get().get(a.url());
                    if (url == null) {
                        messages.forget(container, m.id()); // read again when it is opened
                        return;
                    }
                    renewed.add(new Attachment(a.id(), a.filename(), a.size(), url));
                }
                messages.put(container, new Message(m.id(), m.channelId(), m.content(), m.timestamp(), renewed,
                        m.author(), m.webhookId()));
            }));
            return;
        }
        // refresh-urls is withdrawn: read the messages again, a page of 100 per request.
        for (Map.Entry<String, List<Message>> entry : stale.entrySet()) {
            String container = entry.getKey();
            List<String> ids = new ArrayList<>(entry.getValue().stream().map(Message::id).toList());
            ids.sort(BY_ID);
            Set<String> renewed = new HashSet<>();
            for (String id : ids) {
                if (renewed.contains(id)) {
                    continue;
                }
                String before = new BigInteger(id).subtract(BigInteger.ONE).toString();
                for (Message message : client.messagesAfter(container, before, PAGE)) {
                    messages.put(container, message);
                    renewed.add(message.id());
                }
                renewed.add(id); // gone, if the page did not bring it: its download will say so
            }
        }
    }

    /**
     * The message, from the cache when it was read lately (its links are then still good or will
     * be refreshed by the download); in a container read in bulk, with the page of up to 100
     * messages it starts; else read alone. One worker per container reads while the others wait
     * for the cache, so concurrent downloads of one message's attachments read it once.
     */
    private Message cachedMessage(String channelId, String messageId) throws RemoteException {
        Optional<Message> known = messages.get(channelId, messageId);
        if (known.isPresent()) {
            return known.get();
        }
        ReentrantLock lock = pageLocks.computeIfAbsent(channelId, c -> new ReentrantLock());
        lock.lock();
        try {
            known = messages.get(channelId, messageId); // another worker may have read it meanwhile
            if (known.isEmpty() && bulkChannels.contains(channelId)) {
                String before = new BigInteger(messageId).subtract(BigInteger.ONE).toString();
                for (Message message : client.messagesAfter(channelId, before, PAGE)) {
                    messages.put(channelId, message);
                }
                known = messages.get(channelId, messageId);
            }
            if (known.isPresent()) {
                return known.get();
            }
            Message message = client.message(channelId, messageId);
            messages.put(channelId, message);
            return message;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }

    // ---- mapping and checks ----------------------------------------------------------------

    private void checkPost(String text, List<BlobUpload> blobs) throws RemoteException {
        checkText(text);
        if (blobs.size() > MAX_ATTACHMENTS) {
            throw new RemoteException.TooLarge(blobs.size() + " blobs in one post; Discord allows at most "
                    + MAX_ATTACHMENTS + " attachments per message");
        }
        if (text.isEmpty() && blobs.isEmpty()) {
            throw new RemoteException.Rejected("a post needs text or at least one blob (Discord refuses empty messages)");
        }
        if (blobs.isEmpty()) {
            return;
        }
        RemoteLimits known = limits();
        long total = 0;
        for (BlobUpload blob : blobs) {
            if (blob.size() > known.maxBlobBytes()) {
                throw new RemoteException.TooLarge("blob " + blob.name() + " has " + blob.size()
                        + " bytes; the guild's upload limit is " + known.maxBlobBytes() + " bytes");
            }
            total += blob.size();
        }
        if (total > known.maxPostBytes()) {
            throw new RemoteException.TooLarge("the blobs of one post have " + total + " bytes together; one Discord"
                    + " message carries at most " + known.maxPostBytes());
        }
    }

    private static void checkText(String text) throws RemoteException.TooLarge {
        if (text.length() > MAX_CONTENT_CHARS) {
            throw new RemoteException.TooLarge("post text has " + text.length() + " characters; Discord allows at most "
                    + MAX_CONTENT_CHARS);
        }
    }

    /** A call on a message in {@code threadId}. */
    @FunctionalInterface
    private interface ThreadCall<T> {
        T run() throws RemoteException;
    }

    /**
     * Runs {@code call}; Discord refuses edits and pins in an archived thread, so then the thread is
     * opened for the call and archived again afterwards.
     */
    private <T> T inArchivedThread(String threadId, ThreadCall<T> call) throws RemoteException {
        try {
            return call.run();
        } catch (ThreadArchivedException archived) {
            reopen(threadId);
            try {
                return call.run();
            } finally {
                client.setArchived(threadId, true);
            }
        }
    }

    /** Unarchives a thread, or says clearly why it cannot: a locked thread stays shut to the bot. */
    private void reopen(String threadId) throws RemoteException {
        if (client.channel(threadId).threadMetadata() instanceof ThreadMetadata meta && meta.locked()) {
            throw new RemoteException.Forbidden("container " + threadId + " is archived and locked in Discord;"
                    + " a moderator must unlock thread " + threadId + " (or give the bot MANAGE_THREADS) before it"
                    + " can take posts or edits");
        }
        client.setArchived(threadId, false);
    }

    private boolean isContainer(Channel channel) {
        return channel.isThread() && settings.storageChannelId().equals(channel.parentId());
    }

    /** An ISO 8601 time one millisecond after {@code time} (as given back when it does not parse). */
    private static String justAfter(String time) {
        try {
            return OffsetDateTime.parse(time).plusNanos(1_000_000).toInstant().toString();
        } catch (java.time.format.DateTimeParseException unparsable) {
            return time;
        }
    }

    private static ContainerInfo info(Channel thread) {
        return new ContainerInfo(thread.id(), thread.name(), thread.archived());
    }

    private void requireBatchId(String containerId, String verb) throws RemoteException {
        requireId(containerId, "container");
        if (containerId.equals(settings.indexChannelId()) || containerId.equals(settings.backupChannelId())
                || containerId.equals(settings.storageChannelId())) {
            throw new RemoteException.Rejected("channel " + containerId + " is a fixed channel, not a batch container;"
                    + " it is not " + verb);
        }
    }

    private Post toPost(String containerId, Message message) throws RemoteException {
        List<Blob> blobs = new ArrayList<>(message.attachments().size());
        for (Attachment attachment : message.attachments()) {
            blobs.add(new Blob(new BlobRef(containerId, message.id(), attachment.id()), attachment.filename(),
                    attachment.size()));
        }
        return new Post(containerId, message.id(), message.content(),
                OffsetDateTime.parse(message.timestamp()).toInstant(), blobs, message.postedBy(botUserId()));
    }

    /**
     * Our bot's user id: a bot token's first part is the base64 of it (as Discord makes them), else
     * asked once from {@code GET /users/@me}.
     */
    private String botUserId() throws RemoteException {
        String known = botUserId;
        if (known == null) {
            known = BotTokens.userId(settings.token()).orElse(null);
            if (known == null) {
                known = client.currentUser().id();
            }
            botUserId = known;
        }
        return known;
    }

    private static String requireId(String id, String what) throws RemoteException.NotFound {
        if (!isId(id)) {
            throw new RemoteException.NotFound("no " + what + " " + id + " (not a Discord id)");
        }
        return id;
    }

    private static boolean isId(String id) {
        return id != null && SNOWFLAKE.matcher(id).matches();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Discord remote is closed");
        }
    }
}
