package dev.dos.s3.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** S3's ETags: the hex MD5 of a single put; {@code md5(concatenated part MD5s)-N} for a multipart upload. */
public final class Etags {
    private Etags() {
    }

    public static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    /** The multipart ETag of parts whose hex MD5s are {@code partMd5s}, in order. */
    public static String multipart(List<String> partMd5s) {
        MessageDigest md5 = md5();
        for (String part : partMd5s) {
            md5.update(HexFormat.of().parseHex(part));
        }
        return HexFormat.of().formatHex(md5.digest()) + "-" + partMd5s.size();
    }

    /** An ETag as a client may send it: quotes (and a weak prefix) removed. */
    public static String unquoted(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }
}
