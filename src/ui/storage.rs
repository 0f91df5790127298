//! Saving the lab in IndexedDB: loading at start, the save queue, other tabs, export, import
//! and reset, and the status line that says plainly whether the lab is saved.
//!
//! # The save queue
//! Every mutation runs in memory at once (requests answer synchronously) and is recorded as
//! an [`Op`]: the request (or a clock tick that changed records) and the records it changed.
//! ONE task, [`run`], commits the recorded ops in order: everything recorded while the
//! previous commit was in flight goes into the next transaction (one transaction per batch of
//! consecutive mutations, never a mutation split across two). No `RefCell` borrow is held
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

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::{Poll, Waker};

use js_sys::{Array, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::lab::{real_now, Lab};
use super::state::{use_lab, LabCtx, Notice as UiNotice};
use crate::engine::Change;
use crate::persist::idb::Notice;
use crate::persist::{self, IdbStore, Imported, Persist, PersistError, Plan, Updates};
use crate::wire::http::{WireRequest, WireResponse};

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

/// One mutation made in memory and not yet committed.
struct Op {
    kind: OpKind,
    changes: Vec<Change>,
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
    /// Uncommitted mutations, oldest first.
    ops: Vec<Op>,
    /// `ops.len()` at the last failed commit: retry only when more arrive.
    failed_len: Option<usize>,
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
            || (!self.ops.is_empty() && self.failed_len != Some(self.ops.len()))
    }

    fn all_changes(&self) -> Vec<Change> {
        self.ops
            .iter()
            .flat_map(|o| o.changes.iter().cloned())
            .collect()
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
                ops: Vec::new(),
                failed_len: None,
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
        i.ops.push(Op {
            kind: OpKind::Request { log_id, req },
            changes,
            resp: Some(resp),
            reply,
        });
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
            i.ops.push(Op {
                kind: OpKind::Time,
                changes,
                resp: None,
                reply: None,
            });
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

    fn command(&self, lab: LabCtx, cmd: Command) {
        let inner = self.inner();
        let mut i = inner.borrow_mut();
        if matches!(i.backend, Backend::Memory) {
            drop(i);
            apply_command(lab, cmd);
            return;
        }
        i.commands.push_back(cmd);
        i.wake();
        drop(i);
        self.saving();
    }
}

// ---- the task -----------------------------------------------------------------------------

/// Open and load the saved lab, swap it in, resolve `ready`, then run the save queue.
pub fn start(lab: LabCtx) {
    spawn_local(run(lab));
}

fn finish_loading(lab: LabCtx) {
    let inner = lab.storage.inner();
    let ready = {
        let mut i = inner.borrow_mut();
        i.loaded = true;
        std::mem::take(&mut i.ready)
    };
    lab.changed();
    // After the next frame, so the loaded lab is on screen when `ready` resolves.
    request_animation_frame(move || ready.into_iter().for_each(|f| f()));
}

fn go_memory(lab: LabCtx, why: String) {
    let inner = lab.storage.inner();
    let ops = {
        let mut i = inner.borrow_mut();
        i.backend = Backend::Memory;
        i.clock_dirty = false;
        std::mem::take(&mut i.ops)
    };
    for mut op in ops {
        op.answer();
    }
    lab.storage.state.set(SaveState::Memory(why));
    let commands: Vec<Command> = inner.borrow_mut().commands.drain(..).collect();
    for c in commands {
        apply_command(lab, c);
    }
    finish_loading(lab);
    settle(lab);
}

async fn run(lab: LabCtx) {
    let st = lab.storage;
    let inner = st.inner();
    let store = match persist::open().await {
        Ok(s) => Rc::new(s),
        Err(e) => return go_memory(lab, e.to_string()),
    };
    let progress = st.progress;
    let loaded = match store.load(&mut |p| progress.set((p.done, p.total))).await {
        Ok(l) => l,
        Err(e) => return go_memory(lab, e.to_string()),
    };
    if !loaded.report.problems.is_empty() {
        let n = loaded.report.problems.len();
        st.message.set(Some((
            false,
            format!(
                "{n} damaged record(s) in the saved lab were skipped: {}",
                loaded.report.problems.join("; ")
            ),
        )));
    }
    let need_clock = loaded.clock.is_none();
    if !loaded.fresh {
        lab.with_lab_mut(|l| l.restore(loaded.engine, loaded.clock, false));
    } else if let Some(c) = loaded.clock {
        lab.with_lab_mut(|l| l.clock = c);
    }
    {
        let mut i = inner.borrow_mut();
        i.backend = Backend::Store(store.clone());
        i.need_clock = need_clock;
    }
    // Requests made while loading ran on the empty lab: serve them again on the loaded one.
    rerun_ops(lab);
    lab.update(|l| l.tick());
    let inner2 = inner.clone();
    store.on_notice(move |n| {
        let mut i = inner2.borrow_mut();
        i.notices.push(n);
        i.wake();
    });
    st.state.set(SaveState::Saved);
    finish_loading(lab);
    loop {
        settle(lab);
        std::future::poll_fn(|cx| {
            let mut i = inner.borrow_mut();
            if i.has_work() {
                Poll::Ready(())
            } else {
                i.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
        step(lab, &store).await;
    }
}

fn failed(lab: LabCtx, e: &PersistError) {
    let inner = lab.storage.inner();
    inner.borrow_mut().last_error = Some(e.to_string());
    lab.storage.state.set(SaveState::Failed(e.to_string()));
}

/// The status after a step: failed, saving (more to do) or saved; wakes `saved()` waiters.
fn settle(lab: LabCtx) {
    let inner = lab.storage.inner();
    let mut i = inner.borrow_mut();
    if i.has_work() || !i.loaded {
        return;
    }
    let state = match (&i.backend, &i.last_error) {
        (Backend::Memory, _) => None,
        (_, Some(e)) => Some(SaveState::Failed(e.clone())),
        _ => Some(SaveState::Saved),
    };
    let idle = std::mem::take(&mut i.idle);
    drop(i);
    if let Some(s) = state {
        if lab.storage.state.get_untracked() != s {
            lab.storage.state.set(s);
        }
    }
    idle.into_iter().for_each(|f| f());
}

async fn step(lab: LabCtx, store: &Rc<IdbStore>) {
    let inner = lab.storage.inner();
    let notices = std::mem::take(&mut inner.borrow_mut().notices);
    if !notices.is_empty() {
        let result = if notices.iter().any(|n| matches!(n, Notice::Replaced)) {
            reload_all(lab, store).await
        } else if notices.iter().any(|n| matches!(n, Notice::Changes { .. })) {
            sync(lab, store).await
        } else {
            Ok(())
        };
        if let Err(e) = result {
            failed(lab, &e);
        }
        if notices.iter().any(|n| matches!(n, Notice::Clock)) {
            if let Ok(Some(c)) = store.load_clock().await {
                lab.with_lab_mut(|l| l.clock = c);
                lab.update(|l| l.tick());
            }
        }
    }
    commit_ops(lab, store).await;
    let cmd = inner.borrow_mut().commands.pop_front();
    if let Some(cmd) = cmd {
        run_command(lab, store, cmd).await;
    }
    let dirty = std::mem::take(&mut inner.borrow_mut().clock_dirty);
    if dirty {
        let clock = lab.read_untracked(|l| l.clock);
        match store.save_clock(&clock).await {
            Ok(()) => inner.borrow_mut().need_clock = false,
            Err(e) => failed(lab, &e),
        }
    }
}

/// Commit every recorded op in one transaction; on a conflict bring the engine up to date,
/// serve the uncommitted requests again and retry.
async fn commit_ops(lab: LabCtx, store: &Rc<IdbStore>) {
    let inner = lab.storage.inner();
    for _attempt in 0..20 {
        let (n, changes) = {
            let i = inner.borrow();
            if i.ops.is_empty() || i.failed_len == Some(i.ops.len()) {
                return;
            }
            (i.ops.len(), i.all_changes())
        };
        lab.storage.saving();
        let result = if changes.is_empty() {
            Ok(())
        } else {
            let plan = lab.read_untracked(|l| Plan::new(&l.engine, &changes));
            store.commit(plan).await
        };
        match result {
            Ok(()) => {
                let mut done: Vec<Op> = {
                    let mut i = inner.borrow_mut();
                    i.failed_len = None;
                    i.last_error = None;
                    if std::mem::take(&mut i.need_clock) {
                        i.clock_dirty = true;
                    }
                    i.ops.drain(..n).collect()
                };
                done.iter_mut().for_each(Op::answer);
                return;
            }
            Err(PersistError::Conflict { .. }) => {
                inner.borrow_mut().conflicts += 1;
                if let Err(e) = sync(lab, store).await {
                    failed(lab, &e);
                    return;
                }
            }
            Err(e) => {
                let mut answer: Vec<Reply> = Vec::new();
                let mut resps = Vec::new();
                {
                    let mut i = inner.borrow_mut();
                    i.failed_len = Some(n);
                    for op in i.ops[..n].iter_mut() {
                        if let (Some(r), Some(resp)) = (op.reply.take(), op.resp.clone()) {
                            answer.push(r);
                            resps.push(resp);
                        }
                    }
                }
                failed(lab, &e);
                for (r, resp) in answer.into_iter().zip(resps) {
                    r(resp);
                }
                return;
            }
        }
    }
    failed(
        lab,
        &PersistError::Aborted(
            "other tabs kept writing first; retrying with the next change".into(),
        ),
    );
}

/// Bring the engine to the stored state (other tabs' changes; our uncommitted records rolled
/// back), then serve our uncommitted ops again on top.
async fn sync(lab: LabCtx, store: &Rc<IdbStore>) -> Result<(), PersistError> {
    let inner = lab.storage.inner();
    let mut seen: Vec<Change> = Vec::new();
    loop {
        let (n, mut touched) = {
            let i = inner.borrow();
            (i.ops.len(), i.all_changes())
        };
        touched.extend(seen.iter().cloned());
        let updates = store.fetch_updates(&touched).await?;
        if let Updates::Records { changes, .. } = &updates {
            if inner.borrow().ops.len() != n {
                // More ops ran while reading: read again, covering their records too.
                seen = changes.clone();
                continue;
            }
        }
        match updates {
            Updates::Reload => return reload_all(lab, store).await,
            updates => {
                let problems = lab.with_lab_mut(|l| {
                    let (_, problems) = updates.patch(&mut l.engine);
                    l.take_changes();
                    problems
                });
                if !problems.is_empty() {
                    lab.storage.message.set(Some((
                        false,
                        format!(
                            "Damaged records from another tab were skipped: {}",
                            problems.join("; ")
                        ),
                    )));
                }
                rerun_ops(lab);
                lab.changed();
                return Ok(());
            }
        }
    }
}

/// Reload everything from storage (another tab imported or reset), then serve our
/// uncommitted ops again on top.
async fn reload_all(lab: LabCtx, store: &Rc<IdbStore>) -> Result<(), PersistError> {
    let loaded = store.load(&mut |_| {}).await?;
    lab.with_lab_mut(|l| l.restore(loaded.engine, loaded.clock, false));
    clear_selection(lab);
    rerun_ops(lab);
    lab.changed();
    Ok(())
}

/// Serve every uncommitted op again, in order, on the current engine.
fn rerun_ops(lab: LabCtx) {
    let inner = lab.storage.inner();
    let mut ops = std::mem::take(&mut inner.borrow_mut().ops);
    if ops.is_empty() {
        return;
    }
    lab.with_lab_mut(|l| {
        l.take_changes();
        for op in ops.iter_mut() {
            match &op.kind {
                OpKind::Request { log_id, req } => op.resp = Some(l.resend(*log_id, req)),
                OpKind::Time => {
                    l.tick();
                }
            }
            op.changes = l.take_changes();
        }
    });
    let mut i = inner.borrow_mut();
    i.failed_len = None;
    ops.append(&mut i.ops);
    i.ops = ops;
}

fn clear_selection(lab: LabCtx) {
    lab.sel.bucket.set(None);
    lab.sel.key.set(None);
    lab.sel.version.set(None);
    lab.sel.folder.set(String::new());
    lab.sel.search.set(String::new());
    lab.sel.checked.set(Default::default());
}

/// Drop every uncommitted op (the lab is being replaced), answering waiting scripts.
fn drop_ops(lab: LabCtx) {
    let inner = lab.storage.inner();
    let mut ops = {
        let mut i = inner.borrow_mut();
        i.failed_len = None;
        i.last_error = None;
        i.clock_dirty = false;
        std::mem::take(&mut i.ops)
    };
    ops.iter_mut().for_each(Op::answer);
}

async fn run_command(lab: LabCtx, store: &Rc<IdbStore>, cmd: Command) {
    let result = match &cmd {
        Command::Import(im, _) => store.replace_all(&im.engine, im.clock.as_ref()).await,
        Command::Reset => store.reset().await,
    };
    match result {
        Ok(()) => {
            drop_ops(lab);
            let need_clock = match &cmd {
                Command::Import(im, _) => im.clock.is_none(),
                Command::Reset => true,
            };
            lab.storage.inner().borrow_mut().need_clock = need_clock;
            apply_command(lab, cmd);
        }
        Err(e) => {
            let what = match &cmd {
                Command::Import(_, name) => format!("{name} was not imported"),
                Command::Reset => "The lab was not reset".into(),
            };
            say(
                lab,
                false,
                format!("{what}: {} Nothing was changed.", sentence(&e.to_string())),
            );
        }
    }
}

/// Replace the lab in memory (after storage accepted it, or in memory-only mode).
fn apply_command(lab: LabCtx, cmd: Command) {
    match cmd {
        Command::Import(im, name) => {
            let im = *im;
            let (buckets, versions) = (
                im.engine.buckets().count(),
                im.engine
                    .buckets()
                    .map(|b| {
                        b.objects
                            .values()
                            .map(|s| s.oldest_first().len())
                            .sum::<usize>()
                    })
                    .sum::<usize>(),
            );
            lab.with_lab_mut(|l| l.restore(im.engine, im.clock, true));
            clear_selection(lab);
            lab.update(|l| l.tick());
            say(
                lab,
                true,
                format!("Imported {name}: {buckets} bucket(s), {versions} version(s) and delete marker(s)."),
            );
        }
        Command::Reset => {
            lab.with_lab_mut(|l| *l = Lab::new(real_now()));
            clear_selection(lab);
            say(
                lab,
                true,
                "The lab was reset: no buckets, in storage and in memory.".into(),
            );
        }
    }
    lab.changed();
}

/// `text` ending with a full stop.
fn sentence(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

fn say(lab: LabCtx, ok: bool, text: String) {
    lab.storage.message.set(Some((ok, text.clone())));
    lab.notice.set(Some(UiNotice { ok, text }));
}

// ---- export and import --------------------------------------------------------------------

fn export_file(lab: LabCtx) -> Result<String, String> {
    let bytes = lab.read_untracked(|l| persist::export(&l.engine, Some(&l.clock)));
    let blob =
        web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(&bytes[..])))
            .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let stamp: String = String::from(js_sys::Date::new_0().to_iso_string())
        .chars()
        .take(19)
        .map(|c| if c == ':' { '-' } else { c })
        .collect();
    let name = format!("osslab-{stamp}.osslab.json");
    let a = document()
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?;
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", &name);
    a.unchecked_ref::<web_sys::HtmlElement>().click();
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(format!(
        "Exported the lab to {name} ({} bytes).",
        bytes.len()
    ))
}

fn import_file(lab: LabCtx, file: web_sys::File) {
    let name = file.name();
    spawn_local(async move {
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => Uint8Array::new(&buf).to_vec(),
            Err(_) => {
                say(
                    lab,
                    false,
                    format!("{name} could not be read. Nothing was changed."),
                );
                return;
            }
        };
        match persist::import(&bytes) {
            Ok(im) => lab
                .storage
                .command(lab, Command::Import(Box::new(im), name)),
            Err(e) => say(
                lab,
                false,
                format!(
                    "{name} was not imported: {} Nothing was changed.",
                    sentence(&e.to_string())
                ),
            ),
        }
    });
}

// ---- components ---------------------------------------------------------------------------

/// The save status under the header: "Saved", "Saving…", "Not saved: …", or the load
/// progress bar.
#[component]
pub fn StorageBar() -> impl IntoView {
    let lab = use_lab();
    let st = lab.storage;
    let problem = move || matches!(st.state.get(), SaveState::Failed(_) | SaveState::Memory(_));
    view! {
        // Announced only when something is wrong: "Saving…"/"Saved" after every click would
        // drown a screen reader.
        <div class="storage-bar" class:storage-problem=problem data-testid="storage-bar"
            aria-live=move || if problem() { "assertive" } else { "off" } aria-atomic="true">
            <span class="storage-icon" aria-hidden="true">
                {move || match st.state.get() {
                    SaveState::Saved => "✓",
                    SaveState::Saving | SaveState::Loading => "…",
                    _ => "⚠",
                }}
            </span>
            <span class="storage-state" data-testid="storage-status"
                data-state=move || st.state.get().key()>
                {move || st.state.get().text()}
            </span>
            {move || st.loading().then(|| {
                let (done, total) = st.progress.get();
                if total == 0 {
                    view! {
                        <progress class="storage-progress" data-testid="storage-progress"
                            aria-label="Loading the saved lab"></progress>
                        <span class="storage-count"></span>
                    }.into_any()
                } else {
                    view! {
                        <progress class="storage-progress" data-testid="storage-progress"
                            aria-label="Loading the saved lab" max=total value=done></progress>
                        <span class="storage-count" data-testid="storage-count">
                            {format!("{done} / {total} records")}
                        </span>
                    }.into_any()
                }
            })}
        </div>
    }
}

/// "Lab storage" in the header: export, import, reset (with confirmation).
#[component]
pub fn StorageMenu() -> impl IntoView {
    let lab = use_lab();
    let st = lab.storage;
    let confirming = RwSignal::new(false);
    let export = move |_| match export_file(lab) {
        Ok(text) => say(lab, true, text),
        Err(e) => say(lab, false, format!("The export failed: {e}")),
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            input.set_value("");
            import_file(lab, file);
        }
    };
    let ask_reset = move |_| {
        confirming.set(true);
        request_animation_frame(|| {
            if let Some(b) = document().get_element_by_id("reset-confirm") {
                let _ = b.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        });
    };
    let cancel = move |_| {
        confirming.set(false);
        if let Some(b) = document().get_element_by_id("reset-lab") {
            let _ = b.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    };
    let reset = move |_| {
        confirming.set(false);
        st.command(lab, Command::Reset);
    };
    // Escape closes the menu and gives focus back to its toggle.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Escape" {
            return;
        }
        if let Some(menu) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = menu.remove_attribute("open");
            confirming.set(false);
            if let Ok(Some(summary)) = menu.query_selector("summary") {
                let _ = summary.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        }
    };
    view! {
        <details class="storage-menu" data-testid="storage-menu" on:keydown=on_key>
            <summary data-testid="storage-menu-toggle">"Lab storage"</summary>
            <div class="storage-panel">
                <p class="storage-help">
                    "The lab is saved in this browser (IndexedDB) after every change, and other osslab tabs follow it."
                </p>
                <button type="button" class="storage-action" data-testid="export-lab" on:click=export>
                    "Export the lab to a file"
                </button>
                <input id="import-lab" class="storage-file" type="file" data-testid="import-lab"
                    accept=".json,application/json" on:change=import/>
                <label class="storage-action storage-import" for="import-lab">
                    "Import a lab file…"
                </label>
                <button type="button" id="reset-lab" class="storage-action storage-danger"
                    data-testid="reset-lab" on:click=ask_reset aria-expanded=move || confirming.get().to_string()>
                    "Reset the lab…"
                </button>
                <Show when=move || confirming.get()>
                    <div class="storage-confirm" role="group" aria-labelledby="reset-question">
                        <p id="reset-question">
                            "Delete every bucket, object and version, from this browser's storage and from memory? This cannot be undone; export first to keep a copy."
                        </p>
                        <button type="button" id="reset-confirm" class="storage-danger"
                            data-testid="reset-confirm" on:click=reset>"Reset the lab"</button>
                        <button type="button" data-testid="reset-cancel" on:click=cancel>"Cancel"</button>
                    </div>
                </Show>
                <div class="storage-message" data-testid="storage-message-region" role="alert">
                    {move || st.message.get().map(|(ok, text)| view! {
                        <p class:storage-ok=ok class:storage-error=!ok data-testid="storage-message"
                            data-ok=ok.to_string()>{text}</p>
                    })}
                </div>
            </div>
        </details>
    }
}
