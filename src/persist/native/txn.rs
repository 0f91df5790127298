//! One redb transaction behind the [`Tx`] interface the shared algorithms use.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::Ordering;

use redb::ReadableTable;

use crate::persist::schema::{Key, StoreName, Val};
use crate::persist::tx::Tx;
use crate::persist::write_set::{WriteSet, Writes};
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
    writes: WriteSet,
}

impl<'a> NativeTx<'a> {
    pub(super) fn new(store: &'a NativeStore, txn: Txn, fail_after: Option<usize>) -> Self {
        NativeTx {
            store,
            txn,
            writes: WriteSet::new(fail_after),
        }
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
        let Writes { cleared, rows } = self.writes.into_writes()?;
        let Txn::Write(txn) = self.txn else {
            return Ok(());
        };
        let err = |e: &dyn fmt::Display| storage_error(file, e);
        for s in cleared {
            txn.delete_table(table(s)).map_err(|e| err(&e))?;
            txn.open_table(table(s)).map_err(|e| err(&e))?;
        }
        let mut by_store: BTreeMap<StoreName, Vec<(Key, Option<Val>)>> = BTreeMap::new();
        for ((s, k), v) in rows {
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
        let v = match self.writes.pending(store, &key) {
            Some(v) => Ok(v),
            None => self.read_stored(store, &key),
        };
        std::future::ready(v)
    }

    fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError> {
        if self.skips(store) {
            return Ok(());
        }
        self.writes.put(store, key, val)
    }

    fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
        if self.skips(store) {
            return Ok(());
        }
        self.writes.delete(store, key)
    }

    fn clear(&self, store: StoreName) -> Result<(), PersistError> {
        self.writes.clear(store)
    }
}
