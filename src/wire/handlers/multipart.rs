//! Multipart uploads: initiate, upload (and copy) parts, complete, abort, list parts and
//! uploads.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use super::call::Call;
use super::listing::common_prefixes;
use super::object::write_headers;
use super::resp::{enc, malformed, Resp};
use crate::engine::multipart::{CompletePart, InitiateUpload, PartCopySource, PartSelection};
use crate::engine::Engine;
use crate::wire::acl_tagging::{object_acl_header, tagging_header};
use crate::wire::format::{self, iso8601, quoted_etag};
use crate::wire::headers::{self as h, param};
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::xml;
use crate::wire::{OssError, OssResult};

pub(super) fn initiate_upload(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
    let url = h::url_encoding(req)?;
    let upload_id = engine.initiate_upload(InitiateUpload {
        bucket: bucket.into(),
        key: key.into(),
        meta: h::object_meta(req),
        storage_class: h::storage_class(req)?,
        mode: h::put_mode(req)?,
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

pub(super) fn upload_part(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let req = c.req;
    let (upload_id, n) = part_params(req)?;
    let md5 = h::content_md5(req)?;
    let r = engine.upload_part(
        c.bucket,
        c.key,
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

pub(super) fn upload_part_copy(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let req = c.req;
    let (upload_id, n) = part_params(req)?;
    let (sb, sk, sv) = h::copy_source(req.header("x-oss-copy-source").unwrap_or(""))?;
    let src = PartCopySource {
        bucket: sb,
        key: sk,
        version: sv,
        range: h::copy_range(req)?,
        conditions: h::conditions(req, "x-oss-copy-source-"),
    };
    let r = engine.upload_part_copy(c.bucket, c.key, upload_id, n, &src)?;
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

pub(super) fn abort_upload(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    engine.abort_upload(c.bucket, c.key, param(c.req, "uploadId").unwrap_or(""))?;
    Resp::new(204).done()
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

pub(super) fn complete_upload(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
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
    let w = engine.complete_upload(bucket, key, upload_id, selection, h::put_mode(req)?)?;
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

pub(super) fn list_parts(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
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

pub(super) fn list_uploads(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket) = (c.req, c.bucket);
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
