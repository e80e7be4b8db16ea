package dev.dos.s3.http;

import dev.dos.s3.S3Credentials;
import dev.dos.s3.store.ObjectStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request goes through here: parse the raw path and query, verify the signature, route to
 * an operation, and answer S3's XML error for whatever is refused on the way.
 */
public final class S3Handler implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(S3Handler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final SigV4Verifier verifier;
    private final BucketHandlers buckets;
    private final ListingHandler listing;
    private final ObjectHandlers objects;
    private final DeleteObjectsHandler deletes;
    private final MultipartHandlers multipart;
    private final CopyHandler copies;

    public S3Handler(ObjectStore store, S3Credentials credentials, Clock clock) {
        this.clock = clock;
        this.verifier = new SigV4Verifier(credentials, clock);
        this.buckets = new BucketHandlers(store, credentials.accessKeyId(), credentials.region());
        this.listing = new ListingHandler(store, credentials.accessKeyId());
        this.objects = new ObjectHandlers(store);
        this.deletes = new DeleteObjectsHandler(store);
        this.multipart = new MultipartHandlers(store, credentials.accessKeyId());
        this.copies = new CopyHandler(store, multipart);
    }

    @Override
    public void handle(@NotNull Context ctx) throws IOException {
        S3Exchange x = new S3Exchange(ctx.req(), ctx.res(), requestId(), clock);
        try {
            commonHeaders(x);
            x.parse();
            x.auth = verifier.verify(x);
            dispatch(Router.route(x), x);
        } catch (IOException e) {
            S3RequestException refusal = x.body != null && x.body.failure() != null ? x.body.failure()
                    : S3RequestException.find(e);
            if (refusal == null && clientWentAway(e)) {
                LOG.debug("{} {}: the client went away", x.method, x.rawPath(), e);
                refusal = new S3RequestException(ErrorCode.INCOMPLETE_BODY);
            } else if (refusal == null) {
                LOG.warn("{} {} failed", x.method, x.rawPath(), e);
                refusal = new S3RequestException(ErrorCode.INTERNAL_ERROR);
            }
            answer(x, refusal);
        } catch (BadMessageException e) { // Jetty's: a malformed Transfer-Encoding: chunked body
            answer(x, new S3RequestException(ErrorCode.INCOMPLETE_BODY, "Malformed request body: " + e.getReason()));
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", x.method, x.rawPath(), e);
            answer(x, new S3RequestException(ErrorCode.INTERNAL_ERROR));
        }
    }

    private void dispatch(Operation op, S3Exchange x) throws IOException {
        switch (op) {
            case LIST_BUCKETS -> buckets.listBuckets(x);
            case CREATE_BUCKET -> buckets.createBucket(x);
            case HEAD_BUCKET -> buckets.headBucket(x);
            case DELETE_BUCKET -> buckets.deleteBucket(x);
            case GET_BUCKET_LOCATION -> buckets.location(x);
            case GET_BUCKET_VERSIONING -> buckets.versioning(x);
            case GET_BUCKET_ACL, GET_OBJECT_ACL -> buckets.acl(x);
            case LIST_OBJECTS -> listing.listV1(x);
            case LIST_OBJECTS_V2 -> listing.listV2(x);
            case LIST_MULTIPART_UPLOADS -> multipart.listUploads(x);
            case DELETE_OBJECTS -> deletes.deleteObjects(x);
            case PUT_OBJECT -> objects.put(x);
            case GET_OBJECT, HEAD_OBJECT -> objects.get(x);
            case DELETE_OBJECT -> objects.delete(x);
            case COPY_OBJECT -> copies.copyObject(x);
            case CREATE_MULTIPART_UPLOAD -> multipart.create(x);
            case UPLOAD_PART -> multipart.uploadPart(x);
            case UPLOAD_PART_COPY -> copies.uploadPartCopy(x);
            case COMPLETE_MULTIPART_UPLOAD -> multipart.complete(x);
            case ABORT_MULTIPART_UPLOAD -> multipart.abort(x);
            case LIST_PARTS -> multipart.listParts(x);
        }
    }

    /** Whether {@code e} is the connection ending early (Jetty's EofException), not a failure of ours. */
    private static boolean clientWentAway(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    /** The error answer, unless the response is already under way (then the connection is cut short). */
    private static void answer(S3Exchange x, S3RequestException refusal) throws IOException {
        if (x.res.isCommitted()) {
            LOG.debug("{} {} failed after its answer began: {}", x.method, x.rawPath(), refusal.code);
            return;
        }
        if (!ErrorCode.INCOMPLETE_BODY.code.equals(refusal.code)) {
            discardSmallBody(x);
        }
        ErrorResponse.send(x, refusal);
    }

    /** Bodies up to this size are read and dropped before an error answer, keeping the connection. */
    static final long DISCARDED_BODY_MAX = 1 << 20;

    /**
     * Reads what is left of a small body nobody read (a part refused on its number, a request refused on
     * its signature), so that the error goes out on a connection that stays usable. Unread, Jetty
     * answers and closes the connection; a client that sent {@code Expect: 100-continue} and, on a
     * loaded machine, stopped waiting for the 100 and began its body (the JDK's HttpURLConnection waits
     * 5 s) then fails writing it ("Error writing request body to server") instead of reading our
     * answer. Reading the body makes Jetty send the 100 first. Larger bodies are not worth the
     * transfer: those connections are closed as before.
     */
    private static void discardSmallBody(S3Exchange x) {
        long length = x.req.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(x.req.getHeader("Transfer-Encoding"));
        if ((length <= 0 && !chunked) || length > DISCARDED_BODY_MAX) {
            return;
        }
        try {
            java.io.InputStream in = x.req.getInputStream();
            byte[] buffer = new byte[8192];
            long left = DISCARDED_BODY_MAX;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) { // body already read as a reader, or the client left
            LOG.debug("{} {}: body not discarded: {}", x.method, x.rawPath(), e.toString());
        }
    }

    /** What every answer carries: S3's request ids, and a Date from the server's clock. */
    static void commonHeaders(S3Exchange x) {
        x.setHeader("x-amz-request-id", x.requestId);
        x.setHeader("x-amz-id-2", x.requestId.toLowerCase() + "=");
        x.setHeader("Server", "dos-s3");
        x.setHeader("Date", HttpDates.http(x.clock.instant()));
    }

    private static String requestId() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HexFormat.of().withUpperCase().formatHex(id);
    }
}
