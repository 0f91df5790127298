//! The storage meter: what OSS would bill for a bucket, accumulated exactly on the virtual
//! clock.
//!
//! Every billing rule and where it comes from is listed in `docs/fidelity.md` ("What versions
//! cost"); this module is the one place in the code that applies them:
//!
//! * Storage is billed per byte and per hour of storage, by class; current and noncurrent
//!   versions alike; delete markers store nothing. CONFIRMED (OSS "Storage fees").
//! * IA, Archive, Cold Archive and Deep Cold Archive objects smaller than 64 KB are billed as
//!   64 KB ([`billable_size`]). CONFIRMED (OSS "Storage fees").
//! * Minimum storage durations (IA 30 days, Archive 60, Cold and Deep Cold Archive 180): a
//!   version deleted, overwritten out of existence or transitioned before them is charged for
//!   the remaining time, in its class ([`min_duration`]). IA and Archive count from the
//!   version's Last-Modified, the cold classes from their transition time. CONFIRMED (OSS
//!   "Billing method for objects whose storage duration is less than the minimum storage
//!   duration").
//! * Cold and Deep Cold Archive restores create a temporary Standard replica of the object's
//!   actual size, billed from restore completion until it expires or CleanRestoredObject
//!   removes it. CONFIRMED (OSS "Temporary storage fees"). Archive restores create none.
//! * Each restore counts one retrieval request and the object's actual size as retrieved
//!   data, by tier (Archive has no tier: counted as Standard). CONFIRMED that restores bill
//!   retrieval by size and (cold classes) requests by priority; CHOICE: a priority upgrade of
//!   a running restore counts as a new request and retrieval at the new tier.
//! * Multipart parts are billed as storage of the upload's class at their actual size until
//!   the upload is completed or aborted. CONFIRMED that parts are billed; CHOICE: no minimum
//!   size and no minimum duration for parts.
//! * Requests: PUT-type and GET-type counted by the wire layer ([`RequestKind`]).
//!
//! How: per bucket, a rate (billable bytes by class and line) that is constant between engine
//! mutations. Every mutation of a key first accrues rate × elapsed time into exact integer
//! byte-millisecond accumulators, then updates the rate from the touched versions only
//! (O(log n), never a bucket scan). Restored replicas change cost without a mutation, so they
//! are kept as intervals and integrated analytically. Reading the bill at any instant is the
//! accumulators plus the same arithmetic up to that instant: moving the clock costs nothing,
//! and a jump bills exactly what small steps would. Each key keeps the same kind of running
//! totals (`meter/key_bill.rs`), so the cost of every key is read in one pass over the keys, not
//! over their versions.

mod buckets;
mod key_bill;
mod state;
mod version_bill;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::bucket::Bucket;
use super::object::{Entry, StorageClass};
use super::{Millis, DAY, HOUR};
pub use buckets::Meter;
use key_bill::KeyBill;
use state::{cells, from_cells};
pub use state::{Cell, MeterState, PointState};
use version_bill::{RestoreBill, Settled, VersionBill};

/// Storage quantities in byte-milliseconds: exact, so sums never depend on how time was cut.
pub type ByteMs = u128;

/// Objects of the archive and IA classes smaller than this are billed as this size.
pub const MIN_BILLABLE_SIZE: u64 = 64 * 1024;

/// Number of storage classes ([`StorageClass::ALL`]).
pub const CLASSES: usize = 5;

/// Number of restore tiers (Bulk, Standard, Expedited, in [`super::Tier`] order).
pub const TIERS: usize = 3;

/// What a stored byte is billed as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Line {
    /// The current version of a key.
    Current,
    /// Versions below the current one (kept by versioning).
    Noncurrent,
    /// Parts of unfinished multipart uploads.
    Parts,
    /// The temporary Standard replica of a restored Cold / Deep Cold Archive object, listed
    /// under the class of the object it was restored from.
    Replica,
    /// The remaining minimum storage duration of a version that left its class early.
    EarlyDeletion,
}

impl Line {
    pub const ALL: [Line; 5] = [
        Line::Current,
        Line::Noncurrent,
        Line::Parts,
        Line::Replica,
        Line::EarlyDeletion,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Line::Current => "current",
            Line::Noncurrent => "noncurrent",
            Line::Parts => "parts",
            Line::Replica => "restored_replica",
            Line::EarlyDeletion => "early_deletion",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Request kinds as OSS bills them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestKind {
    Put,
    Get,
}

fn class_index(c: StorageClass) -> usize {
    c as usize
}

/// Billed size of an object of `size` bytes in `class`.
pub fn billable_size(class: StorageClass, size: u64) -> u64 {
    match class {
        StorageClass::Standard => size,
        _ => size.max(MIN_BILLABLE_SIZE),
    }
}

/// Minimum storage duration of a class (0: none).
pub fn min_duration(class: StorageClass) -> Millis {
    match class {
        StorageClass::Standard => 0,
        StorageClass::IA => 30 * DAY,
        StorageClass::Archive => 60 * DAY,
        StorageClass::ColdArchive | StorageClass::DeepColdArchive => 180 * DAY,
    }
}

/// Storage by class and line.
pub type Storage = [[ByteMs; Line::ALL.len()]; CLASSES];

/// Everything metered for one bucket up to an instant.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Byte-milliseconds by class ([`StorageClass::ALL`] order) and line ([`Line::ALL`]).
    #[serde(default)]
    pub storage: Storage,
    /// Restored bytes by class and tier.
    #[serde(default)]
    pub retrieval_bytes: [[u64; TIERS]; CLASSES],
    /// Restore requests by class and tier.
    #[serde(default)]
    pub restore_requests: [[u64; TIERS]; CLASSES],
    #[serde(default)]
    pub put_requests: u64,
    #[serde(default)]
    pub get_requests: u64,
}

impl Usage {
    pub fn get(&self, class: StorageClass, line: Line) -> ByteMs {
        self.storage[class_index(class)][line.index()]
    }

    fn add(&mut self, class: StorageClass, line: Line, q: ByteMs) {
        self.storage[class_index(class)][line.index()] += q;
    }

    /// Total byte-milliseconds of every class and line.
    pub fn total_storage(&self) -> ByteMs {
        self.storage.iter().flatten().sum()
    }
}

/// `[a, b]` ∩ `[c, d]`, in milliseconds (0 when disjoint).
fn overlap(a: Millis, b: Millis, c: Millis, d: Millis) -> u128 {
    (b.min(d) - a.max(c)).max(0) as u128
}

/// A restored replica's billed interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replica {
    pub class: StorageClass,
    pub bytes: u64,
    pub from: Millis,
    pub to: Millis,
}

impl Replica {
    fn between(&self, a: Millis, b: Millis) -> ByteMs {
        overlap(self.from, self.to, a, b) * self.bytes as u128
    }
}

/// Sparse storage quantities of one version or key (most have one or two lines).
pub type Quantities = Vec<(StorageClass, Line, ByteMs)>;

/// One storage quantity: class, line and byte-milliseconds.
type Quantity = (StorageClass, Line, ByteMs);

/// Add `v` to the (`class`, `line`) quantity of a list ([`Quantities`], or a version's inline
/// [`version_bill::Settled`]).
fn add_q<Q>(q: &mut Q, class: StorageClass, line: Line, v: ByteMs)
where
    Q: std::ops::DerefMut<Target = [Quantity]> + Extend<Quantity>,
{
    if v == 0 {
        return;
    }
    match q.iter_mut().find(|(c, l, _)| *c == class && *l == line) {
        Some(x) => x.2 += v,
        None => q.extend([(class, line, v)]),
    }
}

/// One point of the bill's history: cumulative storage at `t`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    pub t: Millis,
    pub storage: Storage,
}

/// History is kept to this many points: older halves are thinned when it fills.
pub const HISTORY_POINTS: usize = 360;

/// The meter of one bucket.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BucketMeter {
    /// Accumulators are exact up to `last`.
    last: Millis,
    acc: Usage,
    /// Billable bytes by class and line (Current, Noncurrent, Parts).
    rate: [[u64; 3]; CLASSES],
    replicas: BTreeMap<u64, Replica>,
    /// By write sequence (a hash map: looked up on every mutation and bill walk). Fx hashing:
    /// the keys are the engine's own counters, not input an attacker picks, and SipHash was a
    /// tenth of the work of a lifecycle removal.
    versions: FxHashMap<u64, VersionBill>,
    /// Multipart uploads: class and stored bytes.
    uploads: BTreeMap<String, (StorageClass, u64)>,
    /// Running totals by key (live and removed versions): the cost of a key without a walk
    /// over its versions. A version holds its key's index here, so the removals lifecycle
    /// makes by the thousand reach their key without a lookup by name.
    keys: Vec<KeyBill>,
    /// Index in `keys` by key name.
    key_index: BTreeMap<String, u32>,
    history: Vec<Point>,
}

impl BucketMeter {
    fn new(now: Millis) -> Self {
        BucketMeter {
            last: now,
            ..Default::default()
        }
    }

    fn apply_state(&mut self, s: MeterState) {
        self.acc = Usage {
            storage: from_cells(&s.storage),
            retrieval_bytes: s.retrieval_bytes,
            restore_requests: s.restore_requests,
            put_requests: s.put_requests,
            get_requests: s.get_requests,
        };
        self.history = s
            .history
            .iter()
            .map(|p| Point {
                t: p.t,
                storage: from_cells(&p.storage),
            })
            .collect();
        for (key, cells) in s.gone {
            self.set_gone(&key, Some(cells));
        }
    }

    /// Replace the storage of `key`'s removed versions (persistence: a stored record read
    /// back; `None`: none removed). The key's total moves with it.
    pub fn set_gone(&mut self, key: &str, cells: Option<Vec<Cell>>) {
        let last = self.last;
        let id = match (self.key_index.get(key), &cells) {
            (Some(id), _) => *id,
            (None, None) => return,
            (None, Some(_)) => self.key_id(key, last),
        };
        let k = self.key_at(id, last);
        for (c, l, x) in k.gone.take().into_iter().flatten() {
            if let Some(t) = k.total.iter_mut().find(|(tc, tl, _)| (*tc, *tl) == (c, l)) {
                t.2 = t.2.saturating_sub(x);
            }
        }
        k.total.retain(|t| t.2 != 0);
        if let Some(cells) = cells {
            let gone: Quantities = cells.into_iter().map(|Cell(c, l, x)| (c, l, x)).collect();
            for (c, l, x) in &gone {
                add_q(&mut k.total, *c, *l, *x);
            }
            k.gone = Some(gone);
        }
    }

    /// The index of `key`'s running totals (created empty if the key has none).
    fn key_id(&mut self, key: &str, now: Millis) -> u32 {
        if let Some(id) = self.key_index.get(key) {
            return *id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(KeyBill::new(now));
        self.key_index.insert(key.to_string(), id);
        id
    }

    /// The running totals with index `id`, brought to `now`.
    fn key_at(&mut self, id: u32, now: Millis) -> &mut KeyBill {
        let k = &mut self.keys[id as usize];
        k.accrue(now);
        k
    }

    /// Move the accumulators to `t` (rates are constant since `last`).
    fn accrue(&mut self, t: Millis) {
        if t <= self.last {
            return;
        }
        let dt = (t - self.last) as u128;
        for (c, rates) in self.rate.iter().enumerate() {
            for (l, bytes) in rates.iter().enumerate() {
                self.acc.storage[c][l] += *bytes as u128 * dt;
            }
        }
        let last = self.last;
        for rep in self.replicas.values() {
            self.acc.add(rep.class, Line::Replica, rep.between(last, t));
        }
        self.replicas.retain(|_, r| r.to > t);
        self.last = t;
    }

    /// Usage at `t` (not before the last mutation), without changing the meter.
    pub fn usage_at(&self, t: Millis) -> Usage {
        let mut u = self.acc.clone();
        let t = t.max(self.last);
        let dt = (t - self.last) as u128;
        for (c, rates) in self.rate.iter().enumerate() {
            for (l, bytes) in rates.iter().enumerate() {
                u.storage[c][l] += *bytes as u128 * dt;
            }
        }
        for rep in self.replicas.values() {
            u.add(rep.class, Line::Replica, rep.between(self.last, t));
        }
        u
    }

    /// Billable bytes now stored, by class and line (Current, Noncurrent, Parts), plus the
    /// replicas live at `t`.
    pub fn stored_at(&self, t: Millis) -> Vec<(StorageClass, Line, u64)> {
        let mut out = Vec::new();
        for class in StorageClass::ALL {
            for (l, line) in [Line::Current, Line::Noncurrent, Line::Parts]
                .into_iter()
                .enumerate()
            {
                let b = self.rate[class_index(class)][l];
                if b > 0 {
                    out.push((class, line, b));
                }
            }
            let r: u64 = self
                .replicas
                .values()
                .filter(|r| r.class == class && r.from <= t && t < r.to)
                .map(|r| r.bytes)
                .sum();
            if r > 0 {
                out.push((class, Line::Replica, r));
            }
        }
        out
    }

    pub fn history(&self) -> &[Point] {
        &self.history
    }

    fn rate_add(&mut self, v: &VersionBill, sign: i8) {
        let r = &mut self.rate[class_index(v.class)][v.line().index()];
        if sign > 0 {
            *r += v.bytes;
        } else {
            *r -= v.bytes;
        }
    }

    fn mark(&mut self, t: Millis) {
        let storage = self.acc.storage;
        let several = self.history.len() > 1;
        match self.history.last_mut() {
            // Within one virtual hour the later point stands for both.
            Some(p) if several && p.t / HOUR == t / HOUR => {
                p.t = t;
                p.storage = storage;
            }
            _ => self.history.push(Point { t, storage }),
        }
        if self.history.len() > HISTORY_POINTS {
            // Thin the older half: keep every second point of it.
            let half = self.history.len() / 2;
            let mut i = 0;
            self.history.retain(|_| {
                i += 1;
                i > half || i % 2 == 1
            });
        }
    }

    /// Early-deletion charge for `v` leaving its class at `now`.
    fn early_deletion(&mut self, v: &VersionBill, now: Millis) -> ByteMs {
        let left = v.min_from + min_duration(v.class) - now;
        if left <= 0 {
            return 0;
        }
        let q = v.bytes as u128 * left as u128;
        self.acc.add(v.class, Line::EarlyDeletion, q);
        q
    }

    /// The version `seq` stopped storing anything at `now` (removed, or replaced in place by
    /// a delete marker): its storage so far moves to its key's removed costs. Returns whether
    /// it was the current version (`None`: the meter had no record of it).
    fn version_removed(&mut self, seq: u64, now: Millis) -> Option<bool> {
        let mut v = self.versions.remove(&seq)?;
        self.rate_add(&v, -1);
        v.settle(now);
        let early = self.early_deletion(&v, now);
        // Only a restored version has a replica to drop (restore_changed keeps both lists).
        let restored = v.restore.is_some();
        if restored {
            self.replicas.remove(&seq);
        }
        let k = self.key_at(v.key, now);
        k.rate_add(v.rate(), -1);
        if restored {
            k.set_replica(seq, None);
        }
        add_q(&mut k.total, v.class, Line::EarlyDeletion, early);
        let gone = k.gone.get_or_insert_with(Vec::new);
        for (c, l, q) in v.settled {
            add_q(gone, c, l, q);
        }
        add_q(gone, v.class, Line::EarlyDeletion, early);
        Some(v.current)
    }

    /// The version `seq` of `key` was created, changed or removed at `now`.
    fn version_changed(
        &mut self,
        key: &str,
        seq: u64,
        entry: Option<&Entry>,
        current: bool,
        now: Millis,
    ) {
        let Some(obj) = entry.and_then(Entry::object) else {
            // Removed (or a delete marker, which stores nothing).
            self.version_removed(seq, now);
            return;
        };
        let old = self.versions.remove(&seq);
        let e = entry.expect("object entry");
        let class = obj.storage_class;
        let size = obj.body.len() as u64;
        let min_from = if class.is_cold() {
            obj.transition_time.unwrap_or(e.created)
        } else {
            e.created
        };
        let mut was = None;
        let mut early = 0;
        let mut v = match old {
            Some(mut v) => {
                self.rate_add(&v, -1);
                v.settle(now);
                was = Some(v.rate());
                if v.class != class {
                    early = self.early_deletion(&v, now);
                    add_q(&mut v.settled, v.class, Line::EarlyDeletion, early);
                }
                v
            }
            None => VersionBill {
                class,
                bytes: 0,
                size,
                current,
                key: self.key_id(key, now),
                min_from,
                since: now,
                settled: Settled::new(),
                restore: None,
            },
        };
        v.class = class;
        v.size = size;
        v.bytes = billable_size(class, size);
        v.current = current;
        v.min_from = min_from;
        let early_class = was.map(|(c, _, _)| c);
        self.restore_changed(seq, &mut v, obj.restore.as_deref(), now);
        self.rate_add(&v, 1);
        let k = self.key_at(v.key, now);
        if let Some(was) = was {
            k.rate_add(was, -1);
        }
        if let Some(c) = early_class {
            add_q(&mut k.total, c, Line::EarlyDeletion, early);
        }
        k.rate_add(v.rate(), 1);
        k.set_replica(seq, v.replica());
        self.versions.insert(seq, v);
    }

    /// Bring the top two entries of a key's stack `all` (oldest first) to their currentness
    /// (the top one current), except `seq`, which the caller has just metered.
    fn settle_top_two(&mut self, key: &str, all: &[Entry], seq: u64, now: Millis) {
        for (i, e) in all.iter().rev().take(2).enumerate() {
            let top = i == 0;
            if e.seq != seq && self.versions.get(&e.seq).is_some_and(|v| v.current != top) {
                self.version_changed(key, e.seq, Some(e), top, now);
            }
        }
    }

    fn restore_changed(
        &mut self,
        seq: u64,
        v: &mut VersionBill,
        restore: Option<&super::archive::Restore>,
        now: Millis,
    ) {
        let Some(r) = restore else {
            // Cleaned, transitioned or never restored: a live replica ends now.
            // (Accrued up to now already: dropping the interval ends it here.)
            if v.restore.take().is_some() {
                self.replicas.remove(&seq);
            }
            return;
        };
        let tier = r.tier.unwrap_or(super::Tier::Standard) as usize;
        let ci = class_index(v.class);
        let new_request = match v.restore.as_deref() {
            None => true,
            Some(old) => old.requested != r.requested || old.tier != tier,
        };
        if new_request {
            self.acc.retrieval_bytes[ci][tier] += v.size;
            self.acc.restore_requests[ci][tier] += 1;
        }
        let replica = v.class.is_cold().then_some(Replica {
            class: v.class,
            bytes: v.size,
            from: r.completes,
            to: r.expires,
        });
        match replica {
            Some(rep) => self.replicas.insert(seq, rep),
            None => self.replicas.remove(&seq),
        };
        // `settle` already moved replica_settled to now.
        v.restore = Some(Box::new(RestoreBill {
            requested: r.requested,
            tier,
            replica,
            replica_settled: now,
        }));
    }

    fn upload_changed(&mut self, upload_id: &str, now_class_bytes: Option<(StorageClass, u64)>) {
        if let Some((c, b)) = self.uploads.remove(upload_id) {
            self.rate[class_index(c)][Line::Parts.index()] -= b;
        }
        if let Some((c, b)) = now_class_bytes {
            self.rate[class_index(c)][Line::Parts.index()] += b;
            self.uploads.insert(upload_id.to_string(), (c, b));
        }
    }

    /// Storage of the version `seq` up to `t`, its class, and the bytes it bills now: in its
    /// class, and as a live restored replica.
    pub fn version_quantities(
        &self,
        seq: u64,
        t: Millis,
    ) -> Option<(Quantities, StorageClass, u64, u64)> {
        let v = self.versions.get(&seq)?;
        let replica = v
            .restore
            .as_deref()
            .and_then(|r| r.replica)
            .filter(|rep| rep.from <= t && t < rep.to)
            .map_or(0, |rep| rep.bytes);
        Some((v.quantities_at(t), v.class, v.bytes, replica))
    }

    /// Storage of every key (live versions and removed ones) up to `t`.
    pub fn key_quantities(&self, bucket: &Bucket, t: Millis) -> BTreeMap<String, Quantities> {
        let mut out: BTreeMap<String, Quantities> = BTreeMap::new();
        self.visit_keys(bucket, t, |key, c, l, x| {
            if !out.contains_key(key) {
                out.insert(key.to_string(), Vec::new());
            }
            if let Some(q) = out.get_mut(key) {
                add_q(q, c, l, x);
            }
        });
        out
    }

    /// Call `f` with every storage quantity of every key up to `t` (live versions, then
    /// removed ones), without building per-key lists: the Bill panel's top keys at scale.
    pub fn visit_keys<'a>(
        &'a self,
        bucket: &'a Bucket,
        t: Millis,
        mut f: impl FnMut(&'a str, StorageClass, Line, ByteMs),
    ) {
        for (key, stack) in &bucket.objects {
            for e in stack.oldest_first() {
                if let Some(v) = self.versions.get(&e.seq) {
                    for (c, l, x) in &v.settled {
                        f(key, *c, *l, *x);
                    }
                    let seg = v.bytes as u128 * (t - v.since).max(0) as u128;
                    if seg > 0 {
                        f(key, v.class, v.line(), seg);
                    }
                    if let Some(r) = v.restore.as_deref() {
                        if let Some(rep) = r.replica {
                            let q = rep.between(r.replica_settled, t);
                            if q > 0 {
                                f(key, rep.class, Line::Replica, q);
                            }
                        }
                    }
                }
            }
        }
        for (key, id) in &self.key_index {
            for (c, l, x) in self.keys[*id as usize].gone.iter().flatten() {
                f(key, *c, *l, *x);
            }
        }
    }

    /// Call `f` with every key that has stored anything and each of its storage quantities
    /// up to `t` (a line may come more than once), from the running totals: one visit per
    /// key, not per version. The same quantities as [`BucketMeter::visit_keys`] summed by
    /// key.
    pub fn visit_key_totals<'a>(
        &'a self,
        t: Millis,
        mut f: impl FnMut(&'a str, StorageClass, Line, ByteMs),
    ) {
        for (key, id) in &self.key_index {
            self.keys[*id as usize].visit_at(t, |c, l, x| f(key, c, l, x));
        }
    }

    /// The persisted part of this meter: [`BucketMeter::totals_state`] with every key's
    /// removed versions.
    pub fn state(&self) -> MeterState {
        MeterState {
            gone: self.gone_by_key(),
            ..self.totals_state()
        }
    }

    /// Every key's removed versions' storage ([`BucketMeter::gone`]).
    pub fn gone_by_key(&self) -> Vec<(String, Vec<Cell>)> {
        self.gone_keys()
            .filter_map(|k| Some((k.clone(), self.gone(k)?)))
            .collect()
    }

    /// The storage of `key`'s removed versions (`None`: none removed). Stored one record
    /// per key, beside [`BucketMeter::totals_state`].
    pub fn gone(&self, key: &str) -> Option<Vec<Cell>> {
        let q = self.keys[*self.key_index.get(key)? as usize]
            .gone
            .as_ref()?;
        Some(q.iter().map(|(c, l, x)| Cell(*c, *l, *x)).collect())
    }

    /// The keys with removed versions.
    pub fn gone_keys(&self) -> impl Iterator<Item = &String> {
        self.key_index
            .iter()
            .filter(|(_, id)| self.keys[**id as usize].gone.is_some())
            .map(|(k, _)| k)
    }

    /// The persisted part of this meter but the removed versions' storage, which is stored
    /// by key ([`BucketMeter::gone`]): what a write changes costs the same however many keys
    /// the bucket has.
    pub fn totals_state(&self) -> MeterState {
        MeterState {
            last: self.last,
            storage: cells(&self.acc.storage),
            retrieval_bytes: self.acc.retrieval_bytes,
            restore_requests: self.acc.restore_requests,
            put_requests: self.acc.put_requests,
            get_requests: self.acc.get_requests,
            history: self
                .history
                .iter()
                .map(|p| PointState {
                    t: p.t,
                    storage: cells(&p.storage),
                })
                .collect(),
            gone: Vec::new(),
        }
    }
}

#[cfg(test)]
#[path = "meter_tests.rs"]
mod tests;
