package dev.dos.app.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Runs before every {@code /api} request, after {@link HostGuard} (421 for a foreign Host):
 * refuses foreign origins (403), then anything without {@code Authorization: Bearer <token>} or
 * the session cookie (401). Tokens in query strings are not read on purpose: URLs end up in logs
 * and browser history. The OpenAPI document is public.
 */
final class ApiGuard implements Handler {
    /** Request attribute: how the request proved itself, {@link Credential}. */
    static final String CREDENTIAL = "dos.credential";

    enum Credential { BEARER, COOKIE }

    private final AccessToken token;
    private final SessionCookie cookie;

    ApiGuard(AccessToken token, SessionCookie cookie) {
        this.token = token;
        this.cookie = cookie;
    }

    @Override
    public void handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("http://" + ctx.host())) {
            throw new ApiError(403, "forbidden_origin", "requests from other origins are refused");
        }
        if (ctx.path().equals(OpenApiResource.PATH)) {
            return;
        }
        String auth = ctx.header("Authorization");
        String presented = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()).strip() : null;
        if (token.matches(presented)) {
            ctx.attribute(CREDENTIAL, Credential.BEARER);
            return;
        }
        if (auth == null && cookie.matches(ctx.cookie(SessionCookie.NAME))) {
            // SameSite ignores ports: a page on another localhost port is "same-site" and its
            // requests carry the cookie. Browsers say so in Sec-Fetch-Site; only our own pages
            // (same-origin) and typed URLs or bookmarks (none) may use the cookie.
            String site = ctx.header("Sec-Fetch-Site");
            if (site != null && !site.equals("same-origin") && !site.equals("none")) {
                throw new ApiError(403, "forbidden_origin", "requests from other sites are refused");
            }
            ctx.attribute(CREDENTIAL, Credential.COOKIE);
            return;
        }
        throw new ApiError(401, "unauthorized", "send the access token printed by 'dos web' as"
                + " 'Authorization: Bearer <token>', or exchange it for a session cookie at POST /api/session");
    }
}
