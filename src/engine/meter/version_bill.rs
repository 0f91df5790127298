//! What the meter knows of one object version: its present billing segment, what it has
//! stored so far, and its restore.

use smallvec::SmallVec;

use super::{add_q, Line, Quantities, Quantity, Replica};
use crate::engine::object::StorageClass;
use crate::engine::Millis;

/// A version's settled storage, inline: a version settles one line per class and
/// currentness it has been in (most: current, then noncurrent), so two fit without a heap
/// list of its own, which the removal of a version would have to reach and free (one cache
/// miss and one `free` per removal, see BENCHMARKS.md "Storage bill").
pub(super) type Settled = SmallVec<[Quantity; 2]>;

/// What the meter knows of one object version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct VersionBill {
    pub(super) class: StorageClass,
    /// Billable size in the class.
    pub(super) bytes: u64,
    /// Actual size (restores and replicas).
    pub(super) size: u64,
    pub(super) current: bool,
    /// Its key's running totals: an index in the bucket meter's `keys`.
    pub(super) key: u32,
    /// When the minimum storage duration of `class` started.
    pub(super) min_from: Millis,
    /// Start of the present segment (same class and currentness).
    pub(super) since: Millis,
    /// Storage of finished segments.
    pub(super) settled: Settled,
    pub(super) restore: Option<Box<RestoreBill>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RestoreBill {
    pub(super) requested: Millis,
    pub(super) tier: usize,
    /// Replica interval (cold classes only) and how far it is settled into `settled`.
    pub(super) replica: Option<Replica>,
    pub(super) replica_settled: Millis,
}

impl VersionBill {
    pub(super) fn line(&self) -> Line {
        if self.current {
            Line::Current
        } else {
            Line::Noncurrent
        }
    }

    /// What the version bills per millisecond now: class, line and billable bytes.
    pub(super) fn rate(&self) -> (StorageClass, Line, u64) {
        (self.class, self.line(), self.bytes)
    }

    pub(super) fn replica(&self) -> Option<Replica> {
        self.restore.as_deref().and_then(|r| r.replica)
    }

    /// Close the present segment (and the replica) at `now`.
    pub(super) fn settle(&mut self, now: Millis) {
        let seg = self.bytes as u128 * (now - self.since).max(0) as u128;
        let (class, line) = (self.class, self.line());
        add_q(&mut self.settled, class, line, seg);
        self.since = now;
        if let Some(r) = self.restore.as_deref_mut() {
            if let Some(rep) = r.replica {
                add_q(
                    &mut self.settled,
                    rep.class,
                    Line::Replica,
                    rep.between(r.replica_settled, now),
                );
            }
            r.replica_settled = r.replica_settled.max(now);
        }
    }

    pub(super) fn quantities_at(&self, t: Millis) -> Quantities {
        let mut q = self.settled.to_vec();
        let seg = self.bytes as u128 * (t - self.since).max(0) as u128;
        add_q(&mut q, self.class, self.line(), seg);
        if let Some(r) = self.restore.as_deref() {
            if let Some(rep) = r.replica {
                add_q(
                    &mut q,
                    rep.class,
                    Line::Replica,
                    rep.between(r.replica_settled, t),
                );
            }
        }
        q
    }
}
