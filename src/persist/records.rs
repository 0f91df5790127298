//! Stored records: versioned DTOs (serde, JSON) and their conversion to and from engine types.
//!
//! The DTOs mirror the engine types on purpose instead of deriving serde on the engine: the
//! stored format is a contract with data written by older builds, and the engine is free to
//! change its in-memory shape. Every record carries `v` (its record format version).
//!
//! Object and part bodies are not in these records: a record names its body by a content id
//! ([`content_id`]: hex MD5 and length), and the bytes live once in the bodies store, shared
//! by every version and part with the same bytes.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::engine::access::{Effect, Identity, Policy, Statement};
use crate::engine::acl::{BucketAcl, ObjectAcl};
use crate::engine::archive::Restore;
use crate::engine::backup::{BackupPlan, Snapshot, SnapshotItem};
use crate::engine::clock::VirtualClock;
use crate::engine::cors::{CorsConfig, CorsRule};
use crate::engine::lifecycle::{Expiration, LifecycleConfig, Rule, When};
use crate::engine::multipart::{Part, Upload};
use crate::engine::replication::{ReplicationAction, ReplicationRule, ReplicationTask, TaskKind};
use crate::engine::tagging::Tags;
use crate::engine::{
    Body, Bucket, Engine, Entry, EntryKind, Etag, Millis, ObjectMeta, ObjectType, ObjectVersion,
    RestoreSettings, Settings, StorageClass, Tier, TypeDetail, VersionId, Versioning,
};

/// Current format version of every record below.
pub const RECORD_VERSION: u32 = 1;

/// Content id of a body: lower-case hex MD5, a dash, and the length in bytes.
pub fn content_id(bytes: &[u8]) -> String {
    format!(
        "{}-{}",
        hex::encode(crate::engine::integrity::md5(bytes)),
        bytes.len()
    )
}

/// `true` when `bytes` really are the body named by `cid`.
pub fn matches_content_id(cid: &str, bytes: &[u8]) -> bool {
    content_id(bytes) == cid
}

/// Every record's JSON text. One encoder and one decoder for all of persistence on purpose:
/// serde code is generated per (type, reader) pair, so mixing `from_str` and `from_slice`
/// would put a second copy of every record's decoder into the wasm.
pub fn to_json<T: Serialize>(v: &T) -> String {
    // Records are plain data (strings, numbers, maps with string keys): serializing cannot fail.
    serde_json::to_string(v).expect("records serialize")
}

/// Decode a record (see [`to_json`]); `text` may be a `&str` or bytes.
pub fn from_json<T: serde::de::DeserializeOwned>(text: impl AsRef<[u8]>) -> serde_json::Result<T> {
    serde_json::from_slice(text.as_ref())
}

fn default_v() -> u32 {
    RECORD_VERSION
}

// ---- meta ---------------------------------------------------------------------------------

/// The `state` record of the meta store: everything engine-wide.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    /// Schema version of the database that wrote it (v1 records have none: 1).
    #[serde(default = "default_v")]
    pub schema: u32,
    /// Engine write sequence: the last value handed out.
    pub seq: u64,
    /// Engine time (virtual ms).
    pub now: Millis,
    pub settings: SettingsRecord,
    /// Bumped by every committed write transaction; a tab writes only on top of the
    /// generation it has seen (see `persist` module docs, "Several tabs").
    #[serde(default)]
    pub generation: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsRecord {
    pub restore_archive: Millis,
    pub restore_cold_expedited: Millis,
    pub restore_cold_standard: Millis,
    pub restore_cold_bulk: Millis,
    pub restore_deep_expedited: Millis,
    pub restore_deep_standard: Millis,
    pub min_part_size: usize,
    pub max_buckets: usize,
    pub owner_id: String,
    pub region: String,
    /// Added after schema v2 shipped: records without it get the default delay.
    #[serde(default = "default_replication_delay")]
    pub replication_delay: Millis,
}

fn default_replication_delay() -> Millis {
    crate::engine::replication::DEFAULT_REPLICATION_DELAY
}

impl From<&Settings> for SettingsRecord {
    fn from(s: &Settings) -> Self {
        SettingsRecord {
            restore_archive: s.restore.archive,
            restore_cold_expedited: s.restore.cold_expedited,
            restore_cold_standard: s.restore.cold_standard,
            restore_cold_bulk: s.restore.cold_bulk,
            restore_deep_expedited: s.restore.deep_expedited,
            restore_deep_standard: s.restore.deep_standard,
            min_part_size: s.min_part_size,
            max_buckets: s.max_buckets,
            owner_id: s.owner_id.clone(),
            region: s.region.clone(),
            replication_delay: s.replication_delay,
        }
    }
}

impl From<&SettingsRecord> for Settings {
    fn from(r: &SettingsRecord) -> Self {
        Settings {
            restore: RestoreSettings {
                archive: r.restore_archive,
                cold_expedited: r.restore_cold_expedited,
                cold_standard: r.restore_cold_standard,
                cold_bulk: r.restore_cold_bulk,
                deep_expedited: r.restore_deep_expedited,
                deep_standard: r.restore_deep_standard,
            },
            min_part_size: r.min_part_size,
            max_buckets: r.max_buckets,
            owner_id: r.owner_id.clone(),
            region: r.region.clone(),
            replication_delay: r.replication_delay,
            max_append_size: crate::engine::append::MAX_APPENDABLE_SIZE,
        }
    }
}

/// The `clock` record of the meta store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClockRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub clock: VirtualClock,
}

// ---- buckets ------------------------------------------------------------------------------

/// A bucket without its objects and uploads (those are records of their own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub name: String,
    pub created: Millis,
    /// `Unversioned`, `Enabled` or `Suspended`.
    pub versioning: String,
    pub storage_class: StorageClass,
    pub region: String,
    #[serde(default)]
    pub lifecycle: Option<LifecycleRecord>,
    /// Absent in records written before ACLs existed: private, as every bucket then was.
    #[serde(default, skip_serializing_if = "is_default")]
    pub acl: BucketAcl,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<CorsRecord>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A bucket's CORS rules (PutBucketCors), field for field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorsRecord {
    pub rules: Vec<CorsRuleRecord>,
    #[serde(default)]
    pub response_vary: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorsRuleRecord {
    pub allowed_origins: Vec<String>,
    pub allowed_methods: Vec<String>,
    #[serde(default)]
    pub allowed_headers: Vec<String>,
    #[serde(default)]
    pub expose_headers: Vec<String>,
    #[serde(default)]
    pub max_age_seconds: Option<u64>,
}

impl From<&CorsConfig> for CorsRecord {
    fn from(c: &CorsConfig) -> Self {
        CorsRecord {
            rules: c
                .rules
                .iter()
                .map(|r| CorsRuleRecord {
                    allowed_origins: r.allowed_origins.clone(),
                    allowed_methods: r.allowed_methods.clone(),
                    allowed_headers: r.allowed_headers.clone(),
                    expose_headers: r.expose_headers.clone(),
                    max_age_seconds: r.max_age_seconds,
                })
                .collect(),
            response_vary: c.response_vary,
        }
    }
}

impl From<&CorsRecord> for CorsConfig {
    fn from(c: &CorsRecord) -> Self {
        CorsConfig {
            rules: c
                .rules
                .iter()
                .map(|r| CorsRule {
                    allowed_origins: r.allowed_origins.clone(),
                    allowed_methods: r.allowed_methods.clone(),
                    allowed_headers: r.allowed_headers.clone(),
                    expose_headers: r.expose_headers.clone(),
                    max_age_seconds: r.max_age_seconds,
                })
                .collect(),
            response_vary: c.response_vary,
        }
    }
}

fn versioning_text(v: Versioning) -> &'static str {
    v.status().unwrap_or("Unversioned")
}

impl BucketRecord {
    pub fn from_bucket(b: &Bucket) -> Self {
        BucketRecord {
            v: RECORD_VERSION,
            name: b.name.clone(),
            created: b.created,
            versioning: versioning_text(b.versioning).to_string(),
            storage_class: b.storage_class,
            region: b.region.clone(),
            lifecycle: b.lifecycle.as_ref().map(LifecycleRecord::from),
            acl: b.acl,
            cors: b.cors.as_ref().map(CorsRecord::from),
        }
    }

    /// An empty bucket with these settings (objects and uploads are added separately).
    pub fn to_bucket(&self) -> Result<Bucket, String> {
        let mut b = Bucket::new(&self.name, self.created, self.storage_class, &self.region);
        self.apply_to(&mut b)?;
        Ok(b)
    }

    /// Overwrite the settings of `b`, keeping its objects and uploads.
    pub fn apply_to(&self, b: &mut Bucket) -> Result<(), String> {
        b.versioning = match self.versioning.as_str() {
            "Unversioned" => Versioning::Unversioned,
            s => Versioning::parse_status(s)
                .ok_or_else(|| format!("bucket {}: unknown versioning {s:?}", self.name))?,
        };
        b.created = self.created;
        b.storage_class = self.storage_class;
        b.region = self.region.clone();
        b.lifecycle = self.lifecycle.as_ref().map(LifecycleConfig::from);
        b.acl = self.acl;
        b.cors = self.cors.as_ref().map(CorsConfig::from);
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifecycleRecord {
    pub set_at: Millis,
    pub rules: Vec<RuleRecord>,
}

/// `{"days": n}` or `{"created_before": ms}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenRecord {
    Days(u32),
    CreatedBefore(Millis),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpirationRecord {
    When(WhenRecord),
    ExpiredObjectDeleteMarker,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleRecord {
    pub id: String,
    pub prefix: String,
    pub enabled: bool,
    #[serde(default)]
    pub not_prefix: Option<String>,
    #[serde(default)]
    pub not_tag: Option<(String, String)>,
    #[serde(default)]
    pub expiration_as_date: bool,
    #[serde(default)]
    pub size_greater_than: Option<u64>,
    #[serde(default)]
    pub size_less_than: Option<u64>,
    #[serde(default)]
    pub tags: Vec<(String, String)>,
    #[serde(default)]
    pub expiration: Option<ExpirationRecord>,
    #[serde(default)]
    pub transitions: Vec<(WhenRecord, StorageClass)>,
    #[serde(default)]
    pub abort_multipart: Option<WhenRecord>,
    #[serde(default)]
    pub noncurrent_expiration_days: Option<u32>,
    #[serde(default)]
    pub noncurrent_transitions: Vec<(u32, StorageClass)>,
}

impl From<When> for WhenRecord {
    fn from(w: When) -> Self {
        match w {
            When::Days(d) => WhenRecord::Days(d),
            When::CreatedBefore(t) => WhenRecord::CreatedBefore(t),
        }
    }
}

impl From<WhenRecord> for When {
    fn from(w: WhenRecord) -> Self {
        match w {
            WhenRecord::Days(d) => When::Days(d),
            WhenRecord::CreatedBefore(t) => When::CreatedBefore(t),
        }
    }
}

impl From<&LifecycleConfig> for LifecycleRecord {
    fn from(c: &LifecycleConfig) -> Self {
        LifecycleRecord {
            set_at: c.set_at,
            rules: c
                .rules
                .iter()
                .map(|r| RuleRecord {
                    id: r.id.clone(),
                    prefix: r.prefix.clone(),
                    enabled: r.enabled,
                    not_prefix: r.not_prefix.clone(),
                    not_tag: r.not_tag.clone(),
                    expiration_as_date: r.expiration_as_date,
                    size_greater_than: r.size_greater_than,
                    size_less_than: r.size_less_than,
                    tags: r.tags.clone(),
                    expiration: r.expiration.map(|e| match e {
                        Expiration::When(w) => ExpirationRecord::When(w.into()),
                        Expiration::ExpiredObjectDeleteMarker => {
                            ExpirationRecord::ExpiredObjectDeleteMarker
                        }
                    }),
                    transitions: r
                        .transitions
                        .iter()
                        .map(|(w, c)| ((*w).into(), *c))
                        .collect(),
                    abort_multipart: r.abort_multipart.map(Into::into),
                    noncurrent_expiration_days: r.noncurrent_expiration_days,
                    noncurrent_transitions: r.noncurrent_transitions.clone(),
                })
                .collect(),
        }
    }
}

impl From<&LifecycleRecord> for LifecycleConfig {
    fn from(c: &LifecycleRecord) -> Self {
        LifecycleConfig {
            set_at: c.set_at,
            rules: c
                .rules
                .iter()
                .map(|r| Rule {
                    id: r.id.clone(),
                    prefix: r.prefix.clone(),
                    enabled: r.enabled,
                    not_prefix: r.not_prefix.clone(),
                    not_tag: r.not_tag.clone(),
                    expiration_as_date: r.expiration_as_date,
                    size_greater_than: r.size_greater_than,
                    size_less_than: r.size_less_than,
                    tags: r.tags.clone(),
                    expiration: r.expiration.as_ref().map(|e| match e {
                        ExpirationRecord::When(w) => Expiration::When((*w).into()),
                        ExpirationRecord::ExpiredObjectDeleteMarker => {
                            Expiration::ExpiredObjectDeleteMarker
                        }
                    }),
                    transitions: r
                        .transitions
                        .iter()
                        .map(|(w, c)| ((*w).into(), *c))
                        .collect(),
                    abort_multipart: r.abort_multipart.map(Into::into),
                    noncurrent_expiration_days: r.noncurrent_expiration_days,
                    noncurrent_transitions: r.noncurrent_transitions.clone(),
                })
                .collect(),
        }
    }
}

// ---- entries ------------------------------------------------------------------------------

/// One entry of a version stack; stored under the key `[bucket, key, seq]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub bucket: String,
    pub key: String,
    pub seq: u64,
    pub created: Millis,
    pub null: bool,
    /// `None` for a delete marker.
    #[serde(default)]
    pub object: Option<ObjectRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectRecord {
    /// Content id of the body in the bodies store.
    pub body: String,
    /// ETag text without quotes (`HEX` or `HEX-N`).
    pub etag: String,
    pub crc64: u64,
    pub object_type: ObjectType,
    pub storage_class: StorageClass,
    #[serde(default)]
    pub transition_time: Option<Millis>,
    pub meta: ObjectMeta,
    #[serde(default)]
    pub restore: Option<RestoreRecord>,
    /// Appendable versions: when data was last appended. `None` for other types; JSON
    /// records written before osslab had appends lack it (serde default: still readable).
    /// Always written: the native store's postcard is positional (its older records are read
    /// through `persist::native`'s legacy layout).
    #[serde(default)]
    pub appended: Option<Millis>,
    /// Appendable versions a later write covered: appending has ended for good.
    #[serde(default)]
    pub sealed: bool,
    /// Symlink versions: the key they point to.
    #[serde(default)]
    pub symlink_target: Option<String>,
    /// Absent in JSON records written before ACLs existed: `default`, as every version then
    /// was. Always written: the native store encodes entries with postcard, which has no field
    /// names and so cannot skip a field.
    #[serde(default)]
    pub acl: ObjectAcl,
    /// `[key, value]` pairs in the order given (absent in older JSON records: none).
    #[serde(default)]
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RestoreRecord {
    pub requested: Millis,
    /// `Bulk`, `Standard`, `Expedited`, or absent for Archive.
    #[serde(default)]
    pub tier: Option<String>,
    pub completes: Millis,
    pub expires: Millis,
}

pub fn parse_etag(text: &str) -> Result<Etag, String> {
    let bad = || format!("bad etag {text:?}");
    let digest = |h: &str| -> Result<[u8; 16], String> {
        let v = hex::decode(h).map_err(|_| bad())?;
        v.try_into().map_err(|_| bad())
    };
    match text.split_once('-') {
        None => Ok(Etag::Md5(digest(text)?)),
        Some((h, n)) => Ok(Etag::Multipart(digest(h)?, n.parse().map_err(|_| bad())?)),
    }
}

impl ObjectRecord {
    /// The type state of an Appendable or Symlink record; a Symlink without its target is
    /// refused rather than read as a link to nowhere.
    fn detail(&self) -> Result<Option<Box<TypeDetail>>, String> {
        Ok(match self.object_type {
            ObjectType::Appendable => Some(Box::new(TypeDetail::Appendable {
                appended: self.appended.unwrap_or_default(),
                sealed: self.sealed,
            })),
            ObjectType::Symlink => Some(Box::new(TypeDetail::Symlink {
                target: self
                    .symlink_target
                    .clone()
                    .ok_or("a Symlink record without symlink_target")?,
            })),
            _ => None,
        })
    }

    pub fn from_object(o: &ObjectVersion) -> Self {
        ObjectRecord {
            body: content_id(&o.body),
            etag: o.etag.text(),
            crc64: o.crc64,
            object_type: o.object_type,
            storage_class: o.storage_class,
            transition_time: o.transition_time,
            meta: (*o.meta).clone(),
            restore: o.restore.as_deref().map(|r| RestoreRecord {
                requested: r.requested,
                tier: r.tier.map(|t| t.as_str().to_string()),
                completes: r.completes,
                expires: r.expires,
            }),
            appended: match o.detail.as_deref() {
                Some(TypeDetail::Appendable { appended, .. }) => Some(*appended),
                _ => None,
            },
            sealed: matches!(
                o.detail.as_deref(),
                Some(TypeDetail::Appendable { sealed: true, .. })
            ),
            symlink_target: o.symlink_target().map(str::to_string),
            acl: o.acl,
            tags: o.tags.as_slice().to_vec(),
        }
    }

    /// Rebuild the object version; `body` resolves the content id, `what` names the record
    /// in the message when the body is missing.
    pub fn to_object(
        &self,
        body: impl Fn(&str) -> Option<Body>,
        what: impl FnOnce() -> String,
    ) -> Result<ObjectVersion, String> {
        let bytes =
            body(&self.body).ok_or_else(|| format!("{}: body {} is missing", what(), self.body))?;
        let restore = match &self.restore {
            None => None,
            Some(r) => Some(Box::new(Restore {
                requested: r.requested,
                tier: match r.tier.as_deref() {
                    None => None,
                    Some(t) => Some(Tier::parse(t).map_err(|_| format!("bad tier {t:?}"))?),
                },
                completes: r.completes,
                expires: r.expires,
            })),
        };
        Ok(ObjectVersion {
            body: bytes,
            etag: parse_etag(&self.etag)?,
            crc64: self.crc64,
            object_type: self.object_type,
            storage_class: self.storage_class,
            transition_time: self.transition_time,
            meta: Arc::new(self.meta.clone()),
            restore,
            detail: self.detail()?,
            acl: self.acl,
            tags: Tags::from_trusted(self.tags.clone()),
        })
    }
}

impl EntryRecord {
    pub fn from_entry(bucket: &str, key: &str, e: &Entry) -> Self {
        EntryRecord {
            v: RECORD_VERSION,
            bucket: bucket.to_string(),
            key: key.to_string(),
            seq: e.seq,
            created: e.created,
            null: e.null,
            object: e.object().map(ObjectRecord::from_object),
        }
    }

    /// The content id this entry refers to, if it is an object version.
    pub fn body_id(&self) -> Option<&str> {
        self.object.as_ref().map(|o| o.body.as_str())
    }

    /// Rebuild the engine entry; `body` resolves a content id (`None`: the body is missing).
    pub fn to_entry(&self, body: impl Fn(&str) -> Option<Body>) -> Result<Entry, String> {
        let kind = match &self.object {
            None => EntryKind::DeleteMarker,
            Some(o) => EntryKind::Object(o.to_object(body, || {
                format!("{}/{} (seq {})", self.bucket, self.key, self.seq)
            })?),
        };
        Ok(Entry {
            seq: self.seq,
            created: self.created,
            null: self.null,
            kind,
        })
    }
}

// ---- uploads ------------------------------------------------------------------------------

/// A multipart upload in progress, with its parts; stored under `[bucket, upload_id]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub bucket: String,
    pub upload_id: String,
    pub key: String,
    pub initiated: Millis,
    pub seq: u64,
    pub meta: ObjectMeta,
    pub storage_class: StorageClass,
    #[serde(default)]
    pub parts: Vec<PartRecord>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub acl: ObjectAcl,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartRecord {
    pub number: u32,
    pub body: String,
    /// Hex MD5.
    pub etag: String,
    pub crc64: u64,
    pub last_modified: Millis,
}

impl UploadRecord {
    pub fn from_upload(bucket: &str, u: &Upload) -> Self {
        UploadRecord {
            v: RECORD_VERSION,
            bucket: bucket.to_string(),
            upload_id: u.upload_id.clone(),
            key: u.key.clone(),
            initiated: u.initiated,
            seq: u.seq,
            meta: u.meta.clone(),
            storage_class: u.storage_class,
            parts: u
                .parts
                .iter()
                .map(|(n, p)| PartRecord {
                    number: *n,
                    body: content_id(&p.body),
                    etag: hex::encode(p.etag),
                    crc64: p.crc64,
                    last_modified: p.last_modified,
                })
                .collect(),
            acl: u.acl,
            tags: u.tags.as_slice().to_vec(),
        }
    }

    pub fn body_ids(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.body.as_str())
    }

    pub fn to_upload(&self, body: impl Fn(&str) -> Option<Body>) -> Result<Upload, String> {
        let mut parts = BTreeMap::new();
        for p in &self.parts {
            let bytes = body(&p.body).ok_or_else(|| {
                format!(
                    "upload {} part {}: body {} is missing",
                    self.upload_id, p.number, p.body
                )
            })?;
            let etag: [u8; 16] = hex::decode(&p.etag)
                .ok()
                .and_then(|v| v.try_into().ok())
                .ok_or_else(|| format!("upload {}: bad part etag", self.upload_id))?;
            parts.insert(
                p.number,
                Part {
                    body: bytes,
                    etag,
                    crc64: p.crc64,
                    last_modified: p.last_modified,
                },
            );
        }
        Ok(Upload {
            upload_id: self.upload_id.clone(),
            key: self.key.clone(),
            initiated: self.initiated,
            seq: self.seq,
            meta: self.meta.clone(),
            storage_class: self.storage_class,
            parts,
            acl: self.acl,
            tags: Tags::from_trusted(self.tags.clone()),
        })
    }
}

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
    /// The storage meter of a bucket (docs/fidelity.md, "What versions cost").
    Bill(String),
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
        }
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
                })
            }
        }
        d.deserialize_map(TagFirst)
    }
}

/// The storage meter of one bucket: accumulators, history and removed versions' costs (the
/// rest is rebuilt from the bucket's versions on load).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillRecord {
    pub v: u32,
    pub bucket: String,
    #[serde(flatten)]
    pub state: Box<crate::engine::meter::MeterState>,
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
    fn from_snapshot(bucket: &str, s: &Snapshot) -> Self {
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

    fn to_snapshot(&self, body: impl Fn(&str) -> Option<Body>) -> Result<Snapshot, String> {
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
        Ok(Snapshot {
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
                state: Box::new(engine.meter().bucket(b)?.state()),
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
        ids.extend(
            engine
                .meter()
                .bucket_names()
                .map(|b| ToolkitId::Bill(b.clone())),
        );
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
            ToolkitRecord::Bill(b) => engine.restore_meter(&b.bucket, Some((*b.state).clone())),
        }
        Ok(())
    }
}

// ---- schema v1 (legacy) -------------------------------------------------------------------

/// Schema v1 kept bodies inline (base64) in entries and upload parts and had no bodies
/// store; the v1→v2 upgrade moves them out. Kept here so the migration (and its test) can
/// read them.
pub mod v1 {
    use base64::engine::general_purpose::STANDARD as B64;
    use base64::Engine as _;
    use serde::{Deserialize, Serialize};

    use super::{EntryRecord, PartRecord, UploadRecord};

    // Written (by the test fixtures) with `flatten`; read by `parse` below instead of a derived
    // decoder, because `flatten` decodes through serde's `Content` buffer: a second copy of the
    // entry, object and upload decoders in the wasm just for a one-time migration.
    #[derive(Clone, Debug, Serialize)]
    pub struct EntryV1 {
        #[serde(flatten)]
        pub entry: EntryRecord,
        /// Base64 body of an object version (v1 only).
        pub body_b64: Option<String>,
    }

    #[derive(Clone, Debug, Serialize)]
    pub struct PartV1 {
        #[serde(flatten)]
        pub part: PartRecord,
        pub body_b64: String,
    }

    #[derive(Clone, Debug, Serialize)]
    pub struct UploadV1 {
        #[serde(flatten)]
        pub upload: UploadRecord,
        pub parts_v1: Vec<PartV1>,
    }

    /// The v1-only fields, read from the same text as the v2 record (both readers skip the
    /// fields they do not know).
    #[derive(Deserialize)]
    struct EntryExtra {
        #[serde(default)]
        body_b64: Option<String>,
    }

    #[derive(Deserialize)]
    struct BodyB64 {
        body_b64: String,
    }

    #[derive(Deserialize)]
    struct UploadExtra {
        #[serde(default)]
        parts_v1: Vec<BodyB64>,
    }

    #[derive(Deserialize)]
    struct UploadParts {
        #[serde(default)]
        parts_v1: Vec<PartRecord>,
    }

    impl EntryV1 {
        pub fn parse(text: &str) -> serde_json::Result<EntryV1> {
            let entry = super::from_json(text)?;
            let EntryExtra { body_b64 } = super::from_json(text)?;
            Ok(EntryV1 { entry, body_b64 })
        }
    }

    impl UploadV1 {
        pub fn parse(text: &str) -> serde_json::Result<UploadV1> {
            let upload = super::from_json(text)?;
            let UploadParts { parts_v1: parts } = super::from_json(text)?;
            let UploadExtra { parts_v1: bodies } = super::from_json(text)?;
            let parts_v1 = parts
                .into_iter()
                .zip(bodies)
                .map(|(part, b)| PartV1 {
                    part,
                    body_b64: b.body_b64,
                })
                .collect();
            Ok(UploadV1 { upload, parts_v1 })
        }
    }

    /// Split a v1 entry into the v2 record and its body bytes.
    pub fn split_entry(e: EntryV1) -> Result<(EntryRecord, Option<Vec<u8>>), String> {
        let body = match e.body_b64 {
            None => None,
            Some(b) => Some(B64.decode(b).map_err(|err| format!("v1 body: {err}"))?),
        };
        Ok((e.entry, body))
    }

    pub fn split_upload(u: UploadV1) -> Result<(UploadRecord, Vec<Vec<u8>>), String> {
        let mut rec = u.upload;
        let mut bodies = Vec::new();
        rec.parts.clear();
        for p in u.parts_v1 {
            bodies.push(
                B64.decode(&p.body_b64)
                    .map_err(|e| format!("v1 part: {e}"))?,
            );
            rec.parts.push(p.part);
        }
        Ok((rec, bodies))
    }

    /// Write-side helpers (used to build v1 fixtures in tests).
    pub fn entry_v1(mut rec: EntryRecord, body: Option<&[u8]>) -> EntryV1 {
        // v1 had no content ids: the body was only inline.
        if let Some(o) = rec.object.as_mut() {
            o.body = "inline".into();
        }
        EntryV1 {
            entry: rec,
            body_b64: body.map(|b| B64.encode(b)),
        }
    }

    pub fn upload_v1(rec: UploadRecord, bodies: &[&[u8]]) -> UploadV1 {
        let parts_v1 = rec
            .parts
            .iter()
            .zip(bodies)
            .map(|(p, b)| PartV1 {
                part: PartRecord {
                    body: "inline".into(),
                    ..p.clone()
                },
                body_b64: B64.encode(b),
            })
            .collect();
        let mut upload = rec;
        upload.parts.clear();
        UploadV1 { upload, parts_v1 }
    }
}

// ---- changes (log store and cross-tab messages) -------------------------------------------

/// A [`Change`](crate::engine::Change) as stored in the log store and sent to other tabs.
/// The toolkit's kinds were added with schema v3.
///
/// Written by the derive (`{"t":"entry","bucket":..,"key":..,"seq":..}`); read through the
/// flat `ChangeFields`, which accepts exactly that JSON without serde's buffering of
/// internally tagged enums (a second copy of the decoder in the wasm).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
#[serde(try_from = "ChangeFields")]
pub enum ChangeRecord {
    Bucket {
        bucket: String,
    },
    BucketRemoved {
        bucket: String,
    },
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
    Replication {
        bucket: String,
    },
    ReplicationQueue,
    Identity {
        access_key_id: String,
    },
    IdentityRemoved {
        access_key_id: String,
    },
    BackupPlan {
        bucket: String,
    },
    Snapshot {
        bucket: String,
        id: u64,
    },
    SnapshotRemoved {
        bucket: String,
        id: u64,
    },
}

/// The `t` of a [`ChangeRecord`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ChangeKind {
    Bucket,
    BucketRemoved,
    Entry,
    EntryRemoved,
    Upload,
    UploadRemoved,
    Replication,
    ReplicationQueue,
    Identity,
    IdentityRemoved,
    BackupPlan,
    Snapshot,
    SnapshotRemoved,
}

/// Every field any [`ChangeRecord`] has; which ones must be present depends on `t`.
#[derive(Deserialize)]
struct ChangeFields {
    t: ChangeKind,
    bucket: Option<String>,
    key: Option<String>,
    seq: Option<u64>,
    upload_id: Option<String>,
    access_key_id: Option<String>,
    id: Option<u64>,
}

impl TryFrom<ChangeFields> for ChangeRecord {
    type Error = String;

    fn try_from(f: ChangeFields) -> Result<Self, String> {
        use ChangeKind as K;
        fn need<T>(v: Option<T>, name: &str) -> Result<T, String> {
            v.ok_or_else(|| format!("change record: missing field `{name}`"))
        }
        let bucket = || need(f.bucket.clone(), "bucket");
        Ok(match f.t {
            K::Bucket => ChangeRecord::Bucket { bucket: bucket()? },
            K::BucketRemoved => ChangeRecord::BucketRemoved { bucket: bucket()? },
            K::Entry | K::EntryRemoved => {
                let (bucket, key, seq) = (bucket()?, need(f.key, "key")?, need(f.seq, "seq")?);
                match f.t {
                    K::Entry => ChangeRecord::Entry { bucket, key, seq },
                    _ => ChangeRecord::EntryRemoved { bucket, key, seq },
                }
            }
            K::Upload | K::UploadRemoved => {
                let (bucket, upload_id) = (bucket()?, need(f.upload_id, "upload_id")?);
                match f.t {
                    K::Upload => ChangeRecord::Upload { bucket, upload_id },
                    _ => ChangeRecord::UploadRemoved { bucket, upload_id },
                }
            }
            K::Replication => ChangeRecord::Replication { bucket: bucket()? },
            K::ReplicationQueue => ChangeRecord::ReplicationQueue,
            K::Identity | K::IdentityRemoved => {
                let access_key_id = need(f.access_key_id, "access_key_id")?;
                match f.t {
                    K::Identity => ChangeRecord::Identity { access_key_id },
                    _ => ChangeRecord::IdentityRemoved { access_key_id },
                }
            }
            K::BackupPlan => ChangeRecord::BackupPlan { bucket: bucket()? },
            K::Snapshot | K::SnapshotRemoved => {
                let (bucket, id) = (bucket()?, need(f.id, "id")?);
                match f.t {
                    K::Snapshot => ChangeRecord::Snapshot { bucket, id },
                    _ => ChangeRecord::SnapshotRemoved { bucket, id },
                }
            }
        })
    }
}

impl ChangeRecord {
    /// The stored form of a change.
    pub fn from_change(c: &crate::engine::Change) -> Self {
        use crate::engine::Change as C;
        match c.clone() {
            C::Bucket { bucket } => ChangeRecord::Bucket { bucket },
            C::BucketRemoved { bucket } => ChangeRecord::BucketRemoved { bucket },
            C::Entry { bucket, key, seq } => ChangeRecord::Entry { bucket, key, seq },
            C::EntryRemoved { bucket, key, seq } => ChangeRecord::EntryRemoved { bucket, key, seq },
            C::Upload { bucket, upload_id } => ChangeRecord::Upload { bucket, upload_id },
            C::UploadRemoved { bucket, upload_id } => {
                ChangeRecord::UploadRemoved { bucket, upload_id }
            }
            C::Replication { bucket } => ChangeRecord::Replication { bucket },
            C::ReplicationQueue => ChangeRecord::ReplicationQueue,
            C::Identity { access_key_id } => ChangeRecord::Identity { access_key_id },
            C::IdentityRemoved { access_key_id } => ChangeRecord::IdentityRemoved { access_key_id },
            C::BackupPlan { bucket } => ChangeRecord::BackupPlan { bucket },
            C::Snapshot { bucket, id } => ChangeRecord::Snapshot { bucket, id },
            C::SnapshotRemoved { bucket, id } => ChangeRecord::SnapshotRemoved { bucket, id },
        }
    }
}

impl From<&ChangeRecord> for crate::engine::Change {
    fn from(c: &ChangeRecord) -> Self {
        use crate::engine::Change as C;
        match c.clone() {
            ChangeRecord::Bucket { bucket } => C::Bucket { bucket },
            ChangeRecord::BucketRemoved { bucket } => C::BucketRemoved { bucket },
            ChangeRecord::Entry { bucket, key, seq } => C::Entry { bucket, key, seq },
            ChangeRecord::EntryRemoved { bucket, key, seq } => C::EntryRemoved { bucket, key, seq },
            ChangeRecord::Upload { bucket, upload_id } => C::Upload { bucket, upload_id },
            ChangeRecord::UploadRemoved { bucket, upload_id } => {
                C::UploadRemoved { bucket, upload_id }
            }
            ChangeRecord::Replication { bucket } => C::Replication { bucket },
            ChangeRecord::ReplicationQueue => C::ReplicationQueue,
            ChangeRecord::Identity { access_key_id } => C::Identity { access_key_id },
            ChangeRecord::IdentityRemoved { access_key_id } => C::IdentityRemoved { access_key_id },
            ChangeRecord::BackupPlan { bucket } => C::BackupPlan { bucket },
            ChangeRecord::Snapshot { bucket, id } => C::Snapshot { bucket, id },
            ChangeRecord::SnapshotRemoved { bucket, id } => C::SnapshotRemoved { bucket, id },
        }
    }
}

/// A record named by a change, whatever happened to it: the store writes the record's
/// current state (or deletes it when the engine no longer has it).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordId {
    Bucket(String),
    Entry(String, String, u64),
    Upload(String, String),
    /// Replication rules and queue, identities, backup plans and snapshots (schema v3).
    Toolkit(ToolkitId),
}

impl RecordId {
    /// Every record a change names: its own, and for a change to a bucket's entries or
    /// uploads the bucket's storage meter, which moved with it.
    pub fn named_by(c: &crate::engine::Change) -> impl Iterator<Item = RecordId> {
        use crate::engine::Change as C;
        let bill = match c {
            C::Entry { bucket, .. }
            | C::EntryRemoved { bucket, .. }
            | C::Upload { bucket, .. }
            | C::UploadRemoved { bucket, .. } => {
                Some(RecordId::Toolkit(ToolkitId::Bill(bucket.clone())))
            }
            _ => None,
        };
        std::iter::once(RecordId::of(c)).chain(bill)
    }

    /// The record a change names.
    pub fn of(c: &crate::engine::Change) -> RecordId {
        use crate::engine::Change as C;
        match c {
            C::Bucket { bucket } | C::BucketRemoved { bucket } => RecordId::Bucket(bucket.clone()),
            C::Entry { bucket, key, seq } | C::EntryRemoved { bucket, key, seq } => {
                RecordId::Entry(bucket.clone(), key.clone(), *seq)
            }
            C::Upload { bucket, upload_id } | C::UploadRemoved { bucket, upload_id } => {
                RecordId::Upload(bucket.clone(), upload_id.clone())
            }
            C::Replication { bucket } => RecordId::Toolkit(ToolkitId::Replication(bucket.clone())),
            C::ReplicationQueue => RecordId::Toolkit(ToolkitId::ReplicationQueue),
            C::Identity { access_key_id } | C::IdentityRemoved { access_key_id } => {
                RecordId::Toolkit(ToolkitId::Identity(access_key_id.clone()))
            }
            C::BackupPlan { bucket } => RecordId::Toolkit(ToolkitId::BackupPlan(bucket.clone())),
            C::Snapshot { bucket, id } | C::SnapshotRemoved { bucket, id } => {
                RecordId::Toolkit(ToolkitId::Snapshot(bucket.clone(), *id))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_from_before_acls_and_tags_read_as_defaults() {
        let old = r#"{"body":"d41d8cd98f00b204e9800998ecf8427e-0","etag":"D41D8CD98F00B204E9800998ECF8427E","crc64":0,"object_type":"Normal","storage_class":"Standard","meta":{"content_type":null,"cache_control":null,"content_disposition":null,"content_encoding":null,"content_language":null,"expires":null,"user":{}}}"#;
        let rec: ObjectRecord = from_json(old).unwrap();
        assert_eq!((rec.acl, rec.tags.len()), (ObjectAcl::Default, 0));
        let bucket = r#"{"name":"b","created":0,"versioning":"Enabled","storage_class":"Standard","region":"cn-hangzhou"}"#;
        let b: BucketRecord = from_json(bucket).unwrap();
        let b = b.to_bucket().unwrap();
        assert_eq!((b.acl, b.cors), (BucketAcl::Private, None));
        let mut rec = rec;
        rec.acl = ObjectAcl::PublicRead;
        rec.tags = vec![("k".into(), "v".into())];
        let text = to_json(&rec);
        assert!(text.contains(r#""acl":"public-read""#), "{text}");
        assert_eq!(from_json::<ObjectRecord>(&text).unwrap(), rec);
    }

    fn samples() -> Vec<ToolkitRecord> {
        let identity = IdentityRecord {
            v: RECORD_VERSION,
            name: "reader".into(),
            access_key_id: "LTAI-reader".into(),
            access_key_secret: "s3cret".into(),
            policies: vec![PolicyRecord {
                name: "read-only".into(),
                statements: vec![StatementRecord {
                    effect: "Allow".into(),
                    actions: vec!["oss:GetObject".into()],
                    resources: vec!["acs:oss:*:*:lab/*".into()],
                }],
            }],
        };
        let plan = BackupPlanRecord {
            v: RECORD_VERSION,
            bucket: "lab".into(),
            every: 3_600_000,
            keep: 3,
            next_due: 7_200_000,
            next_id: 2,
        };
        let queue = ReplicationQueueRecord {
            v: RECORD_VERSION,
            next_task: 4,
            next_rule: 2,
            tasks: vec![],
        };
        let rules = ReplicationRecord {
            v: RECORD_VERSION,
            bucket: "lab".into(),
            rules: vec![],
        };
        let snapshot = SnapshotRecord {
            v: RECORD_VERSION,
            bucket: "lab".into(),
            id: 1,
            taken: 3_600_000,
            objects: vec![],
        };
        vec![
            ToolkitRecord::Identity(identity),
            ToolkitRecord::BackupPlan(plan),
            ToolkitRecord::ReplicationQueue(queue),
            ToolkitRecord::Replication(rules),
            ToolkitRecord::Snapshot(snapshot),
        ]
    }

    #[test]
    fn toolkit_records_are_written_tag_first_and_read_back() {
        for rec in samples() {
            let text = to_json(&rec);
            // The decoder relies on this: the derived serializer writes `t` first.
            assert!(text.starts_with(r#"{"t":""#), "{text}");
            assert_eq!(from_json::<ToolkitRecord>(&text).unwrap(), rec, "{text}");
        }
    }

    #[test]
    fn a_toolkit_record_without_its_tag_first_is_refused_not_misread() {
        let text = to_json(&samples()[1]); // {"t":"backup_plan","v":1,"bucket":"lab",...}
        let moved = text.replacen(r#""t":"backup_plan","#, "", 1).replacen(
            r#""bucket":"lab","#,
            r#""bucket":"lab","t":"backup_plan","#,
            1,
        );
        assert_ne!(moved, text);
        let err = from_json::<ToolkitRecord>(&moved).unwrap_err();
        assert!(
            err.to_string().contains("`t` is not its first key"),
            "{err}"
        );
        let unknown = text.replacen("backup_plan", "teleporter", 1);
        assert!(from_json::<ToolkitRecord>(&unknown).is_err());
        assert!(from_json::<ToolkitRecord>(r#"["t"]"#).is_err());
    }

    #[test]
    fn every_change_kind_reads_back_and_a_missing_field_is_an_error() {
        let (b, k) = (|| "lab".to_string(), || "a.txt".to_string());
        let all = vec![
            ChangeRecord::Bucket { bucket: b() },
            ChangeRecord::BucketRemoved { bucket: b() },
            ChangeRecord::Entry {
                bucket: b(),
                key: k(),
                seq: 7,
            },
            ChangeRecord::EntryRemoved {
                bucket: b(),
                key: k(),
                seq: 8,
            },
            ChangeRecord::Upload {
                bucket: b(),
                upload_id: "U1".into(),
            },
            ChangeRecord::UploadRemoved {
                bucket: b(),
                upload_id: "U2".into(),
            },
            ChangeRecord::Replication { bucket: b() },
            ChangeRecord::ReplicationQueue,
            ChangeRecord::Identity {
                access_key_id: "AK1".into(),
            },
            ChangeRecord::IdentityRemoved {
                access_key_id: "AK2".into(),
            },
            ChangeRecord::BackupPlan { bucket: b() },
            ChangeRecord::Snapshot { bucket: b(), id: 3 },
            ChangeRecord::SnapshotRemoved { bucket: b(), id: 4 },
        ];
        let text = to_json(&all);
        assert_eq!(
            from_json::<Vec<ChangeRecord>>(&text).unwrap(),
            all,
            "{text}"
        );
        // Key order does not matter to the flat reader.
        let entry: ChangeRecord =
            from_json(r#"{"seq":7,"key":"a.txt","bucket":"lab","t":"entry"}"#).unwrap();
        assert_eq!(entry, all[2]);
        let err = from_json::<ChangeRecord>(r#"{"t":"entry","bucket":"lab","seq":7}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `key`"), "{err}");
        assert!(from_json::<ChangeRecord>(r#"{"t":"moved","bucket":"lab"}"#).is_err());
    }

    /// JSON records written before Appendable and Symlink versions existed have none of
    /// their fields and still read.
    #[test]
    fn object_records_without_type_fields_still_read() {
        let old = r#"{"body":"5d41402abc4b2a76b9719d911017c592-5","etag":"5D41402ABC4B2A76B9719D911017C592","crc64":1,
            "object_type":"Normal","storage_class":"Standard","meta":{"content_type":null,
            "cache_control":null,"content_disposition":null,"content_encoding":null,
            "content_language":null,"expires":null,"user":{}}}"#;
        let r: ObjectRecord = serde_json::from_str(old).unwrap();
        assert_eq!(
            (r.appended, r.sealed, r.symlink_target.as_deref()),
            (None, false, None)
        );
        let body = |_: &str| Some(Body::from(&b"hello"[..]));
        let o = r.to_object(body, || "old".into()).unwrap();
        assert_eq!(o.detail, None);
        assert_eq!(ObjectRecord::from_object(&o), r);
        // A Symlink record must name its target.
        let mut link = r.clone();
        link.object_type = ObjectType::Symlink;
        assert!(link.to_object(body, || "link".into()).is_err());
        link.symlink_target = Some("t".into());
        let o = link.to_object(body, || "link".into()).unwrap();
        assert_eq!(o.symlink_target(), Some("t"));
        // An Appendable record keeps its append time and seal.
        let mut app = r;
        app.object_type = ObjectType::Appendable;
        app.appended = Some(42);
        app.sealed = true;
        let o = app.to_object(body, || "app".into()).unwrap();
        assert!(!o.can_append());
        assert_eq!(ObjectRecord::from_object(&o), app);
    }
}

#[cfg(test)]
mod bill_tests {
    use super::*;
    use crate::engine::meter::{Cell, Line, MeterState};

    #[test]
    fn bill_records_round_trip_and_old_ones_read_with_defaults() {
        let rec = ToolkitRecord::Bill(BillRecord {
            v: RECORD_VERSION,
            bucket: "lab".into(),
            state: Box::new(MeterState {
                last: 42,
                // Beyond 2^64: stored as decimal text.
                storage: vec![Cell(
                    StorageClass::IA,
                    Line::Noncurrent,
                    u128::from(u64::MAX) * 3,
                )],
                put_requests: 7,
                ..Default::default()
            }),
        });
        let text = to_json(&rec);
        assert!(text.starts_with(r#"{"t":"bill""#), "{text}");
        assert_eq!(from_json::<ToolkitRecord>(&text).unwrap(), rec);
        assert_eq!(rec.id().key(), "bill/lab");
        // A record with only the fields of its first version.
        let old: ToolkitRecord = from_json(r#"{"t":"bill","v":1,"bucket":"b","last":5}"#).unwrap();
        let ToolkitRecord::Bill(b) = old else {
            panic!("not a bill")
        };
        assert_eq!(b.state.last, 5);
        assert!(b.state.storage.is_empty() && b.state.history.is_empty());
    }
}
