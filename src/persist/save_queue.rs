//! The order in which the browser's save queue commits (the pure part of `ui::storage`,
//! tested natively).
//!
//! Every mutation runs in memory at once and is pushed here with the records it changed. A
//! commit takes everything pending as ONE batch (a mutation is never split across two
//! transactions), and only the batch it took is removed when it succeeds: what was pushed
//! while the commit was in flight goes into the next one. A failed batch is not retried as
//! it is; it goes again together with the next mutation. When the engine is brought up to
//! date with another tab, the pending mutations are taken out, served again in their order,
//! and put back in front of anything pushed meanwhile.

use crate::engine::Change;

/// One mutation made in memory and not yet committed: what the caller needs to serve it
/// again or answer it (`item`), and the records it changed.
#[derive(Debug)]
pub struct Pending<T> {
    pub item: T,
    pub changes: Vec<Change>,
}

/// What one commit writes: the oldest `len` pending mutations and their records, in order.
#[derive(Debug, PartialEq)]
pub struct Batch {
    pub len: usize,
    pub changes: Vec<Change>,
}

/// Pending mutations, oldest first.
#[derive(Debug)]
pub struct SaveQueue<T> {
    pending: Vec<Pending<T>>,
    /// `pending.len()` when the last commit failed: wait for more before retrying.
    failed_len: Option<usize>,
}

impl<T> Default for SaveQueue<T> {
    fn default() -> Self {
        SaveQueue {
            pending: Vec::new(),
            failed_len: None,
        }
    }
}

impl<T> SaveQueue<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a mutation after the others.
    pub fn push(&mut self, item: T, changes: Vec<Change>) {
        self.pending.push(Pending { item, changes });
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// There is something to commit that has not already failed exactly as it stands.
    pub fn wants_commit(&self) -> bool {
        !self.pending.is_empty() && self.failed_len != Some(self.pending.len())
    }

    /// Every record the pending mutations changed, in order (duplicates kept).
    pub fn all_changes(&self) -> Vec<Change> {
        self.pending
            .iter()
            .flat_map(|p| p.changes.iter().cloned())
            .collect()
    }

    /// The next commit: everything pending, unless it failed as it stands.
    pub fn next_batch(&self) -> Option<Batch> {
        self.wants_commit().then(|| Batch {
            len: self.pending.len(),
            changes: self.all_changes(),
        })
    }

    /// The batch of the oldest `len` mutations was written: remove them (oldest first).
    pub fn committed(&mut self, len: usize) -> Vec<T> {
        self.failed_len = None;
        let len = len.min(self.pending.len());
        self.pending.drain(..len).map(|p| p.item).collect()
    }

    /// The batch of the oldest `len` mutations failed: they stay pending, and are tried
    /// again only with the next mutation. Returns them (to answer their callers).
    pub fn failed(&mut self, len: usize) -> impl Iterator<Item = &mut T> {
        let len = len.min(self.pending.len());
        self.failed_len = Some(len);
        self.pending[..len].iter_mut().map(|p| &mut p.item)
    }

    /// Take every pending mutation out (to serve them again, or to drop them); the failure
    /// mark is cleared.
    pub fn take_all(&mut self) -> Vec<Pending<T>> {
        self.failed_len = None;
        std::mem::take(&mut self.pending)
    }

    /// Put mutations taken with [`SaveQueue::take_all`] back, in front of any pushed since.
    pub fn put_back(&mut self, mut taken: Vec<Pending<T>>) {
        self.failed_len = None;
        taken.append(&mut self.pending);
        self.pending = taken;
    }

    /// The pending mutations, oldest first (to serve them again in place).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Pending<T>> {
        self.pending.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Change;

    fn change(bucket: &str) -> Change {
        Change::Bucket {
            bucket: bucket.to_string(),
        }
    }

    fn items<T: Clone>(q: &mut SaveQueue<T>) -> Vec<T> {
        q.iter_mut().map(|p| p.item.clone()).collect()
    }

    #[test]
    fn a_batch_is_everything_pending_in_order() {
        let mut q = SaveQueue::new();
        q.push("a", vec![change("b1")]);
        q.push("b", vec![change("b2"), change("b3")]);
        let batch = q.next_batch().expect("something to commit");
        assert_eq!(batch.len, 2);
        assert_eq!(
            batch.changes,
            vec![change("b1"), change("b2"), change("b3")]
        );
    }

    #[test]
    fn success_removes_only_the_batch_it_wrote() {
        let mut q = SaveQueue::new();
        q.push(1, vec![change("x")]);
        let batch = q.next_batch().unwrap();
        // Pushed while the commit was in flight.
        q.push(2, vec![change("y")]);
        assert_eq!(q.committed(batch.len), vec![1]);
        assert_eq!(items(&mut q), vec![2]);
        assert_eq!(q.next_batch().unwrap().changes, vec![change("y")]);
    }

    #[test]
    fn a_failed_batch_waits_for_the_next_mutation_and_goes_with_it() {
        let mut q = SaveQueue::new();
        q.push(1, vec![change("x")]);
        let batch = q.next_batch().unwrap();
        assert_eq!(q.failed(batch.len).map(|i| *i).collect::<Vec<_>>(), vec![1]);
        assert!(!q.wants_commit());
        assert_eq!(q.next_batch(), None);
        q.push(2, vec![change("y")]);
        let batch = q.next_batch().expect("retried with the new mutation");
        assert_eq!(batch.len, 2);
        assert_eq!(batch.changes, vec![change("x"), change("y")]);
        assert_eq!(q.committed(batch.len), vec![1, 2]);
        assert!(q.is_empty());
    }

    #[test]
    fn served_again_mutations_go_back_in_front_of_newer_ones() {
        let mut q = SaveQueue::new();
        q.push(1, vec![]);
        q.push(2, vec![]);
        let _ = q.failed(2).count();
        let taken = q.take_all();
        assert!(q.is_empty());
        q.push(3, vec![]);
        q.put_back(taken);
        assert_eq!(items(&mut q), vec![1, 2, 3]);
        assert!(q.wants_commit(), "putting back clears the failure mark");
    }

    #[test]
    fn nothing_pending_means_nothing_to_commit() {
        let mut q: SaveQueue<()> = SaveQueue::new();
        assert!(!q.wants_commit());
        assert_eq!(q.next_batch(), None);
        assert!(q.committed(3).is_empty());
        assert_eq!(q.failed(3).count(), 0);
    }
}
