package dev.dos.discord.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** One REST request: a route, the ids in its path, query parameters and an optional body. */
public record Call(Route route, List<String> ids, Map<String, String> query, RequestBody body) {

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");

    public Call {
        Objects.requireNonNull(route, "route");
        ids = List.copyOf(ids);
        query = new LinkedHashMap<>(query);
        if (ids.size() != route.arity()) {
            throw new IllegalArgumentException(route + " takes " + route.arity() + " ids, got " + ids.size());
        }
        for (String id : ids) {
            // ids go into the path: anything but digits could reach another route
            if (!SNOWFLAKE.matcher(id).matches()) {
                throw new IllegalArgumentException("not a Discord id: " + id);
            }
        }
    }

    public static Call of(Route route, String... ids) {
        return new Call(route, List.of(ids), Map.of(), null);
    }

    public Call withBody(RequestBody newBody) {
        return new Call(route, ids, query, newBody);
    }

    public Call withQuery(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(query);
        more.put(name, value);
        return new Call(route, ids, more, body);
    }

    /** The path and query below the base URL. */
    String target() {
        StringBuilder target = new StringBuilder(route.path(ids));
        char separator = '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            target.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return target.toString();
    }

    /** The major parameter (channel or guild id), or "" for routes without one. */
    String major() {
        return ids.isEmpty() ? "" : ids.getFirst();
    }

    String action() {
        return route.action(ids);
    }
}
