package dev.dos.emulator.http;

import dev.dos.emulator.model.Attachment;
import dev.dos.emulator.model.Author;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.model.ThreadState;
import dev.dos.emulator.store.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts messages into channels and threads for the bot and for webhooks: the emptiness rule,
 * replies, thread locking and archiving (posting unarchives an unlocked thread), attachment
 * files moved into place, the channel's counters, and {@code enforce_nonce}.
 */
final class MessageWriter {
    /** How long a nonce is remembered for {@code enforce_nonce} ("the past few minutes"). */
    private static final long NONCE_WINDOW_MILLIS = 5 * 60_000L;

    private final StateStore store;
    private final Map<String, long[]> recentNonces = new HashMap<>();

    MessageWriter(StateStore store) {
        this.store = store;
    }

    /**
     * Posts {@code input} with {@code uploads} into {@code channelId} as {@code author}.
     *
     * @param bypassLock whether the author may write in a locked thread (MANAGE_THREADS)
     */
    Message post(long channelId, Author author, MessageInput input, List<UploadedFile> uploads, boolean bypassLock) {
        if (!input.hasText() && !input.hasEmbeds() && uploads.isEmpty()) {
            throw ApiErrors.emptyMessage();
        }
        return store.transaction(() -> {
            Channel channel = store.channel(channelId).orElseThrow(ApiErrors::unknownChannel);
            requireTextCapable(channel);
            long now = store.nowMillis();
            String nonceKey = input.nonce() == null ? null : channelId + "/" + author.id() + "/" + input.nonce();
            if (input.enforceNonce() && nonceKey != null) {
                Optional<Message> earlier = recentMessage(channelId, nonceKey, now);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            if (input.replyTo() != null && store.message(channelId, input.replyTo()).isEmpty()) {
                throw ApiErrors.form("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message");
            }
            Channel updated = channel.isThread() ? reopenForPosting(channel, bypassLock, now) : channel;
            long id = store.ids().next();
            Message message = new Message(id, channelId, author,
                    input.replyTo() == null ? Message.TYPE_DEFAULT : Message.TYPE_REPLY,
                    input.content() == null ? "" : input.content(),
                    input.embedsJson() == null ? "[]" : input.embedsJson(),
                    attach(input.attachments(), uploads, List.of()),
                    input.flags() == null ? 0 : input.flags(), input.tts(), input.nonce(), null, null,
                    input.replyTo());
            store.putMessage(message);
            if (updated.isThread()) {
                updated = updated.withThread(updated.thread().withActivity(now, !author.isWebhook()));
            }
            store.putChannel(updated.withMessageAdded(id));
            if (nonceKey != null) {
                recentNonces.put(nonceKey, new long[] {id, now});
            }
            return message;
        });
    }

    /**
     * Builds the attachments of a message: {@code kept} existing ones followed by the uploads.
     * With an {@code attachments} array, only uploads it lists are attached, in its order, with
     * its filename and description; without one, every upload is, in part order.
     */
    List<Attachment> attach(List<MessageInput.AttachmentSpec> specs, List<UploadedFile> uploads,
                            List<Attachment> kept) {
        List<Chosen> chosen = new ArrayList<>();
        if (specs == null) {
            uploads.forEach(u -> chosen.add(new Chosen(u, u.filename(), null)));
        } else {
            Map<Long, UploadedFile> byPlaceholder = new LinkedHashMap<>();
            uploads.forEach(u -> byPlaceholder.putIfAbsent(u.placeholder(), u));
            for (MessageInput.AttachmentSpec spec : specs) {
                UploadedFile upload = byPlaceholder.remove(spec.id());
                if (upload != null) {
                    chosen.add(new Chosen(upload, spec.filename() != null ? spec.filename() : upload.filename(),
                            spec.description()));
                }
            }
        }
        if (kept.size() + chosen.size() > MessageInputParser.MAX_FILES) {
            throw ApiErrors.maxAttachments();
        }
        List<Attachment> result = new ArrayList<>(kept);
        chosen.forEach(c -> result.add(commit(c)));
        return result;
    }

    /** An upload picked for the message, with the name and description it will carry. */
    private record Chosen(UploadedFile upload, String filename, String description) {
    }

    private Attachment commit(Chosen chosen) {
        String filename = AttachmentNames.sanitize(chosen.filename());
        long id = store.ids().next();
        try {
            store.files().commit(chosen.upload().file(), id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store attachment " + id, e);
        }
        return new Attachment(id, filename, chosen.description(),
                AttachmentNames.contentType(chosen.upload().contentType(), filename), chosen.upload().size());
    }

    /**
     * The thread rules for writing (docs/topics/threads). An archived thread is unarchived by a
     * post unless it is locked: then it stays archived and refuses (50083), whoever posts. An
     * active locked thread refuses writers without MANAGE_THREADS (160005).
     */
    static Channel reopenForPosting(Channel thread, boolean bypassLock, long now) {
        ThreadState t = thread.thread();
        if (t.archived()) {
            if (t.locked()) {
                throw ApiErrors.threadArchived();
            }
            return thread.withThread(t.unarchivedAt(now));
        }
        if (t.locked() && !bypassLock) {
            throw ApiErrors.threadLocked();
        }
        return thread;
    }

    static void requireTextCapable(Channel channel) {
        switch (channel.type()) {
            case ChannelType.GUILD_CATEGORY -> throw ApiErrors.nonTextChannel();
            case ChannelType.GUILD_FORUM -> throw ApiErrors.cannotSendInForum();
            default -> {
            }
        }
    }

    /** The message posted earlier with the same channel, author and nonce, if still remembered. */
    private Optional<Message> recentMessage(long channelId, String nonceKey, long now) {
        recentNonces.values().removeIf(entry -> entry[1] < now - NONCE_WINDOW_MILLIS);
        long[] entry = recentNonces.get(nonceKey);
        return entry == null ? Optional.empty() : store.message(channelId, entry[0]);
    }
}
