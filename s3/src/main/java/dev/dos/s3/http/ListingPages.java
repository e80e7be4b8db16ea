package dev.dos.s3.http;

import dev.dos.s3.store.Names;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One page of a listing, built on {@link ObjectStore#list}: keys under a prefix, after a marker,
 * rolled up at the delimiter into common prefixes, each common prefix counting as one of the
 * page's {@code maxKeys}. A marker that falls inside a common prefix's group (the group's own
 * name included, as a page ending in a common prefix gives it) skips the rest of that group, so
 * paging never repeats a common prefix.
 */
final class ListingPages {
    static final int MAX_KEYS = 1000;
    /** After any key that starts with a prefix p but not after p + this (U+10FFFF, UTF-8 F4 8F BF BF). */
    private static final String HIGHEST = new String(Character.toChars(Character.MAX_CODE_POINT));
    private static final int BATCH = 1000;

    /**
     * A page: objects and common prefixes, each in key order.
     *
     * @param lastEntry the last key or common prefix on the page: V1's NextMarker, V2's token
     */
    record Page(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated, String lastEntry) {
        int count() {
            return objects.size() + commonPrefixes.size();
        }
    }

    private ListingPages() {
    }

    /** {@code delimiter}: null or empty for none; {@code after}: null for from the start. */
    static Page page(ObjectStore store, String bucket, String prefix, String delimiter, String after, int maxKeys)
            throws IOException {
        if (maxKeys == 0) {
            return new Page(List.of(), List.of(), false, null);
        }
        boolean delimited = delimiter != null && !delimiter.isEmpty();
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String lastPrefix = delimited && after != null ? groupOf(after, prefix, delimiter) : null;
        String cursor = lastPrefix != null ? lastPrefix + HIGHEST : after;
        String lastEntry = null;
        while (true) {
            List<ObjectInfo> batch = store.list(bucket, prefix, cursor, BATCH);
            for (ObjectInfo info : batch) {
                cursor = info.key();
                String group = delimited ? groupOf(info.key(), prefix, delimiter) : null;
                if (group != null && group.equals(lastPrefix)) {
                    continue;
                }
                if (objects.size() + prefixes.size() >= maxKeys) {
                    return new Page(objects, prefixes, true, lastEntry);
                }
                if (group != null) {
                    prefixes.add(group);
                    lastPrefix = group;
                    lastEntry = group;
                } else {
                    objects.add(info);
                    lastEntry = info.key();
                }
            }
            if (batch.size() < BATCH) {
                return new Page(objects, prefixes, false, lastEntry);
            }
            if (lastPrefix != null && cursor.startsWith(lastPrefix)) {
                cursor = lastPrefix + HIGHEST; // skip the rest of the group at once
            }
        }
    }

    /** The common prefix {@code key} rolls up into (prefix + up to and including the delimiter), or null. */
    static String groupOf(String key, String prefix, String delimiter) {
        if (!key.startsWith(prefix)) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    /** An opaque continuation token standing for "after this entry". */
    static String token(String lastEntry) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastEntry.getBytes(StandardCharsets.UTF_8));
    }

    static String fromToken(String token) throws S3RequestException {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "The continuation token provided is incorrect");
        }
    }

    /** The later of two markers in key order (null: none). */
    static String later(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b == null || b.isEmpty() ? null : b;
        }
        if (b == null || b.isEmpty()) {
            return a;
        }
        return Names.KEY_ORDER.compare(a, b) >= 0 ? a : b;
    }
}
