//! OSS requests built the way an SDK builds them: path-style `/bucket/key` with the key
//! percent-encoded (`/` → `%2F`), sub-resources as bare query names, `Content-MD5` where the
//! SDKs send it, and a V4 `Authorization` header signed with a fixed demo key (the account
//! owner) or, when the page acts as one of the lab's identities, with that identity's key
//! pair, so the request log shows what really goes over the wire.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use quick_xml::escape::escape;

use crate::engine::acl::{BucketAcl, ObjectAcl};
use crate::engine::{Millis, StorageClass, Tier};
use crate::wire::auth::{sign_v4_header, Credentials, SignTarget};
use crate::wire::format::http_date;
use crate::wire::http::WireRequest;

/// The endpoint shown in `Host`: the lab plays the cn-hangzhou region.
pub const HOST: &str = "oss-cn-hangzhou.aliyuncs.com";
pub const REGION: &str = "cn-hangzhou";
/// A public, obviously fake demo key: the lab accepts any signature.
pub const DEMO_AK: &str = "LTAI5tOssLabDemoKey00000";
const DEMO_SK: &str = "osslabDemoSecretNotARealSecret000";
const USER_AGENT: &str = "aliyun-sdk-python/2.19.1(osslab)";

/// RFC 3986 unreserved characters stay; everything else (including `/`) is `%XX`.
const KEY_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn encode_key(key: &str) -> String {
    utf8_percent_encode(key, KEY_SET).to_string()
}

pub fn bucket_path(bucket: &str) -> String {
    format!("/{bucket}")
}

pub fn object_path(bucket: &str, key: &str) -> String {
    format!("/{bucket}/{}", encode_key(key))
}

/// A request under construction.
pub struct Req(WireRequest);

impl Req {
    pub fn new(method: &str, path: String) -> Self {
        Req(crate::wire::request::build(
            method,
            &path,
            Vec::new(),
            Vec::new(),
            Vec::new(),
        ))
    }

    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.query.push((name.to_string(), value.into()));
        self
    }

    /// `?versionId=` when a version is given.
    pub fn version(self, version: Option<&str>) -> Self {
        match version {
            Some(v) => self.query("versionId", v),
            None => self,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0
            .headers
            .push((name.to_ascii_lowercase(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.0.body = body.into();
        self
    }

    /// XML body with the `Content-MD5` the SDKs send for it.
    pub fn xml_body_with_md5(self, xml: String) -> Self {
        let md5 = B64.encode(crate::engine::integrity::md5(xml.as_bytes()));
        self.header("content-md5", md5)
            .header("content-type", "application/xml")
            .body(xml)
    }

    /// Adds the headers every SDK request carries and signs it (V4) at virtual time `now`
    /// as the account owner.
    pub fn finish(self, now: Millis) -> WireRequest {
        self.finish_as(now, None)
    }

    /// The request as built so far (no Host, Date or signature yet).
    pub fn into_request(self) -> WireRequest {
        self.0
    }

    /// [`Req::finish`], signed with `creds` (an identity's key pair) when given.
    pub fn finish_as(self, now: Millis, creds: Option<&Credentials>) -> WireRequest {
        let mut req = self.0;
        finish_request_as(&mut req, now, creds);
        req
    }
}

/// The account owner's demo key pair.
pub fn owner_credentials() -> Credentials {
    Credentials {
        access_key_id: DEMO_AK.to_string(),
        access_key_secret: DEMO_SK.to_string(),
    }
}

/// Host, Date, User-Agent, Content-Length and a V4 signature (the account owner's), unless
/// already present.
pub fn finish_request(req: &mut WireRequest, now: Millis) {
    finish_request_as(req, now, None);
}

/// [`finish_request`] signing with `creds` when given (acting as an identity), else as the
/// account owner.
pub fn finish_request_as(req: &mut WireRequest, now: Millis, creds: Option<&Credentials>) {
    add_common_headers(req, now);
    if req.headers.iter().any(|(k, _)| k == "authorization") {
        return;
    }
    let Ok(target) = crate::wire::route::resolve_target(req, &[]) else {
        return;
    };
    let owner = owner_credentials();
    let creds = creds.unwrap_or(&owner);
    let target = SignTarget {
        bucket: target.bucket,
        key: target.key,
    };
    sign_v4_header(req, &target, creds, REGION, &x_oss_date(now));
}

/// Host, Date, User-Agent and Content-Length but no signature: what a public link (or a
/// browser without credentials) sends. The page acts as "anonymous".
pub fn finish_request_unsigned(req: &mut WireRequest, now: Millis) {
    add_common_headers(req, now);
}

fn add_common_headers(req: &mut WireRequest, now: Millis) {
    let mut add = |name: &str, value: String| {
        if !req.headers.iter().any(|(k, _)| k == name) {
            req.headers.push((name.to_string(), value));
        }
    };
    add("host", HOST.to_string());
    add("date", http_date(now));
    add("user-agent", USER_AGENT.to_string());
    if !req.body.is_empty() || matches!(req.method.as_str(), "PUT" | "POST") {
        add("content-length", req.body.len().to_string());
    }
}

/// `YYYYMMDDTHHMMSSZ`, the V4 signing time.
fn x_oss_date(now: Millis) -> String {
    let iso = crate::wire::format::iso8601(now); // 2026-11-22T04:12:00.000Z
    let digits: String = iso[..19].chars().filter(|c| c.is_ascii_digit()).collect();
    format!("{}T{}Z", &digits[..8], &digits[8..])
}

// ---- the operations the page performs --------------------------------------------------------

pub fn put_bucket(bucket: &str) -> Req {
    Req::new("PUT", bucket_path(bucket))
}

pub fn delete_bucket(bucket: &str) -> Req {
    Req::new("DELETE", bucket_path(bucket))
}

pub fn list_buckets() -> Req {
    Req::new("GET", "/".to_string())
}

pub fn put_versioning(bucket: &str, status: &str) -> Req {
    Req::new("PUT", bucket_path(bucket))
        .query("versioning", "")
        .header("content-type", "application/xml")
        .body(format!(
            "<VersioningConfiguration><Status>{status}</Status></VersioningConfiguration>"
        ))
}

/// What an upload sends besides the body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UploadOptions {
    pub storage_class: Option<StorageClass>,
    pub forbid_overwrite: bool,
    /// `x-oss-meta-*` pairs (names without the prefix).
    pub meta: Vec<(String, String)>,
    pub content_type: Option<String>,
    /// `x-oss-object-acl` (absent: the version is `default`).
    pub acl: Option<ObjectAcl>,
    /// `x-oss-tagging`, as typed (`k=v&k2=v2`).
    pub tagging: Option<String>,
}

pub fn put_object(bucket: &str, key: &str, body: Vec<u8>, o: &UploadOptions) -> Req {
    with_upload_headers(Req::new("PUT", object_path(bucket, key)), key, o).body(body)
}

/// InitiateMultipartUpload (`POST /key?uploads`) with the same headers an upload sends.
pub fn initiate_multipart(bucket: &str, key: &str, o: &UploadOptions) -> Req {
    with_upload_headers(
        Req::new("POST", object_path(bucket, key)).query("uploads", ""),
        key,
        o,
    )
}

fn with_upload_headers(r: Req, key: &str, o: &UploadOptions) -> Req {
    let mut r = r.header(
        "content-type",
        o.content_type
            .clone()
            .unwrap_or_else(|| content_type_for(key).to_string()),
    );
    if let Some(c) = o.storage_class {
        r = r.header("x-oss-storage-class", c.as_str());
    }
    if o.forbid_overwrite {
        r = r.header("x-oss-forbid-overwrite", "true");
    }
    for (k, v) in &o.meta {
        r = r.header(&format!("x-oss-meta-{k}"), v.clone());
    }
    if let Some(acl) = o.acl {
        r = r.header("x-oss-object-acl", acl.as_str());
    }
    if let Some(t) = o.tagging.as_deref().filter(|t| !t.is_empty()) {
        r = r.header("x-oss-tagging", t);
    }
    r
}

/// PutBucket with `x-oss-acl` when given.
pub fn put_bucket_with_acl(bucket: &str, acl: Option<BucketAcl>) -> Req {
    match acl {
        Some(a) => put_bucket(bucket).header("x-oss-acl", a.as_str()),
        None => put_bucket(bucket),
    }
}

pub fn put_bucket_acl(bucket: &str, acl: BucketAcl) -> Req {
    Req::new("PUT", bucket_path(bucket))
        .query("acl", "")
        .header("x-oss-acl", acl.as_str())
}

/// osslab's bill endpoint (`GET /_osslab/bill?bucket=`, see `crate::wire::bill`): what the
/// Bill panel draws, as a script reads it.
pub fn get_bill(bucket: &str) -> Req {
    Req::new("GET", crate::wire::bill::BILL_PATH.into()).query("bucket", bucket)
}

pub fn get_bucket_stat(bucket: &str) -> Req {
    Req::new("GET", bucket_path(bucket)).query("stat", "")
}

pub fn put_object_acl(bucket: &str, key: &str, version: Option<&str>, acl: ObjectAcl) -> Req {
    Req::new("PUT", object_path(bucket, key))
        .query("acl", "")
        .version(version)
        .header("x-oss-object-acl", acl.as_str())
}

pub fn get_object_acl(bucket: &str, key: &str, version: Option<&str>) -> Req {
    Req::new("GET", object_path(bucket, key))
        .query("acl", "")
        .version(version)
}

pub fn get_object_tagging(bucket: &str, key: &str, version: Option<&str>) -> Req {
    Req::new("GET", object_path(bucket, key))
        .query("tagging", "")
        .version(version)
}

/// PutObjectTagging with the pairs of `k=v&k2=v2` (percent-decoded), or DeleteObjectTagging
/// when there are none. OSS checks the tags.
pub fn set_object_tagging(bucket: &str, key: &str, version: Option<&str>, text: &str) -> Req {
    let pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| {
                percent_encoding::percent_decode_str(s.trim())
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (dec(k), dec(v))
        })
        .collect();
    if pairs.is_empty() {
        return Req::new("DELETE", object_path(bucket, key))
            .query("tagging", "")
            .version(version);
    }
    let tags: String = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "<Tag><Key>{}</Key><Value>{}</Value></Tag>",
                escape(k),
                escape(v)
            )
        })
        .collect();
    Req::new("PUT", object_path(bucket, key))
        .query("tagging", "")
        .version(version)
        .xml_body_with_md5(format!("<Tagging><TagSet>{tags}</TagSet></Tagging>"))
}

/// oss2 guesses Content-Type from the extension; a few common ones are enough here.
pub fn content_type_for(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("txt" | "log" | "md") => "text/plain",
        Some("html" | "htm") => "text/html",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("csv") => "text/csv",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

pub fn get_object(bucket: &str, key: &str, version: Option<&str>) -> Req {
    Req::new("GET", object_path(bucket, key)).version(version)
}

pub fn head_object(bucket: &str, key: &str, version: Option<&str>) -> Req {
    Req::new("HEAD", object_path(bucket, key)).version(version)
}

pub fn delete_object(bucket: &str, key: &str, version: Option<&str>) -> Req {
    Req::new("DELETE", object_path(bucket, key)).version(version)
}

/// CopyObject from `src_key` (optionally one version of it) onto `key` in the same bucket:
/// recovery ("make this version current") and storage-class changes both use it.
pub fn copy_object(
    bucket: &str,
    key: &str,
    src_key: &str,
    src_version: Option<&str>,
    storage_class: Option<StorageClass>,
) -> Req {
    let mut source = object_path(bucket, src_key);
    if let Some(v) = src_version {
        source.push_str("?versionId=");
        source.push_str(v);
    }
    let r = Req::new("PUT", object_path(bucket, key)).header("x-oss-copy-source", source);
    match storage_class {
        Some(c) => r.header("x-oss-storage-class", c.as_str()),
        None => r,
    }
}

pub fn restore_object(
    bucket: &str,
    key: &str,
    version: Option<&str>,
    days: u32,
    tier: Option<Tier>,
) -> Req {
    let job = tier
        .map(|t| format!("<JobParameters><Tier>{}</Tier></JobParameters>", t.as_str()))
        .unwrap_or_default();
    Req::new("POST", object_path(bucket, key))
        .query("restore", "")
        .version(version)
        .xml_body_with_md5(format!(
            "<RestoreRequest><Days>{days}</Days>{job}</RestoreRequest>"
        ))
}

pub fn clean_restored_object(bucket: &str, key: &str, version: Option<&str>) -> Req {
    Req::new("POST", object_path(bucket, key))
        .query("cleanRestoredObject", "")
        .version(version)
}

/// DeleteMultipleObjects (`POST /?delete`), with the Content-MD5 OSS requires.
pub fn delete_multiple(bucket: &str, items: &[(String, Option<String>)], quiet: bool) -> Req {
    let mut xml = format!("<Delete><Quiet>{quiet}</Quiet>");
    for (key, version) in items {
        xml.push_str("<Object><Key>");
        xml.push_str(&escape(key.as_str()));
        xml.push_str("</Key>");
        if let Some(v) = version {
            xml.push_str("<VersionId>");
            xml.push_str(&escape(v.as_str()));
            xml.push_str("</VersionId>");
        }
        xml.push_str("</Object>");
    }
    xml.push_str("</Delete>");
    Req::new("POST", bucket_path(bucket))
        .query("delete", "")
        .query("encoding-type", "url")
        .xml_body_with_md5(xml)
}

/// Listing parameters as oss2 sends them (every parameter, empty ones too).
pub fn list_objects(bucket: &str, prefix: &str, delimiter: &str, marker: &str) -> Req {
    Req::new("GET", bucket_path(bucket))
        .query("prefix", prefix)
        .query("delimiter", delimiter)
        .query("marker", marker)
        .query("max-keys", "100")
        .query("encoding-type", "url")
}

pub fn list_object_versions(
    bucket: &str,
    prefix: &str,
    key_marker: &str,
    version_id_marker: &str,
) -> Req {
    Req::new("GET", bucket_path(bucket))
        .query("versions", "")
        .query("prefix", prefix)
        .query("delimiter", "")
        .query("key-marker", key_marker)
        .query("version-id-marker", version_id_marker)
        .query("max-keys", "100")
        .query("encoding-type", "url")
}

/// The listing the objects panel draws: `/`-delimited, `max_keys` a page, from the page's
/// markers (ListObjectVersions in the versions view, ListObjects otherwise).
pub fn panel_listing(
    bucket: &str,
    prefix: &str,
    versions: bool,
    marker: (&str, &str),
    max_keys: usize,
) -> Req {
    let r = Req::new("GET", bucket_path(bucket));
    let r = if versions {
        r.query("versions", "")
            .query("prefix", prefix)
            .query("delimiter", "/")
            .query("key-marker", marker.0)
            .query("version-id-marker", marker.1)
    } else {
        r.query("prefix", prefix)
            .query("delimiter", "/")
            .query("marker", marker.0)
    };
    r.query("max-keys", max_keys.to_string())
        .query("encoding-type", "url")
}

// ---- the protection toolkit ------------------------------------------------------------------

/// Replication policy as the console offers it.
pub fn put_replication(
    source: &str,
    dest: &str,
    action: &str,
    prefixes: &[String],
    historical: bool,
) -> Req {
    let mut xml = String::from("<ReplicationConfiguration><Rule>");
    if !prefixes.is_empty() {
        xml.push_str("<PrefixSet>");
        for p in prefixes {
            xml.push_str("<Prefix>");
            xml.push_str(&escape(p.as_str()));
            xml.push_str("</Prefix>");
        }
        xml.push_str("</PrefixSet>");
    }
    xml.push_str(&format!(
        "<Action>{action}</Action><Destination><Bucket>{}</Bucket><Location>oss-{REGION}</Location></Destination><HistoricalObjectReplication>{}</HistoricalObjectReplication></Rule></ReplicationConfiguration>",
        escape(dest),
        if historical { "enabled" } else { "disabled" }
    ));
    Req::new("POST", bucket_path(source))
        .query("replication", "")
        .query("comp", "add")
        .xml_body_with_md5(xml)
}

pub fn delete_replication(source: &str, rule_id: &str) -> Req {
    Req::new("POST", bucket_path(source))
        .query("replication", "")
        .query("comp", "delete")
        .xml_body_with_md5(format!(
            "<ReplicationRules><ID>{}</ID></ReplicationRules>",
            escape(rule_id)
        ))
}

pub fn get_replication_progress(source: &str, rule_id: &str) -> Req {
    Req::new("GET", bucket_path(source))
        .query("replicationProgress", "")
        .query("rule-id", rule_id)
}

fn json_body(r: Req, value: &serde_json::Value) -> Req {
    r.header("content-type", "application/json")
        .body(value.to_string())
}

/// osslab's own endpoint (OSS has no API for the lab's identities).
pub fn create_identity(name: &str, access_key_id: &str, secret: &str, policy: &str) -> Req {
    json_body(
        Req::new("POST", "/_osslab/identities".into()),
        &serde_json::json!({
            "name": name,
            "access_key_id": access_key_id,
            "access_key_secret": secret,
            "policy": policy,
        }),
    )
}

pub fn remove_identity(access_key_id: &str) -> Req {
    Req::new(
        "DELETE",
        format!("/_osslab/identities/{}", encode_key(access_key_id)),
    )
}

/// osslab's stand-in for Cloud Backup: snapshot `bucket` every `every_hours`, keep `keep`.
pub fn put_backup_plan(bucket: &str, every_hours: i64, keep: usize) -> Req {
    json_body(
        Req::new("PUT", format!("/_osslab/backups/{bucket}")),
        &serde_json::json!({ "every_seconds": every_hours * 3600, "keep": keep }),
    )
}

pub fn delete_backup_plan(bucket: &str) -> Req {
    Req::new("DELETE", format!("/_osslab/backups/{bucket}"))
}

pub fn take_snapshot(bucket: &str) -> Req {
    Req::new("POST", format!("/_osslab/backups/{bucket}/snapshots"))
}

/// Restore one key (`Some`) or every key of the snapshot.
pub fn restore_snapshot(bucket: &str, id: u64, key: Option<&str>) -> Req {
    let r = Req::new(
        "POST",
        format!("/_osslab/backups/{bucket}/snapshots/{id}/restore"),
    );
    match key {
        Some(k) => r.query("key", k),
        None => r,
    }
}
