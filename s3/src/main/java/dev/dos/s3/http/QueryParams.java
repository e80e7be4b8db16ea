package dev.dos.s3.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A raw query string's parameters, decoded, in the order sent; all of them take part in a signature. */
final class QueryParams {
    private final List<Map.Entry<String, String>> params;

    private QueryParams(List<Map.Entry<String, String>> params) {
        this.params = params;
    }

    static QueryParams parse(String rawQuery) throws S3RequestException {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = UriEncoding.decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : UriEncoding.decodeQuery(pair.substring(eq + 1));
                out.add(Map.entry(name, value));
            }
        }
        return new QueryParams(List.copyOf(out));
    }

    boolean has(String name) {
        return params.stream().anyMatch(p -> p.getKey().equals(name));
    }

    /** The first value of {@code name}, or null. */
    String get(String name) {
        return params.stream().filter(p -> p.getKey().equals(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The value of {@code name}, or {@code fallback} when absent. */
    String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /**
     * SigV4's canonical query string: every parameter but {@code excluded}, names and values
     * encoded as SigV4 encodes them, sorted by name then value, joined by {@code &}.
     */
    String canonical(Set<String> excluded) {
        List<String[]> encoded = new ArrayList<>();
        for (Map.Entry<String, String> p : params) {
            if (!excluded.contains(p.getKey())) {
                encoded.add(new String[] {UriEncoding.encode(p.getKey(), false), UriEncoding.encode(p.getValue(), false)});
            }
        }
        encoded.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]));
        StringBuilder out = new StringBuilder();
        for (String[] e : encoded) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(e[0]).append('=').append(e[1]);
        }
        return out.toString();
    }
}
