package dev.dos.s3;

import dev.dos.s3.http.BadMessages;
import dev.dos.s3.http.S3Handler;
import dev.dos.s3.store.ObjectStore;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import org.eclipse.jetty.http.UriCompliance;

/**
 * Serves S3 over HTTP on one address and port until {@link #close()}, with virtual threads. One
 * catch-all handler reads each raw request path itself, so keys keep their {@code +}, {@code %2F},
 * {@code //} and trailing {@code /} exactly as the client encoded them.
 *
 * <p>Plain HTTP only: bind it to loopback (the CLI passes 127.0.0.1 and warns for anything else).
 */
public final class S3Server implements AutoCloseable {
    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.HEAD, HandlerType.PUT,
            HandlerType.POST, HandlerType.DELETE, HandlerType.OPTIONS, HandlerType.PATCH};
    /** S3 accepts 8 KiB of request headers, but a long key appears twice in a presigned URL's line. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Javalin app;
    private final URI endpoint;

    private S3Server(Javalin app, URI endpoint) {
        this.app = app;
        this.endpoint = endpoint;
    }

    /** Starts serving {@code store} on {@code bindAddress:port} (port 0: a free port). */
    public static S3Server start(ObjectStore store, S3Credentials credentials, String bindAddress, int port) {
        return start(store, credentials, bindAddress, port, Clock.systemUTC());
    }

    /** As above, with the clock that signatures' dates, presigned URLs' expiry and Date headers go by. */
    public static S3Server start(ObjectStore store, S3Credentials credentials, String bindAddress, int port,
                                 Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(credentials, "credentials");
        S3Handler handler = new S3Handler(store, credentials, clock);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.useVirtualThreads = true;
            cfg.startupWatcherEnabled = false;
            cfg.http.disableCompression();
            cfg.router.ignoreTrailingSlashes = false;
            cfg.jetty.modifyHttpConfiguration(http -> {
                // Keys may hold anything: %2F, %25, empty segments ("a//b"), dot segments. The handler
                // reads getRequestURI() raw and decodes it once itself.
                http.setUriCompliance(UriCompliance.UNSAFE);
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setSendServerVersion(false);
                // Date comes from our clock (clients correct their skew by it).
                http.setSendDateHeader(false);
                // Header values such as an ETag in If-Match are compared exactly.
                http.setHeaderCacheCaseSensitive(true);
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new BadMessages()));
        });
        for (HandlerType method : METHODS) {
            app.addHttpHandler(method, "/", handler);
            app.addHttpHandler(method, "/*", handler);
        }
        app.start(bindAddress, port);
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return new S3Server(app, URI.create("http://" + host + ":" + app.port()));
    }

    /** Where clients point their endpoint, e.g. {@code http://127.0.0.1:9000}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** Stops serving; the store stays open (its owner closes it). */
    @Override
    public void close() {
        app.stop();
    }
}
