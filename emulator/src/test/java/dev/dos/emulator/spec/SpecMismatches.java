package dev.dos.emulator.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where validation records what it finds, so the test that caused it can fail. With
 * {@code DOS_SPEC_REPORT} set (the build sets it to {@code target/spec-validation}), every
 * mismatch is appended to {@code mismatches.log} there, one line per write, so the emulators of
 * child processes (the crash tests' CLI runs) report to the test that started them; without it,
 * this JVM's mismatches are kept in memory.
 */
public final class SpecMismatches {
    /** The environment variable naming the report folder (mismatch log, coverage counts). */
    public static final String REPORT_DIR = "DOS_SPEC_REPORT";

    private static final List<String> MEMORY = new ArrayList<>();

    private SpecMismatches() {
    }

    /** The report folder, or null when validation reports in memory only. */
    static Path reportDir() {
        String dir = System.getenv(REPORT_DIR);
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    private static Path log() {
        Path dir = reportDir();
        return dir == null ? null : dir.resolve("mismatches.log");
    }

    static void record(SpecMismatch mismatch) {
        String line = mismatch.line() + "\n";
        Path log = log();
        if (log == null) {
            synchronized (MEMORY) {
                MEMORY.add(line.strip());
            }
            return;
        }
        try {
            Files.createDirectories(log.getParent());
            Files.write(log, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a spec mismatch in " + log, e);
        }
    }

    /** A position in the record: everything recorded after it is {@link #since}. */
    static long mark() {
        Path log = log();
        if (log == null) {
            synchronized (MEMORY) {
                return MEMORY.size();
            }
        }
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines recorded after a mark, and the mark to read from next time. */
    record Batch(List<String> lines, long next) {
    }

    /** The mismatch lines recorded since {@code mark}, by this process or a child. */
    static Batch since(long mark) {
        Path log = log();
        if (log == null) {
            synchronized (MEMORY) {
                int from = (int) Math.min(mark, MEMORY.size());
                return new Batch(new ArrayList<>(MEMORY.subList(from, MEMORY.size())), MEMORY.size());
            }
        }
        try {
            if (!Files.exists(log)) {
                return new Batch(List.of(), mark);
            }
            byte[] all = Files.readAllBytes(log);
            int end = all.length;
            while (end > mark && all[end - 1] != '\n') {
                end--; // a line still being written is read next time
            }
            if (end <= mark) {
                return new Batch(List.of(), mark);
            }
            String text = new String(all, (int) mark, end - (int) mark, StandardCharsets.UTF_8);
            return new Batch(text.lines().filter(l -> !l.isBlank()).toList(), end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
