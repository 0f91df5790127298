//! Objects: PutObject, CopyObject, GetObject, HeadObject, GetObjectMeta, DeleteObject and
//! DeleteMultipleObjects.

use std::sync::Arc;

use super::call::Call;
use super::resp::{enc, malformed, Resp};
use crate::engine::objects::{
    BatchDeleted, CopyObject, ObjectHead, ObjectToDelete, PutObject, WriteResult,
};
use crate::engine::{Engine, ObjectType};
use crate::wire::acl_tagging::{copy_tagging, object_acl_header, tagging_count, tagging_header};
use crate::wire::format::{self, etag_header, http_date, iso8601, quoted_etag};
use crate::wire::headers::{self as h, param};
use crate::wire::http::{HeaderText, WireBody, WireResponse};
use crate::wire::xml;
use crate::wire::{OssError, OssResult};

/// Headers GET and HEAD send for a version (docs/fidelity.md §Object headers on GET and HEAD).
pub(super) fn object_headers(r: Resp, head: &ObjectHead) -> Resp {
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
        .opt("x-oss-restore", format::restore_header(&head.restore))
        .opt(
            "x-oss-expiration",
            head.expiration.as_ref().map(|d| {
                format!(
                    "expiry-date=\"{}\", rule-id=\"{}\"",
                    http_date(d.at),
                    d.rule_id
                )
            }),
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

pub(super) fn get_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
    let range = h::range(req.header("range"));
    let version = h::version_id(req)?;
    let cond = h::conditions(req, "");
    // OSS answers 416 for an unsatisfiable range only when the client opts in with
    // `x-oss-range-behavior: standard`; otherwise it ignores the range and sends it all.
    let standard = req
        .header("x-oss-range-behavior")
        .is_some_and(|v| v.eq_ignore_ascii_case("standard"));
    let got = match engine.get_object(bucket, key, version, &cond, range) {
        Err(crate::engine::Error::RangeNotSatisfiable) if !standard => {
            engine.get_object(bucket, key, version, &cond, None)?
        }
        other => other?,
    };
    // The engine's copy of the body, shared: nothing is copied for the response.
    let bytes = match got.range {
        Some(span) => WireBody::shared(
            got.body.clone(),
            span.first as usize..span.last as usize + 1,
        ),
        None => WireBody::shared(got.body.clone(), 0..got.body.len()),
    };
    let mut r = match got.range {
        Some(span) => Resp::new(206).header(
            "Content-Range",
            format!("bytes {}-{}/{}", span.first, span.last, got.head.size),
        ),
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

pub(super) fn write_headers(r: Resp, w: &WriteResult) -> Resp {
    r.header("ETag", etag_header(&w.etag))
        .header("x-oss-hash-crc64ecma", w.crc64.to_string())
        .opt("x-oss-version-id", w.version_id.clone())
}

pub(super) fn put_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
    let w = engine.put_object(PutObject {
        bucket: bucket.into(),
        key: key.into(),
        body: Arc::from(req.body.as_slice()),
        meta: h::object_meta(req),
        storage_class: h::storage_class(req)?,
        mode: h::put_mode(req)?,
        content_md5: h::content_md5(req)?,
        acl: object_acl_header(req)?,
        tags: tagging_header(req)?,
    })?;
    let md5 = w.etag.content_md5().map(|m| format::content_md5(&m));
    write_headers(Resp::new(200), &w)
        .opt("Content-MD5", md5)
        .done()
}

pub(super) fn copy_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
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
        mode: h::put_mode(req)?,
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

/// The version a HEAD (or GetObjectMeta) addresses, its `If-*` conditions checked.
fn head(engine: &Engine, c: &Call) -> OssResult<ObjectHead> {
    Ok(engine.head_object(
        c.bucket,
        c.key,
        h::version_id(c.req)?,
        &h::conditions(c.req, ""),
    )?)
}

pub(super) fn head_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let head = head(engine, c)?;
    object_headers(Resp::new(200), &head)
        .header("Content-Length", head.size.to_string())
        .done()
}

pub(super) fn get_object_meta(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let head = head(engine, c)?;
    Resp::new(200)
        .header("Content-Length", head.size.to_string())
        .header("ETag", quoted_etag(&head.etag.text()))
        .header("Last-Modified", http_date(head.last_modified))
        .opt("x-oss-version-id", head.version_id.clone())
        .done()
}

pub(super) fn delete_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let r = engine.delete_object(c.bucket, c.key, h::version_id(c.req)?)?;
    Resp::new(204)
        .opt("x-oss-delete-marker", r.delete_marker.then_some("true"))
        .opt("x-oss-version-id", r.version_id)
        .done()
}

pub(super) fn delete_objects(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket) = (c.req, c.bucket);
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
        items.push(ObjectToDelete {
            key: o.key.clone(),
            version: v,
        });
    }
    let quiet = doc.quiet.unwrap_or(false);
    let results = engine.delete_objects(bucket, &items)?;
    let mut deleted = Vec::new();
    for BatchDeleted {
        key,
        version: requested,
        result,
    } in results
    {
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
