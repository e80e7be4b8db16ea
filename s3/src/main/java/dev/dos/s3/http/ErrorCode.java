package dev.dos.s3.http;

/**
 * The protocol's own refusals (the store's are {@link dev.dos.s3.store.S3Error}), with S3's codes,
 * statuses and messages from Amazon S3's error-code list.
 */
enum ErrorCode {
    ACCESS_DENIED(403, "AccessDenied", "Access Denied"),
    SIGNATURE_DOES_NOT_MATCH(403, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
    INVALID_ACCESS_KEY_ID(403, "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records."),
    REQUEST_TIME_TOO_SKEWED(403, "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large."),
    AUTHORIZATION_HEADER_MALFORMED(400, "AuthorizationHeaderMalformed", "The authorization header is malformed."),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR(400, "AuthorizationQueryParametersError",
            "Error parsing the X-Amz-Credential parameter."),
    INVALID_REQUEST(400, "InvalidRequest", "Invalid Request"),
    INVALID_ARGUMENT(400, "InvalidArgument", "Invalid Argument"),
    INVALID_URI(400, "InvalidURI", "Couldn't parse the specified URI."),
    MALFORMED_XML(400, "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema."),
    INVALID_DIGEST(400, "InvalidDigest", "The Content-MD5 you specified is not valid."),
    BAD_DIGEST(400, "BadDigest", "The Content-MD5 you specified did not match what we received."),
    CONTENT_SHA256_MISMATCH(400, "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed."),
    INCOMPLETE_BODY(400, "IncompleteBody",
            "You did not provide the number of bytes specified by the Content-Length HTTP header."),
    MALFORMED_TRAILER(400, "MalformedTrailerError",
            "The request contained trailing data that was not well-formed or did not conform to our published schema."),
    MISSING_CONTENT_LENGTH(411, "MissingContentLength", "You must provide the Content-Length HTTP header."),
    ENTITY_TOO_LARGE(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size."),
    METADATA_TOO_LARGE(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size."),
    INVALID_RANGE(416, "InvalidRange", "The requested range is not satisfiable"),
    INVALID_PART_NUMBER(416, "InvalidPartNumber", "The requested partnumber is not satisfiable"),
    PRECONDITION_FAILED(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"),
    NOT_MODIFIED(304, "NotModified", "Not Modified"),
    NOT_IMPLEMENTED(501, "NotImplemented", "A header you provided implies functionality that is not implemented"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed", "The specified method is not allowed against this resource."),
    INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again.");

    final int status;
    final String code;
    final String message;

    ErrorCode(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }
}
