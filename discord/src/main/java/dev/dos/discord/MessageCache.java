package dev.dos.discord;

import dev.dos.core.remote.Ticker;
import dev.dos.discord.api.Message;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Messages read recently, so that downloading the two (up to ten) attachments of one message, or
 * a whole thread read a page of 100 at a time, does not cost a request per attachment. Entries
 * live {@link #TTL} (well inside the life of the signed links they carry; a link the CDN refuses
 * anyway is refreshed by the download itself) and at most {@link #CAPACITY} are kept, least
 * recently used dropped first. Thread-safe.
 */
final class MessageCache {
    static final Duration TTL = Duration.ofMinutes(10);
    static final int CAPACITY = 4096;

    private record Cached(Message message, long storedAt) {
    }

    private final Ticker ticker;
    private final Map<String, Cached> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CAPACITY;
        }
    };

    MessageCache(Ticker ticker) {
        this.ticker = ticker;
    }

    synchronized Optional<Message> get(String channelId, String messageId) {
        String key = key(channelId, messageId);
        Cached entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (ticker.nanos() - entry.storedAt() > TTL.toNanos()) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.message());
    }

    synchronized void put(String channelId, Message message) {
        entries.put(key(channelId, message.id()), new Cached(message, ticker.nanos()));
    }

    synchronized void forget(String channelId, String messageId) {
        entries.remove(key(channelId, messageId));
    }

    synchronized void forgetChannel(String channelId) {
        entries.keySet().removeIf(k -> k.startsWith(channelId + "/"));
    }

    private static String key(String channelId, String messageId) {
        return channelId + "/" + messageId;
    }
}
