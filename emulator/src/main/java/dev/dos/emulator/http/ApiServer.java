package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.ExchangeListener;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.cdn.LinkSigner;
import dev.dos.emulator.fault.FaultInjector;
import dev.dos.emulator.ratelimit.RateLimiter;
import dev.dos.emulator.store.RuntimeSettings;
import dev.dos.emulator.store.StateStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The HTTP server: the API under {@code /api/v10}, the CDN, and whatever else the caller adds
 * (the admin routes), on 127.0.0.1 with virtual threads. Paths are percent-decoded before routing
 * ({@link DecodedPaths}). Unknown API paths get Discord's {@code 404: Not Found}, known paths with
 * the wrong method {@code 405: Method Not Allowed}.
 */
public final class ApiServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE};

    private final Javalin app;
    private final ServerAddress address;
    private final List<String> routes;

    private ApiServer(Javalin app, ServerAddress address, List<String> routes) {
        this.app = app;
        this.address = address;
        this.routes = routes;
    }

    /** Everything the server needs; {@code extraRoutes} registers more handlers before start. */
    public record Parts(StateStore store, RuntimeSettings settings, RateLimiter limiter, FaultInjector faults,
                        RequestLog log, Clock clock, List<ExchangeListener> listeners, Consumer<Javalin> extraRoutes) {
    }

    public static ApiServer start(int port, Parts p) {
        ServerAddress address = new ServerAddress();
        LinkSigner signer = new LinkSigner(p.store().identity().signingKey(), p.clock(), p.settings()::linkExpiry);
        EntityViews entities = new EntityViews(p.store(), p.settings(), address);
        ApiServices services = new ApiServices(p.store(), p.settings(), entities,
                new MessageView(p.store(), entities, signer, address));
        List<ApiRoute> routes = new ArrayList<>();
        routes.addAll(UserRoutes.all(services));
        routes.addAll(GuildRoutes.all(services));
        routes.addAll(ChannelRoutes.all(services));
        // Pins before messages: GET .../messages/pins must not be read as a message id.
        routes.addAll(PinRoutes.all(services));
        routes.addAll(MessageRoutes.all(services));
        routes.addAll(ThreadRoutes.all(services));
        routes.addAll(WebhookRoutes.all(services));
        routes.addAll(AttachmentRoutes.all(services, signer, address));
        ExchangeNotifier exchanges = new ExchangeNotifier(p.listeners());
        RequestPipeline pipeline = new RequestPipeline(p.store(), p.limiter(), p.faults(), p.log(), p.clock(),
                exchanges);
        CdnRoute cdn = new CdnRoute(p.store(), signer, p.faults(), p.log(), p.clock(), exchanges);

        Javalin app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.disableCompression();
            cfg.router.ignoreTrailingSlashes = false;
            cfg.jetty.defaultHost = HOST;
            cfg.jetty.modifyServletContextHandler(handler -> handler.addFilter(DecodedPaths.class, "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
        });
        for (ApiRoute route : routes) {
            app.addHttpHandler(route.method(), route.javalinPath(), ctx -> pipeline.handle(route, ctx));
        }
        for (String prefix : new String[] {"", MessageView.MEDIA_PREFIX}) {
            String path = prefix + "/attachments/{channel_id}/{attachment_id}/{filename}";
            app.addHttpHandler(HandlerType.GET, path, cdn::handle);
            app.addHttpHandler(HandlerType.HEAD, path, cdn::handle);
        }
        p.extraRoutes().accept(app);
        List<Pattern> known = routes.stream().map(r -> Pattern.compile(
                r.javalinPath().replaceAll("\\{[a-z_]+}", "[^/]+"))).toList();
        for (HandlerType method : METHODS) {
            app.addHttpHandler(method, "/*", ctx -> unknownRoute(ctx, known, p, exchanges));
        }
        app.start(HOST, port);
        address.bind(app.port());
        List<String> served = new ArrayList<>(routes.stream().map(ApiRoute::key).toList());
        served.add(CdnRoute.ROUTE);
        served.add(CdnRoute.ROUTE.replace("GET", "HEAD"));
        return new ApiServer(app, address, List.copyOf(served));
    }

    public ServerAddress address() {
        return address;
    }

    /** Every route served, as {@code "GET /channels/{channel.id}/messages"}; the CDN's under its own path. */
    public List<String> routes() {
        return routes;
    }

    private static void unknownRoute(Context ctx, List<Pattern> known, Parts p, ExchangeNotifier exchanges)
            throws IOException {
        boolean pathExists = known.stream().anyMatch(k -> k.matcher(ctx.path()).matches());
        ApiException e = pathExists ? ApiErrors.methodNotAllowed() : ApiErrors.notFound();
        long requestBytes = ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        ObjectNode body = e.body();
        byte[] bytes = Json.bytes(body);
        ctx.status(e.status()).contentType("application/json").header("Via", RequestPipeline.VIA).result(bytes);
        p.log().add(new RequestRecord(p.clock().instant(), ctx.method().name(), ctx.method().name()
                + " (unknown route)", ApiRoute.loggedPath(ctx.path()), e.status(), requestBytes, bytes.length, null));
        exchanges.unknownRoute(ctx, ApiRoute.loggedPath(ctx.path()), bytes);
    }

    @Override
    public void close() {
        app.stop();
    }
}
