//! The durable native [`Persist`]: the whole lab in one redb database file,
//! `DIR/osslab.redb`, for `osslab serve --data-dir DIR` and `osslab export/import`.
//!
//! It runs the same algorithms as the memory and IndexedDB stores ([`super::tx`]: plans,
//! reference-counted bodies, the generation and log) over one redb write transaction per
//! commit, committed with [`redb::Durability::Immediate`]: when `commit` returns the data is
//! on disk, and a crash at any moment leaves the last committed transaction (redb is
//! copy-on-write with checksummed commit slots; see its design doc).
//!
//! # Layout
//! One redb table per store of [`StoreName`] (`meta`, `buckets`, `entries`, `uploads`,
//! `bodies`, `refs`, `log`, `toolkit`), keys and values as bytes:
//!
//! | table | key | value |
//! |---|---|---|
//! | `entries` | u16 length of the bucket name, bucket, object key, seq (8 bytes, big-endian) | `0x03` (older layouts: `0x01`, `0x02`) + the `EntryRecord` in postcard, without the bucket, key and seq its key holds |
//! | `uploads` | u16 length of the bucket name, bucket, upload id | JSON [`super::records::UploadRecord`] |
//! | `log` | generation (8 bytes, big-endian) | JSON change list |
//! | `bodies` | content id | the bytes |
//! | `refs` | content id | count (8 bytes, little-endian) |
//! | others | name | JSON record |
//!
//! Version records are the bulk of a lab, so they alone are stored in a compact binary form
//! (postcard of the same DTO, ~3x smaller than its JSON; a value starting with `{` is read as
//! JSON too). The rest stays JSON, as in IndexedDB and the export file.
//!
//! # Bodies in the database, not files beside it
//! Bodies live in the `bodies` table, stored once per content id like the browser store.
//! Measured (BENCHMARKS.md, "Durable endpoint"): a commit of 16 one-KiB PUTs costs one redb
//! commit (one `fdatasync`) when bodies are in the database; as content-addressed files it
//! costs 16 file writes, 16 `fsync`s and a directory `fsync` more, before the same redb
//! commit for the records, and a crash between the two leaves orphan files to sweep. Large
//! bodies are written once either way (redb writes a value's pages once; only the B-tree
//! path is copied).
//!
//! # Faults
//! After an I/O error redb refuses further work on that handle (`PreviousIo`) until the
//! database is reopened, so a failed commit reopens it ([`NativeStore::reopen`]): the next
//! write works again once the disk does. [`FaultyDisk`] makes writes fail on demand, for
//! tests of exactly that.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use redb::{
    Database, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition,
};

use crate::engine::clock::VirtualClock;
use crate::engine::{Change, Engine};

use super::handle::Handle;
use super::records::StateRecord;
use super::schema::{Key, StoreName};
use super::snapshot::{Progress, Snapshot};
use super::tx::{self, Plan, Tx, Updates};
use super::{Loaded, Persist, PersistError, Stats, SCHEMA_VERSION};

mod codec;
mod disk;
mod txn;

use codec::{decode_entry, encode_key, key_text};
use disk::{open_db, storage_error};
pub use disk::{FaultyDisk, OpenError};
use txn::{NativeTx, Txn};
/// The database file inside the data directory.
pub const DB_FILE: &str = "osslab.redb";

fn table(store: StoreName) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    TableDefinition::new(store.as_str())
}

/// The open database, shared by every handle on it (like tabs on one IndexedDB database).
struct Shared {
    file: PathBuf,
    disk: Option<FaultyDisk>,
    /// `None` only while [`NativeStore::reopen`] swaps it.
    db: RwLock<Option<Database>>,
    /// Fail the next write transaction after this many writes (crash simulation).
    fail_after: std::sync::Mutex<Option<usize>>,
    /// Skip the `log` store: see [`NativeStore::single_writer`].
    no_log: AtomicBool,
}

/// A handle on a data directory's database. Clone-free by design: [`NativeStore::another_handle`]
/// gives a second handle with its own generation (what a second tab is to IndexedDB).
pub struct NativeStore {
    shared: Arc<Shared>,
    handle: Handle,
}

impl NativeStore {
    /// Open (creating if needed) the database in `dir`.
    pub fn open(dir: &Path) -> Result<NativeStore, OpenError> {
        Self::open_with(dir, None)
    }

    /// [`NativeStore::open`] on a disk whose writes fail on demand.
    pub fn open_faulty(dir: &Path, disk: FaultyDisk) -> Result<NativeStore, OpenError> {
        Self::open_with(dir, Some(disk))
    }

    fn open_with(dir: &Path, disk: Option<FaultyDisk>) -> Result<NativeStore, OpenError> {
        let dir_error = |why| OpenError::Dir {
            dir: dir.to_path_buf(),
            why,
        };
        std::fs::create_dir_all(dir).map_err(dir_error)?;
        // Listing it proves it is readable (create_dir_all succeeds on an existing one).
        std::fs::read_dir(dir).map_err(dir_error)?;
        let file = dir.join(DB_FILE);
        let db = open_db(&file, disk.as_ref())?;
        let store = NativeStore {
            shared: Arc::new(Shared {
                file: file.clone(),
                disk,
                db: RwLock::new(Some(db)),
                fail_after: Default::default(),
                no_log: AtomicBool::new(false),
            }),
            handle: Handle::default(),
        };
        store.create_tables().map_err(|e| OpenError::Other {
            file: file.clone(),
            why: e.to_string(),
        })?;
        if let Some(found) = store
            .read_state()
            .map_err(|e| OpenError::Damaged {
                file: file.clone(),
                why: e.to_string(),
            })?
            .map(|s| s.schema)
            .filter(|s| *s > SCHEMA_VERSION)
        {
            return Err(OpenError::TooNew { file, found });
        }
        Ok(store)
    }

    /// This handle is the only one that will ever write (the server): the change log that
    /// lets other handles catch up ([`Persist::fetch_updates`]) is not written, which saves
    /// a table's pages in every commit. Entries already in it are cleared.
    pub fn single_writer(&self) -> Result<(), PersistError> {
        self.shared.no_log.store(true, Ordering::SeqCst);
        let tx = self.begin_write()?;
        tx.clear(StoreName::Log)?;
        tx.commit()
    }

    /// Space on disk: (pages allocated, bytes stored in leaves), from redb's statistics.
    pub fn space(&self) -> Result<(u64, u64), PersistError> {
        let file = &self.shared.file;
        let txn = self
            .with_db(|db| db.begin_write())?
            .map_err(|e| storage_error(file, e))?;
        let stats = txn.stats().map_err(|e| storage_error(file, e))?;
        Ok((
            stats.allocated_pages() * stats.page_size() as u64,
            stats.stored_bytes(),
        ))
    }

    /// Another handle on the same database, with its own generation.
    pub fn another_handle(&self) -> NativeStore {
        NativeStore {
            shared: self.shared.clone(),
            handle: Handle::at(self.handle.generation()),
        }
    }

    /// The database file.
    pub fn file(&self) -> &Path {
        &self.shared.file
    }

    /// Close and open the database again: after an I/O error redb refuses further work on
    /// the handle until then. When opening fails (the disk still refuses writes), the store
    /// stays closed and the next transaction tries again.
    pub fn reopen(&self) -> Result<(), OpenError> {
        let mut guard = self.shared.db.write().unwrap_or_else(|p| p.into_inner());
        // Drop first: the new handle needs the file lock the old one holds.
        drop(guard.take());
        *guard = Some(open_db(&self.shared.file, self.shared.disk.as_ref())?);
        Ok(())
    }

    /// The next write transaction fails after `n` writes (and writes nothing).
    pub fn fail_after_writes(&self, n: usize) {
        *self
            .shared
            .fail_after
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(n);
    }

    fn with_db<R>(&self, f: impl FnOnce(&Database) -> R) -> Result<R, PersistError> {
        {
            let guard = self.shared.db.read().unwrap_or_else(|p| p.into_inner());
            if let Some(db) = guard.as_ref() {
                return Ok(f(db));
            }
        }
        // Closed by a failed reopen: try again.
        self.reopen().map_err(|e| {
            PersistError::Aborted(format!("the database could not be reopened: {e}"))
        })?;
        let guard = self.shared.db.read().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().map(f).ok_or(PersistError::Closed)
    }

    fn create_tables(&self) -> Result<(), PersistError> {
        let file = &self.shared.file;
        let txn = self
            .with_db(|db| db.begin_write())?
            .map_err(|e| storage_error(file, e))?;
        for s in StoreName::ALL {
            txn.open_table(table(s))
                .map_err(|e| storage_error(file, e))?;
        }
        txn.commit().map_err(|e| storage_error(file, e))
    }

    fn read_state(&self) -> Result<Option<StateRecord>, PersistError> {
        let tx = self.begin_read()?;
        pollster::block_on(tx::read_state(&tx))
    }

    fn begin_read(&self) -> Result<NativeTx<'_>, PersistError> {
        let txn = self
            .with_db(|db| db.begin_read())?
            .map_err(|e| PersistError::Corrupt(e.to_string()))?;
        Ok(NativeTx::new(self, Txn::Read(txn), None))
    }

    fn begin_write(&self) -> Result<NativeTx<'_>, PersistError> {
        let file = &self.shared.file;
        let mut txn = self
            .with_db(|db| db.begin_write())?
            .map_err(|e| storage_error(file, e))?;
        txn.set_durability(Durability::Immediate)
            .map_err(|e| storage_error(file, e))?;
        let fail_after = self
            .shared
            .fail_after
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        Ok(NativeTx::new(self, Txn::Write(Box::new(txn)), fail_after))
    }

    /// Write `plan` and, when given, the clock in ONE transaction (the server's group
    /// commit). Same bookkeeping as [`Persist::commit`]: after a failure the plan stays
    /// pending (see [`Persist::refresh`] to roll an engine back to what is stored).
    pub async fn commit_with_clock(
        &self,
        plan: Plan,
        clock: Option<&VirtualClock>,
    ) -> Result<(), PersistError> {
        let written = self
            .handle
            .commit(plan, async |plan, g| {
                let tx = self.begin_write()?;
                let g = tx::write(&tx, plan, g).await?;
                if let Some(c) = clock {
                    tx::put_clock(&tx, c)?;
                }
                tx.commit().map(|()| g)
            })
            .await?;
        match (written, clock) {
            // Nothing to write but the clock.
            (None, Some(c)) => self.save_clock(c).await,
            _ => Ok(()),
        }
    }
}

// ---- Persist ------------------------------------------------------------------------------

impl NativeStore {
    /// Every record but the version records, straight from the tables, and the number of
    /// version records (read by [`NativeStore::load`] as the engine is rebuilt).
    fn read_all(
        &self,
        txn: &redb::ReadTransaction,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(Snapshot, usize), PersistError> {
        let corrupt = |e: &dyn fmt::Display| PersistError::Corrupt(e.to_string());
        let mut snap = Snapshot::default();
        let mut tables = Vec::new();
        for s in StoreName::ALL {
            match txn.open_table(table(s)) {
                Ok(t) => tables.push((s, t)),
                Err(redb::TableError::TableDoesNotExist(_)) => {}
                Err(e) => return Err(corrupt(&e)),
            }
        }
        let mut total = 0;
        let mut entries = 0;
        for (s, t) in &tables {
            let n = t.len().map_err(|e| corrupt(&e))? as usize;
            match s {
                StoreName::Entries => entries = n,
                // Counts and the log are derived data: not read.
                StoreName::Refs | StoreName::Log => {}
                _ => total += n,
            }
        }
        let mut done = 0;
        for (s, t) in &tables {
            if matches!(s, StoreName::Entries | StoreName::Refs | StoreName::Log) {
                continue;
            }
            for row in t.iter().map_err(|e| corrupt(&e))? {
                let (k, v) = row.map_err(|e| corrupt(&e))?;
                let (k, v) = (k.value(), v.value());
                match s {
                    StoreName::Bodies => {
                        snap.bodies.insert(key_text(k), Arc::from(v));
                    }
                    _ => match std::str::from_utf8(v) {
                        Ok(text) => snap.add_text(*s, &key_text(k), text),
                        Err(e) => snap.problems.push(format!(
                            "{} {}: undecodable ({e})",
                            s.as_str(),
                            key_text(k)
                        )),
                    },
                }
                done += 1;
                if done % 10_000 == 0 {
                    progress(Progress {
                        phase: "read",
                        done,
                        total,
                    });
                }
            }
        }
        progress(Progress {
            phase: "read",
            done,
            total,
        });
        Ok((snap, entries))
    }
}

impl Persist for NativeStore {
    async fn load(&self, progress: &mut dyn FnMut(Progress)) -> Result<Loaded, PersistError> {
        let corrupt = |e: &dyn fmt::Display| PersistError::Corrupt(e.to_string());
        let txn = self
            .with_db(|db| db.begin_read())?
            .map_err(|e| corrupt(&e))?;
        let (snap, count) = self.read_all(&txn, progress)?;
        if let Some(found) = snap
            .state
            .as_ref()
            .map(|s| s.schema)
            .filter(|s| *s > SCHEMA_VERSION)
        {
            return Err(PersistError::TooNew { found });
        }
        // Version records, the bulk of a lab, are decoded one at a time as the engine is
        // rebuilt (no second copy of them all in memory). A read error ends the load as it
        // would have before the rebuild.
        let failed: std::cell::RefCell<Option<PersistError>> = Default::default();
        let entries = match txn.open_table(table(StoreName::Entries)) {
            Ok(t) => Some(t),
            Err(redb::TableError::TableDoesNotExist(_)) => None,
            Err(e) => return Err(corrupt(&e)),
        };
        let rows = match &entries {
            Some(t) => Some(t.iter().map_err(|e| corrupt(&e))?),
            None => None,
        };
        let records = rows.into_iter().flatten().map_while(|row| match row {
            Ok((k, v)) => Some(
                decode_entry(k.value(), v.value())
                    .map_err(|e| format!("entry {}: undecodable ({e})", key_text(k.value()))),
            ),
            Err(e) => {
                *failed.borrow_mut() = Some(corrupt(&e));
                None
            }
        });
        let (loaded, generation) =
            snap.into_loaded_with(Some((Box::new(records), count)), progress);
        if let Some(e) = failed.into_inner() {
            return Err(e);
        }
        self.handle.loaded(generation);
        super::rewrite_stale(self, &loaded).await?;
        Ok(loaded)
    }

    async fn commit(&self, plan: Plan) -> Result<(), PersistError> {
        self.commit_with_clock(plan, None).await
    }

    async fn fetch_updates(&self, touched: &[Change]) -> Result<Updates, PersistError> {
        self.handle
            .fetch_updates(&self.begin_read()?, touched)
            .await
    }

    async fn save_clock(&self, clock: &VirtualClock) -> Result<(), PersistError> {
        let tx = self.begin_write()?;
        tx::put_clock(&tx, clock)?;
        tx.commit()
    }

    async fn replace_all(
        &self,
        engine: &Engine,
        clock: Option<&VirtualClock>,
    ) -> Result<(), PersistError> {
        let tx = self.begin_write()?;
        let generation = tx::replace_all(&tx, Snapshot::from_engine(engine, clock, 0)).await?;
        tx.commit()?;
        self.handle.replaced(generation);
        Ok(())
    }

    async fn reset(&self) -> Result<(), PersistError> {
        let tx = self.begin_write()?;
        let generation = tx::replace_all(&tx, Snapshot::default()).await?;
        tx.commit()?;
        self.handle.replaced(generation);
        Ok(())
    }

    async fn stats(&self) -> Result<Stats, PersistError> {
        let corrupt = |e: &dyn fmt::Display| PersistError::Corrupt(e.to_string());
        let txn = self
            .with_db(|db| db.begin_read())?
            .map_err(|e| corrupt(&e))?;
        let len = |s: StoreName| -> Result<usize, PersistError> {
            match txn.open_table(table(s)) {
                Ok(t) => Ok(t.len().map_err(|e| corrupt(&e))? as usize),
                Err(redb::TableError::TableDoesNotExist(_)) => Ok(0),
                Err(e) => Err(corrupt(&e)),
            }
        };
        let mut body_bytes = 0;
        if let Ok(t) = txn.open_table(table(StoreName::Bodies)) {
            for row in t.iter().map_err(|e| corrupt(&e))? {
                body_bytes += row.map_err(|e| corrupt(&e))?.1.value().len();
            }
        }
        let generation = self.read_state()?.map_or(0, |s| s.generation);
        Ok(Stats {
            buckets: len(StoreName::Buckets)?,
            entries: len(StoreName::Entries)?,
            uploads: len(StoreName::Uploads)?,
            bodies: len(StoreName::Bodies)?,
            body_bytes,
            generation,
        })
    }

    fn inject_abort_after(&self, writes: usize) {
        self.fail_after_writes(writes);
    }
}

/// Raw access for tests: put a damaged record, or remove a body behind the store's back.
impl NativeStore {
    #[doc(hidden)]
    pub fn raw_put(&self, store: StoreName, key: &Key, bytes: &[u8]) -> Result<(), PersistError> {
        let file = &self.shared.file;
        let txn = self
            .with_db(|db| db.begin_write())?
            .map_err(|e| storage_error(file, e))?;
        txn.open_table(table(store))
            .map_err(|e| storage_error(file, e))?
            .insert(encode_key(key).as_slice(), bytes)
            .map_err(|e| storage_error(file, e))?;
        txn.commit().map_err(|e| storage_error(file, e))
    }

    #[doc(hidden)]
    pub fn raw_delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
        let file = &self.shared.file;
        let txn = self
            .with_db(|db| db.begin_write())?
            .map_err(|e| storage_error(file, e))?;
        txn.open_table(table(store))
            .map_err(|e| storage_error(file, e))?
            .remove(encode_key(key).as_slice())
            .map_err(|e| storage_error(file, e))?;
        txn.commit().map_err(|e| storage_error(file, e))
    }
}
