package dev.dos.s3.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One request and its response: the raw path and query parsed once, the authentication once it
 * is verified, and the few ways a handler answers.
 */
final class S3Exchange {
    final HttpServletRequest req;
    final HttpServletResponse res;
    final String requestId;
    final String method;
    final java.time.Clock clock;
    /** Null until {@link #parse()} succeeded. */
    RequestPath path;
    QueryParams query;
    /** Set by the handler once the signature is verified. */
    Authentication auth;
    /** Set by {@link RequestBody#open} so a failure the store wrapped is still found. */
    RequestBody body;

    S3Exchange(HttpServletRequest req, HttpServletResponse res, String requestId, java.time.Clock clock) {
        this.clock = clock;
        this.req = req;
        this.res = res;
        this.requestId = requestId;
        this.method = req.getMethod();
    }

    /** Reads the raw path and query; {@code InvalidURI} if they do not decode. */
    void parse() throws S3RequestException {
        path = RequestPath.parse(rawPath());
        query = QueryParams.parse(req.getQueryString());
    }

    /** The request path exactly as the client sent it, percent escapes and all. */
    String rawPath() {
        return req.getRequestURI();
    }

    String bucket() {
        return path.bucket();
    }

    String key() {
        return path.key();
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    /** A request header, or null. */
    String header(String name) {
        return req.getHeader(name);
    }

    /** Every value of a request header, in order (a header may be sent more than once). */
    List<String> headers(String name) {
        return Collections.list(req.getHeaders(name));
    }

    /** The names of the request's headers, lower-cased. */
    List<String> headerNames() {
        List<String> names = new ArrayList<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            names.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    void setHeader(String name, String value) {
        res.setHeader(name, value);
    }

    /**
     * Content-Type exactly as stored: the servlet API's setter re-spells it ({@code text/plain;
     * charset=utf-8} becomes {@code text/plain;charset=utf-8}), so it goes into Jetty's fields as is.
     */
    void setContentType(String value) {
        if (res instanceof org.eclipse.jetty.server.Response jetty) {
            jetty.getHttpFields().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, value);
        } else {
            res.setContentType(value);
        }
    }

    /** Answers an XML document. */
    void sendXml(int status, XmlWriter xml) throws IOException {
        byte[] bytes = xml.bytes();
        res.setStatus(status);
        res.setContentType(S3Xml.CONTENT_TYPE);
        res.setContentLength(bytes.length);
        if (!isHead()) {
            try (OutputStream out = res.getOutputStream()) {
                out.write(bytes);
            }
        }
    }

    /** Answers headers only. */
    void sendEmpty(int status) {
        res.setStatus(status);
        res.setContentLength(0);
    }
}
