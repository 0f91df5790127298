//! The entry point of signature checking: which scheme a request uses, then that scheme's check.

use super::canonical::header_first;
use super::failure::{malformed, EC_AUTH_PREFIX, EC_URL_BAD_VERSION, MSG_BAD_AUTH_HEADER};
use super::types::{AuthFailure, AuthOutcome, SignTarget};
use super::v1::{verify_v1_header, verify_v1_query};
use super::v2::{verify_v2_header, verify_v2_query};
use super::v4::{verify_v4_header, verify_v4_query};
use crate::wire::http::WireRequest;

/// Check the request's signature. `lookup` maps an access key id to its secret; `now_ms` is the
/// server clock (epoch milliseconds) used for presigned-URL expiry.
///
/// Header-signed requests are not checked for clock skew: the emulator is often driven with
/// fixed dates (tests, the browser UI replaying a request), and the SDKs never depend on it.
pub fn verify(
    req: &WireRequest,
    target: &SignTarget,
    lookup: &dyn Fn(&str) -> Option<String>,
    now_ms: i64,
) -> Result<AuthOutcome, AuthFailure> {
    // A header signature wins over query parameters, as the Authorization header is the
    // primary mechanism and a URL can legitimately carry unrelated `Signature`-like names.
    if let Some(auth) = header_first(req, "authorization") {
        return verify_header(req, target, lookup, auth);
    }
    if let Some(version) = req.query_param("x-oss-signature-version") {
        return match version {
            "OSS4-HMAC-SHA256" => verify_v4_query(req, target, lookup, now_ms),
            "OSS2" => verify_v2_query(req, target, lookup, now_ms),
            _ => Err(malformed(
                "The x-oss-signature-version parameter is invalid.",
                EC_URL_BAD_VERSION,
                None,
            )),
        };
    }
    if req.query_param("x-oss-credential").is_some() {
        // A V4 URL that lost its version parameter: say so rather than treat it as anonymous.
        return Err(malformed(
            "The x-oss-signature-version parameter is missing.",
            EC_URL_BAD_VERSION,
            None,
        ));
    }
    if req.query_param("OSSAccessKeyId").is_some() || req.query_param("Signature").is_some() {
        return verify_v1_query(req, target, lookup, now_ms);
    }
    Ok(AuthOutcome::Anonymous)
}

pub(super) fn verify_header(
    req: &WireRequest,
    target: &SignTarget,
    lookup: &dyn Fn(&str) -> Option<String>,
    auth: &str,
) -> Result<AuthOutcome, AuthFailure> {
    let (prefix, rest) = auth.split_once(' ').unwrap_or((auth, ""));
    match prefix {
        "OSS" => verify_v1_header(req, target, lookup, auth, rest),
        "OSS2" => verify_v2_header(req, target, lookup, auth, rest),
        "OSS4-HMAC-SHA256" => verify_v4_header(req, target, lookup, auth, rest),
        _ => Err(malformed(MSG_BAD_AUTH_HEADER, EC_AUTH_PREFIX, Some(auth))),
    }
}
