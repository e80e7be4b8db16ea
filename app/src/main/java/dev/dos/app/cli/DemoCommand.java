package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.core.config.DosPaths;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.Sizes;
import dev.dos.core.ops.TransferOptions;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.ops.VerifyOperation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dos demo}: the main job, visibly, on the sandbox: sample data up, list, deep verify,
 * restore everything and compare byte for byte, restore one file alone. Exit 0 only if all matched.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole job on the embedded sandbox (no Discord token needed) and check every byte.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    DosRoot root;

    @Option(names = "--big-file-mib", defaultValue = "50", description = "Size of the large sample file in MiB. Default: ${DEFAULT-VALUE}.")
    int bigFileMib;

    @Override
    public Integer call() throws Exception {
        var out = root.context.out();
        DosPaths paths = DosPaths.resolve(root.context.env(), root.configDir, root.dataDir);
        Path work = Files.createTempDirectory("dos-demo-");
        try {
            Path sample = work.resolve("sample");
            step("1. creating sample data in " + sample);
            createSample(sample, bigFileMib);
            try (StoreSession session = StoreSession.open(paths, root.context.env(), true, () -> null);
                 ProgressBars bars = new ProgressBars(root.context.err(), true, root.context.stderrIsTerminal())) {
                var repo = session.repository();
                step("2. uploading to the sandbox (embedded Discord emulator, data in "
                        + paths.dataDir().resolve("sandbox") + ")");
                UploadResult up = new UploadOperation(repo, TransferOptions.defaults()).upload(List.of(sample), UploadOptions.defaults(), bars);
                out.printf("   batch %s: %d entries, %s -> %s in %d chunk(s)%n", up.batchId(), up.entryCount(),
                        Sizes.human(up.originalBytes()), Sizes.human(up.storedBytes()), up.chunkCount());

                step("3. listing batches");
                repo.metadata().listBatches(BatchQuery.all().page(0, 5)).items().forEach(b ->
                        out.printf("   %s  %-9s %10s  %s%n", b.id().substring(0, 8), b.state().name().toLowerCase(),
                                Sizes.human(b.storedBytes()), b.name()));

                step("4. deep verify (download, decrypt, decompress, check every file's SHA-256)");
                VerifyOperation.Report verify = new VerifyOperation(repo, TransferOptions.defaults()).verify(up.batchId(), true, bars);
                out.println("   " + (verify.ok() ? "OK" : "DAMAGED: " + verify.badChunks() + " " + verify.badFiles()));

                Path restored = work.resolve("restored");
                step("5. restoring the whole batch into " + restored);
                RestoreOperation restore = new RestoreOperation(repo, TransferOptions.defaults());
                RestoreOperation.Report all = restore.restore(up.batchId(), restored, List.of(), false, bars);
                boolean same = sameTree(sample, restored.resolve(sample.getFileName()));
                out.printf("   %d entries restored; byte-for-byte comparison: %s%n", all.result().restoredEntries(),
                        same ? "identical" : "DIFFERENT");

                Path single = work.resolve("single");
                String one = sample.getFileName() + "/notes/r\u00e9sum\u00e9 \u65e5\u672c.txt";
                step("6. restoring one file alone: " + one);
                RestoreOperation.Report part = restore.restore(up.batchId(), single, List.of(one), false, bars);
                boolean oneSame = Files.mismatch(sample.resolve("notes/r\u00e9sum\u00e9 \u65e5\u672c.txt"),
                        single.resolve(one)) == -1;
                out.printf("   needed %d of %d chunk(s); content %s%n", part.chunksFetched(), part.chunksTotal(),
                        oneSame ? "identical" : "DIFFERENT");

                boolean ok = verify.ok() && same && oneSame && !all.result().hasFailures() && !part.result().hasFailures();
                step("summary");
                out.printf("   uploaded %s as %d chunk(s), verified, restored and compared: %s%n",
                        Sizes.human(up.originalBytes()), up.chunkCount(), ok ? "ALL MATCHED" : "MISMATCH");
                out.println("   try: ./dos --sandbox list   ./dos --sandbox info " + up.batchId().substring(0, 8));
                return ok ? ExitCode.OK : ExitCode.INTEGRITY;
            }
        } finally {
            deleteTree(work);
        }
    }

    private void step(String text) {
        root.context.out().println("==> " + text);
        root.context.out().flush();
    }

    static void createSample(Path dir, int bigFileMib) throws IOException {
        Files.createDirectories(dir.resolve("notes"));
        Files.createDirectories(dir.resolve("empty folder"));
        Files.writeString(dir.resolve("README.txt"), "Sample data for the dos demo.\n".repeat(100), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes/r\u00e9sum\u00e9 \u65e5\u672c.txt"),
                "A file with a non-ASCII name: caf\u00e9, \u65e5\u672c\u8a9e, \u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439.\n".repeat(50),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes/log.csv"), sampleCsv(), StandardCharsets.UTF_8);
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream big = Files.newOutputStream(dir.resolve("big.bin"))) {
            for (int i = 0; i < bigFileMib; i++) {
                random.nextBytes(block);
                big.write(block);
            }
        }
    }

    private static String sampleCsv() {
        StringBuilder csv = new StringBuilder("time,sensor,value\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(1_700_000_000 + i * 60).append(",s").append(i % 7).append(',').append((i * 37) % 1000).append('\n');
        }
        return csv.toString();
    }

    static boolean sameTree(Path a, Path b) throws IOException {
        List<Path> left;
        List<Path> right;
        try (Stream<Path> s = Files.walk(a)) {
            left = s.map(a::relativize).sorted().toList();
        }
        try (Stream<Path> s = Files.walk(b)) {
            right = s.map(b::relativize).sorted().toList();
        }
        if (!left.equals(right)) {
            return false;
        }
        for (Path rel : left) {
            Path x = a.resolve(rel);
            if (Files.isRegularFile(x) && Files.mismatch(x, b.resolve(rel)) != -1) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
