//! The storage meter at scale: a lab with 100,000 versions (10,000 keys × 10 versions),
//! the clock advanced one year, then the bill read. Results go to BENCHMARKS.md
//! (`cargo bench --bench bill`).
//!
//! * `year_jump_no_rules`: metering is analytic, so moving the clock does no per-version
//!   work at all; the figure is the jump plus reading the bucket's bill.
//! * `year_jump_noncurrent_expiry`: a lifecycle rule removes the 90,000 noncurrent versions
//!   during the year; every removal goes through the meter (rate update, early-deletion
//!   check, per-key ledger). `…_unmetered` is the same jump with the meter off: the
//!   difference is the metering work.
//! * `top_keys_100k`: the Bill panel's "top keys by cost" in a lab of 100,000 versions
//!   (read from the 10,000 keys' running totals).
//!
//! `BILL_ONCE=metered` (or `unmetered`) runs the expiring one-year jump once instead, without
//! criterion, and prints its time: the two runs differ only in the meter, so under
//! `valgrind --tool=callgrind --toggle-collect='bill::jump'` the difference of their
//! instruction counts is the metering work, repeatable on a machine other builds share.

use std::sync::Arc;

use criterion::{criterion_group, BatchSize, Criterion};
use osslab::engine::lifecycle::{LifecycleConfig, Rule};
use osslab::engine::objects::PutObject;
use osslab::engine::prices::Prices;
use osslab::engine::{Engine, StorageClass, Versioning, DAY};

const BUCKET: &str = "bench";
const T0: i64 = 1_700_000_000_000;

fn lab(rule: bool) -> Engine {
    let mut e = Engine::new(T0);
    e.create_bucket(BUCKET, StorageClass::Standard).unwrap();
    e.set_versioning(BUCKET, Versioning::Enabled).unwrap();
    let body: Arc<[u8]> = Arc::from(vec![7u8; 100]);
    for v in 0..10 {
        e.set_now(T0 + v * 1000);
        for k in 0..10_000 {
            e.put_object(PutObject {
                bucket: BUCKET.into(),
                key: format!("key-{k:05}"),
                body: body.clone(),
                ..Default::default()
            })
            .unwrap();
        }
    }
    if rule {
        e.put_lifecycle(
            BUCKET,
            LifecycleConfig {
                rules: vec![Rule {
                    id: "nc".into(),
                    enabled: true,
                    noncurrent_expiration_days: Some(30),
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .unwrap();
    }
    e
}

fn year(c: &mut Criterion) {
    let mut g = c.benchmark_group("bill");
    g.sample_size(10);
    let prices = Prices::list();
    for (name, rule, metering) in [
        ("year_jump_no_rules", false, true),
        ("year_jump_noncurrent_expiry", true, true),
        ("year_jump_noncurrent_expiry_unmetered", true, false),
    ] {
        let base = lab(rule);
        g.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let mut e = base.clone();
                    e.set_metering(metering);
                    e
                },
                |mut e| {
                    e.set_now(T0 + 365 * DAY);
                    let bill = e.bill(BUCKET, &prices).unwrap();
                    // Returned, so dropping 100,000 versions is not timed.
                    (e, bill)
                },
                BatchSize::LargeInput,
            )
        });
    }
    let base = lab(false);
    g.bench_function("top_keys_100k", |b| {
        b.iter(|| base.top_keys(BUCKET, &prices, 10))
    });
    g.finish();
}

/// The timed part: move the clock one year (callgrind counts inside this function only).
#[inline(never)]
fn jump(e: &mut Engine) {
    e.set_now(T0 + 365 * DAY);
}

/// `BILL_ONCE`: one metered or unmetered expiring jump, for instruction counts.
fn once(mode: &str) {
    let metering = match mode {
        "metered" => true,
        "unmetered" => false,
        other => panic!("BILL_ONCE is metered or unmetered, not {other:?}"),
    };
    let mut e = lab(true);
    e.set_metering(metering);
    let versions = |e: &Engine| -> usize {
        e.bucket(BUCKET)
            .unwrap()
            .objects
            .values()
            .map(|s| s.len())
            .sum()
    };
    let before = versions(&e);
    let start = std::time::Instant::now();
    jump(&mut e);
    let took = start.elapsed();
    let after = versions(&e);
    println!(
        "{mode}: one-year jump removing {} versions in {took:?}",
        before - after
    );
}

criterion_group!(benches, year);

fn main() {
    match std::env::var("BILL_ONCE") {
        Ok(mode) => once(&mode),
        Err(_) => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
