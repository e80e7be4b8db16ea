package dev.dos.s3.http;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** What S3's XML documents share: the namespace, and the owner every bucket and object has here. */
final class S3Xml {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    static final String CONTENT_TYPE = "application/xml";
    private static final String DISPLAY_NAME = "dos";

    private S3Xml() {
    }

    /** A canonical-user id (64 hex digits, as S3's) derived from the access key, stable across restarts. */
    static String ownerId(String accessKeyId) {
        return HexFormat.of().formatHex(Sha256.digest(("dos-owner:" + accessKeyId).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code <element><ID/><DisplayName/></element>}, e.g. Owner or Initiator. */
    static void owner(XmlWriter xml, String element, String accessKeyId) {
        xml.start(element).element("ID", ownerId(accessKeyId)).element("DisplayName", DISPLAY_NAME).end();
    }

    /** An ETag as S3 writes it, in quotes. */
    static String quoted(String etag) {
        return "\"" + etag + "\"";
    }
}
