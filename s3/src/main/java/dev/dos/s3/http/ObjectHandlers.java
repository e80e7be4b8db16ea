package dev.dos.s3.http;

import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** PutObject, GetObject and HeadObject (with conditions and a single range), DeleteObject. */
final class ObjectHandlers {
    /** A GET whose object is replaced between its HEAD and its read looks again, this many times. */
    private static final int READ_ATTEMPTS = 3;

    private final ObjectStore store;

    ObjectHandlers(ObjectStore store) {
        this.store = store;
    }

    void put(S3Exchange x) throws IOException {
        if (x.header("If-None-Match") != null || x.header("If-Match") != null) {
            throw S3RequestException.notImplemented("Conditional writes (If-None-Match / If-Match on PUT)");
        }
        ObjectMeta meta = ObjectHeaders.fromRequest(x);
        RequestBody body = RequestBody.open(x);
        ObjectInfo info = store.put(x.bucket(), x.key(), body.stream(), body.length(), meta);
        x.setHeader("ETag", S3Xml.quoted(info.etag()));
        body.checksumHeaders().forEach(x::setHeader);
        x.sendEmpty(200);
    }

    /**
     * GetObject and HeadObject: the same headers, conditions and range; HEAD sends no body. The
     * store keeps no part boundaries, so every object is one part: {@code ?partNumber=1} is the
     * whole object (without {@code x-amz-mp-parts-count}, which tells the SDKs' multipart
     * downloaders to read it in one go) and any other part number is {@code InvalidPartNumber}.
     */
    void get(S3Exchange x) throws IOException {
        boolean wholeAsPartOne = partOne(x);
        for (int attempt = 1; ; attempt++) {
            ObjectInfo info = head(store, x.bucket(), x.key());
            Preconditions.check(x, info);
            Optional<ByteRange> range = wholeAsPartOne ? Optional.empty()
                    : ByteRange.parse(x.header("Range"), info.size());
            long offset = range.map(ByteRange::first).orElse(0L);
            long length = range.map(ByteRange::length).orElse(info.size());
            InputStream in = null;
            if (!x.isHead() && length > 0) {
                try {
                    in = store.open(info, offset, length);
                } catch (S3Exception replaced) {
                    if (replaced.error() == S3Error.NO_SUCH_KEY && attempt < READ_ATTEMPTS) {
                        continue;
                    }
                    throw replaced;
                }
            }
            ObjectHeaders.write(x, info);
            if (range.isPresent()) {
                x.res.setStatus(206);
                x.setHeader("Content-Range", range.get().contentRange(info.size()));
            } else {
                x.res.setStatus(200);
            }
            x.res.setContentLengthLong(length);
            if (in != null) {
                try (InputStream body = in; OutputStream out = x.res.getOutputStream()) {
                    body.transferTo(out);
                }
            }
            return;
        }
    }

    private static boolean partOne(S3Exchange x) throws S3RequestException {
        String part = x.query.get("partNumber");
        if (part == null) {
            return false;
        }
        if (x.header("Range") != null) {
            throw new S3RequestException(ErrorCode.INVALID_REQUEST,
                    "Cannot specify both Range header and partNumber query parameter");
        }
        int number = MultipartHandlers.partNumber(x);
        if (number != 1) {
            throw new S3RequestException(ErrorCode.INVALID_PART_NUMBER);
        }
        return true;
    }

    void delete(S3Exchange x) throws IOException {
        store.delete(x.bucket(), x.key());
        x.sendEmpty(204);
    }

    /** The object's facts, or NoSuchKey naming the key. */
    static ObjectInfo head(ObjectStore store, String bucket, String key) throws IOException {
        Optional<ObjectInfo> info = store.head(bucket, key);
        if (info.isEmpty()) {
            throw S3RequestException.of(new S3Exception(S3Error.NO_SUCH_KEY)).detail("Key", key);
        }
        return info.get();
    }
}
