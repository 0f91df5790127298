//! The lab as a file: export everything (state, clock and bodies) and import it back.
//!
//! Format: UTF-8 JSON, one object:
//! ```text
//! { "format": "osslab-lab", "version": 1,
//!   "state": StateRecord, "clock": ClockRecord | null,
//!   "buckets": [BucketRecord], "entries": [EntryRecord], "uploads": [UploadRecord],
//!   "toolkit": [ToolkitRecord],
//!   "bodies": { "<md5hex>-<len>": "<base64>" } }
//! ```
//! Version 2 added `toolkit` (replication rules and queue, identities, backup plans and
//! snapshots; a snapshot's bodies are in `bodies` like every other). Version 1 files, which
//! have none, still import.
//! Records are the same DTOs as in IndexedDB ([`super::records`]). Each body is stored once
//! and checked against its content id on import, so a damaged file is caught even where the
//! JSON still parses. [`import`] only parses: it changes nothing until the caller stores the
//! result (`Persist::replace_all`), so a rejected file leaves the lab as it was.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::engine::clock::VirtualClock;
use crate::engine::Engine;

use super::records::{
    from_json, matches_content_id, to_json, BucketRecord, ClockRecord, EntryRecord, StateRecord,
    ToolkitRecord, UploadRecord,
};
use super::snapshot::Snapshot;

pub const FORMAT: &str = "osslab-lab";
pub const FORMAT_VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    state: StateRecord,
    #[serde(default)]
    clock: Option<ClockRecord>,
    buckets: Vec<BucketRecord>,
    entries: Vec<EntryRecord>,
    uploads: Vec<UploadRecord>,
    #[serde(default)]
    toolkit: Vec<ToolkitRecord>,
    bodies: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Why a file cannot be imported. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Not an osslab export at all (another JSON file, an image, ...).
    NotOsslab,
    /// The file ends early (an interrupted download or copy).
    Truncated,
    /// Written by a newer osslab.
    Incompatible { version: u32 },
    /// It is an osslab export, but damaged.
    Corrupt(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotOsslab => write!(f, "This file is not an osslab lab export."),
            ImportError::Truncated => write!(
                f,
                "The file is incomplete (it ends early); export the lab again."
            ),
            ImportError::Incompatible { version } => write!(
                f,
                "The file was exported by a newer osslab (format {version}; this one reads up to {FORMAT_VERSION})."
            ),
            ImportError::Corrupt(why) => write!(f, "The file is damaged: {why}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// An imported lab, not stored yet.
#[derive(Debug)]
pub struct Imported {
    pub engine: Engine,
    pub clock: Option<VirtualClock>,
}

/// The whole lab as a file.
pub fn export(engine: &Engine, clock: Option<&VirtualClock>) -> Vec<u8> {
    let snap = Snapshot::from_engine(engine, clock, 0);
    let file = File {
        format: FORMAT.to_string(),
        version: FORMAT_VERSION,
        state: snap.state.expect("from_engine sets state"),
        clock: snap.clock,
        buckets: snap.buckets,
        entries: snap.entries,
        uploads: snap.uploads,
        toolkit: snap.toolkit,
        bodies: snap
            .bodies
            .iter()
            .map(|(cid, b)| (cid.clone(), B64.encode(b)))
            .collect(),
    };
    to_json(&file).into_bytes()
}

fn json_error(e: serde_json::Error) -> ImportError {
    if e.is_eof() {
        ImportError::Truncated
    } else {
        ImportError::Corrupt(e.to_string())
    }
}

/// Parse and check a file made by [`export`]. Strict: any damaged record rejects the file.
pub fn import(bytes: &[u8]) -> Result<Imported, ImportError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return Err(if first.is_none() {
            ImportError::Truncated
        } else {
            ImportError::NotOsslab
        });
    }
    let header: Header = from_json(bytes).map_err(json_error)?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(ImportError::NotOsslab);
    }
    match header.version {
        Some(v) if v > FORMAT_VERSION => return Err(ImportError::Incompatible { version: v }),
        Some(_) => {}
        None => return Err(ImportError::Corrupt("no format version".into())),
    }
    let file: File = from_json(bytes).map_err(json_error)?;
    let mut snap = Snapshot {
        state: Some(file.state),
        clock: file.clock,
        buckets: file.buckets,
        entries: file.entries,
        uploads: file.uploads,
        toolkit: file.toolkit,
        ..Default::default()
    };
    for (cid, b64) in file.bodies {
        let bytes = B64
            .decode(&b64)
            .map_err(|e| ImportError::Corrupt(format!("body {cid}: {e}")))?;
        if !matches_content_id(&cid, &bytes) {
            return Err(ImportError::Corrupt(format!(
                "body {cid} does not match its checksum"
            )));
        }
        snap.bodies.insert(cid, Arc::from(bytes));
    }
    let mut seen = std::collections::HashSet::new();
    for e in &snap.entries {
        if !seen.insert((e.bucket.as_str(), e.key.as_str(), e.seq)) {
            return Err(ImportError::Corrupt(format!(
                "{}/{}: sequence {} appears twice",
                e.bucket, e.key, e.seq
            )));
        }
    }
    let (engine, clock, report) = snap.assemble(&mut |_| {});
    if !report.is_clean() {
        return Err(ImportError::Corrupt(report.problems.join("; ")));
    }
    Ok(Imported { engine, clock })
}
