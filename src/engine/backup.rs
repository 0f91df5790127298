//! Scheduled backups of a bucket, on the virtual clock.
//!
//! OSS itself has no backup API: Alibaba Cloud's "scheduled backup" of OSS data is a separate
//! product (Cloud Backup), which seed 000 recommends next to versioning and replication. The
//! lab models its essence: a plan takes a snapshot of a bucket every `every` milliseconds and
//! keeps the last `keep` snapshots; a snapshot records each key's current object version
//! (bodies shared with the bucket, not copied; keys whose current entry is a delete marker are
//! not in it). Restoring writes through the normal write path, so in a versioned bucket a
//! restore creates new versions and replication sees it like any other write.

use std::collections::BTreeMap;

use super::error::{BackupPlanProblem, Error, Result};
use super::ids::VersionId;
use super::object::{EntryKind, ObjectVersion};
use super::objects::WriteResult;
use super::{Change, Engine, Millis, HOUR};

/// Shortest schedule interval (keeps a long clock jump from taking thousands of snapshots).
pub const MIN_BACKUP_INTERVAL: Millis = HOUR;
/// Most snapshots a plan may keep.
pub const MAX_BACKUP_KEEP: usize = 100;

/// One key in a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotItem {
    /// The version captured (`None` in an unversioned bucket).
    pub version_id: Option<VersionId>,
    /// Its Last-Modified.
    pub last_modified: Millis,
    /// The version itself; the body is shared with the bucket.
    pub object: ObjectVersion,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupSnapshot {
    pub id: u64,
    pub taken: Millis,
    pub objects: BTreeMap<String, SnapshotItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupPlan {
    pub bucket: String,
    pub every: Millis,
    pub keep: usize,
    /// When the next scheduled snapshot is taken.
    pub next_due: Millis,
    /// Oldest first.
    pub snapshots: Vec<BackupSnapshot>,
    pub next_id: u64,
}

/// How a bucket-wide restore went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreReport {
    /// Keys written back, with what the write answered.
    pub restored: Vec<(String, WriteResult)>,
    /// Keys whose current version already equals the snapshot's.
    pub unchanged: Vec<String>,
}

fn capture(engine: &Engine, bucket: &str) -> BTreeMap<String, SnapshotItem> {
    let Ok(b) = engine.bucket(bucket) else {
        return BTreeMap::new();
    };
    let versioned = b.versioning.is_versioned();
    b.objects
        .iter()
        .filter_map(|(k, s)| {
            let e = s.current()?;
            match &e.kind {
                EntryKind::Object(o) => Some((
                    k.clone(),
                    SnapshotItem {
                        version_id: versioned.then(|| e.version_id()),
                        last_modified: e.created,
                        object: o.clone(),
                    },
                )),
                EntryKind::DeleteMarker => None,
            }
        })
        .collect()
}

/// Take every scheduled snapshot due at or before `t` (the clock is at `t`).
pub(crate) fn run_due(engine: &mut Engine, t: Millis) {
    let due: Vec<String> = engine
        .backups
        .values()
        .filter(|p| p.next_due <= t)
        .map(|p| p.bucket.clone())
        .collect();
    for bucket in due {
        let every = engine.backups[&bucket].every;
        if engine.buckets.contains_key(&bucket) {
            engine.snapshot_now(&bucket);
        }
        if let Some(p) = engine.backups.get_mut(&bucket) {
            p.next_due += every;
        }
        engine.record(|| Change::BackupPlan { bucket });
    }
}

impl Engine {
    /// Schedule snapshots of `bucket` every `every` ms, keeping the last `keep`; the first is
    /// taken at `first_at` (default: one interval from now). Replaces an existing schedule but
    /// keeps its snapshots.
    pub fn set_backup_plan(
        &mut self,
        bucket: &str,
        every: Millis,
        keep: usize,
        first_at: Option<Millis>,
    ) -> Result<()> {
        self.bucket(bucket)?;
        if every < MIN_BACKUP_INTERVAL {
            return Err(Error::InvalidBackupPlan(
                BackupPlanProblem::IntervalTooShort,
            ));
        }
        if keep == 0 || keep > MAX_BACKUP_KEEP {
            return Err(Error::InvalidBackupPlan(BackupPlanProblem::KeepOutOfRange));
        }
        let next_due = first_at.unwrap_or(self.now + every).max(self.now);
        let plan = self
            .backups
            .entry(bucket.to_string())
            .or_insert_with(|| BackupPlan {
                bucket: bucket.to_string(),
                every,
                keep,
                next_due,
                snapshots: Vec::new(),
                next_id: 0,
            });
        plan.every = every;
        plan.keep = keep;
        plan.next_due = next_due;
        self.record(|| Change::BackupPlan {
            bucket: bucket.to_string(),
        });
        self.trim_snapshots(bucket);
        Ok(())
    }

    /// Stop the schedule and drop its snapshots.
    pub fn remove_backup_plan(&mut self, bucket: &str) -> Result<()> {
        if let Some(plan) = self.backups.remove(bucket) {
            for s in plan.snapshots {
                self.record(|| Change::SnapshotRemoved {
                    bucket: bucket.to_string(),
                    id: s.id,
                });
            }
            self.record(|| Change::BackupPlan {
                bucket: bucket.to_string(),
            });
        }
        Ok(())
    }

    pub fn backup_plan(&self, bucket: &str) -> Option<&BackupPlan> {
        self.backups.get(bucket)
    }

    pub fn backup_plans(&self) -> impl Iterator<Item = &BackupPlan> {
        self.backups.values()
    }

    /// Restore a stored plan with its snapshots (persistence).
    pub fn set_backup_plan_state(&mut self, plan: BackupPlan) {
        self.backups.insert(plan.bucket.clone(), plan);
    }

    /// Take a snapshot now, outside the schedule; the plan's retention applies (a plan is
    /// required, so that retention is defined). Returns the snapshot id.
    pub fn take_snapshot(&mut self, bucket: &str) -> Result<u64> {
        self.bucket(bucket)?;
        if !self.backups.contains_key(bucket) {
            return Err(Error::InvalidBackupPlan(BackupPlanProblem::NoPlan));
        }
        Ok(self.snapshot_now(bucket))
    }

    fn snapshot_now(&mut self, bucket: &str) -> u64 {
        let objects = capture(self, bucket);
        let now = self.now;
        let plan = self
            .backups
            .get_mut(bucket)
            .expect("plan checked by caller");
        plan.next_id += 1;
        let id = plan.next_id;
        plan.snapshots.push(BackupSnapshot {
            id,
            taken: now,
            objects,
        });
        self.record(|| Change::Snapshot {
            bucket: bucket.to_string(),
            id,
        });
        // The plan's id counter moved.
        self.record(|| Change::BackupPlan {
            bucket: bucket.to_string(),
        });
        self.trim_snapshots(bucket);
        id
    }

    fn trim_snapshots(&mut self, bucket: &str) {
        let Some(plan) = self.backups.get_mut(bucket) else {
            return;
        };
        let excess = plan.snapshots.len().saturating_sub(plan.keep);
        let dropped: Vec<u64> = plan.snapshots.drain(..excess).map(|s| s.id).collect();
        for id in dropped {
            self.record(|| Change::SnapshotRemoved {
                bucket: bucket.to_string(),
                id,
            });
        }
    }

    /// Snapshots of `bucket`, oldest first.
    pub fn snapshots(&self, bucket: &str) -> &[BackupSnapshot] {
        self.backups
            .get(bucket)
            .map_or(&[][..], |p| p.snapshots.as_slice())
    }

    pub fn snapshot(&self, bucket: &str, id: u64) -> Result<&BackupSnapshot> {
        self.snapshots(bucket)
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::NoSuchSnapshot {
                bucket: bucket.to_string(),
                id,
            })
    }

    /// Write one key back from a snapshot (a new version when versioning is enabled, the
    /// `null` version otherwise).
    pub fn restore_object_from_snapshot(
        &mut self,
        bucket: &str,
        id: u64,
        key: &str,
    ) -> Result<WriteResult> {
        let item = self
            .snapshot(bucket, id)?
            .objects
            .get(key)
            .cloned()
            .ok_or_else(|| Error::SnapshotHasNoKey {
                key: key.to_string(),
            })?;
        self.bucket(bucket)?;
        self.write_version(bucket, key, fresh(item.object))
    }

    /// Write back every key of a snapshot whose current version differs from the snapshot's
    /// (same ETag, metadata and class counts as equal). Keys created after the snapshot are
    /// left alone: a restore puts data back, it deletes nothing.
    pub fn restore_bucket_from_snapshot(&mut self, bucket: &str, id: u64) -> Result<RestoreReport> {
        let items = self.snapshot(bucket, id)?.objects.clone();
        self.bucket(bucket)?;
        let mut report = RestoreReport::default();
        for (key, item) in items {
            let same = self
                .bucket(bucket)?
                .stack(&key)
                .and_then(|s| s.current())
                .and_then(|e| e.object())
                .is_some_and(|o| {
                    o.etag == item.object.etag
                        && o.meta == item.object.meta
                        && o.storage_class == item.object.storage_class
                });
            if same {
                report.unchanged.push(key);
                continue;
            }
            let w = self.write_version(bucket, &key, fresh(item.object))?;
            report.restored.push((key, w));
        }
        Ok(report)
    }
}

/// A captured version written anew: no restore state, no transition time.
fn fresh(mut o: ObjectVersion) -> ObjectVersion {
    o.restore = None;
    o.transition_time = None;
    o
}

#[cfg(test)]
#[path = "backup_tests.rs"]
mod tests;
