package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.cdn.LinkSigner;
import dev.dos.emulator.model.Attachment;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.model.SnowflakeGenerator;
import dev.dos.emulator.store.StateStore;
import java.util.Optional;

/**
 * Messages and attachments as Discord's JSON. Attachment links are signed afresh on every
 * render, as Discord does: fetching a message is one way to get links that work again.
 */
final class MessageView {
    /** Path prefix of the media proxy ({@code proxy_url}); it serves the same signed paths. */
    static final String MEDIA_PREFIX = "/media";

    private final StateStore store;
    private final EntityViews entities;
    private final LinkSigner signer;
    private final ServerAddress address;

    MessageView(StateStore store, EntityViews entities, LinkSigner signer, ServerAddress address) {
        this.store = store;
        this.entities = entities;
        this.signer = signer;
        this.address = address;
    }

    /** The answer to creating a message: the message plus the {@code nonce} it was sent with. */
    ObjectNode created(Message m) {
        ObjectNode o = message(m);
        if (m.nonce() != null) {
            o.put("nonce", m.nonce());
        }
        return o;
    }

    ObjectNode message(Message m) {
        ObjectNode o = Json.object();
        o.put("type", m.type());
        o.put("content", m.content());
        o.putArray("mentions");
        o.putArray("mention_roles");
        ArrayNode attachments = o.putArray("attachments");
        m.attachments().forEach(a -> attachments.add(attachment(m.channelId(), a)));
        o.set("embeds", Json.parse(m.embedsJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        o.put("timestamp", Json.timestamp(SnowflakeGenerator.timestampOf(m.id()).toEpochMilli()));
        if (m.editedAtMillis() == null) {
            o.putNull("edited_timestamp");
        } else {
            o.put("edited_timestamp", Json.timestamp(m.editedAtMillis()));
        }
        o.put("flags", m.flags());
        o.putArray("components");
        o.put("id", Json.id(m.id()));
        o.put("channel_id", Json.id(m.channelId()));
        o.set("author", entities.author(m.author()));
        o.put("pinned", m.pinnedAtMillis() != null);
        o.put("mention_everyone", false);
        o.put("tts", m.tts());
        if (m.author().isWebhook()) {
            o.put("webhook_id", Json.id(m.author().webhookId()));
            o.put("application_id", Json.id(store.identity().botUserId()));
        }
        if (m.referencedMessageId() != null) {
            ObjectNode ref = o.putObject("message_reference");
            ref.put("type", 0);
            ref.put("channel_id", Json.id(m.channelId()));
            ref.put("message_id", Json.id(m.referencedMessageId()));
            ref.put("guild_id", Json.id(store.guild().id()));
            Optional<Message> referenced = store.message(m.channelId(), m.referencedMessageId());
            o.set("referenced_message", referenced.<JsonNode>map(this::message).orElse(Json.MAPPER.nullNode()));
        }
        startedThread(m).ifPresent(thread -> o.set("thread", entities.channel(thread)));
        return o;
    }

    /** A thread started from this message has the message's id and its channel as parent. */
    private Optional<Channel> startedThread(Message m) {
        return store.channel(m.id()).filter(c -> c.isThread() && Long.valueOf(m.channelId()).equals(c.parentId()));
    }

    ObjectNode attachment(long channelId, Attachment a) {
        String signed = signer.sign(LinkSigner.attachmentPath(channelId, a.id(), a.filename()));
        ObjectNode o = Json.object();
        o.put("id", Json.id(a.id()));
        o.put("filename", a.filename());
        if (a.description() != null) {
            o.put("description", a.description());
        }
        if (a.contentType() != null) {
            o.put("content_type", a.contentType());
        }
        o.put("size", a.size());
        o.put("url", address.cdnUrl() + signed);
        o.put("proxy_url", address.cdnUrl() + MEDIA_PREFIX + signed);
        return o;
    }
}
