package dev.dos.app.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code dos_session} cookie a browser gets for the access token: {@code <issued>.<mac>},
 * where {@code issued} is the issue time in epoch seconds and {@code mac} an HMAC-SHA256 of it,
 * keyed with a random secret made when the server starts. It never reveals the token, stops
 * working after {@link #LIFETIME} (checked here against the signed issue time, and the browser
 * drops it then too: Max-Age) and when the server restarts (a new secret). HttpOnly (scripts
 * cannot read it) and SameSite=Strict (other sites' requests do not carry it).
 */
final class SessionCookie {
    static final String NAME = "dos_session";
    static final Duration LIFETIME = Duration.ofDays(1);
    private static final String LABEL = "dos-web-session-v2.";
    private static final String ATTRIBUTES = "; Path=/api; HttpOnly; SameSite=Strict";

    private final Clock clock;
    private final SecretKeySpec secret;

    SessionCookie(Clock clock) {
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secret = new SecretKeySpec(key, "HmacSHA256");
    }

    private String mac(String issued) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal((LABEL + issued).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A value this server made (constant-time comparison) less than {@link #LIFETIME} ago. */
    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        int dot = candidate.indexOf('.');
        String issued = dot < 0 ? "" : candidate.substring(0, dot);
        if (issued.isEmpty() || issued.length() > 12 || !issued.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        boolean signed = MessageDigest.isEqual((issued + "." + mac(issued)).getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
        long age = clock.instant().getEpochSecond() - Long.parseLong(issued);
        return signed && age >= 0 && age < LIFETIME.toSeconds();
    }

    /** The {@code Set-Cookie} header value that hands out a new cookie, issued now. */
    String setHeader() {
        String issued = Long.toString(clock.instant().getEpochSecond());
        return NAME + "=" + issued + "." + mac(issued) + "; Max-Age=" + LIFETIME.toSeconds() + ATTRIBUTES;
    }

    /** The {@code Set-Cookie} header value that removes it. */
    static String clearHeader() {
        return NAME + "=" + "; Max-Age=0" + ATTRIBUTES;
    }
}
