package dev.dos.app.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Runs before every {@code /api} request: refuses foreign origins (403), then anything without
 * {@code Authorization: Bearer <token>} (401). Tokens in query strings are not read on purpose:
 * URLs end up in logs and browser history.
 */
final class ApiGuard implements Handler {
    private final AccessToken token;

    ApiGuard(AccessToken token) {
        this.token = token;
    }

    @Override
    public void handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("http://" + ctx.host())) {
            throw new ApiError(403, "forbidden_origin", "requests from other origins are refused");
        }
        String auth = ctx.header("Authorization");
        String presented = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()).strip() : null;
        if (!token.matches(presented)) {
            throw new ApiError(401, "unauthorized", "send the access token printed by 'dos web' as 'Authorization: Bearer <token>'");
        }
    }
}
