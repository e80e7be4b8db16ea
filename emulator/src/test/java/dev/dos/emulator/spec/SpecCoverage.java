package dev.dos.emulator.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many answers and requests were validated per route and client in this JVM. With
 * {@code DOS_SPEC_REPORT} set they are written at exit to {@code coverage-<pid>.tsv} there
 * ({@code route, client, responses, requests}); {@code ConformanceTable} sums them into the
 * table of docs/EMULATOR.md.
 */
final class SpecCoverage {
    private static final Map<String, LongAdder[]> COUNTS = new ConcurrentHashMap<>();

    static {
        if (SpecMismatches.reportDir() != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(SpecCoverage::write, "spec-coverage"));
        }
    }

    private SpecCoverage() {
    }

    static void count(String route, String client, boolean response, boolean request) {
        LongAdder[] c = COUNTS.computeIfAbsent(route + "\t" + client, k -> new LongAdder[] {new LongAdder(),
                new LongAdder()});
        if (response) {
            c[0].increment();
        }
        if (request) {
            c[1].increment();
        }
    }

    private static void write() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(COUNTS).forEach((key, c) -> out.append(key).append('\t').append(c[0].sum()).append('\t')
                .append(c[1].sum()).append('\n'));
        if (out.isEmpty()) {
            return;
        }
        try {
            Path dir = SpecMismatches.reportDir();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("coverage-" + ProcessHandle.current().pid() + ".tsv"), out,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("spec coverage not written: " + e);
        }
    }
}
