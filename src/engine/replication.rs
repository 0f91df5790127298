//! Data replication between two buckets of the lab (OSS CRR / SRR), run on the virtual clock.
//!
//! Rules live on the source bucket (PutBucketReplication, `POST /?replication&comp=add`). Each
//! replicable event of the source is queued with a due time `now + Settings::replication_delay`
//! and applied by [`Engine::set_now`] in time order (due time, then queue order), so the
//! destination lags the source exactly as long as the lab says, deterministically.
//!
//! What is replicated (docs/fidelity.md §Replication; seed 000, §Seed documents):
//! * every write (PutObject, CopyObject, CompleteMultipartUpload, a backup restore), under
//!   both `PUT` and `ALL`;
//! * a delete without versionId in a versioned source creates a delete marker, and the marker
//!   **is** replicated under both policies;
//! * a delete with versionId (versioned), or any delete (unversioned source), removes the same
//!   version in the destination only under `ALL`; under `PUT` the destination keeps it;
//! * lifecycle actions are not replicated (INFERRED: S3 does not replicate lifecycle
//!   expirations either; each bucket runs its own rules).
//!
//! DECISION (INFERRED, S3-like): a replica keeps the source's version id (and therefore its
//! Last-Modified, which the id encodes), so "delete this version id" can name the same version
//! in both buckets. A replica is inserted at its place by write order; if the destination was
//! written directly in the meantime, the newer direct write stays current.
//!
//! Loop prevention: replicas are applied by this module directly to the destination's stacks
//! and never enter the event hooks, so A→B plus B→A cannot ping-pong.

use std::collections::BTreeMap;

use super::bucket::Versioning;
use super::error::{Error, ReplicationProblem, Result};
use super::ids::VersionId;
use super::stack::Insertion;
use super::{Change, Engine, Millis, MINUTE};

/// The lab's default replication lag: one virtual minute.
pub const DEFAULT_REPLICATION_DELAY: Millis = MINUTE;

/// At most this many prefixes per rule (GetBucketReplication docs: "up to 10").
pub const MAX_PREFIXES: usize = 10;

/// `<Action>`: which operations are synchronized.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReplicationAction {
    /// "Sync Additions, Deletions and Modifications": PUT, DELETE and ABORT (OSS default).
    #[default]
    All,
    /// "Sync Additions and Modifications": writes only; deletions by version id stay local.
    Put,
}

impl ReplicationAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            ReplicationAction::All => "ALL",
            ReplicationAction::Put => "PUT",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ALL" => Some(ReplicationAction::All),
            "PUT" => Some(ReplicationAction::Put),
            _ => None,
        }
    }
}

/// What PutBucketReplication asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicationRuleInput {
    /// Generated when absent (OSS returns it in `x-oss-replication-rule-id`).
    pub id: Option<String>,
    pub prefixes: Vec<String>,
    pub action: ReplicationAction,
    pub dest_bucket: String,
    /// `oss-<region>`; defaults to the destination bucket's location.
    pub dest_location: Option<String>,
    /// `internal` or `oss_acc`: echoed, no effect in the lab.
    pub transfer_type: Option<String>,
    /// HistoricalObjectReplication `enabled` (OSS default) copies what the source already holds.
    pub historical: bool,
    /// `SyncRole` (RAM role OSS replicates with): echoed, no effect in the lab.
    pub sync_role: Option<String>,
    /// `RTC/Status` (replication time control): echoed, no effect in the lab.
    pub rtc: Option<String>,
}

/// A stored rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicationRule {
    pub id: String,
    pub prefixes: Vec<String>,
    pub action: ReplicationAction,
    pub dest_bucket: String,
    pub dest_location: String,
    pub transfer_type: Option<String>,
    pub historical: bool,
    /// When the rule was added.
    pub created: Millis,
    /// How many historical replicas the rule queued when it was added.
    pub historical_total: u64,
    pub sync_role: Option<String>,
    pub rtc: Option<String>,
}

impl ReplicationRule {
    /// An empty PrefixSet matches every key.
    pub fn matches(&self, key: &str) -> bool {
        self.prefixes.is_empty() || self.prefixes.iter().any(|p| key.starts_with(p.as_str()))
    }
}

/// What a queued replica does in the destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskKind {
    /// Copy the source entry with this id (an object version or a delete marker).
    Replicate { version: VersionId },
    /// Remove the entry with this id (`ALL` only).
    Delete { version: VersionId },
}

/// One replica waiting for its due time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicationTask {
    /// Queue order (ties on `due` are applied in this order).
    pub id: u64,
    /// When the source event happened.
    pub queued: Millis,
    pub due: Millis,
    pub source: String,
    pub rule_id: String,
    pub dest: String,
    pub key: String,
    pub kind: TaskKind,
    /// Queued by HistoricalObjectReplication when the rule was added.
    pub historical: bool,
}

/// Everything replication keeps: rules by source bucket, and the queue (sorted by due time,
/// then id). Persistence stores it through [`Engine::replication_state`] /
/// [`Engine::set_replication_state`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicationState {
    pub rules: BTreeMap<String, Vec<ReplicationRule>>,
    pub queue: Vec<ReplicationTask>,
    pub next_task: u64,
    pub next_rule: u64,
}

impl ReplicationState {
    pub(crate) fn next_due(&self) -> Option<Millis> {
        self.queue.first().map(|t| t.due)
    }

    fn push(&mut self, mut task: ReplicationTask) {
        self.next_task += 1;
        task.id = self.next_task;
        let at = self
            .queue
            .partition_point(|t| (t.due, t.id) <= (task.due, task.id));
        self.queue.insert(at, task);
    }

    /// Is `bucket` the source or the destination of any rule?
    fn involves(&self, bucket: &str) -> bool {
        self.rules.get(bucket).is_some_and(|r| !r.is_empty())
            || self
                .rules
                .values()
                .flatten()
                .any(|r| r.dest_bucket == bucket)
    }
}

/// Replication progress of one rule (GetBucketReplicationProgress).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleProgress {
    pub rule: ReplicationRule,
    /// `starting` until the first replicas can have landed, then `doing`.
    pub status: &'static str,
    /// Share of historical replicas applied, 0.0–1.0 (only when historical is enabled).
    pub historical: Option<f64>,
    /// Every source event before this instant has been replicated.
    pub new_object: Millis,
}

fn validate(engine: &Engine, source: &str, input: &ReplicationRuleInput) -> Result<()> {
    let src = engine.bucket(source)?;
    if input.dest_bucket == source {
        return Err(Error::InvalidReplication(ReplicationProblem::SameBucket));
    }
    let dest = engine.bucket(&input.dest_bucket).map_err(|_| {
        Error::InvalidReplication(ReplicationProblem::NoDestination {
            bucket: input.dest_bucket.clone(),
        })
    })?;
    if src.versioning.is_versioned() != dest.versioning.is_versioned() {
        return Err(Error::InvalidReplication(
            ReplicationProblem::VersioningMismatch,
        ));
    }
    if input.prefixes.len() > MAX_PREFIXES {
        return Err(Error::InvalidReplication(
            ReplicationProblem::TooManyPrefixes,
        ));
    }
    for (i, a) in input.prefixes.iter().enumerate() {
        for b in &input.prefixes[i + 1..] {
            if a.starts_with(b.as_str()) || b.starts_with(a.as_str()) {
                return Err(Error::InvalidReplication(ReplicationProblem::PrefixOverlap));
            }
        }
    }
    let rules = engine.replication.rules.get(source);
    if rules.is_some_and(|rs| rs.iter().any(|r| r.dest_bucket == input.dest_bucket)) {
        return Err(Error::InvalidReplication(ReplicationProblem::RuleExists));
    }
    if let Some(id) = &input.id {
        if id.is_empty() || id.len() > 255 {
            return Err(Error::InvalidReplication(ReplicationProblem::InvalidRuleId));
        }
        if rules.is_some_and(|rs| rs.iter().any(|r| &r.id == id)) {
            return Err(Error::InvalidReplication(ReplicationProblem::RuleExists));
        }
    }
    Ok(())
}

/// Queue a replica of a source event for every rule of `bucket` that takes it.
fn enqueue(engine: &mut Engine, bucket: &str, key: &str, kind: TaskKind, historical: bool) {
    let Some(rules) = engine.replication.rules.get(bucket) else {
        return;
    };
    let now = engine.now;
    let due = now + engine.settings.replication_delay;
    let targets: Vec<(String, String)> = rules
        .iter()
        .filter(|r| r.matches(key))
        .filter(|r| match kind {
            TaskKind::Replicate { .. } => true,
            TaskKind::Delete { .. } => r.action == ReplicationAction::All,
        })
        .map(|r| (r.id.clone(), r.dest_bucket.clone()))
        .collect();
    if targets.is_empty() {
        return;
    }
    for (rule_id, dest) in targets {
        engine.replication.push(ReplicationTask {
            id: 0,
            queued: now,
            due,
            source: bucket.to_string(),
            rule_id,
            dest,
            key: key.to_string(),
            kind,
            historical,
        });
    }
    engine.record(|| Change::ReplicationQueue);
}

/// A write or a delete marker landed in `bucket` (hook of the user-facing write paths).
pub(crate) fn on_write(engine: &mut Engine, bucket: &str, key: &str, version: VersionId) {
    enqueue(engine, bucket, key, TaskKind::Replicate { version }, false);
}

/// A version was removed for good from `bucket` by a user delete (hook of DeleteObject).
pub(crate) fn on_remove(engine: &mut Engine, bucket: &str, key: &str, version: VersionId) {
    enqueue(engine, bucket, key, TaskKind::Delete { version }, false);
}

/// Versioning may not move between "versioned" and "unversioned" while the bucket takes part
/// in a rule (both ends must keep the same state; CONFIRMED D-CRR). Enabled ⇄ Suspended keeps
/// the bucket versioned and is allowed (INFERRED).
pub(crate) fn check_versioning_change(
    engine: &Engine,
    bucket: &str,
    state: Versioning,
) -> Result<()> {
    let current = engine.bucket(bucket)?.versioning;
    if current.is_versioned() != state.is_versioned() && engine.replication.involves(bucket) {
        return Err(Error::ReplicationVersioningLocked);
    }
    Ok(())
}

/// Apply every queued replica due at or before `t`, in order.
pub(crate) fn run_due(engine: &mut Engine, t: Millis) {
    let n = engine
        .replication
        .queue
        .partition_point(|task| task.due <= t);
    if n == 0 {
        return;
    }
    let due: Vec<ReplicationTask> = engine.replication.queue.drain(..n).collect();
    for task in due {
        apply(engine, &task);
    }
    engine.record(|| Change::ReplicationQueue);
}

fn apply(engine: &mut Engine, task: &ReplicationTask) {
    let rule_alive = engine
        .replication
        .rules
        .get(&task.source)
        .is_some_and(|rs| rs.iter().any(|r| r.id == task.rule_id));
    if !rule_alive || !engine.buckets.contains_key(&task.dest) {
        return;
    }
    match task.kind {
        TaskKind::Replicate { version } => {
            let Some(mut entry) = engine
                .buckets
                .get(&task.source)
                .and_then(|b| b.objects.get(&task.key))
                .and_then(|s| s.get(version))
                .cloned()
            else {
                return; // removed before it could be replicated
            };
            if let Some(o) = entry.object_mut() {
                o.restore = None;
            }
            let seq = entry.seq;
            let Some(b) = engine.buckets.get_mut(&task.dest) else {
                return;
            };
            let stack = b.objects.entry(task.key.clone()).or_default();
            if let Some(held) = stack.get_mut(version).filter(|held| held.seq == seq) {
                // The destination holds this very version already: it changed in place at
                // the source (an Appendable object grew), so the replica takes its state.
                *held = entry;
                engine.record_entry(&task.dest, &task.key, seq);
                return;
            }
            let insertion = stack.insert_sorted(entry);
            if stack.is_empty() {
                b.objects.remove(&task.key);
            }
            if let Insertion::Inserted { replaced } = insertion {
                if let Some(old) = replaced {
                    engine.record_entry_removed(&task.dest, &task.key, old);
                }
                engine.record_entry(&task.dest, &task.key, seq);
            }
        }
        TaskKind::Delete { version } => {
            engine.remove_version(&task.dest, &task.key, version);
        }
    }
}

impl Engine {
    /// PutBucketReplication: add one rule to `source`. Returns the rule id. With
    /// HistoricalObjectReplication enabled, every entry the source already holds under the
    /// rule's prefixes (versions and delete markers, oldest first) is queued too.
    pub fn put_replication_rule(
        &mut self,
        source: &str,
        input: ReplicationRuleInput,
    ) -> Result<String> {
        validate(self, source, &input)?;
        let id = match input.id {
            Some(id) => id,
            None => {
                self.replication.next_rule += 1;
                format!(
                    "{:08x}-{:04x}-4000-8000-{:012x}",
                    (self.now / 1000) as u32,
                    self.replication.next_rule & 0xffff,
                    self.seq
                )
            }
        };
        let dest_location = input.dest_location.unwrap_or_else(|| {
            self.buckets
                .get(&input.dest_bucket)
                .map(|b| format!("oss-{}", b.region))
                .unwrap_or_default()
        });
        let mut rule = ReplicationRule {
            id: id.clone(),
            prefixes: input.prefixes,
            action: input.action,
            dest_bucket: input.dest_bucket,
            dest_location,
            transfer_type: input.transfer_type,
            historical: input.historical,
            created: self.now,
            historical_total: 0,
            sync_role: input.sync_role,
            rtc: input.rtc,
        };
        let existing: Vec<(String, VersionId)> = if rule.historical {
            self.bucket(source)?
                .objects
                .iter()
                .filter(|(k, _)| rule.matches(k))
                .flat_map(|(k, s)| {
                    s.oldest_first()
                        .iter()
                        .map(move |e| (k.clone(), e.version_id()))
                })
                .collect()
        } else {
            Vec::new()
        };
        rule.historical_total = existing.len() as u64;
        let due = self.now + self.settings.replication_delay;
        for (key, version) in existing {
            self.replication.push(ReplicationTask {
                id: 0,
                queued: self.now,
                due,
                source: source.to_string(),
                rule_id: id.clone(),
                dest: rule.dest_bucket.clone(),
                key,
                kind: TaskKind::Replicate { version },
                historical: true,
            });
        }
        self.replication
            .rules
            .entry(source.to_string())
            .or_default()
            .push(rule);
        self.record(|| Change::Replication {
            bucket: source.to_string(),
        });
        self.record(|| Change::ReplicationQueue);
        Ok(id)
    }

    /// GetBucketReplication: the rules of `source` (empty when none).
    pub fn replication_rules(&self, source: &str) -> Result<&[ReplicationRule]> {
        self.bucket(source)?;
        Ok(self
            .replication
            .rules
            .get(source)
            .map_or(&[][..], Vec::as_slice))
    }

    /// DeleteBucketReplication: remove the rule; its queued replicas are dropped (the lab has
    /// no `closing` phase). Unknown ids are not an error (OSS answers 200 without rules).
    pub fn delete_replication_rule(&mut self, source: &str, rule_id: &str) -> Result<()> {
        self.bucket(source)?;
        let Some(rules) = self.replication.rules.get_mut(source) else {
            return Ok(());
        };
        let before = rules.len();
        rules.retain(|r| r.id != rule_id);
        if rules.len() == before {
            return Ok(());
        }
        if rules.is_empty() {
            self.replication.rules.remove(source);
        }
        self.replication
            .queue
            .retain(|t| !(t.source == source && t.rule_id == rule_id));
        self.record(|| Change::Replication {
            bucket: source.to_string(),
        });
        self.record(|| Change::ReplicationQueue);
        Ok(())
    }

    /// DeleteBucket's effect on replication: the bucket's own rules (its replication
    /// configuration) and the replicas it still had queued go with it.
    ///
    /// INFERRED — our references do not say. A bucket's configuration belongs to the bucket
    /// (S3 drops it with the bucket too), and a bucket later created under the same name must
    /// not start replicating to a destination it never asked for. Rules of *other* buckets
    /// that name it as their destination stay; their replicas are skipped while it is gone.
    pub(crate) fn forget_replication_source(&mut self, bucket: &str) {
        if self.replication.rules.remove(bucket).is_some() {
            self.record(|| Change::Replication {
                bucket: bucket.to_string(),
            });
        }
        let before = self.replication.queue.len();
        self.replication.queue.retain(|t| t.source != bucket);
        if self.replication.queue.len() != before {
            self.record(|| Change::ReplicationQueue);
        }
    }

    /// Rule status as GetBucketReplication reports it: `starting` until the replication delay
    /// has passed since the rule was added, then `doing` (INFERRED timing).
    pub fn replication_status(&self, rule: &ReplicationRule) -> &'static str {
        if self.now < rule.created + self.settings.replication_delay {
            "starting"
        } else {
            "doing"
        }
    }

    /// GetBucketReplicationProgress for every rule of `source`, or the one named.
    pub fn replication_progress(
        &self,
        source: &str,
        rule_id: Option<&str>,
    ) -> Result<Vec<RuleProgress>> {
        let rules = self.replication_rules(source)?;
        if rules.is_empty() {
            return Err(Error::NoSuchReplicationConfiguration);
        }
        if rule_id.is_some_and(|id| !rules.iter().any(|r| r.id == id)) {
            return Err(Error::NoSuchReplicationRule);
        }
        Ok(rules
            .iter()
            .filter(|r| rule_id.is_none_or(|id| id == r.id))
            .map(|r| {
                let pending = self
                    .replication
                    .queue
                    .iter()
                    .filter(|t| t.source == source && t.rule_id == r.id);
                let hist_pending = pending.clone().filter(|t| t.historical).count() as u64;
                let oldest_new = pending.filter(|t| !t.historical).map(|t| t.queued).min();
                RuleProgress {
                    rule: r.clone(),
                    status: self.replication_status(r),
                    historical: r.historical.then(|| {
                        if r.historical_total == 0 {
                            1.0
                        } else {
                            (r.historical_total - hist_pending) as f64 / r.historical_total as f64
                        }
                    }),
                    new_object: oldest_new.unwrap_or(self.now),
                }
            })
            .collect())
    }

    /// Replicas not yet applied, in the order they will be.
    pub fn replication_queue(&self) -> &[ReplicationTask] {
        &self.replication.queue
    }

    /// The whole replication state (persistence).
    pub fn replication_state(&self) -> &ReplicationState {
        &self.replication
    }

    /// Restore the replication state (persistence).
    pub fn set_replication_state(&mut self, state: ReplicationState) {
        self.replication = state;
    }
}

#[cfg(test)]
#[path = "replication_tests.rs"]
mod tests;
