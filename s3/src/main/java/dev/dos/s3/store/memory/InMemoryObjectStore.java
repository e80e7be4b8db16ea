package dev.dos.s3.store.memory;

import dev.dos.s3.store.Bucket;
import dev.dos.s3.store.CompletedPart;
import dev.dos.s3.store.Etags;
import dev.dos.s3.store.Names;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.Part;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import dev.dos.s3.store.Upload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link ObjectStore} in memory: the reference the S3 protocol is tested against, and the
 * meanings {@code ObjectStoreConformance} checks in their simplest form.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private static final long MIN_PART_BYTES = 5L * 1024 * 1024;

    private record Stored(ObjectInfo info, byte[] bytes) {
    }

    private record OpenUpload(Upload upload, NavigableMap<Integer, Stored> parts) {
    }

    private final Clock clock;
    private final Map<String, Bucket> buckets = new TreeMap<>();
    private final Map<String, NavigableMap<String, Stored>> objects = new TreeMap<>();
    private final Map<String, OpenUpload> uploads = new TreeMap<>();
    private final AtomicLong versions = new AtomicLong();

    public InMemoryObjectStore() {
        this(Clock.systemUTC());
    }

    public InMemoryObjectStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<Bucket> buckets() {
        return List.copyOf(buckets.values());
    }

    @Override
    public synchronized Bucket createBucket(String name) throws IOException {
        Names.checkBucket(name);
        if (buckets.containsKey(name)) {
            throw new S3Exception(S3Error.BUCKET_ALREADY_OWNED_BY_YOU);
        }
        Bucket bucket = new Bucket(name, clock.instant());
        buckets.put(name, bucket);
        objects.put(name, new TreeMap<>(Names.KEY_ORDER));
        return bucket;
    }

    @Override
    public synchronized Optional<Bucket> bucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    @Override
    public synchronized void deleteBucket(String name) throws IOException {
        requireBucket(name);
        if (!objects.get(name).isEmpty() || uploads.values().stream().anyMatch(u -> u.upload().bucket().equals(name))) {
            throw new S3Exception(S3Error.BUCKET_NOT_EMPTY);
        }
        buckets.remove(name);
        objects.remove(name);
    }

    @Override
    public ObjectInfo put(String bucket, String key, InputStream body, long length, ObjectMeta meta)
            throws IOException {
        synchronized (this) {
            requireBucket(bucket);
            Names.checkKey(key);
        }
        MessageDigest md5 = Etags.md5();
        byte[] bytes = read(new DigestInputStream(body, md5), length);
        synchronized (this) {
            requireBucket(bucket);
            ObjectInfo info = new ObjectInfo(bucket, key, bytes.length, HexFormat.of().formatHex(md5.digest()),
                    clock.instant(), meta, nextVersion());
            objects.get(bucket).put(key, new Stored(info, bytes));
            return info;
        }
    }

    @Override
    public synchronized Optional<ObjectInfo> head(String bucket, String key) throws IOException {
        requireBucket(bucket);
        return Optional.ofNullable(objects.get(bucket).get(key)).map(Stored::info);
    }

    @Override
    public synchronized InputStream open(ObjectInfo object, long offset, long length) throws IOException {
        Stored stored = requireBucket(object.bucket()).get(object.key());
        if (stored == null || !stored.info().version().equals(object.version())) {
            throw new S3Exception(S3Error.NO_SUCH_KEY);
        }
        if (offset < 0 || length < 0 || offset + length > stored.bytes().length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + stored.bytes().length);
        }
        return new ByteArrayInputStream(stored.bytes(), (int) offset, (int) length);
    }

    @Override
    public synchronized boolean delete(String bucket, String key) throws IOException {
        return requireBucket(bucket).remove(key) != null;
    }

    @Override
    public synchronized ObjectInfo copy(String srcBucket, String srcKey, String dstBucket, String dstKey,
                                        ObjectMeta replaceMeta) throws IOException {
        Stored source = requireBucket(srcBucket).get(srcKey);
        requireBucket(dstBucket);
        Names.checkKey(dstKey);
        if (source == null) {
            throw new S3Exception(S3Error.NO_SUCH_KEY);
        }
        ObjectInfo info = new ObjectInfo(dstBucket, dstKey, source.info().size(), source.info().etag(), clock.instant(),
                replaceMeta == null ? source.info().meta() : replaceMeta, nextVersion());
        objects.get(dstBucket).put(dstKey, new Stored(info, source.bytes()));
        return info;
    }

    @Override
    public synchronized List<ObjectInfo> list(String bucket, String prefix, String after, int limit)
            throws IOException {
        NavigableMap<String, Stored> keys = requireBucket(bucket);
        List<ObjectInfo> out = new ArrayList<>();
        for (Stored s : (after == null ? keys : keys.tailMap(after, false)).values()) {
            if (out.size() >= limit) {
                break;
            }
            if (s.info().key().startsWith(prefix)) {
                out.add(s.info());
            }
        }
        return out;
    }

    @Override
    public synchronized Upload createUpload(String bucket, String key, ObjectMeta meta) throws IOException {
        requireBucket(bucket);
        Names.checkKey(key);
        Upload upload = new Upload(UUID.randomUUID().toString().replace("-", ""), bucket, key, clock.instant(), meta);
        uploads.put(upload.id(), new OpenUpload(upload, new TreeMap<>()));
        return upload;
    }

    @Override
    public Part uploadPart(String uploadId, int number, InputStream body, long length) throws IOException {
        synchronized (this) {
            requireUpload(uploadId);
        }
        if (number < 1 || number > 10_000) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000");
        }
        MessageDigest md5 = Etags.md5();
        byte[] bytes = read(new DigestInputStream(body, md5), length);
        synchronized (this) {
            OpenUpload open = requireUpload(uploadId);
            Part part = new Part(number, bytes.length, HexFormat.of().formatHex(md5.digest()), clock.instant());
            ObjectInfo asObject = new ObjectInfo(open.upload().bucket(), open.upload().key(), bytes.length, part.etag(),
                    part.lastModified(), ObjectMeta.NONE, "part");
            open.parts().put(number, new Stored(asObject, bytes));
            return part;
        }
    }

    @Override
    public synchronized ObjectInfo completeUpload(String uploadId, List<CompletedPart> parts) throws IOException {
        OpenUpload open = requireUpload(uploadId);
        if (parts.isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "You must specify at least one part");
        }
        int previous = 0;
        for (CompletedPart wanted : parts) {
            if (wanted.number() <= previous) {
                throw new S3Exception(S3Error.INVALID_PART_ORDER);
            }
            previous = wanted.number();
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        List<String> md5s = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            CompletedPart wanted = parts.get(i);
            Stored part = open.parts().get(wanted.number());
            if (part == null || !part.info().etag().equals(Etags.unquoted(wanted.etag()))) {
                throw new S3Exception(S3Error.INVALID_PART, "Part " + wanted.number() + " was not uploaded with ETag "
                        + wanted.etag());
            }
            if (i < parts.size() - 1 && part.bytes().length < MIN_PART_BYTES) {
                throw new S3Exception(S3Error.ENTITY_TOO_SMALL, "Part " + wanted.number() + " is smaller than 5 MiB");
            }
            joined.writeBytes(part.bytes());
            md5s.add(part.info().etag());
        }
        requireBucket(open.upload().bucket());
        ObjectInfo info = new ObjectInfo(open.upload().bucket(), open.upload().key(), joined.size(),
                Etags.multipart(md5s), clock.instant(), open.upload().meta(), nextVersion());
        objects.get(info.bucket()).put(info.key(), new Stored(info, joined.toByteArray()));
        uploads.remove(uploadId);
        return info;
    }

    @Override
    public synchronized void abortUpload(String uploadId) throws IOException {
        requireUpload(uploadId);
        uploads.remove(uploadId);
    }

    @Override
    public synchronized List<Part> parts(String uploadId) throws IOException {
        List<Part> out = new ArrayList<>();
        requireUpload(uploadId).parts().forEach((n, s) -> out.add(new Part(n, s.bytes().length, s.info().etag(),
                s.info().lastModified())));
        return out;
    }

    @Override
    public synchronized List<Upload> uploads(String bucket, String prefix) throws IOException {
        requireBucket(bucket);
        return uploads.values().stream().map(OpenUpload::upload)
                .filter(u -> u.bucket().equals(bucket) && u.key().startsWith(prefix))
                .sorted(java.util.Comparator.comparing(Upload::key, Names.KEY_ORDER)
                        .thenComparing(Upload::initiated))
                .toList();
    }

    @Override
    public void close() {
    }

    private NavigableMap<String, Stored> requireBucket(String name) throws S3Exception {
        NavigableMap<String, Stored> keys = objects.get(name);
        if (keys == null) {
            throw new S3Exception(S3Error.NO_SUCH_BUCKET);
        }
        return keys;
    }

    private OpenUpload requireUpload(String id) throws S3Exception {
        OpenUpload open = uploads.get(id);
        if (open == null) {
            throw new S3Exception(S3Error.NO_SUCH_UPLOAD);
        }
        return open;
    }

    private String nextVersion() {
        return Long.toString(versions.incrementAndGet());
    }

    private static byte[] read(InputStream in, long length) throws IOException {
        byte[] bytes = length < 0 ? in.readAllBytes() : in.readNBytes(Math.toIntExact(length));
        if (length >= 0 && bytes.length != length) {
            throw new java.io.EOFException("the body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }
}
