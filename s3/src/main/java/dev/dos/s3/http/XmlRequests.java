package dev.dos.s3.http;

import dev.dos.s3.store.CompletedPart;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML documents S3 requests carry (DeleteObjects, CompleteMultipartUpload), read with the
 * JDK's StAX parser with DTDs and external entities off. Element names are matched without
 * their namespace; text is kept exactly (a key may begin or end with spaces).
 */
final class XmlRequests {
    static final int MAX_BYTES = 4 * 1024 * 1024;
    static final int MAX_DELETE_KEYS = 1000;

    /** A DeleteObjects request: the keys, and whether only errors are answered. */
    record Delete(boolean quiet, List<DeleteKey> keys) {
    }

    record DeleteKey(String key, String versionId) {
    }

    private XmlRequests() {
    }

    static Delete delete(byte[] xml) throws S3RequestException {
        XMLStreamReader r = open(xml, "Delete");
        boolean quiet = false;
        List<DeleteKey> keys = new ArrayList<>();
        try {
            while (nextChild(r)) {
                switch (r.getLocalName()) {
                    case "Quiet" -> quiet = Boolean.parseBoolean(r.getElementText().strip());
                    case "Object" -> {
                        String key = null;
                        String versionId = null;
                        while (nextChild(r)) {
                            switch (r.getLocalName()) {
                                case "Key" -> key = r.getElementText();
                                case "VersionId" -> versionId = r.getElementText().strip();
                                default -> skip(r);
                            }
                        }
                        if (key == null) {
                            throw malformed("an Object without a Key");
                        }
                        keys.add(new DeleteKey(key, versionId));
                    }
                    default -> skip(r);
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e.getMessage());
        }
        if (keys.isEmpty() || keys.size() > MAX_DELETE_KEYS) {
            throw malformed("a Delete names 1 to " + MAX_DELETE_KEYS + " objects");
        }
        return new Delete(quiet, keys);
    }

    /** A CompleteMultipartUpload request's parts, in the order given. */
    static List<CompletedPart> complete(byte[] xml) throws S3RequestException {
        XMLStreamReader r = open(xml, "CompleteMultipartUpload");
        List<CompletedPart> parts = new ArrayList<>();
        try {
            while (nextChild(r)) {
                if (!r.getLocalName().equals("Part")) {
                    skip(r);
                    continue;
                }
                Integer number = null;
                String etag = null;
                while (nextChild(r)) {
                    switch (r.getLocalName()) {
                        case "PartNumber" -> number = Integer.valueOf(r.getElementText().strip());
                        case "ETag" -> etag = r.getElementText().strip();
                        default -> skip(r);
                    }
                }
                if (number == null || etag == null) {
                    throw malformed("a Part needs a PartNumber and an ETag");
                }
                parts.add(new CompletedPart(number, etag));
            }
        } catch (XMLStreamException | NumberFormatException e) {
            throw malformed(e.getMessage());
        }
        if (parts.isEmpty()) {
            throw malformed("a CompleteMultipartUpload names at least one Part");
        }
        return parts;
    }

    private static XMLStreamReader open(byte[] xml, String root) throws S3RequestException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
                if (r.getEventType() == XMLStreamConstants.DTD) {
                    throw malformed("DTDs are not accepted");
                }
            }
            if (r.getEventType() != XMLStreamConstants.START_ELEMENT || !r.getLocalName().equals(root)) {
                throw malformed("the document's root must be " + root);
            }
            return r;
        } catch (XMLStreamException e) {
            throw malformed(e.getMessage());
        }
    }

    /** Moves to the next child element of the current one; false at its end tag. */
    private static boolean nextChild(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
        return false;
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static S3RequestException malformed(String why) {
        return new S3RequestException(ErrorCode.MALFORMED_XML, ErrorCode.MALFORMED_XML.message
                + (why == null ? "" : " (" + why + ")"));
    }
}
