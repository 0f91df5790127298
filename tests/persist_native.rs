//! The persistence conformance suite against the durable native store (SQLite), plus what
//! only a data directory has: reopening after close, the lock against a second process,
//! damaged and foreign database files, an unreadable directory, a disk whose writes fail, a
//! database that is full, and the one-time import of a directory the earlier redb store wrote.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::collections::HashMap;

use osslab::persist::conformance::{self, assert_same, rich_engine, test_clock};
use osslab::persist::native::{FaultyDisk, NativeStore, OpenError, DB_FILE};
use osslab::persist::records::content_id;
use osslab::persist::schema::{Key, StoreName};
use osslab::persist::{Persist, PersistError};

thread_local! {
    static DIRS: RefCell<HashMap<String, (tempfile::TempDir, NativeStore)>> =
        RefCell::new(HashMap::new());
}

async fn open(name: &str) -> NativeStore {
    DIRS.with(|d| {
        let mut d = d.borrow_mut();
        let (_, store) = d.entry(name.to_string()).or_insert_with(|| {
            let dir = tempfile::tempdir().unwrap();
            let store = NativeStore::open(dir.path()).unwrap();
            (dir, store)
        });
        store.another_handle()
    })
}

fn load(p: &NativeStore) -> osslab::persist::Loaded {
    let loaded = pollster::block_on(p.load(&mut |_| {})).expect("load");
    assert!(
        loaded.report.is_clean(),
        "load problems: {:?}",
        loaded.report.problems
    );
    loaded
}

/// Close `p`, open `dir` again, and check that it holds `engine`.
fn assert_reopens_as(
    p: NativeStore,
    dir: &std::path::Path,
    engine: &osslab::engine::Engine,
    what: &str,
) {
    drop(p);
    let p = NativeStore::open(dir).unwrap();
    assert_same(engine, &load(&p).engine, what);
}

#[test]
fn conformance_native() {
    pollster::block_on(conformance::run_all("native", open));
}

#[test]
fn state_survives_close_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let e = rich_engine();
    {
        let p = NativeStore::open(dir.path()).unwrap();
        pollster::block_on(p.replace_all(&e, Some(&test_clock()))).unwrap();
    }
    let p = NativeStore::open(dir.path()).unwrap();
    let loaded = load(&p);
    assert_same(&e, &loaded.engine, "after reopen");
    assert_eq!(loaded.clock, Some(test_clock()));
    // Incremental writes after the reopen land too, with fresh sequences.
    let mut engine = loaded.engine;
    let seq = engine.sequence();
    let ((), r) = pollster::block_on(p.run(&mut engine, |e| {
        conformance::put(e, "lab", "after-reopen", "x")
    }));
    r.unwrap();
    assert!(engine.sequence() > seq);
    assert_reopens_as(p, dir.path(), &engine, "second reopen");
}

#[test]
fn second_open_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let _first = NativeStore::open(dir.path()).unwrap();
    let err = NativeStore::open(dir.path()).err().expect("refused");
    assert!(matches!(err, OpenError::Locked { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("in use by another osslab process"), "{msg}");
    assert!(msg.contains(DB_FILE), "{msg}");
}

#[test]
fn damaged_and_foreign_files_are_refused() {
    // A file that is not a database at all.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(DB_FILE),
        b"this is not a database, just text",
    )
    .unwrap();
    let err = NativeStore::open(dir.path()).err().expect("refused");
    assert!(!err.to_string().is_empty());
    assert!(err.to_string().contains(DB_FILE), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join(DB_FILE)).unwrap(),
        b"this is not a database, just text",
        "left as it was"
    );

    // A real database with its header overwritten.
    let dir = tempfile::tempdir().unwrap();
    {
        let p = NativeStore::open(dir.path()).unwrap();
        pollster::block_on(p.replace_all(&rich_engine(), None)).unwrap();
    }
    let path = dir.path().join(DB_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().take(512) {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = NativeStore::open(dir.path()).err().expect("refused");
    assert!(
        matches!(err, OpenError::Damaged { .. } | OpenError::Other { .. }),
        "{err:?}"
    );
}

#[test]
fn bills_are_stored_by_key_and_the_earlier_layout_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let p = NativeStore::open(dir.path()).unwrap();
    pollster::block_on(conformance::bill_by_key(&p, async |store, key, text| {
        match text {
            Some(t) => p.raw_put(store, &key, t.as_bytes()),
            None => p.raw_delete(store, &key),
        }
        .unwrap()
    }));
}

#[test]
fn a_damaged_record_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let p = NativeStore::open(dir.path()).unwrap();
    pollster::block_on(p.replace_all(&rich_engine(), None)).unwrap();
    p.raw_delete(StoreName::Bodies, &Key::Name(content_id(b"late")))
        .unwrap();
    p.raw_put(
        StoreName::Entries,
        &Key::Entry("lab".into(), "junk".into(), 99_999),
        b"\x01\xff\xff",
    )
    .unwrap();
    let loaded = pollster::block_on(p.load(&mut |_| {})).expect("still loads");
    assert_eq!(
        loaded.report.problems.len(),
        2,
        "{:?}",
        loaded.report.problems
    );
    let lab = loaded.engine.bucket("lab").unwrap();
    assert!(!lab.objects.contains_key("late.txt"));
    assert!(lab.objects.contains_key("b.txt"));
}

#[cfg(unix)]
#[test]
fn unreadable_directory_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o000)).unwrap();
    let result = NativeStore::open(&data);
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    if nix_is_root() {
        // root reads any directory: nothing to check.
        return;
    }
    let err = result.err().expect("refused");
    assert!(matches!(err, OpenError::Dir { .. }), "{err:?}");
    assert!(
        err.to_string().contains("cannot use data directory"),
        "{err}"
    );

    // A path under a regular file cannot be a directory.
    let file = dir.path().join("plain");
    std::fs::write(&file, b"x").unwrap();
    let err = NativeStore::open(&file.join("sub")).err().expect("refused");
    assert!(matches!(err, OpenError::Dir { .. }), "{err:?}");
}

#[cfg(unix)]
fn nix_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn failing_writes_change_nothing_and_the_next_write_works() {
    let dir = tempfile::tempdir().unwrap();
    let disk = FaultyDisk::default();
    let p = NativeStore::open_faulty(dir.path(), disk.clone()).unwrap();
    let mut e = rich_engine();
    pollster::block_on(p.replace_all(&e, None)).unwrap();
    let stored = e.clone();
    let before = pollster::block_on(p.stats()).unwrap();

    disk.set_failing(true);
    let ((), r) = pollster::block_on(p.run(&mut e, |e| {
        conformance::put(e, "lab", "full.txt", "no space")
    }));
    let err = r.expect_err("the write fails");
    assert!(matches!(err, PersistError::Aborted(_)), "{err:?}");
    assert!(
        err.to_string().contains("No space left on device"),
        "says why: {err}"
    );
    // Reads work on the full disk: roll the engine back to what is stored, as the server
    // does, while the disk still fails.
    let touched: Vec<_> = Vec::new();
    pollster::block_on(p.refresh(&mut e, &touched)).unwrap();
    assert_same(&stored, &e, "engine rolled back to the disk");
    assert_eq!(pollster::block_on(p.stats()).unwrap(), before);
    disk.set_failing(false);

    // Space is back: the next write succeeds and survives a reopen.
    let ((), r) = pollster::block_on(p.run(&mut e, |e| {
        conformance::put(e, "lab", "later.txt", "space again")
    }));
    r.unwrap();
    drop(p);
    let p = NativeStore::open(dir.path()).unwrap();
    let loaded = load(&p);
    assert_same(&e, &loaded.engine, "after the fault");
    assert!(!loaded
        .engine
        .bucket("lab")
        .unwrap()
        .objects
        .contains_key("full.txt"));
}

#[test]
fn a_full_database_refuses_writes_until_there_is_room() {
    let dir = tempfile::tempdir().unwrap();
    let p = NativeStore::open(dir.path()).unwrap();
    let mut e = rich_engine();
    pollster::block_on(p.replace_all(&e, None)).unwrap();
    let stored = e.clone();
    let before = pollster::block_on(p.stats()).unwrap();
    // No room beyond the pages in use: a body of 64 KiB needs more.
    let (used, _) = p.space().unwrap();
    p.limit_pages(Some(used / 4096)).unwrap();
    let big = "x".repeat(64 << 10);
    let ((), r) = pollster::block_on(p.run(&mut e, |e| conformance::put(e, "lab", "big", &big)));
    let err = r.expect_err("the database is full");
    assert!(matches!(err, PersistError::Aborted(_)), "{err:?}");
    assert!(err.to_string().contains("full"), "says why: {err}");
    assert!(err.to_string().contains(DB_FILE), "names the file: {err}");
    pollster::block_on(p.refresh(&mut e, &[])).unwrap();
    assert_same(&stored, &e, "engine rolled back to the disk");
    assert_eq!(
        pollster::block_on(p.stats()).unwrap(),
        before,
        "nothing half-written"
    );

    // Room again: the same write succeeds and survives a reopen.
    p.limit_pages(None).unwrap();
    let ((), r) = pollster::block_on(p.run(&mut e, |e| conformance::put(e, "lab", "big", &big)));
    r.unwrap();
    assert_reopens_as(p, dir.path(), &e, "after the full database");
}

/// A data directory written by the redb store (session 7's `osslab serve --data-dir`; the
/// fixture holds `conformance::rich_engine()` and the test clock, and `lab.json`, the same
/// lab as an export file written at the same time).
#[test]
fn a_redb_data_directory_is_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let expected = redb_fixture(dir.path(), "osslab.redb");

    let p = NativeStore::open(dir.path()).unwrap();
    let loaded = load(&p);
    assert_same(&expected.engine, &loaded.engine, "imported from redb");
    assert_eq!(loaded.clock, expected.clock);
    assert!(
        !dir.path().join("osslab.redb").exists(),
        "renamed once imported"
    );
    assert!(dir.path().join("osslab.redb.imported").exists(), "kept");

    // The import is done once: what is written after it stays.
    let mut engine = loaded.engine;
    let ((), r) =
        pollster::block_on(p.run(&mut engine, |e| conformance::put(e, "lab", "new", "x")));
    r.unwrap();
    assert_reopens_as(p, dir.path(), &engine, "after reopening");
}

/// The fixture's redb file, copied into `dir` as `name`, and the lab it holds.
fn redb_fixture(dir: &std::path::Path, name: &str) -> osslab::persist::Imported {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/redb-lab");
    std::fs::copy(fixture.join("osslab.redb"), dir.join(name)).unwrap();
    osslab::persist::import(&std::fs::read(fixture.join("lab.json")).unwrap())
        .expect("the fixture's export")
}

#[test]
fn an_interrupted_redb_import_runs_again() {
    // Cut short after the rename to .importing, with or without its transaction committed:
    // the database is empty, or holds what the import wrote.
    for committed in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let expected = redb_fixture(dir.path(), "osslab.redb.importing");
        if committed {
            let p = NativeStore::open(dir.path()).unwrap();
            drop(p);
            redb_fixture(dir.path(), "osslab.redb.importing");
        }
        let p = NativeStore::open(dir.path()).unwrap();
        assert_same(&expected.engine, &load(&p).engine, "imported again");
        assert!(!dir.path().join("osslab.redb.importing").exists());
        assert!(dir.path().join("osslab.redb.imported").exists());
    }
}

#[test]
fn a_redb_file_beside_a_lab_is_refused_and_both_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = rich_engine();
    {
        let p = NativeStore::open(dir.path()).unwrap();
        pollster::block_on(p.replace_all(&e, None)).unwrap();
        let ((), r) =
            pollster::block_on(p.run(&mut e, |e| conformance::put(e, "lab", "mine", "x")));
        r.unwrap();
    }
    redb_fixture(dir.path(), "osslab.redb");
    let err = NativeStore::open(dir.path()).err().expect("refused");
    assert!(err.to_string().contains("already holds a lab"), "{err}");
    assert!(err.to_string().contains("osslab.redb"), "{err}");
    assert!(dir.path().join("osslab.redb").exists(), "kept");
    std::fs::rename(
        dir.path().join("osslab.redb"),
        dir.path().join("elsewhere.redb"),
    )
    .unwrap();
    let p = NativeStore::open(dir.path()).unwrap();
    assert_same(&e, &load(&p).engine, "the lab is untouched");
}

#[test]
fn a_redb_file_beside_a_lab_with_a_damaged_state_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let p = NativeStore::open(dir.path()).unwrap();
        pollster::block_on(p.replace_all(&rich_engine(), None)).unwrap();
        p.raw_put(StoreName::Meta, &Key::Name("state".into()), b"{not json")
            .unwrap();
    }
    redb_fixture(dir.path(), "osslab.redb");
    let err = NativeStore::open(dir.path()).err().expect("refused");
    assert!(matches!(err, OpenError::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains(DB_FILE), "{err}");
    assert!(dir.path().join("osslab.redb").exists(), "kept");
    assert!(
        !dir.path().join("osslab.redb.importing").exists(),
        "no import started"
    );
}

#[test]
fn a_damaged_redb_file_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("osslab.redb"), b"not redb at all").unwrap();
    let err = NativeStore::open(dir.path()).err().expect("refused");
    assert!(matches!(err, OpenError::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains("osslab.redb"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("osslab.redb")).unwrap(),
        b"not redb at all"
    );
}
