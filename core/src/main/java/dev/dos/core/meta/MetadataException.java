package dev.dos.core.meta;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The metadata store failed or refused a request. The base type means the database itself failed
 * (I/O error, corrupt file, lock wait outlasted the busy timeout); subtypes name refusals a caller
 * can act on. Unchecked: database failures are rarely recoverable where they surface, and the store
 * is called from lambdas and virtual threads.
 */
public class MetadataException extends RuntimeException {

    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A named record (a batch, or a row of a table another module keeps here) does not exist. */
    public static class NotFound extends MetadataException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** A record with that id already exists. */
    public static class AlreadyExists extends MetadataException {
        public AlreadyExists(String message) {
            super(message);
        }
    }

    /**
     * The file is not a metadata database this code can use: written by a newer dos (schema version
     * above {@link SqliteMetadataStore#SCHEMA_VERSION}) or not a dos database at all. Nothing was
     * changed in the file.
     */
    public static class UnsupportedSchema extends MetadataException {
        public UnsupportedSchema(String message) {
            super(message);
        }
    }

    /**
     * A batch id prefix matches more than one batch.
     * {@link #candidates()} holds up to {@link #MAX_CANDIDATES} of them, oldest first, and
     * {@link #matchCount()} how many matched in all.
     */
    public static class AmbiguousPrefix extends MetadataException {
        public static final int MAX_CANDIDATES = 10;

        private final String prefix;
        private final List<BatchRecord> candidates;
        private final long matchCount;

        public AmbiguousPrefix(String prefix, List<BatchRecord> candidates, long matchCount) {
            super(describe(prefix, candidates, matchCount));
            this.prefix = prefix;
            this.candidates = List.copyOf(candidates);
            this.matchCount = matchCount;
        }

        public String prefix() {
            return prefix;
        }

        public List<BatchRecord> candidates() {
            return candidates;
        }

        public long matchCount() {
            return matchCount;
        }

        private static String describe(String prefix, List<BatchRecord> candidates, long matchCount) {
            String listed = candidates.stream()
                    .map(b -> b.id() + " (" + b.name() + ")")
                    .collect(Collectors.joining(", "));
            String more = matchCount > candidates.size() ? ", ..." : "";
            return "batch id prefix '" + prefix + "' matches " + matchCount + " batches: " + listed + more;
        }
    }
}
