package dev.dos.s3.http;

import java.util.List;

/**
 * Which operation a request is, from its method, whether it names a bucket and a key, and its
 * sub-resource parameters, as S3's REST API lays them out. Sub-resources the gateway does not
 * serve are refused by name ({@code NotImplemented}), never mistaken for a plain GET or PUT.
 */
final class Router {
    /** Bucket sub-resources S3 has and this gateway does not serve. */
    private static final List<String> BUCKET_UNSUPPORTED = List.of("versions", "versioning", "acl", "policy",
            "policyStatus", "cors", "lifecycle", "tagging", "website", "logging", "notification", "encryption",
            "replication", "ownershipControls", "publicAccessBlock", "object-lock", "requestPayment", "accelerate",
            "analytics", "inventory", "metrics", "intelligent-tiering", "metadataTable", "session");
    /** Object sub-resources S3 has and this gateway does not serve. */
    private static final List<String> OBJECT_UNSUPPORTED = List.of("acl", "tagging", "attributes", "retention",
            "legal-hold", "torrent", "restore", "select", "renameObject");

    private Router() {
    }

    static Operation route(S3Exchange x) throws S3RequestException {
        if (x.bucket() == null) {
            if (x.method.equals("GET")) {
                return Operation.LIST_BUCKETS;
            }
            throw methodNotAllowed(x);
        }
        return x.key() == null ? bucket(x) : object(x);
    }

    private static Operation bucket(S3Exchange x) throws S3RequestException {
        QueryParams q = x.query;
        switch (x.method) {
            case "GET" -> {
                if (q.has("location")) {
                    return Operation.GET_BUCKET_LOCATION;
                }
                if (q.has("uploads")) {
                    return Operation.LIST_MULTIPART_UPLOADS;
                }
                if (q.has("versioning")) {
                    return Operation.GET_BUCKET_VERSIONING;
                }
                if (q.has("acl")) {
                    return Operation.GET_BUCKET_ACL;
                }
                refuseUnsupported(q, BUCKET_UNSUPPORTED, "bucket");
                return "2".equals(q.get("list-type")) ? Operation.LIST_OBJECTS_V2 : Operation.LIST_OBJECTS;
            }
            case "HEAD" -> {
                return Operation.HEAD_BUCKET;
            }
            case "PUT" -> {
                refuseUnsupported(q, BUCKET_UNSUPPORTED, "bucket");
                return Operation.CREATE_BUCKET;
            }
            case "DELETE" -> {
                refuseUnsupported(q, BUCKET_UNSUPPORTED, "bucket");
                return Operation.DELETE_BUCKET;
            }
            case "POST" -> {
                if (q.has("delete")) {
                    return Operation.DELETE_OBJECTS;
                }
                throw S3RequestException.notImplemented("POST on a bucket other than ?delete (browser-form uploads)");
            }
            default -> throw methodNotAllowed(x);
        }
    }

    private static Operation object(S3Exchange x) throws S3RequestException {
        QueryParams q = x.query;
        String versionId = q.get("versionId");
        if (versionId != null && !versionId.equals("null")) {
            throw S3RequestException.notImplemented("Versioning (versionId)");
        }
        switch (x.method) {
            case "GET" -> {
                if (q.has("uploadId")) {
                    return Operation.LIST_PARTS;
                }
                if (q.has("acl")) {
                    return Operation.GET_OBJECT_ACL;
                }
                refuseUnsupported(q, OBJECT_UNSUPPORTED, "object");
                return Operation.GET_OBJECT;
            }
            case "HEAD" -> {
                return Operation.HEAD_OBJECT;
            }
            case "PUT" -> {
                refuseUnsupported(q, OBJECT_UNSUPPORTED, "object");
                boolean copy = x.header("x-amz-copy-source") != null;
                if (q.has("partNumber") && q.has("uploadId")) {
                    return copy ? Operation.UPLOAD_PART_COPY : Operation.UPLOAD_PART;
                }
                return copy ? Operation.COPY_OBJECT : Operation.PUT_OBJECT;
            }
            case "POST" -> {
                if (q.has("uploads")) {
                    return Operation.CREATE_MULTIPART_UPLOAD;
                }
                if (q.has("uploadId")) {
                    return Operation.COMPLETE_MULTIPART_UPLOAD;
                }
                refuseUnsupported(q, OBJECT_UNSUPPORTED, "object");
                throw methodNotAllowed(x);
            }
            case "DELETE" -> {
                if (q.has("uploadId")) {
                    return Operation.ABORT_MULTIPART_UPLOAD;
                }
                refuseUnsupported(q, OBJECT_UNSUPPORTED, "object");
                return Operation.DELETE_OBJECT;
            }
            default -> throw methodNotAllowed(x);
        }
    }

    private static void refuseUnsupported(QueryParams q, List<String> unsupported, String what)
            throws S3RequestException {
        for (String name : unsupported) {
            if (q.has(name)) {
                throw S3RequestException.notImplemented("The " + what + " sub-resource ?" + name);
            }
        }
    }

    private static S3RequestException methodNotAllowed(S3Exchange x) {
        return new S3RequestException(ErrorCode.METHOD_NOT_ALLOWED, "The specified method " + x.method
                + " is not allowed against this resource.");
    }
}
