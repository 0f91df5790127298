//! Saving the lab in IndexedDB: loading at start, the save queue, other tabs, export, import
//! and reset, and the status line that says plainly whether the lab is saved.
//!
//! # The save queue
//! Every mutation runs in memory at once (requests answer synchronously) and is recorded as
//! an [`Op`]: the request (or a clock tick that changed records) and the records it changed.
//! ONE task (`task::run`) commits the recorded ops in order: everything recorded while the
//! previous commit was in flight goes into the next transaction (one transaction per batch of
//! consecutive mutations, never a mutation split across two). That ordering is
//! [`SaveQueue`]'s (`persist::save_queue`, tested natively); this file drives it. No `RefCell` borrow is held
//! across an `await`; plans are built synchronously from the engine.
//!
//! * Another tab committed first ([`PersistError::Conflict`]): the records touched by every
//!   uncommitted op are read back from storage together with what the other tab logged, the
//!   engine is patched to the stored state, and the uncommitted requests are served again in
//!   order (new sequences, so version ids never collide), then committed. Nothing is lost.
//! * Any other failure: the ops stay recorded (and in memory), the status says "Not saved",
//!   and the next commit writes them together with whatever comes next.
//! * Notices from other tabs (`BroadcastChannel`) are handled in the same task, between
//!   commits: changes → read and patch (re-serving our uncommitted requests on top), clock →
//!   reload the clock, replaced (import/reset) → reload everything.
//!
//! `window.osslab.request` resolves once its request is saved (or saving failed), with the
//! final response.

mod menu;
mod task;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::Waker;

use leptos::prelude::*;

use crate::engine::Change;
use crate::persist::idb::Notice;
use crate::persist::save_queue::SaveQueue;
use crate::persist::{IdbStore, Imported, Persist};
use crate::wire::http::{WireRequest, WireResponse};

pub use menu::{StorageBar, StorageMenu};
pub use task::start;

/// Called with a request's final response once it is saved (or saving failed).
pub type Reply = Box<dyn FnOnce(WireResponse)>;

enum OpKind {
    Request {
        log_id: u64,
        req: WireRequest,
    },
    /// The clock moved the engine (restore finished, lifecycle ran).
    Time,
}

/// One mutation made in memory and not yet committed (its changed records are kept beside it
/// in the [`SaveQueue`]).
struct Op {
    kind: OpKind,
    resp: Option<WireResponse>,
    reply: Option<Reply>,
}

impl Op {
    fn answer(&mut self) {
        if let (Some(reply), Some(resp)) = (self.reply.take(), self.resp.clone()) {
            reply(resp);
        }
    }
}

enum Command {
    Import(Box<Imported>, String),
    Reset,
}

/// What the status line says.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Loading,
    Saved,
    Saving,
    /// The last save failed; the lab keeps working in memory.
    Failed(String),
    /// No storage at all (unavailable, blocked, too new): memory only.
    Memory(String),
}

impl SaveState {
    pub fn key(&self) -> &'static str {
        match self {
            SaveState::Loading => "loading",
            SaveState::Saved => "saved",
            SaveState::Saving => "saving",
            SaveState::Failed(_) => "failed",
            SaveState::Memory(_) => "memory",
        }
    }

    pub fn text(&self) -> String {
        match self {
            SaveState::Loading => "Loading the saved lab…".into(),
            SaveState::Saved => "Saved".into(),
            SaveState::Saving => "Saving…".into(),
            SaveState::Failed(why) | SaveState::Memory(why) => {
                format!("Not saved: {why} — the lab keeps working in memory")
            }
        }
    }
}

enum Backend {
    /// Still opening and loading.
    Pending,
    Store(Rc<IdbStore>),
    Memory,
}

struct Inner {
    backend: Backend,
    /// Uncommitted mutations, oldest first, and what to commit next.
    ops: SaveQueue<Op>,
    last_error: Option<String>,
    clock_dirty: bool,
    /// No clock was ever saved: save it with the first commit.
    need_clock: bool,
    notices: Vec<Notice>,
    commands: VecDeque<Command>,
    waker: Option<Waker>,
    loaded: bool,
    /// Commits that met another tab's write first (for tests and curiosity).
    conflicts: u64,
    ready: Vec<Box<dyn FnOnce()>>,
    idle: Vec<Box<dyn FnOnce()>>,
}

impl Inner {
    fn wake(&mut self) {
        if let Some(w) = self.waker.take() {
            w.wake();
        }
    }

    fn has_work(&self) -> bool {
        !self.notices.is_empty()
            || !self.commands.is_empty()
            || self.clock_dirty
            || self.ops.wants_commit()
    }
}

/// The reactive side of storage, shared through [`LabCtx`].
#[derive(Clone, Copy)]
pub struct Storage {
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
    pub state: RwSignal<SaveState>,
    /// Load progress: records done, total.
    pub progress: RwSignal<(usize, usize)>,
    /// The outcome of the last export, import or reset (ok, text).
    pub message: RwSignal<Option<(bool, String)>>,
}

impl Default for Storage {
    fn default() -> Self {
        Self::new()
    }
}

impl Storage {
    pub fn new() -> Self {
        Storage {
            inner: StoredValue::new_local(Rc::new(RefCell::new(Inner {
                backend: Backend::Pending,
                ops: SaveQueue::new(),
                last_error: None,
                clock_dirty: false,
                need_clock: false,
                notices: Vec::new(),
                commands: VecDeque::new(),
                waker: None,
                loaded: false,
                conflicts: 0,
                ready: Vec::new(),
                idle: Vec::new(),
            }))),
            state: RwSignal::new(SaveState::Loading),
            progress: RwSignal::new((0, 0)),
            message: RwSignal::new(None),
        }
    }

    fn inner(&self) -> Rc<RefCell<Inner>> {
        self.inner.with_value(Rc::clone)
    }

    pub fn loading(&self) -> bool {
        matches!(self.state.get(), SaveState::Loading)
    }

    fn saving(&self) {
        if !matches!(
            self.state.get_untracked(),
            SaveState::Loading | SaveState::Memory(_) | SaveState::Failed(_)
        ) {
            self.state.set(SaveState::Saving);
        }
    }

    /// Record a request that was served in memory.
    pub fn record_request(
        &self,
        log_id: u64,
        req: WireRequest,
        changes: Vec<Change>,
        resp: WireResponse,
        reply: Option<Reply>,
    ) {
        let inner = self.inner();
        let mut i = inner.borrow_mut();
        if changes.is_empty() || matches!(i.backend, Backend::Memory) {
            drop(i);
            if let Some(r) = reply {
                r(resp);
            }
            return;
        }
        i.ops.push(
            Op {
                kind: OpKind::Request { log_id, req },
                resp: Some(resp),
                reply,
            },
            changes,
        );
        i.wake();
        drop(i);
        self.saving();
    }

    /// Record what the clock changed: records (restores, lifecycle) and/or its controls.
    pub fn record_time(&self, changes: Vec<Change>, clock_changed: bool) {
        if changes.is_empty() && !clock_changed {
            return;
        }
        let inner = self.inner();
        let mut i = inner.borrow_mut();
        if matches!(i.backend, Backend::Memory) {
            return;
        }
        if !changes.is_empty() {
            i.ops.push(
                Op {
                    kind: OpKind::Time,
                    resp: None,
                    reply: None,
                },
                changes,
            );
        }
        i.clock_dirty |= clock_changed;
        i.wake();
        drop(i);
        self.saving();
    }

    /// Call `f` once the saved lab is loaded (or storage gave up).
    pub fn when_ready(&self, f: Box<dyn FnOnce()>) {
        let inner = self.inner();
        let mut i = inner.borrow_mut();
        if i.loaded {
            drop(i);
            f();
        } else {
            i.ready.push(f);
        }
    }

    /// Call `f` once nothing is waiting to be saved (saved, or saving failed).
    pub fn when_idle(&self, f: Box<dyn FnOnce()>) {
        let inner = self.inner();
        let mut i = inner.borrow_mut();
        if i.loaded && !i.has_work() && !matches!(self.state.get_untracked(), SaveState::Saving) {
            drop(i);
            f();
        } else {
            i.idle.push(f);
        }
    }

    /// How many commits met another tab's write first (and were retried).
    pub fn conflicts(&self) -> u64 {
        self.inner().borrow().conflicts
    }

    /// Testing: make the next commit fail (a crash mid-transaction).
    pub fn fail_next_commit(&self) {
        if let Backend::Store(s) = &self.inner().borrow().backend {
            s.inject_abort_after(0);
        }
    }
}
