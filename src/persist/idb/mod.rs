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

mod open;
mod request;

pub use open::*;
use request::*;

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
        Ok(IdbTx::new(
            tx,
            if write { self.fail_after.take() } else { None },
        ))
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
        super::rewrite_stale(self, &loaded).await?;
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
