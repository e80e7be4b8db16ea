package dev.dos.s3.http;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Requests Jetty refuses while parsing them (a malformed percent escape in the path, oversize
 * headers, ...) never reach the handler; they still get an S3 XML error instead of Jetty's page.
 */
public final class BadMessages extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, S3Xml.CONTENT_TYPE);
        String why = reason == null ? "Bad Request" : reason;
        String lower = why.toLowerCase(Locale.ROOT);
        String code = status == 431 || status == 413 ? "RequestHeaderSectionTooLarge"
                : lower.contains("uri") || lower.contains("escape") || lower.contains("path") ? "InvalidURI"
                : "BadRequest";
        return BufferUtil.toBuffer(new XmlWriter().start("Error").element("Code", code).element("Message", why).end()
                .bytes());
    }
}
