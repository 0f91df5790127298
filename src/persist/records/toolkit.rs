//! Records of the protection toolkit (schema v3): replication rules and queue, identities,
//! backup plans and snapshots, and each bucket's storage meter.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::access::{Effect, Identity, Policy, Statement};
use crate::engine::backup::{BackupPlan, BackupSnapshot, SnapshotItem};
use crate::engine::replication::{ReplicationAction, ReplicationRule, ReplicationTask, TaskKind};
use crate::engine::{Body, Engine, Millis, VersionId};

use super::*;

// ---- the protection toolkit (schema v3) ---------------------------------------------------

/// A record of the `toolkit` store, named by what it holds; [`ToolkitId::key`] is its key.
/// The order (plans before snapshots) is the order records are applied in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ToolkitId {
    /// The replication rules of a source bucket.
    Replication(String),
    /// The replication queue (with the rule and task counters): one record.
    ReplicationQueue,
    Identity(String),
    /// A backup plan without its snapshots.
    BackupPlan(String),
    Snapshot(String, u64),
    /// The storage meter of a bucket (docs/fidelity.md, "What versions cost"), but for
    /// its removed versions.
    Bill(String),
    /// The storage of one key's removed versions, in bucket and key. Its own record, so a
    /// write stores what it changed, not the bucket's every key (apply after the bill).
    Gone(String, String),
}

impl ToolkitId {
    /// The key in the `toolkit` store (bucket names hold no `/`).
    pub fn key(&self) -> String {
        match self {
            ToolkitId::Replication(b) => format!("replication/{b}"),
            ToolkitId::ReplicationQueue => "replication-queue".into(),
            ToolkitId::Identity(ak) => format!("identity/{ak}"),
            ToolkitId::BackupPlan(b) => format!("backup/{b}"),
            ToolkitId::Snapshot(b, id) => format!("snapshot/{b}/{id}"),
            ToolkitId::Bill(b) => format!("bill/{b}"),
            ToolkitId::Gone(b, k) => format!("bill-gone/{b}/{k}"),
        }
    }

    /// Whether its record can refer to bodies (only a snapshot does): a write of any other
    /// needs no look at the record it replaces.
    pub fn holds_bodies(&self) -> bool {
        matches!(self, ToolkitId::Snapshot(..))
    }

    /// Take the record out of `engine` (it is gone from the store).
    pub fn remove_from(&self, engine: &mut Engine) {
        match self {
            ToolkitId::Replication(b) => {
                engine.replication_state_mut().rules.remove(b);
            }
            ToolkitId::ReplicationQueue => {
                engine.replication_state_mut().queue.clear();
            }
            ToolkitId::Identity(ak) => {
                engine.identities_map_mut().remove(ak);
            }
            ToolkitId::BackupPlan(b) => {
                engine.backups_map_mut().remove(b);
            }
            ToolkitId::Snapshot(b, id) => {
                if let Some(p) = engine.backups_map_mut().get_mut(b) {
                    p.snapshots.retain(|s| s.id != *id);
                }
            }
            ToolkitId::Bill(b) => engine.restore_meter(b, None),
            ToolkitId::Gone(b, k) => engine.restore_gone(b, k, None),
        }
    }
}

/// One record of the `toolkit` store; `t` says which (decoded by the impl below).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ToolkitRecord {
    Replication(ReplicationRecord),
    ReplicationQueue(ReplicationQueueRecord),
    Identity(IdentityRecord),
    BackupPlan(BackupPlanRecord),
    Snapshot(SnapshotRecord),
    Bill(BillRecord),
    Gone(GoneRecord),
}

/// The `t` of a [`ToolkitRecord`], named as its serializer writes it.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ToolkitKind {
    Replication,
    ReplicationQueue,
    Identity,
    BackupPlan,
    Snapshot,
    Bill,
    Gone,
}

/// Decodes a toolkit record without serde's buffering of internally tagged enums.
///
/// The derive for `#[serde(tag = "t")]` first reads a record into serde's generic `Content`
/// tree and then decodes the variant from that tree: a second copy of every variant's decoder
/// in the wasm. Records are only ever written by the derived serializer above, which puts `t`
/// first, so this reads `t` and hands the rest of the same map to the variant's own decoder.
/// A record whose first key is not `t` is refused as damaged (the stored format is unchanged).
impl<'de> Deserialize<'de> for ToolkitRecord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::value::MapAccessDeserializer;
        use serde::de::{Error, MapAccess, Visitor};

        struct TagFirst;
        impl<'de> Visitor<'de> for TagFirst {
            type Value = ToolkitRecord;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a toolkit record whose first key is `t`")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ToolkitRecord, A::Error> {
                if map.next_key::<String>()?.as_deref() != Some("t") {
                    return Err(A::Error::custom("toolkit record: `t` is not its first key"));
                }
                let kind: ToolkitKind = map.next_value()?;
                let rest = MapAccessDeserializer::new(map);
                Ok(match kind {
                    ToolkitKind::Replication => {
                        ToolkitRecord::Replication(ReplicationRecord::deserialize(rest)?)
                    }
                    ToolkitKind::ReplicationQueue => {
                        ToolkitRecord::ReplicationQueue(ReplicationQueueRecord::deserialize(rest)?)
                    }
                    ToolkitKind::Identity => {
                        ToolkitRecord::Identity(IdentityRecord::deserialize(rest)?)
                    }
                    ToolkitKind::BackupPlan => {
                        ToolkitRecord::BackupPlan(BackupPlanRecord::deserialize(rest)?)
                    }
                    ToolkitKind::Snapshot => {
                        ToolkitRecord::Snapshot(SnapshotRecord::deserialize(rest)?)
                    }
                    ToolkitKind::Bill => ToolkitRecord::Bill(BillRecord::deserialize(rest)?),
                    ToolkitKind::Gone => ToolkitRecord::Gone(GoneRecord::deserialize(rest)?),
                })
            }
        }
        d.deserialize_map(TagFirst)
    }
}

/// The storage meter of one bucket: accumulators and history (the rest is rebuilt from the
/// bucket's versions on load). Its `gone` is empty as written now: each key's removed
/// versions are a [`GoneRecord`]. Records written before that hold every key's here, and
/// are read as they were (and rewritten in the new layout: [`BillRecord::holds_gone`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillRecord {
    pub v: u32,
    pub bucket: String,
    #[serde(flatten)]
    pub state: Box<crate::engine::meter::MeterState>,
}

impl BillRecord {
    /// Written before removed versions had records of their own.
    pub fn holds_gone(&self) -> bool {
        !self.state.gone.is_empty()
    }
}

/// The storage of one key's removed versions ([`crate::engine::meter::BucketMeter::gone`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoneRecord {
    pub v: u32,
    pub bucket: String,
    pub key: String,
    pub gone: Vec<crate::engine::meter::Cell>,
}

/// The replication rules of one source bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplicationRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub bucket: String,
    pub rules: Vec<ReplicationRuleRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplicationRuleRecord {
    pub id: String,
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// `ALL` or `PUT`.
    pub action: String,
    pub dest_bucket: String,
    pub dest_location: String,
    #[serde(default)]
    pub transfer_type: Option<String>,
    pub historical: bool,
    pub created: Millis,
    #[serde(default)]
    pub historical_total: u64,
    #[serde(default)]
    pub sync_role: Option<String>,
    #[serde(default)]
    pub rtc: Option<String>,
}

/// Replicas not applied yet, in order, and the counters ids are drawn from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplicationQueueRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub next_task: u64,
    pub next_rule: u64,
    pub tasks: Vec<ReplicationTaskRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplicationTaskRecord {
    pub id: u64,
    pub queued: Millis,
    pub due: Millis,
    pub source: String,
    pub rule_id: String,
    pub dest: String,
    pub key: String,
    /// `replicate` (copy the entry) or `delete` (remove it, ALL policy).
    pub kind: String,
    /// The version id as OSS renders it (`null` for the null version).
    pub version: String,
    #[serde(default)]
    pub historical: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdentityRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub name: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    pub policies: Vec<PolicyRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyRecord {
    pub name: String,
    pub statements: Vec<StatementRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementRecord {
    /// `Allow` or `Deny`.
    pub effect: String,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
}

/// A backup plan; its snapshots are records of their own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupPlanRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub bucket: String,
    pub every: Millis,
    pub keep: usize,
    pub next_due: Millis,
    pub next_id: u64,
}

/// One snapshot: each key's captured version, bodies by content id (they count as
/// references in the `refs` store, so a body a snapshot needs outlives its versions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub bucket: String,
    pub id: u64,
    pub taken: Millis,
    pub objects: Vec<SnapshotItemRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotItemRecord {
    pub key: String,
    /// Rendered version id; absent for an unversioned bucket.
    #[serde(default)]
    pub version_id: Option<String>,
    pub last_modified: Millis,
    pub object: ObjectRecord,
}

fn parse_version(text: &str) -> Result<VersionId, String> {
    VersionId::parse(text).map_err(|_| format!("bad version id {text:?}"))
}

impl ReplicationRuleRecord {
    fn from_rule(r: &ReplicationRule) -> Self {
        ReplicationRuleRecord {
            id: r.id.clone(),
            prefixes: r.prefixes.clone(),
            action: r.action.as_str().to_string(),
            dest_bucket: r.dest_bucket.clone(),
            dest_location: r.dest_location.clone(),
            transfer_type: r.transfer_type.clone(),
            historical: r.historical,
            created: r.created,
            historical_total: r.historical_total,
            sync_role: r.sync_role.clone(),
            rtc: r.rtc.clone(),
        }
    }

    fn to_rule(&self) -> Result<ReplicationRule, String> {
        Ok(ReplicationRule {
            id: self.id.clone(),
            prefixes: self.prefixes.clone(),
            action: ReplicationAction::parse(&self.action)
                .ok_or_else(|| format!("replication rule {}: bad action", self.id))?,
            dest_bucket: self.dest_bucket.clone(),
            dest_location: self.dest_location.clone(),
            transfer_type: self.transfer_type.clone(),
            historical: self.historical,
            created: self.created,
            historical_total: self.historical_total,
            sync_role: self.sync_role.clone(),
            rtc: self.rtc.clone(),
        })
    }
}

impl ReplicationTaskRecord {
    fn from_task(t: &ReplicationTask) -> Self {
        let (kind, version) = match t.kind {
            TaskKind::Replicate { version } => ("replicate", version),
            TaskKind::Delete { version } => ("delete", version),
        };
        ReplicationTaskRecord {
            id: t.id,
            queued: t.queued,
            due: t.due,
            source: t.source.clone(),
            rule_id: t.rule_id.clone(),
            dest: t.dest.clone(),
            key: t.key.clone(),
            kind: kind.to_string(),
            version: version.render(),
            historical: t.historical,
        }
    }

    fn to_task(&self) -> Result<ReplicationTask, String> {
        let version = parse_version(&self.version)?;
        Ok(ReplicationTask {
            id: self.id,
            queued: self.queued,
            due: self.due,
            source: self.source.clone(),
            rule_id: self.rule_id.clone(),
            dest: self.dest.clone(),
            key: self.key.clone(),
            kind: match self.kind.as_str() {
                "replicate" => TaskKind::Replicate { version },
                "delete" => TaskKind::Delete { version },
                k => return Err(format!("replication task {}: bad kind {k:?}", self.id)),
            },
            historical: self.historical,
        })
    }
}

impl IdentityRecord {
    fn from_identity(i: &Identity) -> Self {
        IdentityRecord {
            v: RECORD_VERSION,
            name: i.name.clone(),
            access_key_id: i.access_key_id.clone(),
            access_key_secret: i.access_key_secret.clone(),
            policies: i
                .policies
                .iter()
                .map(|p| PolicyRecord {
                    name: p.name.clone(),
                    statements: p
                        .statements
                        .iter()
                        .map(|s| StatementRecord {
                            effect: match s.effect {
                                Effect::Allow => "Allow",
                                Effect::Deny => "Deny",
                            }
                            .to_string(),
                            actions: s.actions.clone(),
                            resources: s.resources.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn to_identity(&self) -> Result<Identity, String> {
        let mut policies = Vec::new();
        for p in &self.policies {
            let mut statements = Vec::new();
            for s in &p.statements {
                statements.push(Statement {
                    effect: match s.effect.as_str() {
                        "Allow" => Effect::Allow,
                        "Deny" => Effect::Deny,
                        e => return Err(format!("identity {}: bad effect {e:?}", self.name)),
                    },
                    actions: s.actions.clone(),
                    resources: s.resources.clone(),
                });
            }
            policies.push(Policy {
                name: p.name.clone(),
                statements,
            });
        }
        Ok(Identity {
            name: self.name.clone(),
            access_key_id: self.access_key_id.clone(),
            access_key_secret: self.access_key_secret.clone(),
            policies,
        })
    }
}

impl SnapshotRecord {
    fn from_snapshot(bucket: &str, s: &BackupSnapshot) -> Self {
        SnapshotRecord {
            v: RECORD_VERSION,
            bucket: bucket.to_string(),
            id: s.id,
            taken: s.taken,
            objects: s
                .objects
                .iter()
                .map(|(key, item)| SnapshotItemRecord {
                    key: key.clone(),
                    version_id: item.version_id.map(|v| v.render()),
                    last_modified: item.last_modified,
                    object: ObjectRecord::from_object(&item.object),
                })
                .collect(),
        }
    }

    fn to_snapshot(&self, body: impl Fn(&str) -> Option<Body>) -> Result<BackupSnapshot, String> {
        let mut objects = BTreeMap::new();
        for item in &self.objects {
            let object = item.object.to_object(&body, || {
                format!("snapshot {} of {} ({})", self.id, self.bucket, item.key)
            })?;
            let version_id = match &item.version_id {
                None => None,
                Some(v) => Some(parse_version(v)?),
            };
            objects.insert(
                item.key.clone(),
                SnapshotItem {
                    version_id,
                    last_modified: item.last_modified,
                    object,
                },
            );
        }
        Ok(BackupSnapshot {
            id: self.id,
            taken: self.taken,
            objects,
        })
    }
}

impl ToolkitRecord {
    /// The record `id` as `engine` has it now, with the bodies it refers to (in
    /// [`ToolkitRecord::body_ids`] order); `None` when the engine no longer has it.
    pub fn of(engine: &Engine, id: &ToolkitId) -> Option<(ToolkitRecord, Vec<Body>)> {
        let state = engine.replication_state();
        let rec = match id {
            ToolkitId::Replication(b) => {
                let rules = state.rules.get(b).filter(|r| !r.is_empty())?;
                ToolkitRecord::Replication(ReplicationRecord {
                    v: RECORD_VERSION,
                    bucket: b.clone(),
                    rules: rules.iter().map(ReplicationRuleRecord::from_rule).collect(),
                })
            }
            ToolkitId::ReplicationQueue => {
                ToolkitRecord::ReplicationQueue(ReplicationQueueRecord {
                    v: RECORD_VERSION,
                    next_task: state.next_task,
                    next_rule: state.next_rule,
                    tasks: state
                        .queue
                        .iter()
                        .map(ReplicationTaskRecord::from_task)
                        .collect(),
                })
            }
            ToolkitId::Identity(ak) => {
                ToolkitRecord::Identity(IdentityRecord::from_identity(engine.identity(ak)?))
            }
            ToolkitId::BackupPlan(b) => {
                let p = engine.backup_plan(b)?;
                ToolkitRecord::BackupPlan(BackupPlanRecord {
                    v: RECORD_VERSION,
                    bucket: b.clone(),
                    every: p.every,
                    keep: p.keep,
                    next_due: p.next_due,
                    next_id: p.next_id,
                })
            }
            ToolkitId::Snapshot(b, sid) => {
                let s = engine.snapshot(b, *sid).ok()?;
                let bodies = s.objects.values().map(|i| i.object.body.clone()).collect();
                return Some((
                    ToolkitRecord::Snapshot(SnapshotRecord::from_snapshot(b, s)),
                    bodies,
                ));
            }
            ToolkitId::Bill(b) => ToolkitRecord::Bill(BillRecord {
                v: RECORD_VERSION,
                bucket: b.clone(),
                state: Box::new(engine.meter().bucket(b)?.totals_state()),
            }),
            ToolkitId::Gone(b, k) => ToolkitRecord::Gone(GoneRecord {
                v: RECORD_VERSION,
                bucket: b.clone(),
                key: k.clone(),
                gone: engine.meter().bucket(b)?.gone(k)?,
            }),
        };
        Some((rec, Vec::new()))
    }

    /// Every toolkit record of `engine`, with its bodies.
    pub fn all(engine: &Engine) -> Vec<(ToolkitRecord, Vec<Body>)> {
        let state = engine.replication_state();
        let mut ids: Vec<ToolkitId> = state
            .rules
            .keys()
            .map(|b| ToolkitId::Replication(b.clone()))
            .collect();
        if state.next_task > 0 || state.next_rule > 0 || !state.queue.is_empty() {
            ids.push(ToolkitId::ReplicationQueue);
        }
        ids.extend(
            engine
                .identities()
                .map(|i| ToolkitId::Identity(i.access_key_id.clone())),
        );
        for p in engine.backup_plans() {
            ids.push(ToolkitId::BackupPlan(p.bucket.clone()));
            ids.extend(
                p.snapshots
                    .iter()
                    .map(|s| ToolkitId::Snapshot(p.bucket.clone(), s.id)),
            );
        }
        for b in engine.meter().bucket_names() {
            ids.push(ToolkitId::Bill(b.clone()));
            if let Some(m) = engine.meter().bucket(b) {
                ids.extend(m.gone_keys().map(|k| ToolkitId::Gone(b.clone(), k.clone())));
            }
        }
        ids.iter().filter_map(|id| Self::of(engine, id)).collect()
    }

    pub fn id(&self) -> ToolkitId {
        match self {
            ToolkitRecord::Replication(r) => ToolkitId::Replication(r.bucket.clone()),
            ToolkitRecord::ReplicationQueue(_) => ToolkitId::ReplicationQueue,
            ToolkitRecord::Identity(i) => ToolkitId::Identity(i.access_key_id.clone()),
            ToolkitRecord::BackupPlan(p) => ToolkitId::BackupPlan(p.bucket.clone()),
            ToolkitRecord::Snapshot(s) => ToolkitId::Snapshot(s.bucket.clone(), s.id),
            ToolkitRecord::Bill(b) => ToolkitId::Bill(b.bucket.clone()),
            ToolkitRecord::Gone(g) => ToolkitId::Gone(g.bucket.clone(), g.key.clone()),
        }
    }

    /// Content ids of the bodies the record refers to (a snapshot's objects).
    pub fn body_ids(&self) -> Vec<&str> {
        match self {
            ToolkitRecord::Snapshot(s) => {
                s.objects.iter().map(|i| i.object.body.as_str()).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Put the record into `engine`, replacing what it had under the same id. A snapshot
    /// needs its plan (apply plans first: [`ToolkitId`] order).
    pub fn apply_to(
        &self,
        engine: &mut Engine,
        body: impl Fn(&str) -> Option<Body>,
    ) -> Result<(), String> {
        match self {
            ToolkitRecord::Replication(r) => {
                let rules = r
                    .rules
                    .iter()
                    .map(ReplicationRuleRecord::to_rule)
                    .collect::<Result<Vec<_>, _>>()?;
                engine
                    .replication_state_mut()
                    .rules
                    .insert(r.bucket.clone(), rules);
            }
            ToolkitRecord::ReplicationQueue(q) => {
                let mut queue = q
                    .tasks
                    .iter()
                    .map(ReplicationTaskRecord::to_task)
                    .collect::<Result<Vec<_>, _>>()?;
                queue.sort_by_key(|t| (t.due, t.id));
                let state = engine.replication_state_mut();
                state.queue = queue;
                state.next_task = q.next_task;
                state.next_rule = q.next_rule;
            }
            ToolkitRecord::Identity(i) => {
                let identity = i.to_identity()?;
                engine
                    .identities_map_mut()
                    .insert(identity.access_key_id.clone(), identity);
            }
            ToolkitRecord::BackupPlan(p) => {
                let plan = engine
                    .backups_map_mut()
                    .entry(p.bucket.clone())
                    .or_insert_with(|| BackupPlan {
                        bucket: p.bucket.clone(),
                        every: p.every,
                        keep: p.keep,
                        next_due: p.next_due,
                        snapshots: Vec::new(),
                        next_id: p.next_id,
                    });
                plan.every = p.every;
                plan.keep = p.keep;
                plan.next_due = p.next_due;
                plan.next_id = p.next_id;
            }
            ToolkitRecord::Snapshot(s) => {
                let snapshot = s.to_snapshot(body)?;
                let plan = engine.backups_map_mut().get_mut(&s.bucket).ok_or_else(|| {
                    format!(
                        "snapshot {} of {}: its backup plan is missing",
                        s.id, s.bucket
                    )
                })?;
                plan.snapshots.retain(|x| x.id != s.id);
                let at = plan.snapshots.partition_point(|x| x.id < s.id);
                plan.snapshots.insert(at, snapshot);
            }
            ToolkitRecord::Bill(b) => {
                let mut state = (*b.state).clone();
                if !b.holds_gone() {
                    // The keys' removed versions are records of their own, applied on their
                    // own: the bucket's meter keeps what it has of them.
                    if let Some(m) = engine.meter().bucket(&b.bucket) {
                        state.gone = m.gone_by_key();
                    }
                }
                engine.restore_meter(&b.bucket, Some(state));
            }
            ToolkitRecord::Gone(g) => engine.restore_gone(&g.bucket, &g.key, Some(g.gone.clone())),
        }
        Ok(())
    }
}
