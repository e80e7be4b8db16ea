package dev.dos.emulator.http;

import dev.dos.emulator.Exchange;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.fault.ConnectionAborter;
import dev.dos.emulator.fault.FaultInjector;
import dev.dos.emulator.fault.ServerFault;
import dev.dos.emulator.ratelimit.BucketState;
import dev.dos.emulator.ratelimit.RateLimiter;
import dev.dos.emulator.store.StateStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every API request goes through, in Discord's order: latency (and the upload bandwidth cap
 * on reading the body), the invalid-request ban,
 * injected faults, authentication, the global limit, the route bucket, the route itself; then
 * the invalid-request counter and the request log see the outcome.
 */
final class RequestPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
    /** What Discord's answers carry (discord-api-docs issue #1463); clients tell a Cloudflare ban by its absence. */
    static final String VIA = "1.1 google";

    private final StateStore store;
    private final RateLimiter limiter;
    private final FaultInjector faults;
    private final RequestLog log;
    private final Clock clock;
    private final ExchangeNotifier exchanges;

    RequestPipeline(StateStore store, RateLimiter limiter, FaultInjector faults, RequestLog log, Clock clock,
                    ExchangeNotifier exchanges) {
        this.store = store;
        this.limiter = limiter;
        this.faults = faults;
        this.log = log;
        this.clock = clock;
        this.exchanges = exchanges;
    }

    void handle(ApiRoute route, Context ctx) {
        ApiCall call = new ApiCall(ctx, route);
        call.throttleBody(faults.uploadBandwidthBytesPerSecond());
        Entry entry = new Entry(route, call, clock.instant());
        boolean aborted = false;
        boolean bucketCounted = false;
        try {
            faults.delay();
            if (limiter.banRemainingMillis() > 0) {
                RateLimitResponses.banned(call);
                return;
            }
            if (injectFaultInsteadOfHandling(call, entry)) {
                return;
            }
            String client = authenticate(route, call);
            Optional<Long> globalWait = limiter.hitGlobal(client);
            if (globalWait.isPresent()) {
                RateLimitResponses.global(call, peek(route, call), globalWait.get());
                return;
            }
            BucketState state = limiter.hitRoute(route.key(), route.kind(), route.majorParameter(call));
            bucketCounted = true;
            entry.bucket = state.bucket();
            if (!state.allowed()) {
                RateLimitResponses.route(call, state);
                return;
            }
            state.headers().forEach(call::header);
            route.handler().handle(call);
            if (faults.resetAfterCommit()) {
                call.drainBody();
                abort(call, entry);
            }
        } catch (ApiException e) {
            if (!bucketCounted) {
                peek(route, call).headers().forEach(call::header); // a 401 answers before the bucket counts
            }
            call.error(e);
        } catch (ConnectionAborter.Aborted e) {
            aborted = true;
        } catch (RuntimeException | IOException e) {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            call.json(500, ServerFaultResponses.internalServerError());
        } finally {
            if (!aborted) {
                call.drainBody();
            }
            if (!aborted && call.countsAsInvalid()) {
                limiter.recordInvalid();
            }
            if (!aborted && call.origin() != Exchange.Origin.BAN) {
                call.header("Via", VIA); // Discord's answers pass its Google front end; Cloudflare's ban does not
            }
            entry.log(aborted ? 0 : call.status(), aborted ? 0 : call.responseBytes());
            if (!aborted) {
                exchanges.api(call, loggedPath(ctx, route));
            }
        }
    }

    private BucketState peek(ApiRoute route, ApiCall call) {
        return limiter.peekRoute(route.key(), route.kind(), route.majorParameter(call));
    }

    /**
     * One request's log entry. A reset is logged before it leaves, as the CDN does, because a
     * client that has seen the reset may look at the log at once; answers are logged before
     * Javalin writes them.
     */
    private final class Entry {
        private final ApiRoute route;
        private final ApiCall call;
        private final Instant arrived;
        private String bucket;
        private boolean logged;

        Entry(ApiRoute route, ApiCall call, Instant arrived) {
            this.route = route;
            this.call = call;
            this.arrived = arrived;
        }

        void log(int status, long responseBytes) {
            if (logged) {
                return;
            }
            logged = true;
            Context ctx = call.context();
            log.add(new RequestRecord(arrived, ctx.method().name(), route.key(), loggedPath(ctx, route), status,
                    call.requestBytes(), responseBytes, bucket));
        }
    }

    /** 5xx, 429 storms and resets that hit before the request is carried out; true if one did. */
    private boolean injectFaultInsteadOfHandling(ApiCall call, Entry entry) throws IOException {
        ServerFault fault = faults.serverFault();
        if (fault != ServerFault.NONE) {
            call.answeredBy(Exchange.Origin.FAULT);
            ServerFaultResponses.write(call, fault);
            return true;
        }
        long storm = faults.stormRemainingMillis(clock.millis());
        if (storm > 0) {
            call.answeredBy(Exchange.Origin.FAULT);
            RateLimitResponses.shared(call, peek(call.route(), call), storm);
            return true;
        }
        if (faults.resetMidRequest()) {
            readPartOfBody(call);
            abort(call, entry);
        }
        return false;
    }

    /** Reads a random part of the body, so the reset lands while the client is still sending. */
    private void readPartOfBody(ApiCall call) throws IOException {
        long length = Math.max(0, call.context().req().getContentLengthLong());
        long toRead = faults.nextIndex(length);
        InputStream in = call.body();
        byte[] buf = new byte[8192];
        while (toRead > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, toRead));
            if (n < 0) {
                break;
            }
            toRead -= n;
        }
    }

    private static void abort(ApiCall call, Entry entry) {
        entry.log(0, 0);
        ConnectionAborter.abort(call.context().req());
        throw new ConnectionAborter.Aborted();
    }

    /**
     * Checks {@code Authorization: Bot <token>} on bot routes and returns the key of the
     * client's global limit: its token, or its address when the route needs none.
     */
    private String authenticate(ApiRoute route, ApiCall call) {
        if (route.auth() == ApiRoute.Auth.NONE) {
            return "address:" + call.context().req().getRemoteAddr();
        }
        String header = call.header("Authorization");
        String token = store.identity().token();
        if (header == null || !header.startsWith("Bot ") || token.isEmpty()
                || !MessageDigest.isEqual(header.substring(4).getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8))) {
            throw ApiErrors.unauthorized();
        }
        return "bot:" + token;
    }

    /** The path for the log: without the API prefix and with webhook tokens masked. */
    private static String loggedPath(Context ctx, ApiRoute route) {
        String path = ApiRoute.loggedPath(ctx.path());
        if (route.template().contains("{webhook.token}")) {
            String token = ctx.pathParam(ApiRoute.javalinParam("webhook.token"));
            path = path.replace("/" + token, "/{webhook.token}");
        }
        return path;
    }

}
