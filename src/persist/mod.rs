//! Engine state storage behind a small trait: [`Persist`].
//!
//! Three implementations run through one conformance suite (`persist::conformance`, compiled
//! only with the `conformance` feature, which the crate's own tests turn on):
//! [`memory::MemoryStore`] (native and wasm), in the browser `idb::IdbStore` (IndexedDB), and
//! natively `native::NativeStore` (a SQLite database file: `osslab serve --data-dir`, whose
//! layout and durability are described in its module).
//!
//! The stores, their keys and records are described in [`schema`].
//!
//! # One transaction per mutation
//! [`Persist::apply`] writes, in ONE transaction, exactly the records named by the engine's
//! [`Change`] list (the current state of each, or its deletion), adjusts body reference
//! counts (a body whose count drops to zero is deleted with its count), bumps the generation
//! and logs the change list. Only IndexedDB requests are awaited inside it.
//!
//! # Several tabs
//! Every committed write bumps `state.generation`. A store handle remembers the generation
//! its engine reflects, and `apply` first reads `state` inside its transaction: if another
//! tab committed in between, the transaction writes nothing and fails with
//! [`PersistError::Conflict`]. [`Persist::run`] handles that: it brings the engine up to date
//! with [`Persist::refresh`] (re-reads the records this tab touched and those named by the
//! `log` since its generation) and re-runs the operation, so two tabs writing at once lose
//! nothing and sequences (hence version ids) never collide.
//!
//! After each commit the IndexedDB store posts on the `BroadcastChannel` named
//! `osslab-persist:<database name>` a JSON text message
//! `{"v":1,"kind":"changes","generation":g,"tab":"<id>","changes":[Change...]}`
//! (`kind` is `"clock"` after [`Persist::save_clock`], `"replaced"` after an import or
//! reset). A tab receiving it calls [`Persist::refresh`] (changes) or reloads (replaced). The
//! message is only a wake-up: `refresh` reads the `log`, so a missed message loses nothing.

//!
//! # Using it from the UI (browser)
//! Keep the engine in an `Rc<RefCell<Engine>>` and send every mutation through ONE async
//! queue (a `spawn_local` task reading a channel), so commits happen in order and no
//! `RefCell` borrow is held across an `await`:
//! ```ignore
//! let store = persist::open().await;                       // Err: show e.to_string(), stay in memory
//! let loaded = store.load(&mut |p| progress.set((p.done, p.total))).await?;
//! loaded.report.problems.iter().for_each(|p| log_warning(p)); // damaged records were skipped
//! let clock = loaded.clock.unwrap_or_else(|| VirtualClock::new(now_real, now_real));
//! // each mutation — a wire request, or engine.set_now(..) (lifecycle may change records):
//! let plan = { let mut e = engine.borrow_mut(); e.track_changes(true);
//!              response = wire::handle(&mut e, &req);
//!              let changes = e.take_changes(); Plan::new(&e, &changes) }; // sync borrow only
//! match store.commit(plan.clone()).await {
//!     Ok(()) => {}
//!     Err(PersistError::Conflict { .. }) => {               // another tab wrote first
//!         let up = store.fetch_updates(plan.changes()).await?;
//!         up.patch(&mut engine.borrow_mut());               // now equal to the store: re-send req
//!     }
//!     Err(e) => banner(e.to_string()),                      // kept in memory, retried next commit
//! }
//! store.save_clock(&clock).await?;                          // on play/pause/speed/jump, not per tick
//! store.on_notice(|n| queue.send(n));                       // Changes → fetch_updates(&[]) + patch;
//!                                                           // Clock → load_clock(); Replaced → load()
//! let file = persist::export(&engine.borrow(), Some(&clock)); // download as .osslab.json
//! let im = persist::import(&bytes)?;                        // Err: show it; nothing changed
//! store.replace_all(&im.engine, im.clock.as_ref()).await?;  // then use im.engine / im.clock
//! store.reset().await?;                                     // then Engine::new(clock.now(real))
//! ```
//! Natively (tests, tools) [`Persist::run`] does the mutate / commit / refresh-and-retry
//! loop in one call.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod export;
mod handle;
pub mod memory;
pub mod records;
pub mod save_queue;
pub mod schema;
pub mod snapshot;
pub mod tx;
mod write_set;

#[cfg(target_arch = "wasm32")]
pub mod idb;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;

use std::fmt;

use crate::engine::clock::VirtualClock;
use crate::engine::{Change, Engine};

pub use export::{export, import, ImportError, Imported};
pub use memory::MemoryStore;
pub use schema::{DB_NAME, LOG_KEEP, SCHEMA_VERSION};
pub use snapshot::{LoadReport, Progress};
pub use tx::{Plan, Updates};

#[cfg(target_arch = "wasm32")]
pub use idb::{open, open_named, IdbStore};
#[cfg(not(target_arch = "wasm32"))]
pub use native::NativeStore;

/// Why storage failed. Every message is meant for the user; the UI shows it and keeps
/// working in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersistError {
    /// No IndexedDB (private mode, disabled storage, not a browser).
    Unavailable(String),
    /// The database needs an upgrade that another open tab blocks.
    Blocked,
    /// The database was made by a newer osslab (schema `found` > [`SCHEMA_VERSION`]).
    TooNew { found: u32 },
    /// Opening or upgrading failed.
    Upgrade(String),
    /// The browser refused to store more data.
    QuotaExceeded,
    /// Another tab committed first; refresh and retry ([`Persist::run`] does both).
    Conflict { expected: u64, found: u64 },
    /// A transaction failed or was aborted; nothing of it was written.
    Aborted(String),
    /// Stored data could not be read back.
    Corrupt(String),
    /// Another tab is upgrading or deleting the database; this handle was closed.
    Closed,
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistError::Unavailable(why) => write!(
                f,
                "Browser storage (IndexedDB) is not available ({why}); the lab works but is not saved."
            ),
            PersistError::Blocked => write!(
                f,
                "Another osslab tab holds an older version of the saved lab open; close it and reload."
            ),
            PersistError::TooNew { found } => write!(
                f,
                "The saved lab was written by a newer osslab (schema {found}, this one reads up to {SCHEMA_VERSION}); reload to get the new version."
            ),
            PersistError::Upgrade(why) => write!(f, "The saved lab could not be opened: {why}"),
            PersistError::QuotaExceeded => write!(
                f,
                "Browser storage is full; the last change was not saved. Delete objects or export and reset the lab."
            ),
            PersistError::Conflict { expected, found } => write!(
                f,
                "Another tab saved first (generation {found}, expected {expected}); refresh and retry."
            ),
            PersistError::Aborted(why) => write!(f, "Saving failed and was rolled back: {why}"),
            PersistError::Corrupt(why) => write!(f, "The saved lab is damaged: {why}"),
            PersistError::Closed => write!(
                f,
                "The saved lab was closed because another tab is upgrading or resetting it; reload."
            ),
        }
    }
}

impl std::error::Error for PersistError {}

/// What [`Persist::load`] gives back.
#[derive(Debug)]
pub struct Loaded {
    pub engine: Engine,
    /// The saved virtual clock, if one was ever saved.
    pub clock: Option<VirtualClock>,
    /// `true` when nothing was stored yet.
    pub fresh: bool,
    /// Records that could not be restored (skipped, never a panic).
    pub report: LoadReport,
}

/// What [`Persist::refresh`] did.
#[derive(Debug, PartialEq)]
pub enum Refreshed {
    /// The engine was brought up to date by re-reading these records (for the UI to
    /// re-render or animate); empty when nothing had changed.
    Records(Vec<Change>),
    /// The store was replaced (import, reset) or too far ahead: the engine was reloaded.
    Reloaded,
}

/// Right after a load: write again the records it read in an older layout
/// ([`LoadReport::stale`]), so they are stored as this version writes them. (A bill written
/// before each key's removed versions had a record of their own would otherwise lose them
/// at its next write.) A failed rewrite stays pending, as any failed commit does.
pub(crate) async fn rewrite_stale<P: Persist>(
    store: &P,
    loaded: &Loaded,
) -> Result<(), PersistError> {
    if loaded.report.stale.is_empty() {
        return Ok(());
    }
    store
        .commit(Plan::rewriting(&loaded.engine, &loaded.report.stale))
        .await
}

/// Counts, for tests and the UI's storage panel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub buckets: usize,
    pub entries: usize,
    pub uploads: usize,
    pub bodies: usize,
    pub body_bytes: usize,
    pub generation: u64,
}

/// Engine state storage. Futures are not `Send` (IndexedDB lives on one thread).
#[allow(async_fn_in_trait)]
pub trait Persist {
    /// Read the whole stored state. `progress` is called as records are restored.
    async fn load(&self, progress: &mut dyn FnMut(Progress)) -> Result<Loaded, PersistError>;

    /// Write a [`Plan`] (the records one mutation touched) in one transaction. Fails with
    /// [`PersistError::Conflict`] (writing nothing) when another handle committed since this
    /// one last loaded, committed or fetched updates: then call [`Persist::refresh`] with the
    /// plan's changes. After any other failure the plan is kept and written together with
    /// the next successful commit.
    async fn commit(&self, plan: Plan) -> Result<(), PersistError>;

    /// [`Persist::commit`] of the records named by `changes`, as `engine` has them now.
    async fn apply(&self, engine: &Engine, changes: &[Change]) -> Result<(), PersistError> {
        self.commit(Plan::new(engine, changes)).await
    }

    /// Read what changed since this handle's generation (the records named in the log, plus
    /// `touched`: records this tab changed in memory without committing them). Patch the
    /// result into the engine with [`Updates::patch`] before the next mutation.
    async fn fetch_updates(&self, touched: &[Change]) -> Result<Updates, PersistError>;

    /// Bring `engine` up to what is stored: [`Persist::fetch_updates`] and
    /// [`Updates::patch`], or a full reload when the log does not reach back far enough (or
    /// the store was replaced). Records in `touched` are thereby rolled back to their stored
    /// state.
    async fn refresh(
        &self,
        engine: &mut Engine,
        touched: &[Change],
    ) -> Result<Refreshed, PersistError> {
        match self.fetch_updates(touched).await? {
            Updates::Reload => {
                *engine = self.load(&mut |_| {}).await?.engine;
                Ok(Refreshed::Reloaded)
            }
            updates => Ok(Refreshed::Records(updates.patch(engine).0)),
        }
    }

    /// Save the virtual clock (its own record; no conflict check: last writer wins).
    async fn save_clock(&self, clock: &VirtualClock) -> Result<(), PersistError>;

    /// Replace everything stored with `engine` (import, first save) in one transaction.
    async fn replace_all(
        &self,
        engine: &Engine,
        clock: Option<&VirtualClock>,
    ) -> Result<(), PersistError>;

    /// Delete everything stored (one transaction). Other tabs reload an empty lab.
    async fn reset(&self) -> Result<(), PersistError>;

    async fn stats(&self) -> Result<Stats, PersistError>;

    /// Testing: make the next write transaction fail after `writes` writes (a crash
    /// mid-transaction). Nothing of that transaction may remain.
    #[doc(hidden)]
    fn inject_abort_after(&self, _writes: usize) {}

    /// Run one engine mutation and persist exactly what it changed. On a conflict with
    /// another tab, refresh the engine and run `op` again (up to 5 times). On any other
    /// storage error the engine keeps the change in memory and the error is returned
    /// together with the operation's result, so the UI can show both.
    async fn run<R>(
        &self,
        engine: &mut Engine,
        mut op: impl FnMut(&mut Engine) -> R,
    ) -> (R, Result<(), PersistError>) {
        let mut attempt = 0;
        loop {
            engine.track_changes(true);
            let result = op(engine);
            let changes = engine.take_changes();
            if changes.is_empty() {
                return (result, Ok(()));
            }
            let plan = Plan::new(engine, &changes);
            match self.commit(plan).await {
                Err(PersistError::Conflict { .. }) if attempt < 5 => {
                    attempt += 1;
                    if let Err(e) = self.refresh(engine, &changes).await {
                        return (result, Err(e));
                    }
                }
                other => return (result, other),
            }
        }
    }
}
