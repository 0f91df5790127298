//! `GET /_osslab/clock` and `POST /_osslab/clock/advance?seconds=N`: the virtual clock over
//! HTTP, so SDK tests can watch a restore complete. The native server owns the clock and
//! calls these under its engine lock (saving the clock when it moved); the replies are
//! small JSON objects, `{"now": "<RFC 3339>"}` or `{"error": "<why>"}`.

use crate::engine::clock::VirtualClock;
use crate::engine::{Engine, Millis};
use crate::wire::format::rfc3339;
use crate::wire::http::{WireRequest, WireResponse};

pub const CLOCK_PATH: &str = "/_osslab/clock";
pub const ADVANCE_PATH: &str = "/_osslab/clock/advance";

/// What a clock request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockRequest {
    /// `GET /_osslab/clock`: the time.
    Now,
    /// `POST /_osslab/clock/advance?seconds=N`: move the clock forward by this much.
    Advance(Millis),
}

impl ClockRequest {
    /// Whether answering it moves the clock (a durable lab then saves it).
    pub fn moves(self) -> bool {
        matches!(self, ClockRequest::Advance(_))
    }
}

/// Read a clock request; `Err` is the reply to send instead (404 for another method or
/// path, 400 for a bad `seconds`).
pub fn parse(req: &WireRequest) -> Result<ClockRequest, WireResponse> {
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", CLOCK_PATH) => Ok(ClockRequest::Now),
        ("POST", ADVANCE_PATH) => {
            let seconds = req
                .query_param("seconds")
                .and_then(|s| s.parse::<i64>().ok());
            match seconds {
                Some(s) if s >= 0 => Ok(ClockRequest::Advance(s.saturating_mul(1000))),
                _ => Err(reply(
                    400,
                    r#"{"error": "seconds must be a non-negative integer"}"#,
                )),
            }
        }
        _ => Err(unknown()),
    }
}

/// Apply `request` to the clock and bring the engine to the clock's present; the new time.
pub fn apply(
    clock: &mut VirtualClock,
    engine: &mut Engine,
    request: ClockRequest,
    real_now: Millis,
) -> Millis {
    if let ClockRequest::Advance(by) = request {
        clock.advance(by, real_now);
    }
    let now = clock.now(real_now);
    engine.set_now(now);
    now
}

/// `{"now": "<RFC 3339>"}`.
pub fn now_reply(now: Millis) -> WireResponse {
    reply(200, &format!(r#"{{"now": "{}"}}"#, rfc3339(now)))
}

/// `{"error": "<why>"}` with `status`.
pub fn error_reply(status: u16, why: &str) -> WireResponse {
    let msg = serde_json::Value::String(why.to_string());
    reply(status, &format!(r#"{{"error": {msg}}}"#))
}

/// The 404 of a path under `/_osslab` that names no endpoint.
pub fn unknown() -> WireResponse {
    reply(404, r#"{"error": "unknown osslab endpoint"}"#)
}

fn reply(status: u16, body: &str) -> WireResponse {
    WireResponse {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Content-Length".into(), body.len().to_string().into()),
        ],
        body: body.as_bytes().to_vec().into(),
    }
}
