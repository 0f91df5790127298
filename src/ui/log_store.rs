//! The request log across reloads: the newest [`KEPT`] exchanges (each under [`MAX_BODY`]
//! bytes a body) are kept in `localStorage`, written when the page is hidden or closed and a
//! moment after each request, and put back when the page starts. The engine itself is saved
//! by `super::storage`; the log is a teaching aid, so a full or missing `localStorage` only
//! means the log starts empty.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::lab::{op_name, LogEntry, Source};
use super::state::LabCtx;
use crate::wire::http::{WireRequest, WireResponse};

/// The `localStorage` key.
const KEY: &str = "osslab-request-log";
/// Exchanges kept across a reload.
pub const KEPT: usize = 50;
/// Bigger bodies are not kept (the exchange is left out rather than shown cut).
pub const MAX_BODY: usize = 32 * 1024;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn pairs(v: &[(String, String)]) -> Value {
    Value::Array(v.iter().map(|(k, v)| json!([k, v])).collect())
}

fn entry_json(e: &LogEntry) -> Option<Value> {
    if e.request.body.len() > MAX_BODY || e.response.body.len() > MAX_BODY {
        return None;
    }
    Some(json!({
        "id": e.id,
        "at": e.at,
        "source": e.source.label(),
        "method": e.request.method,
        "path": e.request.path,
        "query": pairs(&e.request.query),
        "headers": pairs(&e.request.headers),
        "body": B64.encode(&e.request.body),
        "status": e.response.status,
        "response_headers": Value::Array(e.response.headers.iter().map(|(k, v)| json!([k, v])).collect()),
        "response_body": B64.encode(&e.response.body[..]),
    }))
}

fn read_pairs(v: &Value) -> Option<Vec<(String, String)>> {
    v.as_array()?
        .iter()
        .map(|p| Some((p.get(0)?.as_str()?.into(), p.get(1)?.as_str()?.into())))
        .collect()
}

fn entry_of(v: &Value) -> Option<LogEntry> {
    let label = v.get("source")?.as_str()?;
    let request = WireRequest {
        method: v.get("method")?.as_str()?.into(),
        path: v.get("path")?.as_str()?.into(),
        query: read_pairs(v.get("query")?)?,
        headers: read_pairs(v.get("headers")?)?,
        body: B64.decode(v.get("body")?.as_str()?).ok()?,
    };
    let response = WireResponse {
        status: u16::try_from(v.get("status")?.as_u64()?).ok()?,
        headers: read_pairs(v.get("response_headers")?)?
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect(),
        body: B64.decode(v.get("response_body")?.as_str()?).ok()?.into(),
    };
    Some(LogEntry {
        id: v.get("id")?.as_u64()?,
        at: v.get("at")?.as_i64()?,
        source: Source::ALL.into_iter().find(|s| s.label() == label)?,
        op: op_name(&request),
        request,
        response,
    })
}

/// Write the newest exchanges (best effort).
pub fn save(lab: LabCtx) {
    let entries: Vec<Value> =
        lab.read_untracked(|l| l.log.iter().filter_map(entry_json).take(KEPT).collect());
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(&entries)) {
        if s.set_item(KEY, &text).is_err() {
            let _ = s.remove_item(KEY);
        }
    }
}

/// The saved exchanges, newest first (damaged ones skipped).
fn load() -> Vec<LogEntry> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return Vec::new();
    };
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    items.iter().filter_map(entry_of).take(KEPT).collect()
}

/// Put the saved log back, and save it whenever the page is hidden and shortly after each
/// change of the log.
pub fn start(lab: LabCtx) {
    let saved = load();
    if !saved.is_empty() {
        lab.update(|l| l.restore_log(saved));
    }
    let on_hide = Closure::<dyn Fn()>::new(move || save(lab));
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        if let Some(d) = w.document() {
            let _ = d.add_event_listener_with_callback(
                "visibilitychange",
                on_hide.as_ref().unchecked_ref(),
            );
        }
    }
    on_hide.forget();
    // A moment after the newest entry changes (a burst of requests writes once).
    let newest = Memo::new(move |_| lab.read(|l| l.last_log_id()));
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        newest.track();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let h =
            set_timeout_with_handle(move || save(lab), std::time::Duration::from_millis(400)).ok();
        pending.set_value(h);
    });
}
