package dev.dos.s3.http;

/**
 * A SigV4 credential: {@code AKID/20240101/us-east-1/s3/aws4_request}. Any region is accepted;
 * the service must be {@code s3}.
 */
record CredentialScope(String accessKeyId, String date, String region, String service) {

    static CredentialScope parse(String credential, ErrorCode malformed) throws S3RequestException {
        String[] parts = credential == null ? new String[0] : credential.split("/", -1);
        if (parts.length != 5 || parts[0].isEmpty() || !parts[1].matches("\\d{8}") || parts[2].isEmpty()) {
            throw new S3RequestException(malformed, "The credential is malformed; expecting"
                    + " \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        if (!parts[3].equals("s3")) {
            throw new S3RequestException(malformed, "The credential is malformed; incorrect service \"" + parts[3]
                    + "\". This endpoint belongs to \"s3\".");
        }
        if (!parts[4].equals("aws4_request")) {
            throw new S3RequestException(malformed, "The credential is malformed; incorrect terminal \"" + parts[4]
                    + "\". This endpoint uses \"aws4_request\".");
        }
        return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
    }

    /** The scope as the string to sign names it: {@code 20240101/us-east-1/s3/aws4_request}. */
    String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }
}
