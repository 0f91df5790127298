//! Data directories from before session 8, when the native store was redb: their
//! `osslab.redb` is imported into the SQLite database once, the first time the directory is
//! opened, and then kept as `osslab.redb.imported` (not deleted).
//!
//! Both stores lay keys and values out the same way ([`super::codec`]), so the import copies
//! rows as they are, every table in ONE SQLite transaction that first empties the tables.
//! The redb file is renamed `osslab.redb.importing` before that transaction (holding redb's
//! lock, so a redb server still running on it is refused first) and `osslab.redb.imported`
//! after it: an import cut short by a crash finds the `.importing` file on the next open and
//! runs again, writing the same rows, whether or not its transaction had committed (nothing
//! else can have written to the database in between: the store never finished opening). A
//! directory that holds both a SQLite lab and a fresh `osslab.redb` is refused instead of
//! choosing one for the user.

use std::path::Path;

use redb::{ReadableDatabase, ReadableTable, TableDefinition};

use crate::persist::schema::StoreName;

use super::{sql, NativeStore, OpenError};

/// The redb store's file.
pub const LEGACY_FILE: &str = "osslab.redb";
/// What it is renamed to while it is imported.
pub const IMPORTING_FILE: &str = "osslab.redb.importing";
/// What it is renamed to once imported.
pub const IMPORTED_FILE: &str = "osslab.redb.imported";

/// Import `dir`'s `osslab.redb` (or an interrupted import's `osslab.redb.importing`) into
/// `store`, if there is one.
pub(super) fn import_once(store: &NativeStore, dir: &Path) -> Result<(), OpenError> {
    let fresh = dir.join(LEGACY_FILE);
    let importing = dir.join(IMPORTING_FILE);
    let (db, from) = if fresh.exists() {
        // A state record that cannot be read is a lab all the same: never overwritten.
        let holds_lab = store.read_state().map_err(|e| OpenError::Damaged {
            file: store.file().to_path_buf(),
            why: e.to_string(),
        })?;
        if holds_lab.is_some() {
            return Err(OpenError::Other {
                file: fresh,
                why: format!(
                    "{} already holds a lab; move one of the two away (osslab imports an \
                     osslab.redb only into a directory without one)",
                    store.file().display()
                ),
            });
        }
        let db = open_redb(&fresh)?;
        std::fs::rename(&fresh, &importing).map_err(|why| OpenError::Dir {
            dir: dir.to_path_buf(),
            why,
        })?;
        (db, fresh)
    } else if importing.exists() {
        (open_redb(&importing)?, importing.clone())
    } else {
        return Ok(());
    };
    let rows = copy_rows(store, &db, &from)?;
    drop(db);
    let imported = dir.join(IMPORTED_FILE);
    std::fs::rename(&importing, &imported).map_err(|why| OpenError::Dir {
        dir: dir.to_path_buf(),
        why,
    })?;
    eprintln!(
        "osslab: imported {} ({rows} records) into {}; the old file is kept as {}",
        from.display(),
        store.file().display(),
        imported.display()
    );
    Ok(())
}

/// Open a redb file, taking its lock.
fn open_redb(file: &Path) -> Result<redb::Database, OpenError> {
    redb::Database::open(file).map_err(|e| match e {
        redb::DatabaseError::DatabaseAlreadyOpen | redb::DatabaseError::LockProtocolMismatch => {
            OpenError::Locked {
                file: file.to_path_buf(),
            }
        }
        other => OpenError::Damaged {
            file: file.to_path_buf(),
            why: other.to_string(),
        },
    })
}

/// Replace every table of `store` with the rows of `db`, in one transaction; the rows copied.
fn copy_rows(store: &NativeStore, db: &redb::Database, old: &Path) -> Result<usize, OpenError> {
    let damaged = |why: String| OpenError::Damaged {
        file: old.to_path_buf(),
        why,
    };
    let read = db.begin_read().map_err(|e| damaged(e.to_string()))?;
    let write_error = |e: rusqlite::Error| OpenError::Other {
        file: store.file().to_path_buf(),
        why: format!("importing {}: {e}", old.display()),
    };
    let mut conn = store.conn();
    let txn = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(write_error)?;
    let mut rows = 0usize;
    for s in StoreName::ALL {
        txn.execute(&sql::table(s).clear, []).map_err(write_error)?;
        let table = match read.open_table(TableDefinition::<&[u8], &[u8]>::new(s.as_str())) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => continue,
            Err(e) => return Err(damaged(e.to_string())),
        };
        let mut insert = txn.prepare(&sql::table(s).put).map_err(write_error)?;
        for row in table.iter().map_err(|e| damaged(e.to_string()))? {
            let (k, v) = row.map_err(|e| damaged(e.to_string()))?;
            insert
                .execute((k.value(), v.value()))
                .map_err(write_error)?;
            rows += 1;
        }
    }
    txn.commit().map_err(write_error)?;
    Ok(rows)
}
