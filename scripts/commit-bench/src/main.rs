//! One group commit as osslab's durable store makes it — WRITES version records of ~150 B, the
//! state record and a bucket's bill — synced before it returns: redb 5 with
//! `Durability::Immediate` (osslab's native store until session 8) against SQLite in WAL mode with
//! `synchronous=FULL`, 3,000 commits each, in the directory given.

use std::time::Instant;

const COMMITS: usize = 3000;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(writes)) = (args.next(), args.next().and_then(|w| w.parse().ok())) else {
        eprintln!("usage: commit-bench DIR WRITES");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    let record = vec![7u8; 150];
    let bill = vec![9u8; 800];
    let per_commit = |started: Instant| started.elapsed().as_secs_f64() * 1e6 / COMMITS as f64;

    let path = dir.join("commit-bench.redb");
    let _ = std::fs::remove_file(&path);
    let db = redb::Database::create(&path).expect("create the redb file");
    let entries: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("entries");
    let meta: redb::TableDefinition<&str, &[u8]> = redb::TableDefinition::new("meta");
    let toolkit: redb::TableDefinition<&str, &[u8]> = redb::TableDefinition::new("toolkit");
    let mut seq = 0u64;
    let started = Instant::now();
    for _ in 0..COMMITS {
        let tx = db.begin_write().expect("begin");
        {
            let mut e = tx.open_table(entries).expect("entries");
            for _ in 0..writes {
                seq += 1;
                e.insert(seq, record.as_slice()).expect("insert");
            }
            let mut m = tx.open_table(meta).expect("meta");
            m.insert("state", record.as_slice()).expect("state");
            let mut t = tx.open_table(toolkit).expect("toolkit");
            t.insert("bill/b", bill.as_slice()).expect("bill");
        }
        tx.commit().expect("commit");
    }
    println!(
        "redb:   {:.0} us per commit of {writes}",
        per_commit(started)
    );
    drop(db);
    let _ = std::fs::remove_file(&path);

    let path = dir.join("commit-bench.sqlite");
    let remove = |path: &std::path::Path| {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    };
    remove(&path);
    let mut c = rusqlite::Connection::open(&path).expect("open the SQLite file");
    c.pragma_update(None, "journal_mode", "WAL").expect("WAL");
    c.pragma_update(None, "synchronous", "FULL").expect("FULL");
    c.execute_batch(
        "create table entries(k integer primary key, v blob);
         create table meta(k text primary key, v blob);
         create table toolkit(k text primary key, v blob);",
    )
    .expect("tables");
    let mut seq = 0i64;
    let started = Instant::now();
    for _ in 0..COMMITS {
        let tx = c.transaction().expect("begin");
        {
            let mut insert = tx
                .prepare_cached("insert into entries values(?1, ?2)")
                .expect("prepare");
            for _ in 0..writes {
                seq += 1;
                insert.execute((seq, record.as_slice())).expect("insert");
            }
            tx.prepare_cached("insert or replace into meta values('state', ?1)")
                .and_then(|mut s| s.execute([record.as_slice()]))
                .expect("state");
            tx.prepare_cached("insert or replace into toolkit values('bill/b', ?1)")
                .and_then(|mut s| s.execute([bill.as_slice()]))
                .expect("bill");
        }
        tx.commit().expect("commit");
    }
    println!(
        "sqlite: {:.0} us per commit of {writes}",
        per_commit(started)
    );
    drop(c);
    remove(&path);
}
