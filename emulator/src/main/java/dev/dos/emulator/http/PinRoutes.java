package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.model.Permission;
import io.javalin.http.HandlerType;
import java.util.Comparator;
import java.util.List;

/**
 * Pins, under both the current paths ({@code /channels/{id}/messages/pins...}) and the
 * deprecated ones ({@code /channels/{id}/pins...}). At most 250 pins per channel (30003).
 */
final class PinRoutes {
    private static final int MAX_PINS = 250;

    private final ApiServices s;

    private PinRoutes(ApiServices s) {
        this.s = s;
    }

    static List<ApiRoute> all(ApiServices s) {
        PinRoutes r = new PinRoutes(s);
        return List.of(
                ApiRoute.bot(HandlerType.GET, "/channels/{channel.id}/messages/pins", r::listPins),
                ApiRoute.bot(HandlerType.PUT, "/channels/{channel.id}/messages/pins/{message.id}", r::pin),
                ApiRoute.bot(HandlerType.DELETE, "/channels/{channel.id}/messages/pins/{message.id}", r::unpin),
                ApiRoute.bot(HandlerType.GET, "/channels/{channel.id}/pins", r::listPinnedMessages),
                ApiRoute.bot(HandlerType.PUT, "/channels/{channel.id}/pins/{message.id}", r::pin),
                ApiRoute.bot(HandlerType.DELETE, "/channels/{channel.id}/pins/{message.id}", r::unpin));
    }

    /** {@code {"items": [{"pinned_at", "message"}], "has_more"}}, latest pin first, {@code before} a time. */
    private void listPins(ApiCall call) {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        int limit = call.queryInt("limit", 1, 50).orElse(50);
        Long before = call.query("before").map(v -> Timestamps.parse("before", v)).orElse(null);
        List<Message> pinned = pinned(channel).stream()
                .filter(m -> before == null || m.pinnedAtMillis() < before).toList();
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        pinned.stream().limit(limit).forEach(m -> {
            ObjectNode item = items.addObject();
            item.put("pinned_at", Json.timestamp(m.pinnedAtMillis()));
            item.set("message", s.messages.message(m));
        });
        out.put("has_more", pinned.size() > limit);
        call.json(200, out);
    }

    private void listPinnedMessages(ApiCall call) {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        ArrayNode out = Json.array();
        pinned(channel).stream().limit(50).forEach(m -> out.add(s.messages.message(m)));
        call.json(200, out);
    }

    /** Pinned messages, most recently pinned first; none without READ_MESSAGE_HISTORY. */
    private List<Message> pinned(Channel channel) {
        if (!s.access.has(channel, Permission.READ_MESSAGE_HISTORY)) {
            return List.of();
        }
        return s.store.queryMessages(channel.id(), byId -> byId.values().stream()
                .filter(m -> m.pinnedAtMillis() != null)
                .sorted(Comparator.comparing(Message::pinnedAtMillis).reversed().thenComparing(Message::id,
                        Comparator.reverseOrder()))
                .toList());
    }

    private void pin(ApiCall call) {
        setPinned(call, true);
    }

    private void unpin(ApiCall call) {
        setPinned(call, false);
    }

    private void setPinned(ApiCall call, boolean pinned) {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        if (!s.access.has(channel, Permission.PIN_MESSAGES) && !s.access.has(channel, Permission.MANAGE_MESSAGES)) {
            throw ApiErrors.missingPermissions();
        }
        Message message = s.message(call, channel);
        s.store.transaction(() -> {
            Channel current = s.store.channel(channel.id()).orElseThrow(ApiErrors::unknownChannel);
            if (current.isThread() && current.thread().archived()) {
                throw ApiErrors.threadArchived();
            }
            Message latest = s.store.message(channel.id(), message.id()).orElseThrow(ApiErrors::unknownMessage);
            if (pinned == (latest.pinnedAtMillis() != null)) {
                return;
            }
            long now = s.store.nowMillis();
            if (pinned && pinned(current).size() >= MAX_PINS) {
                throw ApiErrors.maxPins();
            }
            s.store.putMessage(latest.withPinnedAt(pinned ? now : null));
            s.store.putChannel(current.withLastPinTimestamp(pinned ? Long.valueOf(now)
                    : current.lastPinTimestampMillis()));
        });
        call.noContent();
    }
}
