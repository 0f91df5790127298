//! The persistence conformance suite against the in-memory store, plus memory-only checks
//! (damaged records, quota).
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use osslab::persist::conformance::{self, rich_engine};
use osslab::persist::records::content_id;
use osslab::persist::schema::{Key, StoreName};
use osslab::persist::{MemoryStore, Persist, PersistError};

/// The memory store never waits: poll to completion.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

thread_local! {
    static STORES: RefCell<HashMap<String, MemoryStore>> = RefCell::new(HashMap::new());
}

async fn open(name: &str) -> MemoryStore {
    STORES.with(|s| {
        s.borrow_mut()
            .entry(name.to_string())
            .or_default()
            .another_tab()
    })
}

#[test]
fn conformance_memory() {
    block_on(conformance::run_all("mem", open));
}

#[test]
fn bills_are_stored_by_key_and_the_earlier_layout_is_rewritten() {
    let p = MemoryStore::new();
    block_on(conformance::bill_by_key(
        &p,
        async |store, key, text| match text {
            Some(t) => p.raw_put_text(store, key, &t),
            None => p.raw_delete(store, &key),
        },
    ));
}

#[test]
fn damaged_records_are_reported_not_fatal() {
    block_on(async {
        let p = MemoryStore::new();
        let e = rich_engine();
        p.replace_all(&e, None).await.unwrap();
        // A body lost behind the store's back, and an undecodable entry.
        p.raw_delete(StoreName::Bodies, &Key::Name(content_id(b"late")));
        p.raw_put_text(
            StoreName::Entries,
            Key::Entry("lab".into(), "junk".into(), 99_999),
            "{not json",
        );
        let loaded = p.load(&mut |_| {}).await.expect("still loads");
        assert_eq!(
            loaded.report.problems.len(),
            2,
            "{:?}",
            loaded.report.problems
        );
        assert!(loaded.report.problems.iter().any(|m| m.contains("missing")));
        let lab = loaded.engine.bucket("lab").unwrap();
        assert!(!lab.objects.contains_key("late.txt"));
        assert!(lab.objects.contains_key("b.txt"));
    });
}

#[test]
fn quota_exceeded_is_typed_and_writes_nothing() {
    block_on(async {
        let p = MemoryStore::new();
        let mut e = rich_engine();
        p.replace_all(&e, None).await.unwrap();
        let used = p.stats().await.unwrap().body_bytes;
        p.set_quota(Some(used + 4));
        let ((), r) = p
            .run(&mut e, |e| {
                conformance::put(e, "lab", "big", "too many bytes")
            })
            .await;
        assert_eq!(r, Err(PersistError::QuotaExceeded));
        assert!(r.unwrap_err().to_string().contains("storage is full"));
        assert_eq!(p.stats().await.unwrap().body_bytes, used);
    });
}
