package dev.dos.core.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backup files in one directory, named {@code metadata-<UTC time>.dosb} so that name order
 * is time order. Only files with exactly that shape are ever listed or rotated away: anything
 * else a user keeps in the directory is left alone.
 */
public final class LocalBackups {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("metadata-[0-9]{8}T[0-9]{9}Z\\.dosb");

    private final Path directory;

    public LocalBackups(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Where a backup taken at {@code createdAt} is stored. */
    public Path fileFor(Instant createdAt) {
        return directory.resolve("metadata-" + STAMP.format(createdAt) + ".dosb");
    }

    /** The backup files, newest first; empty if the directory does not exist. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        }
    }

    /** Deletes all but the newest {@code keep} backups; returns what it deleted. */
    public List<Path> rotate(int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one backup, not " + keep);
        }
        List<Path> all = list();
        List<Path> deleted = new ArrayList<>();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            if (Files.deleteIfExists(old)) {
                deleted.add(old);
            }
        }
        return deleted;
    }
}
