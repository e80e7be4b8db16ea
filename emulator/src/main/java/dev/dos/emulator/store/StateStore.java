package dev.dos.emulator.store;

import dev.dos.emulator.model.Attachment;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Guild;
import dev.dos.emulator.model.Identity;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.model.SnowflakeGenerator;
import dev.dos.emulator.model.Webhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * All emulator state: kept in memory, every change journaled before it is applied. One lock
 * guards everything; {@link #transaction} holds it across a check-then-act so that, e.g., two
 * concurrent thread creations cannot both pass the active-thread cap.
 *
 * <p>Reads return channels as seen now, so threads auto-archive without a background task.
 */
public final class StateStore implements AutoCloseable {
    private static final String JOURNAL_FILE = "journal.jsonl";
    private static final String LOCK_FILE = "emulator.lock";

    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final SnowflakeGenerator ids;
    private final AttachmentFiles files;
    private Journal journal = Journal.NONE;
    private FileChannel dirLock;

    private Identity identity;
    private Guild guild;
    private final Map<Long, Channel> channels = new LinkedHashMap<>();
    private final Map<Long, NavigableMap<Long, Message>> messages = new HashMap<>();
    private final Map<Long, AttachmentRef> attachmentIndex = new HashMap<>();
    private final Map<Long, Webhook> webhooks = new LinkedHashMap<>();
    private final Map<Long, Long> permissions = new HashMap<>();
    private final Map<Long, List<dev.dos.emulator.model.Overwrite>> overwrites = new HashMap<>();

    private StateStore(Clock clock, AttachmentFiles files) {
        this.clock = clock;
        this.ids = new SnowflakeGenerator(clock);
        this.files = files;
    }

    /**
     * Opens the state in {@code dataDir} (replaying its journal), or in memory when it is null.
     * A directory without a journal gets a fresh sandbox whose secrets derive from {@code seed}.
     */
    public static StateStore open(Path dataDir, Clock clock, long seed) throws IOException {
        FileChannel dirLock = dataDir == null ? null : lockDirectory(dataDir);
        StateStore store = new StateStore(clock, dataDir == null ? AttachmentFiles.temporary()
                : AttachmentFiles.in(dataDir));
        store.dirLock = dirLock;
        if (dataDir != null) {
            FileJournal.replay(dataDir.resolve(JOURNAL_FILE), store::apply);
        }
        if (store.identity == null) {
            SandboxSeeder.seed(store.ids, seed).forEach(store::apply);
        }
        if (dataDir != null) {
            store.journal = FileJournal.rewrite(dataDir.resolve(JOURNAL_FILE), store.snapshot());
        }
        return store;
    }

    /** Two emulators writing one journal would corrupt it: the second one is refused. */
    private static FileChannel lockDirectory(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) {
                return channel;
            }
        } catch (OverlappingFileLockException e) {
            // Held by another emulator in this JVM: the same refusal as for another process.
        }
        channel.close();
        throw new dev.dos.emulator.DataDirectoryInUseException(dataDir);
    }

    /** Runs {@code work} holding the state lock, so its reads and writes are one atomic step. */
    public <T> T transaction(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    public void transaction(Runnable work) {
        transaction(() -> {
            work.run();
            return null;
        });
    }

    public long nowMillis() {
        return clock.millis();
    }

    public SnowflakeGenerator ids() {
        return ids;
    }

    public AttachmentFiles files() {
        return files;
    }

    // ---- reads ----

    public Identity identity() {
        return transaction(() -> identity);
    }

    public Guild guild() {
        return transaction(() -> guild);
    }

    public Optional<Channel> channel(long id) {
        return transaction(() -> Optional.ofNullable(channels.get(id)).map(c -> c.asOf(nowMillis())));
    }

    /** Every channel and thread, in creation order. */
    public List<Channel> channels() {
        return transaction(() -> {
            long now = nowMillis();
            return channels.values().stream().map(c -> c.asOf(now)).toList();
        });
    }

    public Optional<Message> message(long channelId, long messageId) {
        return transaction(() -> Optional.ofNullable(messages.getOrDefault(channelId, Collections.emptyNavigableMap())
                .get(messageId)));
    }

    /**
     * Runs {@code query} over the channel's messages (by id) under the lock; the map must not
     * escape the query, which keeps paging through long channels free of copies.
     */
    public <T> T queryMessages(long channelId, Function<NavigableMap<Long, Message>, T> query) {
        return transaction(() -> query.apply(Collections.unmodifiableNavigableMap(
                messages.getOrDefault(channelId, Collections.emptyNavigableMap()))));
    }

    public Optional<AttachmentRef> attachment(long attachmentId) {
        return transaction(() -> Optional.ofNullable(attachmentIndex.get(attachmentId)));
    }

    public Optional<Webhook> webhook(long id) {
        return transaction(() -> Optional.ofNullable(webhooks.get(id)));
    }

    public List<Webhook> webhooks(long channelId) {
        return transaction(() -> webhooks.values().stream().filter(w -> w.channelId() == channelId).toList());
    }

    /** A channel's permission overwrites (none: an empty list). */
    public List<dev.dos.emulator.model.Overwrite> overwrites(long channelId) {
        return transaction(() -> overwrites.getOrDefault(channelId, List.of()));
    }

    /** The allow-set stored for a channel (or for the guild id: the guild-wide default), if any. */
    public Optional<Long> permissionOverride(long targetId) {
        return transaction(() -> Optional.ofNullable(permissions.get(targetId)));
    }

    // ---- writes: each is journaled, then applied ----

    public void putIdentity(Identity newIdentity) {
        record(new JournalEntry.IdentitySet(newIdentity));
    }

    public void putChannel(Channel channel) {
        record(new JournalEntry.ChannelPut(channel));
    }

    /**
     * Deletes a channel with its messages, attachment files and webhooks; deleting a text channel
     * also deletes its threads, deleting a category leaves its channels without a parent.
     * Returns the deleted channel, if it existed.
     */
    public Optional<Channel> removeChannel(long channelId) {
        return transaction(() -> {
            Optional<Channel> existing = channel(channelId);
            if (existing.isEmpty()) {
                return existing;
            }
            List<Long> threads = channels.values().stream()
                    .filter(c -> c.isThread() && Long.valueOf(channelId).equals(c.parentId()))
                    .map(Channel::id).toList();
            threads.forEach(this::removeChannel);
            channels.values().stream()
                    .filter(c -> !c.isThread() && Long.valueOf(channelId).equals(c.parentId())).toList()
                    .forEach(c -> putChannel(c.withSettings(c.name(), c.topic(), c.position(), null,
                            c.rateLimitPerUser(), c.defaultAutoArchiveDuration())));
            for (Message m : new ArrayList<>(messages.getOrDefault(channelId, Collections.emptyNavigableMap())
                    .values())) {
                deleteFiles(m.attachments());
            }
            webhooks.values().stream().filter(w -> w.channelId() == channelId).map(Webhook::id).toList()
                    .forEach(id -> record(new JournalEntry.WebhookRemoved(id)));
            record(new JournalEntry.ChannelRemoved(channelId));
            return existing;
        });
    }

    /** Stores a new or edited message; attachment files an edit dropped are deleted. */
    public void putMessage(Message message) {
        transaction(() -> {
            Message old = messages.getOrDefault(message.channelId(), Collections.emptyNavigableMap())
                    .get(message.id());
            record(new JournalEntry.MessagePut(message));
            if (old != null) {
                Set<Long> kept = new HashSet<>();
                message.attachments().forEach(a -> kept.add(a.id()));
                deleteFiles(old.attachments().stream().filter(a -> !kept.contains(a.id())).toList());
            }
        });
    }

    /**
     * Deletes a message and its attachment files; the channel's {@code message_count} drops
     * (its {@code total_message_sent} does not). Returns the deleted message, if it existed.
     */
    public Optional<Message> removeMessage(long channelId, long messageId) {
        return transaction(() -> {
            Optional<Message> existing = message(channelId, messageId);
            existing.ifPresent(m -> {
                record(new JournalEntry.MessageRemoved(channelId, messageId));
                deleteFiles(m.attachments());
                channel(channelId).ifPresent(c -> putChannel(c.withMessageRemoved()));
            });
            return existing;
        });
    }

    public void putWebhook(Webhook webhook) {
        record(new JournalEntry.WebhookPut(webhook));
    }

    public void setPermissions(long targetId, long allow) {
        record(new JournalEntry.PermissionsSet(targetId, allow));
    }

    public void setOverwrites(long channelId, List<dev.dos.emulator.model.Overwrite> list) {
        record(new JournalEntry.OverwritesSet(channelId, List.copyOf(list)));
    }

    private void deleteFiles(List<Attachment> attachments) {
        try {
            for (Attachment a : attachments) {
                files.delete(a.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(JournalEntry entry) {
        transaction(() -> {
            try {
                journal.append(entry);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the emulator journal", e);
            }
            apply(entry);
        });
    }

    /** The one place state changes; used live and when replaying the journal. */
    private void apply(JournalEntry entry) {
        switch (entry) {
            case JournalEntry.IdentitySet e -> {
                identity = e.identity();
                ids.observe(identity.botUserId());
            }
            case JournalEntry.GuildSet e -> {
                guild = e.guild();
                ids.observe(guild.id());
            }
            case JournalEntry.ChannelPut e -> {
                channels.put(e.channel().id(), e.channel());
                ids.observe(e.channel().id());
            }
            case JournalEntry.ChannelRemoved e -> {
                channels.remove(e.channelId());
                permissions.remove(e.channelId());
                overwrites.remove(e.channelId());
                NavigableMap<Long, Message> gone = messages.remove(e.channelId());
                if (gone != null) {
                    gone.values().forEach(m -> m.attachments().forEach(a -> attachmentIndex.remove(a.id())));
                }
            }
            case JournalEntry.MessagePut e -> {
                Message m = e.message();
                Message old = messages.computeIfAbsent(m.channelId(), k -> new TreeMap<>()).put(m.id(), m);
                if (old != null) {
                    old.attachments().forEach(a -> attachmentIndex.remove(a.id()));
                }
                ids.observe(m.id());
                for (Attachment a : m.attachments()) {
                    attachmentIndex.put(a.id(), new AttachmentRef(m.channelId(), m.id(), a));
                    ids.observe(a.id());
                }
            }
            case JournalEntry.MessageRemoved e -> {
                NavigableMap<Long, Message> inChannel = messages.get(e.channelId());
                Message old = inChannel == null ? null : inChannel.remove(e.messageId());
                if (old != null) {
                    old.attachments().forEach(a -> attachmentIndex.remove(a.id()));
                }
            }
            case JournalEntry.WebhookPut e -> {
                webhooks.put(e.webhook().id(), e.webhook());
                ids.observe(e.webhook().id());
            }
            case JournalEntry.WebhookRemoved e -> webhooks.remove(e.webhookId());
            case JournalEntry.PermissionsSet e -> permissions.put(e.targetId(), e.allow());
            case JournalEntry.OverwritesSet e -> {
                if (e.overwrites().isEmpty()) {
                    overwrites.remove(e.channelId());
                } else {
                    overwrites.put(e.channelId(), List.copyOf(e.overwrites()));
                }
            }
        }
    }

    /** The current state as journal entries: what a compacted journal contains. */
    private List<JournalEntry> snapshot() {
        List<JournalEntry> out = new ArrayList<>();
        out.add(new JournalEntry.IdentitySet(identity));
        out.add(new JournalEntry.GuildSet(guild));
        channels.values().forEach(c -> out.add(new JournalEntry.ChannelPut(c)));
        messages.values().forEach(byId -> byId.values().forEach(m -> out.add(new JournalEntry.MessagePut(m))));
        webhooks.values().forEach(w -> out.add(new JournalEntry.WebhookPut(w)));
        permissions.forEach((target, allow) -> out.add(new JournalEntry.PermissionsSet(target, allow)));
        overwrites.forEach((channel, list) -> out.add(new JournalEntry.OverwritesSet(channel, list)));
        return out;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            journal.close();
            files.close();
            if (dirLock != null) {
                dirLock.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
