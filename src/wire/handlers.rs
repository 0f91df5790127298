//! One function per OSS operation: read the request, call the engine, build the response.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use super::acl_tagging::{
    bucket_acl_header, copy_tagging, object_acl_header, tagging_count, tagging_header,
};
use super::auth::{self, SignTarget};
use super::format::{self, etag_header, http_date, iso8601, quoted_etag};
use super::headers::{self as h, param};
use super::http::{HeaderText, WireBody, WireRequest, WireResponse};
use super::route::{classify, resolve_target, Op};
use super::xml::{self, to_xml_doc, XmlRoot};
use super::WireConfig;
use crate::engine::archive::{RestoreRequest, RestoreStatus, Tier};
use crate::engine::lifecycle::{Expiration, LifecycleConfig, Rule, When};
use crate::engine::listing::{validate_max_keys, ListParams, ObjectSummary, VersionItem};
use crate::engine::multipart::{CompletePart, InitiateUpload, PartCopySource, PartSelection};
use crate::engine::objects::{CopyObject, ObjectHead, PutObject, WriteResult};
use crate::engine::{Engine, ObjectType, OssError, OssResult, StorageClass, Versioning};

/// Builds a response; OSS header names keep OSS's spelling.
struct Resp(WireResponse);

impl Resp {
    fn new(status: u16) -> Self {
        Resp(WireResponse {
            status,
            // Room for a GET's headers and the four common ones: no regrowth on the way.
            headers: Vec::with_capacity(20),
            body: Vec::new().into(),
        })
    }

    fn header(mut self, name: impl Into<HeaderText>, value: impl Into<HeaderText>) -> Self {
        self.0.headers.push((name.into(), value.into()));
        self
    }

    fn opt(self, name: &'static str, value: Option<impl Into<HeaderText>>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => self,
        }
    }

    fn xml<T: XmlRoot + xml::Element>(mut self, doc: &T) -> Self {
        self.0.body = to_xml_doc(doc).into();
        self.header("Content-Type", "application/xml")
    }

    fn body(mut self, bytes: impl Into<WireBody>) -> Self {
        self.0.body = bytes.into();
        self
    }

    fn done(self) -> OssResult<WireResponse> {
        Ok(self.0)
    }
}

fn malformed(e: xml::XmlError) -> OssError {
    OssError::malformed_xml(&e.detail())
}

/// Text of an object key or prefix as a response shows it (`encoding-type=url` encodes).
fn enc(url: bool, s: &str) -> String {
    if url {
        format::url_encode_key(s)
    } else {
        s.to_string()
    }
}

pub(super) fn dispatch(
    engine: &mut Engine,
    req: &WireRequest,
    config: &WireConfig,
    unsigned_is_anonymous: bool,
) -> OssResult<WireResponse> {
    let t = resolve_target(req, &config.virtual_host_suffixes)?;
    let op = classify(req, &t)?;
    if op == Op::Options {
        // Browsers never sign a preflight.
        return super::cors::preflight(engine, req, t.bucket.as_deref().unwrap_or(""));
    }
    // A form upload carries its signature in form fields, checked by its handler.
    let header_signed = op != Op::PostObject;
    if header_signed && config.credentials.is_empty() && unsigned_is_anonymous {
        if super::toolkit::access_key_id(req).is_none() {
            super::acl_tagging::authorize_anonymous(engine, req, op, &t)?;
        }
    } else if header_signed && !config.credentials.is_empty() {
        let target = SignTarget {
            bucket: t.bucket.clone(),
            key: t.key.clone(),
        };
        let lookup = |ak: &str| {
            config
                .credentials
                .iter()
                .find(|c| c.access_key_id == ak)
                .map(|c| c.access_key_secret.clone())
                // The lab's identities sign with their own key pairs.
                .or_else(|| engine.identity(ak).map(|i| i.access_key_secret.clone()))
        };
        match auth::verify(req, &target, &lookup, engine.now()) {
            // A V4 signature for another region is refused before anything else is looked
            // at (docs/fidelity.md §Findings of the oss2 integration suite).
            Ok(auth::AuthOutcome::Signed {
                region: Some(region),
                ..
            }) if region != engine.settings().region => {
                return Err(OssError::invalid_signing_region())
            }
            Ok(auth::AuthOutcome::Signed { .. }) => {}
            // Once keys are configured, an unsigned request may do what the ACLs allow.
            Ok(auth::AuthOutcome::Anonymous) => {
                super::acl_tagging::authorize_anonymous(engine, req, op, &t)?
            }
            Err(failure) => {
                let (status, code, message, ec, details) = failure.oss_fields();
                let mut err = OssError::new(status, code, message, ec);
                err.details = details;
                return Err(err);
            }
        }
    }
    super::toolkit::authorize(engine, req, op, &t)?;
    let bucket = t.bucket.as_deref().unwrap_or("");
    let key = t.key.as_deref().unwrap_or("");
    match op {
        Op::PutBucketReplication
        | Op::GetBucketReplication
        | Op::DeleteBucketReplication
        | Op::GetBucketReplicationProgress => {
            super::toolkit::replication_op(engine, req, op, bucket)
        }
        Op::PutBucketAcl
        | Op::GetBucketAcl
        | Op::PutObjectAcl
        | Op::GetObjectAcl
        | Op::PutObjectTagging
        | Op::GetObjectTagging
        | Op::DeleteObjectTagging
        | Op::GetBucketStat => super::acl_tagging::dispatch(engine, req, op, bucket, key),
        Op::PutBucketCors | Op::GetBucketCors | Op::DeleteBucketCors => {
            super::cors::bucket_cors_op(engine, req, op, bucket)
        }
        // Answered before authentication, above.
        Op::Options => super::cors::preflight(engine, req, bucket),
        Op::ListBuckets => list_buckets(engine, req, t.endpoint.as_deref()),
        Op::PutBucket => put_bucket(engine, req, bucket),
        Op::DeleteBucket => {
            engine.delete_bucket(bucket)?;
            Resp::new(204).done()
        }
        Op::GetBucketInfo => bucket_info(engine, bucket, t.endpoint.as_deref()),
        Op::GetBucketLocation => {
            let b = engine.bucket(bucket)?;
            Resp::new(200)
                .xml(&xml::LocationConstraint {
                    location: format!("oss-{}", b.region),
                })
                .done()
        }
        Op::PutBucketVersioning => {
            let cfg: xml::VersioningConfiguration =
                xml::parse_request(&req.body).map_err(malformed)?;
            let state = cfg
                .status
                .as_deref()
                .and_then(Versioning::parse_status)
                .ok_or_else(|| OssError::malformed_xml("Status must be Enabled or Suspended."))?;
            engine.set_versioning(bucket, state)?;
            Resp::new(200).done()
        }
        Op::GetBucketVersioning => {
            let v = engine.versioning(bucket)?;
            Resp::new(200)
                .header("Content-Type", "application/xml")
                .body(xml::versioning_configuration_xml(v.status()))
                .done()
        }
        Op::PutBucketLifecycle => {
            let cfg: xml::LifecycleConfiguration =
                xml::parse_request(&req.body).map_err(malformed)?;
            engine.put_lifecycle(bucket, lifecycle_from_xml(cfg)?)?;
            Resp::new(200).done()
        }
        Op::GetBucketLifecycle => {
            let cfg = engine.lifecycle(bucket)?;
            Resp::new(200).xml(&lifecycle_to_xml(cfg)).done()
        }
        Op::DeleteBucketLifecycle => {
            engine.delete_lifecycle(bucket)?;
            Resp::new(204).done()
        }
        Op::ListObjects => list_objects(engine, req, bucket),
        Op::ListObjectsV2 => list_objects_v2(engine, req, bucket),
        Op::ListObjectVersions => list_versions(engine, req, bucket),
        Op::ListMultipartUploads => list_uploads(engine, req, bucket),
        Op::DeleteMultipleObjects => delete_objects(engine, req, bucket),
        Op::PutObject => put_object(engine, req, bucket, key),
        Op::CopyObject => copy_object(engine, req, bucket, key),
        Op::GetObject => get_object(engine, req, bucket, key),
        Op::HeadObject => {
            let head =
                engine.head_object(bucket, key, h::version_id(req)?, &h::conditions(req, ""))?;
            object_headers(Resp::new(200), &head)
                .header("Content-Length", head.size.to_string())
                .done()
        }
        Op::GetObjectMeta => {
            let head =
                engine.head_object(bucket, key, h::version_id(req)?, &h::conditions(req, ""))?;
            Resp::new(200)
                .header("Content-Length", head.size.to_string())
                .header("ETag", quoted_etag(&head.etag.text()))
                .header("Last-Modified", http_date(head.last_modified))
                .opt("x-oss-version-id", head.version_id.clone())
                .done()
        }
        Op::DeleteObject => {
            let r = engine.delete_object(bucket, key, h::version_id(req)?)?;
            Resp::new(204)
                .opt("x-oss-delete-marker", r.delete_marker.then_some("true"))
                .opt("x-oss-version-id", r.version_id)
                .done()
        }
        Op::InitiateMultipartUpload => {
            let url = h::url_encoding(req)?;
            let upload_id = engine.initiate_upload(InitiateUpload {
                bucket: bucket.into(),
                key: key.into(),
                meta: h::object_meta(req),
                storage_class: h::storage_class(req)?,
                forbid_overwrite: h::forbid_overwrite(req)?,
                acl: object_acl_header(req)?,
                tags: tagging_header(req)?,
            })?;
            Resp::new(200)
                .xml(&xml::InitiateMultipartUploadResult {
                    encoding_type: url.then(|| "url".into()),
                    bucket: bucket.into(),
                    key: enc(url, key),
                    upload_id,
                })
                .done()
        }
        Op::UploadPart => {
            let (upload_id, n) = part_params(req)?;
            let md5 = h::content_md5(req)?;
            let r = engine.upload_part(
                bucket,
                key,
                upload_id,
                n,
                Arc::from(req.body.as_slice()),
                md5,
            )?;
            Resp::new(200)
                .header("ETag", quoted_etag(&hex::encode_upper(r.etag)))
                .header("Content-MD5", B64.encode(r.etag))
                .header("x-oss-hash-crc64ecma", r.crc64.to_string())
                .done()
        }
        Op::UploadPartCopy => {
            let (upload_id, n) = part_params(req)?;
            let (sb, sk, sv) = h::copy_source(req.header("x-oss-copy-source").unwrap_or(""))?;
            let src = PartCopySource {
                bucket: sb,
                key: sk,
                version: sv,
                range: h::copy_range(req)?,
                conditions: h::conditions(req, "x-oss-copy-source-"),
            };
            let r = engine.upload_part_copy(bucket, key, upload_id, n, &src)?;
            let etag = quoted_etag(&hex::encode_upper(r.etag));
            Resp::new(200)
                .opt("x-oss-copy-source-version-id", r.source_version_id)
                .header("ETag", etag.clone())
                .header("x-oss-hash-crc64ecma", r.crc64.to_string())
                .xml(&xml::CopyPartResult {
                    last_modified: iso8601(r.last_modified),
                    etag,
                })
                .done()
        }
        Op::CompleteMultipartUpload => complete_upload(engine, req, bucket, key),
        Op::AbortMultipartUpload => {
            engine.abort_upload(bucket, key, param(req, "uploadId").unwrap_or(""))?;
            Resp::new(204).done()
        }
        Op::ListParts => list_parts(engine, req, bucket, key),
        Op::RestoreObject => restore_object(engine, req, bucket, key),
        Op::CleanRestoredObject => {
            let v = engine.clean_restored_object(bucket, key, h::version_id(req)?)?;
            Resp::new(200).opt("x-oss-version-id", v).done()
        }
        Op::AppendObject => super::append::append_object(engine, req, bucket, key),
        Op::PutSymlink => super::symlink::put_symlink(engine, req, bucket, key),
        Op::GetSymlink => super::symlink::get_symlink(engine, req, bucket, key),
        Op::PostObject => super::post_object::post_object(engine, req, bucket, config),
    }
}

fn owner(engine: &Engine) -> xml::Owner {
    let id = engine.settings().owner_id.clone();
    xml::Owner {
        display_name: id.clone(),
        id,
    }
}

fn list_buckets(
    engine: &Engine,
    req: &WireRequest,
    endpoint: Option<&str>,
) -> OssResult<WireResponse> {
    let prefix = param(req, "prefix").unwrap_or("");
    let marker = param(req, "marker").unwrap_or("");
    let max = h::number(req, "max-keys", 1, 1000, 100, "0017-00000101")? as usize;
    let mut all = engine
        .buckets()
        .filter(|b| b.name.starts_with(prefix) && b.name.as_str() > marker);
    let buckets: Vec<_> = all
        .by_ref()
        .take(max)
        .map(|b| bucket_summary(b, endpoint))
        .collect();
    let truncated = all.next().is_some();
    let paged = req
        .query
        .iter()
        .any(|(k, _)| k == "prefix" || k == "marker" || k == "max-keys");
    Resp::new(200)
        .xml(&xml::ListAllMyBucketsResult {
            prefix: paged.then(|| prefix.to_string()),
            marker: paged.then(|| marker.to_string()),
            max_keys: paged.then_some(max as u32),
            is_truncated: paged.then_some(truncated),
            next_marker: (paged && truncated)
                .then(|| buckets.last().map(|b| b.name.clone()).unwrap_or_default()),
            owner: owner(engine),
            buckets: xml::Buckets { bucket: buckets },
        })
        .done()
}

/// ExtranetEndpoint and IntranetEndpoint of a bucket: the endpoint the request reached, for
/// both (there is no internal network in front of a lab; a client that follows either stays
/// on this server), or real OSS's names of the region when the request had no Host
/// (docs/fidelity.md §Findings of the oss2 integration suite).
fn endpoints(region: &str, reached: Option<&str>) -> (String, String) {
    match reached {
        Some(e) => (e.to_string(), e.to_string()),
        None => (
            format!("oss-{region}.aliyuncs.com"),
            format!("oss-{region}-internal.aliyuncs.com"),
        ),
    }
}

fn bucket_summary(b: &crate::engine::Bucket, endpoint: Option<&str>) -> xml::BucketSummary {
    let (extranet, intranet) = endpoints(&b.region, endpoint);
    xml::BucketSummary {
        creation_date: iso8601(b.created),
        extranet_endpoint: extranet,
        intranet_endpoint: intranet,
        location: format!("oss-{}", b.region),
        name: b.name.clone(),
        region: Some(b.region.clone()),
        storage_class: b.storage_class.as_str().into(),
    }
}

fn put_bucket(engine: &mut Engine, req: &WireRequest, bucket: &str) -> OssResult<WireResponse> {
    let class = if req.body.iter().all(u8::is_ascii_whitespace) {
        StorageClass::Standard
    } else {
        let cfg: xml::CreateBucketConfiguration =
            xml::parse_request(&req.body).map_err(malformed)?;
        match cfg.storage_class.as_deref() {
            None => StorageClass::Standard,
            Some(s) => StorageClass::parse(s)
                .ok_or_else(|| OssError::malformed_xml("Unknown StorageClass."))?,
        }
    };
    let acl = bucket_acl_header(req)?;
    engine.create_bucket(bucket, class)?;
    if let Some(acl) = acl {
        engine.set_bucket_acl(bucket, acl)?;
    }
    Resp::new(200)
        .header("Location", format!("/{bucket}"))
        .done()
}

fn bucket_info(engine: &Engine, bucket: &str, endpoint: Option<&str>) -> OssResult<WireResponse> {
    let b = engine.bucket(bucket)?;
    let (extranet, intranet) = endpoints(&b.region, endpoint);
    let replicated = engine
        .replication_rules(bucket)
        .is_ok_and(|rules| !rules.is_empty());
    let disabled = || Some("Disabled".to_string());
    let o = owner(engine);
    Resp::new(200)
        .xml(&xml::BucketInfo {
            bucket: xml::BucketInfoBucket {
                creation_date: iso8601(b.created),
                extranet_endpoint: extranet,
                intranet_endpoint: intranet,
                location: format!("oss-{}", b.region),
                storage_class: b.storage_class.as_str().into(),
                name: b.name.clone(),
                owner: xml::BucketInfoOwner {
                    display_name: o.display_name,
                    id: o.id,
                },
                access_control_list: xml::AccessControlList {
                    grant: b.acl.as_str().into(),
                },
                // The elements real OSS always sends, with the values of a bucket that never
                // had the feature (docs/fidelity.md §Findings of the oss2 integration suite).
                access_monitor: disabled(),
                transfer_acceleration: disabled(),
                cross_region_replication: if replicated {
                    Some("Enabled".into())
                } else {
                    disabled()
                },
                data_redundancy_type: Some("LRS".into()),
                comment: Some(String::new()),
                // No element at all for a never-versioned bucket.
                versioning: b.versioning.status().map(str::to_string),
                server_side_encryption_rule: Some(xml::ServerSideEncryptionRule {
                    sse_algorithm: "None".into(),
                }),
                ..Default::default()
            },
        })
        .done()
}

/// Headers GET and HEAD send for a version (docs/fidelity.md §Object headers on GET and HEAD).
fn object_headers(r: Resp, head: &ObjectHead) -> Resp {
    let meta = &head.meta;
    let mut r = r
        .header(
            "Content-Type",
            meta.content_type
                .clone()
                .map_or("application/octet-stream".into(), HeaderText::from),
        )
        .header("Accept-Ranges", "bytes")
        .header("ETag", etag_header(&head.etag))
        .header("Last-Modified", http_date(head.last_modified))
        .header("x-oss-object-type", head.object_type.as_str())
        .opt(
            "x-oss-next-append-position",
            (head.object_type == ObjectType::Appendable).then(|| head.size.to_string()),
        )
        .header("x-oss-hash-crc64ecma", head.crc64.to_string())
        .header("x-oss-storage-class", head.storage_class.as_str())
        .opt("x-oss-restore", head.restore.header(http_date))
        .opt(
            "x-oss-expiration",
            head.expiration
                .as_ref()
                .map(|(t, id)| format!("expiry-date=\"{}\", rule-id=\"{}\"", http_date(*t), id)),
        )
        .opt("x-oss-transition-time", head.transition_time.map(http_date))
        .opt("x-oss-version-id", head.version_id.clone())
        .opt("x-oss-tagging-count", tagging_count(head.tag_count))
        .opt(
            "Content-MD5",
            // An Appendable object's ETag is not an MD5 (docs/fidelity.md §AppendObject).
            head.etag
                .content_md5()
                .filter(|_| head.object_type != ObjectType::Appendable)
                .map(|m| format::content_md5(&m)),
        )
        .opt("Cache-Control", meta.cache_control.clone())
        .opt("Content-Disposition", meta.content_disposition.clone())
        .opt("Content-Encoding", meta.content_encoding.clone())
        .opt("Content-Language", meta.content_language.clone())
        .opt("Expires", meta.expires.clone());
    for (k, v) in &meta.user {
        r = r.header(format!("x-oss-meta-{k}"), v.clone());
    }
    r
}

fn get_object(
    engine: &Engine,
    req: &WireRequest,
    bucket: &str,
    key: &str,
) -> OssResult<WireResponse> {
    let range = h::range(req.header("range"));
    let version = h::version_id(req)?;
    let cond = h::conditions(req, "");
    // OSS answers 416 for an unsatisfiable range only when the client opts in with
    // `x-oss-range-behavior: standard`; otherwise it ignores the range and sends it all.
    let standard = req
        .header("x-oss-range-behavior")
        .is_some_and(|v| v.eq_ignore_ascii_case("standard"));
    let got = match engine.get_object(bucket, key, version, &cond, range) {
        Err(e) if e.status == 416 && !standard => {
            engine.get_object(bucket, key, version, &cond, None)?
        }
        other => other?,
    };
    // The engine's copy of the body, shared: nothing is copied for the response.
    let bytes = match got.range {
        Some((s, e)) => WireBody::shared(got.body.clone(), s as usize..e as usize + 1),
        None => WireBody::shared(got.body.clone(), 0..got.body.len()),
    };
    let mut r = match got.range {
        Some((s, e)) => {
            Resp::new(206).header("Content-Range", format!("bytes {s}-{e}/{}", got.head.size))
        }
        None => Resp::new(200),
    };
    r = object_headers(r, &got.head);
    // response-* query parameters override the stored headers.
    for (param_name, header) in [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ] {
        if let Some(v) = param(req, param_name) {
            r.0.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(header));
            r = r.header(header, v.to_string());
        }
    }
    r.body(bytes).done()
}

fn write_headers(r: Resp, w: &WriteResult) -> Resp {
    r.header("ETag", etag_header(&w.etag))
        .header("x-oss-hash-crc64ecma", w.crc64.to_string())
        .opt("x-oss-version-id", w.version_id.clone())
}

fn put_object(
    engine: &mut Engine,
    req: &WireRequest,
    bucket: &str,
    key: &str,
) -> OssResult<WireResponse> {
    let w = engine.put_object(PutObject {
        bucket: bucket.into(),
        key: key.into(),
        body: Arc::from(req.body.as_slice()),
        meta: h::object_meta(req),
        storage_class: h::storage_class(req)?,
        forbid_overwrite: h::forbid_overwrite(req)?,
        content_md5: h::content_md5(req)?,
        acl: object_acl_header(req)?,
        tags: tagging_header(req)?,
    })?;
    let md5 = w.etag.content_md5().map(|m| format::content_md5(&m));
    write_headers(Resp::new(200), &w)
        .opt("Content-MD5", md5)
        .done()
}

fn copy_object(
    engine: &mut Engine,
    req: &WireRequest,
    bucket: &str,
    key: &str,
) -> OssResult<WireResponse> {
    let (sb, sk, sv) = h::copy_source(req.header("x-oss-copy-source").unwrap_or(""))?;
    let replace = match req.header("x-oss-metadata-directive") {
        None => false,
        Some(d) if d.eq_ignore_ascii_case("COPY") => false,
        Some(d) if d.eq_ignore_ascii_case("REPLACE") => true,
        Some(d) => {
            return Err(OssError::invalid_argument_named(
                "x-oss-metadata-directive",
                d,
                "The x-oss-metadata-directive must be COPY or REPLACE.",
                "0016-00000302",
            ))
        }
    };
    let r = engine.copy_object(CopyObject {
        src_bucket: sb,
        src_key: sk,
        src_version: sv,
        bucket: bucket.into(),
        key: key.into(),
        replace_metadata: replace,
        meta: h::object_meta(req),
        storage_class: h::storage_class(req)?,
        forbid_overwrite: h::forbid_overwrite(req)?,
        source_conditions: h::conditions(req, "x-oss-copy-source-"),
        acl: object_acl_header(req)?,
        replace_tags: copy_tagging(req)?,
    })?;
    let etag = quoted_etag(&r.write.etag.text());
    write_headers(Resp::new(200), &r.write)
        .opt("x-oss-copy-source-version-id", r.source_version_id.clone())
        .xml(&xml::CopyObjectResult {
            etag,
            last_modified: iso8601(r.write.last_modified),
        })
        .done()
}

fn summary_xml(
    engine: &Engine,
    url: bool,
    s: &ObjectSummary,
    with_owner: bool,
) -> xml::ObjectSummary {
    xml::ObjectSummary {
        key: enc(url, &s.key),
        last_modified: iso8601(s.last_modified),
        etag: quoted_etag(&s.etag.text()),
        object_type: s.object_type.as_str().into(),
        size: s.size,
        storage_class: s.storage_class.as_str().into(),
        restore_info: restore_info(&s.restore),
        transition_time: s.transition_time.map(iso8601),
        owner: with_owner.then(|| owner(engine)),
    }
}

fn restore_info(s: &RestoreStatus) -> Option<String> {
    s.header(http_date)
}

fn list_params(req: &WireRequest) -> OssResult<ListParams> {
    Ok(ListParams {
        prefix: h::marker(req, "prefix")?.to_string(),
        // Under 1024 bytes like the prefix and markers (docs/fidelity.md §Findings of the oss2
        // integration suite).
        delimiter: h::marker(req, "delimiter")?.to_string(),
        max_keys: validate_max_keys(req.query_param("max-keys"), "max-keys")?,
    })
}

fn common_prefixes(url: bool, list: &[String]) -> Vec<xml::CommonPrefix> {
    list.iter()
        .map(|p| xml::CommonPrefix {
            prefix: enc(url, p),
        })
        .collect()
}

fn list_objects(engine: &Engine, req: &WireRequest, bucket: &str) -> OssResult<WireResponse> {
    let url = h::url_encoding(req)?;
    let p = list_params(req)?;
    let marker = h::marker(req, "marker")?;
    let page = engine.list_objects(bucket, &p, marker)?;
    Resp::new(200)
        .xml(&xml::ListBucketResult {
            name: bucket.into(),
            prefix: enc(url, &p.prefix),
            marker: enc(url, marker),
            max_keys: p.max_keys as u32,
            delimiter: enc(url, &p.delimiter),
            encoding_type: url.then(|| "url".into()),
            is_truncated: page.truncated,
            next_marker: page.next_marker.as_deref().map(|m| enc(url, m)),
            contents: page
                .objects
                .iter()
                .map(|s| summary_xml(engine, url, s, true))
                .collect(),
            common_prefixes: common_prefixes(url, &page.common_prefixes),
        })
        .done()
}

fn list_objects_v2(engine: &Engine, req: &WireRequest, bucket: &str) -> OssResult<WireResponse> {
    let url = h::url_encoding(req)?;
    let p = list_params(req)?;
    let token = param(req, "continuation-token");
    let start_after = h::marker(req, "start-after")?;
    let fetch_owner = param(req, "fetch-owner") == Some("true");
    let page = engine.list_objects_v2(bucket, &p, token, start_after)?;
    let contents: Vec<_> = page
        .objects
        .iter()
        .map(|s| summary_xml(engine, url, s, fetch_owner))
        .collect();
    let key_count = (contents.len() + page.common_prefixes.len()) as u32;
    Resp::new(200)
        .xml(&xml::ListBucketResultV2 {
            name: bucket.into(),
            prefix: enc(url, &p.prefix),
            continuation_token: token.map(str::to_string),
            start_after: (!start_after.is_empty()).then(|| enc(url, start_after)),
            max_keys: p.max_keys as u32,
            delimiter: (!p.delimiter.is_empty()).then(|| enc(url, &p.delimiter)),
            encoding_type: url.then(|| "url".into()),
            is_truncated: page.truncated,
            next_continuation_token: page.next_token.clone(),
            contents,
            common_prefixes: common_prefixes(url, &page.common_prefixes),
            key_count,
        })
        .done()
}

fn list_versions(engine: &Engine, req: &WireRequest, bucket: &str) -> OssResult<WireResponse> {
    let url = h::url_encoding(req)?;
    let p = list_params(req)?;
    let key_marker = h::marker(req, "key-marker")?;
    let vid_marker_text = param(req, "version-id-marker").unwrap_or("");
    let vid_marker = param(req, "version-id-marker")
        .map(crate::engine::VersionId::parse)
        .transpose()?;
    let page = engine.list_object_versions(bucket, &p, key_marker, vid_marker)?;
    let entries = page
        .items
        .iter()
        .map(|item| match item {
            VersionItem::Version {
                summary,
                version_id,
                is_latest,
            } => {
                // Same element texts as ListObjects, plus the version fields.
                let s = summary_xml(engine, url, summary, false);
                xml::VersionEntry::Version(xml::ObjectVersion {
                    key: s.key,
                    version_id: version_id.clone(),
                    is_latest: *is_latest,
                    last_modified: s.last_modified,
                    etag: s.etag,
                    object_type: s.object_type,
                    size: s.size,
                    storage_class: s.storage_class,
                    restore_info: s.restore_info,
                    transition_time: s.transition_time,
                    owner: owner(engine),
                })
            }
            VersionItem::DeleteMarker {
                key,
                version_id,
                is_latest,
                last_modified,
            } => xml::VersionEntry::DeleteMarker(xml::DeleteMarkerEntry {
                key: enc(url, key),
                version_id: version_id.clone(),
                is_latest: *is_latest,
                last_modified: iso8601(*last_modified),
                owner: owner(engine),
            }),
        })
        .collect();
    Resp::new(200)
        .xml(&xml::ListVersionsResult {
            name: bucket.into(),
            prefix: enc(url, &p.prefix),
            key_marker: enc(url, key_marker),
            version_id_marker: vid_marker_text.into(),
            max_keys: p.max_keys as u32,
            delimiter: enc(url, &p.delimiter),
            encoding_type: url.then(|| "url".into()),
            is_truncated: page.truncated,
            next_key_marker: page.truncated.then(|| enc(url, &page.next_key_marker)),
            next_version_id_marker: page.truncated.then(|| page.next_version_id_marker.clone()),
            entries,
            common_prefixes: common_prefixes(url, &page.common_prefixes),
        })
        .done()
}

fn delete_objects(engine: &mut Engine, req: &WireRequest, bucket: &str) -> OssResult<WireResponse> {
    let url = h::url_encoding(req)?;
    // Content-MD5 is required and must match (D-DMO).
    let md5 = h::content_md5(req)?.ok_or_else(|| OssError::missing_argument("Content-MD5"))?;
    if md5 != crate::engine::integrity::md5(&req.body) {
        return Err(OssError::invalid_digest());
    }
    let doc: xml::DeleteRequest = xml::parse_request(&req.body).map_err(malformed)?;
    if doc.objects.is_empty() || doc.objects.len() > 1000 {
        return Err(OssError::malformed_xml(
            "A Delete request holds 1 to 1000 objects.",
        ));
    }
    // Every entry is checked before anything is deleted: a request rejected for one bad key
    // or version id must not have deleted the entries listed before it.
    let mut items = Vec::with_capacity(doc.objects.len());
    for o in &doc.objects {
        if o.key.is_empty() {
            // CONFIRMED code and message (OSS 400 page); EC INFERRED.
            return Err(OssError::new(
                400,
                "UserKeyMustBeSpecified",
                "User key must be specified.",
                "0016-00000608",
            ));
        }
        crate::engine::bucket::validate_key(&o.key)?;
        let v = o
            .version_id
            .as_deref()
            .map(crate::engine::VersionId::parse)
            .transpose()?;
        items.push((o.key.clone(), v));
    }
    let quiet = doc.quiet.unwrap_or(false);
    let results = engine.delete_objects(bucket, &items)?;
    let mut deleted = Vec::new();
    for (key, requested, result) in results {
        let r = result?;
        if quiet {
            continue;
        }
        let marker_created = requested.is_none() && r.delete_marker;
        deleted.push(xml::DeletedEntry {
            key: enc(url, &key),
            version_id: requested.map(|v| v.render()),
            delete_marker: r.delete_marker.then_some(true),
            delete_marker_version_id: if marker_created {
                r.version_id.clone()
            } else if r.delete_marker {
                requested.map(|v| v.render())
            } else {
                None
            },
        });
    }
    Resp::new(200)
        .xml(&xml::DeleteResult {
            encoding_type: url.then(|| "url".into()),
            deleted,
        })
        .done()
}

fn part_params(req: &WireRequest) -> OssResult<(&str, u32)> {
    let upload_id = req.query_param("uploadId").unwrap_or("");
    let n = req.query_param("partNumber").unwrap_or("");
    let n = n
        .parse::<u32>()
        .map_err(|_| OssError::invalid_part_number(n))?;
    crate::engine::multipart::validate_part_number(n)?;
    Ok((upload_id, n))
}

fn complete_upload(
    engine: &mut Engine,
    req: &WireRequest,
    bucket: &str,
    key: &str,
) -> OssResult<WireResponse> {
    let url = h::url_encoding(req)?;
    let upload_id = req.query_param("uploadId").unwrap_or("");
    let all = req
        .header("x-oss-complete-all")
        .is_some_and(|v| v.eq_ignore_ascii_case("yes"));
    let has_body = !req.body.iter().all(u8::is_ascii_whitespace);
    let selection = match (all, has_body) {
        (true, true) => {
            return Err(OssError::invalid_argument(
                "Should not speficy both complete all header and http body.",
                "0042-00000216",
            ))
        }
        (true, false) => PartSelection::All,
        (false, _) => {
            let doc: xml::CompleteMultipartUpload =
                xml::parse_request(&req.body).map_err(|e| malformed(e).with_ec("0042-00000205"))?;
            let mut parts = Vec::with_capacity(doc.parts.len());
            for p in doc.parts {
                let n = u32::try_from(p.part_number)
                    .map_err(|_| OssError::invalid_part_number(&p.part_number.to_string()))?;
                parts.push(CompletePart {
                    part_number: n,
                    etag: p.etag,
                });
            }
            PartSelection::Listed(parts)
        }
    };
    let w = engine.complete_upload(bucket, key, upload_id, selection, h::forbid_overwrite(req)?)?;
    let etag = quoted_etag(&w.etag.text());
    let host = req.host().unwrap_or("localhost");
    write_headers(Resp::new(200), &w)
        .xml(&xml::CompleteMultipartUploadResult {
            encoding_type: url.then(|| "url".into()),
            location: format!("http://{host}/{bucket}/{}", format::url_encode_key(key)),
            bucket: bucket.into(),
            key: enc(url, key),
            etag,
        })
        .done()
}

fn list_parts(
    engine: &mut Engine,
    req: &WireRequest,
    bucket: &str,
    key: &str,
) -> OssResult<WireResponse> {
    let url = h::url_encoding(req)?;
    let upload_id = req.query_param("uploadId").unwrap_or("");
    let max = h::number(req, "max-parts", 1, 1000, 1000, "0042-00000402")? as usize;
    let marker = h::number(req, "part-number-marker", 0, 10_000, 0, "0042-00000403")? as u32;
    let page = engine.list_parts(bucket, key, upload_id, marker, max)?;
    Resp::new(200)
        .xml(&xml::ListPartsResult {
            encoding_type: url.then(|| "url".into()),
            bucket: bucket.into(),
            key: enc(url, key),
            upload_id: upload_id.into(),
            part_number_marker: marker,
            next_part_number_marker: page.next_marker,
            max_parts: max as u32,
            is_truncated: page.truncated,
            storage_class: Some(page.upload.storage_class.as_str().into()),
            parts: page
                .parts
                .iter()
                .map(|(n, p)| xml::PartSummary {
                    part_number: *n,
                    last_modified: iso8601(p.last_modified),
                    etag: quoted_etag(&hex::encode_upper(p.etag)),
                    hash_crc64ecma: Some(p.crc64.to_string()),
                    size: p.body.len() as u64,
                })
                .collect(),
        })
        .done()
}

fn list_uploads(engine: &Engine, req: &WireRequest, bucket: &str) -> OssResult<WireResponse> {
    let url = h::url_encoding(req)?;
    let prefix = h::marker(req, "prefix")?;
    let delimiter = param(req, "delimiter").unwrap_or("");
    let key_marker = h::marker(req, "key-marker")?;
    let upload_id_marker = param(req, "upload-id-marker").unwrap_or("");
    let max = h::number(req, "max-uploads", 1, 1000, 1000, "0042-00000501")? as usize;
    let page = engine.list_uploads(bucket, prefix, delimiter, key_marker, upload_id_marker, max)?;
    Resp::new(200)
        .xml(&xml::ListMultipartUploadsResult {
            encoding_type: url.then(|| "url".into()),
            bucket: bucket.into(),
            key_marker: enc(url, key_marker),
            upload_id_marker: upload_id_marker.into(),
            next_key_marker: enc(url, &page.next_key_marker),
            next_upload_id_marker: page.next_upload_id_marker.clone(),
            delimiter: enc(url, delimiter),
            prefix: enc(url, prefix),
            max_uploads: max as u32,
            is_truncated: page.truncated,
            uploads: page
                .uploads
                .iter()
                .map(|u| xml::UploadSummary {
                    key: enc(url, &u.key),
                    upload_id: u.upload_id.clone(),
                    initiated: iso8601(u.initiated),
                })
                .collect(),
            common_prefixes: common_prefixes(url, &page.common_prefixes),
        })
        .done()
}

fn restore_object(
    engine: &mut Engine,
    req: &WireRequest,
    bucket: &str,
    key: &str,
) -> OssResult<WireResponse> {
    let mut request = RestoreRequest::default();
    if !req.body.iter().all(u8::is_ascii_whitespace) {
        let doc: xml::RestoreRequest = xml::parse_request(&req.body).map_err(malformed)?;
        if let Some(unknown) = doc.unknown_elements.first() {
            return Err(OssError::invalid_restore_element(unknown));
        }
        // Out-of-range Days (negative, huge) become 0 so the engine answers the class's own
        // Days error.
        request.days = doc.days.map(|d| u32::try_from(d).unwrap_or(0));
        request.job_parameters = doc.job_parameters.is_some();
        request.tier = doc
            .job_parameters
            .and_then(|j| j.tier)
            .map(|t| Tier::parse(&t))
            .transpose()?;
    }
    let r = engine.restore_object(bucket, key, h::version_id(req)?, request)?;
    Resp::new(r.status)
        .opt("x-oss-version-id", r.version_id)
        .opt(
            "x-oss-object-restore-priority",
            r.priority.map(|t| t.as_str()),
        )
        .done()
}

// ---- lifecycle XML ↔ engine rules -----------------------------------------------------------

fn parse_date(s: &str) -> OssResult<i64> {
    format::parse_iso8601(s)
        .ok_or_else(|| OssError::malformed_xml("CreatedBeforeDate must be an ISO 8601 date."))
}

fn when(days: Option<i64>, date: Option<&str>) -> OssResult<Option<When>> {
    match (days, date) {
        (Some(_), Some(_)) => Err(OssError::malformed_xml(
            "Days and CreatedBeforeDate are exclusive.",
        )),
        (Some(d), None) => Ok(Some(When::Days(u32::try_from(d).unwrap_or(0)))),
        (None, Some(s)) => Ok(Some(When::CreatedBefore(parse_date(s)?))),
        (None, None) => Ok(None),
    }
}

fn class_of(s: &str) -> OssResult<StorageClass> {
    StorageClass::parse(s).ok_or_else(|| OssError::malformed_xml("Unknown StorageClass."))
}

fn lifecycle_from_xml(doc: xml::LifecycleConfiguration) -> OssResult<LifecycleConfig> {
    let mut rules = Vec::with_capacity(doc.rules.len());
    for r in doc.rules {
        let enabled = match r.status.as_str() {
            "Enabled" => true,
            "Disabled" => false,
            _ => {
                return Err(OssError::malformed_xml(
                    "Status must be Enabled or Disabled.",
                ))
            }
        };
        let filter = r.filter.unwrap_or_default();
        let expiration_as_date = r
            .expiration
            .as_ref()
            .is_some_and(|e| e.date.is_some() && e.created_before_date.is_none());
        let expiration = match r.expiration {
            None => None,
            Some(e) => {
                let date = e.created_before_date.as_deref().or(e.date.as_deref());
                match (when(e.days, date)?, e.expired_object_delete_marker) {
                    (Some(_), Some(true)) => {
                        return Err(OssError::malformed_xml("ExpiredObjectDeleteMarker cannot be combined with Days or CreatedBeforeDate."))
                    }
                    (Some(w), _) => Some(Expiration::When(w)),
                    (None, Some(true)) => Some(Expiration::ExpiredObjectDeleteMarker),
                    (None, _) => return Err(OssError::malformed_xml("Expiration needs Days, CreatedBeforeDate or ExpiredObjectDeleteMarker.")),
                }
            }
        };
        let mut transitions = Vec::new();
        for t in r.transitions {
            let w = when(t.days, t.created_before_date.as_deref())?.ok_or_else(|| {
                OssError::malformed_xml("Transition needs Days or CreatedBeforeDate.")
            })?;
            transitions.push((w, class_of(&t.storage_class)?));
        }
        let mut noncurrent_transitions = Vec::new();
        for t in r.noncurrent_version_transitions {
            let d = t.noncurrent_days.ok_or_else(|| {
                OssError::malformed_xml("NoncurrentVersionTransition needs NoncurrentDays.")
            })?;
            noncurrent_transitions
                .push((u32::try_from(d).unwrap_or(0), class_of(&t.storage_class)?));
        }
        let abort_multipart = match r.abort_multipart_upload {
            None => None,
            Some(a) => Some(
                when(a.days, a.created_before_date.as_deref())?.ok_or_else(|| {
                    OssError::malformed_xml("AbortMultipartUpload needs Days or CreatedBeforeDate.")
                })?,
            ),
        };
        rules.push(Rule {
            id: r.id.unwrap_or_default(),
            prefix: filter.prefix.clone().or(r.prefix).unwrap_or_default(),
            enabled,
            not_prefix: filter.not.iter().find_map(|n| n.prefix.clone()),
            not_tag: filter
                .not
                .iter()
                .find_map(|n| n.tag.as_ref().map(|t| (t.key.clone(), t.value.clone()))),
            size_greater_than: filter
                .object_size_greater_than
                .and_then(|v| u64::try_from(v).ok()),
            size_less_than: filter
                .object_size_less_than
                .and_then(|v| u64::try_from(v).ok()),
            tags: r.tags.into_iter().map(|t| (t.key, t.value)).collect(),
            expiration,
            expiration_as_date,
            transitions,
            abort_multipart,
            noncurrent_expiration_days: r
                .noncurrent_version_expiration
                .and_then(|n| n.noncurrent_days)
                .map(|d| u32::try_from(d).unwrap_or(0)),
            noncurrent_transitions,
        });
    }
    // Rules without an ID get one, as OSS does.
    for (i, r) in rules.iter_mut().enumerate() {
        if r.id.is_empty() {
            r.id = format!("rule-{}", i + 1);
        }
    }
    Ok(LifecycleConfig { rules, set_at: 0 })
}

fn lifecycle_to_xml(cfg: &LifecycleConfig) -> xml::LifecycleConfiguration {
    let days_or_date = |w: When| match w {
        When::Days(d) => (Some(i64::from(d)), None),
        When::CreatedBefore(t) => (None, Some(iso8601(t))),
    };
    xml::LifecycleConfiguration {
        rules: cfg
            .rules
            .iter()
            .map(|r| xml::LifecycleRule {
                id: Some(r.id.clone()),
                prefix: Some(r.prefix.clone()),
                status: if r.enabled { "Enabled" } else { "Disabled" }.into(),
                filter: (r.not_prefix.is_some()
                    || r.not_tag.is_some()
                    || r.size_greater_than.is_some()
                    || r.size_less_than.is_some())
                .then(|| xml::LifecycleFilter {
                    not: (r.not_prefix.is_some() || r.not_tag.is_some())
                        .then(|| xml::LifecycleNot {
                            prefix: r.not_prefix.clone(),
                            tag: r.not_tag.as_ref().map(|(k, v)| xml::Tag {
                                key: k.clone(),
                                value: v.clone(),
                            }),
                        })
                        .into_iter()
                        .collect(),
                    object_size_greater_than: r.size_greater_than.map(|v| v as i64),
                    object_size_less_than: r.size_less_than.map(|v| v as i64),
                    ..Default::default()
                }),
                tags: r
                    .tags
                    .iter()
                    .map(|(k, v)| xml::Tag {
                        key: k.clone(),
                        value: v.clone(),
                    })
                    .collect(),
                expiration: r.expiration.map(|e| match e {
                    Expiration::When(w) => {
                        let (days, date) = days_or_date(w);
                        let (date, created_before_date) = if r.expiration_as_date {
                            (date, None)
                        } else {
                            (None, date)
                        };
                        xml::LifecycleExpiration {
                            days,
                            date,
                            created_before_date,
                            ..Default::default()
                        }
                    }
                    Expiration::ExpiredObjectDeleteMarker => xml::LifecycleExpiration {
                        expired_object_delete_marker: Some(true),
                        ..Default::default()
                    },
                }),
                transitions: r
                    .transitions
                    .iter()
                    .map(|(w, c)| {
                        let (days, date) = days_or_date(*w);
                        xml::LifecycleTransition {
                            days,
                            created_before_date: date,
                            storage_class: c.as_str().into(),
                            ..Default::default()
                        }
                    })
                    .collect(),
                abort_multipart_upload: r.abort_multipart.map(|w| {
                    let (days, date) = days_or_date(w);
                    xml::LifecycleAbortMultipartUpload {
                        days,
                        created_before_date: date,
                    }
                }),
                noncurrent_version_expiration: r.noncurrent_expiration_days.map(|d| {
                    xml::NoncurrentVersionExpiration {
                        noncurrent_days: Some(i64::from(d)),
                    }
                }),
                noncurrent_version_transitions: r
                    .noncurrent_transitions
                    .iter()
                    .map(|(d, c)| xml::NoncurrentVersionTransition {
                        noncurrent_days: Some(i64::from(*d)),
                        storage_class: c.as_str().into(),
                        ..Default::default()
                    })
                    .collect(),
                atime_base: None,
            })
            .collect(),
    }
}
