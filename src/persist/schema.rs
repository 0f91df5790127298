//! The stores of a saved lab, their keys and values, and the constants naming them: shared
//! by the write algorithms ([`super::tx`]), whole-state reads ([`super::snapshot`]) and
//! every store.
//!
//! # Records and schema (IndexedDB schema version [`SCHEMA_VERSION`])
//! | store     | key                      | value                                              |
//! |-----------|--------------------------|----------------------------------------------------|
//! | `meta`    | `"state"`, `"clock"`     | [`super::records::StateRecord`] (seq, now, settings, generation), [`super::records::ClockRecord`] |
//! | `buckets` | bucket name              | [`super::records::BucketRecord`] (versioning, lifecycle, ...)     |
//! | `entries` | `[bucket, key, seq]`     | [`super::records::EntryRecord`] (a version or delete marker; body by content id) |
//! | `uploads` | `[bucket, upload_id]`    | [`super::records::UploadRecord`] (with its parts; bodies by content id) |
//! | `bodies`  | content id `md5hex-len`  | the bytes, stored once                             |
//! | `refs`    | content id               | number of entries and parts referring to it        |
//! | `log`     | generation               | the [`Change`](crate::engine::Change)s of that transaction (last [`LOG_KEEP`]) |
//! | `toolkit` | [`super::records::ToolkitId::key`]: `replication/<bucket>`, `replication-queue`, `identity/<AccessKeyId>`, `backup/<bucket>`, `snapshot/<bucket>/<id>`, `bill/<bucket>`, `bill-gone/<bucket>/<key>` | a [`super::records::ToolkitRecord`] (tagged `t`): a source bucket's replication rules, the replication queue with its counters, an identity with its policies, a backup plan, one snapshot (its objects' bodies by content id, counted in `refs`), a bucket's storage meter (accumulators and history), the storage of one key's removed versions (a bill written before these had records of their own holds them all, and is rewritten at load) |
//!
//! Records are JSON text (serde); bodies are `Uint8Array`s. Schema v1 had no `bodies`, `refs`
//! and `log` stores and kept bodies inline (base64) in entries and parts; opening a v1
//! database runs the v1→v2 migration inside the upgrade transaction. Schema v2 had no
//! `toolkit` store (the protection toolkit lived in memory only); v2→v3 creates it, empty,
//! and reads every v2 record as it is. The native store keeps the same stores as SQLite tables (its
//! layout: [`super::native`]).

use crate::engine::Body;

use super::records::{to_json, EntryRecord};

/// IndexedDB schema version written by this build.
pub const SCHEMA_VERSION: u32 = 3;
/// How many generations the `log` store keeps for [`super::Persist::refresh`]; a tab further
/// behind reloads everything.
pub const LOG_KEEP: u64 = 256;
/// The IndexedDB database the app uses.
pub const DB_NAME: &str = "osslab";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StoreName {
    Meta,
    Buckets,
    Entries,
    Uploads,
    Bodies,
    Refs,
    Log,
    /// Schema v3: replication rules and queue, identities, backup plans and snapshots.
    Toolkit,
}

impl StoreName {
    pub const ALL: [StoreName; 8] = [
        StoreName::Meta,
        StoreName::Buckets,
        StoreName::Entries,
        StoreName::Uploads,
        StoreName::Bodies,
        StoreName::Refs,
        StoreName::Log,
        StoreName::Toolkit,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            StoreName::Meta => "meta",
            StoreName::Buckets => "buckets",
            StoreName::Entries => "entries",
            StoreName::Uploads => "uploads",
            StoreName::Bodies => "bodies",
            StoreName::Refs => "refs",
            StoreName::Log => "log",
            StoreName::Toolkit => "toolkit",
        }
    }
}

/// Keys: `meta`, `buckets`, `bodies`, `refs` and `toolkit` use names; `entries` `[bucket, key, seq]`;
/// `uploads` `[bucket, upload_id]`; `log` the generation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Name(String),
    Entry(String, String, u64),
    Upload(String, String),
    Gen(u64),
}

/// Values: JSON text records, body bytes, reference counts.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Text(String),
    Bytes(Body),
    Num(u64),
    /// A version record not yet encoded: the write algorithms hand it over as it is, and
    /// each store encodes it once, in its own form ([`Val::into_text_form`] for the JSON
    /// stores, postcard for the native one) — the version record is the one written on
    /// every PUT, so it is not turned into JSON only for the native store to parse it back.
    Entry(Box<EntryRecord>),
}

impl Val {
    /// The value as a JSON-text store keeps it: a version record becomes its JSON text.
    pub fn into_text_form(self) -> Val {
        match self {
            Val::Entry(r) => Val::Text(to_json(&*r)),
            v => v,
        }
    }
}

/// `meta` key of the [`super::records::StateRecord`].
pub const STATE: &str = "state";
/// `meta` key of the [`super::records::ClockRecord`].
pub const CLOCK: &str = "clock";
