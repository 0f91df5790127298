//! One test per billing rule of the meter (docs/fidelity.md, "What versions cost"), jumps
//! across rule boundaries, and the property that a jump meters exactly what small steps do.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::super::archive::RestoreRequest;
use super::super::lifecycle::{LifecycleConfig, Rule, When};
use super::super::multipart::{CompletePart, InitiateUpload, PartSelection};
use super::super::objects::{PutMode, PutObject};
use super::super::*;
use super::*;

const B: &str = "bill";
/// A midnight UTC, so lifecycle runs fall on whole days from the start.
const T0: Millis = 1_763_769_600_000; // 2025-11-22T00:00:00Z
const KB: u64 = 1024;

fn engine(versioning: bool) -> Engine {
    let mut e = Engine::new(T0);
    e.create_bucket(B, StorageClass::Standard).unwrap();
    if versioning {
        e.set_versioning(B, Versioning::Enabled).unwrap();
    }
    e
}

fn put(e: &mut Engine, key: &str, size: u64, class: StorageClass) -> String {
    e.put_object(PutObject {
        bucket: B.into(),
        key: key.into(),
        body: Arc::from(vec![b'x'; size as usize]),
        storage_class: Some(class),
        ..Default::default()
    })
    .unwrap()
    .version_id
    .unwrap_or_default()
}

fn usage(e: &Engine) -> Usage {
    e.meter().usage_at(B, e.now())
}

fn q(e: &Engine, class: StorageClass, line: Line) -> ByteMs {
    usage(e).get(class, line)
}

fn bms(bytes: u64, ms: Millis) -> ByteMs {
    bytes as u128 * ms as u128
}

#[test]
fn standard_current_version_bills_actual_bytes_per_hour() {
    let mut e = engine(false);
    put(&mut e, "a", 1000, StorageClass::Standard);
    e.set_now(T0 + 10 * HOUR);
    assert_eq!(
        q(&e, StorageClass::Standard, Line::Current),
        bms(1000, 10 * HOUR)
    );
    assert_eq!(q(&e, StorageClass::Standard, Line::Noncurrent), 0);
}

#[test]
fn overwritten_versions_bill_as_noncurrent_and_delete_markers_store_nothing() {
    let mut e = engine(true);
    put(&mut e, "a", 1000, StorageClass::Standard);
    e.set_now(T0 + HOUR);
    put(&mut e, "a", 300, StorageClass::Standard);
    e.set_now(T0 + 3 * HOUR);
    e.delete_object(B, "a", None).unwrap(); // a delete marker on top
    e.set_now(T0 + 6 * HOUR);
    assert_eq!(
        q(&e, StorageClass::Standard, Line::Current),
        bms(1000, HOUR) + bms(300, 2 * HOUR)
    );
    assert_eq!(
        q(&e, StorageClass::Standard, Line::Noncurrent),
        bms(1000, 5 * HOUR) + bms(300, 3 * HOUR)
    );
    // Removing the marker makes the 300-byte version current again.
    let marker = e
        .bucket(B)
        .unwrap()
        .stack("a")
        .unwrap()
        .current()
        .unwrap()
        .version_id();
    e.delete_object(B, "a", Some(marker)).unwrap();
    e.set_now(T0 + 7 * HOUR);
    assert_eq!(
        q(&e, StorageClass::Standard, Line::Current),
        bms(1000, HOUR) + bms(300, 3 * HOUR)
    );
}

#[test]
fn small_objects_of_ia_and_archive_classes_bill_64_kb() {
    let mut e = engine(false);
    for (key, class) in [
        ("s", StorageClass::Standard),
        ("i", StorageClass::IA),
        ("a", StorageClass::Archive),
        ("c", StorageClass::ColdArchive),
        ("d", StorageClass::DeepColdArchive),
    ] {
        put(&mut e, key, 10, class);
    }
    put(&mut e, "big", 100 * KB, StorageClass::IA);
    e.set_now(T0 + HOUR);
    assert_eq!(q(&e, StorageClass::Standard, Line::Current), bms(10, HOUR));
    assert_eq!(
        q(&e, StorageClass::IA, Line::Current),
        bms(64 * KB + 100 * KB, HOUR)
    );
    for class in [
        StorageClass::Archive,
        StorageClass::ColdArchive,
        StorageClass::DeepColdArchive,
    ] {
        assert_eq!(q(&e, class, Line::Current), bms(64 * KB, HOUR), "{class:?}");
    }
}

#[test]
fn deleting_before_the_minimum_duration_charges_the_rest() {
    let mut e = engine(false);
    put(&mut e, "ia", 100 * KB, StorageClass::IA);
    put(&mut e, "ar", 100 * KB, StorageClass::Archive);
    put(&mut e, "ca", 100 * KB, StorageClass::ColdArchive);
    e.set_now(T0 + 10 * DAY);
    for k in ["ia", "ar", "ca"] {
        e.delete_object(B, k, None).unwrap();
    }
    e.set_now(T0 + 400 * DAY);
    let u = usage(&e);
    assert_eq!(
        u.get(StorageClass::IA, Line::EarlyDeletion),
        bms(100 * KB, 20 * DAY)
    );
    assert_eq!(
        u.get(StorageClass::Archive, Line::EarlyDeletion),
        bms(100 * KB, 50 * DAY)
    );
    assert_eq!(
        u.get(StorageClass::ColdArchive, Line::EarlyDeletion),
        bms(100 * KB, 170 * DAY)
    );
    assert_eq!(
        u.get(StorageClass::IA, Line::Current),
        bms(100 * KB, 10 * DAY)
    );
}

#[test]
fn an_unversioned_overwrite_is_an_early_deletion_of_the_old_object() {
    let mut e = engine(false);
    put(&mut e, "k", 100 * KB, StorageClass::IA);
    e.set_now(T0 + 5 * DAY);
    put(&mut e, "k", 100 * KB, StorageClass::IA);
    e.set_now(T0 + 40 * DAY);
    assert_eq!(
        q(&e, StorageClass::IA, Line::EarlyDeletion),
        bms(100 * KB, 25 * DAY)
    );
    assert_eq!(
        q(&e, StorageClass::IA, Line::Current),
        bms(100 * KB, 40 * DAY)
    );
}

#[test]
fn the_minimum_duration_ending_mid_jump_leaves_nothing_to_charge() {
    let mut e = engine(false);
    put(&mut e, "k", 100 * KB, StorageClass::IA);
    e.set_now(T0 + 29 * DAY);
    e.set_now(T0 + 31 * DAY); // the 30 days end inside this jump
    e.delete_object(B, "k", None).unwrap();
    assert_eq!(q(&e, StorageClass::IA, Line::EarlyDeletion), 0);
    assert_eq!(
        q(&e, StorageClass::IA, Line::Current),
        bms(100 * KB, 31 * DAY)
    );
}

fn transition_rule(days: u32, class: StorageClass) -> Rule {
    Rule {
        id: format!("to-{}", class.as_str()),
        enabled: true,
        transitions: vec![(When::Days(days), class)],
        ..Default::default()
    }
}

#[test]
fn a_transition_before_the_minimum_duration_charges_the_old_class() {
    let mut e = engine(false);
    put(&mut e, "k", 100 * KB, StorageClass::IA);
    // IA → Archive 10 days after Last-Modified: 20 of IA's 30 days are charged.
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![transition_rule(10, StorageClass::Archive)],
            ..Default::default()
        },
    )
    .unwrap();
    e.set_now(T0 + 100 * DAY);
    let u = usage(&e);
    assert_eq!(
        u.get(StorageClass::IA, Line::EarlyDeletion),
        bms(100 * KB, 20 * DAY)
    );
    assert_eq!(
        u.get(StorageClass::IA, Line::Current),
        bms(100 * KB, 10 * DAY)
    );
    assert_eq!(
        u.get(StorageClass::Archive, Line::Current),
        bms(100 * KB, 90 * DAY)
    );
    assert_eq!(u.get(StorageClass::Archive, Line::EarlyDeletion), 0);
}

#[test]
fn a_cold_archive_minimum_counts_from_the_transition() {
    let mut e = engine(false);
    put(&mut e, "k", 100 * KB, StorageClass::Standard);
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![transition_rule(10, StorageClass::ColdArchive)],
            ..Default::default()
        },
    )
    .unwrap();
    e.set_now(T0 + 100 * DAY);
    e.delete_object(B, "k", None).unwrap();
    // In Cold Archive since day 10: deleted after 90 of its 180 days.
    assert_eq!(
        q(&e, StorageClass::ColdArchive, Line::EarlyDeletion),
        bms(100 * KB, 90 * DAY)
    );
    assert_eq!(q(&e, StorageClass::Standard, Line::EarlyDeletion), 0);
}

fn restore(e: &mut Engine, key: &str, days: u32, tier: Tier) {
    e.restore_object(
        B,
        key,
        None,
        RestoreRequest {
            days: Some(days),
            tier: Some(tier),
            job_parameters: true,
        },
    )
    .unwrap();
}

#[test]
fn a_cold_restore_bills_retrieval_a_request_and_the_replica_until_it_expires() {
    let mut e = engine(false);
    put(&mut e, "c", 1024 * KB, StorageClass::ColdArchive);
    e.set_now(T0 + HOUR);
    restore(&mut e, "c", 2, Tier::Expedited); // completes in 1 hour, kept 2 days
    e.set_now(T0 + 30 * DAY);
    let u = usage(&e);
    assert_eq!(
        u.get(StorageClass::ColdArchive, Line::Replica),
        bms(1024 * KB, 2 * DAY)
    );
    let (ci, ti) = (StorageClass::ColdArchive as usize, Tier::Expedited as usize);
    assert_eq!(u.retrieval_bytes[ci][ti], 1024 * KB);
    assert_eq!(u.restore_requests[ci][ti], 1);
    assert_eq!(u.restore_requests.iter().flatten().sum::<u64>(), 1);
    // The object itself bills Cold Archive all the while.
    assert_eq!(
        u.get(StorageClass::ColdArchive, Line::Current),
        bms(1024 * KB, 30 * DAY)
    );
}

#[test]
fn cleaning_the_replica_one_hour_after_completion_stops_its_charge() {
    let mut e = engine(false);
    put(&mut e, "c", 1024 * KB, StorageClass::DeepColdArchive);
    restore(&mut e, "c", 30, Tier::Expedited); // Deep Cold Expedited: 12 hours
    e.set_now(T0 + 13 * HOUR);
    e.clean_restored_object(B, "c", None).unwrap();
    e.set_now(T0 + 60 * DAY);
    assert_eq!(
        q(&e, StorageClass::DeepColdArchive, Line::Replica),
        bms(1024 * KB, HOUR)
    );
}

#[test]
fn archive_restores_bill_retrieval_but_no_replica() {
    let mut e = engine(false);
    put(&mut e, "a", 100 * KB, StorageClass::Archive);
    e.restore_object(B, "a", None, RestoreRequest::default())
        .unwrap();
    e.set_now(T0 + 10 * DAY);
    let u = usage(&e);
    assert_eq!(u.get(StorageClass::Archive, Line::Replica), 0);
    assert_eq!(
        u.retrieval_bytes[StorageClass::Archive as usize][Tier::Standard as usize],
        100 * KB
    );
}

#[test]
fn multipart_parts_bill_until_completion() {
    let mut e = engine(false);
    let id = e
        .initiate_upload(InitiateUpload {
            bucket: B.into(),
            key: "mp".into(),
            storage_class: Some(StorageClass::IA),
            ..Default::default()
        })
        .unwrap();
    let part = e
        .upload_part(
            B,
            "mp",
            &id,
            1,
            Arc::from(vec![0u8; 200 * KB as usize]),
            None,
        )
        .unwrap();
    e.set_now(T0 + 2 * HOUR);
    assert_eq!(
        q(&e, StorageClass::IA, Line::Parts),
        bms(200 * KB, 2 * HOUR)
    );
    e.complete_upload(
        B,
        "mp",
        &id,
        PartSelection::Listed(vec![CompletePart {
            part_number: 1,
            etag: format!("\"{}\"", hex::encode_upper(part.etag)),
        }]),
        PutMode::Overwrite,
    )
    .unwrap();
    e.set_now(T0 + 5 * HOUR);
    assert_eq!(
        q(&e, StorageClass::IA, Line::Parts),
        bms(200 * KB, 2 * HOUR)
    );
    assert_eq!(
        q(&e, StorageClass::IA, Line::Current),
        bms(200 * KB, 3 * HOUR)
    );
}

#[test]
fn noncurrent_expiration_stops_the_noncurrent_charge() {
    let mut e = engine(true);
    put(&mut e, "k", 1000, StorageClass::Standard);
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![Rule {
                id: "nc".into(),
                enabled: true,
                noncurrent_expiration_days: Some(1),
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .unwrap();
    e.set_now(T0 + HOUR);
    put(&mut e, "k", 1000, StorageClass::Standard);
    e.set_now(T0 + 30 * DAY);
    // Noncurrent from 01:00 on day 0; OSS rounds up to midnight and adds 1 day: removed at
    // the start of day 2.
    assert_eq!(
        q(&e, StorageClass::Standard, Line::Noncurrent),
        bms(1000, 2 * DAY - HOUR)
    );
}

#[test]
fn version_and_key_costs_add_up_to_the_bucket() {
    let mut e = engine(true);
    put(&mut e, "a", 1000, StorageClass::Standard);
    e.set_now(T0 + DAY);
    put(&mut e, "a", 2000, StorageClass::IA);
    put(&mut e, "b", 500, StorageClass::ColdArchive);
    restore(&mut e, "b", 1, Tier::Expedited);
    e.set_now(T0 + 3 * DAY);
    let a1 = e.bucket(B).unwrap().stack("a").unwrap().oldest_first()[0].seq;
    e.delete_object(
        B,
        "a",
        Some(e.bucket(B).unwrap().stack("a").unwrap().oldest_first()[0].version_id()),
    )
    .unwrap();
    e.set_now(T0 + 5 * DAY);
    let m = e.meter().bucket(B).unwrap();
    assert!(m.version_quantities(a1, e.now()).is_none());
    let keys = m.key_quantities(e.bucket(B).unwrap(), e.now());
    let mut sum = Usage::default();
    for qs in keys.values() {
        for (c, l, x) in qs {
            sum.add(*c, *l, *x);
        }
    }
    assert_eq!(sum.storage, usage(&e).storage);
    assert!(keys["a"].iter().map(|x| x.2).sum::<u128>() > bms(1000, DAY));

    // Remove "b" for good: its cost stays on the bill under its key.
    let bv = e.bucket(B).unwrap().stack("b").unwrap().oldest_first()[0].version_id();
    e.delete_object(B, "b", Some(bv)).unwrap();
    put(&mut e, "c", 10, StorageClass::Standard);
    e.set_now(T0 + 6 * DAY);
    let m = e.meter().bucket(B).unwrap();
    let keys = m.key_quantities(e.bucket(B).unwrap(), e.now());
    let prices = super::super::prices::Prices::list();
    let top = e.top_keys(B, &prices, 10);
    assert_eq!(top.len(), 3);
    for k in &top {
        let q = &keys[&k.key];
        assert!(
            (k.cost - prices.quantities_cost(q)).abs() < 1e-15,
            "{}",
            k.key
        );
        let hours = q.iter().map(|x| x.2).sum::<u128>() as f64 / HOUR as f64;
        assert_eq!(k.byte_hours, hours, "{}", k.key);
    }
    assert!(keys["b"].iter().any(|x| x.1 == Line::EarlyDeletion));
}

// ---- jumps equal small steps -------------------------------------------------------------

/// proptest is a native dev-dependency: the wasm test build leaves this part out.
#[cfg(not(target_arch = "wasm32"))]
mod jumps {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Put { key: u8, size: u16, class: u8 },
        Delete { key: u8 },
        DeleteOldest { key: u8 },
        Restore { key: u8, tier: u8 },
        Clean { key: u8 },
        Wait { hours: u16 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..4, 0u16..200, 0u8..5).prop_map(|(key, size, class)| Op::Put { key, size, class }),
            (0u8..4).prop_map(|key| Op::Delete { key }),
            (0u8..4).prop_map(|key| Op::DeleteOldest { key }),
            (0u8..4, 0u8..3).prop_map(|(key, tier)| Op::Restore { key, tier }),
            (0u8..4).prop_map(|key| Op::Clean { key }),
            (0u16..2000).prop_map(|hours| Op::Wait { hours }),
        ]
    }

    /// Run `ops`; each wait is one jump, or (stepped) hour by hour.
    fn run(ops: &[Op], stepped: bool) -> Engine {
        let mut e = engine(true);
        e.put_lifecycle(
            B,
            LifecycleConfig {
                rules: vec![Rule {
                    id: "r".into(),
                    enabled: true,
                    noncurrent_expiration_days: Some(20),
                    transitions: vec![(When::Days(15), StorageClass::IA)],
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .unwrap();
        for op in ops {
            let key = |k: &u8| format!("k{k}");
            match op {
                Op::Put {
                    key: k,
                    size,
                    class,
                } => {
                    put(
                        &mut e,
                        &key(k),
                        *size as u64 * 100,
                        StorageClass::ALL[*class as usize],
                    );
                }
                Op::Delete { key: k } => {
                    let _ = e.delete_object(B, &key(k), None);
                }
                Op::DeleteOldest { key: k } => {
                    let v = e
                        .bucket(B)
                        .unwrap()
                        .stack(&key(k))
                        .map(|s| s.oldest_first()[0].version_id());
                    if let Some(v) = v {
                        let _ = e.delete_object(B, &key(k), Some(v));
                    }
                }
                Op::Restore { key: k, tier } => {
                    let _ = e.restore_object(
                        B,
                        &key(k),
                        None,
                        RestoreRequest {
                            days: Some(2),
                            tier: Some(
                                [Tier::Bulk, Tier::Standard, Tier::Expedited][*tier as usize],
                            ),
                            job_parameters: true,
                        },
                    );
                }
                Op::Clean { key: k } => {
                    let _ = e.clean_restored_object(B, &key(k), None);
                }
                Op::Wait { hours } => {
                    let end = e.now() + *hours as Millis * HOUR + 1;
                    if stepped {
                        while e.now() + HOUR < end {
                            e.set_now(e.now() + HOUR);
                        }
                    }
                    e.set_now(end);
                }
            }
        }
        e
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn metering_a_jump_equals_metering_small_steps(ops in proptest::collection::vec(op(), 1..40)) {
            let jumped = run(&ops, false);
            let stepped = run(&ops, true);
            prop_assert_eq!(jumped.now(), stepped.now());
            // Read far ahead too: replicas and early-deletion windows are integrated exactly.
            for ahead in [0, 7 * DAY, 400 * DAY] {
                let t = jumped.now() + ahead;
                prop_assert_eq!(
                    jumped.meter().usage_at(B, t),
                    stepped.meter().usage_at(B, t)
                );
                // The running per-key totals are the walk over every version, jumped or
                // stepped.
                for e in [&jumped, &stepped] {
                    let (walked, running) = key_storage_both_ways(e, t);
                    prop_assert_eq!(walked, running);
                }
            }
        }

        #[test]
        fn running_key_totals_survive_a_reload(ops in proptest::collection::vec(op(), 1..40)) {
            let e = run(&ops, false);
            let mut reloaded = e.clone();
            let state = e.meter().bucket(B).map(|m| m.state());
            reloaded.restore_meter(B, state);
            for ahead in [0, 30 * DAY] {
                let (walked, running) = key_storage_both_ways(&reloaded, e.now() + ahead);
                prop_assert_eq!(walked, running);
            }
        }
    }
}

/// Storage by key up to `t` two ways: walking every version (`key_quantities`) and from the
/// meter's running totals (`visit_key_totals`), each summed by class and line.
fn key_storage_both_ways(
    e: &Engine,
    t: Millis,
) -> (BTreeMap<String, Storage>, BTreeMap<String, Storage>) {
    let Some(m) = e.meter().bucket(B) else {
        return Default::default();
    };
    let sum = |q: &Quantities| {
        let mut s = Storage::default();
        for (c, l, x) in q {
            s[*c as usize][*l as usize] += x;
        }
        s
    };
    let walked = m
        .key_quantities(e.bucket(B).unwrap(), t)
        .iter()
        .map(|(k, q)| (k.clone(), sum(q)))
        .filter(|(_, s)| s.iter().flatten().any(|x| *x > 0))
        .collect();
    let mut running: BTreeMap<String, Storage> = BTreeMap::new();
    m.visit_key_totals(t, |k, c, l, x| {
        running.entry(k.to_string()).or_default()[c as usize][l as usize] += x;
    });
    running.retain(|_, s| s.iter().flatten().any(|x| *x > 0));
    (walked, running)
}

#[test]
fn running_key_totals_follow_every_kind_of_change() {
    // Overwrites, a class change before the minimum duration, a cold restore with its
    // replica, a version removed for good, a key removed entirely, and lifecycle work
    // during a jump: after each, the running totals equal the walk over the versions.
    let mut e = engine(true);
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![Rule {
                id: "nc".into(),
                enabled: true,
                noncurrent_expiration_days: Some(3),
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .unwrap();
    let check = |e: &Engine, what: &str| {
        for ahead in [0, DAY, 200 * DAY] {
            let (walked, running) = key_storage_both_ways(e, e.now() + ahead);
            assert_eq!(walked, running, "{what}, read {ahead} ms ahead");
            assert!(!running.is_empty(), "{what}");
        }
    };
    put(&mut e, "a", 1000, StorageClass::Standard);
    put(&mut e, "c", 500, StorageClass::ColdArchive);
    e.set_now(T0 + HOUR);
    put(&mut e, "a", 70 * KB, StorageClass::IA);
    check(&e, "overwrite");
    restore(&mut e, "c", 1, Tier::Expedited);
    e.set_now(T0 + 3 * HOUR);
    check(&e, "cold restore, replica live");
    put(&mut e, "a", 10, StorageClass::Standard);
    let first = e.bucket(B).unwrap().stack("a").unwrap().oldest_first()[1].version_id();
    e.delete_object(B, "a", Some(first)).unwrap();
    check(&e, "IA version removed early");
    let c = e.bucket(B).unwrap().stack("c").unwrap().oldest_first()[0].version_id();
    e.delete_object(B, "c", Some(c)).unwrap();
    assert!(e.bucket(B).unwrap().stack("c").is_none());
    check(&e, "key removed entirely");
    e.set_now(T0 + 10 * DAY);
    check(&e, "noncurrent versions expired by lifecycle");
}

#[test]
fn the_top_n_keys_are_the_first_n_of_the_whole_ranking() {
    let mut e = engine(true);
    for (i, key) in ["k0", "k1", "k2", "k3", "k4", "k5"].into_iter().enumerate() {
        // k2 and k3 cost the same: the name breaks the tie.
        let size = [300, 100, 200, 200, 500, 50][i];
        put(&mut e, key, size, StorageClass::Standard);
    }
    put(&mut e, "k5", 600, StorageClass::Standard); // an overwrite: k5 has two versions
    e.set_now(T0 + 5 * DAY);
    let prices = super::super::prices::Prices::list();
    let all = e.top_keys(B, &prices, usize::MAX);
    let names: Vec<&str> = all.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(names, ["k5", "k4", "k0", "k2", "k3", "k1"]);
    for n in 0..=all.len() + 1 {
        assert_eq!(
            e.top_keys(B, &prices, n),
            all[..n.min(all.len())],
            "n = {n}"
        );
    }
}

#[test]
fn every_kind_of_removal_leaves_the_top_version_billed_as_current() {
    // A noncurrent version leaving skips the key's stack (`Meter::entry_removed`); every
    // other removal must still move the current line to the entry below, and a null version
    // replaced deep in the stack leaves the new top to its own hook.
    let stored = |e: &Engine| {
        let m = e.meter().bucket(B).unwrap();
        let mut s = BTreeMap::new();
        for (c, l, b) in m.stored_at(e.now()) {
            assert_eq!(c, StorageClass::Standard);
            s.insert(l, b);
        }
        s
    };
    let ids = |e: &Engine| -> Vec<VersionId> {
        let stack = e.bucket(B).unwrap().stack("k").unwrap();
        stack.oldest_first().iter().map(Entry::version_id).collect()
    };
    let (cur, nc) = (Line::Current, Line::Noncurrent);
    let mut e = engine(false);
    put(&mut e, "k", 100, StorageClass::Standard); // the null version
    e.set_versioning(B, Versioning::Enabled).unwrap();
    put(&mut e, "k", 200, StorageClass::Standard);
    put(&mut e, "k", 400, StorageClass::Standard);
    assert_eq!(stored(&e), BTreeMap::from([(cur, 400), (nc, 300)]));

    // Suspended: a new null version on top replaces the old one, noncurrent at the bottom.
    e.set_now(T0 + HOUR);
    e.set_versioning(B, Versioning::Suspended).unwrap();
    put(&mut e, "k", 800, StorageClass::Standard);
    assert_eq!(ids(&e).len(), 3);
    assert_eq!(stored(&e), BTreeMap::from([(cur, 800), (nc, 600)]));

    // A noncurrent version removed: the top is untouched.
    e.set_now(T0 + 2 * HOUR);
    e.delete_object(B, "k", Some(ids(&e)[0])).unwrap();
    assert_eq!(stored(&e), BTreeMap::from([(cur, 800), (nc, 400)]));
    check_walk(&e, "noncurrent removed");

    // The current version removed: the one below becomes current.
    e.delete_object(B, "k", Some(ids(&e)[1])).unwrap();
    assert_eq!(stored(&e), BTreeMap::from([(cur, 400)]));
    check_walk(&e, "current removed");

    // A delete marker on top, then removed: current again.
    e.set_now(T0 + 3 * HOUR);
    e.delete_object(B, "k", None).unwrap();
    assert_eq!(stored(&e), BTreeMap::from([(nc, 400)]));
    e.set_now(T0 + 4 * HOUR);
    let marker = *ids(&e).last().unwrap();
    e.delete_object(B, "k", Some(marker)).unwrap();
    assert_eq!(stored(&e), BTreeMap::from([(cur, 400)]));
    check_walk(&e, "marker removed");

    e.set_now(T0 + 5 * HOUR);
    assert_eq!(
        q(&e, StorageClass::Standard, cur),
        bms(400, HOUR) + bms(800, HOUR) + bms(400, HOUR) + bms(400, HOUR)
    );
    assert_eq!(
        q(&e, StorageClass::Standard, nc),
        bms(100, HOUR) + bms(200, 2 * HOUR) + bms(400, HOUR) + bms(400, HOUR)
    );
}

/// The running per-key totals equal the walk over every version, now and later.
fn check_walk(e: &Engine, what: &str) {
    for ahead in [0, DAY] {
        let (walked, running) = key_storage_both_ways(e, e.now() + ahead);
        assert_eq!(walked, running, "{what}, read {ahead} ms ahead");
    }
}
