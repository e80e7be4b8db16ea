package dev.dos.emulator.cdn;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs attachment links the way Discord's CDN does: {@code ex} (expiry) and {@code is} (issue
 * time) are hex Unix seconds and {@code hm} is an HMAC over the path and both times, so neither
 * the path nor the expiry can be changed without breaking the link.
 */
public final class LinkSigner {
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final Clock clock;
    private final Supplier<Duration> expiry;

    /**
     * @param base64Key the sandbox's signing key
     * @param expiry    read at every signing, so a changed expiry applies to the next link
     */
    public LinkSigner(String base64Key, Clock clock, Supplier<Duration> expiry) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256");
        this.clock = clock;
        this.expiry = expiry;
    }

    /** The path of an attachment on the CDN. */
    public static String attachmentPath(long channelId, long attachmentId, String filename) {
        return "/attachments/" + channelId + "/" + attachmentId + "/" + filename;
    }

    /** {@code path?ex=..&is=..&hm=..&}, issued now (with Discord's trailing {@code &}). */
    public String sign(String path) {
        long issued = clock.millis() / 1000;
        long lifetime = Math.max(1, (expiry.get().toMillis() + 999) / 1000);
        String ex = Long.toHexString(issued + lifetime);
        String is = Long.toHexString(issued);
        return path + "?ex=" + ex + "&is=" + is + "&hm=" + mac(path, ex, is) + "&";
    }

    /** True when the signature matches {@code path} and the link has not expired. */
    public boolean verify(String path, String ex, String is, String hm) {
        if (ex == null || is == null || hm == null) {
            return false;
        }
        long expiresAtSeconds;
        try {
            expiresAtSeconds = Long.parseLong(ex, 16);
            Long.parseLong(is, 16);
        } catch (NumberFormatException e) {
            return false;
        }
        boolean authentic = MessageDigest.isEqual(mac(path, ex, is).getBytes(StandardCharsets.US_ASCII),
                hm.getBytes(StandardCharsets.US_ASCII));
        return authentic && clock.millis() < expiresAtSeconds * 1000;
    }

    private String mac(String path, String ex, String is) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HEX.formatHex(mac.doFinal((path + "?ex=" + ex + "&is=" + is).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
