//! Bad-input catalogue: malformed or hostile requests straight into `Wire::handle`.
//!
//! Every row names a request and the exact OSS error it must produce (status, Code, EC).
//! Each row runs against a freshly seeded lab, and the observable state (bucket list,
//! ListObjectVersions, ListMultipartUploads, versioning and lifecycle of every bucket) must be
//! byte-identical before and after: a rejected request changes nothing.
//!
//! Where the public references do not show the exact code or EC, the row follows
//! `src/engine/error.rs` (which marks such values INFERRED) and docs/fidelity.md.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use common::{error_doc, form_body, form_post, req, Lab, Req, Seed};

struct Case {
    name: &'static str,
    request: Req,
    status: u16,
    code: &'static str,
    ec: &'static str,
}

fn case(
    name: &'static str,
    request: Req,
    status: u16,
    code: &'static str,
    ec: &'static str,
) -> Case {
    Case {
        name,
        request,
        status,
        code,
        ec,
    }
}

const MALFORMED: (u16, &str, &str) = (400, "MalformedXML", "0016-00000608");
const ARG: u16 = 400;
const INVALID_ARGUMENT: &str = "InvalidArgument";
const BAD_VERSION: (u16, &str, &str) = (400, "InvalidArgument", "0012-00000202");
/// The empty string has its own message and EC (0012-00000201).
const EMPTY_VERSION: (u16, &str, &str) = (400, "InvalidArgument", "0012-00000201");
const NOT_IMPLEMENTED: (u16, &str, &str) = (501, "NotImplemented", "0003-00000501");
const METHOD: (u16, &str, &str) = (405, "MethodNotAllowed", "0003-00000001");

fn malformed(name: &'static str, r: Req) -> Case {
    case(name, r, MALFORMED.0, MALFORMED.1, MALFORMED.2)
}

/// CompleteMultipartUpload's malformed body has its own EC (0042-00000205, Go SDK v2 capture).
fn malformed_complete(name: &'static str, r: Req) -> Case {
    case(name, r, MALFORMED.0, MALFORMED.1, "0042-00000205")
}

fn arg(name: &'static str, r: Req, ec: &'static str) -> Case {
    case(name, r, ARG, INVALID_ARGUMENT, ec)
}

fn versioning(body: &str) -> Req {
    req("PUT", "/bkt")
        .q("versioning", "")
        .body(body.to_string())
}

fn lifecycle(rule_body: &str) -> Req {
    req("PUT", "/bkt").q("lifecycle", "").body(format!(
        "<LifecycleConfiguration><Rule><ID>r</ID><Prefix>p/</Prefix><Status>Enabled</Status>{rule_body}</Rule></LifecycleConfiguration>"
    ))
}

fn delete_multi(body: impl Into<Vec<u8>>) -> Req {
    req("POST", "/bkt")
        .q("delete", "")
        .q("encoding-type", "url")
        .body(body)
        .md5()
}

fn complete(s: &Seed, body: &str) -> Req {
    req("POST", "/bkt/mp.bin")
        .q("uploadId", &s.upload_id)
        .body(body.to_string())
}

fn restore(key: &str, body: &str) -> Req {
    req("POST", &format!("/bkt/{key}"))
        .q("restore", "")
        .body(body.to_string())
}

fn upload_part(s: &Seed, n: &str) -> Req {
    req("PUT", "/bkt/mp.bin")
        .q("partNumber", n)
        .q("uploadId", &s.upload_id)
        .body("p")
}

fn copy(dst: &str, source: &str) -> Req {
    req("PUT", dst).h("x-oss-copy-source", source)
}

fn list_with(op: &str, name: &str, value: &str) -> Req {
    let r = req("GET", "/bkt");
    let r = match op {
        "v1" => r,
        "v2" => r.q("list-type", "2"),
        other => r.q(other, ""),
    };
    r.q(name, value)
}

/// PostObject to `bkt` with key `posted` plus `fields`, and `file`.
fn post_form(fields: &[(&str, &str)], file: &[u8]) -> Req {
    let mut all = vec![("key", "posted")];
    all.extend_from_slice(fields);
    form_post("bkt", form_body(&all, Some(("f.txt", file))))
}

fn policy(json: &str) -> String {
    B64.encode(json)
}

/// AppendObject on `bkt/<key>` at `position`, one byte.
fn append(key: &str, position: &str) -> Req {
    req("POST", &format!("/bkt/{key}"))
        .q("append", "")
        .q("position", position)
        .body("x")
}

fn tag_set(tags: &[(String, String)]) -> String {
    let inner: String = tags
        .iter()
        .map(|(k, v)| format!("<Tag><Key>{k}</Key><Value>{v}</Value></Tag>"))
        .collect();
    format!("<Tagging><TagSet>{inner}</TagSet></Tagging>")
}

fn cases(s: &Seed) -> Vec<Case> {
    let long_key = format!("/bkt/{}", "k".repeat(1024));
    let long_marker = "m".repeat(1024);
    let many_objects = format!(
        "<Delete><Quiet>true</Quiet>{}</Delete>",
        "<Object><Key>a.txt</Key></Object>".repeat(1001)
    );
    let two_parts = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{0}</ETag></Part>\
         <Part><PartNumber>1</PartNumber><ETag>{0}</ETag></Part></CompleteMultipartUpload>",
        s.part_etag
    );
    let one_part = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{}</ETag></Part></CompleteMultipartUpload>",
        s.part_etag
    );
    let unknown_version = "CAEQARiBgID4lsv.yBgiIDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw";
    vec![
        // ---- PutBucketVersioning bodies --------------------------------------------------
        malformed("versioning: unclosed root", versioning("<VersioningConfiguration><Status>Enabled</Status>")),
        malformed("versioning: empty body", versioning("")),
        malformed("versioning: Status Disabled", versioning("<VersioningConfiguration><Status>Disabled</Status></VersioningConfiguration>")),
        malformed("versioning: Status lower-case", versioning("<VersioningConfiguration><Status>enabled</Status></VersioningConfiguration>")),
        malformed("versioning: no Status", versioning("<VersioningConfiguration/>")),
        malformed("versioning: wrong root", versioning("<Versioning><Status>Enabled</Status></Versioning>")),
        malformed("versioning: DOCTYPE entity", versioning("<!DOCTYPE x [<!ENTITY e \"Enabled\">]><VersioningConfiguration><Status>&e;</Status></VersioningConfiguration>")),
        malformed("versioning: two roots", versioning("<VersioningConfiguration/><VersioningConfiguration/>")),
        malformed("versioning: invalid UTF-8", req("PUT", "/bkt").q("versioning", "").body(b"<VersioningConfiguration><Status>\xff</Status></VersioningConfiguration>".to_vec())),
        // ---- PutBucketLifecycle bodies ---------------------------------------------------
        malformed("lifecycle: broken XML", req("PUT", "/bkt").q("lifecycle", "").body("<LifecycleConfiguration><Rule>")),
        malformed("lifecycle: no rules", req("PUT", "/bkt").q("lifecycle", "").body("<LifecycleConfiguration/>")),
        malformed("lifecycle: Days not a number", lifecycle("<Expiration><Days>ten</Days></Expiration>")),
        malformed("lifecycle: Status On", req("PUT", "/bkt").q("lifecycle", "").body("<LifecycleConfiguration><Rule><ID>r</ID><Prefix/><Status>On</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>")),
        malformed("lifecycle: unknown transition class", lifecycle("<Transition><Days>1</Days><StorageClass>Glacier</StorageClass></Transition>")),
        malformed("lifecycle: ExpiredObjectDeleteMarker with Days", lifecycle("<Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>")),
        malformed("lifecycle: CreatedBeforeDate not a date", lifecycle("<Expiration><CreatedBeforeDate>yesterday</CreatedBeforeDate></Expiration>")),
        malformed("lifecycle: Days and CreatedBeforeDate", lifecycle("<Expiration><Days>1</Days><CreatedBeforeDate>2024-01-01T00:00:00.000Z</CreatedBeforeDate></Expiration>")),
        arg("lifecycle: Days 0", lifecycle("<Expiration><Days>0</Days></Expiration>"), "0034-00000002"),
        arg("lifecycle: Days negative", lifecycle("<Expiration><Days>-3</Days></Expiration>"), "0034-00000002"),
        arg("lifecycle: NoncurrentDays 0", lifecycle("<NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays></NoncurrentVersionExpiration>"), "0034-00000002"),
        arg("lifecycle: rule without action", lifecycle(""), "0034-00000002"),
        arg("lifecycle: transition to Standard", lifecycle("<Transition><Days>1</Days><StorageClass>Standard</StorageClass></Transition>"), "0034-00000002"),
        arg("lifecycle: CreatedBeforeDate not midnight", lifecycle("<Expiration><CreatedBeforeDate>2024-01-01T12:00:00.000Z</CreatedBeforeDate></Expiration>"), "0034-00000002"),
        arg("lifecycle: transition after expiration", lifecycle("<Expiration><Days>5</Days></Expiration><Transition><Days>9</Days><StorageClass>IA</StorageClass></Transition>"), "0034-00000002"),
        arg("lifecycle: duplicate rule ids", req("PUT", "/bkt").q("lifecycle", "").body("<LifecycleConfiguration><Rule><ID>r</ID><Prefix>a</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule><Rule><ID>r</ID><Prefix>b</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>"), "0034-00000002"),
        // ---- DeleteMultipleObjects ---------------------------------------------------------
        malformed("delete: broken XML", delete_multi("<Delete><Object><Key>a.txt</Key></Object>")),
        malformed("delete: no objects", delete_multi("<Delete><Quiet>false</Quiet></Delete>")),
        malformed("delete: 1001 objects", delete_multi(many_objects)),
        malformed("delete: Object without Key", delete_multi("<Delete><Object><VersionId>null</VersionId></Object></Delete>")),
        malformed("delete: Quiet not a boolean", delete_multi("<Delete><Quiet>maybe</Quiet><Object><Key>a.txt</Key></Object></Delete>")),
        malformed("delete: wrong root", delete_multi("<Deletes><Object><Key>a.txt</Key></Object></Deletes>")),
        case("delete: no Content-MD5", req("POST", "/bkt").q("delete", "").body("<Delete><Object><Key>a.txt</Key></Object></Delete>"), 400, "MissingArgument", "0016-00000502"),
        case("delete: Content-MD5 mismatch", req("POST", "/bkt").q("delete", "").h("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg==").body("<Delete><Object><Key>a.txt</Key></Object></Delete>"), 400, "InvalidDigest", "0017-00000503"),
        case("delete: Content-MD5 not base64", req("POST", "/bkt").q("delete", "").h("content-md5", "%%%not-base64").body("<Delete><Object><Key>a.txt</Key></Object></Delete>"), 400, "InvalidDigest", "0017-00000502"),
        case("delete: invalid VersionId", delete_multi(format!("<Delete><Object><Key>std.txt</Key></Object><Object><Key>a.txt</Key><VersionId>234</VersionId></Object><Object><Key>a.txt</Key><VersionId>{}</VersionId></Object></Delete>", s.v1)), BAD_VERSION.0, BAD_VERSION.1, BAD_VERSION.2),
        case("delete: empty VersionId", delete_multi("<Delete><Object><Key>a.txt</Key><VersionId></VersionId></Object></Delete>"), EMPTY_VERSION.0, EMPTY_VERSION.1, EMPTY_VERSION.2),
        case("delete: empty Key after a valid one", delete_multi("<Delete><Object><Key>std.txt</Key></Object><Object><Key></Key></Object></Delete>"), 400, "UserKeyMustBeSpecified", "0016-00000608"),
        case("delete: 1024-byte Key after a valid one", delete_multi(format!("<Delete><Object><Key>std.txt</Key></Object><Object><Key>{}</Key></Object></Delete>", "k".repeat(1024))), 400, "InvalidObjectName", "0016-00000003"),
        case("delete: no such bucket", req("POST", "/nobkt").q("delete", "").body("<Delete><Object><Key>a</Key></Object></Delete>").md5(), 404, "NoSuchBucket", "0015-00000101"),
        // ---- CompleteMultipartUpload -------------------------------------------------------
        malformed_complete("complete: broken XML", complete(s, "<CompleteMultipartUpload><Part>")),
        malformed("complete: no parts", complete(s, "<CompleteMultipartUpload/>")),
        malformed_complete("complete: PartNumber not a number", complete(s, "<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>")),
        malformed_complete("complete: Part without ETag", complete(s, "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>")),
        malformed_complete("complete: wrong root", complete(s, "<CompleteUpload><Part><PartNumber>1</PartNumber><ETag>\"x\"</ETag></Part></CompleteUpload>")),
        arg("complete: PartNumber 0", complete(s, "<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>"), "0017-00000220"),
        arg("complete: PartNumber negative", complete(s, "<CompleteMultipartUpload><Part><PartNumber>-1</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>"), "0017-00000220"),
        arg("complete: PartNumber 10001", complete(s, "<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>"), "0017-00000220"),
        case("complete: part listed twice (not ascending)", complete(s, &two_parts), 400, "InvalidPartOrder", "0042-00000209"),
        case("complete: wrong ETag", complete(s, "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"0123456789ABCDEF0123456789ABCDEF\"</ETag></Part></CompleteMultipartUpload>"), 400, "InvalidPart", "0042-00000207"),
        case("complete: missing part", complete(s, "<CompleteMultipartUpload><Part><PartNumber>7</PartNumber><ETag>\"0123456789ABCDEF0123456789ABCDEF\"</ETag></Part></CompleteMultipartUpload>"), 400, "InvalidPart", "0042-00000207"),
        arg("complete: complete-all with a body", complete(s, &one_part).h("x-oss-complete-all", "yes"), "0042-00000216"),
        case("complete: unknown upload id", req("POST", "/bkt/mp.bin").q("uploadId", "0123456789ABCDEF0123456789ABCDEF").body(one_part.clone()), 404, "NoSuchUpload", "0042-00000202"),
        case("complete: upload of another key", req("POST", "/bkt/other.bin").q("uploadId", &s.upload_id).body(one_part.clone()), 404, "NoSuchUpload", "0042-00000202"),
        // ---- RestoreObject -----------------------------------------------------------------
        malformed("restore: broken XML", restore("frozen.bin", "<RestoreRequest><Days>1</Days>")),
        malformed("restore: Days not a number", restore("frozen.bin", "<RestoreRequest><Days>one</Days></RestoreRequest>")),
        malformed("restore: wrong root", restore("frozen.bin", "<Restore><Days>1</Days></Restore>")),
        case("restore: unknown element", restore("frozen.bin", "<RestoreRequest><Days>1</Days><GlacierJobParameters><Tier>Bulk</Tier></GlacierJobParameters></RestoreRequest>"), 400, "MalformedXML", "0016-00000709"),
        arg("restore: Days 0 on Archive", restore("frozen.bin", "<RestoreRequest><Days>0</Days></RestoreRequest>"), "0016-00000708"),
        arg("restore: Days 8 on Archive", restore("frozen.bin", "<RestoreRequest><Days>8</Days></RestoreRequest>"), "0016-00000708"),
        arg("restore: Days huge", restore("frozen.bin", "<RestoreRequest><Days>99999999999999</Days></RestoreRequest>"), "0016-00000708"),
        arg("restore: unknown tier", restore("frozen.bin", "<RestoreRequest><Days>1</Days><JobParameters><Tier>Fast</Tier></JobParameters></RestoreRequest>"), "0016-00000703"),
        case("restore: Standard object", restore("std.txt", ""), 400, "OperationNotSupported", "0016-00000702"),
        case("restore: missing key", restore("nothing.bin", ""), 404, "NoSuchKey", "0026-00000001"),
        case("restore: empty versionId", restore("frozen.bin", "").q("versionId", ""), EMPTY_VERSION.0, EMPTY_VERSION.1, EMPTY_VERSION.2),
        case("clean restored: never restored", req("POST", "/bkt/frozen.bin").q("cleanRestoredObject", ""), 409, "ArchiveRestoreFileStale", "0016-00000718"),
        // ---- PutBucket ---------------------------------------------------------------------
        malformed("put bucket: unknown storage class", req("PUT", "/newbkt").body("<CreateBucketConfiguration><StorageClass>Glacier</StorageClass></CreateBucketConfiguration>")),
        malformed("put bucket: broken XML", req("PUT", "/newbkt").body("<CreateBucketConfiguration>")),
        case("put bucket: invalid name", req("PUT", "/AB"), 400, "InvalidBucketName", "0015-00000001"),
        case("put bucket: name ends with -", req("PUT", "/bucket-"), 400, "InvalidBucketName", "0015-00000001"),
        case("put bucket: taken", req("PUT", "/bkt"), 409, "BucketAlreadyExists", "0015-00000104"),
        // ---- methods -----------------------------------------------------------------------
        case("PATCH object", req("PATCH", "/bkt/a.txt").body("x"), METHOD.0, METHOD.1, METHOD.2),
        case("POST bucket without ?delete", req("POST", "/bkt").body("x"), METHOD.0, METHOD.1, METHOD.2),
        case("PUT service root", req("PUT", "/"), METHOD.0, METHOD.1, METHOD.2),
        case("DELETE service root", req("DELETE", "/"), METHOD.0, METHOD.1, METHOD.2),
        case("POST object without sub-resource", req("POST", "/bkt/a.txt").body("x"), METHOD.0, METHOD.1, METHOD.2),
        case("delete non-empty bucket", req("DELETE", "/bkt"), 409, "BucketNotEmpty", "0015-00000301"),
        case("delete non-empty unversioned bucket", req("DELETE", "/plain"), 409, "BucketNotEmpty", "0015-00000301"),
        // ---- keys --------------------------------------------------------------------------
        case("PUT key of 1024 bytes", req("PUT", &long_key).body("x"), 400, "InvalidObjectName", "0016-00000003"),
        case("GET key of 1024 bytes", req("GET", &long_key), 404, "NoSuchKey", "0026-00000001"),
        case("PUT invalid UTF-8 key", req("PUT", "/bkt/%FF%FE").body("x"), 400, "InvalidObjectName", "0016-00000002"),
        case("GET invalid UTF-8 key", req("GET", "/bkt/a%C3"), 400, "InvalidObjectName", "0016-00000002"),
        case("DELETE invalid UTF-8 key", req("DELETE", "/bkt/%80"), 400, "InvalidObjectName", "0016-00000002"),
        // ---- version ids -------------------------------------------------------------------
        case("GET empty versionId", req("GET", "/bkt/a.txt").q("versionId", ""), EMPTY_VERSION.0, EMPTY_VERSION.1, EMPTY_VERSION.2),
        case("GET versionId IllegalVersion", req("GET", "/bkt/a.txt").q("versionId", "IllegalVersion"), BAD_VERSION.0, BAD_VERSION.1, BAD_VERSION.2),
        case("HEAD versionId 234", req("HEAD", "/bkt/a.txt").q("versionId", "234"), BAD_VERSION.0, BAD_VERSION.1, BAD_VERSION.2),
        case("HEAD objectMeta versionId NULL", req("HEAD", "/bkt/a.txt").q("objectMeta", "").q("versionId", "NULL"), BAD_VERSION.0, BAD_VERSION.1, BAD_VERSION.2),
        case("DELETE empty versionId", req("DELETE", "/bkt/a.txt").q("versionId", ""), EMPTY_VERSION.0, EMPTY_VERSION.1, EMPTY_VERSION.2),
        case("DELETE truncated versionId", req("DELETE", "/bkt/a.txt").q("versionId", &s.v1[..63]), BAD_VERSION.0, BAD_VERSION.1, BAD_VERSION.2),
        case("GET unknown version", req("GET", "/bkt/a.txt").q("versionId", unknown_version), 404, "NoSuchVersion", "0012-00000203"),
        case("HEAD unknown version", req("HEAD", "/bkt/a.txt").q("versionId", unknown_version), 404, "NoSuchVersion", "0012-00000203"),
        case("GET delete marker by id", req("GET", "/bkt/gone.txt").q("versionId", &s.marker), 405, "MethodNotAllowed", "0017-00000002"),
        case("HEAD delete marker by id", req("HEAD", "/bkt/gone.txt").q("versionId", &s.marker), 405, "MethodNotAllowed", "0017-00000002"),
        case("GET key whose current is a marker", req("GET", "/bkt/gone.txt"), 404, "NoSuchKey", "0026-00000001"),
        arg("versions: version-id-marker without key-marker", req("GET", "/bkt").q("versions", "").q("version-id-marker", &s.v1), "0017-00000102"),
        case("versions: junk version-id-marker", req("GET", "/bkt").q("versions", "").q("key-marker", "a.txt").q("version-id-marker", "junk"), BAD_VERSION.0, BAD_VERSION.1, BAD_VERSION.2),
        // ---- max-keys and other numbers ------------------------------------------------------
        arg("ListObjects max-keys 0", list_with("v1", "max-keys", "0"), "0017-00000101"),
        arg("ListObjects max-keys 1001", list_with("v1", "max-keys", "1001"), "0017-00000101"),
        arg("ListObjects max-keys -1", list_with("v1", "max-keys", "-1"), "0017-00000101"),
        arg("ListObjectsV2 max-keys abc", list_with("v2", "max-keys", "abc"), "0017-00000101"),
        arg("ListObjectVersions max-keys 100000", list_with("versions", "max-keys", "100000"), "0017-00000101"),
        arg("ListObjectVersions max-keys 1e3", list_with("versions", "max-keys", "1e3"), "0017-00000101"),
        arg("ListParts max-parts 0", req("GET", "/bkt/mp.bin").q("uploadId", &s.upload_id).q("max-parts", "0"), "0042-00000402"),
        arg("ListParts max-parts 1001", req("GET", "/bkt/mp.bin").q("uploadId", &s.upload_id).q("max-parts", "1001"), "0042-00000402"),
        arg("ListParts part-number-marker -1", req("GET", "/bkt/mp.bin").q("uploadId", &s.upload_id).q("part-number-marker", "-1"), "0042-00000403"),
        arg("ListMultipartUploads max-uploads 0", list_with("uploads", "max-uploads", "0"), "0042-00000501"),
        arg("ListBuckets max-keys 0", req("GET", "/").q("max-keys", "0"), "0017-00000101"),
        arg("encoding-type base64", list_with("versions", "encoding-type", "base64"), "0017-00000104"),
        arg("marker of 1024 bytes", list_with("v1", "marker", &long_marker), "0017-00000103"),
        arg("key-marker of 1024 bytes", list_with("versions", "key-marker", &long_marker), "0017-00000103"),
        arg("start-after of 1024 bytes", list_with("v2", "start-after", &long_marker), "0017-00000103"),
        arg("continuation-token not base64", list_with("v2", "continuation-token", "!!!"), "0017-00000105"),
        // ---- part numbers ------------------------------------------------------------------
        arg("UploadPart partNumber 0", upload_part(s, "0"), "0017-00000220"),
        arg("UploadPart partNumber 10001", upload_part(s, "10001"), "0017-00000220"),
        arg("UploadPart partNumber abc", upload_part(s, "abc"), "0017-00000220"),
        arg("UploadPart partNumber empty", upload_part(s, ""), "0017-00000220"),
        case("UploadPart unknown upload", req("PUT", "/bkt/mp.bin").q("partNumber", "1").q("uploadId", "NOPE").body("p"), 404, "NoSuchUpload", "0042-00000104"),
        case("UploadPart Content-MD5 mismatch", upload_part(s, "2").h("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg=="), 400, "InvalidDigest", "0017-00000503"),
        case("UploadPartCopy unknown upload", copy("/bkt/mp.bin", "/bkt/std.txt").q("partNumber", "1").q("uploadId", "NOPE"), 404, "NoSuchUpload", "0042-00000311"),
        arg("UploadPartCopy reversed range", copy("/bkt/mp.bin", "/bkt/std.txt").q("partNumber", "2").q("uploadId", &s.upload_id).h("x-oss-copy-source-range", "bytes=5-1"), "0042-00000305"),
        // `bytes=N-` copies to the end (oss2's test_multipart.py, docs/fidelity.md §Findings of
        // the oss2 integration suite); starting past the end is InvalidRange.
        case("UploadPartCopy open range past the end", copy("/bkt/mp.bin", "/bkt/std.txt").q("partNumber", "2").q("uploadId", &s.upload_id).h("x-oss-copy-source-range", "bytes=99-"), 416, "InvalidRange", "0016-00000203"),
        case("UploadPartCopy range past the end", copy("/bkt/mp.bin", "/bkt/std.txt").q("partNumber", "2").q("uploadId", &s.upload_id).h("x-oss-copy-source-range", "bytes=0-999"), 416, "InvalidRange", "0016-00000203"),
        case("UploadPartCopy frozen archive source", copy("/bkt/mp.bin", "/bkt/frozen.bin").q("partNumber", "2").q("uploadId", &s.upload_id), 403, "InvalidObjectState", "0016-00000404"),
        case("UploadPartCopy delete-marker source", copy("/bkt/mp.bin", &format!("/bkt/gone.txt?versionId={}", s.marker)).q("partNumber", "2").q("uploadId", &s.upload_id), 404, "NoSuchKey", "0016-00000307"),
        case("UploadPartCopy unknown source version", copy("/bkt/mp.bin", "/bkt/a.txt?versionId=CAEQARiBgID4lsv.yBgiIDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw").q("partNumber", "2").q("uploadId", &s.upload_id), 404, "NoSuchVersion", "0012-00000203"),
        case("Abort unknown upload", req("DELETE", "/bkt/mp.bin").q("uploadId", "NOPE"), 404, "NoSuchUpload", "0042-00000002"),
        case("ListParts unknown upload", req("GET", "/bkt/mp.bin").q("uploadId", "NOPE"), 404, "NoSuchUpload", "0042-00000401"),
        // ---- Content-MD5 -------------------------------------------------------------------
        case("PutObject Content-MD5 mismatch", req("PUT", "/bkt/a.txt").h("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg==").body("three"), 400, "InvalidDigest", "0017-00000503"),
        case("PutObject Content-MD5 not base64", req("PUT", "/bkt/a.txt").h("content-md5", "zzz").body("three"), 400, "InvalidDigest", "0017-00000502"),
        case("PutObject Content-MD5 of 15 bytes", req("PUT", "/bkt/a.txt").h("content-md5", "AAAAAAAAAAAAAAAAAAAA").body("three"), 400, "InvalidDigest", "0017-00000502"),
        // ---- x-oss-forbid-overwrite ----------------------------------------------------------
        arg("PutObject forbid-overwrite yes", req("PUT", "/plain/new.txt").h("x-oss-forbid-overwrite", "yes").body("n"), "0017-00000279"),
        arg("CopyObject forbid-overwrite 1", copy("/plain/new.txt", "/plain/x.txt").h("x-oss-forbid-overwrite", "1"), "0017-00000279"),
        arg("Initiate forbid-overwrite empty", req("POST", "/plain/new.bin").q("uploads", "").h("x-oss-forbid-overwrite", ""), "0017-00000279"),
        case("PutObject forbid-overwrite onto existing", req("PUT", "/plain/x.txt").h("x-oss-forbid-overwrite", "true").body("y"), 409, "FileAlreadyExists", "0026-00000002"),
        case("CopyObject forbid-overwrite onto existing", copy("/plain/x.txt", "/bkt/std.txt").h("x-oss-forbid-overwrite", "TRUE"), 409, "FileAlreadyExists", "0026-00000201"),
        case("Initiate forbid-overwrite onto existing", req("POST", "/plain/x.txt").q("uploads", "").h("x-oss-forbid-overwrite", "true"), 409, "FileAlreadyExists", "0042-00000201"),
        // ---- storage classes ---------------------------------------------------------------
        arg("PutObject storage class Glacier", req("PUT", "/bkt/n.txt").h("x-oss-storage-class", "Glacier").body("n"), "0016-00000212"),
        arg("PutObject storage class lower-case", req("PUT", "/bkt/n.txt").h("x-oss-storage-class", "archive").body("n"), "0016-00000212"),
        arg("Initiate storage class DeepArchive", req("POST", "/bkt/n.bin").q("uploads", "").h("x-oss-storage-class", "DeepArchive"), "0016-00000212"),
        arg("CopyObject storage class empty", copy("/bkt/n.txt", "/bkt/std.txt").h("x-oss-storage-class", ""), "0016-00000212"),
        // ---- copy source -------------------------------------------------------------------
        arg("copy source without slash", copy("/bkt/n.txt", "bkt"), "0016-00000301"),
        arg("copy source without key", copy("/bkt/n.txt", "/bkt/"), "0016-00000301"),
        arg("copy source empty", copy("/bkt/n.txt", ""), "0016-00000301"),
        arg("copy source unknown parameter", copy("/bkt/n.txt", "/bkt/a.txt?foo=1"), "0016-00000301"),
        arg("copy source invalid UTF-8", copy("/bkt/n.txt", "/bkt/%FF"), "0016-00000301"),
        case("copy source junk versionId", copy("/bkt/n.txt", "/bkt/a.txt?versionId=junk"), BAD_VERSION.0, BAD_VERSION.1, BAD_VERSION.2),
        case("copy source missing key", copy("/bkt/n.txt", "/bkt/nothing"), 404, "NoSuchKey", "0026-00000001"),
        case("copy source missing bucket", copy("/bkt/n.txt", "/nobkt/a.txt"), 404, "NoSuchBucket", "0015-00000101"),
        case("copy source current is a delete marker", copy("/bkt/n.txt", "/bkt/gone.txt"), 404, "NoSuchKey", "0016-00000307"),
        case("copy source version is a delete marker", copy("/bkt/n.txt", &format!("/bkt/gone.txt?versionId={}", s.marker)), 404, "NoSuchKey", "0016-00000307"),
        case("copy source frozen archive", copy("/bkt/n.txt", "/bkt/frozen.bin"), 403, "InvalidObjectState", "0016-00000404"),
        case("copy source If-Match fails", copy("/bkt/n.txt", "/bkt/std.txt").h("x-oss-copy-source-if-match", "\"nope\""), 412, "PreconditionFailed", "0016-00000304"),
        arg("metadata directive MOVE", copy("/bkt/n.txt", "/bkt/std.txt").h("x-oss-metadata-directive", "MOVE"), "0016-00000302"),
        // ---- unknown sub-resources -------------------------------------------------------------
        case("GET bucket ?tagging", req("GET", "/bkt").q("tagging", ""), NOT_IMPLEMENTED.0, NOT_IMPLEMENTED.1, NOT_IMPLEMENTED.2),
        case("PUT ?policy", req("PUT", "/bkt").q("policy", "").body("{}"), NOT_IMPLEMENTED.0, NOT_IMPLEMENTED.1, NOT_IMPLEMENTED.2),
        case("PUT bucket ?website", req("PUT", "/bkt").q("website", "").body("<WebsiteConfiguration/>"), NOT_IMPLEMENTED.0, NOT_IMPLEMENTED.1, NOT_IMPLEMENTED.2),
        case("PUT bucket ?worm", req("PUT", "/bkt").q("worm", ""), NOT_IMPLEMENTED.0, NOT_IMPLEMENTED.1, NOT_IMPLEMENTED.2),
        // ---- AppendObject ------------------------------------------------------------------
        case("append at the wrong position", append("log.txt", "2"), 409, "PositionNotEqualToLength", "0026-00000016"),
        case("append past the end", append("log.txt", "4"), 409, "PositionNotEqualToLength", "0026-00000016"),
        case("append at 0 on a grown object", append("log.txt", "0"), 409, "PositionNotEqualToLength", "0026-00000016"),
        case("append on a Normal object", append("a.txt", "4"), 409, "ObjectNotAppendable", "0026-00000017"),
        case("append at 0 on a Normal object", append("std.txt", "0"), 409, "ObjectNotAppendable", "0026-00000017"),
        case("append on a symlink", append("link", "0"), 409, "ObjectNotAppendable", "0026-00000017"),
        case("append past a delete marker", append("gone.txt", "9"), 409, "PositionNotEqualToLength", "0026-00000016"),
        arg("append with a versionId", append("log.txt", "3").q("versionId", &s.v1), "0016-00000504"),
        arg("append with an empty versionId", append("log.txt", "3").q("versionId", ""), "0016-00000504"),
        case("append without position", req("POST", "/bkt/log.txt").q("append", "").body("x"), 400, "MissingArgument", "0016-00000501"),
        arg("append at a word", append("log.txt", "three"), "0016-00000502"),
        arg("append at a negative position", append("log.txt", "-1"), "0016-00000502"),
        arg("append at an empty position", append("log.txt", ""), "0016-00000502"),
        arg("append at a position past u64", append("log.txt", "99999999999999999999999"), "0016-00000502"),
        arg("append as ColdArchive", append("new.log", "0").h("x-oss-storage-class", "ColdArchive"), "0016-00000503"),
        arg("append as DeepColdArchive", append("new.log", "0").h("x-oss-storage-class", "DeepColdArchive"), "0016-00000503"),
        case("append with a wrong Content-MD5", append("log.txt", "3").h("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg=="), 400, "InvalidDigest", "0017-00000503"),
        case("append with PUT", req("PUT", "/bkt/log.txt").q("append", "").q("position", "3").body("x"), METHOD.0, METHOD.1, METHOD.2),
        case("append to a missing bucket", req("POST", "/nobkt/k").q("append", "").q("position", "0").body("x"), 404, "NoSuchBucket", "0015-00000101"),
        // ---- symlinks ----------------------------------------------------------------------
        case("symlink without a target", req("PUT", "/bkt/l2").q("symlink", ""), 400, "MissingArgument", "0043-00000001"),
        case("symlink with an empty target", req("PUT", "/bkt/l2").q("symlink", "").h("x-oss-symlink-target", ""), 400, "MissingArgument", "0043-00000001"),
        case("symlink to a key too long", req("PUT", "/bkt/l2").q("symlink", "").h("x-oss-symlink-target", &"k".repeat(1024)), 400, "InvalidObjectName", "0016-00000003"),
        case("symlink to a non-UTF-8 key", req("PUT", "/bkt/l2").q("symlink", "").h("x-oss-symlink-target", "%FF"), 400, "InvalidObjectName", "0016-00000002"),
        case("symlink over an object, forbid-overwrite", req("PUT", "/plain/x.txt").q("symlink", "").h("x-oss-symlink-target", "y").h("x-oss-forbid-overwrite", "true"), 409, "FileAlreadyExists", "0026-00000002"),
        case("GetSymlink of a Normal object", req("GET", "/bkt/a.txt").q("symlink", ""), 400, "NotSymlink", "0043-00000101"),
        case("GetSymlink under a delete marker", req("GET", "/bkt/gone.txt").q("symlink", ""), 404, "NoSuchKey", "0026-00000001"),
        case("GetSymlink of a missing key", req("GET", "/bkt/nothing").q("symlink", ""), 404, "NoSuchKey", "0026-00000001"),
        case("HEAD ?symlink", req("HEAD", "/bkt/link").q("symlink", ""), METHOD.0, METHOD.1, METHOD.2),
        case("GET a dangling symlink", req("GET", "/bkt/dangling"), 404, "SymlinkTargetNotExist", "0026-00000012"),
        case("HEAD a dangling symlink", req("HEAD", "/bkt/dangling"), 404, "SymlinkTargetNotExist", "0026-00000012"),
        case("GET a symlink loop", req("GET", "/bkt/loop"), 400, "InvalidTargetType", "0026-00000013"),
        case("copy from a dangling symlink", copy("/bkt/c.txt", "/bkt/dangling"), 404, "SymlinkTargetNotExist", "0026-00000012"),
        // ---- PostObject --------------------------------------------------------------------
        case("form without a key", form_post("bkt", form_body(&[("Content-Type", "text/plain")], Some(("f", b"x")))), 400, "InvalidArgument", "0006-00000102"),
        case("form without a file", form_post("bkt", form_body(&[("key", "k")], None)), 400, "InvalidArgument", "0006-00000103"),
        case("form body that is not multipart", form_post("bkt", b"key=k&file=x".to_vec()), 400, "MalformedPOSTRequest", "0006-00000101"),
        case("form without a boundary", req("POST", "/bkt").h("content-type", "multipart/form-data").body("x"), 400, "MalformedPOSTRequest", "0006-00000101"),
        case("form cut short", form_post("bkt", form_body(&[("key", "k")], Some(("f", b"x")))[..60].to_vec()), 400, "MalformedPOSTRequest", "0006-00000101"),
        case("form to a missing bucket", form_post("nobkt", form_body(&[("key", "k")], Some(("f", b"x")))), 404, "NoSuchBucket", "0015-00000101"),
        case("form policy not base64", post_form(&[("policy", "%%%")], b"x"), 400, "InvalidPolicyDocument", "0006-00000204"),
        case("form policy not JSON", post_form(&[("policy", &B64.encode("{nope"))], b"x"), 400, "InvalidPolicyDocument", "0006-00000204"),
        case("form policy without conditions", post_form(&[("policy", &policy(r#"{"expiration":"2030-01-01T00:00:00Z"}"#))], b"x"), 400, "InvalidPolicyDocument", "0006-00000207"),
        case("form policy without expiration", post_form(&[("policy", &policy(r#"{"conditions":[]}"#))], b"x"), 400, "InvalidPolicyDocument", "0006-00000201"),
        case("form policy with an unknown name", post_form(&[("policy", &policy(r#"{"test":"x","expiration":"2030-01-01T00:00:00Z","conditions":[]}"#))], b"x"), 400, "InvalidPolicyDocument", "0006-00000206"),
        case("form policy with a bad length range", post_form(&[("policy", &policy(r#"{"expiration":"2030-01-01T00:00:00Z","conditions":[["content-length-range",10,"test"]]}"#))], b"x"), 400, "InvalidPolicyDocument", "0006-00000221"),
        case("form policy with an inverted length range", post_form(&[("policy", &policy(r#"{"expiration":"2030-01-01T00:00:00Z","conditions":[["content-length-range",10,1]]}"#))], b"x"), 400, "InvalidPolicyDocument", "0006-00000221"),
        case("form policy with an unknown operator", post_form(&[("policy", &policy(r#"{"expiration":"2030-01-01T00:00:00Z","conditions":[["like","$key","k"]]}"#))], b"x"), 400, "InvalidPolicyDocument", "0006-00000201"),
        case("form policy expired", post_form(&[("policy", &policy(r#"{"expiration":"2020-01-01T00:00:00Z","conditions":[]}"#))], b"x"), 403, "AccessDenied", "0006-00000005"),
        case("form file over the length range", post_form(&[("policy", &policy(r#"{"expiration":"2030-01-01T00:00:00Z","conditions":[["content-length-range",0,2]]}"#))], b"xyz"), 400, "EntityTooLarge", "0006-00000003"),
        case("form file under the length range", post_form(&[("policy", &policy(r#"{"expiration":"2030-01-01T00:00:00Z","conditions":[["content-length-range",5,9]]}"#))], b"xyz"), 400, "EntityTooSmall", "0006-00000004"),
        case("form key outside starts-with", post_form(&[("policy", &policy(r#"{"expiration":"2030-01-01T00:00:00Z","conditions":[["starts-with","$key","user/"]]}"#))], b"x"), 403, "AccessDenied", "0006-00000227"),
        case("form for another bucket", post_form(&[("policy", &policy(r#"{"expiration":"2030-01-01T00:00:00Z","conditions":[{"bucket":"plain"}]}"#))], b"x"), 403, "AccessDenied", "0006-00000227"),
        case("form signed without a policy", post_form(&[("OSSAccessKeyId", "LTAIx"), ("Signature", "c2ln")], b"x"), 400, "InvalidArgument", "0002-00000702"),
        arg("form with an unknown storage class", post_form(&[("x-oss-storage-class", "Glacier")], b"x"), "0016-00000212"),
        arg("form with a bad forbid-overwrite", post_form(&[("x-oss-forbid-overwrite", "maybe")], b"x"), "0017-00000279"),
        case("form over an object, forbid-overwrite", form_post("plain", form_body(&[("key", "x.txt"), ("x-oss-forbid-overwrite", "true")], Some(("f", b"y")))), 409, "FileAlreadyExists", "0026-00000002"),
        // ---- ACLs --------------------------------------------------------------------------
        arg("PutObjectACL unknown name", req("PUT", "/bkt/a.txt").q("acl", "").h("x-oss-object-acl", "public"), "0017-00000104"),
        arg("PutObjectACL wrong case", req("PUT", "/bkt/a.txt").q("acl", "").h("x-oss-object-acl", "Private"), "0017-00000104"),
        arg("PutObjectACL without header", req("PUT", "/bkt/a.txt").q("acl", ""), "0017-00000105"),
        arg("PutObjectACL empty header", req("PUT", "/bkt/a.txt").q("acl", "").h("x-oss-object-acl", ""), "0017-00000105"),
        case("PutObjectACL delete marker by id", req("PUT", "/bkt/gone.txt").q("acl", "").q("versionId", &s.marker).h("x-oss-object-acl", "private"), 405, "MethodNotAllowed", "0017-00000002"),
        case("PutObjectACL current delete marker", req("PUT", "/bkt/gone.txt").q("acl", "").h("x-oss-object-acl", "private"), 404, "NoSuchKey", "0026-00000001"),
        case("GetObjectACL delete marker by id", req("GET", "/bkt/gone.txt").q("acl", "").q("versionId", &s.marker), 404, "NoSuchKey", "0026-00000001"),
        case("PutObjectACL junk versionId", req("PUT", "/bkt/a.txt").q("acl", "").q("versionId", "IllegalVersion").h("x-oss-object-acl", "private"), BAD_VERSION.0, BAD_VERSION.1, BAD_VERSION.2),
        arg("PutObject unknown object ACL", req("PUT", "/bkt/new.txt").h("x-oss-object-acl", "public").body("n"), "0017-00000104"),
        arg("Initiate unknown object ACL", req("POST", "/bkt/new.bin").q("uploads", "").h("x-oss-object-acl", "world"), "0017-00000104"),
        arg("PutBucketAcl default", req("PUT", "/bkt").q("acl", "").h("x-oss-acl", "default"), "0015-00000204"),
        arg("PutBucketAcl without header", req("PUT", "/bkt").q("acl", ""), "0015-00000204"),
        arg("PutBucket unknown ACL", req("PUT", "/newbkt").h("x-oss-acl", "Public-Read"), "0015-00000204"),
        case("POST ?acl", req("POST", "/bkt/a.txt").q("acl", ""), METHOD.0, METHOD.1, METHOD.2),
        // ---- tags --------------------------------------------------------------------------
        malformed("tagging: broken XML", req("PUT", "/bkt/a.txt").q("tagging", "").body("<Tagging><TagSet>")),
        malformed("tagging: wrong root", req("PUT", "/bkt/a.txt").q("tagging", "").body("<Tags><TagSet/></Tags>")),
        malformed("tagging: no TagSet", req("PUT", "/bkt/a.txt").q("tagging", "").body("<Tagging/>")),
        case("tagging: 11 tags", req("PUT", "/bkt/a.txt").q("tagging", "").body(tag_set(&(0..11).map(|i| (format!("k{i}"), "v".to_string())).collect::<Vec<_>>())), 400, "InvalidTag", "0010-00000217"),
        case("tagging: key of 129", req("PUT", "/bkt/a.txt").q("tagging", "").body(tag_set(&[("k".repeat(129), "v".into())])), 400, "InvalidTag", "0010-00000209"),
        case("tagging: value of 257", req("PUT", "/bkt/a.txt").q("tagging", "").body(tag_set(&[("k".into(), "v".repeat(257))])), 400, "InvalidTag", "0010-00000217"),
        case("tagging: comma in value", req("PUT", "/bkt/a.txt").q("tagging", "").body(tag_set(&[("k".into(), "a,b".into())])), 400, "InvalidTag", "0010-00000217"),
        case("tagging: duplicate key", req("PUT", "/bkt/a.txt").q("tagging", "").body(tag_set(&[("k".into(), "1".into()), ("k".into(), "2".into())])), 400, "InvalidTag", "0010-00000217"),
        case("tagging: empty key", req("PUT", "/bkt/a.txt").q("tagging", "").body(tag_set(&[(String::new(), "v".into())])), 400, "InvalidTag", "0010-00000217"),
        case("tagging: delete marker by id", req("GET", "/bkt/gone.txt").q("tagging", "").q("versionId", &s.marker), 404, "NoSuchKey", "0026-00000001"),
        case("tagging: delete on current marker", req("DELETE", "/bkt/gone.txt").q("tagging", ""), 404, "NoSuchKey", "0026-00000001"),
        arg("PutObject x-oss-tagging aa=bb=cc", req("PUT", "/bkt/new.txt").h("x-oss-tagging", "aa=bb=cc").body("n"), "0010-00000219"),
        case("PutObject x-oss-tagging 11 tags", req("PUT", "/bkt/new.txt").h("x-oss-tagging", &(0..11).map(|i| format!("k{i}=v")).collect::<Vec<_>>().join("&")).body("n"), 400, "InvalidTag", "0010-00000217"),
        arg("CopyObject tagging directive Merge", copy("/bkt/n.txt", "/bkt/std.txt").h("x-oss-tagging-directive", "Merge"), "0016-00000302"),
        // ---- CORS --------------------------------------------------------------------------
        case("cors: broken XML", req("PUT", "/bkt").q("cors", "").body("<CORSConfiguration><CORSRule>"), 400, "MalformedXML", "0034-00000002"),
        case("cors: no rule", req("PUT", "/bkt").q("cors", "").body("<CORSConfiguration/>"), 400, "MalformedXML", "0034-00000002"),
        case("cors: rule without origin", req("PUT", "/bkt").q("cors", "").body("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>"), 400, "MalformedXML", "0034-00000002"),
        case("cors: method PATCH", req("PUT", "/bkt").q("cors", "").body("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>"), 400, "MalformedXML", "0034-00000002"),
        case("cors: two wildcards in an origin", req("PUT", "/bkt").q("cors", "").body("<CORSConfiguration><CORSRule><AllowedOrigin>http://*.*.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>"), 400, "MalformedXML", "0034-00000002"),
        case("cors: 11 rules", req("PUT", "/bkt").q("cors", "").body(format!("<CORSConfiguration>{}</CORSConfiguration>", "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>".repeat(11))), 400, "MalformedXML", "0034-00000002"),
        arg("cors: MaxAgeSeconds not a number", req("PUT", "/bkt").q("cors", "").body("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule></CORSConfiguration>"), "0034-00000003"),
        arg("cors: MaxAgeSeconds -1", req("PUT", "/bkt").q("cors", "").body("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>-1</MaxAgeSeconds></CORSRule></CORSConfiguration>"), "0034-00000003"),
        case("GetBucketCors without rules", req("GET", "/bkt").q("cors", ""), 404, "NoSuchCORSConfiguration", "0034-00000001"),
        case("preflight without rules", req("OPTIONS", "/bkt/a.txt").h("origin", "http://app.example").h("access-control-request-method", "GET"), 403, "AccessForbidden", "0003-00000003"),
        case("preflight without Origin", req("OPTIONS", "/plain/x.txt").h("access-control-request-method", "GET"), 403, "AccessForbidden", "0003-00000003"),
        case("preflight without method", req("OPTIONS", "/plain/x.txt").h("origin", "http://app.example"), 403, "AccessForbidden", "0003-00000003"),
        case("preflight disallowed method", req("OPTIONS", "/plain/x.txt").h("origin", "http://app.example").h("access-control-request-method", "PUT"), 403, "AccessForbidden", "0003-00000003"),
        case("preflight disallowed header", req("OPTIONS", "/plain/x.txt").h("origin", "http://app.example").h("access-control-request-method", "GET").h("access-control-request-headers", "x-oss-date, authorization"), 403, "AccessForbidden", "0003-00000003"),
        case("preflight disallowed origin", req("OPTIONS", "/plain/x.txt").h("origin", "http://evil.test").h("access-control-request-method", "GET"), 403, "AccessForbidden", "0003-00000003"),
        case("preflight on a missing bucket", req("OPTIONS", "/nobkt/x").h("origin", "http://app.example").h("access-control-request-method", "GET"), 404, "NoSuchBucket", "0015-00000101"),
        // ---- reads -------------------------------------------------------------------------
        case("GET missing bucket", req("GET", "/nobkt/a.txt"), 404, "NoSuchBucket", "0015-00000101"),
        case("HEAD missing key", req("HEAD", "/bkt/nothing"), 404, "NoSuchKey", "0026-00000001"),
        case("GET frozen archive", req("GET", "/bkt/frozen.bin"), 403, "InvalidObjectState", "0016-00000404"),
        case("GET range past the end", req("GET", "/bkt/std.txt").h("range", "bytes=100-200").h("x-oss-range-behavior", "standard"), 416, "InvalidRange", "0016-00000203"),
        case("GET If-Match fails", req("GET", "/bkt/std.txt").h("if-match", "\"0123\""), 412, "PreconditionFailed", "0016-00000304"),
        case("GET lifecycle of a bucket without one", req("GET", "/bkt").q("lifecycle", ""), 404, "NoSuchLifecycle", "0034-00000001"),
        case("DELETE bucket that does not exist", req("DELETE", "/nobkt"), 404, "NoSuchBucket", "0015-00000101"),
    ]
}

#[test]
fn every_bad_request_is_the_right_oss_error_and_changes_nothing() {
    let (mut template, seed) = Lab::seeded();
    let before = template.dump();
    let all = cases(&seed);
    assert!(all.len() >= 60, "catalogue has {} rows", all.len());
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for c in &all {
        assert!(names.insert(c.name), "duplicate row name {:?}", c.name);
        let (mut lab, _) = Lab::seeded();
        let resp = lab.send(&c.request);
        let got = match error_doc(&c.request.0.method, &resp) {
            Ok(doc) => (resp.status, doc.code, doc.ec.unwrap_or_default()),
            Err(why) => {
                failures.push(format!(
                    "{}: status {} without a proper error: {why}",
                    c.name, resp.status
                ));
                continue;
            }
        };
        let want = (c.status, c.code.to_string(), c.ec.to_string());
        if got != want {
            failures.push(format!("{}: got {got:?}, want {want:?}", c.name));
            continue;
        }
        let after = lab.dump();
        if after != before {
            let diff: Vec<_> = before
                .iter()
                .zip(&after)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| {
                    let first = a.2.lines().zip(b.2.lines()).find(|(x, y)| x != y);
                    format!("  {}: first difference {first:?}", a.0)
                })
                .collect();
            failures.push(format!("{}: state changed\n{}", c.name, diff.join("\n")));
        }
    }
    // The template lab was never touched by a bad request.
    assert_eq!(template.dump(), before);
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn head_errors_carry_the_document_in_x_oss_err_and_no_body() {
    let (mut lab, _) = Lab::seeded();
    let resp = lab.send(&req("HEAD", "/bkt/gone.txt"));
    assert_eq!(resp.status, 404);
    assert!(resp.body.is_empty());
    assert_eq!(resp.header("x-oss-delete-marker"), Some("true"));
    assert_eq!(resp.header("Content-Length"), Some("0"));
    let doc = error_doc("HEAD", &resp).unwrap();
    assert_eq!(doc.code, "NoSuchKey");
}
