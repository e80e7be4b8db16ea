package dev.dos.s3.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SigV4's canonical request, as AWS defines it for S3: the path encoded once (never twice, never
 * normalized), every query parameter, the signed headers' trimmed values with inner runs of
 * spaces collapsed, and the payload line.
 */
record CanonicalRequest(String method, String uri, String query, String headers, String signedHeaders,
                        String payload) {
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    /** {@code headers}: the signed headers' names, lower-case and in the order signed, with their values. */
    static CanonicalRequest of(String method, String uri, String query, List<String> signedHeaders,
                               List<List<String>> values, String payload) {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < signedHeaders.size(); i++) {
            h.append(signedHeaders.get(i)).append(':');
            List<String> v = values.get(i);
            for (int j = 0; j < v.size(); j++) {
                h.append(j == 0 ? "" : ",").append(SPACES.matcher(v.get(j).strip()).replaceAll(" "));
            }
            h.append('\n');
        }
        return new CanonicalRequest(method, uri, query, h.toString(), String.join(";", signedHeaders), payload);
    }

    String text() {
        return String.join("\n", method, uri, query, headers, signedHeaders, payload);
    }

    /** The string to sign for this request at {@code amzDate} in {@code scope}. */
    String stringToSign(String amzDate, CredentialScope scope) {
        return AuthorizationHeader.ALGORITHM + "\n" + amzDate + "\n" + scope.scope() + "\n"
                + Sha256.hex(text().getBytes(StandardCharsets.UTF_8));
    }
}
