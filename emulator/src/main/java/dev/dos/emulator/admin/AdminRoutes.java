package dev.dos.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.EmulatorAdmin;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.http.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * The admin API under {@code /_emulator/}: the operations of {@link EmulatorAdmin} as JSON over
 * HTTP, for tests in other processes and for the sandbox CLI. Local-only and unauthenticated,
 * like the emulator itself; its requests are not in the request log.
 */
public final class AdminRoutes {
    private static final String PREFIX = "/_emulator";

    private final EmulatorAdmin admin;
    private final Supplier<ObjectNode> describe;

    private AdminRoutes(EmulatorAdmin admin, Supplier<ObjectNode> describe) {
        this.admin = admin;
        this.describe = describe;
    }

    /** @param describe what {@code GET /_emulator/info} answers (the emulator's JSON line) */
    public static void register(Javalin app, EmulatorAdmin admin, Supplier<ObjectNode> describe) {
        AdminRoutes r = new AdminRoutes(admin, describe);
        add(app, HandlerType.GET, "/info", ctx -> json(ctx, 200, r.describe.get()));
        add(app, HandlerType.GET, "/requests", r::requests);
        add(app, HandlerType.DELETE, "/requests", ctx -> {
            r.admin.clearRequests();
            ctx.status(204);
        });
        add(app, HandlerType.PUT, "/channels/{channel_id}/permissions", r::setPermissions);
        add(app, HandlerType.DELETE, "/channels/{channel_id}", ctx -> found(ctx,
                r.admin.deleteChannel(ctx.pathParam("channel_id"))));
        add(app, HandlerType.DELETE, "/channels/{channel_id}/messages/{message_id}", ctx -> found(ctx,
                r.admin.deleteMessage(ctx.pathParam("channel_id"), ctx.pathParam("message_id"))));
        add(app, HandlerType.PUT, "/premium-tier", ctx -> {
            r.admin.setPremiumTier(body(ctx).path("premium_tier").asInt(-1));
            ctx.status(204);
        });
        add(app, HandlerType.GET, "/faults", ctx -> json(ctx, 200, FaultConfigJson.write(r.admin.faults())));
        add(app, HandlerType.PUT, "/faults", ctx -> {
            r.admin.setFaults(FaultConfigJson.read(body(ctx)));
            ctx.status(204);
        });
        add(app, HandlerType.POST, "/storm", ctx -> {
            r.admin.startRateLimitStorm(Duration.ofMillis(Math.round(body(ctx).path("seconds").asDouble(0) * 1000)));
            ctx.status(204);
        });
        add(app, HandlerType.GET, "/attachments/{attachment_id}/file", ctx -> {
            ObjectNode o = Json.object();
            o.put("path", r.admin.attachmentFile(ctx.pathParam("attachment_id")).toAbsolutePath().toString());
            json(ctx, 200, o);
        });
        add(app, HandlerType.POST, "/threads/{thread_id}/lock", ctx -> {
            r.admin.lockThread(ctx.pathParam("thread_id"));
            ctx.status(204);
        });
        add(app, HandlerType.POST, "/threads/{thread_id}/archive", ctx -> {
            r.admin.archiveThread(ctx.pathParam("thread_id"));
            ctx.status(204);
        });
        add(app, HandlerType.PUT, "/link-expiry", ctx -> {
            r.admin.setLinkExpiry(Duration.ofMillis(Math.round(body(ctx).path("seconds").asDouble(0) * 1000)));
            ctx.status(204);
        });
        add(app, HandlerType.POST, "/token/revoke", ctx -> {
            r.admin.revokeToken();
            ctx.status(204);
        });
        add(app, HandlerType.POST, "/token/rotate", ctx -> {
            ObjectNode o = Json.object();
            o.put("token", r.admin.rotateToken());
            json(ctx, 200, o);
        });
    }

    private void requests(Context ctx) {
        ArrayNode out = Json.array();
        for (RequestRecord rec : admin.requests()) {
            ObjectNode o = out.addObject();
            o.put("time", rec.time().toString());
            o.put("method", rec.method());
            o.put("route", rec.route());
            o.put("path", rec.path());
            o.put("status", rec.status());
            o.put("request_bytes", rec.requestBytes());
            o.put("response_bytes", rec.responseBytes());
            if (rec.bucket() == null) {
                o.putNull("bucket");
            } else {
                o.put("bucket", rec.bucket());
            }
        }
        json(ctx, 200, out);
    }

    /** Body {@code {"allow": "<bits>"}}; the bits may be a string (as Discord sends them) or a number. */
    private void setPermissions(Context ctx) throws IOException {
        JsonNode allow = body(ctx).get("allow");
        if (allow == null || !(allow.isTextual() || allow.isIntegralNumber())) {
            throw new IllegalArgumentException("body must be {\"allow\": \"<permission bits>\"}");
        }
        admin.setChannelPermissions(ctx.pathParam("channel_id"), Long.parseLong(allow.asText()));
        ctx.status(204);
    }

    private static void add(Javalin app, HandlerType method, String path, Handler handler) {
        app.addHttpHandler(method, PREFIX + path, ctx -> {
            try {
                handler.handle(ctx);
            } catch (NoSuchElementException e) {
                error(ctx, 404, e.getMessage());
            } catch (IllegalArgumentException e) {
                error(ctx, 400, e.getMessage());
            }
        });
    }

    private static JsonNode body(Context ctx) throws IOException {
        byte[] bytes = ctx.req().getInputStream().readAllBytes();
        if (bytes.length == 0) {
            return Json.object();
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getMessage(), e);
        }
    }

    private static void found(Context ctx, boolean found) {
        if (found) {
            ctx.status(204);
        } else {
            error(ctx, 404, "not found");
        }
    }

    private static void json(Context ctx, int status, JsonNode node) {
        ctx.status(status).contentType("application/json").result(Json.bytes(node));
    }

    private static void error(Context ctx, int status, String message) {
        ObjectNode o = Json.object();
        o.put("message", message);
        json(ctx, status, o);
    }
}
