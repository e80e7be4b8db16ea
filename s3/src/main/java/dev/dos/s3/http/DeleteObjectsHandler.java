package dev.dos.s3.http;

import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.S3Exception;
import java.io.IOException;

/** DeleteObjects ({@code POST ?delete}): each key deleted on its own, answered {@code <Deleted>} (unless quiet) or {@code <Error>}. */
final class DeleteObjectsHandler {
    private final ObjectStore store;

    DeleteObjectsHandler(ObjectStore store) {
        this.store = store;
    }

    void deleteObjects(S3Exchange x) throws IOException {
        if (store.bucket(x.bucket()).isEmpty()) {
            throw new S3Exception(dev.dos.s3.store.S3Error.NO_SUCH_BUCKET);
        }
        XmlRequests.Delete request = XmlRequests.delete(RequestBody.open(x).readAll(XmlRequests.MAX_BYTES));
        XmlWriter xml = new XmlWriter().root("DeleteResult");
        for (XmlRequests.DeleteKey entry : request.keys()) {
            if (entry.versionId() != null && !entry.versionId().equals("null")) {
                error(xml, entry.key(), "NotImplemented", "Versioning (VersionId) is not implemented by this gateway");
                continue;
            }
            try {
                store.delete(x.bucket(), entry.key());
                if (!request.quiet()) {
                    xml.start("Deleted").element("Key", entry.key()).end();
                }
            } catch (S3Exception e) {
                error(xml, entry.key(), e.error().code(), e.getMessage());
            }
        }
        x.sendXml(200, xml.end());
    }

    private static void error(XmlWriter xml, String key, String code, String message) {
        xml.start("Error").element("Key", key).element("Code", code).element("Message", message).end();
    }
}
