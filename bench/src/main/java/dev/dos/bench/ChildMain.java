package dev.dos.bench;

import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.TransferOptions;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A child JVM that stores one input, ours or the original design's way, on the emulator the parent
 * runs (so the emulator's memory is not counted), then prints one line with its time and its peak
 * resident set (VmHWM, the kernel's high-water mark of the whole process):
 * {@code CHILD millis=.. input=.. stored=.. chunks=.. hwm_kb=..}.
 *
 * <p>Usage: {@code ChildMain ours|original <input dir> <emulator json file> <scratch dir> <transfers>}
 */
public final class ChildMain {
    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ChildMain ours|original <input> <emulator.json> <scratch> <transfers>");
        }
        String mode = args[0];
        Path input = Path.of(args[1]);
        String emulator = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        Path scratch = Path.of(args[3]);
        TransferOptions transfers = TransferOptions.defaults().withTransfers(Integer.parseInt(args[4]));
        Repository repo = EmulatedStore.open(emulator, scratch.resolve(mode + ".db"));
        try {
            long start = System.nanoTime();
            long[] stored = switch (mode) {
                case "ours" -> ours(repo, input, transfers);
                case "original" -> original(repo.remote(), input, scratch);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            };
            long millis = (System.nanoTime() - start) / 1_000_000;
            long inputBytes = 0;
            for (Path f : Inputs.files(input)) {
                inputBytes += Files.size(f);
            }
            System.out.printf("CHILD millis=%d input=%d stored=%d chunks=%d hwm_kb=%d%n", millis, inputBytes,
                    stored[0], stored[1], peakRssKib());
        } finally {
            repo.remote().close();
            repo.metadata().close();
        }
    }

    /** Stored bytes (chunks and the manifest, which dos also stores remotely) and chunk count. */
    private static long[] ours(Repository repo, Path input, TransferOptions transfers) throws IOException {
        UploadResult r = new UploadOperation(repo, transfers).upload(List.of(input), UploadOptions.defaults(), ProgressListener.NONE);
        long manifest = repo.metadata().manifest(r.batchId()).map(m -> (long) m.length).orElse(0L);
        return new long[] {r.storedBytes() + manifest, r.chunkCount()};
    }

    private static long[] original(StorageRemote remote, Path input, Path scratch) throws Exception {
        String thread = remote.createContainer("original design " + input.getFileName());
        OriginalDesign.Stored s = OriginalDesign.withRandomKey(OriginalDesign.CHUNK_BYTES).store(input, scratch,
                (i, chunk, sha) -> remote.post(thread, "", List.of(new BlobUpload(String.format("chunk_%04d.enc", i), chunk))));
        return new long[] {s.storedBytes(), s.chunks()};
    }

    /** VmHWM of this process in KiB, from /proc/self/status (Linux). */
    static long peakRssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM in /proc/self/status (not Linux?)");
    }
}
