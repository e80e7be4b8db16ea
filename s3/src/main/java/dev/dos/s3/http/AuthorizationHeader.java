package dev.dos.s3.http;

import java.util.List;

/** {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=a;b, Signature=hex}, parsed. */
record AuthorizationHeader(CredentialScope credential, List<String> signedHeaders, String signature) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    static AuthorizationHeader parse(String header) throws S3RequestException {
        if (header.startsWith("AWS ")) {
            throw new S3RequestException(ErrorCode.INVALID_REQUEST,
                    "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }
        if (!header.startsWith(ALGORITHM + " ")) {
            throw new S3RequestException(ErrorCode.AUTHORIZATION_HEADER_MALFORMED, "The authorization header is"
                    + " malformed; the authorization header requires AWS4-HMAC-SHA256.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String field : header.substring(ALGORITHM.length() + 1).split(",")) {
            String f = field.strip();
            int eq = f.indexOf('=');
            String name = eq < 0 ? f : f.substring(0, eq);
            String value = eq < 0 ? "" : f.substring(eq + 1);
            switch (name) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                }
            }
        }
        if (credential == null || signedHeaders == null || signature == null || signedHeaders.isEmpty()) {
            throw new S3RequestException(ErrorCode.AUTHORIZATION_HEADER_MALFORMED, "The authorization header is"
                    + " malformed; it needs Credential, SignedHeaders and Signature.");
        }
        return new AuthorizationHeader(CredentialScope.parse(credential, ErrorCode.AUTHORIZATION_HEADER_MALFORMED),
                List.of(signedHeaders.split(";")), signature);
    }
}
