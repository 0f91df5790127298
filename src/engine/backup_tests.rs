//! Scheduled backups: the schedule fires on the clock, retention, restores.

use std::sync::Arc;

use super::*;
use crate::engine::error::{BackupPlanProblem, Error};
use crate::engine::objects::{Conditions, PutObject};
use crate::engine::replication::{ReplicationAction, ReplicationRuleInput};
use crate::engine::{StorageClass, Versioning, DAY, SECOND};

const T0: Millis = 1_763_800_000_000;
const B: &str = "lab";

fn lab(versioning: Versioning) -> Engine {
    let mut e = Engine::new(T0);
    e.create_bucket(B, StorageClass::Standard).unwrap();
    if versioning != Versioning::Unversioned {
        e.set_versioning(B, versioning).unwrap();
    }
    e
}

fn put(e: &mut Engine, key: &str, body: &str) -> Option<String> {
    e.put_object(PutObject {
        bucket: B.into(),
        key: key.into(),
        body: Arc::from(body.as_bytes()),
        ..Default::default()
    })
    .unwrap()
    .version_id
}

fn read(e: &Engine, key: &str) -> Option<String> {
    e.get_object(B, key, None, &Conditions::default(), None)
        .ok()
        .map(|r| String::from_utf8(r.bytes().to_vec()).unwrap())
}

fn versions(e: &Engine, key: &str) -> usize {
    e.bucket(B).unwrap().stack(key).map_or(0, |s| s.len())
}

#[test]
fn the_schedule_fires_on_the_clock() {
    let mut e = lab(Versioning::Unversioned);
    e.set_backup_plan(B, DAY, 7, None).unwrap();
    put(&mut e, "a", "1");
    e.set_now(T0 + DAY - SECOND);
    assert!(e.snapshots(B).is_empty(), "one second before due");
    e.set_now(T0 + DAY + SECOND);
    assert_eq!(e.snapshots(B).len(), 1, "one second after");
    let s = &e.snapshots(B)[0];
    assert_eq!((s.id, s.taken), (1, T0 + DAY));
    assert_eq!(e.backup_plan(B).unwrap().next_due, T0 + 2 * DAY);
}

#[test]
fn a_long_jump_takes_every_snapshot_in_order_and_keeps_the_last_k() {
    let mut e = lab(Versioning::Unversioned);
    e.set_backup_plan(B, DAY, 3, Some(T0 + 6 * 3_600_000))
        .unwrap();
    put(&mut e, "a", "1");
    e.set_now(T0 + 10 * DAY);
    let ids: Vec<(u64, Millis)> = e.snapshots(B).iter().map(|s| (s.id, s.taken)).collect();
    let first = T0 + 6 * 3_600_000;
    assert_eq!(
        ids,
        vec![
            (8, first + 7 * DAY),
            (9, first + 8 * DAY),
            (10, first + 9 * DAY)
        ]
    );
}

#[test]
fn a_snapshot_captures_current_versions_and_shares_bodies() {
    let mut e = lab(Versioning::Enabled);
    e.set_backup_plan(B, DAY, 7, None).unwrap();
    put(&mut e, "a", "old");
    e.set_now(T0 + SECOND);
    let va = put(&mut e, "a", "new").unwrap();
    put(&mut e, "gone", "x");
    e.delete_object(B, "gone", None).unwrap();
    let id = e.take_snapshot(B).unwrap();
    let s = e.snapshot(B, id).unwrap();
    assert_eq!(
        s.objects.keys().collect::<Vec<_>>(),
        ["a"],
        "markers are not captured"
    );
    let item = &s.objects["a"];
    assert_eq!(item.version_id.map(|v| v.render()), Some(va));
    let live = e.bucket(B).unwrap().stack("a").unwrap().current().unwrap();
    assert!(Arc::ptr_eq(&item.object.body, &live.object().unwrap().body));
}

#[test]
fn restore_one_object_in_an_unversioned_bucket_overwrites_it() {
    let mut e = lab(Versioning::Unversioned);
    e.set_backup_plan(B, DAY, 7, None).unwrap();
    put(&mut e, "a", "good");
    let id = e.take_snapshot(B).unwrap();
    put(&mut e, "a", "corrupted");
    let w = e.restore_object_from_snapshot(B, id, "a").unwrap();
    assert_eq!(w.version_id, None);
    assert_eq!(read(&e, "a").as_deref(), Some("good"));
    assert_eq!(versions(&e, "a"), 1);
    assert_eq!(
        e.restore_object_from_snapshot(B, id, "nope").unwrap_err(),
        Error::SnapshotHasNoKey { key: "nope".into() }
    );
    assert_eq!(
        e.restore_object_from_snapshot(B, 99, "a").unwrap_err(),
        Error::NoSuchSnapshot {
            bucket: B.into(),
            id: 99
        }
    );
}

#[test]
fn restore_in_a_versioned_bucket_creates_new_versions() {
    let mut e = lab(Versioning::Enabled);
    e.set_backup_plan(B, DAY, 7, None).unwrap();
    put(&mut e, "a", "a1");
    put(&mut e, "b", "b1");
    put(&mut e, "same", "s");
    let id = e.take_snapshot(B).unwrap();
    e.set_now(T0 + SECOND);
    put(&mut e, "a", "a2");
    e.delete_object(B, "b", None).unwrap();
    put(&mut e, "later", "l");
    let report = e.restore_bucket_from_snapshot(B, id).unwrap();
    let restored: Vec<&str> = report.restored.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(restored, ["a", "b"]);
    assert_eq!(report.unchanged, ["same"]);
    assert!(report.restored.iter().all(|(_, w)| w.version_id.is_some()));
    assert_eq!(read(&e, "a").as_deref(), Some("a1"));
    assert_eq!(read(&e, "b").as_deref(), Some("b1"));
    assert_eq!(
        read(&e, "later").as_deref(),
        Some("l"),
        "a restore deletes nothing"
    );
    assert_eq!(versions(&e, "a"), 3, "a1, a2 and the restored copy");
    assert_eq!(versions(&e, "b"), 3, "b1, the marker and the restored copy");
}

#[test]
fn restores_are_writes_that_replication_sees() {
    let mut e = lab(Versioning::Unversioned);
    e.create_bucket("copy", StorageClass::Standard).unwrap();
    e.put_replication_rule(
        B,
        ReplicationRuleInput {
            dest_bucket: "copy".into(),
            action: ReplicationAction::All,
            ..Default::default()
        },
    )
    .unwrap();
    e.set_backup_plan(B, DAY, 7, None).unwrap();
    put(&mut e, "a", "good");
    let id = e.take_snapshot(B).unwrap();
    e.delete_object(B, "a", None).unwrap();
    e.set_now(e.now() + 2 * 60_000);
    assert!(e
        .get_object("copy", "a", None, &Conditions::default(), None)
        .is_err());
    e.restore_object_from_snapshot(B, id, "a").unwrap();
    e.set_now(e.now() + 2 * 60_000);
    let r = e
        .get_object("copy", "a", None, &Conditions::default(), None)
        .unwrap();
    assert_eq!(r.bytes(), b"good");
}

#[test]
fn plan_validation_and_changes() {
    let mut e = lab(Versioning::Unversioned);
    assert_eq!(
        e.set_backup_plan(B, 60_000, 3, None).unwrap_err(),
        Error::InvalidBackupPlan(BackupPlanProblem::IntervalTooShort)
    );
    assert_eq!(
        e.set_backup_plan(B, DAY, 0, None).unwrap_err(),
        Error::InvalidBackupPlan(BackupPlanProblem::KeepOutOfRange)
    );
    assert_eq!(
        e.set_backup_plan("nope", DAY, 3, None).unwrap_err(),
        Error::NoSuchBucket {
            bucket: "nope".into()
        }
    );
    assert_eq!(
        e.take_snapshot(B).unwrap_err(),
        Error::InvalidBackupPlan(BackupPlanProblem::NoPlan)
    );
    e.track_changes(true);
    e.set_backup_plan(B, DAY, 1, None).unwrap();
    e.take_snapshot(B).unwrap();
    e.take_snapshot(B).unwrap();
    e.remove_backup_plan(B).unwrap();
    let bp = || Change::BackupPlan { bucket: B.into() };
    let snap = |id| Change::Snapshot {
        bucket: B.into(),
        id,
    };
    let gone = |id| Change::SnapshotRemoved {
        bucket: B.into(),
        id,
    };
    assert_eq!(
        e.take_changes(),
        // Each snapshot also moves the plan's id counter (persisted with the plan).
        vec![bp(), snap(1), bp(), snap(2), bp(), gone(1), gone(2), bp()]
    );
    assert!(e.backup_plan(B).is_none());
}

#[test]
fn a_deleted_bucket_keeps_its_snapshots_and_the_schedule_idles_until_it_is_back() {
    let mut e = lab(Versioning::Unversioned);
    e.set_backup_plan(B, DAY, 7, None).unwrap();
    put(&mut e, "a", "1");
    let id = e.take_snapshot(B).unwrap();
    e.delete_object(B, "a", None).unwrap();
    e.delete_bucket(B).unwrap();
    assert_eq!(e.snapshots(B).len(), 1, "the snapshot outlives the bucket");
    e.set_now(T0 + 3 * DAY + SECOND);
    assert_eq!(e.snapshots(B).len(), 1, "no snapshots of a missing bucket");
    assert_eq!(e.backup_plan(B).unwrap().next_due, T0 + 4 * DAY);
    e.create_bucket(B, StorageClass::Standard).unwrap();
    e.restore_bucket_from_snapshot(B, id).unwrap();
    assert_eq!(read(&e, "a").as_deref(), Some("1"));
}
