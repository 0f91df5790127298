//! Running storage totals of one key, so the cost of a key is read without a walk over its
//! versions (the Bill panel's top keys).

use super::{add_q, ByteMs, Line, Quantities, Replica};
use crate::engine::object::StorageClass;
use crate::engine::Millis;

/// The storage of one key so far, kept as the bucket's totals are: exact quantities up to
/// `last`, plus the billable bytes its live versions add per millisecond since, plus its live
/// restored replicas. Every mutation of the key brings it to the present first, so reading
/// it at any instant costs the few lines it has, however many versions the key holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct KeyBill {
    pub(super) last: Millis,
    /// Storage of live and removed versions up to `last`.
    pub(super) total: Quantities,
    /// Billable bytes of the live versions by class and line.
    pub(super) rate: Vec<(StorageClass, Line, u64)>,
    /// Restored replicas of live versions, by write sequence.
    pub(super) replicas: Vec<(u64, Replica)>,
    /// Storage of removed versions (what persistence keeps, [`super::MeterState::gone`]); `None`
    /// until a version of the key is removed.
    pub(super) gone: Option<Quantities>,
}

impl KeyBill {
    pub(super) fn new(now: Millis) -> Self {
        KeyBill {
            last: now,
            ..KeyBill::default()
        }
    }

    /// Move `total` to `t` (rates and replicas are constant since `last`).
    pub(super) fn accrue(&mut self, t: Millis) {
        if t <= self.last {
            return;
        }
        let dt = (t - self.last) as u128;
        for (c, l, bytes) in &self.rate {
            add_q(&mut self.total, *c, *l, *bytes as u128 * dt);
        }
        for (_, rep) in &self.replicas {
            add_q(
                &mut self.total,
                rep.class,
                Line::Replica,
                rep.between(self.last, t),
            );
        }
        self.replicas.retain(|(_, r)| r.to > t);
        self.last = t;
    }

    /// A live version's (class, line, billable bytes) starts (`sign` 1) or stops (-1)
    /// billing.
    pub(super) fn rate_add(&mut self, (class, line, bytes): (StorageClass, Line, u64), sign: i8) {
        if bytes == 0 {
            return;
        }
        match self
            .rate
            .iter()
            .position(|(c, l, _)| *c == class && *l == line)
        {
            Some(i) if sign > 0 => self.rate[i].2 += bytes,
            Some(i) => {
                self.rate[i].2 -= bytes;
                if self.rate[i].2 == 0 {
                    self.rate.swap_remove(i);
                }
            }
            None if sign > 0 => self.rate.push((class, line, bytes)),
            None => {}
        }
    }

    /// The version `seq`'s restored replica is now `replica` (`None`: it has none).
    pub(super) fn set_replica(&mut self, seq: u64, replica: Option<Replica>) {
        self.replicas.retain(|(s, _)| *s != seq);
        if let Some(rep) = replica {
            self.replicas.push((seq, rep));
        }
    }

    /// Call `f` with each storage quantity of the key up to `t` (not before `last`); a line
    /// may come more than once.
    pub(super) fn visit_at(&self, t: Millis, mut f: impl FnMut(StorageClass, Line, ByteMs)) {
        let t = t.max(self.last);
        let dt = (t - self.last) as u128;
        for (c, l, x) in &self.total {
            f(*c, *l, *x);
        }
        for (c, l, bytes) in &self.rate {
            let q = *bytes as u128 * dt;
            if q > 0 {
                f(*c, *l, q);
            }
        }
        for (_, rep) in &self.replicas {
            let q = rep.between(self.last, t);
            if q > 0 {
                f(rep.class, Line::Replica, q);
            }
        }
    }
}
