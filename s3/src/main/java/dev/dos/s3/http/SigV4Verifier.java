package dev.dos.s3.http;

import dev.dos.s3.S3Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies AWS Signature Version 4, in the {@code Authorization} header or in a presigned URL's
 * query, by recomputing it: any region in the scope, service {@code s3}, 15 minutes of clock
 * skew for header signatures, {@code X-Amz-Expires} for presigned ones. Every {@code x-amz-*}
 * header a request carries must be signed (S3's rule: an unsigned {@code x-amz-copy-source}
 * would turn a presigned PUT into a copy of something else).
 */
final class SigV4Verifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final long MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
    private static final Set<String> SIGNATURE_PARAM = Set.of("X-Amz-Signature");

    private final S3Credentials credentials;
    private final Clock clock;

    SigV4Verifier(S3Credentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    Authentication verify(S3Exchange x) throws S3RequestException {
        String authorization = x.header("Authorization");
        boolean presigned = x.query.has("X-Amz-Signature") || x.query.has("X-Amz-Credential")
                || x.query.has("X-Amz-Algorithm");
        if (authorization != null && presigned) {
            throw new S3RequestException(ErrorCode.INVALID_ARGUMENT, "Only one auth mechanism allowed; only the"
                    + " X-Amz-Algorithm query parameter or the Authorization header should be specified");
        }
        if (authorization != null) {
            return header(x, AuthorizationHeader.parse(authorization));
        }
        if (presigned) {
            return presigned(x);
        }
        if (x.query.has("Signature") && x.query.has("AWSAccessKeyId")) {
            throw new S3RequestException(ErrorCode.INVALID_REQUEST,
                    "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }
        throw new S3RequestException(ErrorCode.ACCESS_DENIED,
                "Access Denied: anonymous requests are refused; sign them with AWS Signature Version 4");
    }

    private Authentication header(S3Exchange x, AuthorizationHeader auth) throws S3RequestException {
        CredentialScope scope = auth.credential();
        requireKnownKey(scope);
        String amzDate = x.header("x-amz-date");
        Instant date = HttpDates.parseAmz(amzDate);
        if (amzDate == null) {
            date = HttpDates.parseHttp(x.header("Date"));
            amzDate = date == null ? null : HttpDates.amz(date);
        }
        if (date == null) {
            throw new S3RequestException(ErrorCode.ACCESS_DENIED,
                    "AWS authentication requires a valid Date or x-amz-date header");
        }
        if (!amzDate.startsWith(scope.date())) {
            throw new S3RequestException(ErrorCode.AUTHORIZATION_HEADER_MALFORMED, "The authorization header is"
                    + " malformed; Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        Instant now = clock.instant();
        if (Duration.between(date, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new S3RequestException(ErrorCode.REQUEST_TIME_TOO_SKEWED)
                    .detail("RequestTime", amzDate).detail("ServerTime", HttpDates.amz(now))
                    .detail("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
        }
        List<String> signed = signedHeaders(x, auth.signedHeaders());
        String contentSha256 = x.header("x-amz-content-sha256");
        if (contentSha256 == null) {
            throw new S3RequestException(ErrorCode.INVALID_REQUEST,
                    "Missing required header for this request: x-amz-content-sha256");
        }
        PayloadMode mode = PayloadMode.of(contentSha256);
        SigningKey key = SigningKey.derive(credentials.secretKey(), scope);
        check(x, key, scope, amzDate, signed, Set.of(), List.of(contentSha256), auth.signature());
        return new Authentication(scope.accessKeyId(), mode, mode == PayloadMode.SHA256 ? contentSha256 : null, key,
                amzDate, scope, auth.signature());
    }

    private Authentication presigned(S3Exchange x) throws S3RequestException {
        ErrorCode malformed = ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR;
        if (!AuthorizationHeader.ALGORITHM.equals(x.query.get("X-Amz-Algorithm"))) {
            throw new S3RequestException(malformed, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        for (String required : List.of("X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
                "X-Amz-Signature")) {
            if (x.query.get(required) == null) {
                throw new S3RequestException(malformed, "Query-string authentication version 4 requires the"
                        + " X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders,"
                        + " and X-Amz-Expires parameters.");
            }
        }
        CredentialScope scope = CredentialScope.parse(x.query.get("X-Amz-Credential"), malformed);
        requireKnownKey(scope);
        String amzDate = x.query.get("X-Amz-Date");
        Instant date = HttpDates.parseAmz(amzDate);
        if (date == null || !amzDate.startsWith(scope.date())) {
            throw new S3RequestException(malformed, "X-Amz-Date must be in the ISO8601 Long Format"
                    + " \"yyyyMMdd'T'HHmmss'Z'\" and on the credential's date");
        }
        long expires;
        try {
            expires = Long.parseLong(x.query.get("X-Amz-Expires"));
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (expires < 1 || expires > MAX_PRESIGNED_SECONDS) {
            throw new S3RequestException(malformed,
                    "X-Amz-Expires must be between 1 and 604800 seconds (one week)");
        }
        Instant now = clock.instant();
        if (date.minus(MAX_SKEW).isAfter(now)) {
            throw new S3RequestException(ErrorCode.ACCESS_DENIED, "Request is not valid yet");
        }
        if (now.isAfter(date.plusSeconds(expires))) {
            throw new S3RequestException(ErrorCode.ACCESS_DENIED, "Request has expired")
                    .detail("X-Amz-Expires", Long.toString(expires))
                    .detail("Expires", HttpDates.xml(date.plusSeconds(expires)))
                    .detail("ServerTime", HttpDates.xml(now));
        }
        List<String> signed = signedHeaders(x, List.of(x.query.get("X-Amz-SignedHeaders").split(";")));
        // A presigned URL leaves the body unsigned unless it signed x-amz-content-sha256 as a header
        // (a hash, or an aws-chunked mode); signers then put UNSIGNED-PAYLOAD or that value on the
        // payload line, and either is covered, the header being signed.
        String contentSha256 = signed.contains("x-amz-content-sha256") ? x.header("x-amz-content-sha256") : null;
        PayloadMode mode = contentSha256 == null ? PayloadMode.UNSIGNED : PayloadMode.of(contentSha256);
        List<String> payloads = contentSha256 == null ? List.of(PayloadMode.UNSIGNED.token)
                : List.of(PayloadMode.UNSIGNED.token, contentSha256);
        SigningKey key = SigningKey.derive(credentials.secretKey(), scope);
        String signature = x.query.get("X-Amz-Signature");
        check(x, key, scope, amzDate, signed, SIGNATURE_PARAM, payloads, signature);
        return new Authentication(scope.accessKeyId(), mode, mode == PayloadMode.SHA256 ? contentSha256 : null, key,
                amzDate, scope, signature);
    }

    private void requireKnownKey(CredentialScope scope) throws S3RequestException {
        if (!scope.accessKeyId().equals(credentials.accessKeyId())) {
            throw new S3RequestException(ErrorCode.INVALID_ACCESS_KEY_ID)
                    .detail("AWSAccessKeyId", scope.accessKeyId());
        }
    }

    /** The signed header names, lower-cased; refuses a list without host, or x-amz-* headers left unsigned. */
    private static List<String> signedHeaders(S3Exchange x, List<String> names) throws S3RequestException {
        List<String> signed = new ArrayList<>();
        for (String name : names) {
            signed.add(name.strip().toLowerCase(Locale.ROOT));
        }
        if (!signed.contains("host")) {
            throw new S3RequestException(ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
                    "The host header must be signed (SignedHeaders lacks \"host\")");
        }
        Set<String> unsigned = new LinkedHashSet<>();
        for (String name : x.headerNames()) {
            if (name.startsWith("x-amz-") && !signed.contains(name)) {
                unsigned.add(name);
            }
        }
        if (!unsigned.isEmpty()) {
            throw new S3RequestException(ErrorCode.ACCESS_DENIED,
                    "There were headers present in the request which were not signed")
                    .detail("HeadersNotSigned", String.join(", ", unsigned));
        }
        return signed;
    }

    /**
     * Recomputes the signature over the path as S3 canonicalizes it (decoded once, re-encoded
     * strictly) and, when the client encoded it differently, over the path exactly as sent; with
     * each of the payload lines the request may have been signed with.
     */
    private void check(S3Exchange x, SigningKey key, CredentialScope scope, String amzDate, List<String> signed,
                       Set<String> excludedParams, List<String> payloads, String provided) throws S3RequestException {
        List<List<String>> values = new ArrayList<>();
        for (String name : signed) {
            values.add(x.headers(name));
        }
        String query = x.query.canonical(excludedParams);
        Set<String> uris = new LinkedHashSet<>();
        uris.add(canonicalUri(x.path));
        uris.add(x.rawPath().isEmpty() ? "/" : x.rawPath());
        CanonicalRequest first = null;
        for (String payload : payloads) {
            for (String uri : uris) {
                CanonicalRequest request = CanonicalRequest.of(x.method, uri, query, signed, values, payload);
                String stringToSign = request.stringToSign(amzDate, scope);
                if (MessageDigest.isEqual(key.sign(stringToSign).getBytes(StandardCharsets.US_ASCII),
                        provided.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                    return;
                }
                first = first == null ? request : first;
            }
        }
        throw new S3RequestException(ErrorCode.SIGNATURE_DOES_NOT_MATCH)
                .detail("AWSAccessKeyId", scope.accessKeyId())
                .detail("StringToSign", first.stringToSign(amzDate, scope))
                .detail("SignatureProvided", provided)
                .detail("CanonicalRequest", first.text());
    }

    /** S3's canonical URI: {@code /bucket/key} with each byte but the unreserved ones and {@code /} escaped once. */
    static String canonicalUri(RequestPath path) {
        if (path.bucket() == null) {
            return "/";
        }
        String uri = "/" + UriEncoding.encode(path.bucket(), false);
        if (path.key() != null) {
            uri += "/" + UriEncoding.encode(path.key(), true);
        }
        return uri;
    }
}
