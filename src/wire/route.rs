//! From an HTTP request to the bucket, key and operation it addresses.

use percent_encoding::percent_decode_str;

use super::http::WireRequest;
use crate::wire::OssError;

/// The decoded bucket and key a request addresses, and the endpoint it reached.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    pub bucket: Option<String>,
    pub key: Option<String>,
    /// The Host the request reached, without a virtual-hosted bucket's label (port kept):
    /// what GetBucketInfo and ListBuckets name as the bucket's endpoints, so a client that
    /// follows them stays on this server (docs/fidelity.md §Findings of the oss2 integration
    /// suite). `None` without a Host header.
    pub endpoint: Option<String>,
}

/// Every operation osslab serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    ListBuckets,
    PutBucket,
    DeleteBucket,
    GetBucketInfo,
    GetBucketLocation,
    PutBucketVersioning,
    GetBucketVersioning,
    PutBucketLifecycle,
    GetBucketLifecycle,
    DeleteBucketLifecycle,
    ListObjects,
    ListObjectsV2,
    ListObjectVersions,
    ListMultipartUploads,
    DeleteMultipleObjects,
    PutObject,
    CopyObject,
    GetObject,
    HeadObject,
    GetObjectMeta,
    DeleteObject,
    InitiateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
    RestoreObject,
    CleanRestoredObject,
    PutBucketReplication,
    GetBucketReplication,
    DeleteBucketReplication,
    GetBucketReplicationProgress,
    AppendObject,
    PutSymlink,
    GetSymlink,
    PostObject,
    PutBucketAcl,
    GetBucketAcl,
    PutObjectAcl,
    GetObjectAcl,
    PutObjectTagging,
    GetObjectTagging,
    DeleteObjectTagging,
    PutBucketCors,
    GetBucketCors,
    DeleteBucketCors,
    /// `OPTIONS` on a bucket or object: a CORS preflight.
    Options,
    GetBucketStat,
}

impl Op {
    /// The OSS API name, as the request log and the docs call it.
    pub fn name(&self) -> &'static str {
        match self {
            Op::ListBuckets => "ListBuckets",
            Op::PutBucket => "PutBucket",
            Op::DeleteBucket => "DeleteBucket",
            Op::GetBucketInfo => "GetBucketInfo",
            Op::GetBucketLocation => "GetBucketLocation",
            Op::PutBucketVersioning => "PutBucketVersioning",
            Op::GetBucketVersioning => "GetBucketVersioning",
            Op::PutBucketLifecycle => "PutBucketLifecycle",
            Op::GetBucketLifecycle => "GetBucketLifecycle",
            Op::DeleteBucketLifecycle => "DeleteBucketLifecycle",
            Op::ListObjects => "ListObjects",
            Op::ListObjectsV2 => "ListObjectsV2",
            Op::ListObjectVersions => "ListObjectVersions",
            Op::ListMultipartUploads => "ListMultipartUploads",
            Op::DeleteMultipleObjects => "DeleteMultipleObjects",
            Op::PutObject => "PutObject",
            Op::CopyObject => "CopyObject",
            Op::GetObject => "GetObject",
            Op::HeadObject => "HeadObject",
            Op::GetObjectMeta => "GetObjectMeta",
            Op::DeleteObject => "DeleteObject",
            Op::InitiateMultipartUpload => "InitiateMultipartUpload",
            Op::UploadPart => "UploadPart",
            Op::UploadPartCopy => "UploadPartCopy",
            Op::CompleteMultipartUpload => "CompleteMultipartUpload",
            Op::AbortMultipartUpload => "AbortMultipartUpload",
            Op::ListParts => "ListParts",
            Op::RestoreObject => "RestoreObject",
            Op::CleanRestoredObject => "CleanRestoredObject",
            Op::PutBucketReplication => "PutBucketReplication",
            Op::GetBucketReplication => "GetBucketReplication",
            Op::DeleteBucketReplication => "DeleteBucketReplication",
            Op::GetBucketReplicationProgress => "GetBucketReplicationProgress",
            Op::AppendObject => "AppendObject",
            Op::PutSymlink => "PutSymlink",
            Op::GetSymlink => "GetSymlink",
            Op::PostObject => "PostObject",
            Op::PutBucketAcl => "PutBucketAcl",
            Op::GetBucketAcl => "GetBucketAcl",
            Op::PutObjectAcl => "PutObjectACL",
            Op::GetObjectAcl => "GetObjectACL",
            Op::PutObjectTagging => "PutObjectTagging",
            Op::GetObjectTagging => "GetObjectTagging",
            Op::DeleteObjectTagging => "DeleteObjectTagging",
            Op::PutBucketCors => "PutBucketCors",
            Op::GetBucketCors => "GetBucketCors",
            Op::DeleteBucketCors => "DeleteBucketCors",
            Op::Options => "Options",
            Op::GetBucketStat => "GetBucketStat",
        }
    }
}

/// OSS sub-resources osslab does not emulate on purpose (README, "Not emulated"): asking for
/// one is 501, never a silent fallback to another operation (a PUT `?policy` must not
/// overwrite the object). Bucket tagging (`?tagging` on a bucket) is among them.
const UNSUPPORTED_SUBRESOURCES: &[&str] = &[
    "bucketArchiveDirectRead",
    "cname",
    "encryption",
    "inventory",
    "logging",
    "objectInfo",
    "policy",
    "process",
    "qos",
    "referer",
    "replicationLocation",
    "requestPayment",
    "rtc",
    "select",
    "style",
    "transferAcceleration",
    "website",
    "worm",
    "overwriteConfig",
];

fn not_implemented(what: &str) -> OssError {
    OssError::new(
        501,
        "NotImplemented",
        format!("osslab does not emulate this operation ({what})."),
        "0003-00000501",
    )
}

/// Decode the path into bucket and key. Path style is `/<bucket>/<key>`; with a Host of the
/// form `<bucket>.<suffix>` for a configured suffix, the whole path is the key. SDKs
/// percent-encode `/` inside keys as `%2F`, so the path is decoded first, then split.
pub fn resolve_target(
    req: &WireRequest,
    virtual_host_suffixes: &[String],
) -> Result<Target, OssError> {
    let raw = req.path.split('?').next().unwrap_or("");
    let decoded = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| OssError::invalid_object_name())?;
    let path = decoded.strip_prefix('/').unwrap_or(&decoded);
    let host_header = req.host().unwrap_or("");
    let host = host_header;
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    let vhost_bucket = virtual_host_suffixes
        .iter()
        .find_map(|suffix| {
            host.strip_suffix(suffix.as_str())
                .and_then(|b| b.strip_suffix('.'))
                .filter(|b| !b.is_empty())
        })
        .or_else(|| oss_endpoint_bucket(host));
    let endpoint = match vhost_bucket {
        Some(b) => host_header.get(b.len() + 1..),
        None => Some(host_header),
    }
    .filter(|e| !e.is_empty())
    .map(str::to_string);
    let (bucket, key) = match vhost_bucket {
        Some(b) => (Some(b.to_string()), path),
        None => match path.split_once('/') {
            Some((b, k)) => (Some(b.to_string()), k),
            None if path.is_empty() => (None, ""),
            None => (Some(path.to_string()), ""),
        },
    };
    Ok(Target {
        bucket: bucket.filter(|b| !b.is_empty()),
        key: (!key.is_empty()).then(|| key.to_string()),
        endpoint,
    })
}

/// The bucket of a real OSS endpoint name, `<bucket>.oss-<region>[-internal].aliyuncs.com`,
/// whatever suffixes are configured: such a Host can only mean a virtual-hosted request, and
/// ali-oss (the Node.js SDK) sends one whenever its endpoint is an IP address, as a local
/// lab's is. The region's own name (`oss-cn-hangzhou.aliyuncs.com`) has no bucket.
fn oss_endpoint_bucket(host: &str) -> Option<&str> {
    let (bucket, endpoint) = host.split_once('.')?;
    let is_endpoint = endpoint.starts_with("oss-") && endpoint.ends_with(".aliyuncs.com");
    (is_endpoint && !bucket.is_empty()).then_some(bucket)
}

/// Which operation a request is, from method, target and sub-resources.
pub fn classify(req: &WireRequest, t: &Target) -> Result<Op, OssError> {
    let has = |name: &str| req.query_param(name).is_some();
    if let Some(sub) = UNSUPPORTED_SUBRESOURCES.iter().find(|s| has(s)) {
        return Err(not_implemented(&format!("?{sub}")));
    }
    let m = req.method.as_str();
    if m == "OPTIONS" && t.bucket.is_some() {
        return Ok(Op::Options);
    }
    let op = match (&t.bucket, &t.key) {
        (None, _) => match m {
            "GET" => Op::ListBuckets,
            _ => return Err(OssError::method_not_allowed(m)),
        },
        (Some(_), None) => match m {
            // Never fall through to PutBucket / DeleteBucket / ListObjects.
            _ if (has("replication") || has("replicationProgress"))
                && !matches!(m, "GET" | "POST") =>
            {
                return Err(OssError::method_not_allowed(m))
            }
            _ if has("tagging") => return Err(not_implemented("bucket ?tagging")),
            "PUT" if has("acl") => Op::PutBucketAcl,
            "PUT" if has("cors") => Op::PutBucketCors,
            "GET" if has("acl") => Op::GetBucketAcl,
            "GET" if has("cors") => Op::GetBucketCors,
            "GET" if has("stat") => Op::GetBucketStat,
            "DELETE" if has("cors") => Op::DeleteBucketCors,
            _ if has("acl") || has("cors") || has("stat") => {
                return Err(OssError::method_not_allowed(m))
            }
            "PUT" if has("versioning") => Op::PutBucketVersioning,
            "PUT" if has("lifecycle") => Op::PutBucketLifecycle,
            "PUT" => Op::PutBucket,
            "POST" if has("replication") => match req.query_param("comp") {
                Some("add") => Op::PutBucketReplication,
                Some("delete") => Op::DeleteBucketReplication,
                _ => {
                    return Err(OssError::invalid_argument_named(
                        "comp",
                        req.query_param("comp").unwrap_or(""),
                        "comp must be add or delete.",
                        "0031-00000002",
                    ))
                }
            },
            "GET" if has("replication") => Op::GetBucketReplication,
            "GET" if has("replicationProgress") => Op::GetBucketReplicationProgress,
            "GET" if has("versioning") => Op::GetBucketVersioning,
            "GET" if has("lifecycle") => Op::GetBucketLifecycle,
            "GET" if has("versions") => Op::ListObjectVersions,
            "GET" if has("uploads") => Op::ListMultipartUploads,
            "GET" if has("location") => Op::GetBucketLocation,
            "GET" if has("bucketInfo") => Op::GetBucketInfo,
            "GET" if req.query_param("list-type") == Some("2") => Op::ListObjectsV2,
            "GET" => Op::ListObjects,
            "DELETE" if has("lifecycle") => Op::DeleteBucketLifecycle,
            "DELETE" => Op::DeleteBucket,
            "POST" if has("delete") => Op::DeleteMultipleObjects,
            // A browser form upload (PostObject): POST to the bucket with a form body.
            "POST" if is_form_upload(req) => Op::PostObject,
            _ => return Err(OssError::method_not_allowed(m)),
        },
        (Some(_), Some(_)) => {
            let copy = req.header("x-oss-copy-source").is_some();
            let part = has("partNumber") && has("uploadId");
            match m {
                // `?append` and `?symlink` never fall through to another write or read; a
                // DELETE with `?symlink` is a DeleteObject (oss2's own versioning test sends
                // one and expects 204; docs/fidelity.md §AppendObject, PostObject and symlinks).
                "POST" if has("append") => Op::AppendObject,
                "PUT" if has("symlink") => Op::PutSymlink,
                "GET" if has("symlink") => Op::GetSymlink,
                "DELETE" if has("symlink") && !has("uploadId") => Op::DeleteObject,
                "PUT" if has("acl") => Op::PutObjectAcl,
                "GET" if has("acl") => Op::GetObjectAcl,
                "PUT" if has("tagging") => Op::PutObjectTagging,
                "GET" if has("tagging") => Op::GetObjectTagging,
                "DELETE" if has("tagging") => Op::DeleteObjectTagging,
                // Never fall through to PutObject / DeleteObject.
                _ if has("append")
                    || has("symlink")
                    || has("acl")
                    || has("tagging")
                    || has("cors")
                    || has("stat") =>
                {
                    return Err(OssError::method_not_allowed(m))
                }
                "PUT" if part && copy => Op::UploadPartCopy,
                "PUT" if part => Op::UploadPart,
                "PUT" if copy => Op::CopyObject,
                "PUT" => Op::PutObject,
                "GET" if has("uploadId") => Op::ListParts,
                "GET" => Op::GetObject,
                "HEAD" if has("objectMeta") => Op::GetObjectMeta,
                "HEAD" => Op::HeadObject,
                "DELETE" if has("uploadId") => Op::AbortMultipartUpload,
                "DELETE" => Op::DeleteObject,
                "POST" if has("uploads") => Op::InitiateMultipartUpload,
                "POST" if has("uploadId") => Op::CompleteMultipartUpload,
                "POST" if has("restore") => Op::RestoreObject,
                "POST" if has("cleanRestoredObject") => Op::CleanRestoredObject,
                _ => return Err(OssError::method_not_allowed(m)),
            }
        }
    };
    Ok(op)
}

/// `Content-Type: multipart/form-data; boundary=…`, as a browser form upload sends.
fn is_form_upload(req: &WireRequest) -> bool {
    req.header("content-type").is_some_and(|v| {
        v.split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("multipart/form-data"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, path: &str, query: &[(&str, &str)], host: &str) -> WireRequest {
        WireRequest {
            method: method.into(),
            path: path.into(),
            query: query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            headers: vec![("host".into(), host.into())],
            body: vec![],
        }
    }

    #[test]
    fn path_style_decodes_before_splitting() {
        let r = req(
            "PUT",
            "/mybucket/dir%2Fa%20b%2Bc%E2%82%AC.txt",
            &[],
            "127.0.0.1:9000",
        );
        let t = resolve_target(&r, &[]).unwrap();
        assert_eq!(t.bucket.as_deref(), Some("mybucket"));
        assert_eq!(t.key.as_deref(), Some("dir/a b+c€.txt"));
        let t = resolve_target(&req("GET", "/mybucket/", &[], "localhost"), &[]).unwrap();
        assert_eq!((t.bucket.as_deref(), t.key), (Some("mybucket"), None));
        let t = resolve_target(&req("GET", "/", &[], "localhost"), &[]).unwrap();
        assert_eq!((t.bucket, t.key), (None, None));
        assert_eq!(t.endpoint.as_deref(), Some("localhost"));
        let t = resolve_target(&req("GET", "/b", &[], "127.0.0.1:9000"), &[]).unwrap();
        assert_eq!(t.endpoint.as_deref(), Some("127.0.0.1:9000"));
    }

    #[test]
    fn virtual_host_style() {
        let sfx = vec!["localhost".to_string()];
        let t =
            resolve_target(&req("GET", "/a/b.txt", &[], "photos.localhost:8080"), &sfx).unwrap();
        assert_eq!(
            (t.bucket.as_deref(), t.key.as_deref()),
            (Some("photos"), Some("a/b.txt"))
        );
        let t = resolve_target(&req("GET", "/photos/x", &[], "localhost:8080"), &sfx).unwrap();
        assert_eq!(t.bucket.as_deref(), Some("photos"));
        // A real OSS endpoint name is virtual-hosted without being configured...
        let host = "photos.oss-cn-hangzhou.aliyuncs.com";
        let t = resolve_target(&req("GET", "/a/b.txt", &[], host), &sfx).unwrap();
        assert_eq!(
            (t.bucket.as_deref(), t.key.as_deref()),
            (Some("photos"), Some("a/b.txt"))
        );
        assert_eq!(t.endpoint.as_deref(), Some("oss-cn-hangzhou.aliyuncs.com"));
        let t = resolve_target(&req("GET", "/", &[], "photos.localhost:8080"), &sfx).unwrap();
        assert_eq!(t.endpoint.as_deref(), Some("localhost:8080"));
        // ...while the region's own name is path-style, and so is any other host.
        for host in ["oss-cn-hangzhou.aliyuncs.com", "photos.example.com"] {
            let t = resolve_target(&req("GET", "/b/k", &[], host), &sfx).unwrap();
            assert_eq!(
                (t.bucket.as_deref(), t.key.as_deref()),
                (Some("b"), Some("k"))
            );
        }
    }

    #[test]
    fn invalid_utf8_is_invalid_object_name() {
        let err = resolve_target(&req("GET", "/b/%FF", &[], "h"), &[]).unwrap_err();
        assert_eq!(err.code, "InvalidObjectName");
    }

    #[test]
    fn classification() {
        let t = |b: Option<&str>, k: Option<&str>| Target {
            bucket: b.map(Into::into),
            key: k.map(Into::into),
            endpoint: None,
        };
        let c = |m, q: &[(&str, &str)], tg: &Target| classify(&req(m, "/", q, "h"), tg);
        let b = t(Some("b"), None);
        let o = t(Some("b"), Some("k"));
        assert_eq!(c("GET", &[], &t(None, None)), Ok(Op::ListBuckets));
        assert_eq!(
            c("GET", &[("versions", "")], &b),
            Ok(Op::ListObjectVersions)
        );
        assert_eq!(c("GET", &[("list-type", "2")], &b), Ok(Op::ListObjectsV2));
        assert_eq!(
            c("POST", &[("delete", ""), ("encoding-type", "url")], &b),
            Ok(Op::DeleteMultipleObjects)
        );
        assert_eq!(c("POST", &[("restore", "")], &o), Ok(Op::RestoreObject));
        assert_eq!(
            c("POST", &[("cleanRestoredObject", "")], &o),
            Ok(Op::CleanRestoredObject)
        );
        assert_eq!(c("HEAD", &[("objectMeta", "")], &o), Ok(Op::GetObjectMeta));
        assert_eq!(
            c("PUT", &[("partNumber", "1"), ("uploadId", "X")], &o),
            Ok(Op::UploadPart)
        );
        assert_eq!(c("PATCH", &[], &o).unwrap_err().status, 405);
        let append = [("append", ""), ("position", "0")];
        assert_eq!(c("POST", &append, &o), Ok(Op::AppendObject));
        assert_eq!(c("PUT", &append, &o).unwrap_err().status, 405);
        assert_eq!(c("PUT", &[("symlink", "")], &o), Ok(Op::PutSymlink));
        assert_eq!(c("GET", &[("symlink", "")], &o), Ok(Op::GetSymlink));
        assert_eq!(c("DELETE", &[("symlink", "")], &o), Ok(Op::DeleteObject));
        assert_eq!(c("HEAD", &[("symlink", "")], &o).unwrap_err().status, 405);
        let mut form = req("POST", "/b", &[], "h");
        form.headers.push((
            "content-type".into(),
            "multipart/form-data; boundary=x".into(),
        ));
        assert_eq!(classify(&form, &b), Ok(Op::PostObject));
        assert_eq!(c("POST", &[], &b).unwrap_err().status, 405);
        assert_eq!(c("PUT", &[("acl", "")], &o), Ok(Op::PutObjectAcl));
        assert_eq!(c("GET", &[("acl", "")], &b), Ok(Op::GetBucketAcl));
        assert_eq!(
            c("DELETE", &[("tagging", "")], &o),
            Ok(Op::DeleteObjectTagging)
        );
        assert_eq!(c("GET", &[("stat", "")], &b), Ok(Op::GetBucketStat));
        assert_eq!(c("OPTIONS", &[], &o), Ok(Op::Options));
        // A PUT ?acl never overwrites the object; bucket tagging stays unemulated.
        assert_eq!(c("POST", &[("acl", "")], &o).unwrap_err().status, 405);
        assert_eq!(c("PUT", &[("tagging", "")], &b).unwrap_err().status, 501);
        assert_eq!(c("PUT", &[("policy", "")], &o).unwrap_err().status, 501);
    }
}
