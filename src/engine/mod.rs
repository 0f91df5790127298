//! The versioned store: a pure, deterministic state machine.
//!
//! No I/O, no browser or server types and no clock reads: the caller moves time forward with
//! [`Engine::set_now`] (the virtual clock), and every operation takes typed input and returns
//! a typed result or an [`Error`] (a semantic fact; the wire layer renders it as OSS's
//! error response). Given the same calls at the same times, two engines end
//! in the same state with the same ids.

pub mod access;
pub mod acl;
pub mod append;
pub mod archive;
pub mod backup;
pub mod bucket;
pub mod clock;
pub mod cors;
pub mod error;
pub mod ids;
pub mod integrity;
pub mod lifecycle;
pub mod listing;
pub mod meter;
pub mod multipart;
pub mod object;
pub mod objects;
pub mod prices;
pub mod range;
pub mod replication;
pub mod stack;
pub mod stat;
pub mod symlink;
pub mod tagging;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

pub use archive::{RestoreSettings, RestoreStatus, Tier};
pub use bucket::{Bucket, Versioning};
pub use error::{Error, Result};
pub use ids::VersionId;
pub use object::{
    Body, Entry, EntryKind, Etag, ObjectMeta, ObjectType, ObjectVersion, StorageClass, TypeDetail,
};
pub use stack::VersionStack;

/// Milliseconds since the Unix epoch, on the virtual clock.
pub type Millis = i64;

pub const SECOND: Millis = 1000;
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

/// Tunables of the emulated service, each defaulting to what OSS documents.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub restore: RestoreSettings,
    /// Every part but the last must be at least this big (OSS: 100 KB).
    pub min_part_size: usize,
    /// OSS allows 100 buckets per account by default.
    pub max_buckets: usize,
    /// The account shown as `Owner` in listings.
    pub owner_id: String,
    /// The region buckets live in (`Location` is `oss-<region>`).
    pub region: String,
    /// How long after a write or delete its replica lands in the destination bucket
    /// (replication is asynchronous in OSS: "a few minutes to a few hours"). The one place
    /// where the lab's replication lag is set.
    pub replication_delay: Millis,
    /// The size an Appendable object may not exceed (OSS: 5 GB). Not persisted: a tunable
    /// for tests, which cannot allocate 5 GB.
    pub max_append_size: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            restore: RestoreSettings::default(),
            min_part_size: 100 * 1024,
            max_buckets: 100,
            owner_id: "1234567890123456".to_string(),
            region: "cn-hangzhou".to_string(),
            replication_delay: replication::DEFAULT_REPLICATION_DELAY,
            max_append_size: append::MAX_APPENDABLE_SIZE,
        }
    }
}

/// A record the engine changed, so persistence writes only what changed (one IndexedDB
/// transaction per mutation) instead of rewriting the whole state.
///
/// Stored as it is (the persistence `log` store, the cross-tab message) through serde:
/// `{"t":"entry","bucket":..,"key":..,"seq":..}`, the layout every earlier version wrote.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Change {
    /// Bucket settings (versioning, lifecycle, ...) were created or changed.
    Bucket {
        bucket: String,
    },
    BucketRemoved {
        bucket: String,
    },
    /// An entry was created or changed in place (restore, transition).
    Entry {
        bucket: String,
        key: String,
        seq: u64,
    },
    EntryRemoved {
        bucket: String,
        key: String,
        seq: u64,
    },
    Upload {
        bucket: String,
        upload_id: String,
    },
    UploadRemoved {
        bucket: String,
        upload_id: String,
    },
    /// The replication rules of a source bucket were created or changed
    /// ([`Engine::replication_rules`]; an empty list means none).
    Replication {
        bucket: String,
    },
    /// The replication queue changed (tasks added or applied): store
    /// [`Engine::replication_queue`] whole, it is small and short-lived.
    ReplicationQueue,
    /// An identity (access key → policies) was created or changed.
    Identity {
        access_key_id: String,
    },
    IdentityRemoved {
        access_key_id: String,
    },
    /// The backup plan of a bucket was created, changed (next run) or removed
    /// ([`Engine::backup_plan`] is `None`).
    BackupPlan {
        bucket: String,
    },
    /// A backup snapshot was taken.
    Snapshot {
        bucket: String,
        id: u64,
    },
    /// A backup snapshot was dropped by retention.
    SnapshotRemoved {
        bucket: String,
        id: u64,
    },
}

/// The whole store.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    buckets: BTreeMap<String, Bucket>,
    now: Millis,
    /// Engine-wide write sequence; every new entry and upload takes the next value.
    seq: u64,
    settings: Settings,
    track_changes: bool,
    changes: Vec<Change>,
    /// Metadata shared by every version that has the same headers (most versions of a key
    /// do), so a version costs a pointer, not a copy of its headers.
    metas: HashSet<Arc<ObjectMeta>>,
    /// Replication rules by source bucket, and the queue of replicas not yet applied.
    replication: replication::ReplicationState,
    /// Identities (RAM users of the lab) by access key id.
    identities: BTreeMap<String, access::Identity>,
    /// Scheduled backups by bucket (osslab's stand-in for Cloud Backup).
    backups: BTreeMap<String, backup::BackupPlan>,
    /// What OSS would bill, per bucket, on the virtual clock (updated by every mutation).
    meter: meter::Meter,
    /// Benchmarks only: skip the meter, to measure what it costs.
    meter_off: bool,
}

impl Engine {
    pub fn new(now: Millis) -> Self {
        Self::with_settings(now, Settings::default())
    }

    pub fn with_settings(now: Millis, settings: Settings) -> Self {
        Engine {
            now,
            settings,
            ..Default::default()
        }
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// Move the virtual clock to `t` (never backwards), applying every lifecycle action that
    /// fell due on the way, in time order. Restore progress and expiry need no processing:
    /// they are computed from timestamps whenever they are read.
    pub fn set_now(&mut self, t: Millis) {
        if t <= self.now {
            return;
        }
        // Replicas and backups fall due at arbitrary instants: run everything in time order,
        // lifecycle midnights first when they coincide.
        while let Some(due) = self.next_toolkit_due().filter(|d| *d <= t) {
            lifecycle::run_until(self, due);
            self.now = due;
            self.run_toolkit_due(due);
        }
        lifecycle::run_until(self, t);
        self.now = t;
    }

    /// The last write sequence handed out (persisted so ids stay unique after a reload).
    pub fn sequence(&self) -> u64 {
        self.seq
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Start recording [`Change`]s (persistence turns this on; the native server does not).
    pub fn track_changes(&mut self, on: bool) {
        self.track_changes = on;
        if !on {
            self.changes.clear();
        }
    }

    /// Changes recorded since the last call, in order.
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    fn record(&mut self, change: impl FnOnce() -> Change) {
        if self.track_changes {
            self.changes.push(change());
        }
    }

    /// Record that the entry `seq` of `bucket`/`key` was created or changed in place.
    fn record_entry(&mut self, bucket: &str, key: &str, seq: u64) {
        if !self.meter_off {
            self.meter
                .entry_changed(&self.buckets, self.now, bucket, key, seq);
        }
        self.record(|| Change::Entry {
            bucket: bucket.to_string(),
            key: key.to_string(),
            seq,
        });
    }

    /// Record that the multipart upload `upload_id` of `bucket` was created, changed or removed.
    fn record_upload(&mut self, bucket: &str, upload_id: &str, removed: bool) {
        if !self.meter_off {
            self.meter
                .upload_changed(&self.buckets, self.now, bucket, upload_id);
        }
        self.record(|| {
            let (bucket, upload_id) = (bucket.to_string(), upload_id.to_string());
            if removed {
                Change::UploadRemoved { bucket, upload_id }
            } else {
                Change::Upload { bucket, upload_id }
            }
        });
    }

    /// Benchmarks: turn the meter off (`false`) to measure the meter's own cost by
    /// difference. A lab without its meter bills nothing from then on.
    pub fn set_metering(&mut self, on: bool) {
        self.meter_off = !on;
    }

    /// The storage meter (what OSS would bill, per bucket).
    pub fn meter(&self) -> &meter::Meter {
        &self.meter
    }

    /// Persistence: rebuild the meter of `bucket` from its versions and the stored `state`
    /// (`None`: the record is gone; metering restarts now). A deleted bucket keeps its bill.
    pub fn restore_meter(&mut self, bucket: &str, state: Option<meter::MeterState>) {
        match (self.buckets.get(bucket), state) {
            (Some(b), state) => self.meter.rebuild_bucket(b, self.now, state),
            (None, Some(state)) => self.meter.restore_deleted(bucket, state),
            (None, None) => self.meter.remove(bucket),
        }
    }

    /// Persistence: the stored storage of `key`'s removed versions in `bucket`'s meter
    /// ([`meter::BucketMeter::gone`]; `None`: the record is gone).
    pub fn restore_gone(&mut self, bucket: &str, key: &str, cells: Option<Vec<meter::Cell>>) {
        if let Some(m) = self.meter.bucket_mut(bucket) {
            m.set_gone(key, cells);
        }
    }

    /// Count one billed request (PUT-type or GET-type) on an existing bucket.
    pub fn count_request(&mut self, bucket: &str, kind: meter::RequestKind) {
        if self.buckets.contains_key(bucket) {
            self.meter.count_request(bucket, self.now, kind);
        }
    }

    /// Record that the entry `seq` of `bucket`/`key` is gone.
    fn record_entry_removed(&mut self, bucket: &str, key: &str, seq: u64) {
        if !self.meter_off {
            self.meter
                .entry_removed(&self.buckets, self.now, bucket, key, seq);
        }
        self.record(|| Change::EntryRemoved {
            bucket: bucket.to_string(),
            key: key.to_string(),
            seq,
        });
    }

    pub fn bucket(&self, name: &str) -> Result<&Bucket> {
        self.buckets.get(name).ok_or_else(|| Error::NoSuchBucket {
            bucket: name.to_string(),
        })
    }

    fn bucket_mut(&mut self, name: &str) -> Result<&mut Bucket> {
        self.buckets
            .get_mut(name)
            .ok_or_else(|| Error::NoSuchBucket {
                bucket: name.to_string(),
            })
    }

    pub fn buckets(&self) -> impl Iterator<Item = &Bucket> {
        self.buckets.values()
    }

    /// Restore a stored state: buckets, sequence and clock (used by persistence and import).
    /// Persistence: an engine from stored parts. Each bucket's meter is rebuilt once, from its
    /// versions and its stored bill in `meters` when there is one (what
    /// [`Engine::restore_meter`] would do, without first rebuilding it bill-less).
    pub fn from_parts(
        settings: Settings,
        now: Millis,
        seq: u64,
        buckets: Vec<Bucket>,
        meters: BTreeMap<String, meter::MeterState>,
    ) -> Self {
        Engine {
            buckets: buckets.into_iter().map(|b| (b.name.clone(), b)).collect(),
            now,
            seq,
            settings,
            track_changes: false,
            changes: Vec::new(),
            metas: HashSet::new(),
            replication: Default::default(),
            identities: BTreeMap::new(),
            meter: meter::Meter::default(),
            meter_off: false,
            backups: BTreeMap::new(),
        }
        .with_rebuilt_meter(meters)
    }

    /// The meter of every bucket re-derived from its versions and stored bill, metering from now.
    fn with_rebuilt_meter(mut self, meters: BTreeMap<String, meter::MeterState>) -> Self {
        self.meter = meter::Meter::rebuild(&self.buckets, self.now, meters);
        self
    }

    /// Persistence: the bucket map, to merge records written by another tab into a loaded
    /// engine. Engine invariants are the caller's responsibility.
    pub fn buckets_map_mut(&mut self) -> &mut BTreeMap<String, Bucket> {
        &mut self.buckets
    }

    /// Persistence: the replication rules and queue, to merge stored records into a loaded
    /// engine. Engine invariants (queue sorted by due time, then id) are the caller's
    /// responsibility.
    pub fn replication_state_mut(&mut self) -> &mut replication::ReplicationState {
        &mut self.replication
    }

    /// Persistence: the identities by access key id.
    pub fn identities_map_mut(&mut self) -> &mut BTreeMap<String, access::Identity> {
        &mut self.identities
    }

    /// Persistence: the backup plans (with their snapshots, oldest first) by bucket.
    pub fn backups_map_mut(&mut self) -> &mut BTreeMap<String, backup::BackupPlan> {
        &mut self.backups
    }

    /// Persistence: set the stored clock position and sequence without running lifecycle
    /// (they are already the result of it).
    pub fn restore_position(&mut self, now: Millis, seq: u64) {
        self.now = now;
        self.seq = seq;
    }

    /// The earliest instant at which a replica or a backup falls due.
    fn next_toolkit_due(&self) -> Option<Millis> {
        let r = self.replication.next_due();
        let b = self.backups.values().map(|p| p.next_due).min();
        match (r, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Apply every replica and backup due at or before `t` (the clock is at `t`).
    fn run_toolkit_due(&mut self, t: Millis) {
        replication::run_due(self, t);
        backup::run_due(self, t);
    }

    /// The shared copy of `meta`. Unused copies are dropped whenever the pool has doubled.
    pub(crate) fn intern_meta(&mut self, meta: ObjectMeta) -> Arc<ObjectMeta> {
        if let Some(m) = self.metas.get(&meta) {
            return m.clone();
        }
        if self.metas.len() >= 64 && self.metas.len().is_power_of_two() {
            self.metas.retain(|m| Arc::strong_count(m) > 1);
        }
        let m = Arc::new(meta);
        self.metas.insert(m.clone());
        m
    }

    // ---- buckets -------------------------------------------------------------------------

    /// PutBucket. OSS answers 409 BucketAlreadyExists when the name is taken.
    pub fn create_bucket(&mut self, name: &str, storage_class: StorageClass) -> Result<()> {
        bucket::validate_bucket_name(name)?;
        if self.buckets.contains_key(name) {
            return Err(Error::BucketAlreadyExists {
                bucket: name.to_string(),
            });
        }
        if self.buckets.len() >= self.settings.max_buckets {
            return Err(Error::TooManyBuckets);
        }
        let b = Bucket::new(name, self.now, storage_class, &self.settings.region);
        self.buckets.insert(name.to_string(), b);
        self.record(|| Change::Bucket {
            bucket: name.to_string(),
        });
        Ok(())
    }

    /// DeleteBucket: only when no version, delete marker or multipart upload is left.
    pub fn delete_bucket(&mut self, name: &str) -> Result<()> {
        let b = self.bucket(name)?;
        if !b.objects.is_empty() || !b.uploads.is_empty() {
            return Err(Error::BucketNotEmpty {
                bucket: name.to_string(),
            });
        }
        self.buckets.remove(name);
        self.record(|| Change::BucketRemoved {
            bucket: name.to_string(),
        });
        self.forget_replication_source(name);
        // A backup plan and its snapshots stay (backups outlive what they back up, like a
        // backup vault does): a snapshot can still restore into a bucket re-created under
        // this name, and the schedule takes no snapshot while no such bucket exists
        // (`backup::run_due`).
        Ok(())
    }

    /// PutBucketVersioning: Enabled or Suspended. There is no way back to Unversioned.
    pub fn set_versioning(&mut self, name: &str, state: Versioning) -> Result<()> {
        if state == Versioning::Unversioned {
            return Err(Error::VersioningCannotBeUnset);
        }
        replication::check_versioning_change(self, name, state)?;
        let b = self.bucket_mut(name)?;
        b.versioning = state;
        self.record(|| Change::Bucket {
            bucket: name.to_string(),
        });
        Ok(())
    }

    pub fn versioning(&self, name: &str) -> Result<Versioning> {
        Ok(self.bucket(name)?.versioning)
    }
}

#[cfg(test)]
mod tests;
