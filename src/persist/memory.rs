//! In-memory [`Persist`]: the reference implementation (native tests, and a fallback in the
//! browser). Clones of a [`MemoryStore`] share one storage, like tabs share one IndexedDB
//! database; each clone tracks its own generation, like a tab.
//!
//! Transactions are real: writes go to an overlay that is merged at commit, so a failed
//! transaction leaves nothing behind. Failure injection ([`MemoryStore::fail_after_writes`],
//! [`MemoryStore::set_quota`]) lets the conformance suite exercise crash and quota paths.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::engine::clock::VirtualClock;
use crate::engine::{Change, Engine};

use super::handle::Handle;
use super::schema::{Key, StoreName, Val};
use super::snapshot::{Progress, Snapshot};
use super::tx::{self, Plan, Tx, Updates};
use super::write_set::{WriteSet, Writes};
use super::{Loaded, Persist, PersistError, Stats};

type Tables = BTreeMap<StoreName, BTreeMap<Key, Val>>;

#[derive(Default)]
struct Shared {
    tables: Tables,
    /// Fail the next transaction after this many writes (crash simulation).
    fail_after: Option<usize>,
    /// Body bytes the "browser" allows.
    quota: Option<usize>,
}

#[derive(Clone, Default)]
pub struct MemoryStore {
    shared: Rc<RefCell<Shared>>,
    handle: Rc<Handle>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Another "tab" on the same storage, with its own generation.
    pub fn another_tab(&self) -> Self {
        MemoryStore {
            shared: self.shared.clone(),
            handle: Rc::new(Handle::at(self.handle.generation())),
        }
    }

    /// The next write transaction fails after `n` writes (and writes nothing).
    pub fn fail_after_writes(&self, n: usize) {
        self.shared.borrow_mut().fail_after = Some(n);
    }

    /// Limit stored body bytes; a transaction going over fails with `QuotaExceeded`.
    pub fn set_quota(&self, bytes: Option<usize>) {
        self.shared.borrow_mut().quota = bytes;
    }

    fn begin(&self) -> MemTx<'_> {
        let fail_after = self.shared.borrow_mut().fail_after.take();
        self.tx(fail_after)
    }

    /// A transaction that only reads (an injected failure is left for the next write).
    fn begin_read(&self) -> MemTx<'_> {
        self.tx(None)
    }

    fn tx(&self, fail_after: Option<usize>) -> MemTx<'_> {
        MemTx {
            store: self,
            writes: WriteSet::new(fail_after),
        }
    }
}

struct MemTx<'a> {
    store: &'a MemoryStore,
    writes: WriteSet,
}

impl MemTx<'_> {
    fn commit(self) -> Result<(), PersistError> {
        let Writes {
            cleared,
            rows: overlay,
        } = self.writes.into_writes()?;
        let mut shared = self.store.shared.borrow_mut();
        if let Some(q) = shared.quota {
            let size = |v: &Val| match v {
                Val::Bytes(b) => b.len(),
                _ => 0,
            };
            let bodies_cleared = cleared.contains(&StoreName::Bodies);
            let empty = BTreeMap::new();
            let bodies = match shared.tables.get(&StoreName::Bodies) {
                Some(t) if !bodies_cleared => t,
                _ => &empty,
            };
            let mut used: usize = bodies.values().map(size).sum();
            for ((s, k), v) in &overlay {
                if *s == StoreName::Bodies {
                    used -= bodies.get(k).map_or(0, size);
                    used += v.as_ref().map_or(0, size);
                }
            }
            if used > q {
                return Err(PersistError::QuotaExceeded);
            }
        }
        for s in cleared {
            shared.tables.insert(s, BTreeMap::new());
        }
        for ((s, k), v) in overlay {
            let t = shared.tables.entry(s).or_default();
            match v {
                Some(v) => {
                    t.insert(k, v);
                }
                None => {
                    t.remove(&k);
                }
            }
        }
        Ok(())
    }
}

impl Tx for MemTx<'_> {
    fn get(
        &self,
        store: StoreName,
        key: Key,
    ) -> impl std::future::Future<Output = Result<Option<Val>, PersistError>> {
        let v = match self.writes.pending(store, &key) {
            Some(v) => v,
            None => self
                .store
                .shared
                .borrow()
                .tables
                .get(&store)
                .and_then(|t| t.get(&key))
                .cloned(),
        };
        std::future::ready(Ok(v))
    }

    fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError> {
        self.writes.put(store, key, val.into_text_form())
    }

    fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
        self.writes.delete(store, key)
    }

    fn clear(&self, store: StoreName) -> Result<(), PersistError> {
        self.writes.clear(store)
    }
}

fn key_text(k: &Key) -> String {
    match k {
        Key::Name(n) => n.clone(),
        Key::Entry(b, k, s) => format!("{b}/{k}#{s}"),
        Key::Upload(b, u) => format!("{b}/{u}"),
        Key::Gen(g) => g.to_string(),
    }
}

impl Persist for MemoryStore {
    async fn load(&self, progress: &mut dyn FnMut(Progress)) -> Result<Loaded, PersistError> {
        let mut snap = Snapshot::default();
        {
            let shared = self.shared.borrow();
            let total: usize = shared.tables.values().map(BTreeMap::len).sum();
            let mut done = 0;
            for (store, table) in &shared.tables {
                for (k, v) in table {
                    match (store, v) {
                        (StoreName::Bodies, Val::Bytes(b)) => {
                            snap.bodies.insert(key_text(k), b.clone());
                        }
                        (_, Val::Text(t)) => snap.add_text(*store, &key_text(k), t),
                        _ => {}
                    }
                }
                done += table.len();
                progress(Progress {
                    phase: "read",
                    done,
                    total,
                });
            }
        }
        let (loaded, generation) = snap.into_loaded(progress);
        self.handle.loaded(generation);
        super::rewrite_stale(self, &loaded).await?;
        Ok(loaded)
    }

    async fn commit(&self, plan: Plan) -> Result<(), PersistError> {
        self.handle
            .commit(plan, async |plan, expected| {
                let tx = self.begin();
                let g = tx::write(&tx, plan, expected).await?;
                tx.commit().map(|()| g)
            })
            .await
            .map(|_| ())
    }

    async fn fetch_updates(&self, touched: &[Change]) -> Result<Updates, PersistError> {
        self.handle.fetch_updates(&self.begin(), touched).await
    }

    async fn save_clock(&self, clock: &VirtualClock) -> Result<(), PersistError> {
        let tx = self.begin();
        tx::put_clock(&tx, clock)?;
        tx.commit()
    }

    async fn replace_all(
        &self,
        engine: &Engine,
        clock: Option<&VirtualClock>,
    ) -> Result<(), PersistError> {
        let tx = self.begin();
        let generation = tx::replace_all(&tx, Snapshot::from_engine(engine, clock, 0)).await?;
        tx.commit()?;
        self.handle.replaced(generation);
        Ok(())
    }

    async fn reset(&self) -> Result<(), PersistError> {
        let tx = self.begin();
        let generation = tx::replace_all(&tx, Snapshot::default()).await?;
        tx.commit()?;
        self.handle.replaced(generation);
        Ok(())
    }

    fn inject_abort_after(&self, writes: usize) {
        self.fail_after_writes(writes);
    }

    async fn stats(&self) -> Result<Stats, PersistError> {
        let generation = tx::stored_generation(&self.begin_read()).await?;
        let shared = self.shared.borrow();
        let n = |s: StoreName| shared.tables.get(&s).map_or(0, BTreeMap::len);
        let body_bytes = shared.tables.get(&StoreName::Bodies).map_or(0, |t| {
            t.values()
                .map(|v| match v {
                    Val::Bytes(b) => b.len(),
                    _ => 0,
                })
                .sum()
        });

        Ok(Stats {
            buckets: n(StoreName::Buckets),
            entries: n(StoreName::Entries),
            uploads: n(StoreName::Uploads),
            bodies: n(StoreName::Bodies),
            body_bytes,
            generation,
        })
    }
}

/// Raw access for tests: put a damaged record, or remove a body behind the store's back.
impl MemoryStore {
    #[doc(hidden)]
    pub fn raw_put_text(&self, store: StoreName, key: Key, text: &str) {
        self.shared
            .borrow_mut()
            .tables
            .entry(store)
            .or_default()
            .insert(key, Val::Text(text.to_string()));
    }

    #[doc(hidden)]
    pub fn raw_delete(&self, store: StoreName, key: &Key) {
        if let Some(t) = self.shared.borrow_mut().tables.get_mut(&store) {
            t.remove(key);
        }
    }
}
