package dev.dos.s3.store;

/** The S3 error codes the store raises, with their HTTP status (Amazon S3's error-code list). */
public enum S3Error {
    NO_SUCH_BUCKET(404, "NoSuchBucket", "The specified bucket does not exist"),
    NO_SUCH_KEY(404, "NoSuchKey", "The specified key does not exist."),
    NO_SUCH_UPLOAD(404, "NoSuchUpload", "The specified multipart upload does not exist."),
    BUCKET_NOT_EMPTY(409, "BucketNotEmpty", "The bucket you tried to delete is not empty"),
    BUCKET_ALREADY_OWNED_BY_YOU(409, "BucketAlreadyOwnedByYou",
            "Your previous request to create the named bucket succeeded and you already own it."),
    INVALID_BUCKET_NAME(400, "InvalidBucketName", "The specified bucket is not valid."),
    KEY_TOO_LONG(400, "KeyTooLongError", "Your key is too long"),
    INVALID_PART(400, "InvalidPart", "One or more of the specified parts could not be found."),
    INVALID_PART_ORDER(400, "InvalidPartOrder", "The list of parts was not in ascending order."),
    ENTITY_TOO_SMALL(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size."),
    INVALID_ARGUMENT(400, "InvalidArgument", "Invalid Argument");

    private final int status;
    private final String code;
    private final String message;

    S3Error(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    /** The {@code <Code>} of S3's XML error body. */
    public String code() {
        return code;
    }

    public String defaultMessage() {
        return message;
    }
}
