//! OSS errors in plain words, chosen by the operation AND the error: the same code means
//! different things for different operations (a 405 MethodNotAllowed is a delete marker only
//! when OSS says so with `x-oss-delete-marker`; a MalformedXML to PutBucket says the body was
//! not a bucket configuration). The request log, the status line and the console use it.

use super::response::error_fields;
use crate::wire::http::WireResponse;

/// One sentence per OSS error code, true whatever the operation was.
fn any_operation(code: &str) -> &'static str {
    match code {
        "NoSuchKey" => "No object exists under this name (it was never written, or every version was permanently deleted).",
        "NoSuchVersion" => "No version with this id exists for the key: it was permanently deleted, or the id belongs to another key.",
        "NoSuchBucket" => "There is no bucket with this name.",
        "BucketAlreadyExists" => "A bucket with this name already exists: bucket names are unique.",
        "BucketNotEmpty" => "A bucket can only be deleted once every version, delete marker and multipart upload in it is gone.",
        "InvalidBucketName" => "Bucket names are 3 to 63 characters of lower-case letters, digits and hyphens, and start and end with a letter or digit.",
        "TooManyBuckets" => "The account already has the maximum number of buckets.",
        "RestoreAlreadyInProgress" => "A restore of this version is already running; wait for it to finish (or ask for a faster tier).",
        "ArchiveRestoreNotFinished" => "The restore is still running, so there is no restored copy to clean yet.",
        "ArchiveRestoreFileStale" => "There is no restored copy to clean: the version was never restored, the copy expired, or it was already cleaned.",
        "InvalidArgument" => "A parameter or header has a value OSS does not accept (see Message for which one).",
        "InvalidDigest" => "The Content-MD5 header is missing or does not match the body.",
        "InvalidObjectName" => "Object names are 1 to 1023 bytes of UTF-8 and may not start with / or \\.",
        "KeyTooLong" => "Object names are at most 1023 bytes long.",
        "PreconditionFailed" => "An If-Match / If-Unmodified-Since condition did not hold.",
        "NotModified" => "The object did not change since the If-None-Match / If-Modified-Since condition.",
        "InvalidRange" => "The requested byte range lies outside the object.",
        "NoSuchUpload" => "The multipart upload does not exist: it was completed, aborted, or never started.",
        "InvalidPart" | "InvalidPartOrder" => "The part list of CompleteMultipartUpload does not match the uploaded parts.",
        "EntityTooSmall" => "Every part but the last must be at least 100 KB.",
        "EntityTooLarge" => "The body is larger than OSS allows for this operation.",
        "NoSuchLifecycle" => "The bucket has no lifecycle rules.",
        "NotImplemented" => "osslab does not emulate this OSS feature.",
        "SignatureDoesNotMatch" => "The signature does not match the request: check the AccessKey secret and what was signed.",
        "AccessDenied" => "The request is not allowed with these credentials.",
        "NoSuchReplicationConfiguration" => "The bucket has no data replication rule.",
        "NoSuchReplicationRule" => "The bucket has replication rules, but none with this rule ID.",
        "IdentityAlreadyExists" => "An identity with this AccessKeyId already exists: pick another name or remove the old one.",
        "NoSuchIdentity" => "There is no identity with this AccessKeyId (it was removed).",
        "NoSuchSnapshot" => "The bucket has no backup snapshot with this id: retention may have dropped it.",
        _ => "See the Message and the EC (error code) for details.",
    }
}

/// A RAM policy refused the request (OSS's EC for "denied by policy", or osslab's own
/// endpoints refusing an identity).
const DENIED_BY_POLICY: &str = "The identity that signed this request (its AccessKeyId) has no policy allowing this action (AuthAction): a read-only identity (AliyunOSSReadOnlyAccess) may only read and list, so uploads, overwrites, deletes and settings are refused, and nothing changed. Act as the account owner, or as an identity with full access.";
const DENIED_EXPLICITLY: &str = "A Deny statement in the signing identity's policy matches this action, and an explicit Deny always wins over any Allow: nothing changed.";
const DENIED_ADMIN: &str = "Only the account owner may create or remove identities and change backups: an identity's OSS policies grant no RAM or Cloud Backup rights. Act as the account owner.";

/// Operations that read an object's data: the ones a frozen archive object refuses.
const READS_DATA: [&str; 3] = ["GetObject", "CopyObject", "UploadPartCopy"];

/// The explanation of error `code` answered to operation `op` (the OSS API name the request
/// log shows, `?` when the request did not route), taking the response's headers into
/// account.
pub fn explain(op: &str, code: &str, resp: &WireResponse) -> String {
    let marker = resp.header("x-oss-delete-marker") == Some("true");
    let text: &str = match (code, op) {
        ("NoSuchKey", _) if marker => "The current version is a delete marker: the object looks deleted, but older versions still exist (read one with its versionId, or recover it).",
        ("MethodNotAllowed", _) if marker => "This version is a delete marker: it has no content, so it cannot be read, copied or restored.",
        ("MethodNotAllowed", "?" | "ListBuckets") => "OSS does not accept this method here. With an empty bucket name the request goes to the service itself (/), where only GET (ListBuckets) exists.",
        ("MethodNotAllowed", _) => "OSS does not accept this method on this bucket or object (see Message).",
        ("MalformedXML", "PutBucket") => "The request is PutBucket (create a bucket), whose body must be a CreateBucketConfiguration. A PUT to /bucket/ with no object name is PutBucket, not an upload: give the object a name.",
        ("MalformedXML", _) => "The XML body is not what this operation expects.",
        ("FileAlreadyExists", "CopyObject") => "x-oss-forbid-overwrite: true refused the copy because the destination object already exists.",
        ("FileAlreadyExists", "InitiateMultipartUpload" | "CompleteMultipartUpload") => "x-oss-forbid-overwrite: true refused the multipart upload because an object with this name already exists.",
        ("FileAlreadyExists", _) => "x-oss-forbid-overwrite: true refused the write because an object with this name already exists.",
        ("InvalidObjectState", op) if READS_DATA.contains(&op) => "The version is in an archive storage class: restore it (and wait for the restore to finish) before reading or copying it.",
        ("InvalidObjectState", _) => "The object's storage class or state does not allow this operation (see Message).",
        ("OperationNotSupported", "RestoreObject") => "Only Archive, Cold Archive and Deep Cold Archive objects can be restored; this one is readable as it is.",
        ("OperationNotSupported", "CleanRestoredObject") => "Only restored Archive, Cold Archive and Deep Cold Archive objects have a restored copy to clean.",
        ("OperationNotSupported", _) => "OSS does not support this operation on this object (see Message).",
        ("AccessDenied", _) => {
            if String::from_utf8_lossy(&resp.body).contains("ram:*") {
                DENIED_ADMIN
            } else {
                match error_fields(resp).map(|e| e.ec).as_deref() {
                    Some("0003-00000202") => DENIED_BY_POLICY,
                    Some("0003-00000201") => DENIED_EXPLICITLY,
                    _ => any_operation(code),
                }
            }
        }
        _ => any_operation(code),
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)]) -> WireResponse {
        WireResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string().into(), v.to_string().into()))
                .collect(),
            body: Vec::new().into(),
        }
    }

    #[test]
    fn a_405_is_a_delete_marker_only_when_oss_says_so() {
        let root = explain("?", "MethodNotAllowed", &resp(405, &[]));
        assert!(!root.contains("delete marker"), "{root}");
        assert!(root.contains("empty bucket name"));
        let marker = explain(
            "GetObject",
            "MethodNotAllowed",
            &resp(405, &[("x-oss-delete-marker", "true")]),
        );
        assert!(marker.contains("delete marker"));
        let other = explain("PutObject", "MethodNotAllowed", &resp(405, &[]));
        assert!(!other.contains("delete marker"));
    }

    #[test]
    fn the_same_code_reads_differently_per_operation() {
        let put_bucket = explain("PutBucket", "MalformedXML", &resp(400, &[]));
        assert!(put_bucket.contains("no object name"));
        let delete = explain("DeleteMultipleObjects", "MalformedXML", &resp(400, &[]));
        assert!(!delete.contains("object name"));
        assert!(explain("CopyObject", "FileAlreadyExists", &resp(409, &[])).contains("copy"));
        assert!(explain("GetObject", "InvalidObjectState", &resp(403, &[])).contains("restore it"));
        assert!(
            !explain("PutObjectTagging", "InvalidObjectState", &resp(403, &[]))
                .contains("restore it")
        );
        assert!(explain(
            "GetObject",
            "NoSuchKey",
            &resp(404, &[("x-oss-delete-marker", "true")])
        )
        .contains("delete marker"));
    }
}
