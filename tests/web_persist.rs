//! Persistence in a real browser: the conformance suite against IndexedDB, the v1→v2 and
//! v2→v3 migrations, a blocked upgrade, a database from a newer build, damaged records and
//! cross-tab notices. Run: `cargo test --target wasm32-unknown-unknown --test web_persist`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use osslab::persist::conformance::{self, assert_same, distinct_bodies, rich_engine};
use osslab::persist::idb::{self, Notice};
use osslab::persist::records::content_id;
use osslab::persist::schema::{Key, StoreName};
use osslab::persist::{open_named, Persist, PersistError, SCHEMA_VERSION};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no earlier run used.
fn fresh(name: &str) -> String {
    format!("osslab-test-{name}-{}", js_sys::Date::now() as u64)
}

async fn open(name: &str) -> idb::IdbStore {
    open_named(name).await.expect("open")
}

#[wasm_bindgen_test]
async fn conformance_indexeddb() {
    conformance::run_all(&fresh("conf"), open).await;
}

#[wasm_bindgen_test]
async fn migrates_v1_database() {
    let name = fresh("v1");
    let e = rich_engine();
    idb::write_v1_fixture(&name, &e).await.unwrap();
    let store = open(&name).await;
    let loaded = store.load(&mut |_| {}).await.unwrap();
    assert!(loaded.report.is_clean(), "{:?}", loaded.report.problems);
    // v1 (like v2) had no toolkit state.
    let e = conformance::without_toolkit(e);
    assert_same(&e, &loaded.engine, "migrated from v1");
    let s = store.stats().await.unwrap();
    assert_eq!(s.bodies, distinct_bodies(&e), "bodies moved out once each");
    assert!(s.body_bytes > 0);
    // And the migrated store keeps working incrementally.
    let mut engine = loaded.engine;
    let ((), r) = store
        .run(&mut engine, |e| {
            conformance::put(e, "lab", "after.txt", "after")
        })
        .await;
    r.unwrap();
    assert_same(
        &engine,
        &store.load(&mut |_| {}).await.unwrap().engine,
        "after",
    );
}

#[wasm_bindgen_test]
async fn migrates_v2_database() {
    // A schema-v2 database (no toolkit store) opens unchanged under v3, and from then on
    // keeps the toolkit's state too.
    let name = fresh("v2");
    let e = rich_engine();
    idb::write_v2_fixture(&name, &e).await.unwrap();
    let store = open(&name).await;
    let loaded = store.load(&mut |_| {}).await.unwrap();
    assert!(loaded.report.is_clean(), "{:?}", loaded.report.problems);
    assert_same(
        &conformance::without_toolkit(e.clone()),
        &loaded.engine,
        "v2 data loads unchanged",
    );
    let mut engine = loaded.engine;
    let ((), r) = store
        .run(&mut engine, |e| {
            e.set_backup_plan("lab", osslab::engine::DAY, 3, None)
                .unwrap();
            e.take_snapshot("lab").unwrap();
        })
        .await;
    r.unwrap();
    let again = store.load(&mut |_| {}).await.unwrap();
    assert!(again.report.is_clean(), "{:?}", again.report.problems);
    assert_same(&engine, &again.engine, "toolkit stored after the upgrade");
    assert_eq!(again.engine.snapshots("lab").len(), 1);
}

#[wasm_bindgen_test]
async fn blocked_upgrade_and_newer_database_are_typed_errors() {
    let name = fresh("blocked");
    let old = idb::open_raw(&name, 1, true).await.unwrap();
    let err = open_named(&name).await.err().expect("blocked");
    assert_eq!(err, PersistError::Blocked);
    assert!(err.to_string().contains("close it"));
    old.close();

    // A newer build opening the database in another tab: this handle steps aside (no
    // blocking) and says so on its next use.
    let name = fresh("stepaside");
    let store = open(&name).await;
    let newer = idb::open_raw(&name, SCHEMA_VERSION + 1, false)
        .await
        .unwrap();
    assert_eq!(store.stats().await.err(), Some(PersistError::Closed));
    newer.close();

    let name = fresh("newer");
    idb::open_raw(&name, SCHEMA_VERSION + 7, false)
        .await
        .unwrap()
        .close();
    let err = open_named(&name).await.err().expect("too new");
    assert_eq!(
        err,
        PersistError::TooNew {
            found: SCHEMA_VERSION + 7
        }
    );
}

#[wasm_bindgen_test]
async fn bills_are_stored_by_key_and_the_earlier_layout_is_rewritten() {
    let store = open(&fresh("bill-by-key")).await;
    conformance::bill_by_key(&store, async |s, key, text| {
        match text {
            Some(t) => store.raw_put_text(s, key, &t).await,
            None => store.raw_delete(s, key).await,
        }
        .unwrap()
    })
    .await;
}

#[wasm_bindgen_test]
async fn damaged_records_are_reported_not_fatal() {
    let store = open(&fresh("damaged")).await;
    store.replace_all(&rich_engine(), None).await.unwrap();
    store
        .raw_delete(StoreName::Bodies, Key::Name(content_id(b"late")))
        .await
        .unwrap();
    store
        .raw_put_text(
            StoreName::Entries,
            Key::Entry("lab".into(), "junk".into(), 99_999),
            "{not json",
        )
        .await
        .unwrap();
    let loaded = store.load(&mut |_| {}).await.expect("still loads");
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

#[wasm_bindgen_test]
async fn other_tabs_are_notified() {
    let name = fresh("notice");
    let a = open(&name).await;
    let b = open(&name).await;
    let mut ea = conformance::new_engine();
    a.replace_all(&ea, None).await.unwrap();
    let mut eb = b.load(&mut |_| {}).await.unwrap().engine;
    let got: Rc<RefCell<Vec<Notice>>> = Rc::default();
    let sink = got.clone();
    b.on_notice(move |n| sink.borrow_mut().push(n));
    let ((), r) = a
        .run(&mut ea, |e| {
            e.create_bucket("tabs", osslab::engine::StorageClass::Standard)
                .unwrap()
        })
        .await;
    r.unwrap();
    for _ in 0..50 {
        if !got.borrow().is_empty() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    let notices = got.borrow().clone();
    assert!(
        matches!(&notices[..], [Notice::Changes { changes, .. }] if changes.len() == 1),
        "{notices:?}"
    );
    b.refresh(&mut eb, &[]).await.unwrap();
    assert_same(&ea, &eb, "b after the notice");
}
