package dev.dos.emulator.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSON-lines journal. Each entry is written with one {@code write} call and no
 * fsync: a killed emulator loses nothing (the bytes are in the OS), a machine crash may lose the
 * last entries. At start the journal is replayed and then rewritten as a compact snapshot, so
 * its size follows the live state instead of the history.
 */
final class FileJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final OutputStream out;

    private FileJournal(OutputStream out) {
        this.out = out;
    }

    /**
     * Replays {@code file} into {@code sink}. A last line without its newline is a write cut short
     * by a crash and is skipped; a damaged line elsewhere means the journal cannot be trusted.
     */
    static void replay(Path file, Consumer<JournalEntry> sink) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int complete = bytes.length;
        while (complete > 0 && bytes[complete - 1] != '\n') {
            complete--;
        }
        if (complete < bytes.length) {
            LOG.warn("journal {} ends with an incomplete entry ({} bytes); ignoring it", file,
                    bytes.length - complete);
        }
        String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
        int lineNumber = 0;
        try (BufferedReader lines = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    sink.accept(MAPPER.readValue(line, JournalEntry.class));
                } catch (IOException e) {
                    throw new IOException("journal " + file + " line " + lineNumber + " is damaged: "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /** Writes {@code snapshot} as the new journal (atomically) and opens it for appending. */
    static FileJournal rewrite(Path file, List<JournalEntry> snapshot) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // The journal holds the bot token and the link-signing key: owner-only, like the attachments.
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream w = Files.newOutputStream(tmp)) {
            for (JournalEntry entry : snapshot) {
                w.write(encode(entry));
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new FileJournal(Files.newOutputStream(file, StandardOpenOption.APPEND));
    }

    private static byte[] encode(JournalEntry entry) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(entry);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void append(JournalEntry entry) throws IOException {
        out.write(encode(entry));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
