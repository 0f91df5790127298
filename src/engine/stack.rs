//! The version stack of one key.
//!
//! Entries are stored oldest first and are always sorted by their write sequence: every
//! write pushes an entry with a fresh, larger sequence on top, and a suspended-mode write of
//! the `null` version *moves* it to the top (remove, then push) instead of updating it in
//! place. Sorted sequences let a version id (which encodes its sequence) be found by binary
//! search, so a key with a million versions costs O(log n) per lookup.

use super::ids::VersionId;
use super::object::Entry;
use super::Millis;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VersionStack {
    entries: Vec<Entry>,
}

/// What [`VersionStack::insert_sorted`] did with a replica's entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Insertion {
    /// The id was already there (or a newer `null` entry): nothing changed.
    Skipped,
    /// Inserted; `replaced` is the sequence of the older `null` entry it replaced.
    Inserted { replaced: Option<u64> },
}

impl VersionStack {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The current entry: the newest one (an object version or a delete marker).
    pub fn current(&self) -> Option<&Entry> {
        self.entries.last()
    }

    pub fn current_mut(&mut self) -> Option<&mut Entry> {
        self.entries.last_mut()
    }

    /// Entries newest first, as OSS lists them.
    pub fn newest_first(&self) -> impl DoubleEndedIterator<Item = &Entry> + ExactSizeIterator {
        self.entries.iter().rev()
    }

    /// Entries oldest first (storage order).
    pub fn oldest_first(&self) -> &[Entry] {
        &self.entries
    }

    /// Storage index of the entry with this version id.
    pub fn position(&self, id: VersionId) -> Option<usize> {
        match id {
            VersionId::Null => self.entries.iter().rposition(|e| e.null),
            VersionId::Id { ms, seq } => {
                let idx = self.entries.binary_search_by_key(&seq, |e| e.seq).ok()?;
                let e = &self.entries[idx];
                (!e.null && e.created == ms).then_some(idx)
            }
        }
    }

    pub fn get(&self, id: VersionId) -> Option<&Entry> {
        self.position(id).map(|i| &self.entries[i])
    }

    pub fn get_mut(&mut self, id: VersionId) -> Option<&mut Entry> {
        self.position(id).map(move |i| &mut self.entries[i])
    }

    /// `true` when the entry at storage index `idx` is the current one.
    pub fn is_latest(&self, idx: usize) -> bool {
        idx + 1 == self.entries.len()
    }

    /// When the entry at `idx` stopped being current: the creation time of the entry above.
    pub fn noncurrent_since(&self, idx: usize) -> Option<Millis> {
        self.entries.get(idx + 1).map(|e| e.created)
    }

    /// Enabled mode: a new version on top; all others are kept.
    pub fn push(&mut self, entry: Entry) {
        debug_assert!(self.entries.last().is_none_or(|e| e.seq < entry.seq));
        // Most keys hold one or two versions: start at capacity 1, not Vec's default 4.
        if self.entries.capacity() == 0 {
            self.entries.reserve_exact(1);
        }
        self.entries.push(entry);
    }

    /// Unversioned and Suspended modes: the key's single `null` version is replaced by the
    /// new one, which goes on top wherever the old one sat. Returns the replaced entry.
    pub fn replace_null(&mut self, entry: Entry) -> Option<Entry> {
        debug_assert!(entry.null);
        let old = self
            .position(VersionId::Null)
            .map(|i| self.entries.remove(i));
        self.push(entry);
        old
    }

    /// Permanently remove one entry; the next newest becomes current.
    pub fn remove(&mut self, id: VersionId) -> Option<Entry> {
        self.position(id).map(|i| self.entries.remove(i))
    }

    pub fn remove_at(&mut self, idx: usize) -> Entry {
        self.entries.remove(idx)
    }

    pub fn entry_at(&self, idx: usize) -> &Entry {
        &self.entries[idx]
    }

    pub fn entry_at_mut(&mut self, idx: usize) -> &mut Entry {
        &mut self.entries[idx]
    }

    /// Storage index of the first entry *older* than the one with sequence `seq` — the
    /// resume point of a ListObjectVersions page, valid even if that entry is gone.
    pub fn older_than(&self, seq: u64) -> usize {
        self.entries.partition_point(|e| e.seq < seq)
    }

    /// Persistence: put a stored entry in its place by sequence, replacing the entry with
    /// the same sequence if there is one (another tab's write being merged in).
    pub fn upsert(&mut self, entry: Entry) {
        match self.entries.binary_search_by_key(&entry.seq, |e| e.seq) {
            Ok(i) => self.entries[i] = entry,
            Err(i) => self.entries.insert(i, entry),
        }
    }

    /// Persistence: remove the entry with this sequence, if any.
    pub fn remove_seq(&mut self, seq: u64) -> Option<Entry> {
        let i = self.entries.binary_search_by_key(&seq, |e| e.seq).ok()?;
        Some(self.entries.remove(i))
    }

    /// Insert an entry that keeps the id it has elsewhere (a replica): at its place by
    /// sequence, not necessarily on top. A `null` entry replaces the key's `null` entry unless
    /// that one is newer (then the replica is dropped). An entry whose id is already present
    /// (a `null` one: the same or a newer write) is not inserted again.
    pub fn insert_sorted(&mut self, entry: Entry) -> Insertion {
        let mut replaced = None;
        if entry.null {
            if let Some(i) = self.position(VersionId::Null) {
                if self.entries[i].seq >= entry.seq {
                    return Insertion::Skipped;
                }
                replaced = Some(self.entries.remove(i).seq);
            }
        } else if self.position(entry.version_id()).is_some() {
            return Insertion::Skipped;
        }
        let at = self.entries.partition_point(|e| e.seq < entry.seq);
        self.entries.insert(at, entry);
        Insertion::Inserted { replaced }
    }

    /// Rebuild from stored entries (persistence); sorts by sequence.
    pub fn from_entries(mut entries: Vec<Entry>) -> Self {
        entries.sort_by_key(|e| e.seq);
        VersionStack { entries }
    }
}
