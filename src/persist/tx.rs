//! The write and refresh algorithms, written once over a small transaction interface
//! ([`Tx`]) that the memory and IndexedDB stores implement. Keeping one algorithm makes the
//! conformance suite test the IndexedDB store's logic, not a copy of it.

use std::collections::BTreeSet;

use crate::engine::{Body, Change, Engine, Settings};

use super::records::{
    BucketRecord, ChangeRecord, EntryRecord, RecordId, StateRecord, UploadRecord,
};
use super::snapshot::{state_record, Snapshot};
use super::{PersistError, LOG_KEEP};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StoreName {
    Meta,
    Buckets,
    Entries,
    Uploads,
    Bodies,
    Refs,
    Log,
}

impl StoreName {
    pub const ALL: [StoreName; 7] = [
        StoreName::Meta,
        StoreName::Buckets,
        StoreName::Entries,
        StoreName::Uploads,
        StoreName::Bodies,
        StoreName::Refs,
        StoreName::Log,
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
        }
    }
}

/// Keys: `meta`, `buckets`, `bodies` and `refs` use names; `entries` `[bucket, key, seq]`;
/// `uploads` `[bucket, upload_id]`; `log` the generation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Name(String),
    Entry(String, String, u64),
    Upload(String, String),
    Gen(u64),
}

/// Values: JSON text records, body bytes, reference counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    Text(String),
    Bytes(Body),
    Num(u64),
}

pub const STATE: &str = "state";
pub const CLOCK: &str = "clock";

/// One open transaction. Writes are queued and take effect in order; reads see earlier
/// writes of the same transaction; nothing is visible to others until it commits, and an
/// error aborts all of it.
#[allow(async_fn_in_trait)]
pub trait Tx {
    async fn get(&self, store: StoreName, key: &Key) -> Result<Option<Val>, PersistError>;
    fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError>;
    fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError>;
    fn clear(&self, store: StoreName) -> Result<(), PersistError>;
}

fn json<T: serde::Serialize>(v: &T) -> Val {
    // Records are plain data (strings, numbers, maps with string keys): serializing cannot fail.
    Val::Text(serde_json::to_string(v).expect("records serialize"))
}

fn parse<T: serde::de::DeserializeOwned>(v: Option<Val>, what: &str) -> Result<Option<T>, String> {
    match v {
        None => Ok(None),
        Some(Val::Text(t)) => serde_json::from_str(&t)
            .map(Some)
            .map_err(|e| format!("{what}: {e}")),
        Some(_) => Err(format!("{what}: not a text record")),
    }
}

pub async fn read_state<T: Tx>(tx: &T) -> Result<Option<StateRecord>, PersistError> {
    parse(
        tx.get(StoreName::Meta, &Key::Name(STATE.into())).await?,
        "state",
    )
    .map_err(PersistError::Corrupt)
}

async fn incref<T: Tx>(tx: &T, cid: &str, bytes: &Body) -> Result<(), PersistError> {
    let key = Key::Name(cid.to_string());
    let n = match tx.get(StoreName::Refs, &key).await? {
        Some(Val::Num(n)) => n,
        _ => 0,
    };
    if n == 0 {
        tx.put(StoreName::Bodies, &key, Val::Bytes(bytes.clone()))?;
    }
    tx.put(StoreName::Refs, &key, Val::Num(n + 1))
}

async fn decref<T: Tx>(tx: &T, cid: &str) -> Result<(), PersistError> {
    let key = Key::Name(cid.to_string());
    let n = match tx.get(StoreName::Refs, &key).await? {
        Some(Val::Num(n)) => n,
        _ => 0,
    };
    if n <= 1 {
        tx.delete(StoreName::Refs, &key)?;
        tx.delete(StoreName::Bodies, &key)
    } else {
        tx.put(StoreName::Refs, &key, Val::Num(n - 1))
    }
}

fn find_entry<'a>(
    engine: &'a Engine,
    bucket: &str,
    key: &str,
    seq: u64,
) -> Option<&'a crate::engine::Entry> {
    let stack = engine.bucket(bucket).ok()?.objects.get(key)?;
    let entries = stack.oldest_first();
    let i = entries.binary_search_by_key(&seq, |e| e.seq).ok()?;
    Some(&entries[i])
}

/// Write the records named by `changes` as `engine` has them now, on top of generation
/// `expected`. Returns the new generation.
pub async fn apply<T: Tx>(
    tx: &T,
    engine: &Engine,
    changes: &[Change],
    expected: u64,
) -> Result<u64, PersistError> {
    let found = read_state(tx).await?.map_or(0, |s| s.generation);
    if found != expected {
        return Err(PersistError::Conflict { expected, found });
    }
    let ids: BTreeSet<RecordId> = changes.iter().map(RecordId::of).collect();
    for id in ids {
        match id {
            RecordId::Bucket(name) => {
                let key = Key::Name(name.clone());
                match engine.bucket(&name) {
                    Ok(b) => tx.put(
                        StoreName::Buckets,
                        &key,
                        json(&BucketRecord::from_bucket(b)),
                    )?,
                    Err(_) => tx.delete(StoreName::Buckets, &key)?,
                }
            }
            RecordId::Entry(bucket, k, seq) => {
                let key = Key::Entry(bucket.clone(), k.clone(), seq);
                let old: Option<EntryRecord> =
                    parse(tx.get(StoreName::Entries, &key).await?, "entry").unwrap_or(None);
                let new = find_entry(engine, &bucket, &k, seq);
                let new_rec = new.map(|e| EntryRecord::from_entry(&bucket, &k, e));
                let old_cid = old.as_ref().and_then(|r| r.body_id().map(str::to_string));
                let new_cid = new_rec
                    .as_ref()
                    .and_then(|r| r.body_id().map(str::to_string));
                if old_cid != new_cid {
                    if let (Some(cid), Some(o)) = (&new_cid, new.and_then(|e| e.object())) {
                        incref(tx, cid, &o.body).await?;
                    }
                    if let Some(cid) = &old_cid {
                        decref(tx, cid).await?;
                    }
                }
                match new_rec {
                    Some(r) => tx.put(StoreName::Entries, &key, json(&r))?,
                    None => tx.delete(StoreName::Entries, &key)?,
                }
            }
            RecordId::Upload(bucket, upload_id) => {
                let key = Key::Upload(bucket.clone(), upload_id.clone());
                let old: Option<UploadRecord> =
                    parse(tx.get(StoreName::Uploads, &key).await?, "upload").unwrap_or(None);
                let new = engine
                    .bucket(&bucket)
                    .ok()
                    .and_then(|b| b.uploads.get(&upload_id));
                let new_rec = new.map(|u| UploadRecord::from_upload(&bucket, u));
                // Increments first, so a body kept by the new record never drops to zero.
                if let (Some(r), Some(u)) = (&new_rec, new) {
                    for (p, part) in r.parts.iter().zip(u.parts.values()) {
                        incref(tx, &p.body, &part.body).await?;
                    }
                }
                if let Some(r) = &old {
                    for cid in r.body_ids() {
                        decref(tx, cid).await?;
                    }
                }
                match new_rec {
                    Some(r) => tx.put(StoreName::Uploads, &key, json(&r))?,
                    None => tx.delete(StoreName::Uploads, &key)?,
                }
            }
        }
    }
    let generation = expected + 1;
    tx.put(
        StoreName::Meta,
        &Key::Name(STATE.into()),
        json(&state_record(engine, generation)),
    )?;
    let log: Vec<ChangeRecord> = changes.iter().map(ChangeRecord::from).collect();
    tx.put(StoreName::Log, &Key::Gen(generation), json(&log))?;
    if generation > LOG_KEEP {
        tx.delete(StoreName::Log, &Key::Gen(generation - LOG_KEEP))?;
    }
    Ok(generation)
}

/// Outcome of [`refresh`].
pub enum RefreshOutcome {
    /// Brought up to `generation` by re-reading these records.
    Records {
        generation: u64,
        changes: Vec<Change>,
        problems: Vec<String>,
    },
    /// The log does not reach back far enough (or the store was replaced): reload.
    NeedsReload,
}

/// Bring `engine` from generation `from` to what is stored, re-reading every record named
/// in the log since then plus `touched`.
pub async fn refresh<T: Tx>(
    tx: &T,
    engine: &mut Engine,
    from: u64,
    touched: &[Change],
) -> Result<RefreshOutcome, PersistError> {
    let Some(state) = read_state(tx).await? else {
        return Ok(RefreshOutcome::NeedsReload);
    };
    if state.generation < from {
        return Ok(RefreshOutcome::NeedsReload);
    }
    let mut changes: Vec<Change> = touched.to_vec();
    for g in from + 1..=state.generation {
        let logged: Option<Vec<ChangeRecord>> =
            match parse(tx.get(StoreName::Log, &Key::Gen(g)).await?, "log") {
                Ok(l) => l,
                Err(_) => None,
            };
        match logged {
            Some(l) => changes.extend(l.iter().map(Change::from)),
            None => return Ok(RefreshOutcome::NeedsReload),
        }
    }
    let ids: BTreeSet<RecordId> = changes.iter().map(RecordId::of).collect();
    let mut problems = Vec::new();
    for id in ids {
        if let Err(p) = refresh_record(tx, engine, &id).await? {
            problems.push(p);
        }
    }
    *engine.settings_mut() = Settings::from(&state.settings);
    engine.restore_position(state.now, state.seq);
    Ok(RefreshOutcome::Records {
        generation: state.generation,
        changes,
        problems,
    })
}

async fn body<T: Tx>(tx: &T, cid: &str) -> Result<Option<Body>, PersistError> {
    Ok(
        match tx.get(StoreName::Bodies, &Key::Name(cid.into())).await? {
            Some(Val::Bytes(b)) => Some(b),
            _ => None,
        },
    )
}

/// Re-read one record into `engine`. The outer error is a storage failure; the inner one a
/// damaged record (reported, skipped).
async fn refresh_record<T: Tx>(
    tx: &T,
    engine: &mut Engine,
    id: &RecordId,
) -> Result<Result<(), String>, PersistError> {
    match id {
        RecordId::Bucket(name) => {
            let rec: Option<BucketRecord> = match parse(
                tx.get(StoreName::Buckets, &Key::Name(name.clone())).await?,
                "bucket",
            ) {
                Ok(r) => r,
                Err(e) => return Ok(Err(e)),
            };
            let map = engine.buckets_map_mut();
            match rec {
                None => {
                    map.remove(name);
                }
                Some(r) => match map.get_mut(name) {
                    Some(b) => {
                        if let Err(e) = r.apply_to(b) {
                            return Ok(Err(e));
                        }
                    }
                    None => match r.to_bucket() {
                        Ok(b) => {
                            map.insert(name.clone(), b);
                        }
                        Err(e) => return Ok(Err(e)),
                    },
                },
            }
        }
        RecordId::Entry(bucket, key, seq) => {
            let k = Key::Entry(bucket.clone(), key.clone(), *seq);
            let rec: Option<EntryRecord> =
                match parse(tx.get(StoreName::Entries, &k).await?, "entry") {
                    Ok(r) => r,
                    Err(e) => return Ok(Err(e)),
                };
            let entry = match rec {
                None => None,
                Some(r) => {
                    let b = match r.body_id() {
                        Some(cid) => body(tx, cid).await?,
                        None => None,
                    };
                    match r.to_entry(|_| b.clone()) {
                        Ok(e) => Some(e),
                        Err(e) => return Ok(Err(e)),
                    }
                }
            };
            let Some(b) = engine.buckets_map_mut().get_mut(bucket) else {
                return Ok(match entry {
                    None => Ok(()),
                    Some(_) => Err(format!("{bucket}/{key} (seq {seq}): bucket is missing")),
                });
            };
            match entry {
                Some(e) => b.objects.entry(key.clone()).or_default().upsert(e),
                None => {
                    if let Some(stack) = b.objects.get_mut(key) {
                        stack.remove_seq(*seq);
                        if stack.is_empty() {
                            b.objects.remove(key);
                        }
                    }
                }
            }
        }
        RecordId::Upload(bucket, upload_id) => {
            let k = Key::Upload(bucket.clone(), upload_id.clone());
            let rec: Option<UploadRecord> =
                match parse(tx.get(StoreName::Uploads, &k).await?, "upload") {
                    Ok(r) => r,
                    Err(e) => return Ok(Err(e)),
                };
            let upload = match rec {
                None => None,
                Some(r) => {
                    let mut bodies = std::collections::HashMap::new();
                    for cid in r.body_ids() {
                        if let Some(b) = body(tx, cid).await? {
                            bodies.insert(cid.to_string(), b);
                        }
                    }
                    match r.to_upload(|cid| bodies.get(cid).cloned()) {
                        Ok(u) => Some(u),
                        Err(e) => return Ok(Err(e)),
                    }
                }
            };
            let Some(b) = engine.buckets_map_mut().get_mut(bucket) else {
                return Ok(match upload {
                    None => Ok(()),
                    Some(_) => Err(format!("upload {upload_id}: bucket {bucket} is missing")),
                });
            };
            match upload {
                Some(u) => {
                    b.uploads.insert(upload_id.clone(), u);
                }
                None => {
                    b.uploads.remove(upload_id);
                }
            }
        }
    }
    Ok(Ok(()))
}

/// Replace everything with `snap` (bodies once, reference counts computed) on top of the
/// stored generation; the log is cleared so other tabs reload.
pub async fn replace_all<T: Tx>(tx: &T, mut snap: Snapshot) -> Result<u64, PersistError> {
    let generation = read_state(tx).await?.map_or(0, |s| s.generation) + 1;
    for s in StoreName::ALL {
        tx.clear(s)?;
    }
    if let Some(state) = &mut snap.state {
        state.generation = generation;
        tx.put(StoreName::Meta, &Key::Name(STATE.into()), json(state))?;
    } else {
        let mut state = state_record(&Engine::default(), generation);
        state.generation = generation;
        tx.put(StoreName::Meta, &Key::Name(STATE.into()), json(&state))?;
    }
    if let Some(c) = &snap.clock {
        tx.put(StoreName::Meta, &Key::Name(CLOCK.into()), json(c))?;
    }
    for b in &snap.buckets {
        tx.put(StoreName::Buckets, &Key::Name(b.name.clone()), json(b))?;
    }
    for e in &snap.entries {
        let key = Key::Entry(e.bucket.clone(), e.key.clone(), e.seq);
        tx.put(StoreName::Entries, &key, json(e))?;
    }
    for u in &snap.uploads {
        let key = Key::Upload(u.bucket.clone(), u.upload_id.clone());
        tx.put(StoreName::Uploads, &key, json(u))?;
    }
    for (cid, n) in snap.ref_counts() {
        let key = Key::Name(cid.clone());
        if let Some(b) = snap.bodies.get(&cid) {
            tx.put(StoreName::Bodies, &key, Val::Bytes(b.clone()))?;
        }
        tx.put(StoreName::Refs, &key, Val::Num(n))?;
    }
    Ok(generation)
}
