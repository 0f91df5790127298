//! The JSON replies of osslab's endpoints (pretty-printed, for people reading them).

use crate::wire::http::WireResponse;
use crate::wire::OssError;

/// `value` with `status`, as `application/json`.
pub fn reply(status: u16, value: &serde_json::Value) -> WireResponse {
    WireResponse {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: serde_json::to_vec_pretty(value).unwrap_or_default().into(),
    }
}

/// An OSS error as JSON: `{"error": Code, "message": Message, "ec": EC}` with its status.
pub fn error(e: &OssError) -> WireResponse {
    reply(
        e.status,
        &serde_json::json!({"error": e.code, "message": e.message, "ec": e.ec}),
    )
}
