//! What one store handle (a tab, a server) keeps between transactions, and the bookkeeping
//! around them that every store shares: the generation its engine reflects and the plan of
//! failed writes, written again with the next commit.

use std::cell::{Cell, RefCell};

use crate::engine::Change;

use super::tx::{self, Plan, Tx, Updates};
use super::PersistError;

#[derive(Debug, Default)]
pub(crate) struct Handle {
    /// The generation of the stored state the handle's engine reflects.
    generation: Cell<u64>,
    /// Plan of failed transactions, written with the next one.
    pending: RefCell<Option<Plan>>,
}

impl Handle {
    /// A handle at `generation` with nothing pending (another tab on the same store).
    pub(crate) fn at(generation: u64) -> Self {
        Handle {
            generation: Cell::new(generation),
            pending: RefCell::default(),
        }
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation.get()
    }

    /// The engine was (re)loaded from the stored state at `generation`. Pending changes (of
    /// failed writes) stay: written again, they rewrite the records' current state, which is
    /// harmless after a reload.
    pub(crate) fn loaded(&self, generation: u64) {
        self.generation.set(generation);
    }

    /// The whole store was replaced (import, reset) at `generation`: nothing older is pending.
    pub(crate) fn replaced(&self, generation: u64) {
        self.generation.set(generation);
        self.pending.borrow_mut().take();
    }

    /// Merge `plan` with what a failed write left pending, write it with
    /// `write(plan, expected generation)` (which returns the new generation), then remember the
    /// generation. On a conflict the pending plan is put back as it was (the caller refreshes
    /// and retries); after any other failure the merged plan stays pending, written with the
    /// next successful commit. Returns the written plan and its generation, or `None` when
    /// there was nothing to write.
    pub(crate) async fn commit(
        &self,
        plan: Plan,
        write: impl AsyncFnOnce(&Plan, u64) -> Result<u64, PersistError>,
    ) -> Result<Option<(Plan, u64)>, PersistError> {
        let before = self.pending.borrow_mut().take();
        let plan = match before.clone() {
            Some(p) => p.merge(plan),
            None => plan,
        };
        if plan.is_empty() {
            return Ok(None);
        }
        match write(&plan, self.generation.get()).await {
            Ok(g) => {
                self.generation.set(g);
                Ok(Some((plan, g)))
            }
            Err(e @ PersistError::Conflict { .. }) => {
                *self.pending.borrow_mut() = before;
                Err(e)
            }
            Err(e) => {
                *self.pending.borrow_mut() = Some(plan);
                Err(e)
            }
        }
    }

    /// [`tx::fetch`] in `tx` of what changed since this handle's generation, plus `touched`
    /// and the records of pending (failed) writes, which are thereby rolled back to their
    /// stored state; the handle moves to the fetched generation.
    pub(crate) async fn fetch_updates<T: Tx>(
        &self,
        tx: &T,
        touched: &[Change],
    ) -> Result<Updates, PersistError> {
        let mut touched = touched.to_vec();
        if let Some(p) = self.pending.borrow_mut().take() {
            touched.extend_from_slice(p.changes());
        }
        let updates = tx::fetch(tx, self.generation.get(), &touched).await?;
        if let Updates::Records { generation, .. } = &updates {
            self.generation.set(*generation);
        }
        Ok(updates)
    }
}
