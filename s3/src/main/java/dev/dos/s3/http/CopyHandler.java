package dev.dos.s3.http;

import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CopyObject (COPY or REPLACE metadata; onto itself only with REPLACE, which is how rclone sets
 * a modification time) and UploadPartCopy (a byte range of an object as one part).
 */
final class CopyHandler {
    private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final ObjectStore store;
    private final MultipartHandlers multipart;

    CopyHandler(ObjectStore store, MultipartHandlers multipart) {
        this.store = store;
        this.multipart = multipart;
    }

    void copyObject(S3Exchange x) throws IOException {
        CopySource src = CopySource.parse(x.header("x-amz-copy-source"));
        String directive = x.header("x-amz-metadata-directive");
        directive = directive == null ? "COPY" : directive.strip();
        if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "Unknown metadata directive.");
        }
        boolean replace = directive.equals("REPLACE");
        ObjectInfo source = ObjectHandlers.head(store, src.bucket(), src.key());
        Preconditions.checkCopySource(x, source);
        if (!replace && src.bucket().equals(x.bucket()) && src.key().equals(x.key())) {
            throw new S3RequestException(ErrorCode.INVALID_REQUEST, "This copy request is illegal because it is"
                    + " trying to copy an object to itself without changing the object's metadata, storage class,"
                    + " website redirect location or encryption attributes.");
        }
        RequestBody.open(x).drain();
        ObjectInfo copied = store.copy(src.bucket(), src.key(), x.bucket(), x.key(),
                replace ? ObjectHeaders.fromRequest(x) : null);
        x.sendXml(200, new XmlWriter().root("CopyObjectResult")
                .element("LastModified", HttpDates.xml(copied.lastModified()))
                .element("ETag", S3Xml.quoted(copied.etag())).end());
    }

    /** {@code bytes=first-last}, first <= last. */
    private static long[] copyRange(String header) throws S3RequestException {
        Matcher m = COPY_RANGE.matcher(header.strip());
        try {
            if (m.matches() && Long.parseLong(m.group(1)) <= Long.parseLong(m.group(2))) {
                return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the"
                + " form bytes=first-last where first and last are the zero-based offsets of the first and last bytes"
                + " to copy");
    }

    void uploadPartCopy(S3Exchange x) throws IOException {
        String uploadId = multipart.requireUpload(x);
        int number = MultipartHandlers.partNumber(x);
        CopySource src = CopySource.parse(x.header("x-amz-copy-source"));
        ObjectInfo source = ObjectHandlers.head(store, src.bucket(), src.key());
        Preconditions.checkCopySource(x, source);
        long first = 0;
        long length = source.size();
        String range = x.header("x-amz-copy-source-range");
        if (range != null) {
            long[] bounds = copyRange(range);
            if (bounds[1] >= source.size()) {
                throw new S3RequestException(ErrorCode.INVALID_RANGE).header("Content-Range", "bytes */" + source.size());
            }
            first = bounds[0];
            length = bounds[1] - bounds[0] + 1;
        }
        RequestBody.open(x).drain();
        Part part;
        try (InputStream in = store.open(source, first, length)) {
            part = store.uploadPart(uploadId, number, in, length);
        }
        x.sendXml(200, new XmlWriter().root("CopyPartResult")
                .element("LastModified", HttpDates.xml(part.lastModified()))
                .element("ETag", S3Xml.quoted(part.etag())).end());
    }
}
