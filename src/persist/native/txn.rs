//! One transaction on the database behind the [`Tx`] interface the shared algorithms use.

use std::sync::atomic::Ordering;
use std::sync::MutexGuard;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::persist::schema::{Key, StoreName, Val};
use crate::persist::tx::Tx;
use crate::persist::write_set::{WriteSet, Writes};
use crate::persist::PersistError;

use super::codec::{decode_val, encode_key, encode_val};
use super::{sql, NativeStore};

/// One transaction. It holds the connection for its whole life, so nothing else reads or
/// writes in between: its reads are consistent, and a write transaction's rows (kept in an
/// overlay that its reads see) go to SQLite in one `BEGIN IMMEDIATE … COMMIT` at
/// [`NativeTx::commit`].
pub(super) struct NativeTx<'a> {
    store: &'a NativeStore,
    conn: MutexGuard<'a, Connection>,
    writes: WriteSet,
}

impl<'a> NativeTx<'a> {
    pub(super) fn new(
        store: &'a NativeStore,
        conn: MutexGuard<'a, Connection>,
        fail_after: Option<usize>,
    ) -> Self {
        NativeTx {
            store,
            conn,
            writes: WriteSet::new(fail_after),
        }
    }

    /// A single writer keeps no change log.
    fn skips(&self, store: StoreName) -> bool {
        store == StoreName::Log && self.store.shared.no_log.load(Ordering::Relaxed)
    }

    fn read_stored(&self, store: StoreName, key: &Key) -> Result<Option<Val>, PersistError> {
        let k = encode_key(key);
        let bytes: Option<Vec<u8>> = self
            .conn
            .prepare_cached(&sql::table(store).get)
            .map_err(super::read_error)?
            .query_row([k.as_slice()], |row| row.get(0))
            .optional()
            .map_err(super::read_error)?;
        bytes.map(|b| decode_val(store, &k, &b)).transpose()
    }

    /// Write what the transaction collected, in one durable SQLite transaction.
    pub(super) fn commit(mut self) -> Result<(), PersistError> {
        let Writes { cleared, rows } = self.writes.into_writes()?;
        if cleared.is_empty() && rows.is_empty() {
            return Ok(());
        }
        let store = self.store;
        let err = |e| store.storage_error(e);
        let txn = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        for s in cleared {
            txn.execute(&sql::table(s).clear, []).map_err(err)?;
        }
        for ((s, k), v) in rows {
            let k = encode_key(&k);
            match v {
                Some(v) => {
                    let v = encode_val(s, &v)?;
                    txn.prepare_cached(&sql::table(s).put)
                        .and_then(|mut st| st.execute((k.as_slice(), v.as_slice())))
                        .map_err(err)?
                }
                None => txn
                    .prepare_cached(&sql::table(s).delete)
                    .and_then(|mut st| st.execute([k.as_slice()]))
                    .map_err(err)?,
            };
        }
        txn.commit().map_err(err)
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
