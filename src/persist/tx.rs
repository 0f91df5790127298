//! The write and refresh algorithms, written once over a small transaction interface
//! ([`Tx`]) that the memory, IndexedDB and native stores implement. Keeping one algorithm makes the
//! conformance suite test the IndexedDB store's logic, not a copy of it.

use std::collections::BTreeSet;

use crate::engine::clock::VirtualClock;
use crate::engine::{Body, Change, Engine, Settings};

use super::records::{
    from_json, to_json, BucketRecord, ClockRecord, EntryRecord, RecordId, StateRecord, ToolkitId,
    ToolkitRecord, UploadRecord, RECORD_VERSION,
};
use super::schema::{Key, StoreName, Val, CLOCK, LOG_KEEP, STATE};
use super::snapshot::{state_record, Snapshot};
use super::PersistError;

/// One open transaction. Writes are queued and take effect in order; reads see earlier
/// writes of the same transaction; nothing is visible to others until it commits, and an
/// error aborts all of it.
#[allow(async_fn_in_trait)]
pub trait Tx {
    /// Issues the read at once (before the future is first polled), so several reads can be
    /// in flight together.
    fn get(
        &self,
        store: StoreName,
        key: Key,
    ) -> impl std::future::Future<Output = Result<Option<Val>, PersistError>>;
    fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError>;
    fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError>;
    fn clear(&self, store: StoreName) -> Result<(), PersistError>;
}

fn json<T: serde::Serialize>(v: &T) -> Val {
    Val::Text(to_json(v))
}

fn parse<T: serde::de::DeserializeOwned>(v: Option<Val>, what: &str) -> Result<Option<T>, String> {
    match v {
        None => Ok(None),
        Some(Val::Text(t)) => from_json(&t).map(Some).map_err(|e| format!("{what}: {e}")),
        Some(_) => Err(format!("{what}: not a text record")),
    }
}

/// A version record as read: handed over as it is ([`Val::Entry`]) or as JSON text.
fn parse_entry(v: Option<Val>) -> Result<Option<EntryRecord>, String> {
    match v {
        Some(Val::Entry(r)) => Ok(Some(*r)),
        v => parse(v, "entry"),
    }
}

pub async fn read_state<T: Tx>(tx: &T) -> Result<Option<StateRecord>, PersistError> {
    parse(
        tx.get(StoreName::Meta, Key::Name(STATE.into())).await?,
        "state",
    )
    .map_err(PersistError::Corrupt)
}

/// The generation of the stored state (0 when there is none or it is unreadable: the
/// storage panel's figure, never a reason to fail).
pub async fn stored_generation<T: Tx>(tx: &T) -> Result<u64, PersistError> {
    Ok(read_state(tx)
        .await
        .ok()
        .flatten()
        .map_or(0, |s| s.generation))
}

/// Reference counts read or changed in this transaction. Counts move here and are stored
/// once, by [`Refs::store`], as they end: a body whose count ends where it started (the same
/// content written over itself, or a version replaced by one with the same body) costs its
/// tables no write, and a body dropped and taken again in one commit is never deleted.
struct Refs<'t, T: Tx> {
    tx: &'t T,
    counts: std::collections::HashMap<String, RefCount>,
}

/// A body's reference count as stored, as it is now, and the bytes to store if it is new.
struct RefCount {
    stored: u64,
    now: u64,
    bytes: Option<Body>,
}

impl<T: Tx> Refs<'_, T> {
    async fn entry(&mut self, cid: &str) -> Result<&mut RefCount, PersistError> {
        if !self.counts.contains_key(cid) {
            let n = match self.tx.get(StoreName::Refs, Key::Name(cid.into())).await? {
                Some(Val::Num(n)) => n,
                _ => 0,
            };
            self.known(cid, n);
        }
        self.counts
            .get_mut(cid)
            .ok_or_else(|| PersistError::Aborted(format!("no count kept for body {cid}")))
    }

    /// The stored count of `cid`, read already.
    fn known(&mut self, cid: &str, n: u64) {
        self.counts.insert(
            cid.to_string(),
            RefCount {
                stored: n,
                now: n,
                bytes: None,
            },
        );
    }

    async fn incref(&mut self, cid: &str, bytes: &Body) -> Result<(), PersistError> {
        let c = self.entry(cid).await?;
        c.now += 1;
        if c.bytes.is_none() {
            c.bytes = Some(bytes.clone());
        }
        Ok(())
    }

    async fn decref(&mut self, cid: &str) -> Result<(), PersistError> {
        let c = self.entry(cid).await?;
        c.now = c.now.saturating_sub(1);
        Ok(())
    }

    /// Write the counts that moved, a new body's bytes, and delete what nothing refers to.
    fn store(self) -> Result<(), PersistError> {
        for (cid, c) in self.counts {
            if c.now == c.stored {
                continue;
            }
            if c.stored == 0 && c.bytes.is_none() {
                // Only an increment moves a count up from zero, and it brings the bytes.
                return Err(PersistError::Aborted(format!(
                    "body {cid} is referred to without its bytes"
                )));
            }
            let key = Key::Name(cid);
            if c.now == 0 {
                self.tx.delete(StoreName::Refs, &key)?;
                self.tx.delete(StoreName::Bodies, &key)?;
                continue;
            }
            if let (0, Some(bytes)) = (c.stored, c.bytes) {
                self.tx.put(StoreName::Bodies, &key, Val::Bytes(bytes))?;
            }
            self.tx.put(StoreName::Refs, &key, Val::Num(c.now))?;
        }
        Ok(())
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

/// The planned state of one record: `None` deletes it.
#[derive(Clone, Debug)]
enum Planned {
    Bucket(Option<BucketRecord>),
    Entry(Option<(EntryRecord, Option<Body>)>),
    Upload(Option<(UploadRecord, Vec<Body>)>),
    /// With the bodies of a snapshot's objects, in `body_ids` order.
    Toolkit(Option<(ToolkitRecord, Vec<Body>)>),
}

/// What one write transaction will store: the current state of every record a mutation
/// touched, taken from the engine synchronously. Building the plan is the only step that
/// needs the engine, so the UI can borrow its engine briefly, then commit without holding it
/// across an `await`.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    records: std::collections::BTreeMap<RecordId, Planned>,
    state: Option<StateRecord>,
    changes: Vec<Change>,
    /// Records named by `changes` but not taken from the engine yet, and whether the state
    /// record is one of them: see [`Plan::deferring_totals`].
    deferred: BTreeSet<RecordId>,
    state_deferred: bool,
}

impl Plan {
    /// Plan the write of the records named by `changes`, as `engine` has them now.
    pub fn new(engine: &Engine, changes: &[Change]) -> Plan {
        let mut plan = Plan::deferring_totals(engine, changes);
        plan.complete(engine);
        plan
    }

    /// Plan the write of `ids` as `engine` has them now (records read in an older layout,
    /// [`super::LoadReport::stale`]), with no change to log: nothing changed but the layout.
    pub fn rewriting(engine: &Engine, ids: &[RecordId]) -> Plan {
        let mut plan = Plan::default();
        for id in ids {
            plan.records.insert(id.clone(), Plan::record(engine, id));
        }
        plan.state = Some(state_record(engine, 0));
        plan
    }

    /// [`Plan::new`] without the records that sum up a whole bucket or lab — a bucket's bill
    /// (with its history) and the state record — which every write changes and of which only
    /// the newest copy is stored: a caller merging many plans into one commit takes them
    /// once, with [`Plan::complete`], from the engine as it is after the last merged plan.
    pub fn deferring_totals(engine: &Engine, changes: &[Change]) -> Plan {
        let mut plan = Plan {
            changes: changes.to_vec(),
            state_deferred: true,
            ..Plan::default()
        };
        for id in changes.iter().flat_map(RecordId::named_by) {
            if matches!(id, RecordId::Toolkit(ToolkitId::Bill(_))) {
                plan.deferred.insert(id);
            } else if let std::collections::btree_map::Entry::Vacant(slot) = plan.records.entry(id)
            {
                let planned = Plan::record(engine, slot.key());
                slot.insert(planned);
            }
        }
        plan
    }

    /// Whether [`Plan::complete`] has records to take.
    pub fn is_complete(&self) -> bool {
        self.deferred.is_empty() && !self.state_deferred
    }

    /// Take the deferred records from `engine`, which must be the engine right after the
    /// newest change of this plan (nothing changed since).
    pub fn complete(&mut self, engine: &Engine) {
        for id in std::mem::take(&mut self.deferred) {
            let planned = Plan::record(engine, &id);
            self.records.insert(id, planned);
        }
        if std::mem::take(&mut self.state_deferred) {
            self.state = Some(state_record(engine, 0));
        }
    }

    fn record(engine: &Engine, id: &RecordId) -> Planned {
        match id {
            RecordId::Bucket(name) => {
                Planned::Bucket(engine.bucket(name).ok().map(BucketRecord::from_bucket))
            }
            RecordId::Entry(bucket, key, seq) => {
                Planned::Entry(find_entry(engine, bucket, key, *seq).map(|e| {
                    (
                        EntryRecord::from_entry(bucket, key, e),
                        e.object().map(|o| o.body.clone()),
                    )
                }))
            }
            RecordId::Upload(bucket, upload_id) => Planned::Upload(
                engine
                    .bucket(bucket)
                    .ok()
                    .and_then(|b| b.uploads.get(upload_id))
                    .map(|u| {
                        (
                            UploadRecord::from_upload(bucket, u),
                            u.parts.values().map(|p| p.body.clone()).collect(),
                        )
                    }),
            ),
            RecordId::Toolkit(t) => Planned::Toolkit(ToolkitRecord::of(engine, t)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.records.is_empty()
    }

    /// The changes this plan writes (what other tabs are told).
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// One plan writing both: `newer`'s records and state win.
    pub fn merge(mut self, newer: Plan) -> Plan {
        // A record built by `self` and deferred by `newer` is stale: `complete` rebuilds it.
        for id in &newer.deferred {
            self.records.remove(id);
        }
        self.records.extend(newer.records);
        self.deferred.extend(newer.deferred);
        self.changes.extend(newer.changes);
        self.state_deferred |= newer.state_deferred;
        self.state = newer.state.or(self.state);
        self
    }
}

/// Write `plan` on top of generation `expected` (else [`PersistError::Conflict`]): each
/// record's new state, body reference counts (a body is stored with its first reference and
/// deleted with its last), the state record and the log. Returns the new generation.
pub async fn write<T: Tx>(tx: &T, plan: &Plan, expected: u64) -> Result<u64, PersistError> {
    if !plan.is_complete() {
        // Without its state record the stored sequence would fall behind the versions.
        return Err(PersistError::Aborted(
            "a plan was written before its deferred records were taken".into(),
        ));
    }
    let found_state = parse::<StateRecord>(
        tx.get(StoreName::Meta, Key::Name(STATE.into())).await?,
        "state",
    )
    .map_err(PersistError::Corrupt)?;
    let found = found_state.as_ref().map_or(0, |s| s.generation);
    if found != expected {
        return Err(PersistError::Conflict { expected, found });
    }
    // Then every other read goes out at once: the reference counts of the bodies the plan
    // stores, and the previous version of each record, skipped for entries newer than
    // anything stored (sequences only grow), i.e. for every new version.
    let stored_seq = found_state.as_ref().map_or(0, |s| s.seq);
    let mut new_cids: Vec<&str> = Vec::new();
    for planned in plan.records.values() {
        match planned {
            Planned::Entry(Some((r, _))) => new_cids.extend(r.body_id()),
            Planned::Upload(Some((r, _))) => new_cids.extend(r.body_ids()),
            Planned::Toolkit(Some((r, _))) => new_cids.extend(r.body_ids()),
            _ => {}
        }
    }
    new_cids.sort_unstable();
    new_cids.dedup();
    let counts: Vec<_> = new_cids
        .iter()
        .map(|c| tx.get(StoreName::Refs, Key::Name((*c).into())))
        .collect();
    let olds: Vec<_> = plan
        .records
        .keys()
        .map(|id| match id {
            RecordId::Entry(_, _, seq) if *seq > stored_seq => None,
            RecordId::Entry(b, k, seq) => {
                Some(tx.get(StoreName::Entries, Key::Entry(b.clone(), k.clone(), *seq)))
            }
            RecordId::Upload(b, u) => {
                Some(tx.get(StoreName::Uploads, Key::Upload(b.clone(), u.clone())))
            }
            RecordId::Toolkit(t) if t.holds_bodies() => {
                Some(tx.get(StoreName::Toolkit, Key::Name(t.key())))
            }
            RecordId::Toolkit(_) | RecordId::Bucket(_) => None,
        })
        .collect();
    let mut refs = Refs {
        tx,
        counts: std::collections::HashMap::new(),
    };
    for (cid, f) in new_cids.iter().zip(counts) {
        let n = match f.await? {
            Some(Val::Num(n)) => n,
            _ => 0,
        };
        refs.known(cid, n);
    }
    let mut old_values = Vec::with_capacity(olds.len());
    for f in olds {
        old_values.push(match f {
            Some(f) => f.await?,
            None => None,
        });
    }
    for ((id, planned), old) in plan.records.iter().zip(old_values) {
        match (id, planned) {
            (RecordId::Bucket(name), Planned::Bucket(rec)) => {
                let key = Key::Name(name.clone());
                match rec {
                    Some(r) => tx.put(StoreName::Buckets, &key, json(r))?,
                    None => tx.delete(StoreName::Buckets, &key)?,
                }
            }
            (RecordId::Entry(bucket, k, seq), Planned::Entry(new)) => {
                let key = Key::Entry(bucket.clone(), k.clone(), *seq);
                let old: Option<EntryRecord> = parse_entry(old).unwrap_or(None);
                let old_cid = old.as_ref().and_then(EntryRecord::body_id);
                let new_cid = new.as_ref().and_then(|(r, _)| r.body_id());
                if old_cid != new_cid {
                    if let (Some(cid), Some((_, Some(body)))) = (new_cid, new) {
                        refs.incref(cid, body).await?;
                    }
                    if let Some(cid) = old_cid {
                        refs.decref(cid).await?;
                    }
                }
                match new {
                    Some((r, _)) => {
                        tx.put(StoreName::Entries, &key, Val::Entry(Box::new(r.clone())))?
                    }
                    None => tx.delete(StoreName::Entries, &key)?,
                }
            }
            (RecordId::Upload(bucket, upload_id), Planned::Upload(new)) => {
                let key = Key::Upload(bucket.clone(), upload_id.clone());
                let old: Option<UploadRecord> = parse(old, "upload").unwrap_or(None);
                if let Some((r, bodies)) = new {
                    for (p, body) in r.parts.iter().zip(bodies) {
                        refs.incref(&p.body, body).await?;
                    }
                }
                if let Some(r) = &old {
                    for cid in r.body_ids() {
                        refs.decref(cid).await?;
                    }
                }
                match new {
                    Some((r, _)) => tx.put(StoreName::Uploads, &key, json(r))?,
                    None => tx.delete(StoreName::Uploads, &key)?,
                }
            }
            (RecordId::Toolkit(t), Planned::Toolkit(new)) => {
                let key = Key::Name(t.key());
                let old: Option<ToolkitRecord> = parse(old, "toolkit").unwrap_or(None);
                // As for uploads: increments first.
                if let Some((r, bodies)) = new {
                    for (cid, body) in r.body_ids().into_iter().zip(bodies) {
                        refs.incref(cid, body).await?;
                    }
                }
                if let Some(r) = &old {
                    for cid in r.body_ids() {
                        refs.decref(cid).await?;
                    }
                }
                match new {
                    Some((r, _)) => tx.put(StoreName::Toolkit, &key, json(r))?,
                    None => tx.delete(StoreName::Toolkit, &key)?,
                }
            }
            _ => unreachable!("a record id is planned with its own kind"),
        }
    }
    refs.store()?;
    let generation = expected + 1;
    if let Some(state) = &plan.state {
        let mut state = state.clone();
        state.generation = generation;
        tx.put(StoreName::Meta, &Key::Name(STATE.into()), json(&state))?;
    }
    tx.put(StoreName::Log, &Key::Gen(generation), json(&plan.changes))?;
    if generation > LOG_KEEP {
        tx.delete(StoreName::Log, &Key::Gen(generation - LOG_KEEP))?;
    }
    Ok(generation)
}

/// A record as read back for [`Updates::patch`]: `None` means it no longer exists; `Err` a
/// damaged record (reported, skipped).
#[derive(Clone, Debug)]
enum Fetched {
    Bucket(Result<Option<BucketRecord>, String>),
    Entry(Result<Option<crate::engine::Entry>, String>),
    Upload(Result<Option<crate::engine::multipart::Upload>, String>),
    /// The record and the bodies it refers to.
    Toolkit(Result<Option<(ToolkitRecord, BodyMap)>, String>),
}

type BodyMap = std::collections::HashMap<String, Body>;

/// What other tabs (or a failed write of this one) changed, read from the store, ready to be
/// patched into the engine. Reading needs no engine; [`Updates::patch`] is synchronous.
#[derive(Clone, Debug)]
pub enum Updates {
    Records {
        generation: u64,
        // Boxed: the state record is large next to `Reload`.
        state: Box<StateRecord>,
        records: Vec<(RecordId, FetchedRecord)>,
        changes: Vec<Change>,
    },
    /// The log does not reach back far enough, or the store was replaced: reload.
    Reload,
}

/// Opaque record read by [`fetch`].
#[derive(Clone, Debug)]
pub struct FetchedRecord(Fetched);

impl Updates {
    /// Bring `engine` to the fetched state. Returns the changes (for re-rendering) and
    /// problems met (damaged records, skipped).
    pub fn patch(self, engine: &mut Engine) -> (Vec<Change>, Vec<String>) {
        let Updates::Records {
            state,
            records,
            changes,
            ..
        } = self
        else {
            return (Vec::new(), Vec::new());
        };
        let mut problems = Vec::new();
        for (id, FetchedRecord(f)) in records {
            if let Err(p) = patch_record(engine, &id, f) {
                problems.push(p);
            }
        }
        *engine.settings_mut() = Settings::from(&state.settings);
        engine.restore_position(state.now, state.seq);
        (changes, problems)
    }
}

/// Read what changed between generation `from` and now: the records named in the log
/// since then, plus `touched`.
pub async fn fetch<T: Tx>(tx: &T, from: u64, touched: &[Change]) -> Result<Updates, PersistError> {
    let Some(state) = read_state(tx).await? else {
        return Ok(Updates::Reload);
    };
    if state.generation < from {
        return Ok(Updates::Reload);
    }
    let mut changes: Vec<Change> = touched.to_vec();
    for g in from + 1..=state.generation {
        let logged: Option<Vec<Change>> =
            parse(tx.get(StoreName::Log, Key::Gen(g)).await?, "log").unwrap_or(None);
        match logged {
            Some(l) => changes.extend(l),
            None => return Ok(Updates::Reload),
        }
    }
    let ids: BTreeSet<RecordId> = changes.iter().flat_map(RecordId::named_by).collect();
    let mut records = Vec::new();
    for id in ids {
        let f = fetch_record(tx, &id).await?;
        records.push((id, FetchedRecord(f)));
    }
    Ok(Updates::Records {
        generation: state.generation,
        state: Box::new(state),
        records,
        changes,
    })
}

async fn body<T: Tx>(tx: &T, cid: &str) -> Result<Option<Body>, PersistError> {
    Ok(
        match tx.get(StoreName::Bodies, Key::Name(cid.into())).await? {
            Some(Val::Bytes(b)) => Some(b),
            _ => None,
        },
    )
}

async fn fetch_record<T: Tx>(tx: &T, id: &RecordId) -> Result<Fetched, PersistError> {
    Ok(match id {
        RecordId::Bucket(name) => Fetched::Bucket(parse(
            tx.get(StoreName::Buckets, Key::Name(name.clone())).await?,
            "bucket",
        )),
        RecordId::Entry(bucket, key, seq) => {
            let k = Key::Entry(bucket.clone(), key.clone(), *seq);
            let rec: Result<Option<EntryRecord>, String> =
                parse_entry(tx.get(StoreName::Entries, k.clone()).await?);
            Fetched::Entry(match rec {
                Ok(Some(r)) => {
                    let b = match r.body_id() {
                        Some(cid) => body(tx, cid).await?,
                        None => None,
                    };
                    r.to_entry(|_| b.clone()).map(Some)
                }
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            })
        }
        RecordId::Upload(bucket, upload_id) => {
            let k = Key::Upload(bucket.clone(), upload_id.clone());
            let rec: Result<Option<UploadRecord>, String> =
                parse(tx.get(StoreName::Uploads, k.clone()).await?, "upload");
            Fetched::Upload(match rec {
                Ok(Some(r)) => {
                    let bodies = bodies(tx, r.body_ids()).await?;
                    r.to_upload(|cid| bodies.get(cid).cloned()).map(Some)
                }
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            })
        }
        RecordId::Toolkit(t) => {
            let rec: Result<Option<ToolkitRecord>, String> = parse(
                tx.get(StoreName::Toolkit, Key::Name(t.key())).await?,
                "toolkit",
            );
            Fetched::Toolkit(match rec {
                Ok(Some(r)) => {
                    let bodies = bodies(tx, r.body_ids()).await?;
                    Ok(Some((r, bodies)))
                }
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            })
        }
    })
}

/// The stored bodies with these content ids (missing ones left out).
async fn bodies<'a, T: Tx>(
    tx: &T,
    cids: impl IntoIterator<Item = &'a str>,
) -> Result<BodyMap, PersistError> {
    let mut out = BodyMap::new();
    for cid in cids {
        if let Some(b) = body(tx, cid).await? {
            out.insert(cid.to_string(), b);
        }
    }
    Ok(out)
}

fn patch_record(engine: &mut Engine, id: &RecordId, f: Fetched) -> Result<(), String> {
    match (id, f) {
        (RecordId::Bucket(name), Fetched::Bucket(rec)) => match rec? {
            None => {
                engine.buckets_map_mut().remove(name);
            }
            Some(r) => match engine.buckets_map_mut().get_mut(name) {
                Some(b) => r.apply_to(b)?,
                None => {
                    engine
                        .buckets_map_mut()
                        .insert(name.clone(), r.to_bucket()?);
                }
            },
        },
        (RecordId::Entry(bucket, key, seq), Fetched::Entry(entry)) => {
            let entry = entry?;
            let Some(b) = engine.buckets_map_mut().get_mut(bucket) else {
                return match entry {
                    None => Ok(()),
                    Some(_) => Err(format!("{bucket}/{key} (seq {seq}): bucket is missing")),
                };
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
        (RecordId::Upload(bucket, upload_id), Fetched::Upload(upload)) => {
            let upload = upload?;
            let Some(b) = engine.buckets_map_mut().get_mut(bucket) else {
                return match upload {
                    None => Ok(()),
                    Some(_) => Err(format!("upload {upload_id}: bucket {bucket} is missing")),
                };
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
        (RecordId::Toolkit(t), Fetched::Toolkit(rec)) => match rec? {
            None => t.remove_from(engine),
            Some((r, bodies)) => r.apply_to(engine, |cid| bodies.get(cid).cloned())?,
        },
        _ => unreachable!("a record id is fetched with its own kind"),
    }
    Ok(())
}

/// Replace everything with `snap` (bodies once, reference counts computed) on top of the
/// stored generation; the log is cleared so other tabs reload.
pub async fn replace_all<T: Tx>(tx: &T, snap: Snapshot) -> Result<u64, PersistError> {
    let generation = read_state(tx).await?.map_or(0, |s| s.generation) + 1;
    for s in StoreName::ALL {
        tx.clear(s)?;
    }
    put_all(tx, snap, generation)?;
    Ok(generation)
}

/// Write the virtual clock's record.
pub fn put_clock<T: Tx>(tx: &T, clock: &VirtualClock) -> Result<(), PersistError> {
    let rec = ClockRecord {
        v: RECORD_VERSION,
        clock: *clock,
    };
    tx.put(StoreName::Meta, &Key::Name(CLOCK.into()), json(&rec))
}

/// Write every record of `snap` (bodies once, reference counts computed) with its state at
/// `generation`, clearing nothing; only the stores `snap` has records for are touched.
pub fn put_all<T: Tx>(tx: &T, mut snap: Snapshot, generation: u64) -> Result<(), PersistError> {
    let state = snap
        .state
        .get_or_insert_with(|| state_record(&Engine::default(), generation));
    state.generation = generation;
    tx.put(StoreName::Meta, &Key::Name(STATE.into()), json(state))?;
    if let Some(c) = &snap.clock {
        tx.put(StoreName::Meta, &Key::Name(CLOCK.into()), json(c))?;
    }
    for b in &snap.buckets {
        tx.put(StoreName::Buckets, &Key::Name(b.name.clone()), json(b))?;
    }
    for e in &snap.entries {
        let key = Key::Entry(e.bucket.clone(), e.key.clone(), e.seq);
        tx.put(StoreName::Entries, &key, Val::Entry(Box::new(e.clone())))?;
    }
    for u in &snap.uploads {
        let key = Key::Upload(u.bucket.clone(), u.upload_id.clone());
        tx.put(StoreName::Uploads, &key, json(u))?;
    }
    for t in &snap.toolkit {
        tx.put(StoreName::Toolkit, &Key::Name(t.id().key()), json(t))?;
    }
    for (cid, n) in snap.ref_counts() {
        let key = Key::Name(cid.clone());
        if let Some(b) = snap.bodies.get(&cid) {
            tx.put(StoreName::Bodies, &key, Val::Bytes(b.clone()))?;
        }
        tx.put(StoreName::Refs, &key, Val::Num(n))?;
    }
    Ok(())
}

/// The simulated-crash budget of one transaction (the conformance suite's
/// `inject_abort_after`): every write after the first `fail_after` fails, and the transaction
/// then refuses to commit. Shared by the memory, native and IndexedDB stores.
#[derive(Debug)]
pub(crate) struct WriteBudget {
    writes: std::cell::Cell<usize>,
    fail_after: Option<usize>,
    failed: std::cell::Cell<bool>,
}

impl WriteBudget {
    pub(crate) fn new(fail_after: Option<usize>) -> Self {
        WriteBudget {
            writes: std::cell::Cell::new(0),
            fail_after,
            failed: std::cell::Cell::new(false),
        }
    }

    /// Count one write; past the budget it fails (and so does every later one).
    pub(crate) fn count_write(&self) -> Result<(), PersistError> {
        let n = self.writes.get() + 1;
        self.writes.set(n);
        if self.fail_after.is_some_and(|f| n > f) {
            self.failed.set(true);
            return Err(PersistError::Aborted(format!(
                "simulated crash after {} writes",
                n - 1
            )));
        }
        Ok(())
    }

    /// Whether a write of this transaction failed.
    pub(crate) fn failed(&self) -> bool {
        self.failed.get()
    }
}

// Native only: the store is driven with `pollster`, a native dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::objects::PutObject;
    use crate::engine::StorageClass;

    /// An engine recording its changes, with the bucket `bbb`, and the changes so far.
    fn engine_with_bucket() -> (Engine, Vec<Change>) {
        let mut e = Engine::default();
        e.track_changes(true);
        e.create_bucket("bbb", StorageClass::Standard).unwrap();
        let changes = e.take_changes();
        (e, changes)
    }

    fn put(e: &mut Engine, key: &str, body: &str) -> Vec<Change> {
        let t = e.now() + 1000;
        e.set_now(t);
        e.put_object(PutObject {
            bucket: "bbb".into(),
            key: key.into(),
            body: std::sync::Arc::from(body.as_bytes()),
            ..Default::default()
        })
        .unwrap();
        e.take_changes()
    }

    use futures_util::FutureExt;

    /// A [`Tx`] over a map that remembers which stores it was asked to write.
    #[derive(Default)]
    struct Recording {
        rows: std::cell::RefCell<std::collections::BTreeMap<(StoreName, Key), Val>>,
        written: std::cell::RefCell<Vec<StoreName>>,
    }

    impl Tx for Recording {
        fn get(
            &self,
            store: StoreName,
            key: Key,
        ) -> impl std::future::Future<Output = Result<Option<Val>, PersistError>> {
            std::future::ready(Ok(self.rows.borrow().get(&(store, key)).cloned()))
        }
        fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError> {
            self.written.borrow_mut().push(store);
            self.rows.borrow_mut().insert((store, key.clone()), val);
            Ok(())
        }
        fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
            self.written.borrow_mut().push(store);
            self.rows.borrow_mut().remove(&(store, key.clone()));
            Ok(())
        }
        fn clear(&self, store: StoreName) -> Result<(), PersistError> {
            self.rows.borrow_mut().retain(|(s, _), _| *s != store);
            Ok(())
        }
    }

    /// Reference counts are stored as they end: content written over itself moves no count
    /// and stores no body; new content stores its body, and the content it replaced goes.
    #[test]
    fn a_body_whose_count_ends_where_it_started_is_not_written() {
        let (mut e, mut changes) = engine_with_bucket();
        changes.extend(put(&mut e, "k", "same"));
        let rec = Recording::default();
        // Every read of the recording store is ready at once: a write finishes in one poll.
        let write_now = |e: &Engine, changes: &[Change], g: u64| {
            write(&rec, &Plan::new(e, changes), g)
                .now_or_never()
                .unwrap()
                .unwrap()
        };
        let mut g = write_now(&e, &changes, 0);
        let bodies = |rec: &Recording| {
            rec.rows
                .borrow()
                .keys()
                .filter(|(s, _)| *s == StoreName::Bodies)
                .count()
        };
        assert_eq!(bodies(&rec), 1);
        let touches_bodies = |rec: &Recording| {
            rec.written
                .borrow()
                .iter()
                .any(|s| matches!(s, StoreName::Bodies | StoreName::Refs))
        };
        for (body, touched) in [("same", false), ("other", true)] {
            rec.written.borrow_mut().clear();
            let changes = put(&mut e, "k", body);
            g = write_now(&e, &changes, g);
            assert_eq!(touches_bodies(&rec), touched, "overwrite with {body:?}");
            assert_eq!(bodies(&rec), 1, "one body kept after {body:?}");
        }
        let kept = rec
            .rows
            .borrow()
            .get(&(
                StoreName::Bodies,
                Key::Name(crate::persist::records::content_id(b"other")),
            ))
            .cloned();
        assert!(matches!(kept, Some(Val::Bytes(b)) if &*b == b"other"));
    }

    /// Plans that defer the bill and state, merged and completed once after the last of them,
    /// write what one plan of all their changes writes.
    #[test]
    fn deferred_totals_taken_once_equal_a_plan_of_every_change() {
        let (mut e, mut all) = engine_with_bucket();
        let mut merged = Plan::deferring_totals(&e, &all);
        for (k, body) in [("k", "one"), ("k", "two"), ("j", "three")] {
            let changes = put(&mut e, k, body);
            let plan = Plan::deferring_totals(&e, &changes);
            assert!(!plan.is_complete());
            merged = merged.merge(plan);
            all.extend(changes);
        }
        assert!(!merged.is_complete());
        merged.complete(&e);
        assert!(merged.is_complete());
        let whole = Plan::new(&e, &all);
        assert!(whole
            .records
            .contains_key(&RecordId::Toolkit(ToolkitId::Bill("bbb".into()))));
        assert_eq!(
            format!("{:?}", merged.records),
            format!("{:?}", whole.records)
        );
        assert_eq!(format!("{:?}", merged.state), format!("{:?}", whole.state));
        assert_eq!(merged.changes, whole.changes);
    }

    /// A plan whose deferred records were not taken is refused, not written without them.
    #[test]
    fn an_incomplete_plan_is_not_written() {
        let (mut e, _) = engine_with_bucket();
        let changes = put(&mut e, "k", "one");
        let store = crate::persist::memory::MemoryStore::new();
        let plan = Plan::deferring_totals(&e, &changes);
        let r = pollster::block_on(crate::persist::Persist::commit(&store, plan));
        assert!(matches!(r, Err(PersistError::Aborted(_))), "{r:?}");
    }
}
