//! Versioning: PutBucketVersioning and GetBucketVersioning.

use super::call::Call;
use super::resp::{malformed, Resp};
use crate::engine::{Engine, Versioning};
use crate::wire::http::WireResponse;
use crate::wire::xml;
use crate::wire::{OssError, OssResult};

pub(super) fn put_versioning(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let cfg: xml::VersioningConfiguration = xml::parse_request(&c.req.body).map_err(malformed)?;
    let state = cfg
        .status
        .as_deref()
        .and_then(Versioning::parse_status)
        .ok_or_else(|| OssError::malformed_xml("Status must be Enabled or Suspended."))?;
    engine.set_versioning(c.bucket, state)?;
    Resp::new(200).done()
}

pub(super) fn get_versioning(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let v = engine.versioning(c.bucket)?;
    Resp::new(200)
        .header("Content-Type", "application/xml")
        .body(xml::versioning_configuration_xml(v.status()))
        .done()
}
