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
//! | `entries` | u16 length of the bucket name, bucket, object key, seq (8 bytes, big-endian) | `0x03` (older layouts: `0x01`, `0x02`) + the [`EntryRecord`] in postcard, without the bucket, key and seq its key holds |
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
//! commit (two `fdatasync`s) when bodies are in the database; as content-addressed files it
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

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use redb::{
    Database, DatabaseError, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata,
    StorageBackend, TableDefinition,
};

use crate::engine::clock::VirtualClock;
use crate::engine::{Change, Engine};

use super::handle::Handle;
use super::records::{from_json, to_json, EntryRecord, StateRecord};
use super::schema::{Key, StoreName, Val};
use super::snapshot::{Progress, Snapshot};
use super::tx::{self, Plan, Tx, Updates, WriteBudget};
use super::{Loaded, Persist, PersistError, Stats, SCHEMA_VERSION};

/// The database file inside the data directory.
pub const DB_FILE: &str = "osslab.redb";

fn table(store: StoreName) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    TableDefinition::new(store.as_str())
}

/// Why a data directory cannot be opened. Every message names the directory and says what
/// to do.
#[derive(Debug)]
pub enum OpenError {
    /// The directory cannot be created or read.
    Dir { dir: PathBuf, why: std::io::Error },
    /// Another process (a running `osslab serve`) holds the database.
    Locked { file: PathBuf },
    /// The database file is damaged or not a redb file.
    Damaged { file: PathBuf, why: String },
    /// Written by a newer osslab.
    TooNew { file: PathBuf, found: u32 },
    /// Any other failure.
    Other { file: PathBuf, why: String },
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Dir { dir, why } => {
                write!(f, "cannot use data directory {}: {why}", dir.display())
            }
            OpenError::Locked { file } => write!(
                f,
                "{} is in use by another osslab process (the database is locked); stop that \
                 server or choose another --data-dir",
                file.display()
            ),
            OpenError::Damaged { file, why } => write!(
                f,
                "{} is damaged ({why}); move it away to start empty, or restore an export with \
                 `osslab import`",
                file.display()
            ),
            OpenError::TooNew { file, found } => write!(
                f,
                "{} was written by a newer osslab (schema {found}, this one reads up to \
                 {SCHEMA_VERSION})",
                file.display()
            ),
            OpenError::Other { file, why } => {
                write!(f, "cannot open {}: {why}", file.display())
            }
        }
    }
}

impl std::error::Error for OpenError {}

/// A disk whose writes can be made to fail (tests of full-disk handling): while failing,
/// every write and sync returns `ENOSPC`.
#[derive(Clone, Debug, Default)]
pub struct FaultyDisk(Arc<AtomicBool>);

impl FaultyDisk {
    pub fn set_failing(&self, failing: bool) {
        self.0.store(failing, Ordering::SeqCst);
    }

    fn check(&self) -> Result<(), redb::BackendError> {
        if self.0.load(Ordering::SeqCst) {
            Err(std::io::Error::from_raw_os_error(28).into()) // ENOSPC
        } else {
            Ok(())
        }
    }
}

/// redb's file backend, with writes failing while [`FaultyDisk`] says so.
#[derive(Debug)]
struct FaultyBackend {
    file: redb::backends::FileBackend,
    disk: FaultyDisk,
}

type Bound = std::ops::Bound<u64>;

impl StorageBackend for FaultyBackend {
    fn len(&self) -> Result<u64, redb::BackendError> {
        self.file.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), redb::BackendError> {
        self.file.read(offset, out)
    }
    fn set_len(&self, len: u64) -> Result<(), redb::BackendError> {
        self.disk.check()?;
        self.file.set_len(len)
    }
    fn sync_data(&self) -> Result<(), redb::BackendError> {
        self.disk.check()?;
        self.file.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> Result<(), redb::BackendError> {
        self.disk.check()?;
        self.file.write(offset, data)
    }
    fn close(&self) -> Result<(), redb::BackendError> {
        self.file.close()
    }
    fn try_lock_range(&self, s: Bound, e: Bound) -> Result<bool, redb::BackendError> {
        self.file.try_lock_range(s, e)
    }
    fn try_lock_shared_range(&self, s: Bound, e: Bound) -> Result<bool, redb::BackendError> {
        self.file.try_lock_shared_range(s, e)
    }
    fn lock_range(&self, s: Bound, e: Bound) -> Result<(), redb::BackendError> {
        self.file.lock_range(s, e)
    }
    fn lock_shared_range(&self, s: Bound, e: Bound) -> Result<(), redb::BackendError> {
        self.file.lock_shared_range(s, e)
    }
    fn unlock_range(&self, s: Bound, e: Bound) -> Result<(), redb::BackendError> {
        self.file.unlock_range(s, e)
    }
    fn query_lock_range(&self, s: Bound, e: Bound) -> Result<bool, redb::BackendError> {
        self.file.query_lock_range(s, e)
    }
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

/// redb's page cache. The engine holds the whole lab in memory, so the cache only needs the
/// pages commits touch; redb's default (1 GiB) would keep every page read at start in memory
/// as well, and allocating it costs start time (fresh zeroed memory for each page).
const CACHE_BYTES: usize = 64 << 20;

fn builder() -> redb::Builder {
    let mut b = Database::builder();
    b.set_cache_size(CACHE_BYTES);
    b
}

fn open_db(file: &Path, disk: Option<&FaultyDisk>) -> Result<Database, OpenError> {
    let result = match disk {
        None => builder().create(file),
        Some(disk) => {
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(file)
                .map_err(|why| OpenError::Dir {
                    dir: file.to_path_buf(),
                    why,
                })?;
            builder().create_with_backend(FaultyBackend {
                file: redb::backends::FileBackend::new(f),
                disk: disk.clone(),
            })
        }
    };
    let file = file.to_path_buf();
    result.map_err(|e| match e {
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            OpenError::Locked { file }
        }
        DatabaseError::Storage(redb::StorageError::Io(why))
            if why.kind() == std::io::ErrorKind::PermissionDenied =>
        {
            OpenError::Dir {
                dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
                why,
            }
        }
        DatabaseError::Storage(redb::StorageError::Corrupted(why)) => {
            OpenError::Damaged { file, why }
        }
        DatabaseError::RepairAborted => OpenError::Damaged {
            file,
            why: "repair was aborted".into(),
        },
        DatabaseError::Storage(redb::StorageError::Io(why))
            if why.kind() == std::io::ErrorKind::InvalidData =>
        {
            OpenError::Damaged {
                file,
                why: why.to_string(),
            }
        }
        other => OpenError::Other {
            file,
            why: other.to_string(),
        },
    })
}

fn storage_error(file: &Path, e: impl fmt::Display) -> PersistError {
    PersistError::Aborted(format!("writing {} failed: {e}", file.display()))
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

// ---- encoding -----------------------------------------------------------------------------

/// Leading byte of a version record in postcard (a JSON record starts with `{`).
const ENTRY_POSTCARD: u8 = 3;
/// Leading byte of a version record written before object records had the ACL and tags
/// fields (postcard is positional: such a record is read with [`LegacyObjectV2`]).
const ENTRY_POSTCARD_V2: u8 = 2;
/// Leading byte of a version record written before object records had the Appendable and
/// Symlink fields (read with [`LegacyObject`]).
const ENTRY_POSTCARD_V1: u8 = 1;

/// An object record in the layout of [`ENTRY_POSTCARD_V1`]: without `appended`, `sealed`,
/// `symlink_target`, `acl` and `tags`.
#[derive(serde::Deserialize)]
struct LegacyObject {
    body: String,
    etag: String,
    crc64: u64,
    object_type: crate::engine::ObjectType,
    storage_class: crate::engine::StorageClass,
    transition_time: Option<crate::engine::Millis>,
    meta: crate::engine::ObjectMeta,
    restore: Option<super::records::RestoreRecord>,
}

/// An object record in the layout of [`ENTRY_POSTCARD_V2`]: without `acl` and `tags`.
#[derive(serde::Deserialize)]
struct LegacyObjectV2 {
    body: String,
    etag: String,
    crc64: u64,
    object_type: crate::engine::ObjectType,
    storage_class: crate::engine::StorageClass,
    transition_time: Option<crate::engine::Millis>,
    meta: crate::engine::ObjectMeta,
    restore: Option<super::records::RestoreRecord>,
    appended: Option<crate::engine::Millis>,
    sealed: bool,
    symlink_target: Option<String>,
}

impl From<LegacyObject> for LegacyObjectV2 {
    fn from(o: LegacyObject) -> Self {
        LegacyObjectV2 {
            body: o.body,
            etag: o.etag,
            crc64: o.crc64,
            object_type: o.object_type,
            storage_class: o.storage_class,
            transition_time: o.transition_time,
            meta: o.meta,
            restore: o.restore,
            appended: None,
            sealed: false,
            symlink_target: None,
        }
    }
}

impl From<LegacyObjectV2> for super::records::ObjectRecord {
    fn from(o: LegacyObjectV2) -> Self {
        super::records::ObjectRecord {
            body: o.body,
            etag: o.etag,
            crc64: o.crc64,
            object_type: o.object_type,
            storage_class: o.storage_class,
            transition_time: o.transition_time,
            meta: o.meta,
            restore: o.restore,
            appended: o.appended,
            sealed: o.sealed,
            symlink_target: o.symlink_target,
            // Every version was `default` and untagged before ACLs and tags existed.
            acl: Default::default(),
            tags: Vec::new(),
        }
    }
}

/// A version record of an older layout, whose object is `O`.
#[derive(serde::Deserialize)]
struct LegacyStoredEntry<O> {
    v: u32,
    created: crate::engine::Millis,
    null: bool,
    object: Option<O>,
}

impl<O: Into<LegacyObjectV2>> From<LegacyStoredEntry<O>> for StoredEntry {
    fn from(l: LegacyStoredEntry<O>) -> Self {
        StoredEntry {
            v: l.v,
            created: l.created,
            null: l.null,
            object: l.object.map(|o| o.into().into()),
        }
    }
}

/// A version record as stored: an [`EntryRecord`] without what its key already holds
/// (bucket, object key, sequence), in postcard.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredEntry {
    v: u32,
    created: crate::engine::Millis,
    null: bool,
    object: Option<super::records::ObjectRecord>,
}

/// The bucket, object key and sequence of an `entries` key.
fn decode_entry_key(k: &[u8]) -> Option<(String, String, u64)> {
    let n = u16::from_be_bytes(k.get(..2)?.try_into().ok()?) as usize;
    let bucket = std::str::from_utf8(k.get(2..2 + n)?).ok()?;
    let rest = k.get(2 + n..)?;
    let split = rest.len().checked_sub(8)?;
    let key = std::str::from_utf8(&rest[..split]).ok()?;
    let seq = u64::from_be_bytes(rest[split..].try_into().ok()?);
    Some((bucket.to_string(), key.to_string(), seq))
}

fn prefixed(first: &str, rest: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(2 + first.len() + rest.len() + 8);
    k.extend_from_slice(&(first.len() as u16).to_be_bytes());
    k.extend_from_slice(first.as_bytes());
    k.extend_from_slice(rest);
    k
}

fn encode_key(key: &Key) -> Vec<u8> {
    match key {
        Key::Name(n) => n.as_bytes().to_vec(),
        Key::Entry(b, k, seq) => {
            let mut v = prefixed(b, k.as_bytes());
            v.extend_from_slice(&seq.to_be_bytes());
            v
        }
        Key::Upload(b, u) => prefixed(b, u.as_bytes()),
        Key::Gen(g) => g.to_be_bytes().to_vec(),
    }
}

/// Readable text of a stored key, for problem reports.
fn key_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn encode_val(store: StoreName, val: &Val) -> Result<Vec<u8>, PersistError> {
    Ok(match (store, val) {
        (StoreName::Entries, Val::Text(json)) => {
            let rec: EntryRecord =
                from_json(json).map_err(|e| PersistError::Corrupt(format!("entry: {e}")))?;
            let stored = StoredEntry {
                v: rec.v,
                created: rec.created,
                null: rec.null,
                object: rec.object,
            };
            postcard::to_extend(&stored, vec![ENTRY_POSTCARD])
                .map_err(|e| PersistError::Corrupt(format!("entry: {e}")))?
        }
        (_, Val::Text(t)) => t.as_bytes().to_vec(),
        (_, Val::Bytes(b)) => b.to_vec(),
        (_, Val::Num(n)) => n.to_le_bytes().to_vec(),
    })
}

/// A stored version record, with its key.
fn decode_entry(key: &[u8], bytes: &[u8]) -> Result<EntryRecord, String> {
    match bytes.split_first() {
        Some((&tag @ (ENTRY_POSTCARD | ENTRY_POSTCARD_V2 | ENTRY_POSTCARD_V1), rest)) => {
            let s: StoredEntry = match tag {
                ENTRY_POSTCARD => postcard::from_bytes(rest).map_err(|e| e.to_string())?,
                ENTRY_POSTCARD_V2 => {
                    postcard::from_bytes::<LegacyStoredEntry<LegacyObjectV2>>(rest)
                        .map_err(|e| e.to_string())?
                        .into()
                }
                _ => postcard::from_bytes::<LegacyStoredEntry<LegacyObject>>(rest)
                    .map_err(|e| e.to_string())?
                    .into(),
            };
            let (bucket, key, seq) = decode_entry_key(key).ok_or("undecodable key")?;
            Ok(EntryRecord {
                v: s.v,
                bucket,
                key,
                seq,
                created: s.created,
                null: s.null,
                object: s.object,
            })
        }
        Some((b'{', _)) => from_json(bytes).map_err(|e| e.to_string()),
        _ => Err("unknown record encoding".into()),
    }
}

fn decode_val(store: StoreName, key: &[u8], bytes: &[u8]) -> Result<Val, PersistError> {
    let corrupt = |e: String| PersistError::Corrupt(format!("{}: {e}", store.as_str()));
    Ok(match store {
        StoreName::Bodies => Val::Bytes(Arc::from(bytes)),
        StoreName::Refs => Val::Num(u64::from_le_bytes(
            bytes
                .try_into()
                .map_err(|_| corrupt("bad reference count".into()))?,
        )),
        StoreName::Entries => Val::Text(to_json(&decode_entry(key, bytes).map_err(corrupt)?)),
        _ => Val::Text(String::from_utf8(bytes.to_vec()).map_err(|e| corrupt(e.to_string()))?),
    })
}

// ---- transactions -------------------------------------------------------------------------

enum Txn {
    Read(redb::ReadTransaction),
    // Boxed: a write transaction is several times the size of a read one.
    Write(Box<redb::WriteTransaction>),
}

/// One transaction. Writes collect in an overlay (reads see them) and go to redb at
/// [`NativeTx::commit`], each table opened once.
struct NativeTx<'a> {
    store: &'a NativeStore,
    txn: Txn,
    overlay: RefCell<BTreeMap<(StoreName, Key), Option<Val>>>,
    cleared: RefCell<BTreeSet<StoreName>>,
    budget: WriteBudget,
}

impl<'a> NativeTx<'a> {
    fn new(store: &'a NativeStore, txn: Txn, fail_after: Option<usize>) -> Self {
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

    fn commit(self) -> Result<(), PersistError> {
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

// ---- Persist ------------------------------------------------------------------------------

impl NativeStore {
    /// Every record, straight from the tables (version records without a JSON detour).
    fn read_all(&self, progress: &mut dyn FnMut(Progress)) -> Result<Snapshot, PersistError> {
        let corrupt = |e: &dyn fmt::Display| PersistError::Corrupt(e.to_string());
        let txn = self
            .with_db(|db| db.begin_read())?
            .map_err(|e| corrupt(&e))?;
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
        for (_, t) in &tables {
            total += t.len().map_err(|e| corrupt(&e))? as usize;
        }
        if let Some((_, t)) = tables.iter().find(|(s, _)| *s == StoreName::Entries) {
            snap.entries
                .reserve(t.len().map_err(|e| corrupt(&e))? as usize);
        }
        let mut done = 0;
        for (s, t) in &tables {
            for row in t.iter().map_err(|e| corrupt(&e))? {
                let (k, v) = row.map_err(|e| corrupt(&e))?;
                let (k, v) = (k.value(), v.value());
                match s {
                    StoreName::Bodies => {
                        snap.bodies.insert(key_text(k), Arc::from(v));
                    }
                    StoreName::Refs | StoreName::Log => {}
                    StoreName::Entries => match decode_entry(k, v) {
                        Ok(r) => snap.entries.push(r),
                        Err(e) => snap
                            .problems
                            .push(format!("entry {}: undecodable ({e})", key_text(k))),
                    },
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
        Ok(snap)
    }
}

impl Persist for NativeStore {
    async fn load(&self, progress: &mut dyn FnMut(Progress)) -> Result<Loaded, PersistError> {
        let snap = self.read_all(progress)?;
        if let Some(found) = snap
            .state
            .as_ref()
            .map(|s| s.schema)
            .filter(|s| *s > SCHEMA_VERSION)
        {
            return Err(PersistError::TooNew { found });
        }
        let (loaded, generation) = snap.into_loaded(progress);
        self.handle.loaded(generation);
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

#[cfg(test)]
mod legacy_tests {
    use super::*;

    /// A version record written before object records had the Appendable and Symlink fields
    /// (leading byte 1) still reads, with those fields absent.
    #[test]
    fn version_records_of_the_first_postcard_layout_still_read() {
        #[derive(serde::Serialize)]
        struct OldObject {
            body: String,
            etag: String,
            crc64: u64,
            object_type: crate::engine::ObjectType,
            storage_class: crate::engine::StorageClass,
            transition_time: Option<crate::engine::Millis>,
            meta: crate::engine::ObjectMeta,
            restore: Option<super::super::records::RestoreRecord>,
        }
        #[derive(serde::Serialize)]
        struct OldEntry {
            v: u32,
            created: crate::engine::Millis,
            null: bool,
            object: Option<OldObject>,
        }
        let old = OldEntry {
            v: 1,
            created: 42,
            null: false,
            object: Some(OldObject {
                body: "id".into(),
                etag: "5D41402ABC4B2A76B9719D911017C592".into(),
                crc64: 7,
                object_type: crate::engine::ObjectType::Normal,
                storage_class: crate::engine::StorageClass::IA,
                transition_time: None,
                meta: Default::default(),
                restore: None,
            }),
        };
        let bytes = postcard::to_extend(&old, vec![ENTRY_POSTCARD_V1]).unwrap();
        let key = encode_key(&Key::Entry("b".into(), "k".into(), 9));
        let rec = decode_entry(&key, &bytes).unwrap();
        assert_eq!(
            (rec.bucket.as_str(), rec.key.as_str(), rec.seq),
            ("b", "k", 9)
        );
        let o = rec.object.clone().unwrap();
        assert_eq!((o.crc64, o.appended, o.sealed), (7, None, false));
        // And the current layout round-trips, type fields included.
        let mut typed = rec;
        typed.object.as_mut().unwrap().symlink_target = Some("t".into());
        let json = to_json(&typed);
        let stored = encode_val(StoreName::Entries, &Val::Text(json)).unwrap();
        assert_eq!(stored[0], ENTRY_POSTCARD);
        assert_eq!(decode_entry(&key, &stored).unwrap(), typed);
    }

    /// A version record written before object records had the ACL and tags fields (leading
    /// byte 2) still reads, type fields kept, as a `default`, untagged version.
    #[test]
    fn version_records_of_the_second_postcard_layout_still_read() {
        #[derive(serde::Serialize)]
        struct OldObject {
            body: String,
            etag: String,
            crc64: u64,
            object_type: crate::engine::ObjectType,
            storage_class: crate::engine::StorageClass,
            transition_time: Option<crate::engine::Millis>,
            meta: crate::engine::ObjectMeta,
            restore: Option<super::super::records::RestoreRecord>,
            appended: Option<crate::engine::Millis>,
            sealed: bool,
            symlink_target: Option<String>,
        }
        #[derive(serde::Serialize)]
        struct OldEntry {
            v: u32,
            created: crate::engine::Millis,
            null: bool,
            object: Option<OldObject>,
        }
        let old = OldEntry {
            v: 1,
            created: 42,
            null: true,
            object: Some(OldObject {
                body: "id".into(),
                etag: "5D41402ABC4B2A76B9719D911017C592".into(),
                crc64: 7,
                object_type: crate::engine::ObjectType::Appendable,
                storage_class: crate::engine::StorageClass::Standard,
                transition_time: None,
                meta: Default::default(),
                restore: None,
                appended: Some(50),
                sealed: true,
                symlink_target: None,
            }),
        };
        let bytes = postcard::to_extend(&old, vec![ENTRY_POSTCARD_V2]).unwrap();
        let key = encode_key(&Key::Entry("b".into(), "k".into(), 9));
        let rec = decode_entry(&key, &bytes).unwrap();
        assert_eq!((rec.seq, rec.created, rec.null), (9, 42, true));
        let o = rec.object.clone().unwrap();
        assert_eq!(
            (o.crc64, o.appended, o.sealed, o.symlink_target.as_deref()),
            (7, Some(50), true, None)
        );
        assert_eq!(o.acl, crate::engine::acl::ObjectAcl::Default);
        assert!(o.tags.is_empty());
        // The current layout round-trips ACL and tags.
        let mut tagged = rec;
        let obj = tagged.object.as_mut().unwrap();
        obj.acl = crate::engine::acl::ObjectAcl::PublicRead;
        obj.tags = vec![("k".into(), "v".into())];
        let stored = encode_val(StoreName::Entries, &Val::Text(to_json(&tagged))).unwrap();
        assert_eq!(stored[0], ENTRY_POSTCARD);
        assert_eq!(decode_entry(&key, &stored).unwrap(), tagged);
    }
}
