//! A whole stored state as records: what a load reads, an export writes and an import
//! parses, and how records become an [`Engine`] again (tolerantly, with a report).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::engine::clock::VirtualClock;
use crate::engine::{Body, Bucket, Engine, ObjectMeta, Settings, VersionStack};

use super::records::{
    from_json, BucketRecord, ClockRecord, EntryRecord, RecordId, SettingsRecord, StateRecord,
    ToolkitId, ToolkitRecord, UploadRecord, RECORD_VERSION,
};

/// Load progress, for a progress bar on large labs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// `"read"` (records read from storage) or `"restore"` (records turned into state).
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
}

/// Records that could not be restored. Loading never fails on a damaged record: it skips
/// it and says so here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub problems: Vec<String>,
    /// Records read in an older layout, which the store writes again right after the load
    /// ([`super::rewrite_stale`]): a bill that still held its keys' removed versions.
    pub stale: Vec<RecordId>,
}

impl LoadReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Version records decoded one at a time (`Err`: a damaged record, reported and skipped),
/// given with their number (for progress).
pub type Entries<'a> = Box<dyn Iterator<Item = Result<EntryRecord, String>> + 'a>;

#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub state: Option<StateRecord>,
    pub clock: Option<ClockRecord>,
    pub buckets: Vec<BucketRecord>,
    pub entries: Vec<EntryRecord>,
    pub uploads: Vec<UploadRecord>,
    /// Replication, identities, backups (schema v3).
    pub toolkit: Vec<ToolkitRecord>,
    pub bodies: HashMap<String, Body>,
    /// Problems met while reading (undecodable records).
    pub problems: Vec<String>,
}

pub fn state_record(engine: &Engine, generation: u64) -> StateRecord {
    StateRecord {
        v: RECORD_VERSION,
        schema: super::SCHEMA_VERSION,
        seq: engine.sequence(),
        now: engine.now(),
        settings: SettingsRecord::from(engine.settings()),
        generation,
    }
}

impl Snapshot {
    /// Every record of `engine`, bodies deduplicated by content id.
    pub fn from_engine(engine: &Engine, clock: Option<&VirtualClock>, generation: u64) -> Self {
        let mut s = Snapshot {
            state: Some(state_record(engine, generation)),
            clock: clock.map(|c| ClockRecord {
                v: RECORD_VERSION,
                clock: *c,
            }),
            ..Default::default()
        };
        for b in engine.buckets() {
            s.buckets.push(BucketRecord::from_bucket(b));
            for (key, stack) in &b.objects {
                for e in stack.oldest_first() {
                    let rec = EntryRecord::from_entry(&b.name, key, e);
                    if let (Some(cid), Some(o)) = (rec.body_id(), e.object()) {
                        s.bodies
                            .entry(cid.to_string())
                            .or_insert_with(|| o.body.clone());
                    }
                    s.entries.push(rec);
                }
            }
            for u in b.uploads.values() {
                let rec = UploadRecord::from_upload(&b.name, u);
                for (p, part) in rec.parts.iter().zip(u.parts.values()) {
                    s.bodies
                        .entry(p.body.clone())
                        .or_insert_with(|| part.body.clone());
                }
                s.uploads.push(rec);
            }
        }
        for (rec, bodies) in ToolkitRecord::all(engine) {
            for (cid, body) in rec.body_ids().into_iter().zip(bodies) {
                s.bodies.entry(cid.to_string()).or_insert(body);
            }
            s.toolkit.push(rec);
        }
        s
    }

    /// How many records refer to each body (what the `refs` store holds).
    pub fn ref_counts(&self) -> BTreeMap<String, u64> {
        let mut refs = BTreeMap::new();
        for cid in self
            .entries
            .iter()
            .filter_map(EntryRecord::body_id)
            .chain(self.uploads.iter().flat_map(UploadRecord::body_ids))
            .chain(self.toolkit.iter().flat_map(ToolkitRecord::body_ids))
        {
            *refs.entry(cid.to_string()).or_insert(0) += 1;
        }
        refs
    }

    pub fn generation(&self) -> u64 {
        self.state.as_ref().map_or(0, |s| s.generation)
    }

    /// What a store's `load` returns, and the generation the store has now synced to.
    pub fn into_loaded(self, progress: &mut dyn FnMut(Progress)) -> (super::Loaded, u64) {
        self.into_loaded_with(None, progress)
    }

    /// [`Snapshot::into_loaded`] with the version records read as they are restored (see
    /// [`Snapshot::assemble_with`]).
    pub fn into_loaded_with(
        self,
        entries: Option<(Entries<'_>, usize)>,
        progress: &mut dyn FnMut(Progress),
    ) -> (super::Loaded, u64) {
        let fresh = self.state.is_none();
        let generation = self.generation();
        let (engine, clock, report) = self.assemble_with(entries, progress);
        let loaded = super::Loaded {
            engine,
            clock,
            fresh,
            report,
        };
        (loaded, generation)
    }

    /// Rebuild the engine. Damaged records are skipped and reported, never a panic.
    pub fn assemble(
        self,
        progress: &mut dyn FnMut(Progress),
    ) -> (Engine, Option<VirtualClock>, LoadReport) {
        self.assemble_with(None, progress)
    }

    /// [`Snapshot::assemble`], taking the version records from `entries` (with their number)
    /// as they are decoded, when given, instead of from [`Snapshot::entries`]: a large lab's records
    /// then never sit in memory all at once beside the engine built from them.
    pub fn assemble_with(
        mut self,
        entries: Option<(Entries<'_>, usize)>,
        progress: &mut dyn FnMut(Progress),
    ) -> (Engine, Option<VirtualClock>, LoadReport) {
        let (entries, entry_count): (Entries<'_>, usize) = match entries {
            Some(e) => e,
            None => {
                let n = self.entries.len();
                (
                    Box::new(std::mem::take(&mut self.entries).into_iter().map(Ok)),
                    n,
                )
            }
        };
        let mut report = LoadReport {
            problems: self.problems,
            stale: Vec::new(),
        };
        let (settings, now, seq) = match &self.state {
            Some(s) => (Settings::from(&s.settings), s.now, s.seq),
            None => (Settings::default(), 0, 0),
        };
        let mut buckets: BTreeMap<String, Bucket> = BTreeMap::new();
        for r in &self.buckets {
            match r.to_bucket() {
                Ok(b) => {
                    buckets.insert(b.name.clone(), b);
                }
                Err(e) => report.problems.push(e),
            }
        }
        let bodies = self.bodies;
        let body = |cid: &str| bodies.get(cid).cloned();
        let total = entry_count + self.uploads.len();
        let mut stacks: BTreeMap<(String, String), Vec<crate::engine::Entry>> = BTreeMap::new();
        let mut max_seq = seq;
        let mut body_lookup = BodyLookup {
            bodies: &bodies,
            last: None,
        };
        let mut metas = MetaSharing::default();
        let mut restored = 0;
        for (i, r) in entries.enumerate() {
            restored = i + 1;
            if i % 1000 == 0 {
                progress(Progress {
                    phase: "restore",
                    done: i,
                    total,
                });
            }
            let mut r = match r {
                Ok(r) => r,
                Err(e) => {
                    report.problems.push(e);
                    continue;
                }
            };
            // Stores hand entries over sorted by key: most go to the last stack, whose
            // bucket was found already.
            let same_stack = stacks
                .last_key_value()
                .is_some_and(|((b, k), _)| *b == r.bucket && *k == r.key);
            if !same_stack && !buckets.contains_key(&r.bucket) {
                report.problems.push(format!(
                    "{}/{} (seq {}): bucket is missing",
                    r.bucket, r.key, r.seq
                ));
                continue;
            }
            match r.take_entry(|cid| body_lookup.get(cid), |m| metas.share(m)) {
                Ok(e) => {
                    max_seq = max_seq.max(e.seq);
                    match stacks.last_entry() {
                        Some(mut last) if same_stack => last.get_mut().push(e),
                        _ => stacks.entry((r.bucket, r.key)).or_default().push(e),
                    }
                }
                Err(e) => report.problems.push(e),
            }
        }
        for ((bucket, key), mut entries) in stacks {
            // At most one null entry per stack: keep the newest if damage left two.
            entries.sort_by_key(|e| e.seq);
            let nulls = entries.iter().filter(|e| e.null).count();
            if nulls > 1 {
                report.problems.push(format!(
                    "{bucket}/{key}: {nulls} null versions, keeping the newest"
                ));
                let last = entries.iter().rposition(|e| e.null);
                let mut i = 0;
                entries.retain(|e| {
                    i += 1;
                    !e.null || Some(i - 1) == last
                });
            }
            if let Some(b) = buckets.get_mut(&bucket) {
                b.objects.insert(key, VersionStack::from_entries(entries));
            }
        }
        let total = restored.max(entry_count) + self.uploads.len();
        let done = total - self.uploads.len();
        for (i, r) in self.uploads.into_iter().enumerate() {
            if i % 1000 == 0 {
                progress(Progress {
                    phase: "restore",
                    done: done + i,
                    total,
                });
            }
            let Some(b) = buckets.get_mut(&r.bucket) else {
                report.problems.push(format!(
                    "upload {} of {}: bucket is missing",
                    r.upload_id, r.bucket
                ));
                continue;
            };
            match r.to_upload(body) {
                Ok(u) => {
                    max_seq = max_seq.max(u.seq);
                    b.uploads.insert(u.upload_id.clone(), u);
                }
                Err(e) => report.problems.push(e),
            }
        }
        if max_seq > seq {
            report.problems.push(format!(
                "stored sequence {seq} is behind record sequence {max_seq}; using {max_seq}"
            ));
        }
        progress(Progress {
            phase: "restore",
            done: total,
            total,
        });
        // Plans before their snapshots.
        let mut toolkit = self.toolkit;
        toolkit.sort_by_cached_key(ToolkitRecord::id);
        // The stored bills of existing buckets go into the engine's one meter rebuild (applied
        // as records afterwards, each would rebuild its bucket's meter a second time: the
        // meter walks every version). A deleted bucket's bill stays a record to apply.
        // Each key's removed versions (records sorted after the bills) join their bill there.
        let mut meters: BTreeMap<String, crate::engine::meter::MeterState> = BTreeMap::new();
        toolkit.retain_mut(|r| match r {
            ToolkitRecord::Bill(b) => {
                if b.holds_gone() {
                    // The older layout: write it again as a bill and a record per key.
                    report
                        .stale
                        .push(RecordId::Toolkit(ToolkitId::Bill(b.bucket.clone())));
                    report.stale.extend(b.state.gone.iter().map(|(k, _)| {
                        RecordId::Toolkit(ToolkitId::Gone(b.bucket.clone(), k.clone()))
                    }));
                }
                if !buckets.contains_key(&b.bucket) {
                    return true;
                }
                let state = std::mem::take(&mut *b.state);
                meters.insert(std::mem::take(&mut b.bucket), state);
                false
            }
            ToolkitRecord::Gone(g) => match meters.get_mut(&g.bucket) {
                Some(state) => {
                    let gone = std::mem::take(&mut g.gone);
                    state.gone.push((std::mem::take(&mut g.key), gone));
                    false
                }
                None => true,
            },
            _ => true,
        });
        let mut engine = Engine::from_parts(
            settings,
            now,
            max_seq,
            buckets.into_values().collect(),
            meters,
        );
        for r in &toolkit {
            if let Err(e) = r.apply_to(&mut engine, body) {
                report.problems.push(e);
            }
        }
        (engine, self.clock.map(|c| c.clock), report)
    }
}

/// Bodies by content id for a load. Versions in key order mostly have the body of the
/// version before, so the id is compared with the last one first (no hashing then).
struct BodyLookup<'a> {
    bodies: &'a HashMap<String, Body>,
    last: Option<(String, Body)>,
}

impl BodyLookup<'_> {
    fn get(&mut self, cid: &str) -> Option<Body> {
        if let Some((last, b)) = &self.last {
            if last == cid {
                return Some(b.clone());
            }
        }
        let b = self.bodies.get(cid)?.clone();
        match &mut self.last {
            // The id's buffer is reused: no allocation per version when bodies differ.
            Some((id, body)) => {
                id.clear();
                id.push_str(cid);
                *body = b.clone();
            }
            None => self.last = Some((cid.to_string(), b.clone())),
        }
        Some(b)
    }
}

/// One copy of each distinct metadata, as in the engine. Versions in key order mostly have
/// the metadata of the version before: compared with it first (no hashing then).
#[derive(Default)]
struct MetaSharing {
    all: HashSet<Arc<ObjectMeta>>,
    last: Option<Arc<ObjectMeta>>,
}

impl MetaSharing {
    fn share(&mut self, meta: ObjectMeta) -> Arc<ObjectMeta> {
        if let Some(m) = self.last.as_ref().filter(|m| ***m == meta) {
            return m.clone();
        }
        let m = match self.all.get(&meta) {
            Some(m) => m.clone(),
            None => {
                let m = Arc::new(meta);
                self.all.insert(m.clone());
                m
            }
        };
        self.last = Some(m.clone());
        m
    }
}

impl Snapshot {
    /// Decode one stored text record into the snapshot; a damaged one becomes a problem.
    pub fn add_text(&mut self, store: super::schema::StoreName, key: &str, text: &str) {
        use super::schema::{StoreName as S, CLOCK, STATE};
        fn de<T: serde::de::DeserializeOwned>(
            problems: &mut Vec<String>,
            what: &str,
            key: &str,
            text: &str,
        ) -> Option<T> {
            from_json(text)
                .map_err(|e| problems.push(format!("{what} {key}: undecodable ({e})")))
                .ok()
        }
        let p = &mut self.problems;
        match store {
            S::Meta if key == STATE => self.state = de(p, "state", key, text),
            S::Meta if key == CLOCK => self.clock = de(p, "clock", key, text),
            S::Buckets => self.buckets.extend(de(p, "bucket", key, text)),
            S::Entries => self.entries.extend(de(p, "entry", key, text)),
            S::Uploads => self.uploads.extend(de(p, "upload", key, text)),
            S::Toolkit => self.toolkit.extend(de(p, "toolkit record", key, text)),
            _ => {}
        }
    }
}
