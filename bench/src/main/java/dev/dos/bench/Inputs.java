package dev.dos.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated inputs, written to disk in 1 MiB pieces (never held whole, so a 5 GiB input costs
 * the generator nothing): a folder of files, deterministic for a seed.
 */
final class Inputs {
    enum Kind {
        /** Text-like: words, numbers and line breaks; zstd -3 shrinks it roughly 3 to 4 times. */
        COMPRESSIBLE,
        /** Uniformly random bytes: no codec shrinks them. */
        INCOMPRESSIBLE,
        /** Files alternating between the two. */
        MIXED
    }

    private static final int PIECE = 1 << 20;
    private static final long MAX_FILE = 64 * Scale.MIB;
    private static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or his "
            + "from at which but have an they you were her she there been one all we their has would when if so no "
            + "will more can about said them some what its into only other time new could these two may first then "
            + "do any like my now over such our man me even most made after also did many before must through back "
            + "years where much your way well down should because each just those people how too little state good "
            + "very make world still own see men work long get here between both life being under never day same "
            + "another know while last might us great old year off come since against go came right used take three "
            + "archive batch chunk thread upload restore verify manifest encrypted compressed discord storage index")
            .split(" ");

    private Inputs() {
    }

    /** Writes about {@code totalBytes} of {@code kind} into new folder {@code dir}; returns the bytes written. */
    static long write(Path dir, Kind kind, long totalBytes, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(seed);
        long fileBytes = Math.max(PIECE, Math.min(MAX_FILE, totalBytes / 8));
        long written = 0;
        for (int i = 0; written < totalBytes; i++) {
            long size = Math.min(fileBytes, totalBytes - written);
            Kind fileKind = kind != Kind.MIXED ? kind : (i % 2 == 0 ? Kind.COMPRESSIBLE : Kind.INCOMPRESSIBLE);
            String name = String.format("%s-%04d.%s", fileKind.name().toLowerCase(), i,
                    fileKind == Kind.COMPRESSIBLE ? "txt" : "bin");
            writeFile(dir.resolve(name), fileKind, size, random);
            written += size;
        }
        return written;
    }

    /** Writes {@code count} compressible files of {@code bytesEach} into new folder {@code dir}. */
    /** One file of {@code size} bytes of {@code kind} (not MIXED) at {@code file}; returns its size. */
    static long writeOne(Path file, Kind kind, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        writeFile(file, kind, size, new SplittableRandom(seed));
        return size;
    }

    static void writeSmallFiles(Path dir, int count, int bytesEach, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            writeFile(dir.resolve(String.format("note-%04d.txt", i)), Kind.COMPRESSIBLE, bytesEach, random);
        }
    }

    private static void writeFile(Path file, Kind kind, long size, SplittableRandom random) throws IOException {
        byte[] piece = new byte[PIECE];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(PIECE, size - done);
                if (kind == Kind.COMPRESSIBLE) {
                    fillText(piece, n, random);
                } else {
                    random.nextBytes(piece);
                }
                out.write(piece, 0, n);
                done += n;
            }
        }
    }

    private static final byte[][] WORD_BYTES = toBytes(WORDS);

    private static byte[][] toBytes(String[] words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    private static void fillText(byte[] buf, int n, SplittableRandom random) {
        int pos = 0;
        while (pos < n) {
            int roll = random.nextInt(100);
            byte[] word;
            if (roll < 4) {
                word = Integer.toString(random.nextInt(1_000_000)).getBytes(StandardCharsets.US_ASCII);
            } else {
                word = WORD_BYTES[random.nextInt(WORD_BYTES.length)];
            }
            int len = Math.min(word.length, n - pos);
            System.arraycopy(word, 0, buf, pos, len);
            pos += len;
            if (pos < n) {
                buf[pos++] = (byte) (roll == 99 ? '\n' : ' ');
            }
        }
    }

    /** The regular files under {@code dir}, in name order. */
    static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var stream = Files.walk(dir)) {
            stream.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
        return out;
    }

    /** Reads every file under {@code dir} into blocks of at most {@code blockBytes}, for the primitives. */
    static List<byte[]> blocks(Path dir, int blockBytes) throws IOException {
        List<byte[]> blocks = new ArrayList<>();
        for (Path file : files(dir)) {
            try (var in = Files.newInputStream(file)) {
                while (true) {
                    byte[] block = in.readNBytes(blockBytes);
                    if (block.length == 0) {
                        break;
                    }
                    blocks.add(block);
                }
            }
        }
        return blocks;
    }

    /** Deletes a folder tree, quietly (scratch data only). */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var stream = Files.walk(dir)) {
            stream.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // scratch data: a leftover file is harmless
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
