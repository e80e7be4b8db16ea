package dev.dos.discord.api;

import java.util.List;

/**
 * A page of {@code GET /channels/{id}/messages/pins}: pinned messages, most recently pinned first,
 * and whether older pins remain ({@code before} the last item's {@code pinnedAt}, ISO 8601).
 */
public record PinnedMessages(List<Item> items, boolean hasMore) {
    public PinnedMessages {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One pin: when it was made and the message. */
    public record Item(String pinnedAt, Message message) {
    }
}
