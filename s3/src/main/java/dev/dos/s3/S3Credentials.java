package dev.dos.s3;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The one key pair the gateway accepts, and the region it answers for (any region in a client's
 * credential scope is accepted; this one is what GetBucketLocation and HeadBucket report).
 *
 * @param accessKeyId the key id clients put in their credential scope
 * @param secretKey   the secret they sign with; never printed by {@link #toString()}
 * @param region      e.g. {@code us-east-1}
 */
public record S3Credentials(String accessKeyId, String secretKey, String region) {
    public static final String DEFAULT_REGION = "us-east-1";
    private static final String KEY_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    public S3Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(region, "region");
        if (accessKeyId.isBlank() || accessKeyId.contains("/") || accessKeyId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an access key id is a non-empty word without '/'");
        }
        if (secretKey.isEmpty()) {
            throw new IllegalArgumentException("the secret key must not be empty");
        }
        if (!region.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a region is lower-case letters, digits and '-': " + region);
        }
    }

    /** Fresh random credentials, shaped like AWS's: a 20-character key id and a 40-character secret. */
    public static S3Credentials generate(String region) {
        return new S3Credentials(random(KEY_ID_CHARS, 20), random(SECRET_CHARS, 40), region);
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretKey=(hidden), region=" + region + "]";
    }
}
