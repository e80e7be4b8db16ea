package dev.dos.s3.http;

import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectStore;
import java.io.IOException;

/**
 * ListObjects (V1: marker, NextMarker whenever truncated) and ListObjectsV2 (continuation-token,
 * start-after, KeyCount). With {@code encoding-type=url} every key-like value is URL-encoded and
 * {@code <EncodingType>} echoed; without it nothing is encoded.
 */
final class ListingHandler {
    private final ObjectStore store;
    private final String accessKeyId;

    ListingHandler(ObjectStore store, String accessKeyId) {
        this.store = store;
        this.accessKeyId = accessKeyId;
    }

    void listV1(S3Exchange x) throws IOException {
        Request r = Request.of(x);
        String marker = x.query.get("marker", "");
        ListingPages.Page page = ListingPages.page(store, x.bucket(), r.prefix, r.delimiter,
                marker.isEmpty() ? null : marker, r.maxKeys);
        XmlWriter xml = new XmlWriter().root("ListBucketResult")
                .element("Name", x.bucket())
                .element("Prefix", r.encode(r.prefix))
                .element("Marker", r.encode(marker))
                .element("MaxKeys", r.maxKeys)
                .element("Delimiter", r.delimiter == null ? null : r.encode(r.delimiter))
                .element("IsTruncated", page.truncated())
                .element("NextMarker", page.truncated() ? r.encode(page.lastEntry()) : null)
                .element("EncodingType", r.url ? "url" : null);
        contents(xml, r, page, true);
        x.sendXml(200, xml.end());
    }

    void listV2(S3Exchange x) throws IOException {
        Request r = Request.of(x);
        String token = x.query.get("continuation-token");
        String startAfter = x.query.get("start-after");
        String after = token != null ? ListingPages.fromToken(token) : null;
        after = ListingPages.later(after, startAfter);
        ListingPages.Page page = ListingPages.page(store, x.bucket(), r.prefix, r.delimiter, after, r.maxKeys);
        XmlWriter xml = new XmlWriter().root("ListBucketResult")
                .element("Name", x.bucket())
                .element("Prefix", r.encode(r.prefix))
                .element("Delimiter", r.delimiter == null ? null : r.encode(r.delimiter))
                .element("MaxKeys", r.maxKeys)
                .element("KeyCount", page.count())
                .element("IsTruncated", page.truncated())
                .element("ContinuationToken", token)
                .element("NextContinuationToken", page.truncated() ? ListingPages.token(page.lastEntry()) : null)
                .element("StartAfter", startAfter == null ? null : r.encode(startAfter))
                .element("EncodingType", r.url ? "url" : null);
        contents(xml, r, page, "true".equals(x.query.get("fetch-owner")));
        x.sendXml(200, xml.end());
    }

    private void contents(XmlWriter xml, Request r, ListingPages.Page page, boolean owner) {
        for (ObjectInfo info : page.objects()) {
            xml.start("Contents")
                    .element("Key", r.encode(info.key()))
                    .element("LastModified", HttpDates.xml(info.lastModified()))
                    .element("ETag", S3Xml.quoted(info.etag()))
                    .element("Size", info.size())
                    .element("StorageClass", "STANDARD");
            if (owner) {
                S3Xml.owner(xml, "Owner", accessKeyId);
            }
            xml.end();
        }
        for (String prefix : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", r.encode(prefix)).end();
        }
    }

    /** The parameters both versions share. */
    private record Request(String prefix, String delimiter, int maxKeys, boolean url) {
        static Request of(S3Exchange x) throws S3RequestException {
            String encoding = x.query.get("encoding-type");
            if (encoding != null && !encoding.equals("url")) {
                throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request");
            }
            String delimiter = x.query.get("delimiter");
            return new Request(x.query.get("prefix", ""), delimiter == null || delimiter.isEmpty() ? null : delimiter,
                    parseMaxKeys(x.query.get("max-keys")), encoding != null);
        }

        String encode(String value) {
            return url && value != null ? UriEncoding.encode(value, true) : value;
        }
    }

    static int parseMaxKeys(String param) throws S3RequestException {
        if (param == null) {
            return ListingPages.MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(param.strip());
            if (n >= 0) {
                return Math.min(n, ListingPages.MAX_KEYS);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "Provided max-keys not an integer or within"
                + " integer range");
    }
}
