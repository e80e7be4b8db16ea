package dev.dos.s3.engine;

import dev.dos.core.format.EncodedChunk;
import dev.dos.s3.engine.IndexRows.LanePost;
import dev.dos.s3.engine.IndexRows.PartRow;
import dev.dos.s3.engine.IndexRows.StoredObject;
import dev.dos.s3.engine.IndexRows.StreamRow;
import dev.dos.s3.store.Bucket;
import dev.dos.s3.store.CompletedPart;
import dev.dos.s3.store.Etags;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import dev.dos.s3.store.Part;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import dev.dos.s3.store.Upload;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The changes a store commits, one class each. */
final class Intents {
    /** Every part of a multipart upload but the last must be at least this big (S3's rule). */
    static final long MIN_PART_BYTES = 5L * 1024 * 1024;

    private Intents() {
    }

    /** The entries that record a sealed body as a data stream. */
    private static List<JournalEntry> dataEntries(BodyWriter.Written body, List<ChunkLoc> packedLocs) {
        List<JournalEntry> entries = new ArrayList<>();
        if (body.small()) {
            entries.add(new JournalEntry.Data(body.dataId(), packedLocs));
        } else {
            entries.addAll(body.posted().posts());
            entries.add(new JournalEntry.Data(body.dataId(), body.posted().chunks()));
        }
        return entries;
    }

    private static List<LanePost> postsOf(BodyWriter.Written body) {
        return body.small() ? List.of() : body.posted().posts().stream()
                .map(p -> new LanePost(p.lane(), p.postId())).toList();
    }

    /** The bytes a body's entries and its object's take in a record: measured, plus room for locations. */
    private static int estimateOf(BodyWriter.Written body, String bucket, String key, ObjectMeta meta) {
        int chunks = body.small() ? body.packed().size() : body.posted().chunks().size();
        int posts = body.small() ? 0 : body.posted().posts().size();
        return JournalCodec.estimate(new JournalEntry.Put(bucket, key, body.size(), body.md5(), 0, body.dataId(), meta,
                List.of(body.dataId()))) + 100 + chunks * 130 + posts * 80;
    }

    static final class CreateBucket extends Intent<Bucket> {
        private final String name;
        private final long at;

        CreateBucket(String name, Instant at) {
            this.name = name;
            this.at = at.toEpochMilli();
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) {
            return List.of(new JournalEntry.BucketCreate(name, at));
        }

        @Override
        Bucket result() {
            return new Bucket(name, Instant.ofEpochMilli(at));
        }
    }

    static final class DeleteBucket extends Intent<Void> {
        private final String name;

        DeleteBucket(String name) {
            this.name = name;
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) {
            return List.of(new JournalEntry.BucketDelete(name));
        }

        @Override
        Void result() {
            return null;
        }
    }

    static final class PutObject extends Intent<ObjectInfo> {
        private final BodyWriter.Written body;
        private final ObjectInfo info;

        PutObject(String bucket, String key, BodyWriter.Written body, ObjectMeta meta, Instant at, String version) {
            this.body = body;
            this.info = new ObjectInfo(bucket, key, body.size(), body.md5(), at, meta, version);
        }

        @Override
        List<EncodedChunk> packed() {
            return body.packed();
        }

        @Override
        int estimate() {
            return estimateOf(body, info.bucket(), info.key(), info.meta());
        }

        @Override
        List<LanePost> dataPosts() {
            return postsOf(body);
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) {
            List<JournalEntry> entries = new ArrayList<>(dataEntries(body, packedLocs));
            entries.add(new JournalEntry.Put(info.bucket(), info.key(), info.size(), info.etag(),
                    info.lastModified().toEpochMilli(), info.version(), info.meta(), List.of(body.dataId())));
            return entries;
        }

        @Override
        ObjectInfo result() {
            return info;
        }

        @Override
        void release() {
            body.close();
        }
    }

    static final class CopyObject extends Intent<ObjectInfo> {
        private final String srcBucket;
        private final String srcKey;
        private final String dstBucket;
        private final String dstKey;
        private final ObjectMeta replaceMeta;
        private final Instant at;
        private final String version;
        private ObjectInfo info;

        private final int estimate;

        /** @param sourceStreams how many data streams the source had when the copy was asked for */
        CopyObject(String srcBucket, String srcKey, String dstBucket, String dstKey, ObjectMeta replaceMeta,
                   Instant at, String version, ObjectMeta sourceMeta, int sourceStreams) {
            this.estimate = JournalCodec.estimate(new JournalEntry.Put(dstBucket, dstKey, 0, "0".repeat(40), 0, version,
                    replaceMeta == null ? sourceMeta : replaceMeta, List.of())) + 64 + sourceStreams * 40;
            this.srcBucket = srcBucket;
            this.srcKey = srcKey;
            this.dstBucket = dstBucket;
            this.dstKey = dstKey;
            this.replaceMeta = replaceMeta;
            this.at = at;
            this.version = version;
        }

        @Override
        int estimate() {
            return estimate;
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) throws IOException, SQLException {
            if (S3Index.bucket(c, srcBucket).isEmpty()) {
                throw new S3Exception(S3Error.NO_SUCH_BUCKET);
            }
            StoredObject source = S3Index.object(c, srcBucket, srcKey)
                    .orElseThrow(() -> new S3Exception(S3Error.NO_SUCH_KEY));
            ObjectInfo src = source.info();
            info = new ObjectInfo(dstBucket, dstKey, src.size(), src.etag(), at,
                    replaceMeta == null ? src.meta() : replaceMeta, version);
            return List.of(new JournalEntry.Put(dstBucket, dstKey, info.size(), info.etag(), at.toEpochMilli(),
                    version, info.meta(), source.streams().stream().map(StreamRow::dataId).toList()));
        }

        @Override
        ObjectInfo result() {
            return info;
        }
    }

    static final class DeleteObject extends Intent<Boolean> {
        private final String bucket;
        private final String key;
        private boolean existed;

        DeleteObject(String bucket, String key) {
            this.bucket = bucket;
            this.key = key;
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) throws IOException, SQLException {
            if (S3Index.bucket(c, bucket).isEmpty()) {
                throw new S3Exception(S3Error.NO_SUCH_BUCKET);
            }
            existed = S3Index.object(c, bucket, key).isPresent();
            return existed ? List.of(new JournalEntry.Delete(bucket, key)) : List.of();
        }

        @Override
        Boolean result() {
            return existed;
        }
    }

    static final class StartUpload extends Intent<Upload> {
        private final Upload upload;

        StartUpload(Upload upload) {
            this.upload = upload;
        }

        @Override
        int estimate() {
            return JournalCodec.estimate(new JournalEntry.UploadStart(upload.id(), upload.bucket(), upload.key(), 0,
                    upload.meta()));
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) {
            return List.of(new JournalEntry.UploadStart(upload.id(), upload.bucket(), upload.key(),
                    upload.initiated().toEpochMilli(), upload.meta()));
        }

        @Override
        Upload result() {
            return upload;
        }
    }

    static final class UploadPart extends Intent<Part> {
        private final String uploadId;
        private final BodyWriter.Written body;
        private final Part part;

        UploadPart(String uploadId, int number, BodyWriter.Written body, Instant at) {
            this.uploadId = uploadId;
            this.body = body;
            this.part = new Part(number, body.size(), body.md5(), at);
        }

        @Override
        List<EncodedChunk> packed() {
            return body.packed();
        }

        @Override
        int estimate() {
            return estimateOf(body, "", "", ObjectMeta.NONE);
        }

        @Override
        List<LanePost> dataPosts() {
            return postsOf(body);
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) {
            List<JournalEntry> entries = new ArrayList<>(dataEntries(body, packedLocs));
            entries.add(new JournalEntry.Part(uploadId, part.number(), part.size(), part.etag(),
                    part.lastModified().toEpochMilli(), body.dataId()));
            return entries;
        }

        @Override
        Part result() {
            return part;
        }

        @Override
        void release() {
            body.close();
        }
    }

    static final class CompleteUpload extends Intent<ObjectInfo> {
        private final String uploadId;
        private final List<CompletedPart> wanted;
        private final Instant at;
        private final String version;
        private ObjectInfo info;

        CompleteUpload(String uploadId, List<CompletedPart> wanted, Instant at, String version) {
            this.uploadId = uploadId;
            this.wanted = List.copyOf(wanted);
            this.at = at;
            this.version = version;
        }

        @Override
        int estimate() {
            return 3000 + wanted.size() * 40;
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) throws IOException, SQLException {
            Upload upload = S3Index.upload(c, uploadId).orElseThrow(() -> new S3Exception(S3Error.NO_SUCH_UPLOAD));
            Map<Integer, PartRow> parts = new HashMap<>();
            for (PartRow part : S3Index.parts(c, uploadId)) {
                parts.put(part.number(), part);
            }
            List<String> data = new ArrayList<>();
            List<String> md5s = new ArrayList<>();
            long size = 0;
            for (int i = 0; i < wanted.size(); i++) {
                CompletedPart w = wanted.get(i);
                PartRow part = parts.get(w.number());
                if (part == null || !part.etag().equals(Etags.unquoted(w.etag()))) {
                    throw new S3Exception(S3Error.INVALID_PART, "Part " + w.number() + " was not uploaded with ETag "
                            + w.etag());
                }
                if (i < wanted.size() - 1 && part.size() < MIN_PART_BYTES) {
                    throw new S3Exception(S3Error.ENTITY_TOO_SMALL, "Part " + w.number() + " is smaller than 5 MiB");
                }
                data.add(part.dataId());
                md5s.add(part.etag());
                size += part.size();
            }
            info = new ObjectInfo(upload.bucket(), upload.key(), size, Etags.multipart(md5s), at, upload.meta(),
                    version);
            return List.of(new JournalEntry.Put(upload.bucket(), upload.key(), size, info.etag(), at.toEpochMilli(),
                    version, upload.meta(), data), new JournalEntry.Abort(uploadId));
        }

        @Override
        ObjectInfo result() {
            return info;
        }
    }

    static final class AbortUpload extends Intent<Void> {
        private final String uploadId;

        AbortUpload(String uploadId) {
            this.uploadId = uploadId;
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) {
            return List.of(new JournalEntry.Abort(uploadId));
        }

        @Override
        Void result() {
            return null;
        }
    }

    /** Compaction: a live chunk, copied byte for byte out of a sparse post into this commit's pack. */
    static final class MoveChunk extends Intent<Boolean> {
        private final IndexRows.ChunkRow from;
        private final EncodedChunk chunk;
        private boolean moved;

        MoveChunk(IndexRows.ChunkRow from, EncodedChunk chunk) {
            this.from = from;
            this.chunk = chunk;
        }

        @Override
        List<EncodedChunk> packed() {
            return List.of(chunk);
        }

        @Override
        int estimate() {
            return 200;
        }

        @Override
        List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) throws SQLException {
            moved = S3Index.chunks(c, from.dataId()).stream().anyMatch(row -> row.index() == from.index()
                    && row.lane() == from.lane() && row.postId().equals(from.postId())
                    && row.blobId().equals(from.blobId()) && row.offset() == from.offset());
            return moved ? List.of(new JournalEntry.Move(from.dataId(), from.index(), packedLocs.getFirst()))
                    : List.of();
        }

        @Override
        Boolean result() {
            return moved;
        }
    }
}
