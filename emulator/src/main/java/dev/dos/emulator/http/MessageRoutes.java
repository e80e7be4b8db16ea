package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Attachment;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.model.Permission;
import dev.dos.emulator.ratelimit.RouteKind;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading, creating, editing and deleting messages (docs/resources/message). */
final class MessageRoutes {
    private final ApiServices s;

    private MessageRoutes(ApiServices s) {
        this.s = s;
    }

    static List<ApiRoute> all(ApiServices s) {
        MessageRoutes r = new MessageRoutes(s);
        return List.of(
                ApiRoute.bot(HandlerType.GET, "/channels/{channel.id}/messages", r::list),
                new ApiRoute(HandlerType.POST, "/channels/{channel.id}/messages", ApiRoute.Auth.BOT,
                        RouteKind.MESSAGE_CREATE, r::create),
                ApiRoute.bot(HandlerType.POST, "/channels/{channel.id}/messages/bulk-delete",
                        new BulkDelete(s)::handle),
                ApiRoute.bot(HandlerType.GET, "/channels/{channel.id}/messages/{message.id}", r::get),
                ApiRoute.bot(HandlerType.PATCH, "/channels/{channel.id}/messages/{message.id}", r::edit),
                ApiRoute.bot(HandlerType.DELETE, "/channels/{channel.id}/messages/{message.id}", r::delete));
    }

    /**
     * {@code limit} 1..100 (default 50); {@code around}, {@code before} and {@code after} are
     * exclusive and, when several are sent, the first of them in that order wins. Without
     * READ_MESSAGE_HISTORY the list is empty, as documented.
     */
    private void list(ApiCall call) {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        int limit = call.queryInt("limit", 1, 100).orElse(50);
        Optional<Long> around = call.querySnowflake("around");
        Optional<Long> before = call.querySnowflake("before");
        Optional<Long> after = call.querySnowflake("after");
        ArrayNode out = Json.array();
        if (s.access.has(channel, Permission.READ_MESSAGE_HISTORY)) {
            List<Message> page = s.store.queryMessages(channel.id(), byId -> {
                if (around.isPresent()) {
                    return MessagePage.around(byId, around.get(), limit);
                }
                if (before.isPresent()) {
                    return MessagePage.before(byId, before.get(), limit);
                }
                return after.map(a -> MessagePage.after(byId, a, limit))
                        .orElseGet(() -> MessagePage.latest(byId, limit));
            });
            page.forEach(m -> out.add(s.messages.message(m)));
        }
        call.json(200, out);
    }

    /** One message; without READ_MESSAGE_HISTORY the bot gets 50001 Missing Access. */
    private void get(ApiCall call) {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        if (!s.access.has(channel, Permission.READ_MESSAGE_HISTORY)) {
            throw ApiErrors.missingAccess();
        }
        call.json(200, s.messages.message(s.message(call, channel)));
    }

    private void create(ApiCall call) throws IOException {
        Channel channel = s.channel(call);
        s.access.require(channel, channel.isThread() ? Permission.SEND_MESSAGES_IN_THREADS : Permission.SEND_MESSAGES);
        long fileLimit = s.settings.guildFileLimit();
        try (MessagePayload payload = s.payloads.read(call, fileLimit, s.settings.requestLimit(fileLimit))) {
            MessageInput input = MessageInputParser.parse(payload.json(), payload.files().size(), false);
            requireWritePermissions(channel, input, !payload.files().isEmpty());
            Message message = s.writer.post(channel.id(), s.bot(), input, payload.files(),
                    s.access.has(channel, Permission.MANAGE_THREADS));
            call.json(200, s.messages.created(message));
        }
    }

    private void requireWritePermissions(Channel channel, MessageInput input, boolean hasFiles) {
        if ((hasFiles && !s.access.has(channel, Permission.ATTACH_FILES))
                || (input.tts() && !s.access.has(channel, Permission.SEND_TTS_MESSAGES))
                || (input.replyTo() != null && !s.access.has(channel, Permission.READ_MESSAGE_HISTORY))) {
            throw ApiErrors.missingPermissions();
        }
    }

    /**
     * Only the author edits content, embeds and attachments. With an {@code attachments} array,
     * exactly the listed existing attachments stay (API v10); without one, all stay. New files
     * are appended. Nothing may be edited in an archived thread (50083).
     */
    private void edit(ApiCall call) throws IOException {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        Message original = s.message(call, channel);
        if (original.author().isWebhook()) {
            throw ApiErrors.cannotEditOthersMessage();
        }
        long fileLimit = s.settings.guildFileLimit();
        try (MessagePayload payload = s.payloads.read(call, fileLimit, s.settings.requestLimit(fileLimit))) {
            ObjectNode json = payload.json();
            MessageInput input = MessageInputParser.parse(json, payload.files().size(), false);
            if (!payload.files().isEmpty() && !s.access.has(channel, Permission.ATTACH_FILES)) {
                throw ApiErrors.missingPermissions();
            }
            boolean manageThreads = s.access.has(channel, Permission.MANAGE_THREADS);
            Message edited = s.store.transaction(() -> {
                Channel current = s.store.channel(channel.id()).orElseThrow(ApiErrors::unknownChannel);
                if (current.isThread()) {
                    if (current.thread().archived()) {
                        throw ApiErrors.threadArchived();
                    }
                    if (current.thread().locked() && !manageThreads) {
                        throw ApiErrors.threadLocked();
                    }
                }
                Message latest = s.store.message(channel.id(), original.id()).orElseThrow(ApiErrors::unknownMessage);
                Message next = applyEdit(latest, json, input, payload);
                s.store.putMessage(next);
                return next;
            });
            call.json(200, s.messages.message(edited));
        }
    }

    private Message applyEdit(Message latest, ObjectNode json, MessageInput input, MessagePayload payload) {
        String content = input.contentGiven() ? (input.content() == null ? "" : input.content()) : latest.content();
        String embeds = json.has("embeds") ? (input.embedsJson() == null ? "[]" : input.embedsJson())
                : latest.embedsJson();
        List<Attachment> kept = latest.attachments();
        if (input.attachments() != null) {
            Set<Long> listed = new HashSet<>();
            input.attachments().forEach(a -> listed.add(a.id()));
            kept = kept.stream().filter(a -> listed.contains(a.id())).toList();
        }
        boolean empty = content.isBlank() && embeds.equals("[]") && kept.isEmpty() && payload.files().isEmpty();
        if (empty) {
            throw ApiErrors.emptyMessage();
        }
        List<Attachment> attachments = s.writer.attach(input.attachments(), payload.files(), kept);
        int flags = input.flags() != null ? input.flags() : latest.flags();
        return latest.edited(content, embeds, attachments, flags, s.store.nowMillis());
    }

    /** The bot deletes its own messages freely, others' (webhooks') with MANAGE_MESSAGES. */
    private void delete(ApiCall call) {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        Message message = s.message(call, channel);
        if (message.author().isWebhook() && !s.access.has(channel, Permission.MANAGE_MESSAGES)) {
            throw ApiErrors.missingPermissions();
        }
        s.store.removeMessage(channel.id(), message.id());
        call.noContent();
    }
}
