package dev.dos.app.web;

import io.javalin.http.Context;

/**
 * {@code /api/session}: exchanges the access token (sent once as a bearer header) for the
 * HttpOnly session cookie, so the dashboard never keeps the token itself; DELETE removes it.
 */
final class SessionResource {
    private final SessionCookie cookie;

    SessionResource(SessionCookie cookie) {
        this.cookie = cookie;
    }

    void create(Context ctx) {
        if (ctx.attribute(ApiGuard.CREDENTIAL) != ApiGuard.Credential.BEARER) {
            throw new ApiError(401, "unauthorized", "a session is made from the access token: send it as"
                    + " 'Authorization: Bearer <token>'");
        }
        ctx.header("Set-Cookie", cookie.setHeader());
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }

    void delete(Context ctx) {
        ctx.header("Set-Cookie", SessionCookie.clearHeader());
        ctx.status(204);
    }
}
