//! One redb transaction behind the [`Tx`] interface the shared algorithms use.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::atomic::Ordering;

use redb::ReadableTable;

use crate::persist::schema::{Key, StoreName, Val};
use crate::persist::tx::{Tx, WriteBudget};
use crate::persist::PersistError;

use super::codec::{decode_val, encode_key, encode_val};
use super::disk::storage_error;
use super::{table, NativeStore};

// ---- transactions -------------------------------------------------------------------------

pub(super) enum Txn {
    Read(redb::ReadTransaction),
    // Boxed: a write transaction is several times the size of a read one.
    Write(Box<redb::WriteTransaction>),
}

/// One transaction. Writes collect in an overlay (reads see them) and go to redb at
/// [`NativeTx::commit`], each table opened once.
pub(super) struct NativeTx<'a> {
    store: &'a NativeStore,
    txn: Txn,
    overlay: RefCell<BTreeMap<(StoreName, Key), Option<Val>>>,
    cleared: RefCell<BTreeSet<StoreName>>,
    budget: WriteBudget,
}

impl<'a> NativeTx<'a> {
    pub(super) fn new(store: &'a NativeStore, txn: Txn, fail_after: Option<usize>) -> Self {
        NativeTx {
            store,
            txn,
            overlay: RefCell::default(),
            cleared: RefCell::default(),
            budget: WriteBudget::new(fail_after),
        }
    }

    fn count_write(&self) -> Result<(), PersistError> {
        self.budget.count_write()
    }

    /// A single writer keeps no change log.
    fn skips(&self, store: StoreName) -> bool {
        store == StoreName::Log && self.store.shared.no_log.load(Ordering::Relaxed)
    }

    fn read_stored(&self, store: StoreName, key: &Key) -> Result<Option<Val>, PersistError> {
        let k = encode_key(key);
        let read_err = |e: &dyn fmt::Display| PersistError::Corrupt(e.to_string());
        let bytes = match &self.txn {
            Txn::Read(t) => match t.open_table(table(store)) {
                Ok(tab) => tab
                    .get(k.as_slice())
                    .map_err(|e| read_err(&e))?
                    .map(|g| g.value().to_vec()),
                Err(redb::TableError::TableDoesNotExist(_)) => None,
                Err(e) => return Err(read_err(&e)),
            },
            Txn::Write(t) => t
                .open_table(table(store))
                .map_err(|e| read_err(&e))?
                .get(k.as_slice())
                .map_err(|e| read_err(&e))?
                .map(|g| g.value().to_vec()),
        };
        bytes.map(|b| decode_val(store, &k, &b)).transpose()
    }

    pub(super) fn commit(self) -> Result<(), PersistError> {
        let file = &self.store.shared.file;
        if self.budget.failed() {
            return Err(PersistError::Aborted("transaction failed".into()));
        }
        let Txn::Write(txn) = self.txn else {
            return Ok(());
        };
        let err = |e: &dyn fmt::Display| storage_error(file, e);
        for s in self.cleared.into_inner() {
            txn.delete_table(table(s)).map_err(|e| err(&e))?;
            txn.open_table(table(s)).map_err(|e| err(&e))?;
        }
        let mut by_store: BTreeMap<StoreName, Vec<(Key, Option<Val>)>> = BTreeMap::new();
        for ((s, k), v) in self.overlay.into_inner() {
            by_store.entry(s).or_default().push((k, v));
        }
        for (s, rows) in by_store {
            let mut t = txn.open_table(table(s)).map_err(|e| err(&e))?;
            for (k, v) in rows {
                let k = encode_key(&k);
                match v {
                    Some(v) => {
                        t.insert(k.as_slice(), encode_val(s, &v)?.as_slice())
                            .map_err(|e| err(&e))?;
                    }
                    None => {
                        t.remove(k.as_slice()).map_err(|e| err(&e))?;
                    }
                }
            }
        }
        txn.commit().map_err(|e| err(&e))
    }
}

impl Tx for NativeTx<'_> {
    fn get(
        &self,
        store: StoreName,
        key: Key,
    ) -> impl std::future::Future<Output = Result<Option<Val>, PersistError>> {
        let overlay = self.overlay.borrow().get(&(store, key.clone())).cloned();
        let v = match overlay {
            Some(v) => Ok(v),
            None if self.cleared.borrow().contains(&store) => Ok(None),
            None => self.read_stored(store, &key),
        };
        std::future::ready(v)
    }

    fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError> {
        if self.skips(store) {
            return Ok(());
        }
        self.count_write()?;
        self.overlay
            .borrow_mut()
            .insert((store, key.clone()), Some(val));
        Ok(())
    }

    fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
        if self.skips(store) {
            return Ok(());
        }
        self.count_write()?;
        self.overlay.borrow_mut().insert((store, key.clone()), None);
        Ok(())
    }

    fn clear(&self, store: StoreName) -> Result<(), PersistError> {
        self.count_write()?;
        self.overlay.borrow_mut().retain(|(s, _), _| *s != store);
        self.cleared.borrow_mut().insert(store);
        Ok(())
    }
}
