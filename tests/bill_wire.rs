//! `GET /_osslab/bill` through `Wire::handle`: storage by class and line, the request counts
//! (2xx/3xx only, lists as PUT-type), the top keys, and bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{req, Lab, T0};
use osslab::engine::HOUR;

fn bill(lab: &mut Lab, bucket: &str) -> serde_json::Value {
    let resp = lab.ok(req("GET", "/_osslab/bill").q("bucket", bucket));
    assert_eq!(resp.header("content-type"), Some("application/json"));
    serde_json::from_slice(&resp.body).unwrap()
}

fn storage(b: &serde_json::Value, class: &str, line: &str) -> f64 {
    b["storage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["class"] == class && s["line"] == line)
        .map_or(0.0, |s| s["byte_hours"].as_f64().unwrap())
}

#[test]
fn the_bill_meters_current_and_noncurrent_versions_and_counts_requests() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    lab.ok(req("PUT", "/bkt")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    lab.ok(req("PUT", "/bkt/k").body(vec![b'a'; 1000]));
    lab.engine.set_now(T0 + 10 * HOUR);
    lab.ok(req("PUT", "/bkt/k").body(vec![b'b'; 400]));
    lab.ok(req("GET", "/bkt/k"));
    lab.ok(req("HEAD", "/bkt/k"));
    lab.ok(req("GET", "/bkt"));
    assert_eq!(lab.send(&req("GET", "/bkt/missing")).status, 404);
    lab.engine.set_now(T0 + 15 * HOUR);

    let b = bill(&mut lab, "bkt");
    assert_eq!(b["bucket"], "bkt");
    assert_eq!(
        storage(&b, "Standard", "current"),
        1000.0 * 10.0 + 400.0 * 5.0
    );
    assert_eq!(storage(&b, "Standard", "noncurrent"), 1000.0 * 5.0);
    // PutBucket, PutBucketVersioning, 2 PutObject, ListObjects; GetObject and HeadObject.
    // The 404 is not billed.
    assert_eq!(b["requests"]["put"], 5);
    assert_eq!(b["requests"]["get"], 2);
    assert_eq!(b["currency"], "CNY");
    // Standard storage has a list price: the total is that storage's cost.
    let gb_hours = (1000.0 * 15.0 + 400.0 * 5.0) / (1u64 << 30) as f64;
    let expected = gb_hours * 0.12 / 30.0 / 24.0;
    assert!((b["total"].as_f64().unwrap() - expected).abs() < 1e-15);
    let stored = &b["stored"];
    assert!(stored
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["line"] == "noncurrent" && s["bytes"] == 1000));
    assert_eq!(b["top_keys"][0]["key"], "k");
}

#[test]
fn bad_bill_requests_get_json_errors() {
    let mut lab = Lab::default();
    assert_eq!(lab.send(&req("GET", "/_osslab/bill")).status, 400);
    let resp = lab.send(&req("GET", "/_osslab/bill").q("bucket", "nope"));
    assert_eq!(resp.status, 404);
    let v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
    assert_eq!(v["error"], "NoSuchBucket");
    assert_eq!(
        lab.send(&req("POST", "/_osslab/bill").q("bucket", "x"))
            .status,
        405
    );
    lab.ok(req("PUT", "/bkt"));
    assert_eq!(
        lab.send(&req("GET", "/_osslab/bill").q("bucket", "bkt").q("top", "x"))
            .status,
        400
    );
    // A bucket with nothing metered yet but its creation: an empty bill.
    let b = bill(&mut lab, "bkt");
    assert_eq!(b["storage"].as_array().unwrap().len(), 0);
    assert_eq!(b["total"], 0.0);
}

#[test]
fn du_lists_classes_parts_and_what_each_version_costs() {
    use osslab::engine::prices::Prices;
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    lab.ok(req("PUT", "/bkt")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    lab.ok(req("PUT", "/bkt/a").body(vec![b'a'; 1000]));
    lab.ok(req("PUT", "/bkt/a")
        .body(vec![b'a'; 10])
        .h("x-oss-storage-class", "IA"));
    lab.ok(req("PUT", "/bkt/other").body(vec![b'o'; 7]));
    lab.engine.set_now(T0 + 24 * HOUR);
    let prices = Prices::list();
    let all = osslab::wire::bill::du_text(&lab.engine, "bkt", "a", true, &prices).unwrap();
    assert!(
        all.contains("Standard        1                       1000\n"),
        "{all}"
    );
    assert!(
        all.contains("IA              1                       10\n"),
        "{all}"
    );
    assert!(all.contains("total object count: 2"), "{all}");
    // The Standard version is priced (0.12 CNY/GB-month), the IA one is not.
    let per_day = 1000.0 / (1u64 << 30) as f64 * 0.12 / 30.0;
    let std_line = all.lines().find(|l| l.contains(" Standard ")).unwrap();
    assert!(std_line.contains("noncurrent"), "{std_line}");
    assert!(std_line.ends_with(&format!("{per_day:.8}")), "{std_line}");
    let ia_line = all.lines().find(|l| l.contains(" IA ")).unwrap();
    assert!(ia_line.ends_with("current  -  -"), "{ia_line}");
    let current = osslab::wire::bill::du_text(&lab.engine, "bkt", "", false, &prices).unwrap();
    assert!(current.contains("total object count: 2"), "{current}");
    assert!(current.contains("other"), "{current}");
    assert!(osslab::wire::bill::du_text(&lab.engine, "nope", "", false, &prices).is_err());
}
