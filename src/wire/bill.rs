//! `GET /_osslab/bill?bucket=B`: the bucket's storage bill on the virtual clock, as JSON
//! (osslab-only; OSS has no such API), and the request counting behind its request lines.
//!
//! Request kinds (docs/fidelity.md, "What versions cost"): OSS bills requests that answered
//! 2xx or 3xx only, CONFIRMED (OSS "Request fees"). PUT-type are uploads, copies, deletes and
//! bucket changes; GET-type reads. CONFIRMED that ListObjects (GetBucket) is a PUT-type
//! request; CHOICE: ListObjectsV2 and ListObjectVersions likewise, every other request by its
//! method (PUT, POST, DELETE: PUT-type; GET, HEAD: GET-type).

use serde_json::json;

use super::config::WireConfig;
use super::http::WireRequest;
use super::http::WireResponse;
use super::osslab::json::{error as json_error, reply as json_response};
use super::route::{classify, resolve_target, Op};
use crate::engine::meter::RequestKind;
use crate::engine::prices::Prices;
use crate::engine::Engine;
use crate::wire::OssError;

/// The path of [`bill_endpoint`] (routed by [`super::osslab::endpoint`]).
pub const BILL_PATH: &str = "/_osslab/bill";

/// The billed kind of a request that answered `status`, `None` when it is not billed.
pub fn request_kind(method: &str, op: Op, status: u16) -> Option<RequestKind> {
    if status >= 400 {
        return None;
    }
    if matches!(
        op,
        Op::ListObjects | Op::ListObjectsV2 | Op::ListObjectVersions
    ) {
        return Some(RequestKind::Put);
    }
    match method {
        "GET" | "HEAD" => Some(RequestKind::Get),
        _ => Some(RequestKind::Put),
    }
}

/// Count a handled OSS request on its bucket's bill.
pub fn count(engine: &mut Engine, req: &WireRequest, config: &WireConfig, status: u16) {
    if status >= 400 {
        return;
    }
    let Ok(t) = resolve_target(req, &config.virtual_host_suffixes) else {
        return;
    };
    let Some(bucket) = t.bucket.as_deref() else {
        return;
    };
    if let Some(kind) = classify(req, &t)
        .ok()
        .and_then(|op| request_kind(&req.method, op, status))
    {
        engine.count_request(bucket, kind);
    }
}

/// The bill of `bucket` with the list prices, as the endpoint answers it.
pub fn bill_json(engine: &Engine, bucket: &str, top: usize) -> Result<serde_json::Value, OssError> {
    let prices = Prices::list();
    let bill = engine.bill(bucket, &prices)?;
    let stored: Vec<_> = engine
        .meter()
        .bucket(bucket)
        .map(|m| m.stored_at(engine.now()))
        .unwrap_or_default()
        .into_iter()
        .map(|(class, line, bytes)| json!({"class": class, "line": line.as_str(), "bytes": bytes}))
        .collect();
    let storage: Vec<_> = bill
        .storage
        .iter()
        .map(|s| {
            json!({
                "class": s.class, "line": s.line.as_str(), "byte_hours": s.byte_hours,
                "gb_hours": s.gb_hours, "price_gb_month": s.price_gb_month, "cost": s.cost,
            })
        })
        .collect();
    Ok(json!({
        "bucket": bucket,
        "at": crate::wire::format::rfc3339(engine.now()),
        "currency": bill.currency,
        "region": prices.region,
        "prices_as_of": prices.as_of,
        "total": bill.total,
        "unpriced": bill.unpriced,
        "storage": storage,
        "stored": stored,
        "retrieval": bill.retrieval,
        "requests": bill.requests,
        "top_keys": engine.top_keys(bucket, &prices, top),
    }))
}

/// `GET /_osslab/bill?bucket=B[&top=N]` (N keys by cost, default 10, at most 1000).
pub fn bill_endpoint(engine: &Engine, req: &WireRequest) -> WireResponse {
    if req.method != "GET" {
        return json_response(
            405,
            &json!({"error": "MethodNotAllowed", "message": "GET only"}),
        );
    }
    let Some(bucket) = req.query_param("bucket").filter(|b| !b.is_empty()) else {
        return json_response(
            400,
            &json!({"error": "InvalidArgument", "message": "bucket is required"}),
        );
    };
    let top = match req.query_param("top").map(|t| t.parse::<usize>()) {
        None => 10,
        Some(Ok(n)) if n <= 1000 => n,
        Some(_) => {
            return json_response(
                400,
                &json!({"error": "InvalidArgument", "message": "top must be 0 to 1000"}),
            )
        }
    };
    match bill_json(engine, bucket, top) {
        Ok(v) => json_response(200, &v),
        Err(e) => json_error(&e),
    }
}

/// `ossutil du oss://bucket[/prefix] [--all-versions]` as the lab's console prints it: the
/// per-class object count and size in ossutil's layout, the parts of unfinished uploads, then
/// osslab's addition, each version's billable size and what it has cost so far and costs per
/// day at `prices` (`-` where the class has no price).
pub fn du_text(
    engine: &Engine,
    bucket: &str,
    prefix: &str,
    all_versions: bool,
    prices: &Prices,
) -> Result<String, OssError> {
    use crate::engine::StorageClass;
    use std::fmt::Write as _;
    let b = engine.bucket(bucket)?;
    let mut by_class = [(0u64, 0u64); 5];
    let mut rows = String::new();
    let money = |c: Option<f64>| c.map_or("-".to_string(), |c| format!("{c:.8}"));
    for (key, stack) in b.objects.range(prefix.to_string()..) {
        if !key.starts_with(prefix) {
            break;
        }
        let entries: Vec<_> = if all_versions {
            stack.newest_first().collect()
        } else {
            stack.current().into_iter().collect()
        };
        for e in entries {
            let Some(o) = e.object() else { continue };
            let slot = &mut by_class[o.storage_class as usize];
            slot.0 += 1;
            slot.1 += o.body.len() as u64;
            let cost = engine.version_cost(bucket, e.seq, prices);
            let _ = writeln!(
                rows,
                "{key}  {}  {}  {}  {}  {}  {}",
                e.version_id().render(),
                o.storage_class.as_str(),
                o.body.len(),
                if stack.current().is_some_and(|c| c.seq == e.seq) {
                    "current"
                } else {
                    "noncurrent"
                },
                money(cost.as_ref().and_then(|c| c.cost)),
                money(cost.and_then(|c| c.cost_per_day)),
            );
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<16}{:<24}sum size(byte)",
        "storage class", "object count"
    );
    out.push_str(&"-".repeat(58));
    out.push('\n');
    for class in StorageClass::ALL {
        let (n, size) = by_class[class as usize];
        if n > 0 {
            let _ = writeln!(out, "{:<16}{:<24}{}", class.as_str(), n, size);
        }
    }
    let (n, size) = by_class.iter().fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
    let (parts, part_size) = b
        .uploads
        .values()
        .filter(|u| u.key.starts_with(prefix))
        .flat_map(|u| u.parts.values())
        .fold((0u64, 0u64), |a, p| (a.0 + 1, a.1 + p.body.len() as u64));
    let _ = writeln!(
        out,
        "total object count: {n:<24}total object sum size: {size}"
    );
    let _ = writeln!(
        out,
        "total part count: {parts:<26}total part sum size: {part_size}"
    );
    let _ = writeln!(
        out,
        "\nkey  version-id  class  size  state  cost-so-far({c})  per-day({c})",
        c = prices.currency
    );
    out.push_str(&rows);
    Ok(out)
}
