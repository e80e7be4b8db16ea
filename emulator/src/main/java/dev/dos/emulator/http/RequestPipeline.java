package dev.dos.emulator.http;

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
 * What every API request goes through, in Discord's order: latency, the invalid-request ban,
 * injected faults, authentication, the global limit, the route bucket, the route itself; then
 * the invalid-request counter and the request log see the outcome.
 */
final class RequestPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
    private static final String API_PREFIX = "/api/v10";

    private final StateStore store;
    private final RateLimiter limiter;
    private final FaultInjector faults;
    private final RequestLog log;
    private final Clock clock;

    RequestPipeline(StateStore store, RateLimiter limiter, FaultInjector faults, RequestLog log, Clock clock) {
        this.store = store;
        this.limiter = limiter;
        this.faults = faults;
        this.log = log;
        this.clock = clock;
    }

    void handle(ApiRoute route, Context ctx) {
        ApiCall call = new ApiCall(ctx, route);
        Instant arrived = clock.instant();
        String bucket = null;
        boolean aborted = false;
        try {
            faults.delay();
            if (limiter.banRemainingMillis() > 0) {
                RateLimitResponses.banned(call);
                return;
            }
            if (injectFaultInsteadOfHandling(call)) {
                return;
            }
            String client = authenticate(route, call);
            Optional<Long> globalWait = limiter.hitGlobal(client);
            if (globalWait.isPresent()) {
                RateLimitResponses.global(call, globalWait.get());
                return;
            }
            Optional<BucketState> state = limiter.hitRoute(route.key(), route.kind(), route.majorParameter(call));
            if (state.isPresent()) {
                bucket = state.get().bucket();
                if (!state.get().allowed()) {
                    RateLimitResponses.route(call, state.get());
                    return;
                }
                state.get().headers().forEach(call::header);
            }
            route.handler().handle(call);
            if (faults.resetAfterCommit()) {
                call.drainBody();
                abort(call);
            }
        } catch (ApiException e) {
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
            int status = aborted ? 0 : call.status();
            if (status == 401 || status == 403 || (status == 429 && !call.isSharedScopeRateLimit())) {
                limiter.recordInvalid();
            }
            log.add(new RequestRecord(arrived, ctx.method().name(), route.key(), loggedPath(ctx, route), status,
                    call.requestBytes(), aborted ? 0 : call.responseBytes(), bucket));
        }
    }

    /** 5xx, 429 storms and resets that hit before the request is carried out; true if one did. */
    private boolean injectFaultInsteadOfHandling(ApiCall call) throws IOException {
        ServerFault fault = faults.serverFault();
        if (fault != ServerFault.NONE) {
            ServerFaultResponses.write(call, fault);
            return true;
        }
        long storm = faults.stormRemainingMillis(clock.millis());
        if (storm > 0) {
            RateLimitResponses.shared(call, storm);
            return true;
        }
        if (faults.resetMidRequest()) {
            readPartOfBody(call);
            abort(call);
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

    private static void abort(ApiCall call) {
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
        String path = ctx.path().startsWith(API_PREFIX) ? ctx.path().substring(API_PREFIX.length()) : ctx.path();
        if (route.template().contains("{webhook.token}")) {
            String token = ctx.pathParam(ApiRoute.javalinParam("webhook.token"));
            path = path.replace("/" + token, "/{webhook.token}");
        }
        return path;
    }

}
