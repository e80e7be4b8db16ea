package dev.dos.s3.http;

import dev.dos.s3.store.CompletedPart;
import dev.dos.s3.store.Names;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.Part;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import dev.dos.s3.store.Upload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads. */
final class MultipartHandlers {
    private static final int MAX_LISTED = 1000;

    private final ObjectStore store;
    private final String accessKeyId;

    MultipartHandlers(ObjectStore store, String accessKeyId) {
        this.store = store;
        this.accessKeyId = accessKeyId;
    }

    void create(S3Exchange x) throws IOException {
        RequestBody.open(x).drain();
        Upload upload = store.createUpload(x.bucket(), x.key(), ObjectHeaders.fromRequest(x));
        x.sendXml(200, new XmlWriter().root("InitiateMultipartUploadResult")
                .element("Bucket", upload.bucket())
                .element("Key", upload.key())
                .element("UploadId", upload.id()).end());
    }

    void uploadPart(S3Exchange x) throws IOException {
        String uploadId = requireUpload(x);
        int number = partNumber(x);
        RequestBody body = RequestBody.open(x);
        Part part = store.uploadPart(uploadId, number, body.stream(), body.length());
        x.setHeader("ETag", S3Xml.quoted(part.etag()));
        body.checksumHeaders().forEach(x::setHeader);
        x.sendEmpty(200);
    }

    void complete(S3Exchange x) throws IOException {
        String uploadId = requireUpload(x);
        List<CompletedPart> parts = XmlRequests.complete(RequestBody.open(x).readAll(XmlRequests.MAX_BYTES));
        ObjectInfo info = store.completeUpload(uploadId, parts);
        String host = x.header("Host");
        x.sendXml(200, new XmlWriter().root("CompleteMultipartUploadResult")
                .element("Location", "http://" + host + SigV4Verifier.canonicalUri(x.path))
                .element("Bucket", info.bucket())
                .element("Key", info.key())
                .element("ETag", S3Xml.quoted(info.etag())).end());
    }

    void abort(S3Exchange x) throws IOException {
        store.abortUpload(requireUpload(x));
        x.sendEmpty(204);
    }

    void listParts(S3Exchange x) throws IOException {
        String uploadId = requireUpload(x);
        int maxParts = limit(x.query.get("max-parts"), "max-parts");
        int marker = intParam(x.query.get("part-number-marker", "0"), "part-number-marker");
        List<Part> after = store.parts(uploadId).stream().filter(p -> p.number() > marker).toList();
        boolean truncated = after.size() > maxParts;
        List<Part> page = truncated ? after.subList(0, maxParts) : after;
        XmlWriter xml = new XmlWriter().root("ListPartsResult")
                .element("Bucket", x.bucket())
                .element("Key", x.key())
                .element("UploadId", uploadId);
        S3Xml.owner(xml, "Initiator", accessKeyId);
        S3Xml.owner(xml, "Owner", accessKeyId);
        xml.element("StorageClass", "STANDARD")
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).number())
                .element("MaxParts", maxParts)
                .element("IsTruncated", truncated);
        for (Part part : page) {
            xml.start("Part").element("PartNumber", part.number())
                    .element("LastModified", HttpDates.xml(part.lastModified()))
                    .element("ETag", S3Xml.quoted(part.etag()))
                    .element("Size", part.size()).end();
        }
        x.sendXml(200, xml.end());
    }

    /** Uploads by key then start; key-marker (and upload-id-marker within that key) say where a page resumes. */
    void listUploads(S3Exchange x) throws IOException {
        String prefix = x.query.get("prefix", "");
        String delimiter = x.query.get("delimiter");
        delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        String keyMarker = x.query.get("key-marker", "");
        String idMarker = x.query.get("upload-id-marker", "");
        int max = limit(x.query.get("max-uploads"), "max-uploads");
        List<Upload> all = store.uploads(x.bucket(), prefix);
        int start = 0;
        if (!keyMarker.isEmpty()) {
            while (start < all.size() && Names.KEY_ORDER.compare(all.get(start).key(), keyMarker) < 0) {
                start++;
            }
            int sameKey = start;
            while (sameKey < all.size() && all.get(sameKey).key().equals(keyMarker)) {
                sameKey++;
            }
            int afterId = start;
            if (!idMarker.isEmpty()) {
                while (afterId < sameKey && !all.get(afterId).id().equals(idMarker)) {
                    afterId++;
                }
            }
            start = idMarker.isEmpty() || afterId == sameKey ? sameKey : afterId + 1;
        }
        List<Upload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean truncated = false;
        Upload last = null;
        for (Upload u : all.subList(start, all.size())) {
            String group = delimiter == null ? null : ListingPages.groupOf(u.key(), prefix, delimiter);
            if (group != null && !prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(group)) {
                continue;
            }
            if (uploads.size() + prefixes.size() >= max) {
                truncated = true;
                break;
            }
            if (group != null) {
                prefixes.add(group);
            } else {
                uploads.add(u);
            }
            last = u;
        }
        XmlWriter xml = new XmlWriter().root("ListMultipartUploadsResult")
                .element("Bucket", x.bucket())
                .element("KeyMarker", keyMarker)
                .element("UploadIdMarker", idMarker)
                .element("NextKeyMarker", truncated && last != null ? last.key() : null)
                .element("NextUploadIdMarker", truncated && last != null ? last.id() : null)
                .element("Delimiter", delimiter)
                .element("Prefix", prefix)
                .element("MaxUploads", max)
                .element("IsTruncated", truncated);
        for (Upload u : uploads) {
            xml.start("Upload").element("Key", u.key()).element("UploadId", u.id());
            S3Xml.owner(xml, "Initiator", accessKeyId);
            S3Xml.owner(xml, "Owner", accessKeyId);
            xml.element("StorageClass", "STANDARD").element("Initiated", HttpDates.xml(u.initiated())).end();
        }
        for (String p : prefixes) {
            xml.start("CommonPrefixes").element("Prefix", p).end();
        }
        x.sendXml(200, xml.end());
    }

    /** The request's uploadId, if it is an unfinished upload of this very bucket and key; else NoSuchUpload. */
    String requireUpload(S3Exchange x) throws IOException {
        String id = x.query.get("uploadId");
        boolean known = id != null && store.uploads(x.bucket(), x.key()).stream()
                .anyMatch(u -> u.id().equals(id) && u.key().equals(x.key()));
        if (!known) {
            throw S3RequestException.of(new S3Exception(S3Error.NO_SUCH_UPLOAD)).detail("UploadId", id);
        }
        return id;
    }

    static int partNumber(S3Exchange x) throws S3RequestException {
        int n = intParam(x.query.get("partNumber"), "partNumber");
        if (n < 1 || n > 10_000) {
            throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "Part number must be an integer between 1 and"
                    + " 10000, inclusive");
        }
        return n;
    }

    private static int limit(String param, String name) throws S3RequestException {
        return param == null ? MAX_LISTED : Math.min(intParam(param, name), MAX_LISTED);
    }

    private static int intParam(String value, String name) throws S3RequestException {
        try {
            int n = Integer.parseInt(value == null ? "" : value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, name + " must be a non-negative integer");
    }
}
