//! The IndexedDB [`Persist`] (browser only), on raw `web-sys`.
//!
//! Raw web-sys rather than a wrapper crate because this store needs three things wrappers
//! hide: code inside `onupgradeneeded` (the v1→v2 data migration), an explicit `abort()`
//! mid-transaction, and control over what is awaited inside a transaction. An IndexedDB
//! transaction commits as soon as control returns to the event loop with no request pending
//! (rexie #36), so inside a transaction this module awaits only IndexedDB requests: each
//! request future is woken from the request's own success event, and wasm-bindgen-futures
//! runs the task in the microtask checkpoint of that event, while the transaction is still
//! active. Nothing else (no timers, no fetch, no channel messages) is awaited in between.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    BroadcastChannel, DomException, Event, IdbDatabase, IdbFactory, IdbObjectStore,
    IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode, IdbVersionChangeEvent,
    MessageEvent,
};

use crate::engine::clock::VirtualClock;
use crate::engine::{Change, Engine};

use super::handle::Handle;
use super::records::{from_json, to_json, v1, ClockRecord, StateRecord};
use super::schema::{Key, StoreName, Val, CLOCK, STATE};
use super::snapshot::{Progress, Snapshot};
use super::tx::{self, Plan, Tx, Updates};
use super::{Loaded, Persist, PersistError, Stats, DB_NAME, SCHEMA_VERSION};

// ---- request and transaction futures ------------------------------------------------------

#[derive(Default)]
struct Slot {
    result: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
}

/// Resolves when an event handler fires. The handlers stay alive as long as the future.
struct EventFuture {
    slot: Rc<RefCell<Slot>>,
    _handlers: Vec<Closure<dyn FnMut(Event)>>,
}

impl Future for EventFuture {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.slot.borrow_mut();
        match slot.result.take() {
            Some(r) => Poll::Ready(r),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

fn settle(slot: &Rc<RefCell<Slot>>, r: Result<JsValue, JsValue>) {
    let mut s = slot.borrow_mut();
    if s.result.is_none() {
        s.result = Some(r);
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }
}

/// The result of an IndexedDB request (its `error` on failure).
fn request(req: &IdbRequest) -> EventFuture {
    let slot: Rc<RefCell<Slot>> = Rc::default();
    let (s1, r1) = (slot.clone(), req.clone());
    let ok = Closure::<dyn FnMut(Event)>::new(move |_| {
        settle(&s1, r1.result());
    });
    let (s2, r2) = (slot.clone(), req.clone());
    let err = Closure::<dyn FnMut(Event)>::new(move |_| {
        let e = match r2.error() {
            Ok(Some(d)) => d.into(),
            _ => JsValue::from_str("request failed"),
        };
        settle(&s2, Err(e));
    });
    req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
    req.set_onerror(Some(err.as_ref().unchecked_ref()));
    EventFuture {
        slot,
        _handlers: vec![ok, err],
    }
}

/// Resolves when the transaction commits; fails with its error when it aborts.
fn done(tx: &IdbTransaction) -> EventFuture {
    let slot: Rc<RefCell<Slot>> = Rc::default();
    let s1 = slot.clone();
    let ok = Closure::<dyn FnMut(Event)>::new(move |_| settle(&s1, Ok(JsValue::UNDEFINED)));
    let (s2, t2) = (slot.clone(), tx.clone());
    let abort = Closure::<dyn FnMut(Event)>::new(move |_| {
        let e = match t2.error() {
            Some(d) => d.into(),
            None => JsValue::from_str("transaction aborted"),
        };
        settle(&s2, Err(e));
    });
    tx.set_oncomplete(Some(ok.as_ref().unchecked_ref()));
    tx.set_onabort(Some(abort.as_ref().unchecked_ref()));
    EventFuture {
        slot,
        _handlers: vec![ok, abort],
    }
}

fn error_name(e: &JsValue) -> (String, String) {
    match e.dyn_ref::<DomException>() {
        Some(d) => (d.name(), d.message()),
        None => (
            String::new(),
            e.as_string().unwrap_or_else(|| format!("{e:?}")),
        ),
    }
}

/// A browser error as a typed one.
fn map_err(e: JsValue) -> PersistError {
    let (name, message) = error_name(&e);
    match name.as_str() {
        "QuotaExceededError" => PersistError::QuotaExceeded,
        "InvalidStateError" => PersistError::Closed,
        "" => PersistError::Aborted(message),
        _ => PersistError::Aborted(format!("{name}: {message}")),
    }
}

// ---- keys and values ----------------------------------------------------------------------

fn js_key(k: &Key) -> JsValue {
    match k {
        Key::Name(n) => JsValue::from_str(n),
        Key::Entry(b, k, s) => Array::of3(&b.into(), &k.into(), &(*s as f64).into()).into(),
        Key::Upload(b, u) => Array::of2(&b.into(), &u.into()).into(),
        Key::Gen(g) => JsValue::from_f64(*g as f64),
    }
}

fn js_val(v: &Val) -> JsValue {
    match v {
        Val::Text(t) => JsValue::from_str(t),
        Val::Bytes(b) => Uint8Array::from(&b[..]).into(),
        Val::Num(n) => JsValue::from_f64(*n as f64),
    }
}

fn from_js(v: JsValue) -> Option<Val> {
    if v.is_undefined() || v.is_null() {
        None
    } else if let Some(s) = v.as_string() {
        Some(Val::Text(s))
    } else if let Some(n) = v.as_f64() {
        Some(Val::Num(n as u64))
    } else if let Some(a) = v.dyn_ref::<Uint8Array>() {
        Some(Val::Bytes(Arc::from(a.to_vec())))
    } else {
        v.dyn_ref::<js_sys::ArrayBuffer>()
            .map(|b| Val::Bytes(Arc::from(Uint8Array::new(b).to_vec())))
    }
}

fn store_names(names: &[StoreName]) -> JsValue {
    names
        .iter()
        .map(|s| JsValue::from_str(s.as_str()))
        .collect::<Array>()
        .into()
}

// ---- transactions -------------------------------------------------------------------------

struct IdbTx {
    tx: IdbTransaction,
    writes: Cell<usize>,
    fail_after: Option<usize>,
}

impl IdbTx {
    fn store(&self, s: StoreName) -> Result<IdbObjectStore, PersistError> {
        self.tx.object_store(s.as_str()).map_err(map_err)
    }

    fn count_write(&self) -> Result<(), PersistError> {
        let n = self.writes.get() + 1;
        self.writes.set(n);
        if self.fail_after.is_some_and(|f| n > f) {
            let _ = self.tx.abort();
            return Err(PersistError::Aborted(format!(
                "simulated crash after {} writes",
                n - 1
            )));
        }
        Ok(())
    }

    fn abort(&self) {
        // Already finished or aborting: nothing to do.
        let _ = self.tx.abort();
    }
}

impl Tx for IdbTx {
    fn get(
        &self,
        store: StoreName,
        key: Key,
    ) -> impl std::future::Future<Output = Result<Option<Val>, PersistError>> {
        // The request is made now; the future only waits for its result.
        let req = self
            .store(store)
            .and_then(|os| os.get(&js_key(&key)).map_err(map_err));
        let pending = req.as_ref().map(request).map_err(Clone::clone);
        async move {
            let result = pending?.await.map_err(map_err)?;
            Ok(from_js(result))
        }
    }

    fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError> {
        self.count_write()?;
        self.store(store)?
            .put_with_key(&js_val(&val), &js_key(key))
            .map_err(map_err)?;
        Ok(())
    }

    fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
        self.count_write()?;
        self.store(store)?.delete(&js_key(key)).map_err(map_err)?;
        Ok(())
    }

    fn clear(&self, store: StoreName) -> Result<(), PersistError> {
        self.count_write()?;
        self.store(store)?.clear().map_err(map_err)?;
        Ok(())
    }
}

// ---- opening and the schema ---------------------------------------------------------------

/// Stores of schema v1 (bodies inline in entries and parts).
pub const V1_STORES: [StoreName; 4] = [
    StoreName::Meta,
    StoreName::Buckets,
    StoreName::Entries,
    StoreName::Uploads,
];

fn factory() -> Result<IdbFactory, PersistError> {
    let Some(window) = web_sys::window() else {
        return Err(PersistError::Unavailable("no window".into()));
    };
    match window.indexed_db() {
        Ok(Some(f)) => Ok(f),
        Ok(None) => Err(PersistError::Unavailable("IndexedDB is disabled".into())),
        Err(e) => Err(PersistError::Unavailable(error_name(&e).1)),
    }
}

/// Stores of schema v2: every store but `toolkit`, the last one v3 added.
pub const V2_STORES: &[StoreName] = StoreName::ALL.split_at(StoreName::ALL.len() - 1).0;

/// Create or upgrade the schema inside the `versionchange` transaction. Every store the
/// schema lacks is created: v2→v3 is only that (the empty `toolkit` store; v2 records are
/// read as they are); v1→v2 also moves bodies out of entries and parts.
fn upgrade(db: &IdbDatabase, tx: &IdbTransaction, old: u32) -> Result<(), JsValue> {
    let have = db.object_store_names();
    for s in StoreName::ALL {
        if !have.contains(s.as_str()) {
            db.create_object_store(s.as_str())?;
        }
    }
    if old == 1 {
        let tx = tx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let itx = IdbTx {
                tx: tx.clone(),
                writes: Cell::new(0),
                fail_after: None,
            };
            if let Err(e) = migrate_v1(&itx).await {
                web_sys::console::error_1(&format!("osslab: v1→v2 migration failed: {e}").into());
                itx.abort();
            }
        });
    }
    Ok(())
}

/// v1→v2: move inline bodies into the bodies store (once per content id) with reference
/// counts, and rewrite entries and uploads to refer to them. Runs in the upgrade transaction,
/// so it is all-or-nothing.
async fn migrate_v1(tx: &IdbTx) -> Result<(), PersistError> {
    let mut refs: HashMap<String, u64> = HashMap::new();
    let mut bodies: HashMap<String, Vec<u8>> = HashMap::new();
    let mut keep = |bytes: Vec<u8>| {
        let cid = super::records::content_id(&bytes);
        *refs.entry(cid.clone()).or_insert(0) += 1;
        bodies.entry(cid.clone()).or_insert(bytes);
        cid
    };
    for store in [StoreName::Entries, StoreName::Uploads] {
        let os = tx.store(store)?;
        let values = request(&os.get_all().map_err(map_err)?)
            .await
            .map_err(map_err)?;
        let keys = request(&os.get_all_keys().map_err(map_err)?)
            .await
            .map_err(map_err)?;
        let (values, keys) = (Array::from(&values), Array::from(&keys));
        for i in 0..values.length() {
            let text = values.get(i).as_string().unwrap_or_default();
            let new = if store == StoreName::Entries {
                let Ok(old) = v1::EntryV1::parse(&text) else {
                    continue; // left as is; the loader reports it
                };
                let (mut rec, body) = v1::split_entry(old).map_err(PersistError::Corrupt)?;
                if let (Some(o), Some(b)) = (rec.object.as_mut(), body) {
                    o.body = keep(b);
                }
                to_json(&rec)
            } else {
                let Ok(old) = v1::UploadV1::parse(&text) else {
                    continue;
                };
                let (mut rec, parts) = v1::split_upload(old).map_err(PersistError::Corrupt)?;
                for (p, b) in rec.parts.iter_mut().zip(parts) {
                    p.body = keep(b);
                }
                to_json(&rec)
            };
            os.put_with_key(&JsValue::from_str(&new), &keys.get(i))
                .map_err(map_err)?;
        }
    }
    for (cid, bytes) in bodies {
        let key = Key::Name(cid.clone());
        tx.put(StoreName::Bodies, &key, Val::Bytes(Arc::from(bytes)))?;
        tx.put(StoreName::Refs, &key, Val::Num(refs[&cid]))?;
    }
    let state_key = Key::Name(STATE.into());
    if let Some(Val::Text(t)) = tx.get(StoreName::Meta, state_key.clone()).await? {
        if let Ok(mut state) = from_json::<StateRecord>(&t) {
            state.schema = SCHEMA_VERSION;
            let text = to_json(&state);
            tx.put(StoreName::Meta, &state_key, Val::Text(text))?;
        }
    }
    Ok(())
}

/// Open the app's database (`osslab`).
pub async fn open() -> Result<IdbStore, PersistError> {
    open_named(DB_NAME).await
}

/// Open (creating or upgrading) the database `name`.
pub async fn open_named(name: &str) -> Result<IdbStore, PersistError> {
    let db = open_db(name, Some(SCHEMA_VERSION), true).await?;
    let closed = Rc::new(Cell::new(false));
    let on_version_change = {
        let (db, closed) = (db.clone(), closed.clone());
        Closure::<dyn FnMut(Event)>::new(move |_| {
            // Another tab upgrades or deletes the database: step aside.
            db.close();
            closed.set(true);
        })
    };
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    let channel = BroadcastChannel::new(&format!("osslab-persist:{name}")).ok();
    Ok(IdbStore {
        db,
        name: name.to_string(),
        handle: Handle::default(),
        fail_after: Cell::new(None),
        channel,
        tab: format!("{:016x}", (js_sys::Math::random() * 2f64.powi(53)) as u64),
        closed,
        _on_version_change: on_version_change,
        on_message: RefCell::default(),
    })
}

/// Open at `version` (or the current one), with the schema upgrade when `upgrade_schema`.
async fn open_db(
    name: &str,
    version: Option<u32>,
    upgrade_schema: bool,
) -> Result<IdbDatabase, PersistError> {
    let f = factory()?;
    let req: IdbOpenDbRequest = match version {
        Some(v) => f.open_with_u32(name, v),
        None => f.open(name),
    }
    .map_err(|e| PersistError::Unavailable(error_name(&e).1))?;
    let slot: Rc<RefCell<Slot>> = Rc::default();
    let upgrade_error: Rc<RefCell<Option<String>>> = Rc::default();
    let on_upgrade = {
        let (req, err) = (req.clone(), upgrade_error.clone());
        Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
            if !upgrade_schema {
                return;
            }
            let old = ev
                .dyn_ref::<IdbVersionChangeEvent>()
                .map_or(0, |e| e.old_version() as u32);
            let db: IdbDatabase = match req.result() {
                Ok(d) => d.unchecked_into(),
                Err(_) => return,
            };
            let Some(tx) = req.transaction() else { return };
            if let Err(e) = upgrade(&db, &tx, old) {
                *err.borrow_mut() = Some(error_name(&e).1);
                let _ = tx.abort();
            }
        })
    };
    let on_blocked = {
        let slot = slot.clone();
        Closure::<dyn FnMut(Event)>::new(move |_| {
            settle(&slot, Err(JsValue::from_str("blocked")));
        })
    };
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    req.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));
    let mut fut = request(&req);
    // Share the slot so "blocked" settles the same future as success and error.
    let blocked = slot.clone();
    let result = std::future::poll_fn(|cx| {
        if let Some(r) = blocked.borrow_mut().result.take() {
            return Poll::Ready(r);
        }
        blocked.borrow_mut().waker = Some(cx.waker().clone());
        Pin::new(&mut fut).poll(cx)
    })
    .await;
    let req2 = req.clone();
    match result {
        Ok(db) => {
            drop((on_upgrade, on_blocked));
            Ok(db.unchecked_into())
        }
        Err(e) if e.as_string().as_deref() == Some("blocked") => {
            // If the other tab lets go later, close what we then get.
            let late = Closure::<dyn FnMut(Event)>::new(move |_| {
                if let Ok(db) = req2.result() {
                    db.unchecked_into::<IdbDatabase>().close();
                }
            });
            req.set_onsuccess(Some(late.as_ref().unchecked_ref()));
            late.forget();
            on_upgrade.forget();
            Err(PersistError::Blocked)
        }
        Err(e) => {
            let (name_, message) = error_name(&e);
            if name_ == "VersionError" {
                let found = match Box::pin(open_db(name, None, false)).await {
                    Ok(db) => {
                        let v = db.version() as u32;
                        db.close();
                        v
                    }
                    Err(_) => 0,
                };
                return Err(PersistError::TooNew { found });
            }
            if let Some(u) = upgrade_error.borrow_mut().take() {
                return Err(PersistError::Upgrade(u));
            }
            Err(PersistError::Upgrade(
                format!("{name_} {message}").trim().to_string(),
            ))
        }
    }
}

/// Delete a database (tests, and a hard reset). Fails with `Blocked` while a tab holds it
/// open and does not let go.
pub async fn delete_database(name: &str) -> Result<(), PersistError> {
    let req = factory()?
        .delete_database(name)
        .map_err(|e| PersistError::Unavailable(error_name(&e).1))?;
    request(&req).await.map(|_| ()).map_err(map_err)
}

/// A fresh database `name` at `version` with `stores`, and a write transaction over them
/// (test fixtures of older schemas).
async fn fixture_tx(
    name: &str,
    version: u32,
    stores: &'static [StoreName],
) -> Result<(IdbDatabase, IdbTx), PersistError> {
    let db = open_raw_with(name, version, stores).await?;
    let tx = db
        .transaction_with_str_sequence_and_mode(&store_names(stores), IdbTransactionMode::Readwrite)
        .map_err(map_err)?;
    let itx = IdbTx {
        tx,
        writes: Cell::new(0),
        fail_after: None,
    };
    Ok((db, itx))
}

/// Wait for a fixture's transaction to commit, then close its database.
async fn fixture_done(db: IdbDatabase, itx: IdbTx) -> Result<(), PersistError> {
    done(&itx.tx).await.map_err(map_err)?;
    db.close();
    Ok(())
}

/// Write a schema-v1 database holding `engine` (the format before the bodies store), to
/// test the migration. Not used by the app.
#[doc(hidden)]
pub async fn write_v1_fixture(name: &str, engine: &Engine) -> Result<(), PersistError> {
    let snap = Snapshot::from_engine(engine, None, 0);
    let (db, itx) = fixture_tx(name, 1, &V1_STORES).await?;
    let text = |v: &dyn erased::Ser| Val::Text(v.json());
    let mut state = snap.state.clone().expect("state");
    state.generation = 0;
    state.schema = 1;
    itx.put(StoreName::Meta, &Key::Name(STATE.into()), text(&state))?;
    for b in &snap.buckets {
        itx.put(StoreName::Buckets, &Key::Name(b.name.clone()), text(b))?;
    }
    for e in &snap.entries {
        let body = e.body_id().map(|cid| snap.bodies[cid].to_vec());
        let rec = v1::entry_v1(e.clone(), body.as_deref());
        itx.put(
            StoreName::Entries,
            &Key::Entry(e.bucket.clone(), e.key.clone(), e.seq),
            text(&rec),
        )?;
    }
    for u in &snap.uploads {
        let bodies: Vec<Vec<u8>> = u.body_ids().map(|c| snap.bodies[c].to_vec()).collect();
        let refs: Vec<&[u8]> = bodies.iter().map(Vec::as_slice).collect();
        let rec = v1::upload_v1(u.clone(), &refs);
        itx.put(
            StoreName::Uploads,
            &Key::Upload(u.bucket.clone(), u.upload_id.clone()),
            text(&rec),
        )?;
    }
    fixture_done(db, itx).await
}

/// Write a schema-v2 database holding `engine` without its toolkit state (v2 did not store
/// it), to test the v2→v3 upgrade. Not used by the app.
#[doc(hidden)]
pub async fn write_v2_fixture(name: &str, engine: &Engine) -> Result<(), PersistError> {
    let mut snap = Snapshot::from_engine(engine, None, 0);
    snap.toolkit.clear();
    if let Some(state) = snap.state.as_mut() {
        state.schema = 2;
    }
    let (db, itx) = fixture_tx(name, 2, V2_STORES).await?;
    tx::put_all(&itx, snap, 1)?;
    fixture_done(db, itx).await
}

/// Testing: a raw connection at `version`; the first time, with the v1 stores when
/// `v1_stores`. The connection ignores `versionchange`, so it blocks upgrades while open.
#[doc(hidden)]
pub async fn open_raw(
    name: &str,
    version: u32,
    v1_stores: bool,
) -> Result<IdbDatabase, PersistError> {
    open_raw_with(name, version, if v1_stores { &V1_STORES } else { &[] }).await
}

/// [`open_raw`] creating `stores` the first time.
async fn open_raw_with(
    name: &str,
    version: u32,
    stores: &'static [StoreName],
) -> Result<IdbDatabase, PersistError> {
    let req = factory()?
        .open_with_u32(name, version)
        .map_err(|e| PersistError::Unavailable(error_name(&e).1))?;
    let on_upgrade = {
        let req = req.clone();
        Closure::<dyn FnMut(Event)>::new(move |_| {
            if let Ok(db) = req.result() {
                let db: IdbDatabase = db.unchecked_into();
                for s in stores {
                    let _ = db.create_object_store(s.as_str());
                }
            }
        })
    };
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let db = request(&req).await.map_err(map_err)?;
    drop(on_upgrade);
    Ok(db.unchecked_into())
}

mod erased {
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            crate::persist::records::to_json(self)
        }
    }
}

// ---- the store ----------------------------------------------------------------------------

/// A cross-tab notification (see the `persist` module docs for the protocol).
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Another tab committed these changes; call [`Persist::refresh`].
    Changes {
        generation: u64,
        changes: Vec<Change>,
    },
    /// Another tab saved the clock; reload it with [`IdbStore::load_clock`].
    Clock,
    /// Another tab imported or reset the lab; reload everything.
    Replaced,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Message {
    v: u32,
    kind: String,
    tab: String,
    #[serde(default)]
    generation: u64,
    #[serde(default)]
    changes: Vec<Change>,
}

type MessageHandler = Closure<dyn FnMut(MessageEvent)>;

pub struct IdbStore {
    db: IdbDatabase,
    name: String,
    handle: Handle,
    fail_after: Cell<Option<usize>>,
    channel: Option<BroadcastChannel>,
    tab: String,
    closed: Rc<Cell<bool>>,
    _on_version_change: Closure<dyn FnMut(Event)>,
    on_message: RefCell<Option<MessageHandler>>,
}

impl Drop for IdbStore {
    fn drop(&mut self) {
        self.db.close();
        if let Some(c) = &self.channel {
            c.set_onmessage(None);
            c.close();
        }
    }
}

impl IdbStore {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Call `f` for every notification from other tabs. Replaces an earlier subscriber.
    pub fn on_notice(&self, mut f: impl FnMut(Notice) + 'static) {
        let Some(channel) = &self.channel else { return };
        let me = self.tab.clone();
        let cb = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            let Ok(m) = from_json::<Message>(&text) else {
                return;
            };
            if m.tab == me || m.v != 1 {
                return;
            }
            f(match m.kind.as_str() {
                "changes" => Notice::Changes {
                    generation: m.generation,
                    changes: m.changes,
                },
                "clock" => Notice::Clock,
                _ => Notice::Replaced,
            });
        });
        channel.set_onmessage(Some(cb.as_ref().unchecked_ref()));
        *self.on_message.borrow_mut() = Some(cb);
    }

    fn notify(&self, kind: &str, generation: u64, changes: &[Change]) {
        if let Some(c) = &self.channel {
            let m = Message {
                v: 1,
                kind: kind.into(),
                tab: self.tab.clone(),
                generation,
                changes: changes.to_vec(),
            };
            let _ = c.post_message(&JsValue::from_str(&to_json(&m)));
        }
    }

    fn begin(&self, stores: &[StoreName], write: bool) -> Result<IdbTx, PersistError> {
        if self.closed.get() {
            return Err(PersistError::Closed);
        }
        let mode = if write {
            IdbTransactionMode::Readwrite
        } else {
            IdbTransactionMode::Readonly
        };
        let tx = self
            .db
            .transaction_with_str_sequence_and_mode(&store_names(stores), mode)
            .map_err(map_err)?;
        Ok(IdbTx {
            tx,
            writes: Cell::new(0),
            fail_after: if write { self.fail_after.take() } else { None },
        })
    }

    /// Run `body` in a read-write transaction over every store and wait for the commit.
    async fn write<T>(
        &self,
        body: impl AsyncFnOnce(&IdbTx) -> Result<T, PersistError>,
    ) -> Result<T, PersistError> {
        let tx = self.begin(&StoreName::ALL, true)?;
        let committed = done(&tx.tx);
        match body(&tx).await {
            Ok(v) => {
                committed.await.map_err(map_err)?;
                Ok(v)
            }
            Err(e) => {
                tx.abort();
                // Prefer the browser's reason (e.g. QuotaExceededError) over ours.
                match committed.await {
                    Err(js) if !matches!(e, PersistError::Conflict { .. }) => {
                        let typed = map_err(js);
                        Err(match typed {
                            PersistError::QuotaExceeded => typed,
                            _ => e,
                        })
                    }
                    _ => Err(e),
                }
            }
        }
    }

    /// The saved clock alone (after a [`Notice::Clock`]).
    pub async fn load_clock(&self) -> Result<Option<VirtualClock>, PersistError> {
        let tx = self.begin(&[StoreName::Meta], false)?;
        match tx.get(StoreName::Meta, Key::Name(CLOCK.into())).await? {
            Some(Val::Text(t)) => Ok(from_json::<ClockRecord>(&t).ok().map(|c| c.clock)),
            _ => Ok(None),
        }
    }

    /// Testing: put a raw text record (e.g. a damaged one).
    #[doc(hidden)]
    pub async fn raw_put_text(
        &self,
        store: StoreName,
        key: Key,
        text: &str,
    ) -> Result<(), PersistError> {
        self.write(async |tx| tx.put(store, &key, Val::Text(text.into())))
            .await
    }

    /// Testing: delete a raw record behind the store's back.
    #[doc(hidden)]
    pub async fn raw_delete(&self, store: StoreName, key: Key) -> Result<(), PersistError> {
        self.write(async |tx| tx.delete(store, &key)).await
    }
}

async fn get_all(os: &IdbObjectStore) -> Result<Array, PersistError> {
    let v = request(&os.get_all().map_err(map_err)?)
        .await
        .map_err(map_err)?;
    Ok(Array::from(&v))
}

impl Persist for IdbStore {
    async fn load(&self, progress: &mut dyn FnMut(Progress)) -> Result<Loaded, PersistError> {
        let stores = [
            StoreName::Meta,
            StoreName::Buckets,
            StoreName::Entries,
            StoreName::Uploads,
            StoreName::Bodies,
            StoreName::Toolkit,
        ];
        let tx = self.begin(&stores, false)?;
        // Issue every read at once, then collect them (one snapshot: one transaction).
        let os = |s| tx.store(s);
        let meta_keys = request(&os(StoreName::Meta)?.get_all_keys().map_err(map_err)?);
        let meta = request(&os(StoreName::Meta)?.get_all().map_err(map_err)?);
        let buckets = request(&os(StoreName::Buckets)?.get_all().map_err(map_err)?);
        let entries = request(&os(StoreName::Entries)?.get_all().map_err(map_err)?);
        let uploads = request(&os(StoreName::Uploads)?.get_all().map_err(map_err)?);
        let toolkit = request(&os(StoreName::Toolkit)?.get_all().map_err(map_err)?);
        let body_keys = request(&os(StoreName::Bodies)?.get_all_keys().map_err(map_err)?);
        let bodies = request(&os(StoreName::Bodies)?.get_all().map_err(map_err)?);
        let mut snap = Snapshot::default();
        let arr = |v: JsValue| Array::from(&v);
        let (meta_keys, meta) = (
            arr(meta_keys.await.map_err(map_err)?),
            arr(meta.await.map_err(map_err)?),
        );
        for i in 0..meta.length() {
            if let (Some(k), Some(t)) = (meta_keys.get(i).as_string(), meta.get(i).as_string()) {
                snap.add_text(StoreName::Meta, &k, &t);
            }
        }
        let parts = [
            (StoreName::Buckets, buckets),
            (StoreName::Entries, entries),
            (StoreName::Uploads, uploads),
            (StoreName::Toolkit, toolkit),
        ];
        let mut read = Vec::new();
        for (s, f) in parts {
            read.push((s, arr(f.await.map_err(map_err)?)));
        }
        let body_keys = arr(body_keys.await.map_err(map_err)?);
        let bodies = arr(bodies.await.map_err(map_err)?);
        let total: usize =
            read.iter().map(|(_, a)| a.length() as usize).sum::<usize>() + bodies.length() as usize;
        let mut done = 0;
        for i in 0..bodies.length() {
            if let (Some(k), Some(Val::Bytes(b))) =
                (body_keys.get(i).as_string(), from_js(bodies.get(i)))
            {
                snap.bodies.insert(k, b);
            }
        }
        done += bodies.length() as usize;
        progress(Progress {
            phase: "read",
            done,
            total,
        });
        for (s, a) in read {
            for i in 0..a.length() {
                match a.get(i).as_string() {
                    Some(t) => snap.add_text(s, "", &t),
                    None => snap
                        .problems
                        .push(format!("{}: a record is not text", s.as_str())),
                }
                if i % 2000 == 1999 {
                    progress(Progress {
                        phase: "read",
                        done: done + i as usize + 1,
                        total,
                    });
                }
            }
            done += a.length() as usize;
        }
        progress(Progress {
            phase: "read",
            done,
            total,
        });
        let (loaded, generation) = snap.into_loaded(progress);
        self.handle.loaded(generation);
        Ok(loaded)
    }

    async fn commit(&self, plan: Plan) -> Result<(), PersistError> {
        let written = self
            .handle
            .commit(plan, async |plan, expected| {
                self.write(async |tx| tx::write(tx, plan, expected).await)
                    .await
            })
            .await?;
        if let Some((plan, g)) = written {
            self.notify("changes", g, plan.changes());
        }
        Ok(())
    }

    async fn fetch_updates(&self, touched: &[Change]) -> Result<Updates, PersistError> {
        let tx = self.begin(&StoreName::ALL, false)?;
        self.handle.fetch_updates(&tx, touched).await
    }

    async fn save_clock(&self, clock: &VirtualClock) -> Result<(), PersistError> {
        let tx = self.begin(&[StoreName::Meta], true)?;
        let committed = done(&tx.tx);
        tx::put_clock(&tx, clock)?;
        committed.await.map_err(map_err)?;
        self.notify("clock", self.handle.generation(), &[]);
        Ok(())
    }

    async fn replace_all(
        &self,
        engine: &Engine,
        clock: Option<&VirtualClock>,
    ) -> Result<(), PersistError> {
        let snap = Snapshot::from_engine(engine, clock, 0);
        let g = self
            .write(async |tx| tx::replace_all(tx, snap).await)
            .await?;
        self.handle.replaced(g);
        self.notify("replaced", g, &[]);
        Ok(())
    }

    async fn reset(&self) -> Result<(), PersistError> {
        let g = self
            .write(async |tx| tx::replace_all(tx, Snapshot::default()).await)
            .await?;
        self.handle.replaced(g);
        self.notify("replaced", g, &[]);
        Ok(())
    }

    async fn stats(&self) -> Result<Stats, PersistError> {
        let tx = self.begin(&StoreName::ALL, false)?;
        let count = |s: StoreName| -> Result<EventFuture, PersistError> {
            Ok(request(&tx.store(s)?.count().map_err(map_err)?))
        };
        let (b, e, u) = (
            count(StoreName::Buckets)?,
            count(StoreName::Entries)?,
            count(StoreName::Uploads)?,
        );
        let n = |v: JsValue| v.as_f64().unwrap_or(0.0) as usize;
        let (buckets, entries, uploads) = (
            n(b.await.map_err(map_err)?),
            n(e.await.map_err(map_err)?),
            n(u.await.map_err(map_err)?),
        );
        let all = get_all(&tx.store(StoreName::Bodies)?).await?;
        let body_bytes = (0..all.length())
            .map(|i| match from_js(all.get(i)) {
                Some(Val::Bytes(b)) => b.len(),
                _ => 0,
            })
            .sum();
        let generation = tx::stored_generation(&tx).await?;
        Ok(Stats {
            buckets,
            entries,
            uploads,
            bodies: all.length() as usize,
            body_bytes,
            generation,
        })
    }

    fn inject_abort_after(&self, writes: usize) {
        self.fail_after.set(Some(writes));
    }
}
