//! The SQL of the native store: one table per store (see the layout in [`super`]) and the
//! statements on it, each built once. A statement's text is also its key in rusqlite's cache
//! of prepared statements, so the commit path finds it without building it for every row.

use std::sync::LazyLock;

use crate::persist::schema::StoreName;

/// The statements on one store's table.
pub(super) struct Table {
    /// Create it if it does not exist.
    pub create: String,
    /// The value of key `?1`.
    pub get: String,
    /// Store value `?2` under key `?1`.
    pub put: String,
    /// Delete key `?1`.
    pub delete: String,
    /// Delete every row.
    pub clear: String,
    /// The number of rows.
    pub count: String,
    /// The bytes of every value.
    pub value_bytes: String,
    /// The bytes of every key and value.
    pub row_bytes: String,
    /// Every key and value, in key order.
    pub scan: String,
}

/// The statements on `store`'s table.
pub(super) fn table(store: StoreName) -> &'static Table {
    static TABLES: LazyLock<[Table; StoreName::ALL.len()]> =
        LazyLock::new(|| StoreName::ALL.map(Table::of));
    let i = StoreName::ALL
        .iter()
        .position(|s| *s == store)
        .expect("StoreName::ALL names every store");
    &TABLES[i]
}

impl Table {
    fn of(store: StoreName) -> Table {
        let name = store.as_str();
        // Version records and the other small rows sit in the key's B-tree itself (`WITHOUT
        // ROWID`); bodies, which can be large, in a rowid table with an index on the key
        // (SQLite's advice for rows over a few hundred bytes).
        let without_rowid = if store == StoreName::Bodies {
            ""
        } else {
            " WITHOUT ROWID"
        };
        Table {
            create: format!(
                "CREATE TABLE IF NOT EXISTS \"{name}\" (k BLOB PRIMARY KEY NOT NULL, v BLOB NOT \
                 NULL){without_rowid};"
            ),
            get: format!("SELECT v FROM \"{name}\" WHERE k = ?1"),
            put: format!("INSERT OR REPLACE INTO \"{name}\" (k, v) VALUES (?1, ?2)"),
            delete: format!("DELETE FROM \"{name}\" WHERE k = ?1"),
            clear: format!("DELETE FROM \"{name}\""),
            count: format!("SELECT count(*) FROM \"{name}\""),
            value_bytes: format!("SELECT coalesce(sum(length(v)), 0) FROM \"{name}\""),
            row_bytes: format!("SELECT coalesce(sum(length(k) + length(v)), 0) FROM \"{name}\""),
            scan: format!("SELECT k, v FROM \"{name}\" ORDER BY k"),
        }
    }
}
