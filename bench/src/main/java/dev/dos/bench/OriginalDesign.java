package dev.dos.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The original tool's storage path (/work/shared/original-description.md, "Workflow Overview"),
 * as the baseline dos is measured against: the whole input as one {@code .tar.gz} file (Python's
 * {@code tarfile} "w:gz": PAX headers, gzip level 9, entries sorted by name), read back whole,
 * Fernet-encrypted whole ({@link Fernet}), and the base64 token cut into 9.5 MiB chunks, each
 * hashed with SHA-256 and posted as one attachment. The key derivation (PBKDF2, once per run)
 * is left out, as dos's Argon2 is.
 */
final class OriginalDesign {
    static final int CHUNK_BYTES = 9 * 1024 * 1024 + 512 * 1024;

    /** Receives each chunk and its SHA-256 hex, in order. */
    interface ChunkSink {
        void accept(int index, byte[] chunk, String sha256) throws IOException;
    }

    record Stored(long archiveBytes, long storedBytes, int chunks) {
    }

    private final Fernet fernet;
    private final int chunkBytes;

    OriginalDesign(byte[] key, int chunkBytes) {
        this.fernet = new Fernet(key);
        this.chunkBytes = chunkBytes;
    }

    static OriginalDesign withRandomKey(int chunkBytes) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new OriginalDesign(key, chunkBytes);
    }

    /** Stores {@code root}, using {@code scratch} for the archive file (removed afterwards). */
    Stored store(Path root, Path scratch, ChunkSink sink) throws IOException, GeneralSecurityException {
        Path archive = scratch.resolve(root.getFileName() + ".tar.gz");
        try {
            writeTarGz(root, archive);
            byte[] data = Files.readAllBytes(archive);
            byte[] iv = new byte[16];
            new SecureRandom().nextBytes(iv);
            byte[] token = fernet.encrypt(data, System.currentTimeMillis() / 1000, iv);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int chunks = 0;
            for (int from = 0; from < token.length; from += chunkBytes) {
                byte[] chunk = Arrays.copyOfRange(token, from, Math.min(token.length, from + chunkBytes));
                sink.accept(chunks++, chunk, HexFormat.of().formatHex(sha.digest(chunk)));
            }
            return new Stored(data.length, token.length, chunks);
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    private static void writeTarGz(Path root, Path archive) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16);
             GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16) {
                 {
                     def.setLevel(9); // Python's tarfile.open(mode="w:gz") default compresslevel
                 }
             };
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            add(tar, root, root.getFileName().toString());
            tar.finish();
        }
    }

    /** Python's TarFile.add: the entry, then a directory's children sorted by name, recursively. */
    private static void add(TarArchiveOutputStream tar, Path path, String name) throws IOException {
        boolean dir = Files.isDirectory(path);
        TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), dir ? name + "/" : name);
        tar.putArchiveEntry(entry);
        if (!dir) {
            try (InputStream in = Files.newInputStream(path)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
        if (dir) {
            List<Path> children;
            try (Stream<Path> list = Files.list(path)) {
                children = list.sorted().toList();
            }
            for (Path child : children) {
                add(tar, child, name + "/" + child.getFileName());
            }
        }
    }

    /**
     * Stores a small folder, then decrypts the chunks, unpacks the archive and compares every file
     * with the original; throws on any difference. Run before any figure uses this class.
     */
    static void selfCheck(Path scratch) throws IOException, GeneralSecurityException {
        Fernet.selfCheck();
        Path root = scratch.resolve("original-design-check");
        Inputs.write(root, Inputs.Kind.MIXED, 3 * Scale.MIB + 12345, 3);
        OriginalDesign design = withRandomKey(1 << 20); // small chunks, so the split is exercised
        ByteArrayOutputStream token = new ByteArrayOutputStream();
        List<String> hashes = new ArrayList<>();
        Stored stored = design.store(root, scratch, (i, chunk, sha) -> {
            if (chunk.length > 1 << 20 || i != hashes.size()) {
                throw new IllegalStateException("original design: chunk " + i + " out of order or too large");
            }
            token.write(chunk);
            hashes.add(sha);
        });
        if (stored.storedBytes() != token.size() || hashes.size() != stored.chunks() || stored.chunks() < 2) {
            throw new IllegalStateException("original design: chunks do not add up");
        }
        byte[] archive = design.fernet.decrypt(token.toByteArray());
        int files = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                Path original = scratch.resolve(e.getName());
                if (!Arrays.equals(tar.readAllBytes(), Files.readAllBytes(original))) {
                    throw new IllegalStateException("original design: " + e.getName() + " did not survive the round trip");
                }
                files++;
            }
        }
        if (files != Inputs.files(root).size()) {
            throw new IllegalStateException("original design: files missing after the round trip");
        }
        Inputs.delete(root);
    }
}
