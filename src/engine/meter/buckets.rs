//! The meters of every bucket: the engine's hooks (an entry or an upload changed, a request
//! was billed) and the rebuild from stored versions.

use std::collections::BTreeMap;

use super::{add_q, BucketMeter, Line, MeterState, RequestKind, Usage};
use crate::engine::bucket::Bucket;
use crate::engine::Millis;

/// The meters of every bucket (a field of the engine).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meter {
    buckets: BTreeMap<String, BucketMeter>,
}

impl Meter {
    pub fn bucket(&self, name: &str) -> Option<&BucketMeter> {
        self.buckets.get(name)
    }

    pub(crate) fn bucket_mut(&mut self, name: &str) -> Option<&mut BucketMeter> {
        self.buckets.get_mut(name)
    }

    /// Usage of `bucket` up to `t` (nothing metered yet: all zero).
    pub fn usage_at(&self, bucket: &str, t: Millis) -> Usage {
        self.buckets
            .get(bucket)
            .map(|m| m.usage_at(t))
            .unwrap_or_default()
    }

    fn meter_mut(&mut self, bucket: &str, now: Millis) -> &mut BucketMeter {
        if !self.buckets.contains_key(bucket) {
            self.buckets
                .insert(bucket.to_string(), BucketMeter::new(now));
        }
        let m = self.buckets.get_mut(bucket).expect("inserted");
        m.accrue(now);
        m
    }

    /// `meter_mut` for the common case of an existing meter (one lookup).
    fn existing_or_new(&mut self, bucket: &str, now: Millis) -> &mut BucketMeter {
        if let Some(m) = self.buckets.get_mut(bucket) {
            m.accrue(now);
        } else {
            self.buckets
                .insert(bucket.to_string(), BucketMeter::new(now));
        }
        self.buckets.get_mut(bucket).expect("present")
    }

    /// Hook: the entry `seq` of `bucket`/`key` was created, changed or removed at `now`.
    /// Only that entry and the key's top two entries can have changed what they bill.
    pub(crate) fn entry_changed(
        &mut self,
        buckets: &BTreeMap<String, Bucket>,
        now: Millis,
        bucket: &str,
        key: &str,
        seq: u64,
    ) {
        let Some(b) = buckets.get(bucket) else {
            return;
        };
        let m = self.existing_or_new(bucket, now);
        let stack = b.objects.get(key);
        let all = stack.map_or(&[][..], |s| s.oldest_first());
        let top_seq = all.last().map(|e| e.seq);
        let found = all.binary_search_by_key(&seq, |e| e.seq);
        let entry = found.ok().map(|i| &all[i]);
        // Where the entry is (or was, when removed) in its stack.
        let at = found.unwrap_or_else(|i| i);
        m.version_changed(key, seq, entry, top_seq == Some(seq), now);
        // Currentness moves only between the top two entries, and only when the change is
        // among them.
        if at + 2 >= all.len() {
            m.settle_top_two(key, all, seq, now);
        }
        m.mark(now);
    }

    /// Hook: the entry `seq` of `bucket`/`key` was removed at `now`. The same as
    /// [`Meter::entry_changed`] for a removal, but a noncurrent version leaving cannot change
    /// which entry is current, so its removal (what lifecycle does by the thousand) skips the
    /// key's stack and the lookup of the key by name. When the removal comes with a new entry
    /// (a `null` version replaced), the new entry's own hook settles the top.
    pub(crate) fn entry_removed(
        &mut self,
        buckets: &BTreeMap<String, Bucket>,
        now: Millis,
        bucket: &str,
        key: &str,
        seq: u64,
    ) {
        let Some(b) = buckets.get(bucket) else {
            return;
        };
        let m = self.existing_or_new(bucket, now);
        if m.version_removed(seq, now) != Some(false) {
            // The current version, a delete marker or an entry the meter never saw: the
            // entry below may be current now.
            let all = b.objects.get(key).map_or(&[][..], |s| s.oldest_first());
            m.settle_top_two(key, all, seq, now);
        }
        m.mark(now);
    }

    /// Hook: the multipart upload `upload_id` of `bucket` was created, changed or removed.
    pub(crate) fn upload_changed(
        &mut self,
        buckets: &BTreeMap<String, Bucket>,
        now: Millis,
        bucket: &str,
        upload_id: &str,
    ) {
        let upload = buckets.get(bucket).and_then(|b| b.uploads.get(upload_id));
        let class_bytes = upload.map(|u| {
            (
                u.storage_class,
                u.parts.values().map(|p| p.body.len() as u64).sum(),
            )
        });
        let m = self.meter_mut(bucket, now);
        m.upload_changed(upload_id, class_bytes);
        m.mark(now);
    }

    /// Count one billed request on `bucket`.
    pub(crate) fn count_request(&mut self, bucket: &str, now: Millis, kind: RequestKind) {
        let m = self.meter_mut(bucket, now);
        match kind {
            RequestKind::Put => m.acc.put_requests += 1,
            RequestKind::Get => m.acc.get_requests += 1,
        }
    }

    /// Rebuild the meter of `bucket` from its versions and uploads (persistence: after a
    /// load, or records merged from another tab), taking the accumulators, history and
    /// removed versions' costs from `state`; without one, metering starts at `now`.
    ///
    /// CHOICE (docs/fidelity.md §What versions cost): bucket totals are exact across a
    /// reload, but a live version's own cost so far is re-derived from its creation, its
    /// class and when it became noncurrent (a class it left, or a restored replica, before
    /// the reload is not in it, and an Appendable version counts at its current size since
    /// its creation).
    pub fn rebuild_bucket(&mut self, bucket: &Bucket, now: Millis, state: Option<MeterState>) {
        let start = state.as_ref().map_or(now, |s| s.last);
        let mut m = BucketMeter::new(start);
        for (key, stack) in &bucket.objects {
            let entries = stack.oldest_first();
            for (i, e) in entries.iter().enumerate() {
                let top = i + 1 == entries.len();
                m.version_changed(key, e.seq, Some(e), top, start);
                if let Some(v) = m.versions.get_mut(&e.seq) {
                    // Its own past, re-derived: current until the entry above was written.
                    let until = entries.get(i + 1).map_or(start, |n| n.created.min(start));
                    let current = v.bytes as u128 * (until - e.created).max(0) as u128;
                    add_q(&mut v.settled, v.class, Line::Current, current);
                    let nc = if top {
                        0
                    } else {
                        v.bytes as u128 * (start - until).max(0) as u128
                    };
                    add_q(&mut v.settled, v.class, Line::Noncurrent, nc);
                    let (class, id) = (v.class, v.key);
                    let k = m.key_at(id, start);
                    add_q(&mut k.total, class, Line::Current, current);
                    add_q(&mut k.total, class, Line::Noncurrent, nc);
                }
            }
        }
        for (id, u) in &bucket.uploads {
            let bytes = u.parts.values().map(|p| p.body.len() as u64).sum();
            m.upload_changed(id, Some((u.storage_class, bytes)));
        }
        // Restores seen while rebuilding were counted before the save.
        m.acc = Usage::default();
        match state {
            Some(s) => m.apply_state(s),
            // No stored bill (a lab saved before the meter existed, or a bucket whose bill
            // was never written): the totals are the live versions' re-derived pasts, so
            // every load of the same records at the same instant gives the same bill, and
            // metering on from here equals loading later.
            None => {
                for v in m.versions.values() {
                    for (c, l, q) in &v.settled {
                        m.acc.add(*c, *l, *q);
                    }
                }
            }
        }
        self.buckets.insert(bucket.name.clone(), m);
    }

    /// Rebuild every bucket's meter, metering from `now` (an engine made from stored parts),
    /// with its stored state from `states` when it has one.
    pub fn rebuild(
        buckets: &BTreeMap<String, Bucket>,
        now: Millis,
        mut states: BTreeMap<String, MeterState>,
    ) -> Meter {
        let mut meter = Meter::default();
        for b in buckets.values() {
            meter.rebuild_bucket(b, now, states.remove(&b.name));
        }
        meter
    }

    /// The bill of a bucket that no longer exists, as stored.
    pub fn restore_deleted(&mut self, bucket: &str, state: MeterState) {
        let mut m = BucketMeter::new(state.last);
        m.apply_state(state);
        self.buckets.insert(bucket.to_string(), m);
    }

    /// Forget a bucket's meter (its record is gone).
    pub fn remove(&mut self, bucket: &str) {
        self.buckets.remove(bucket);
    }

    /// Names of the buckets with a meter.
    pub fn bucket_names(&self) -> impl Iterator<Item = &String> {
        self.buckets.keys()
    }
}
