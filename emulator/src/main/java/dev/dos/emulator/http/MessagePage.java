package dev.dos.emulator.http;

import dev.dos.emulator.model.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;

/**
 * One page of {@code GET /channels/{channel.id}/messages}. Always newest first, with
 * {@code after} too (a client paging forward reverses each page): {@code after=X} gives the
 * {@code limit} messages right after X, not the newest ones.
 */
final class MessagePage {
    private MessagePage() {
    }

    static List<Message> before(NavigableMap<Long, Message> byId, long before, int limit) {
        return take(byId.headMap(before, false).descendingMap(), limit);
    }

    static List<Message> after(NavigableMap<Long, Message> byId, long after, int limit) {
        List<Message> oldestFirst = take(byId.tailMap(after, false), limit);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    static List<Message> latest(NavigableMap<Long, Message> byId, int limit) {
        return take(byId.descendingMap(), limit);
    }

    /**
     * Messages around X: up to {@code limit / 2} newer than X, then X itself (if it exists) and
     * older ones up to {@code limit} in all.
     */
    static List<Message> around(NavigableMap<Long, Message> byId, long around, int limit) {
        List<Message> newer = take(byId.tailMap(around, false), limit / 2);
        Collections.reverse(newer);
        List<Message> page = new ArrayList<>(newer);
        page.addAll(take(byId.headMap(around, true).descendingMap(), limit - newer.size()));
        return page;
    }

    private static List<Message> take(NavigableMap<Long, Message> ordered, int limit) {
        List<Message> out = new ArrayList<>(Math.min(limit, ordered.size()));
        for (Message m : ordered.values()) {
            if (out.size() == limit) {
                break;
            }
            out.add(m);
        }
        return out;
    }
}
