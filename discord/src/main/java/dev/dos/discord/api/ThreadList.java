package dev.dos.discord.api;

import java.util.List;

/** Threads as listed by the active and archived thread routes; {@code hasMore} only for archived. */
public record ThreadList(List<Channel> threads, boolean hasMore) {
    public ThreadList {
        threads = threads == null ? List.of() : List.copyOf(threads);
    }
}
