//! Archive restore: RestoreObject and CleanRestoredObject.

use super::call::Call;
use super::resp::{malformed, Resp};
use crate::engine::archive::{RestoreEffect, RestoreRequest, Tier};
use crate::engine::Engine;
use crate::wire::headers as h;
use crate::wire::http::WireResponse;
use crate::wire::xml;
use crate::wire::{OssError, OssResult};

pub(super) fn restore_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, key) = (c.req, c.bucket, c.key);
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
    // 202 while a restore runs (started or raised), 200 when a restored copy was extended.
    let status = match r.effect {
        RestoreEffect::Started | RestoreEffect::Raised => 202,
        RestoreEffect::Extended => 200,
    };
    Resp::new(status)
        .opt("x-oss-version-id", r.version_id)
        .opt(
            "x-oss-object-restore-priority",
            r.priority.map(|t| t.as_str()),
        )
        .done()
}

pub(super) fn clean_restored_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let v = engine.clean_restored_object(c.bucket, c.key, h::version_id(c.req)?)?;
    Resp::new(200).opt("x-oss-version-id", v).done()
}
