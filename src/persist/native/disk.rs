//! Opening the database file: errors that name the directory and say what to do, redb's
//! cache size, and a disk whose writes fail on demand (tests of full-disk handling).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use redb::{Database, DatabaseError, StorageBackend};

use crate::persist::{PersistError, SCHEMA_VERSION};

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
pub(super) struct FaultyBackend {
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

/// redb's page cache. The engine holds the whole lab in memory, so the cache only needs the
/// pages commits touch; redb's default (1 GiB) would keep every page read at start in memory
/// as well, and allocating it costs start time (fresh zeroed memory for each page).
const CACHE_BYTES: usize = 64 << 20;

pub(super) fn builder() -> redb::Builder {
    let mut b = Database::builder();
    b.set_cache_size(CACHE_BYTES);
    b
}

pub(super) fn open_db(file: &Path, disk: Option<&FaultyDisk>) -> Result<Database, OpenError> {
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

pub(super) fn storage_error(file: &Path, e: impl fmt::Display) -> PersistError {
    PersistError::Aborted(format!("writing {} failed: {e}", file.display()))
}
