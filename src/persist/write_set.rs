//! The writes of a transaction that applies them only at commit (the memory and SQLite
//! stores): the transaction's own reads see them first, a failed transaction leaves nothing
//! behind, and each write counts against the simulated-crash [`WriteBudget`].

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use super::schema::{Key, StoreName, Val};
use super::tx::WriteBudget;
use super::PersistError;

/// What a transaction wrote: per key the new value (`None`: deleted), and the stores it
/// cleared before those writes.
pub(crate) struct WriteSet {
    overlay: RefCell<BTreeMap<(StoreName, Key), Option<Val>>>,
    cleared: RefCell<BTreeSet<StoreName>>,
    budget: WriteBudget,
}

/// The writes to apply at commit: clear these stores, then put (`Some`) or delete (`None`).
pub(crate) struct Writes {
    pub cleared: BTreeSet<StoreName>,
    pub rows: BTreeMap<(StoreName, Key), Option<Val>>,
}

impl WriteSet {
    /// An empty write set; `fail_after` simulates a crash after that many writes.
    pub(crate) fn new(fail_after: Option<usize>) -> Self {
        WriteSet {
            overlay: RefCell::default(),
            cleared: RefCell::default(),
            budget: WriteBudget::new(fail_after),
        }
    }

    /// What this transaction's own writes say of `key`: `Some(value or None)` when it wrote,
    /// deleted or cleared it, `None` when the stored value stands.
    pub(crate) fn pending(&self, store: StoreName, key: &Key) -> Option<Option<Val>> {
        if let Some(v) = self.overlay.borrow().get(&(store, key.clone())) {
            return Some(v.clone());
        }
        self.cleared.borrow().contains(&store).then_some(None)
    }

    pub(crate) fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError> {
        self.budget.count_write()?;
        self.overlay
            .borrow_mut()
            .insert((store, key.clone()), Some(val));
        Ok(())
    }

    pub(crate) fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
        self.budget.count_write()?;
        self.overlay.borrow_mut().insert((store, key.clone()), None);
        Ok(())
    }

    pub(crate) fn clear(&self, store: StoreName) -> Result<(), PersistError> {
        self.budget.count_write()?;
        self.overlay.borrow_mut().retain(|(s, _), _| *s != store);
        self.cleared.borrow_mut().insert(store);
        Ok(())
    }

    /// The writes to apply, or an error when one of them failed (the transaction is void).
    pub(crate) fn into_writes(self) -> Result<Writes, PersistError> {
        if self.budget.failed() {
            return Err(PersistError::Aborted("transaction failed".into()));
        }
        Ok(Writes {
            cleared: self.cleared.into_inner(),
            rows: self.overlay.into_inner(),
        })
    }
}
