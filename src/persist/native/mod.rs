//! The durable native [`Persist`]: the whole lab in one SQLite database file,
//! `DIR/osslab.sqlite`, for `osslab serve --data-dir DIR` and `osslab export/import`.
//!
//! It runs the same algorithms as the memory and IndexedDB stores ([`super::tx`]: plans,
//! reference-counted bodies, the generation and log) over one SQLite transaction per commit,
//! in write-ahead-log mode with `synchronous = FULL`: when `commit` returns the data is on
//! disk, and a crash at any moment leaves the last committed transaction.
//!
//! # Why SQLite
//! The store was redb until session 8; SQLite replaced it for the group commit's cost, which
//! bounds the durable server's write rate. Measured on this project's disk (BENCHMARKS.md,
//! "Durable endpoint"): one synced commit of 7 writes takes 163–175 µs in SQLite's WAL mode
//! and 250–269 µs in redb (whose copy-on-write commit rewrites every B-tree path it touched
//! and keeps free-page lists). A data directory written by the redb store is imported once
//! on open ([`legacy`]).
//!
//! # Layout
//! One table per store of [`StoreName`] (`meta`, `buckets`, `entries`, `uploads`, `bodies`,
//! `refs`, `log`, `toolkit`), each `(k BLOB PRIMARY KEY, v BLOB)`:
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
//! Measured (BENCHMARKS.md, "Durable endpoint"): a commit of 16 one-KiB PUTs costs one
//! database commit (one `fdatasync`) when bodies are in the database; as content-addressed
//! files it costs 16 file writes, 16 `fsync`s and a directory `fsync` more, before the same
//! commit for the records, and a crash between the two leaves orphan files to sweep.
//!
//! # Faults
//! A failed write (disk full, I/O error) rolls its SQLite transaction back; the connection
//! stays usable, reads keep working, and the next write works again once the disk does.
//! [`FaultyDisk`] makes commits fail on demand, for tests of exactly that.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

use crate::engine::clock::VirtualClock;
use crate::engine::{Change, Engine};

use super::handle::Handle;
use super::records::StateRecord;
use super::schema::{Key, StoreName};
use super::snapshot::{Progress, Snapshot};
use super::tx::{self, Plan, Updates};
use super::{Loaded, Persist, PersistError, Stats, SCHEMA_VERSION};

mod codec;
mod disk;
mod legacy;
mod sql;
mod txn;

use codec::{decode_entry, encode_key, key_text};
use disk::{lock_file, open_db, set_cache, CACHE_KIB, LOAD_CACHE_KIB};
pub use disk::{FaultyDisk, OpenError};
use txn::NativeTx;

/// The database file inside the data directory.
pub const DB_FILE: &str = "osslab.sqlite";

/// The open database, shared by every handle on it (like tabs on one IndexedDB database).
struct Shared {
    file: PathBuf,
    disk: Option<FaultyDisk>,
    conn: Mutex<Connection>,
    /// Holds the data directory's lock (see [`disk::lock_file`]) while the store is open.
    _lock: File,
    /// Fail the next write transaction after this many writes (crash simulation).
    fail_after: Mutex<Option<usize>>,
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
        let lock = lock_file(&file)?;
        let conn = open_db(&file, disk.as_ref())?;
        let store = NativeStore {
            shared: Arc::new(Shared {
                file: file.clone(),
                disk,
                conn: Mutex::new(conn),
                _lock: lock,
                fail_after: Default::default(),
                no_log: AtomicBool::new(false),
            }),
            handle: Handle::default(),
        };
        legacy::import_once(&store, dir)?;
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
        let tx = self.begin_write();
        tx::Tx::clear(&tx, StoreName::Log)?;
        tx.commit()
    }

    /// Space on disk: (bytes in pages in use, bytes of keys and values stored).
    pub fn space(&self) -> Result<(u64, u64), PersistError> {
        let conn = self.conn();
        let pragma = |name: &str| number(&conn, &format!("PRAGMA {name}"));
        let used = (pragma("page_count")? - pragma("freelist_count")?) * pragma("page_size")?;
        let mut stored = 0;
        for s in StoreName::ALL {
            stored += number(&conn, &sql::table(s).row_bytes)?;
        }
        Ok((used, stored))
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

    /// The next write transaction fails after `n` writes (and writes nothing).
    pub fn fail_after_writes(&self, n: usize) {
        *self
            .shared
            .fail_after
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(n);
    }

    /// The connection, for one transaction. (A panic while it was held left no transaction
    /// open: rusqlite rolls an unfinished one back when it is dropped.)
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.shared.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn storage_error(&self, e: rusqlite::Error) -> PersistError {
        disk::storage_error(&self.shared.file, self.shared.disk.as_ref(), e)
    }

    fn read_state(&self) -> Result<Option<StateRecord>, PersistError> {
        pollster::block_on(tx::read_state(&self.begin_read()))
    }

    fn begin_read(&self) -> NativeTx<'_> {
        NativeTx::new(self, self.conn(), None)
    }

    fn begin_write(&self) -> NativeTx<'_> {
        let fail_after = self
            .shared
            .fail_after
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        NativeTx::new(self, self.conn(), fail_after)
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
                let tx = self.begin_write();
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

/// A read that failed: the database cannot be read as it should.
fn read_error(e: rusqlite::Error) -> PersistError {
    PersistError::Corrupt(e.to_string())
}

/// The number `query` answers (a count or a sum, never negative).
fn number(conn: &Connection, query: &str) -> Result<u64, PersistError> {
    conn.query_row(query, [], |r| r.get::<_, i64>(0))
        .map(|n| n as u64)
        .map_err(read_error)
}

/// The number of rows of `store`.
fn count(conn: &Connection, store: StoreName) -> Result<usize, PersistError> {
    number(conn, &sql::table(store).count).map(|n| n as usize)
}

impl NativeStore {
    /// Every record but the version records, straight from the tables, and the number of
    /// version records (read by [`NativeStore::load`] as the engine is rebuilt).
    fn read_all(
        conn: &Connection,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(Snapshot, usize), PersistError> {
        let mut snap = Snapshot::default();
        // Counts and the log are derived data, and version records are read later: not read.
        let read: Vec<StoreName> = StoreName::ALL
            .into_iter()
            .filter(|s| !matches!(s, StoreName::Entries | StoreName::Refs | StoreName::Log))
            .collect();
        let mut total = 0;
        for s in &read {
            total += count(conn, *s)?;
        }
        let mut done = 0;
        for s in read {
            let mut st = conn.prepare(&sql::table(s).scan).map_err(read_error)?;
            let mut rows = st.query([]).map_err(read_error)?;
            while let Some(row) = rows.next().map_err(read_error)? {
                let k = row
                    .get_ref(0)
                    .and_then(|k| Ok(k.as_blob()?))
                    .map_err(read_error)?;
                let v = row
                    .get_ref(1)
                    .and_then(|v| Ok(v.as_blob()?))
                    .map_err(read_error)?;
                match s {
                    StoreName::Bodies => {
                        snap.bodies.insert(key_text(k), Arc::from(v));
                    }
                    _ => match std::str::from_utf8(v) {
                        Ok(text) => snap.add_text(s, &key_text(k), text),
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
        Ok((snap, count(conn, StoreName::Entries)?))
    }

    /// Every record, in one read transaction (the records and the version records agree),
    /// rebuilt into a lab, and the stored generation.
    fn read_records(
        conn: &Connection,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(Loaded, u64), PersistError> {
        let txn = conn.unchecked_transaction().map_err(read_error)?;
        let (snap, count) = Self::read_all(&txn, progress)?;
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
        let mut st = txn
            .prepare(&sql::table(StoreName::Entries).scan)
            .map_err(read_error)?;
        let rows = st
            .query_map([], |row| {
                let k = row.get_ref(0)?.as_blob()?;
                let v = row.get_ref(1)?.as_blob()?;
                Ok(decode_entry(k, v)
                    .map_err(|e| format!("entry {}: undecodable ({e})", key_text(k))))
            })
            .map_err(read_error)?;
        let records = rows.map_while(|row| match row {
            Ok(record) => Some(record),
            Err(e) => {
                *failed.borrow_mut() = Some(read_error(e));
                None
            }
        });
        let loaded = snap.into_loaded_with(Some((Box::new(records), count)), progress);
        match failed.into_inner() {
            Some(e) => Err(e),
            None => Ok(loaded),
        }
    }
}

impl Persist for NativeStore {
    async fn load(&self, progress: &mut dyn FnMut(Progress)) -> Result<Loaded, PersistError> {
        let (loaded, generation) = {
            let conn = self.conn();
            // A load reads every page once: a cache of SQLite's default size keeps reusing
            // its memory, where the working cache would first fill 64 MiB of fresh pages
            // (measured, 1M versions: 1.58 s to listening instead of 1.75 s).
            set_cache(&conn, LOAD_CACHE_KIB)?;
            let read = Self::read_records(&conn, progress);
            set_cache(&conn, CACHE_KIB)?;
            read?
        };
        self.handle.loaded(generation);
        super::rewrite_stale(self, &loaded).await?;
        Ok(loaded)
    }

    async fn commit(&self, plan: Plan) -> Result<(), PersistError> {
        self.commit_with_clock(plan, None).await
    }

    async fn fetch_updates(&self, touched: &[Change]) -> Result<Updates, PersistError> {
        self.handle.fetch_updates(&self.begin_read(), touched).await
    }

    async fn save_clock(&self, clock: &VirtualClock) -> Result<(), PersistError> {
        let tx = self.begin_write();
        tx::put_clock(&tx, clock)?;
        tx.commit()
    }

    async fn replace_all(
        &self,
        engine: &Engine,
        clock: Option<&VirtualClock>,
    ) -> Result<(), PersistError> {
        let tx = self.begin_write();
        let generation = tx::replace_all(&tx, Snapshot::from_engine(engine, clock, 0)).await?;
        tx.commit()?;
        self.handle.replaced(generation);
        Ok(())
    }

    async fn reset(&self) -> Result<(), PersistError> {
        let tx = self.begin_write();
        let generation = tx::replace_all(&tx, Snapshot::default()).await?;
        tx.commit()?;
        self.handle.replaced(generation);
        Ok(())
    }

    async fn stats(&self) -> Result<Stats, PersistError> {
        let generation = self.read_state()?.map_or(0, |s| s.generation);
        let conn = self.conn();
        let body_bytes = number(&conn, &sql::table(StoreName::Bodies).value_bytes)? as usize;
        Ok(Stats {
            buckets: count(&conn, StoreName::Buckets)?,
            entries: count(&conn, StoreName::Entries)?,
            uploads: count(&conn, StoreName::Uploads)?,
            bodies: count(&conn, StoreName::Bodies)?,
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
        self.conn()
            .execute(&sql::table(store).put, (encode_key(key).as_slice(), bytes))
            .map(drop)
            .map_err(|e| self.storage_error(e))
    }

    #[doc(hidden)]
    pub fn raw_delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
        self.conn()
            .execute(&sql::table(store).delete, [encode_key(key).as_slice()])
            .map(drop)
            .map_err(|e| self.storage_error(e))
    }

    /// The most pages the database may grow to (SQLite's `max_page_count`; `None`: no
    /// limit): a test's way to fill the "disk" for real, and SQLite answers `SQLITE_FULL`.
    #[doc(hidden)]
    pub fn limit_pages(&self, pages: Option<u64>) -> Result<u64, PersistError> {
        let n = pages.map_or(i64::from(u32::MAX - 1), |p| p as i64);
        self.conn()
            .query_row(&format!("PRAGMA max_page_count = {n}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as u64)
            .map_err(|e| self.storage_error(e))
    }
}
