package dev.dos.s3.http;

/** {@code x-amz-copy-source}: a URL-encoded {@code bucket/key}, with or without a leading {@code /}. */
record CopySource(String bucket, String key) {

    static CopySource parse(String header) throws S3RequestException {
        String raw = header.strip();
        int query = raw.indexOf('?'); // a literal '?' in a key arrives encoded as %3F
        if (query >= 0) {
            String versionId = raw.substring(query + 1);
            if (!versionId.equals("versionId=null")) {
                throw S3RequestException.notImplemented("Versioning (a copy source's versionId)");
            }
            raw = raw.substring(0, query);
        }
        String decoded = UriEncoding.decodePath(raw.startsWith("/") ? raw.substring(1) : raw);
        int slash = decoded.indexOf('/');
        if (slash <= 0 || slash == decoded.length() - 1) {
            throw new S3RequestException(ErrorCode.INVALID_ARGUMENT,
                    "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }
        return new CopySource(decoded.substring(0, slash), decoded.substring(slash + 1));
    }
}
