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

fn put(e: &mut Engine, i: usize) {
    let t = e.now() + 1000;
    e.set_now(t);
    e.put_object(PutObject {
        bucket: "bench".into(),
        key: format!("hot/key{}", i % 50),
        body: Arc::from(format!("new body {i}").into_bytes()),
        ..Default::default()
    })
    .unwrap();
}

/// A store holding `versions` versions, and its loaded engine.
async fn filled(versions: usize) -> (osslab::persist::IdbStore, Engine) {
    let name = format!("osslab-bench-op{versions}-{}", js_sys::Date::now() as u64);
    let store = open_named(&name).await.unwrap();
    let e = lab(versions, 100);
    let t = now_ms();
    store.replace_all(&e, None).await.unwrap();
    log(&format!(
        "initial save of {versions} versions: {:.0} ms",
        now_ms() - t
    ));
    let e = store.load(&mut |_| {}).await.unwrap().engine;
    (store, e)
}

/// Mean ms of `ops` PutObjects, each persisted as one transaction.
async fn round(store: &osslab::persist::IdbStore, e: &mut Engine, first: usize, ops: usize) -> f64 {
    let t = now_ms();
    for i in first..first + ops {
        let ((), r) = store.run(e, |e| put(e, i)).await;
        r.unwrap();
    }
    (now_ms() - t) / ops as f64
}

#[wasm_bindgen_test]
#[ignore]
async fn measure_per_op_cost_1k_vs_100k() {
    let (small, mut es) = filled(1_000).await;
    let (large, mut el) = filled(100_000).await;
    // Let the browser's storage settle after the bulk writes, warm up, then alternate
    // rounds between the two stores so drift in the browser affects both alike.
    gloo_timers::future::TimeoutFuture::new(3000).await;
    round(&small, &mut es, 0, 30).await;
    round(&large, &mut el, 0, 30).await;
    let (mut s, mut l) = (Vec::new(), Vec::new());
    for r in 0..7 {
        s.push(round(&small, &mut es, 100 + r * 100, 100).await);
        l.push(round(&large, &mut el, 100 + r * 100, 100).await);
    }
    s.sort_by(f64::total_cmp);
    l.sort_by(f64::total_cmp);
    let rounds = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    log(&format!(
        "persist one PutObject (one transaction), 7 rounds of 100, sorted ms/op: 1k stored: [{}]; 100k stored: [{}]",
        rounds(&s),
        rounds(&l)
    ));
    log(&format!(
        "median ms/op: 1k stored {:.2}, 100k stored {:.2}, ratio {:.2}",
        s[3],
        l[3],
        l[3] / s[3]
    ));
    // Breakdown: the engine work and the plan alone, and a one-record transaction.
    let mut e2 = el.clone();
    let t = now_ms();
    for i in 0..300 {
        e2.track_changes(true);
        put(&mut e2, 5000 + i);
        let changes = e2.take_changes();
        std::hint::black_box(osslab::persist::Plan::new(&e2, &changes));
    }
    let engine_part = (now_ms() - t) / 300.0;
    let clock = osslab::engine::clock::VirtualClock::new(T0, 0);
    let t = now_ms();
    for _ in 0..300 {
        large.save_clock(&clock).await.unwrap();
    }
    let tx_part = (now_ms() - t) / 300.0;
    log(&format!(
        "breakdown at 100k: engine op + plan {engine_part:.3} ms; a one-record transaction alone {tx_part:.2} ms"
    ));
}
