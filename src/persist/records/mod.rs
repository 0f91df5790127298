//! Stored records: versioned DTOs (serde, JSON) and their conversion to and from engine types.
//!
//! The DTOs mirror the engine types on purpose instead of deriving serde on the engine: the
//! stored format is a contract with data written by older builds, and the engine is free to
//! change its in-memory shape. Every record carries `v` (its record format version). The one
//! exception is [`Change`](crate::engine::Change), a plain list of names stored as it is
//! (its serde layout is the one every version wrote; `change` maps it to records).
//!
//! One module per record kind: `bucket`, `entry` (versions), `upload`, `toolkit`,
//! [`v1`] (the legacy layout read by the migration).
//!
//! Object and part bodies are not in these records: a record names its body by a content id
//! ([`content_id`]: hex MD5 and length), and the bytes live once in the bodies store, shared
//! by every version and part with the same bytes.

mod bucket;
mod change;
mod entry;
mod toolkit;
mod upload;
pub mod v1;

pub use bucket::*;
pub use change::*;
pub use entry::*;
pub use toolkit::*;
pub use upload::*;

use serde::{Deserialize, Serialize};

use crate::engine::clock::VirtualClock;
use crate::engine::{Millis, RestoreSettings, Settings};

/// Current format version of every record below.
pub const RECORD_VERSION: u32 = 1;

/// Content id of a body: lower-case hex MD5, a dash, and the length in bytes.
pub fn content_id(bytes: &[u8]) -> String {
    id_of(crate::engine::integrity::md5(bytes), bytes.len())
}

/// [`content_id`] of a stored body (hashed once per body: [`integrity::body_md5`]).
///
/// [`integrity::body_md5`]: crate::engine::integrity::body_md5
pub fn body_content_id(body: &crate::engine::Body) -> String {
    id_of(crate::engine::integrity::body_md5(body), body.len())
}

fn id_of(md5: [u8; 16], len: usize) -> String {
    format!("{}-{len}", hex::encode(md5))
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

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
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

#[cfg(test)]
mod tests;
