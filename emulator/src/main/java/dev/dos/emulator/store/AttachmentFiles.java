package dev.dos.emulator.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Attachment bytes as plain files, {@code attachments/<attachment id>}, so a test can damage one
 * the way a storage fault would. Uploads stream into {@code incoming/} first and are moved into
 * place only when their message is stored, so a rejected upload leaves nothing behind.
 */
public final class AttachmentFiles implements AutoCloseable {
    private final Path root;
    private final Path attachments;
    private final Path incoming;
    private final boolean temporary;

    private AttachmentFiles(Path root, boolean temporary) throws IOException {
        this.root = root;
        this.attachments = Files.createDirectories(root.resolve("attachments"));
        this.incoming = Files.createDirectories(root.resolve("incoming"));
        this.temporary = temporary;
        try (Stream<Path> leftovers = Files.list(incoming)) {
            for (Path p : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Files under {@code dataDir}, kept after close. */
    static AttachmentFiles in(Path dataDir) throws IOException {
        return new AttachmentFiles(dataDir, false);
    }

    /** Files in a fresh temporary directory, deleted on close (the in-memory mode). */
    static AttachmentFiles temporary() throws IOException {
        return new AttachmentFiles(Files.createTempDirectory("dos-emulator-"), true);
    }

    public Path path(long attachmentId) {
        return attachments.resolve(Long.toString(attachmentId));
    }

    /** A new empty file to stream an upload into. */
    public Path newIncoming() throws IOException {
        return Files.createTempFile(incoming, "upload-", ".part");
    }

    public void commit(Path incomingFile, long attachmentId) throws IOException {
        Files.move(incomingFile, path(attachmentId), StandardCopyOption.ATOMIC_MOVE);
    }

    public void discard(Path incomingFile) {
        try {
            Files.deleteIfExists(incomingFile);
        } catch (IOException ignored) {
            // Best effort: leftovers in incoming/ are removed at the next start.
        }
    }

    public void delete(long attachmentId) throws IOException {
        Files.deleteIfExists(path(attachmentId));
    }

    @Override
    public void close() throws IOException {
        if (!temporary) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
