package dev.dos.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.testing.Reliability;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, hostile input: a fuzz-style corpus of mutated chunks (checked in under
 * {@code src/test/resources/fuzz/chunks}, made by {@link ChunkFuzz}) plus fresh random mutations,
 * each served as chunk 0 of a two-chunk batch and read through the real {@link ChunkReader}. Each
 * must be refused with the format's {@link IntegrityException} naming chunk 0, never another
 * exception (no IndexOutOfBounds, NegativeArraySize, OutOfMemory...), and release no byte.
 *
 * <p>Regenerate the corpus (after a format change) with
 * {@code ./mvnw -B -pl core -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest='ChunkFuzzCorpusTest'
 * -Ddos.fuzz.regenerate=true verify}.
 */
@Tag(Reliability.TAG)
class ChunkFuzzCorpusTest {
    private static final Path SOURCE_CORPUS = Path.of("src/test/resources/fuzz/chunks");

    @Test
    void chunkFuzzCorpus() throws IOException, URISyntaxException {
        Map<String, byte[]> generated = ChunkFuzz.corpus();
        if (Boolean.getBoolean("dos.fuzz.regenerate")) {
            Files.createDirectories(SOURCE_CORPUS);
            for (Map.Entry<String, byte[]> file : generated.entrySet()) {
                Files.write(SOURCE_CORPUS.resolve(file.getKey()), file.getValue());
            }
        }
        Map<String, byte[]> corpus = corpusOnDisk();
        // The checked-in corpus is still the generator's (so it still means "mutations of a valid chunk").
        for (Map.Entry<String, byte[]> file : generated.entrySet()) {
            assertThat(corpus).as("corpus file %s (regenerate with -Ddos.fuzz.regenerate=true)", file.getKey())
                    .containsKey(file.getKey());
            assertThat(corpus.get(file.getKey())).as("corpus file %s is stale (regenerate with"
                    + " -Ddos.fuzz.regenerate=true)", file.getKey()).isEqualTo(file.getValue());
        }
        byte[] c0 = corpus.get("base-chunk-0.dosc");
        byte[] c1 = corpus.get("base-chunk-1.dosc");
        // The unmutated batch reads back: the corpus is valid under the key, so refusals mean something.
        assertThat(read(c0, c1).released).isEqualTo(TestData.random(3_000, 77));

        List<String> failures = new ArrayList<>();
        int files = 0;
        int held = 0;
        for (Map.Entry<String, byte[]> file : corpus.entrySet()) {
            if (file.getKey().startsWith("base-")) {
                continue;
            }
            files++;
            String verdict = refused(file.getValue(), c1);
            if (verdict == null) {
                held++;
            } else {
                failures.add(file.getKey() + ": " + verdict);
            }
        }

        long seed = Long.getLong("dos.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        int fresh = Reliability.trials(3_000);
        int freshHeld = 0;
        for (int i = 0; i < fresh; i++) {
            byte[] mutated = ChunkFuzz.mutate(random, c0, c1);
            String verdict = refused(mutated, c1);
            if (verdict == null) {
                freshHeld++;
            } else if (failures.size() < 20) {
                failures.add("fresh mutation " + i + " (seed " + seed + "): " + verdict);
            }
        }
        String outcome = files + " corpus files + " + fresh + " fresh random mutations (seed " + seed + "): "
                + (held + freshHeld) + " refused with IntegrityException at chunk 0, 0 bytes released, no other"
                + " exception type";
        Reliability.record("chunk-fuzz-corpus", "hostile-chunks", "mutated chunks (multi-byte edits, splices,"
                        + " header field edits, truncation, extension, lying inner headers) through the chunk reader",
                files + fresh, held + freshHeld, outcome, Reliability.mvnTest("core", "ChunkFuzzCorpusTest"));
        assertThat(failures).isEmpty();
        assertThat(files).isGreaterThanOrEqualTo(generated.size() - 2);
    }

    /** Null if {@code chunk0} served as chunk 0 is refused properly, else what went wrong. */
    private static String refused(byte[] chunk0, byte[] c1) {
        Read read;
        try {
            read = read(chunk0, c1);
        } catch (Throwable t) {
            return "threw " + t;
        }
        if (read.failure == null) {
            return "accepted (" + read.released.length + " bytes)";
        }
        if (read.failure.chunkIndex() != 0 || !ChunkFuzz.BATCH.equals(read.failure.batchId())) {
            return "refused naming the wrong chunk: " + read.failure.getMessage();
        }
        if (read.released.length != 0) {
            return "released " + read.released.length + " bytes before refusing: " + read.failure.getMessage();
        }
        return null;
    }

    private record Read(byte[] released, IntegrityException failure) {
    }

    /** Reads the batch with {@code c0} and {@code c1} served; any exception but IntegrityException propagates. */
    private static Read read(byte[] c0, byte[] c1) throws IOException {
        ChunkSource source = index -> new ByteArrayInputStream(index == 0 ? c0 : c1);
        java.io.ByteArrayOutputStream released = new java.io.ByteArrayOutputStream();
        try (ChunkReader reader = new ChunkReader(ChunkFuzz.STREAM, source, StreamPosition.START, 2)) {
            byte[] buffer = new byte[333];
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                released.write(buffer, 0, n);
            }
        } catch (IntegrityException e) {
            return new Read(released.toByteArray(), e);
        }
        return new Read(released.toByteArray(), null);
    }

    private static Map<String, byte[]> corpusOnDisk() throws IOException, URISyntaxException {
        Path dir = SOURCE_CORPUS;
        if (!Files.isDirectory(dir)) {
            URL url = ChunkFuzzCorpusTest.class.getResource("/fuzz/chunks");
            assertThat(url).as("the fuzz corpus on the classpath").isNotNull();
            dir = Path.of(url.toURI());
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path file : listing.filter(p -> p.getFileName().toString().endsWith(".dosc")).toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
