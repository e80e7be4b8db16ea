package dev.dos.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.config.OwnerOnly;
import dev.dos.core.io.NoSpace;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.SettingKeys;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser uploads on their way to the store. A multipart body is streamed part by part (never held
 * in memory) into a fresh owner-only folder under the staging root, each file at the relative path
 * its part's file name gives; the upload job then reads the folder's top-level items, so entries
 * are named like the originals. The folder goes when its batch is complete or deleted; while the
 * batch can still be resumed its files are the batch's sources and stay, recorded under
 * {@link SettingKeys#webStaging}.
 */
final class UploadStaging {
    static final String NAME_FIELD = "name";
    static final String FILES_FIELD = "files";
    static final int MAX_FILES = 10_000;
    static final int MAX_PATH_CHARS = 1024;
    static final int MAX_SEGMENT_BYTES = 255;
    static final int MAX_NAME_CHARS = 200;
    /** Staging folders touched this recently are never swept: another server may be filling them. */
    static final Duration SWEEP_GRACE = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(UploadStaging.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one request staged: its folder, the folder's top-level items in upload order, and the batch name asked for. */
    record Staged(Path dir, List<Path> items, String name, int files, long bytes) {
    }

    private final Path root;
    private final MetadataStore metadata;

    UploadStaging(Path root, MetadataStore metadata) {
        this.root = root.toAbsolutePath().normalize();
        this.metadata = metadata;
    }

    /** Streams the multipart body of {@code request} to disk; on any failure nothing of it is kept. */
    Staged receive(HttpServletRequest request) throws IOException {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        Path dir = root.resolve(HexFormat.of().formatHex(random));
        OwnerOnly.createDirectories(dir);
        try {
            return receiveInto(dir, request);
        } catch (IOException | RuntimeException e) {
            discard(dir);
            if (NoSpace.isCause(e)) {
                throw new ApiError(507, "disk_full", "the server's disk is full: no space left to stage the upload in "
                        + root + "; nothing of it was kept");
            }
            throw e;
        }
    }

    private Staged receiveInto(Path dir, HttpServletRequest request) throws IOException {
        String name = null;
        Set<Path> items = new LinkedHashSet<>();
        int files = 0;
        long bytes = 0;
        FileItemInputIterator parts;
        try {
            parts = new JakartaServletFileUpload<>().getItemIterator(request);
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                if (part.isFormField() && NAME_FIELD.equals(part.getFieldName())) {
                    name = readName(part);
                } else if (!part.isFormField() && FILES_FIELD.equals(part.getFieldName())) {
                    if (++files > MAX_FILES) {
                        throw ApiError.badRequest("at most " + MAX_FILES + " files per upload");
                    }
                    List<String> segments = relativePath(part.getName());
                    bytes += write(dir, segments, part);
                    items.add(dir.resolve(segments.getFirst()));
                } else {
                    throw ApiError.badRequest("unexpected form field '" + part.getFieldName() + "': send '"
                            + NAME_FIELD + "' and '" + FILES_FIELD + "' parts only");
                }
            }
        } catch (FileUploadException e) {
            throw ApiError.badRequest("malformed multipart body: " + e.getMessage());
        } catch (InvalidPathException e) {
            throw ApiError.badRequest("bad file name in the upload: " + e.getMessage());
        }
        if (files == 0) {
            throw ApiError.badRequest("the upload holds no '" + FILES_FIELD + "' part");
        }
        return new Staged(dir, List.copyOf(items), name, files, bytes);
    }

    private static String readName(FileItemInput part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] text = in.readNBytes(MAX_NAME_CHARS * 4 + 1);
            String name = new String(text, StandardCharsets.UTF_8).strip();
            if (text.length > MAX_NAME_CHARS * 4 || name.length() > MAX_NAME_CHARS) {
                throw ApiError.badRequest("'" + NAME_FIELD + "' must be at most " + MAX_NAME_CHARS + " characters");
            }
            return name.isEmpty() ? null : name;
        }
    }

    /**
     * The segments of a part's relative file name ("photos/2024/a.jpg"): not absolute, no {@code .}
     * or {@code ..}, no empty segment, no NUL or backslash, within the length limits.
     */
    static List<String> relativePath(String text) {
        if (text == null || text.isEmpty()) {
            throw ApiError.badRequest("every file part needs a file name (its relative path)");
        }
        if (text.length() > MAX_PATH_CHARS) {
            throw ApiError.badRequest("file paths must be at most " + MAX_PATH_CHARS + " characters");
        }
        if (text.indexOf('\0') >= 0 || text.indexOf('\\') >= 0) {
            throw ApiError.badRequest("file paths must not contain NUL or backslashes: " + text);
        }
        if (text.startsWith("/")) {
            throw ApiError.badRequest("file paths must be relative: " + text);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : text.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw ApiError.badRequest("file paths must not have empty, '.' or '..' segments: " + text);
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw ApiError.badRequest("file and folder names must be at most " + MAX_SEGMENT_BYTES + " bytes");
            }
            segments.add(segment);
        }
        return segments;
    }

    /** Streams one part to {@code dir/segments}; returns its size. */
    private static long write(Path dir, List<String> segments, FileItemInput part) throws IOException {
        Path target = dir.resolve(String.join("/", segments)).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw ApiError.badRequest("file path escapes the upload: " + String.join("/", segments));
        }
        try {
            Files.createDirectories(target.getParent());
            try (InputStream in = part.getInputStream();
                 OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                return in.transferTo(out);
            }
        } catch (FileAlreadyExistsException e) {
            throw ApiError.badRequest("the upload names " + String.join("/", segments) + " twice (or as file and folder)");
        } catch (FileSystemException e) {
            if (Files.exists(target.getParent()) && !Files.isDirectory(target.getParent())) {
                throw ApiError.badRequest("the upload uses a file as a folder: " + String.join("/", segments));
            }
            throw e;
        }
    }

    /** Records that {@code dir} holds the sources of resumable batch {@code batchId}. */
    void keepFor(String batchId, Path dir) {
        metadata.putSetting(SettingKeys.webStaging(batchId), dir.toString());
    }

    /** Deletes the staged sources of batch {@code batchId}, if a browser upload left any. */
    void release(String batchId) {
        String key = SettingKeys.webStaging(batchId);
        metadata.setting(key).ifPresent(dir -> {
            Path path = Path.of(dir);
            if (path.startsWith(root)) { // never delete anything outside the staging root, whatever the index says
                discard(path);
            }
            metadata.removeSetting(key);
        });
    }

    /**
     * Removes the staging folders no batch needs: those of a browser upload cut off mid-body or of a
     * server killed ({@code kill -9}, power loss) before it could record or release them. A folder
     * that holds the sources of a batch that can still be resumed stays, and is recorded for that
     * batch so that finishing or deleting the batch releases it. Folders modified within
     * {@code grace} are left alone: another server on the same store may be receiving into them.
     *
     * @return how many folders were removed
     */
    int sweep(Duration grace) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Map<Path, String> needed;
        try {
            needed = foldersOfResumableBatches();
        } catch (IOException | InvalidPathException e) {
            LOG.warn("a resumable batch's saved upload source is unreadable; no staging folder is removed", e);
            return 0;
        }
        Instant cutoff = Instant.now().minus(grace);
        int removed = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String batchId = needed.get(dir);
                if (batchId != null) {
                    keepFor(batchId, dir);
                } else if (lastChange(dir).isBefore(cutoff)) {
                    discard(dir);
                    removed += Files.exists(dir) ? 0 : 1;
                }
            }
        } catch (IOException e) {
            LOG.warn("could not look for stale upload staging folders in {}", root, e);
        }
        if (removed > 0) {
            LOG.info("removed {} upload staging folder(s) no batch needs", removed);
        }
        return removed;
    }

    /** The newest modification time in a folder's tree (a big part grows a file, not its folder). */
    private static Instant lastChange(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            Instant newest = Instant.EPOCH;
            for (Path p : (Iterable<Path>) tree::iterator) {
                Instant t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                newest = t.isAfter(newest) ? t : newest;
            }
            return newest;
        }
    }

    /** Staging folder => id of the resumable batch whose recorded sources lie in it. */
    private Map<Path, String> foldersOfResumableBatches() throws IOException {
        Map<Path, String> needed = new HashMap<>();
        BatchQuery query = BatchQuery.all().inStates(Set.of(BatchState.UPLOADING, BatchState.INCOMPLETE));
        for (int offset = 0; ; offset += BatchQuery.DEFAULT_LIMIT) {
            List<BatchRecord> page = metadata.listBatches(query.page(offset, BatchQuery.DEFAULT_LIMIT)).items();
            for (BatchRecord batch : page) {
                String json = metadata.source(batch.id()).orElse(null);
                if (json == null) {
                    continue;
                }
                for (JsonNode text : JSON.readTree(json).path("roots")) {
                    Path source = Path.of(text.asText()).toAbsolutePath().normalize();
                    if (source.startsWith(root) && source.getNameCount() > root.getNameCount()) {
                        needed.put(root.resolve(source.getName(root.getNameCount())), batch.id());
                    }
                }
            }
            if (page.size() < BatchQuery.DEFAULT_LIMIT) {
                return needed;
            }
        }
    }

    /** Deletes a staging folder; failures are logged, not thrown (the job's outcome matters more). */
    void discard(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the upload staging folder {}", dir, e);
        }
    }
}
