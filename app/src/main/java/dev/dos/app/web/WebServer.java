package dev.dos.app.web;

import dev.dos.app.jobs.SqliteJobStore;
import dev.dos.app.store.StoreSession;
import dev.dos.core.ops.BatchBusyException;
import dev.dos.core.ops.BatchNotFoundException;
import dev.dos.core.ops.NotResumableException;
import dev.dos.core.ops.Repository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (and the dashboard page in resources {@code /web}) over one opened store: a thin shell over the same operations the CLI uses.
 * Serves on one address and port until {@link #close()}. Every route is registered in
 * {@link #routes}; docs/API.md and the OpenAPI document describe the same set.
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

    /**
     * Starts serving on {@code host:port} (port 0: a free port), with no allowed roots (only the
     * index's folder is refused), staging and backups beside the store's database.
     */
    public static WebServer start(Repository repository, AccessToken token, String host, int port) {
        Path database = repository.metadata().databaseFile()
                .orElseThrow(() -> new IllegalArgumentException("the web server needs a store kept in a file"));
        return start(repository, token, new WebOptions(host, port,
                database.resolveSibling(StoreSession.WEB_STAGING_DIR_NAME),
                database.resolveSibling(StoreSession.BACKUP_DIR_NAME), List.of()));
    }

    public static WebServer start(Repository repository, AccessToken token, WebOptions options) {
        return start(repository, token, options, Clock.systemUTC());
    }

    /** {@code clock}: what session cookies are issued and expire by. */
    static WebServer start(Repository repository, AccessToken token, WebOptions options, Clock clock) {
        HostGuard hosts = new HostGuard(options.host());
        JobRunner runner = new JobRunner(SqliteJobStore.in(repository.metadata()));
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = 1_000_000; // ctx.body() only: browser uploads are streamed
            // Jetty caches a connection's header fields and, by default, matches the cache ignoring
            // case, values included: after one request with the real token, the same token with its
            // letters' case changed was served the cached (real) value and let in. Case matters here.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonBadMessages()));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Content-Security-Policy", "default-src 'self'", "X-Frame-Options", "DENY",
                        "Cache-Control", "no-cache");
            });
        });
        SessionCookie cookie = new SessionCookie(clock);
        app.before(hosts); // first, on every path: dashboard files and the OpenAPI document too
        app.before("/api/*", new ApiGuard(token, cookie));
        routes(app, repository, runner, options, cookie);
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
        app.exception(BatchNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
        app.exception(BatchBusyException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
        app.exception(NotResumableException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
        // Javalin's own refusals (413 for an oversize body, 405, ...) in our error shape too.
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            default -> e.getStatus() < 500 ? "bad_request" : "internal";
        }, e.getMessage()));
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
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
        String host = options.host();
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return new WebServer(app, runner, "http://" + shownHost + ":" + app.port());
    }

    /** Every API route. Keep docs/API.md and resources/dev/dos/app/web/openapi.json in step. */
    private static void routes(Javalin app, Repository repository, JobRunner runner, WebOptions options,
                               SessionCookie cookie) {
        ServerPaths paths = new ServerPaths(AllowedRoots.of(options.allowedRoots(), options.refusedFolders()));
        UploadStaging staging = new UploadStaging(options.stagingDir(), repository.metadata());
        staging.sweep(UploadStaging.SWEEP_GRACE);
        TransferSettings transfers = new TransferSettings(repository, options.transfers());
        StatsResource stats = new StatsResource(repository.metadata());
        BatchesResource batches = new BatchesResource(repository, staging);
        JobsResource jobs = new JobsResource(runner.jobs(), runner);
        UploadJobs uploads = new UploadJobs(repository, transfers, runner, paths, staging);
        BatchJobs batchJobs = new BatchJobs(repository, transfers, runner, paths, staging);
        StoreJobs storeJobs = new StoreJobs(repository, runner, options.backupDirectory());
        JobEvents events = new JobEvents(runner.jobs(), runner);
        SessionResource session = new SessionResource(cookie);
        FilesResource files = new FilesResource(transfers);

        app.get(OpenApiResource.PATH, new OpenApiResource()::get);
        app.post("/api/session", session::create);
        app.delete("/api/session", session::delete);
        app.get("/api/stats", stats::get);
        app.get("/api/stats/history", stats::history);
        app.get("/api/batches", batches::list);
        app.get("/api/batches/{id}", batches::get);
        app.delete("/api/batches/{id}", batches::delete);
        app.get("/api/batches/{id}/files", files::file);
        app.get("/api/batches/{id}/archive", files::archive);
        app.get("/api/jobs", jobs::list);
        app.get("/api/jobs/{id}", jobs::get);
        app.get("/api/jobs/{id}/events", events::stream);
        app.post("/api/jobs/upload", uploads::upload);
        app.post("/api/jobs/verify", batchJobs::verify);
        app.post("/api/jobs/resume", batchJobs::resume);
        app.post("/api/jobs/download", batchJobs::download);
        app.post("/api/jobs/sync", storeJobs::sync);
        app.post("/api/jobs/backup", storeJobs::backup);
        app.get("/api/settings/transfers", transfers::get);
        app.put("/api/settings/transfers", transfers::put);
    }

    private static void error(Context ctx, int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message == null ? code : message);
        ctx.status(status).json(body);
    }

    /**
     * Requests Jetty refuses while parsing them never reach Javalin: a missing or malformed Host
     * header, a request line whose authority differs from Host, oversize headers, ... Their
     * answers get the API's JSON error shape too instead of Jetty's HTML page.
     */
    private static final class JsonBadMessages extends ErrorHandler {
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            Map<String, String> body = new LinkedHashMap<>();
            body.put("code", status == 413 || status == 414 || status == 431 ? "too_large"
                    : status < 500 ? "bad_request" : "internal");
            body.put("message", reason == null ? "bad request" : reason);
            return BufferUtil.toBuffer(JsonBody.write(body));
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8000}. */
    public String url() {
        return url;
    }

    /**
     * The registered HTTP routes, as "GET /api/jobs/{id}", read from Javalin's router itself (not
     * from a list kept beside it), so a test can hold them against the OpenAPI document.
     */
    Set<String> routeTable() {
        Set<String> out = new TreeSet<>();
        app.unsafeConfig().pvt.internalRouter.allHttpHandlers().forEach(parsed -> {
            HandlerType method = parsed.getEndpoint().getMethod();
            if (method.isHttpMethod()) {
                out.add(method.name() + " " + parsed.getEndpoint().getPath());
            }
        });
        return out;
    }

    @Override
    public void close() {
        runner.close();
        app.stop();
    }
}
