package dev.dos.s3.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Buckets and objects as S3 defines them, for one gateway. Thread-safe.
 *
 * <p>Visibility: a put, a copy or a completed multipart upload becomes visible (to {@link #head},
 * {@link #open}, {@link #list}) only once its data and its metadata are durably stored; until
 * then, and forever if it fails, the key shows what it showed before. A body that fails while it
 * is read (an {@link IOException}: the client went away, a checksum did not match) stores nothing.
 *
 * <p>Keys are any non-empty UTF-8 strings of at most 1024 bytes; they list in the order of their
 * UTF-8 bytes, as S3 does. Bucket names follow S3's rules (3 to 63 characters of lower-case
 * letters, digits, {@code -} and {@code .}, starting and ending with a letter or digit), else
 * {@link S3Error#INVALID_BUCKET_NAME}.
 *
 * <p>Errors: {@link S3Exception} with an {@link S3Error} for everything S3 answers with a code
 * ({@code NoSuchBucket}, {@code NoSuchKey}, {@code BucketNotEmpty}, ...); other
 * {@link IOException}s for failures of the storage underneath.
 */
public interface ObjectStore extends AutoCloseable {

    /** Every bucket, by name. */
    List<Bucket> buckets() throws IOException;

    /** Creates a bucket; {@link S3Error#BUCKET_ALREADY_OWNED_BY_YOU} if it exists. */
    Bucket createBucket(String name) throws IOException;

    /** The bucket, if it exists. */
    Optional<Bucket> bucket(String name) throws IOException;

    /**
     * Deletes an empty bucket: {@link S3Error#NO_SUCH_BUCKET}, or {@link S3Error#BUCKET_NOT_EMPTY}
     * while it holds objects or unfinished multipart uploads.
     */
    void deleteBucket(String name) throws IOException;

    /**
     * Stores {@code body} as {@code key}, replacing what the key held once it is stored.
     *
     * @param length the body's length, or -1 when unknown (read to its end)
     * @return the stored object; its {@link ObjectInfo#etag()} is the hex MD5 of the bytes
     */
    ObjectInfo put(String bucket, String key, InputStream body, long length, ObjectMeta meta) throws IOException;

    /** The object's facts, if the key exists ({@link S3Error#NO_SUCH_BUCKET} if the bucket does not). */
    Optional<ObjectInfo> head(String bucket, String key) throws IOException;

    /**
     * The bytes {@code [offset, offset + length)} of {@code object} as {@link #head} returned it.
     * The stream yields exactly those bytes or fails; if the key was replaced or deleted since,
     * the old bytes may still be read or {@link S3Error#NO_SUCH_KEY} is thrown, never a mix.
     */
    InputStream open(ObjectInfo object, long offset, long length) throws IOException;

    /** Deletes a key; false if it did not exist (not an error in S3). */
    boolean delete(String bucket, String key) throws IOException;

    /**
     * A server-side copy: the destination refers to the source's data (nothing is uploaded
     * again). {@code replaceMeta} null keeps the source's metadata (S3's COPY directive), else
     * replaces it (REPLACE); copying a key onto itself with REPLACE changes only its metadata
     * and last-modified time.
     */
    ObjectInfo copy(String srcBucket, String srcKey, String dstBucket, String dstKey, ObjectMeta replaceMeta)
            throws IOException;

    /**
     * Up to {@code limit} objects whose keys start with {@code prefix} (empty: all) and sort after
     * {@code after} (null: from the first), in key order. The protocol layer builds delimiters,
     * common prefixes and continuation tokens on top of this.
     */
    List<ObjectInfo> list(String bucket, String prefix, String after, int limit) throws IOException;

    /** Starts a multipart upload of {@code key}; nothing is visible until {@link #completeUpload}. */
    Upload createUpload(String bucket, String key, ObjectMeta meta) throws IOException;

    /**
     * Stores part {@code number} (1 to 10,000) of an upload, replacing an earlier part of that
     * number; {@link S3Error#NO_SUCH_UPLOAD} if the upload is unknown, completed or aborted.
     */
    Part uploadPart(String uploadId, int number, InputStream body, long length) throws IOException;

    /**
     * Joins the listed parts, in the order given (which must be ascending by number, else
     * {@link S3Error#INVALID_PART_ORDER}), into the object; each must exist with the given ETag
     * ({@link S3Error#INVALID_PART}), and every part but the last must be at least 5 MiB
     * ({@link S3Error#ENTITY_TOO_SMALL}). The ETag is the hex MD5 of the parts' MD5s followed by
     * {@code -<number of parts>}. Parts not listed are discarded.
     */
    ObjectInfo completeUpload(String uploadId, List<CompletedPart> parts) throws IOException;

    /** Abandons an upload and its parts; {@link S3Error#NO_SUCH_UPLOAD} if unknown. */
    void abortUpload(String uploadId) throws IOException;

    /** The upload's parts so far, by number. */
    List<Part> parts(String uploadId) throws IOException;

    /** Unfinished uploads of the bucket whose keys start with {@code prefix}, by key then start time. */
    List<Upload> uploads(String bucket, String prefix) throws IOException;

    @Override
    void close() throws IOException;
}
