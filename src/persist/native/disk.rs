//! Opening the database file: the lock against a second process, SQLite's settings, errors
//! that name the directory and say what to do, and a disk whose writes fail on demand
//! (tests of full-disk handling).

use std::fmt;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rusqlite::{Connection, ErrorCode};

use crate::persist::schema::StoreName;
use crate::persist::{PersistError, SCHEMA_VERSION};

/// Why a data directory cannot be opened. Every message names the directory and says what
/// to do.
#[derive(Debug)]
pub enum OpenError {
    /// The directory cannot be created or read.
    Dir { dir: PathBuf, why: std::io::Error },
    /// Another process (a running `osslab serve`) holds the database.
    Locked { file: PathBuf },
    /// The database file is damaged or not a database.
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
/// every commit is rolled back by SQLite and reported as `ENOSPC`, as a full disk would be.
///
/// It vetoes the commit from SQLite's commit hook, after the transaction's rows were written
/// to its pages and before the write-ahead log is: SQLite's own rollback then runs, as after
/// a failed write of the log. (A fault inside SQLite's file layer would need a VFS shim in
/// unsafe code; `a_full_database_refuses_writes_until_there_is_room` in
/// tests/persist_native.rs covers SQLite's own out-of-space path, `SQLITE_FULL`.)
#[derive(Clone, Debug, Default)]
pub struct FaultyDisk(Arc<AtomicBool>);

impl FaultyDisk {
    pub fn set_failing(&self, failing: bool) {
        self.0.store(failing, Ordering::SeqCst);
    }

    fn failing(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// SQLite's page cache. The engine holds the whole lab in memory, so the cache only needs
/// the pages commits touch (the B-trees' inner pages, above all).
pub(super) const CACHE_KIB: i64 = 64 << 10;
/// The page cache while a load reads every page once (SQLite's default size).
pub(super) const LOAD_CACHE_KIB: i64 = 2000;

/// Size SQLite's page cache.
pub(super) fn set_cache(conn: &Connection, kib: i64) -> Result<(), PersistError> {
    conn.execute_batch(&format!("PRAGMA cache_size = -{kib}"))
        .map_err(super::read_error)
}

/// Open (creating if needed) the database `file`, holding `lock` (see [`lock_file`]).
pub(super) fn open_db(file: &Path, disk: Option<&FaultyDisk>) -> Result<Connection, OpenError> {
    let fail = |e: rusqlite::Error| open_error(file, e);
    let conn = Connection::open(file).map_err(fail)?;
    // Write-ahead log, synced at every commit: a commit is durable when it returns, and a
    // crash at any moment leaves the last committed transaction (see docs/architecture.md,
    // "Durable endpoint"). EXCLUSIVE locking keeps the log's index in this process's memory
    // (no shared-memory file): one process uses the database, and `lock_file` says so.
    conn.execute_batch(&format!(
        "PRAGMA locking_mode = EXCLUSIVE;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA cache_size = -{CACHE_KIB};"
    ))
    .map_err(fail)?;
    if let Some(disk) = disk {
        let disk = disk.clone();
        conn.commit_hook(Some(move || disk.failing()));
    }
    let create: String = StoreName::ALL
        .iter()
        .map(|s| super::sql::table(*s).create.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    conn.execute_batch(&format!("BEGIN IMMEDIATE; {create} COMMIT;"))
        .map_err(fail)?;
    Ok(conn)
}

/// Take the data directory's lock: an exclusive advisory lock on the database file, held as
/// long as the returned file is open. A second process is refused at once, with
/// [`OpenError::Locked`], before SQLite touches the file.
pub(super) fn lock_file(file: &Path) -> Result<File, OpenError> {
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(file)
        .map_err(|why| OpenError::Dir {
            dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
            why,
        })?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(TryLockError::WouldBlock) => Err(OpenError::Locked {
            file: file.to_path_buf(),
        }),
        Err(TryLockError::Error(why)) => Err(OpenError::Other {
            file: file.to_path_buf(),
            why: why.to_string(),
        }),
    }
}

fn open_error(file: &Path, e: rusqlite::Error) -> OpenError {
    let file = file.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => OpenError::Damaged {
            file,
            why: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => OpenError::Locked { file },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            OpenError::Dir {
                dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
                why: std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()),
            }
        }
        _ => OpenError::Other {
            file,
            why: e.to_string(),
        },
    }
}

/// A failed write, as the client will read it (the server's 500 `InternalError` message):
/// which file and why. A commit vetoed by a failing [`FaultyDisk`] reads as the full disk
/// it stands for.
pub(super) fn storage_error(
    file: &Path,
    disk: Option<&FaultyDisk>,
    e: rusqlite::Error,
) -> PersistError {
    let vetoed = disk.is_some_and(FaultyDisk::failing)
        && e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation);
    let why = if vetoed {
        std::io::Error::from_raw_os_error(28).to_string() // ENOSPC
    } else {
        e.to_string()
    };
    PersistError::Aborted(format!("writing {} failed: {why}", file.display()))
}
