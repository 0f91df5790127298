//! Data directories from before session 8, when the native store was redb: their
//! `osslab.redb` is imported into the SQLite database once, the first time the directory is
//! opened, and then renamed `osslab.redb.imported` (kept, not deleted).
//!
//! Both stores lay keys and values out the same way ([`super::codec`]), so the import copies
//! rows as they are, every table in ONE SQLite transaction that first empties the tables: an
//! import cut short by a crash left nothing, and one that committed but did not get to the
//! rename runs again on the next open and writes the same rows.

use std::path::Path;

use redb::{ReadableDatabase, ReadableTable, TableDefinition};

use crate::persist::schema::StoreName;

use super::{NativeStore, OpenError};

/// The redb store's file.
pub const LEGACY_FILE: &str = "osslab.redb";
/// What it is renamed to once imported.
pub const IMPORTED_FILE: &str = "osslab.redb.imported";

/// Import `dir`'s `osslab.redb` into `store`, if there is one.
pub(super) fn import_once(store: &NativeStore, dir: &Path) -> Result<(), OpenError> {
    let old = dir.join(LEGACY_FILE);
    if !old.exists() {
        return Ok(());
    }
    let damaged = |why: String| OpenError::Damaged {
        file: old.clone(),
        why,
    };
    let db = redb::Database::open(&old).map_err(|e| match e {
        redb::DatabaseError::DatabaseAlreadyOpen | redb::DatabaseError::LockProtocolMismatch => {
            OpenError::Locked { file: old.clone() }
        }
        other => damaged(other.to_string()),
    })?;
    let read = db.begin_read().map_err(|e| damaged(e.to_string()))?;
    let new_file = store.file().to_path_buf();
    let write_error = |e: rusqlite::Error| OpenError::Other {
        file: new_file.clone(),
        why: format!("importing {}: {e}", old.display()),
    };
    let mut conn = store.conn();
    let txn = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(write_error)?;
    let mut rows = 0usize;
    for s in StoreName::ALL {
        let name = s.as_str();
        txn.execute(&format!("DELETE FROM \"{name}\""), [])
            .map_err(write_error)?;
        let table = match read.open_table(TableDefinition::<&[u8], &[u8]>::new(name)) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => continue,
            Err(e) => return Err(damaged(e.to_string())),
        };
        let mut insert = txn
            .prepare(&format!("INSERT INTO \"{name}\" (k, v) VALUES (?1, ?2)"))
            .map_err(write_error)?;
        for row in table.iter().map_err(|e| damaged(e.to_string()))? {
            let (k, v) = row.map_err(|e| damaged(e.to_string()))?;
            insert
                .execute((k.value(), v.value()))
                .map_err(write_error)?;
            rows += 1;
        }
    }
    txn.commit().map_err(write_error)?;
    drop(conn);
    drop(read);
    drop(db);
    let imported = dir.join(IMPORTED_FILE);
    std::fs::rename(&old, &imported).map_err(|why| OpenError::Dir {
        dir: dir.to_path_buf(),
        why,
    })?;
    eprintln!(
        "osslab: imported {} ({rows} records) into {}; the old file is kept as {}",
        old.display(),
        store.file().display(),
        imported.display()
    );
    Ok(())
}
