package dev.dos.emulator.spec;

import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The conformance table of docs/EMULATOR.md: each route the emulator serves, whether Discord's
 * description has it, and how many of its answers, of our client's requests and of Discord4J's
 * exchanges the last full test run validated ({@code coverage-*.tsv} that {@link SpecCoverage}
 * wrote). {@code scripts/conformance-table} runs it; {@code ConformanceTableTest} keeps the
 * published table's rows in step with the routes.
 */
public final class ConformanceTable {

    /** One route's row. */
    record Row(String route, String described, long responses, long requests, long independent) {
    }

    private ConformanceTable() {
    }

    /** {@code args}: folders holding {@code coverage-*.tsv} (every module's {@code target/spec-validation}). */
    public static void main(String[] args) throws IOException {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String dir : args) {
            Path folder = Path.of(dir);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("coverage-")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        add(counts, line.split("\t"));
                    }
                }
            }
        }
        List<String> routes;
        try (DiscordEmulator emulator = DiscordEmulator.start(EmulatorConfig.builder()
                .rateLimits(RateLimitConfig.disabled()).build())) {
            routes = emulator.routes();
        }
        System.out.print(markdown(rows(routes, counts)));
    }

    /** A coverage line: route, client, responses, requests; kept as [responses, our requests, Discord4J's]. */
    private static void add(Map<String, long[]> counts, String[] f) {
        if (f.length != 4) {
            return;
        }
        long[] c = counts.computeIfAbsent(f[0], k -> new long[3]);
        long responses = Long.parseLong(f[2]);
        c[0] += responses;
        c[1] += Long.parseLong(f[3]);
        if (f[1].equals("discord4j")) {
            c[2] += responses;
        }
    }

    static List<Row> rows(List<String> routes, Map<String, long[]> counts) {
        List<Row> rows = new ArrayList<>();
        for (String route : routes) {
            String key = coverageKey(route);
            long[] c = counts.getOrDefault(key, new long[3]);
            String described = DiscordSpec.get().operation(method(route), samplePath(route)).isPresent()
                    ? "yes" : "no (" + exceptionFor(key) + ")";
            rows.add(new Row(route, described, c[0], c[1], c[2]));
        }
        return rows;
    }

    /** The name an emulator route's exchanges are counted under. */
    static String coverageKey(String route) {
        if (route.contains("/attachments/{channel.id}")) {
            return SpecExceptions.cdn(method(route));
        }
        return DiscordSpec.get().operation(method(route), samplePath(route)).map(SpecOperation::name)
                .orElse(route.equals(SpecExceptions.REFRESH_URLS) ? SpecExceptions.REFRESH_URLS
                        : route + " (served, not described)");
    }

    private static String exceptionFor(String key) {
        return key.startsWith("CDN ") || key.equals(SpecExceptions.REFRESH_URLS)
                ? "listed exception, own checks" : "NOT a listed exception";
    }

    private static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    /** {@code GET /channels/{channel.id}/messages} as a request path: {@code /channels/1/messages}. */
    private static String samplePath(String route) {
        return route.substring(route.indexOf(' ') + 1).replaceAll("\\{[a-z_.]+}", "1");
    }

    static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder("| Route | In Discord's description | Answers validated | "
                + "Our requests validated | Discord4J exchanges |\n|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            out.append("| `").append(r.route()).append("` | ").append(r.described()).append(" | ")
                    .append(r.responses()).append(" | ").append(r.requests()).append(" | ")
                    .append(r.independent() > 0 ? r.independent() : "—").append(" |\n");
        }
        return out.toString();
    }
}
