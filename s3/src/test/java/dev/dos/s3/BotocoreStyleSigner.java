package dev.dos.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal SigV4 header signer, written for one test from AWS's description, for the one request
 * the SDK's signer cannot make: headers signed without a Content-Length, the payload line taken
 * from {@code x-amz-content-sha256} (as botocore signs a streaming upload over https). No query,
 * a path given already encoded. Everything else is signed by the SDK ({@link SdkSigner}).
 */
final class BotocoreStyleSigner {
    private BotocoreStyleSigner() {
    }

    /** {@code headers}: lower-case names, sorted, host included; answers them plus x-amz-date and Authorization. */
    static List<String[]> sign(String method, String encodedPath, SortedMap<String, String> headers,
                               S3Credentials credentials, String region) throws Exception {
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        headers.put("x-amz-date", amzDate);
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value.strip()).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonical = String.join("\n", method, encodedPath, "", canonicalHeaders.toString(), signedHeaders,
                headers.get("x-amz-content-sha256"));
        String scope = amzDate.substring(0, 8) + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + credentials.secretKey()).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        for (String part : new String[] {region, "s3", "aws4_request"}) {
            key = hmac(key, part);
        }
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            out.add(new String[] {h.getKey(), h.getValue()});
        }
        out.add(new String[] {"Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + HexFormat.of().formatHex(hmac(key, toSign))});
        return out;
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
