package dev.dos.discord;

import dev.dos.core.remote.Ticker;
import dev.dos.discord.api.Attachment;
import dev.dos.discord.api.Message;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Messages read recently (alone, or in pages of 100 when a container is listed), so that downloading
 * the two (up to ten) attachments of one message, a whole thread read a page at a time, or the
 * manifests of the cards an index page listed does not cost a request per attachment.
 *
 * <p>A message is <b>fresh</b> while the links it carries are good: Discord signs each link with its
 * issue time ({@code is}) and expiry ({@code ex}), so a link received at time t is good until t plus
 * its lifetime ({@code ex - is}, read from the link, whatever the two clocks say), less a margin of a
 * tenth of it (at most {@link #MARGIN}); a link without those parameters is trusted for {@link #TTL}.
 * A message that is no longer fresh is <b>stale</b>: {@link #get} no longer returns it, but
 * {@link #stale} does, so that its links can be refreshed in bulk. At most {@link #CAPACITY} messages
 * are kept, least recently used dropped first. Thread-safe.
 */
final class MessageCache {
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration MARGIN = Duration.ofMinutes(1);
    static final int CAPACITY = 4096;

    private record Cached(Message message, long storedAt, long goodUntil) {
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

    /** The message, while its links are good. */
    synchronized Optional<Message> get(String channelId, String messageId) {
        Cached entry = entries.get(key(channelId, messageId));
        if (entry == null || ticker.nanos() - entry.goodUntil() >= 0) {
            return Optional.empty();
        }
        return Optional.of(entry.message());
    }

    /** The message if it is kept but its links are no longer good (to be refreshed); else empty. */
    synchronized Optional<Message> stale(String channelId, String messageId) {
        Cached entry = entries.get(key(channelId, messageId));
        if (entry == null || ticker.nanos() - entry.goodUntil() < 0) {
            return Optional.empty();
        }
        return Optional.of(entry.message());
    }

    synchronized void put(String channelId, Message message) {
        long now = ticker.nanos();
        entries.put(key(channelId, message.id()), new Cached(message, now, now + goodFor(message).toNanos()));
    }

    synchronized void forget(String channelId, String messageId) {
        entries.remove(key(channelId, messageId));
    }

    synchronized void forgetChannel(String channelId) {
        entries.keySet().removeIf(k -> k.startsWith(channelId + "/"));
    }

    /** How long the message's links stay good from now: the shortest of its links' lifetimes, less the margin. */
    static Duration goodFor(Message message) {
        Duration shortest = null;
        for (Attachment attachment : message.attachments()) {
            Duration life = lifetime(attachment.url());
            shortest = shortest == null || life.compareTo(shortest) < 0 ? life : shortest;
        }
        return shortest == null ? TTL : shortest;
    }

    /** A link's lifetime less the margin ({@code ex - is}, hex seconds); {@link #TTL} when it does not say. */
    static Duration lifetime(String url) {
        String ex = null;
        String is = null;
        try {
            String query = url == null ? null : URI.create(url).getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("ex=")) {
                        ex = pair.substring(3);
                    } else if (pair.startsWith("is=")) {
                        is = pair.substring(3);
                    }
                }
            }
            if (ex == null || is == null) {
                return TTL;
            }
            long seconds = Long.parseLong(ex, 16) - Long.parseLong(is, 16);
            if (seconds <= 0) {
                return Duration.ZERO;
            }
            Duration life = Duration.ofSeconds(seconds);
            Duration margin = life.dividedBy(10);
            return life.minus(margin.compareTo(MARGIN) > 0 ? MARGIN : margin);
        } catch (IllegalArgumentException unparsable) {
            return TTL;
        }
    }

    private static String key(String channelId, String messageId) {
        return channelId + "/" + messageId;
    }
}
