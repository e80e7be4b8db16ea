package dev.dos.s3.http;

import java.io.IOException;
import java.util.Map;

/** S3's error answer: {@code <Error><Code/><Message/><Resource/><RequestId/></Error>}; headers only for HEAD and 304. */
final class ErrorResponse {
    private ErrorResponse() {
    }

    static void send(S3Exchange x, S3RequestException e) throws IOException {
        x.res.reset(); // headers a handler set before failing (ETag, Content-Length, ...) do not belong to the error
        S3Handler.commonHeaders(x);
        e.headers.forEach(x::setHeader);
        if (x.isHead() || e.status == 304) {
            x.sendEmpty(e.status);
            return;
        }
        XmlWriter xml = new XmlWriter().start("Error")
                .element("Code", e.code)
                .element("Message", e.getMessage());
        for (Map.Entry<String, String> d : e.details.entrySet()) {
            xml.element(d.getKey(), d.getValue());
        }
        xml.element("Resource", x.path == null ? null : x.path.resource())
                .element("RequestId", x.requestId)
                .end();
        x.sendXml(e.status, xml);
    }
}
