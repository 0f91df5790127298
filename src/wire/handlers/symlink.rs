//! PutSymlink and GetSymlink on the wire: `PUT|GET /key?symlink` (docs/fidelity.md
//! §AppendObject, PostObject and symlinks).

use percent_encoding::percent_decode_str;

use super::call::Call;
use super::resp::header_list;
use crate::engine::symlink::PutSymlink;
use crate::engine::Engine;
use crate::wire::format::{self, http_date, quoted_etag};
use crate::wire::headers as h;
use crate::wire::http::WireRequest;
use crate::wire::http::WireResponse;
use crate::wire::{OssError, OssResult};

/// `x-oss-symlink-target`: the SDKs percent-encode it (oss2 quotes it, ali-oss and the v2
/// SDK escape it), so it is decoded like a key in a path.
fn target(req: &WireRequest) -> OssResult<String> {
    let raw = req
        .header("x-oss-symlink-target")
        .filter(|v| !v.is_empty())
        .ok_or_else(OssError::symlink_target_missing)?;
    percent_decode_str(raw)
        .decode_utf8()
        .map(|t| t.into_owned())
        .map_err(|_| OssError::invalid_object_name())
}

pub(super) fn put_symlink(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
    let w = engine.put_symlink(PutSymlink {
        bucket: bucket.into(),
        key: key.into(),
        target: target(req)?,
        meta: h::object_meta(req),
        storage_class: h::storage_class(req)?,
        mode: h::put_mode(req)?,
        acl: crate::wire::acl_tagging::object_acl_header(req)?,
        tags: crate::wire::acl_tagging::tagging_header(req)?,
    })?;
    let mut headers = vec![("ETag", format::etag_header(&w.etag))];
    if let Some(v) = w.version_id {
        headers.push(("x-oss-version-id", v));
    }
    Ok(header_list(200, headers, Vec::new()))
}

pub(super) fn get_symlink(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
    let s = engine.get_symlink(bucket, key, h::version_id(req)?)?;
    let mut headers = vec![
        ("Last-Modified", http_date(s.last_modified)),
        ("ETag", quoted_etag(&s.etag.text())),
        // Encoded as the SDKs expect to decode it.
        ("x-oss-symlink-target", format::url_encode_key(&s.target)),
    ];
    if let Some(t) = &s.meta.content_type {
        headers.push(("Content-Type", t.clone()));
    }
    if let Some(v) = s.version_id {
        headers.push(("x-oss-version-id", v));
    }
    let mut resp = header_list(200, headers, Vec::new());
    for (k, v) in &s.meta.user {
        resp.headers
            .push((format!("x-oss-meta-{k}").into(), v.clone().into()));
    }
    Ok(resp)
}
