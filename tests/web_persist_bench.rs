//! MEASUREMENTS, not assertions: IndexedDB load time and per-operation persist cost in
//! headless Chromium. Ignored by default; run (release, for realistic figures):
//!
//! ```text
//! WASM_BINDGEN_TEST_TIMEOUT=900 CHROMEDRIVER=/usr/bin/chromedriver \
//!   cargo test --release --target wasm32-unknown-unknown --test web_persist_bench -- --include-ignored
//! ```
//! Figures are printed to the console (`MEASURE ...` lines).
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use osslab::engine::objects::PutObject;
use osslab::engine::{Engine, StorageClass, Versioning};
use osslab::persist::conformance::T0;
use osslab::persist::{open_named, Persist};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn log(s: &str) {
    web_sys::console::log_1(&format!("MEASURE {s}").into());
}

/// `versions` versions over keys of 10 versions each; `distinct` different 100-byte bodies.
fn lab(versions: usize, distinct: usize) -> Engine {
    let mut e = Engine::new(T0);
    e.create_bucket("bench", StorageClass::Standard).unwrap();
    e.set_versioning("bench", Versioning::Enabled).unwrap();
    for i in 0..versions {
        e.set_now(T0 + i as i64 * 10);
        let mut body = format!("body {:08}", i % distinct).into_bytes();
        body.resize(100, b'.');
        e.put_object(PutObject {
            bucket: "bench".into(),
            key: format!("dir{}/key{}", i / 1000, (i / 10) % 100),
            body: Arc::from(body),
            ..Default::default()
        })
        .unwrap();
    }
    e
}

#[wasm_bindgen_test]
#[ignore]
async fn measure_load_10k_versions() {
    let name = format!("osslab-bench-load-{}", js_sys::Date::now() as u64);
    let store = open_named(&name).await.unwrap();
    let e = lab(10_000, 10_000);
    let t = now_ms();
    store.replace_all(&e, None).await.unwrap();
    log(&format!(
        "initial save of 10000 versions (one transaction): {:.0} ms",
        now_ms() - t
    ));
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = now_ms();
        let loaded = store.load(&mut |_| {}).await.unwrap();
        times.push(now_ms() - t);
        assert_eq!(loaded.engine.bucket("bench").unwrap().entry_count(), 10_000);
    }
    times.sort_by(f64::total_cmp);
    log(&format!(
        "load 10000 versions (10000 distinct bodies): min {:.0} ms, median {:.0} ms, max {:.0} ms",
        times[0], times[2], times[4]
    ));
}

async fn per_op(versions: usize) -> f64 {
    let name = format!("osslab-bench-op{versions}-{}", js_sys::Date::now() as u64);
    let store = open_named(&name).await.unwrap();
    let mut e = lab(versions, 100);
    let t = now_ms();
    store.replace_all(&e, None).await.unwrap();
    log(&format!(
        "initial save of {versions} versions: {:.0} ms",
        now_ms() - t
    ));
    let mut loaded = store.load(&mut |_| {}).await.unwrap().engine;
    std::mem::swap(&mut e, &mut loaded);
    let ops = 300;
    // Warm up, then measure: each op is one PutObject persisted as one transaction.
    let put = |e: &mut Engine, i: usize| {
        let t = e.now() + 1000;
        e.set_now(t);
        e.put_object(PutObject {
            bucket: "bench".into(),
            key: format!("hot/key{}", i % 50),
            body: Arc::from(format!("new body {i}").into_bytes()),
            ..Default::default()
        })
        .unwrap();
    };
    for i in 0..20 {
        let ((), r) = store.run(&mut e, |e| put(e, i)).await;
        r.unwrap();
    }
    let t = now_ms();
    for i in 0..ops {
        let ((), r) = store.run(&mut e, |e| put(e, 100 + i)).await;
        r.unwrap();
    }
    let per = (now_ms() - t) / ops as f64;
    log(&format!(
        "persist one PutObject with {versions} stored versions: {per:.2} ms/op (mean of {ops})"
    ));
    per
}

#[wasm_bindgen_test]
#[ignore]
async fn measure_per_op_cost_1k_vs_100k() {
    let small = per_op(1_000).await;
    let large = per_op(100_000).await;
    log(&format!(
        "per-op ratio 100k/1k stored versions: {:.2}",
        large / small
    ));
}
