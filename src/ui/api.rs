//! `window.osslab`: the lab for scripts, tests and the devtools console.
//!
//! ```js
//! await osslab.ready;                       // saved state loaded, page mounted
//! const r = await osslab.request({ method: 'PUT', path: '/photos/a.txt', body: 'hi' });
//!                                           // resolves once the change is saved
//! r.status; r.headers['x-oss-version-id']; r.body;
//! osslab.clock.now();       // RFC 3339 string, e.g. "2026-11-22T04:12:00.000Z"
//! osslab.clock.nowMs();     // the same as Unix milliseconds
//! osslab.clock.advance(3600);
//! osslab.ossutil('ls oss://photos --all-versions');  // ossutil's output text
//! osslab.storage.status();  // { state: 'saved' | 'saving' | 'failed' | 'memory' | 'loading', text }
//! await osslab.storage.saved();  // once nothing waits to be saved (clock included)
//! ```

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::GetUntracked;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::lab::Source;
use super::state::LabCtx;
use crate::wire::format::rfc3339;
use crate::wire::http::{WireRequest, WireResponse};

fn get(obj: &JsValue, name: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set(obj: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(name), value);
}

/// Entries of a plain JS object as string pairs (values stringified).
fn pairs(obj: &JsValue) -> Vec<(String, String)> {
    if !obj.is_object() {
        return Vec::new();
    }
    Object::entries(obj.unchecked_ref())
        .iter()
        .filter_map(|e| {
            let e: Array = e.unchecked_into();
            let k = e.get(0).as_string()?;
            let v = e.get(1);
            let v = v
                .as_string()
                .or_else(|| v.as_f64().map(|n| n.to_string()))
                .unwrap_or_default();
            Some((k, v))
        })
        .collect()
}

/// Turn `{method, path, query, headers, body}` into a wire request.
pub fn request_from_js(opts: &JsValue) -> WireRequest {
    let body = get(opts, "body");
    let body = if let Some(s) = body.as_string() {
        s.into_bytes()
    } else if body.is_instance_of::<Uint8Array>() {
        body.unchecked_into::<Uint8Array>().to_vec()
    } else {
        Vec::new()
    };
    crate::wire::request::build(
        &get(opts, "method")
            .as_string()
            .unwrap_or_else(|| "GET".into()),
        &get(opts, "path").as_string().unwrap_or_else(|| "/".into()),
        pairs(&get(opts, "query")),
        pairs(&get(opts, "headers")),
        body,
    )
}

fn closure<F: FnMut(JsValue) -> JsValue + 'static>(f: F) -> JsValue {
    Closure::wrap(Box::new(f) as Box<dyn FnMut(JsValue) -> JsValue>).into_js_value()
}

/// `{ status, headers, body }` for scripts.
fn response_js(resp: &WireResponse) -> JsValue {
    let out = Object::new();
    set(&out, "status", &JsValue::from(resp.status));
    let headers = Object::new();
    for (k, v) in &resp.headers {
        set(&headers, &k.to_ascii_lowercase(), &JsValue::from_str(v));
    }
    set(&out, "headers", &headers);
    set(
        &out,
        "body",
        &JsValue::from_str(&String::from_utf8_lossy(&resp.body)),
    );
    out.into()
}

/// A promise and its resolve function.
fn promise() -> (Promise, Function) {
    let mut resolve_fn: Option<Function> = None;
    let p = Promise::new(&mut |resolve, _reject| resolve_fn = Some(resolve));
    (p, resolve_fn.expect("the executor runs at once"))
}

/// Install `window.osslab` for this lab; `ready` resolves once the saved lab is loaded and
/// drawn (see `super::storage`).
pub fn install(lab: LabCtx) {
    let api = Object::new();
    set(
        &api,
        "request",
        &closure(move |opts| {
            let mut req = request_from_js(&opts);
            lab.finish(&mut req);
            let (p, resolve) = promise();
            lab.send_then(
                Source::Script,
                req,
                Some(Box::new(move |resp| {
                    let _ = resolve.call1(&JsValue::UNDEFINED, &response_js(&resp));
                })),
            );
            p.into()
        }),
    );
    set(
        &api,
        "ossutil",
        &closure(move |line| {
            JsValue::from_str(&super::ossutil::run(
                lab,
                &line.as_string().unwrap_or_default(),
            ))
        }),
    );
    let clock = Object::new();
    set(
        &clock,
        "now",
        &closure(move |_| {
            JsValue::from_str(&rfc3339(
                lab.read_untracked(|l| l.clock.now(super::lab::real_now())),
            ))
        }),
    );
    set(
        &clock,
        "nowMs",
        &closure(move |_| {
            JsValue::from(lab.read_untracked(|l| l.clock.now(super::lab::real_now())) as f64)
        }),
    );
    set(
        &clock,
        "advance",
        &closure(move |seconds| {
            let ms = (seconds.as_f64().unwrap_or(0.0) * 1000.0) as i64;
            JsValue::from_str(&rfc3339(lab.update(|l| l.advance(ms))))
        }),
    );
    set(&api, "clock", &clock);

    let storage = Object::new();
    set(
        &storage,
        "status",
        &closure(move |_| {
            let s = lab.storage.state.get_untracked();
            let out = Object::new();
            set(&out, "state", &JsValue::from_str(s.key()));
            set(&out, "text", &JsValue::from_str(&s.text()));
            set(
                &out,
                "conflicts",
                &JsValue::from(lab.storage.conflicts() as f64),
            );
            out.into()
        }),
    );
    set(
        &storage,
        "saved",
        &closure(move |_| {
            let (p, resolve) = promise();
            lab.storage.when_idle(Box::new(move || {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }));
            p.into()
        }),
    );
    set(
        &storage,
        "failNextCommit",
        &closure(move |_| {
            lab.storage.fail_next_commit();
            JsValue::UNDEFINED
        }),
    );
    set(&api, "storage", &storage);

    let (ready, resolve) = promise();
    set(&api, "ready", &ready);
    lab.storage.when_ready(Box::new(move || {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    }));
    let _ = Reflect::set(&js_sys::global(), &JsValue::from_str("osslab"), &api);
}
