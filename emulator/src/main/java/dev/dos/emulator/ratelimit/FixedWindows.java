package dev.dos.emulator.ratelimit;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Counters that each allow {@code limit} hits per window, the window starting at the first hit
 * after the previous one ended: how Discord's buckets behave as seen from the headers.
 */
final class FixedWindows {
    private static final int PRUNE_ABOVE = 10_000;

    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long resetAtMillis;
        int used;
    }

    /**
     * Counts a hit on {@code key} unless its window is full.
     *
     * @return the state after the attempt; {@link Usage#allowed()} says whether the hit counted
     */
    synchronized Usage hit(String key, int limit, long windowMillis, long nowMillis) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        if (nowMillis >= w.resetAtMillis) {
            w.resetAtMillis = nowMillis + windowMillis;
            w.used = 0;
        }
        boolean allowed = w.used < limit;
        if (allowed) {
            w.used++;
        }
        if (windows.size() > PRUNE_ABOVE) {
            prune(nowMillis);
        }
        return new Usage(allowed, limit, limit - w.used, w.resetAtMillis, w.resetAtMillis - nowMillis);
    }

    /** The state of {@code key} as a hit now would find it, without counting one. */
    synchronized Usage peek(String key, int limit, long windowMillis, long nowMillis) {
        Window w = windows.get(key);
        if (w == null || nowMillis >= w.resetAtMillis) {
            return new Usage(true, limit, limit, nowMillis + windowMillis, windowMillis);
        }
        return new Usage(w.used < limit, limit, limit - w.used, w.resetAtMillis, w.resetAtMillis - nowMillis);
    }

    private void prune(long nowMillis) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (it.next().resetAtMillis <= nowMillis) {
                it.remove();
            }
        }
    }

    /** What one hit saw. */
    record Usage(boolean allowed, int limit, int remaining, long resetAtMillis, long resetAfterMillis) {
    }
}
