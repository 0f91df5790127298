//! OSS errors in plain words: the table the request log and the status line use.

use crate::wire::http::WireResponse;

/// One sentence per OSS error code, saying what happened in terms of the version stack.
pub fn explain_code(code: &str) -> &'static str {
    match code {
        "NoSuchKey" => "No object exists under this name (it was never written, or every version was permanently deleted).",
        "NoSuchVersion" => "No version with this id exists for the key: it was permanently deleted, or the id belongs to another key.",
        "NoSuchBucket" => "There is no bucket with this name.",
        "BucketAlreadyExists" => "A bucket with this name already exists: bucket names are unique.",
        "BucketNotEmpty" => "A bucket can only be deleted once every version, delete marker and multipart upload in it is gone.",
        "InvalidBucketName" => "Bucket names are 3 to 63 characters of lower-case letters, digits and hyphens, and start and end with a letter or digit.",
        "TooManyBuckets" => "The account already has the maximum number of buckets.",
        "FileAlreadyExists" => "x-oss-forbid-overwrite: true refused the write because an object with this name already exists.",
        "InvalidObjectState" => "The version is in an archive storage class: restore it (and wait for the restore to finish) before reading or copying it.",
        "RestoreAlreadyInProgress" => "A restore of this version is already running; wait for it to finish (or ask for a faster tier).",
        "ArchiveRestoreNotFinished" => "The restore is still running, so there is no restored copy to clean yet.",
        "ArchiveRestoreFileStale" => "There is no restored copy to clean: the version was never restored, the copy expired, or it was already cleaned.",
        "OperationNotSupported" => "Only Archive, Cold Archive and Deep Cold Archive objects can be restored; this one is readable as it is.",
        "MethodNotAllowed" => "This version is a delete marker: it has no content, so it cannot be read, copied or restored.",
        "InvalidArgument" => "A parameter or header has a value OSS does not accept (see Message for which one).",
        "InvalidDigest" => "The Content-MD5 header is missing or does not match the body.",
        "MalformedXML" => "The XML body is not what this operation expects.",
        "InvalidObjectName" => "Object names are 1 to 1023 bytes of UTF-8.",
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

/// The explanation of an error response, taking headers into account: a 404 NoSuchKey that
/// carries `x-oss-delete-marker: true` means the key is hidden, not gone; a 403 AccessDenied
/// from a RAM policy says which identity lacks what.
pub fn explain(code: &str, resp: &WireResponse) -> &'static str {
    if code == "NoSuchKey" && resp.header("x-oss-delete-marker") == Some("true") {
        return "The current version is a delete marker: the object looks deleted, but older versions still exist (read one with its versionId, or recover it).";
    }
    if code == "AccessDenied" {
        let body = String::from_utf8_lossy(&resp.body);
        if body.contains("ram:*") {
            return DENIED_ADMIN;
        }
        match error_fields(resp).map(|(_, _, ec)| ec).as_deref() {
            Some("0003-00000202") => return DENIED_BY_POLICY,
            Some("0003-00000201") => return DENIED_EXPLICITLY,
            _ => {}
        }
    }
    explain_code(code)
}

/// `Code` and `EC` of an error response: from the XML body, or for HEAD (no body) from the
/// base64 `x-oss-err` header OSS sends instead. A bare HEAD 404 has neither. osslab's own
/// JSON endpoints answer `{"error", "message", "ec"}`.
pub fn error_fields(resp: &WireResponse) -> Option<(String, String, String)> {
    if resp.status < 300 {
        return None;
    }
    if resp.body.first() == Some(&b'{') {
        let v: serde_json::Value = serde_json::from_slice(&resp.body).ok()?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        return Some((field("error"), field("message"), field("ec")));
    }
    let body = if resp.body.is_empty() {
        use base64::Engine as _;
        resp.header("x-oss-err")
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .unwrap_or_default()
    } else {
        resp.body.to_vec()
    };
    let text = String::from_utf8_lossy(&body);
    let code = element(&text, "Code")?;
    let message = element(&text, "Message").unwrap_or_default();
    let ec = element(&text, "EC")
        .or_else(|| resp.header("x-oss-ec").map(str::to_string))
        .unwrap_or_default();
    Some((code, message, ec))
}

/// Text of the first `<name>…</name>` (error documents are flat and small).
fn element(text: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&format!("</{name}>"))? + start;
    Some(
        quick_xml::escape::unescape(&text[start..end])
            .map_or_else(|_| text[start..end].to_string(), |s| s.into_owned()),
    )
}

/// Reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        412 => "Precondition Failed",
        416 => "Range Not Satisfiable",
        501 => "Not Implemented",
        _ => "",
    }
}
