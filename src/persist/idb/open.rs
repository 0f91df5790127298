//! Opening the database: the schema upgrade (and v1→v2 migration) inside `onupgradeneeded`,
//! and the fixtures the browser tests write old databases with.

use super::request::*;
use super::*;

// ---- opening and the schema ---------------------------------------------------------------

/// Stores of schema v1 (bodies inline in entries and parts).
pub const V1_STORES: [StoreName; 4] = [
    StoreName::Meta,
    StoreName::Buckets,
    StoreName::Entries,
    StoreName::Uploads,
];

pub(super) fn factory() -> Result<IdbFactory, PersistError> {
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
pub(super) fn upgrade(db: &IdbDatabase, tx: &IdbTransaction, old: u32) -> Result<(), JsValue> {
    let have = db.object_store_names();
    for s in StoreName::ALL {
        if !have.contains(s.as_str()) {
            db.create_object_store(s.as_str())?;
        }
    }
    if old == 1 {
        let tx = tx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let itx = IdbTx::new(tx.clone(), None);
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
pub(super) async fn migrate_v1(tx: &IdbTx) -> Result<(), PersistError> {
    let mut refs: HashMap<String, u64> = HashMap::new();
    let mut bodies: HashMap<String, Vec<u8>> = HashMap::new();
    let mut keep = |bytes: Vec<u8>| {
        let cid = crate::persist::records::content_id(&bytes);
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
pub(super) async fn open_db(
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
    let itx = IdbTx::new(tx, None);
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
