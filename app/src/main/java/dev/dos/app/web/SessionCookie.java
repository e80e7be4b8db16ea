package dev.dos.app.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code dos_session} cookie a browser gets for the access token: an HMAC of a fixed label
 * keyed with the token, so it is valid exactly as long as the token and never reveals it. HttpOnly
 * (scripts cannot read it) and SameSite=Strict (other sites' requests do not carry it).
 */
final class SessionCookie {
    static final String NAME = "dos_session";
    private static final String LABEL = "dos-web-session-v1";
    private static final String ATTRIBUTES = "; Path=/api; HttpOnly; SameSite=Strict";

    private final String value;

    SessionCookie(AccessToken token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            value = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time, like the token's own comparison. */
    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code Set-Cookie} header value that hands the cookie out. */
    String setHeader() {
        return NAME + "=" + value + ATTRIBUTES;
    }

    /** The {@code Set-Cookie} header value that removes it. */
    static String clearHeader() {
        return NAME + "=" + "; Max-Age=0" + ATTRIBUTES;
    }
}
