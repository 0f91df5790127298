//! PostObject: browser form uploads (`POST /bucket`, `multipart/form-data`).

use super::http::{WireRequest, WireResponse};
use super::WireConfig;
use crate::engine::{Engine, OssError, OssResult};

pub(super) fn post_object(
    _engine: &mut Engine,
    req: &WireRequest,
    _bucket: &str,
    _config: &WireConfig,
) -> OssResult<WireResponse> {
    Err(OssError::method_not_allowed(&req.method))
}
