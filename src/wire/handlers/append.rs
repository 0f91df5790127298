//! AppendObject on the wire: `POST /key?append&position=N` (docs/fidelity.md §AppendObject,
//! PostObject and symlinks).

use std::sync::Arc;

use super::call::Call;
use super::resp::header_list;
use crate::engine::append::AppendObject;
use crate::engine::Engine;
use crate::wire::format::etag_header;
use crate::wire::headers as h;
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::{OssError, OssResult};

/// `position`: required, a non-negative integer (EC 0016-00000501 / 0016-00000502).
fn position(req: &WireRequest) -> OssResult<u64> {
    let raw = req
        .query_param("position")
        .ok_or_else(OssError::append_position_missing)?;
    // Digits only: `+1`, ` 1` and `-0` are not positions.
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(OssError::append_position_invalid(raw));
    }
    raw.parse()
        .map_err(|_| OssError::append_position_invalid(raw))
}

pub(super) fn append_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
    // Refused whatever its value (EC 0016-00000504): only the current version can grow.
    if let Some(v) = req.query_param("versionId") {
        return Err(OssError::append_with_version_id(v));
    }
    let position = position(req)?;
    // Only an append at position 0 can create the object; later appends ignore
    // `x-oss-object-acl` and `x-oss-tagging` without checking them (oss2's own
    // `test_append_object_with_tagging_wrong_num` sends 15 tags on a second append and expects
    // success; docs/fidelity.md §AppendObject).
    let (acl, tags) = if position == 0 {
        (
            crate::wire::acl_tagging::object_acl_header(req)?,
            crate::wire::acl_tagging::tagging_header(req)?,
        )
    } else {
        Default::default()
    };
    let storage_class = h::storage_class(req)?;
    // `x-oss-forbid-overwrite` is validated, but an append never replaces an object (it
    // either grows the Appendable one or fails), so there is nothing for it to forbid.
    h::put_mode(req)?;
    let r = engine.append_object(AppendObject {
        bucket: bucket.into(),
        key: key.into(),
        position,
        body: Arc::from(req.body.as_slice()),
        meta: h::object_meta(req),
        storage_class,
        content_md5: h::content_md5(req)?,
        acl,
        tags,
    })?;
    let mut headers = vec![
        ("ETag", etag_header(&r.etag)),
        ("x-oss-next-append-position", r.next_position.to_string()),
        ("x-oss-hash-crc64ecma", r.crc64.to_string()),
    ];
    if let Some(v) = r.version_id {
        headers.push(("x-oss-version-id", v));
    }
    Ok(header_list(200, headers, Vec::new()))
}
