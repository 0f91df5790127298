//! Replication rules (docs/fidelity.md §Replication): both policies × versioned / unversioned sources ×
//! deletes with and without versionId, prefix filters, historical replication, loop
//! prevention and the delay on the virtual clock.

use std::sync::Arc;

use super::*;
use crate::engine::error::{Error, ReplicationProblem};
use crate::engine::objects::{Conditions, PutObject};
use crate::engine::{StorageClass, DAY, SECOND};

const T0: Millis = 1_763_800_000_000;
const SRC: &str = "src";
const DST: &str = "dst";
const DELAY: Millis = DEFAULT_REPLICATION_DELAY;

fn lab(versioned: bool) -> Engine {
    let mut e = Engine::new(T0);
    for b in [SRC, DST] {
        e.create_bucket(b, StorageClass::Standard).unwrap();
        if versioned {
            e.set_versioning(b, Versioning::Enabled).unwrap();
        }
    }
    e
}

fn rule(action: ReplicationAction, prefixes: &[&str], historical: bool) -> ReplicationRuleInput {
    ReplicationRuleInput {
        id: Some(format!("r-{}", action.as_str())),
        prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
        action,
        dest_bucket: DST.into(),
        historical,
        ..Default::default()
    }
}

/// `lab(versioned)` with one rule from SRC to DST (no historical replication).
fn lab_with_rule(versioned: bool, action: ReplicationAction, prefixes: &[&str]) -> Engine {
    let mut e = lab(versioned);
    e.put_replication_rule(SRC, rule(action, prefixes, false))
        .unwrap();
    e
}

fn put(e: &mut Engine, bucket: &str, key: &str, body: &str) -> Option<String> {
    e.put_object(PutObject {
        bucket: bucket.into(),
        key: key.into(),
        body: Arc::from(body.as_bytes()),
        ..Default::default()
    })
    .unwrap()
    .version_id
}

fn read(e: &Engine, bucket: &str, key: &str) -> Option<String> {
    e.get_object(bucket, key, None, &Conditions::default(), None)
        .ok()
        .map(|r| String::from_utf8(r.bytes().to_vec()).unwrap())
}

/// (version id, is delete marker), newest first.
fn stack(e: &Engine, bucket: &str, key: &str) -> Vec<(String, bool)> {
    e.bucket(bucket)
        .unwrap()
        .stack(key)
        .map(|s| {
            s.newest_first()
                .map(|en| (en.version_id().render(), en.is_delete_marker()))
                .collect()
        })
        .unwrap_or_default()
}

fn del(e: &mut Engine, bucket: &str, key: &str, v: Option<&str>) {
    e.delete_object(bucket, key, v.map(|v| VersionId::parse(v).unwrap()))
        .unwrap();
}

/// Let every queued replica land.
fn settle(e: &mut Engine) {
    e.set_now(e.now() + DELAY);
}

fn tick(e: &mut Engine) {
    e.set_now(e.now() + SECOND);
}

const BOTH: [ReplicationAction; 2] = [ReplicationAction::All, ReplicationAction::Put];

// ---- the clock ----------------------------------------------------------------------------

#[test]
fn replica_lands_exactly_after_the_delay() {
    for action in BOTH {
        let mut e = lab_with_rule(false, action, &[]);
        put(&mut e, SRC, "a.txt", "one");
        e.set_now(T0 + DELAY - SECOND);
        assert_eq!(read(&e, DST, "a.txt"), None, "one second before due");
        assert_eq!(e.replication_queue().len(), 1);
        e.set_now(T0 + DELAY + SECOND);
        assert_eq!(
            read(&e, DST, "a.txt").as_deref(),
            Some("one"),
            "one second after"
        );
        assert!(e.replication_queue().is_empty());
    }
}

#[test]
fn replica_is_due_at_exactly_now_plus_delay_and_delay_is_a_setting() {
    let mut e = lab(false);
    e.settings_mut().replication_delay = 10 * MINUTE;
    e.put_replication_rule(SRC, rule(ReplicationAction::Put, &[], false))
        .unwrap();
    put(&mut e, SRC, "k", "v");
    assert_eq!(e.replication_queue()[0].due, T0 + 10 * MINUTE);
    e.set_now(T0 + 10 * MINUTE - 1);
    assert_eq!(read(&e, DST, "k"), None);
    e.set_now(T0 + 10 * MINUTE);
    assert_eq!(read(&e, DST, "k").as_deref(), Some("v"));
}

#[test]
fn events_apply_in_time_order_across_one_long_jump() {
    let mut e = lab_with_rule(true, ReplicationAction::All, &[]);
    let v1 = put(&mut e, SRC, "k", "one").unwrap();
    tick(&mut e);
    let v2 = put(&mut e, SRC, "k", "two").unwrap();
    tick(&mut e);
    del(&mut e, SRC, "k", Some(&v1));
    tick(&mut e);
    del(&mut e, SRC, "k", None);
    let marker = stack(&e, SRC, "k")[0].0.clone();
    e.set_now(e.now() + 30 * DAY);
    assert_eq!(stack(&e, DST, "k"), stack(&e, SRC, "k"));
    assert_eq!(stack(&e, DST, "k"), vec![(marker, true), (v2, false)]);
}

// ---- versioned source -----------------------------------------------------------------------

#[test]
fn versioned_writes_replicate_with_the_same_version_id_under_both_policies() {
    for action in BOTH {
        let mut e = lab_with_rule(true, action, &[]);
        let v1 = put(&mut e, SRC, "k", "one").unwrap();
        tick(&mut e);
        let v2 = put(&mut e, SRC, "k", "two").unwrap();
        settle(&mut e);
        assert_eq!(stack(&e, DST, "k"), vec![(v2, false), (v1, false)]);
        assert_eq!(read(&e, DST, "k").as_deref(), Some("two"));
        let src = e
            .head_object(SRC, "k", None, &Conditions::default())
            .unwrap();
        let dst = e
            .head_object(DST, "k", None, &Conditions::default())
            .unwrap();
        assert_eq!((src.etag, src.last_modified), (dst.etag, dst.last_modified));
    }
}

#[test]
fn versioned_delete_without_version_replicates_the_marker_under_both_policies() {
    for action in BOTH {
        let mut e = lab_with_rule(true, action, &[]);
        let v1 = put(&mut e, SRC, "k", "one").unwrap();
        settle(&mut e);
        del(&mut e, SRC, "k", None);
        let marker = stack(&e, SRC, "k")[0].0.clone();
        assert_eq!(read(&e, DST, "k").as_deref(), Some("one"), "not yet");
        settle(&mut e);
        assert_eq!(read(&e, DST, "k"), None, "{action:?}: marker replicated");
        assert_eq!(
            stack(&e, DST, "k"),
            vec![(marker, true), (v1.clone(), false)]
        );
        // The data is still there as a previous version in both buckets.
        let old = e
            .get_object(
                DST,
                "k",
                Some(VersionId::parse(&v1).unwrap()),
                &Conditions::default(),
                None,
            )
            .unwrap();
        assert_eq!(old.bytes(), b"one");
    }
}

#[test]
fn versioned_delete_with_version_id_propagates_only_under_all() {
    for (action, propagated) in [
        (ReplicationAction::All, true),
        (ReplicationAction::Put, false),
    ] {
        let mut e = lab_with_rule(true, action, &[]);
        let v1 = put(&mut e, SRC, "k", "one").unwrap();
        tick(&mut e);
        let v2 = put(&mut e, SRC, "k", "two").unwrap();
        settle(&mut e);
        del(&mut e, SRC, "k", Some(&v2));
        settle(&mut e);
        assert_eq!(stack(&e, SRC, "k"), vec![(v1.clone(), false)]);
        if propagated {
            assert_eq!(stack(&e, DST, "k"), vec![(v1.clone(), false)]);
            assert_eq!(read(&e, DST, "k").as_deref(), Some("one"));
        } else {
            assert_eq!(stack(&e, DST, "k"), vec![(v2, false), (v1, false)]);
            assert_eq!(read(&e, DST, "k").as_deref(), Some("two"));
        }
    }
}

#[test]
fn removing_a_delete_marker_by_id_recovers_in_the_destination_only_under_all() {
    for (action, recovered) in [
        (ReplicationAction::All, true),
        (ReplicationAction::Put, false),
    ] {
        let mut e = lab_with_rule(true, action, &[]);
        put(&mut e, SRC, "k", "one");
        tick(&mut e);
        del(&mut e, SRC, "k", None);
        let marker = stack(&e, SRC, "k")[0].0.clone();
        settle(&mut e);
        del(&mut e, SRC, "k", Some(&marker));
        settle(&mut e);
        assert_eq!(read(&e, SRC, "k").as_deref(), Some("one"));
        assert_eq!(read(&e, DST, "k").is_some(), recovered, "{action:?}");
    }
}

#[test]
fn suspended_source_replicates_null_versions_and_null_markers() {
    let mut e = lab(true);
    e.set_versioning(SRC, Versioning::Suspended).unwrap();
    e.set_versioning(DST, Versioning::Suspended).unwrap();
    e.put_replication_rule(SRC, rule(ReplicationAction::Put, &[], false))
        .unwrap();
    put(&mut e, SRC, "k", "one");
    tick(&mut e);
    put(&mut e, SRC, "k", "two");
    settle(&mut e);
    assert_eq!(stack(&e, DST, "k"), vec![("null".into(), false)]);
    assert_eq!(read(&e, DST, "k").as_deref(), Some("two"));
    del(&mut e, SRC, "k", None);
    settle(&mut e);
    assert_eq!(stack(&e, DST, "k"), vec![("null".into(), true)]);
}

// ---- unversioned source ---------------------------------------------------------------------

#[test]
fn unversioned_overwrites_replicate_under_both_policies() {
    for action in BOTH {
        let mut e = lab_with_rule(false, action, &[]);
        put(&mut e, SRC, "k", "one");
        tick(&mut e);
        put(&mut e, SRC, "k", "two");
        settle(&mut e);
        assert_eq!(read(&e, DST, "k").as_deref(), Some("two"));
        assert_eq!(stack(&e, DST, "k"), vec![("null".into(), false)]);
    }
}

#[test]
fn unversioned_delete_under_all_propagates_and_is_unrecoverable() {
    let mut e = lab_with_rule(false, ReplicationAction::All, &[]);
    put(&mut e, SRC, "k", "precious");
    settle(&mut e);
    assert_eq!(read(&e, DST, "k").as_deref(), Some("precious"));
    del(&mut e, SRC, "k", None);
    settle(&mut e);
    assert_eq!(read(&e, DST, "k"), None);
    assert!(stack(&e, DST, "k").is_empty(), "nothing left to recover");
    assert!(e.bucket(DST).unwrap().objects.is_empty());
}

#[test]
fn unversioned_delete_under_put_keeps_the_destination_copy() {
    let mut e = lab_with_rule(false, ReplicationAction::Put, &[]);
    put(&mut e, SRC, "k", "precious");
    settle(&mut e);
    del(&mut e, SRC, "k", None);
    settle(&mut e);
    assert_eq!(read(&e, SRC, "k"), None);
    assert_eq!(read(&e, DST, "k").as_deref(), Some("precious"));
}

#[test]
fn a_version_removed_before_its_replica_is_due_never_arrives() {
    let mut e = lab_with_rule(true, ReplicationAction::Put, &[]);
    let v1 = put(&mut e, SRC, "k", "oops").unwrap();
    tick(&mut e);
    del(&mut e, SRC, "k", Some(&v1));
    settle(&mut e);
    assert!(stack(&e, DST, "k").is_empty());
}

#[test]
fn a_newer_direct_write_to_the_destination_stays_current() {
    let mut e = lab_with_rule(false, ReplicationAction::Put, &[]);
    put(&mut e, SRC, "k", "from-source");
    tick(&mut e);
    put(&mut e, DST, "k", "direct");
    settle(&mut e);
    assert_eq!(read(&e, DST, "k").as_deref(), Some("direct"));
}

// ---- prefixes, historical objects -------------------------------------------------------------

#[test]
fn prefix_set_filters_keys() {
    let mut e = lab_with_rule(true, ReplicationAction::All, &["logs/", "img/"]);
    put(&mut e, SRC, "logs/1", "l");
    put(&mut e, SRC, "img/a.png", "i");
    put(&mut e, SRC, "tmp/x", "t");
    put(&mut e, SRC, "logsx", "no slash");
    settle(&mut e);
    let keys: Vec<&String> = e.bucket(DST).unwrap().objects.keys().collect();
    assert_eq!(keys, ["img/a.png", "logs/1"]);
    del(&mut e, SRC, "tmp/x", None);
    assert!(e.replication_queue().is_empty(), "outside the prefixes");
}

#[test]
fn historical_replication_copies_what_the_source_already_holds() {
    let mut e = lab(true);
    let v1 = put(&mut e, SRC, "old", "1").unwrap();
    tick(&mut e);
    let v2 = put(&mut e, SRC, "old", "2").unwrap();
    tick(&mut e);
    del(&mut e, SRC, "gone", None);
    put(&mut e, SRC, "other/x", "x");
    e.put_replication_rule(SRC, rule(ReplicationAction::Put, &["old", "gone"], true))
        .unwrap();
    assert_eq!(e.replication_rules(SRC).unwrap()[0].historical_total, 3);
    let p = &e.replication_progress(SRC, None).unwrap()[0];
    assert_eq!((p.status, p.historical), ("starting", Some(0.0)));
    settle(&mut e);
    assert_eq!(stack(&e, DST, "old"), vec![(v2, false), (v1, false)]);
    assert!(stack(&e, DST, "gone")[0].1, "the lone marker too");
    assert!(stack(&e, DST, "other/x").is_empty());
    let p = &e.replication_progress(SRC, None).unwrap()[0];
    assert_eq!(
        (p.status, p.historical, p.new_object),
        ("doing", Some(1.0), e.now())
    );
}

#[test]
fn without_historical_replication_only_new_events_are_copied() {
    let mut e = lab(false);
    put(&mut e, SRC, "before", "b");
    e.put_replication_rule(SRC, rule(ReplicationAction::All, &[], false))
        .unwrap();
    put(&mut e, SRC, "after", "a");
    let p = &e.replication_progress(SRC, None).unwrap()[0];
    assert_eq!((p.historical, p.new_object), (None, T0));
    settle(&mut e);
    assert_eq!(read(&e, DST, "before"), None);
    assert_eq!(read(&e, DST, "after").as_deref(), Some("a"));
}

// ---- loops, rule management ------------------------------------------------------------------

#[test]
fn two_way_replication_does_not_loop() {
    let mut e = lab_with_rule(true, ReplicationAction::All, &[]);
    let back = ReplicationRuleInput {
        dest_bucket: SRC.into(),
        ..rule(ReplicationAction::All, &[], false)
    };
    e.put_replication_rule(DST, back).unwrap();
    let a = put(&mut e, SRC, "from-a", "a").unwrap();
    let b = put(&mut e, DST, "from-b", "b").unwrap();
    for _ in 0..5 {
        settle(&mut e);
    }
    assert!(e.replication_queue().is_empty());
    assert_eq!(stack(&e, SRC, "from-b"), vec![(b.clone(), false)]);
    assert_eq!(stack(&e, DST, "from-a"), vec![(a.clone(), false)]);
    assert_eq!(stack(&e, SRC, "from-a"), vec![(a, false)]);
    assert_eq!(stack(&e, DST, "from-b"), vec![(b, false)]);
}

#[test]
fn deleting_a_rule_stops_replication_and_drops_its_queue() {
    let mut e = lab_with_rule(false, ReplicationAction::All, &[]);
    put(&mut e, SRC, "k", "v");
    e.delete_replication_rule(SRC, "r-ALL").unwrap();
    e.delete_replication_rule(SRC, "r-ALL").unwrap(); // 200 again
    settle(&mut e);
    assert_eq!(read(&e, DST, "k"), None);
    assert!(e.replication_rules(SRC).unwrap().is_empty());
}

#[test]
fn deleting_a_bucket_takes_its_rules_and_queue_but_not_rules_naming_it_as_destination() {
    let mut e = lab_with_rule(false, ReplicationAction::All, &[]);
    e.put_replication_rule(
        DST,
        ReplicationRuleInput {
            dest_bucket: SRC.into(),
            ..rule(ReplicationAction::Put, &[], false)
        },
    )
    .unwrap();
    put(&mut e, SRC, "k", "v");
    del(&mut e, SRC, "k", None); // the replica of the write is still queued
    e.track_changes(true);
    e.delete_bucket(SRC).unwrap();
    assert!(!e.replication_state().rules.contains_key(SRC));
    assert!(e.replication_state().queue.iter().all(|t| t.source != SRC));
    assert_eq!(
        e.take_changes(),
        vec![
            Change::BucketRemoved { bucket: SRC.into() },
            Change::Replication { bucket: SRC.into() },
            Change::ReplicationQueue,
        ]
    );
    // A new bucket under the old name starts without replication.
    e.create_bucket(SRC, StorageClass::Standard).unwrap();
    assert!(e.replication_rules(SRC).unwrap().is_empty());
    put(&mut e, SRC, "fresh", "v");
    settle(&mut e);
    assert_eq!(read(&e, DST, "fresh"), None);
    assert_eq!(read(&e, DST, "k"), None);
    // DST's rule towards SRC is DST's configuration: it stays and works again.
    assert_eq!(e.replication_rules(DST).unwrap().len(), 1);
    put(&mut e, DST, "back", "v");
    settle(&mut e);
    assert_eq!(read(&e, SRC, "back").as_deref(), Some("v"));
}

#[test]
fn configuration_errors() {
    let invalid = Error::InvalidReplication;
    let mut e = lab(false);
    e.create_bucket("vers", StorageClass::Standard).unwrap();
    e.set_versioning("vers", Versioning::Enabled).unwrap();
    let to = |b: &str| ReplicationRuleInput {
        dest_bucket: b.into(),
        ..rule(ReplicationAction::All, &[], false)
    };
    let err = e.put_replication_rule(SRC, to("vers")).unwrap_err();
    assert_eq!(err, invalid(ReplicationProblem::VersioningMismatch));
    assert_eq!(
        e.put_replication_rule(SRC, to(SRC)).unwrap_err(),
        invalid(ReplicationProblem::SameBucket)
    );
    assert_eq!(
        e.put_replication_rule(SRC, to("nope")).unwrap_err(),
        invalid(ReplicationProblem::NoDestination {
            bucket: "nope".into()
        })
    );
    assert_eq!(
        e.put_replication_rule("nope", to(DST)).unwrap_err(),
        Error::NoSuchBucket {
            bucket: "nope".into()
        }
    );
    let overlap = ReplicationRuleInput {
        prefixes: vec!["source".into(), "source/video".into()],
        ..to(DST)
    };
    assert_eq!(
        e.put_replication_rule(SRC, overlap).unwrap_err(),
        invalid(ReplicationProblem::PrefixOverlap)
    );
    let many = ReplicationRuleInput {
        prefixes: (0..11).map(|i| format!("p{i}/")).collect(),
        ..to(DST)
    };
    assert_eq!(
        e.put_replication_rule(SRC, many).unwrap_err(),
        invalid(ReplicationProblem::TooManyPrefixes)
    );
    let id = e
        .put_replication_rule(
            SRC,
            ReplicationRuleInput {
                id: None,
                ..to(DST)
            },
        )
        .unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(
        e.put_replication_rule(SRC, to(DST)).unwrap_err(),
        invalid(ReplicationProblem::RuleExists)
    );
    // Both ends are locked to their versioning state while the rule exists.
    for b in [SRC, DST] {
        let err = e.set_versioning(b, Versioning::Enabled).unwrap_err();
        assert_eq!(err, Error::ReplicationVersioningLocked);
    }
    e.delete_replication_rule(SRC, &id).unwrap();
    e.set_versioning(DST, Versioning::Enabled).unwrap();
}

#[test]
fn enabled_and_suspended_count_as_the_same_versioning_state() {
    let mut e = lab(true);
    e.set_versioning(DST, Versioning::Suspended).unwrap();
    e.put_replication_rule(SRC, rule(ReplicationAction::All, &[], false))
        .unwrap();
    e.set_versioning(SRC, Versioning::Suspended).unwrap();
    e.set_versioning(SRC, Versioning::Enabled).unwrap();
}

#[test]
fn changes_are_recorded_for_persistence() {
    let mut e = lab(false);
    e.track_changes(true);
    e.put_replication_rule(SRC, rule(ReplicationAction::All, &[], false))
        .unwrap();
    put(&mut e, SRC, "k", "v");
    let seq = e.sequence();
    settle(&mut e);
    let changes = e.take_changes();
    assert_eq!(
        changes,
        vec![
            Change::Replication { bucket: SRC.into() },
            Change::ReplicationQueue,
            Change::Entry {
                bucket: SRC.into(),
                key: "k".into(),
                seq
            },
            Change::ReplicationQueue,
            Change::Entry {
                bucket: DST.into(),
                key: "k".into(),
                seq
            },
            Change::ReplicationQueue,
        ]
    );
    let state = e.replication_state().clone();
    let mut copy = Engine::new(0);
    copy.set_replication_state(state.clone());
    assert_eq!(copy.replication_state(), &state);
}

#[test]
fn delete_multiple_objects_markers_replicate_under_all() {
    let mut e = lab_with_rule(true, ReplicationAction::All, &[]);
    put(&mut e, SRC, "a", "1");
    put(&mut e, SRC, "b", "2");
    settle(&mut e);
    let target = |key: &str| crate::engine::objects::ObjectToDelete {
        key: key.into(),
        version: None,
    };
    e.delete_objects(SRC, &[target("a"), target("b")]).unwrap();
    settle(&mut e);
    for k in ["a", "b"] {
        assert_eq!(stack(&e, DST, k), stack(&e, SRC, k));
        assert!(stack(&e, DST, k)[0].1, "{k}: marker on top");
    }
}

#[test]
fn lifecycle_actions_are_not_replicated() {
    use crate::engine::lifecycle::{Expiration, LifecycleConfig, Rule, When};
    let mut e = lab_with_rule(false, ReplicationAction::All, &[]);
    put(&mut e, SRC, "k", "v");
    e.put_lifecycle(
        SRC,
        LifecycleConfig {
            rules: vec![Rule {
                id: "expire".into(),
                enabled: true,
                expiration: Some(Expiration::When(When::Days(1))),
                ..Default::default()
            }],
            set_at: 0,
        },
    )
    .unwrap();
    // The replica lands after one minute; the source expires at a later midnight.
    e.set_now(T0 + 3 * DAY);
    assert_eq!(read(&e, SRC, "k"), None, "expired by lifecycle");
    assert_eq!(
        read(&e, DST, "k").as_deref(),
        Some("v"),
        "not a replicated delete"
    );
    assert!(e.replication_queue().is_empty());
}

// ---- appendable objects -------------------------------------------------------------------

fn append(e: &mut Engine, key: &str, position: u64, body: &str) {
    e.append_object(crate::engine::append::AppendObject {
        bucket: SRC.into(),
        key: key.into(),
        position,
        body: Arc::from(body.as_bytes()),
        ..Default::default()
    })
    .unwrap();
}

#[test]
fn later_appends_replicate_like_the_first_and_the_replica_grows_in_place() {
    for versioned in [false, true] {
        for action in BOTH {
            let mut e = lab_with_rule(versioned, action, &[]);
            append(&mut e, "log", 0, "one ");
            settle(&mut e);
            assert_eq!(read(&e, DST, "log").as_deref(), Some("one "));
            append(&mut e, "log", 4, "two ");
            tick(&mut e);
            append(&mut e, "log", 8, "three");
            e.set_now(e.now() + DELAY - 2 * SECOND);
            assert_eq!(read(&e, DST, "log").as_deref(), Some("one "), "not yet due");
            settle(&mut e);
            assert_eq!(read(&e, DST, "log").as_deref(), Some("one two three"));
            // One version, the source's, still appendable, with the source's CRC and ETag.
            assert_eq!(stack(&e, DST, "log"), stack(&e, SRC, "log"));
            assert_eq!(stack(&e, DST, "log").len(), 1);
            let obj = |b: &str| {
                e.bucket(b)
                    .unwrap()
                    .stack("log")
                    .unwrap()
                    .current()
                    .unwrap()
                    .object()
                    .unwrap()
                    .clone()
            };
            let (src, dst) = (obj(SRC), obj(DST));
            assert!(dst.can_append());
            assert_eq!((dst.crc64, &dst.etag), (src.crc64, &src.etag));
            assert!(e.replication_queue().is_empty());
        }
    }
}

#[test]
fn an_append_then_an_overwrite_replicates_the_frozen_version_and_the_new_one() {
    let mut e = lab_with_rule(true, ReplicationAction::All, &[]);
    append(&mut e, "log", 0, "a");
    tick(&mut e);
    append(&mut e, "log", 1, "b");
    tick(&mut e);
    put(&mut e, SRC, "log", "normal");
    settle(&mut e);
    assert_eq!(stack(&e, DST, "log"), stack(&e, SRC, "log"));
    let old = e
        .bucket(DST)
        .unwrap()
        .stack("log")
        .unwrap()
        .entry_at(0)
        .object()
        .unwrap()
        .clone();
    assert_eq!(&old.body[..], b"ab");
    assert!(
        !old.can_append(),
        "the replica of a covered version is closed too"
    );
    assert_eq!(read(&e, DST, "log").as_deref(), Some("normal"));
}
