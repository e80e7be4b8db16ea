package dev.dos.app.web;

import dev.dos.core.ops.BatchBusyException;
import dev.dos.core.ops.BatchNotFoundException;
import dev.dos.core.ops.Repository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (and the dashboard page in resources {@code /web}) over one opened store: a thin shell over the same operations the CLI uses.
 * Serves on one address and port until {@link #close()}.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Javalin app;
    private final JobRunner runner;
    private final String url;

    private WebServer(Javalin app, JobRunner runner, String url) {
        this.app = app;
        this.runner = runner;
        this.url = url;
    }

    /** Starts serving on {@code host:port} (port 0: a free port). */
    public static WebServer start(Repository repository, AccessToken token, String host, int port) {
        JobRunner runner = new JobRunner(repository.metadata());
        StatsResource stats = new StatsResource(repository.metadata());
        BatchesResource batches = new BatchesResource(repository);
        JobsResource jobs = new JobsResource(repository, runner);
        JobEvents events = new JobEvents(repository.metadata());
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = 1_000_000;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Content-Security-Policy", "default-src 'self'", "X-Frame-Options", "DENY",
                        "Cache-Control", "no-cache");
            });
        });
        app.before("/api/*", new ApiGuard(token));
        app.get("/api/stats", stats::get);
        app.get("/api/batches", batches::list);
        app.get("/api/batches/{id}", batches::get);
        app.delete("/api/batches/{id}", batches::delete);
        app.get("/api/jobs", jobs::list);
        app.get("/api/jobs/{id}", jobs::get);
        app.get("/api/jobs/{id}/events", events::stream);
        app.post("/api/jobs/upload", jobs::upload);
        app.post("/api/jobs/verify", jobs::verify);
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
        app.exception(BatchNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
        app.exception(BatchBusyException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "internal error (" + e.getClass().getSimpleName() + "); see the server log");
        });
        app.error(404, ctx -> {
            String body = ctx.result();
            if (ctx.path().startsWith("/api/") && (body == null || !body.startsWith("{\"code\""))) {
                error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return new WebServer(app, runner, "http://" + shownHost + ":" + app.port());
    }

    private static void error(Context ctx, int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message == null ? code : message);
        ctx.status(status).json(body);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8000}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        runner.close();
        app.stop();
    }
}
