//! The save task: loads the saved lab, then commits the queue in order, follows other tabs,
//! and runs imports and resets (see the module above for the rules).

use std::rc::Rc;
use std::task::Poll;

use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::{Backend, Command, Op, OpKind, Reply, SaveState};
use crate::engine::Change;
use crate::persist::idb::Notice;
use crate::persist::save_queue::Batch;
use crate::persist::{self, IdbStore, Persist, PersistError, Plan, Updates};
use crate::ui::lab::{real_now, BrowserLab};
use crate::ui::state::{LabCtx, Notice as UiNotice};

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
        i.ops.take_all()
    };
    for mut op in ops {
        op.item.answer();
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
        let Some(Batch { len: n, changes }) = inner.borrow().ops.next_batch() else {
            return;
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
                    i.last_error = None;
                    if std::mem::take(&mut i.need_clock) {
                        i.clock_dirty = true;
                    }
                    i.ops.committed(n)
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
                    for op in i.ops.failed(n) {
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
            (i.ops.len(), i.ops.all_changes())
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
    let mut ops = inner.borrow_mut().ops.take_all();
    if ops.is_empty() {
        return;
    }
    lab.with_lab_mut(|l| {
        l.take_changes();
        for op in ops.iter_mut() {
            match &op.item.kind {
                OpKind::Request { log_id, req } => op.item.resp = Some(l.resend(*log_id, req)),
                OpKind::Time => {
                    l.tick();
                }
            }
            op.changes = l.take_changes();
        }
    });
    inner.borrow_mut().ops.put_back(ops);
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
        i.last_error = None;
        i.clock_dirty = false;
        i.ops.take_all()
    };
    ops.iter_mut().for_each(|p| p.item.answer());
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
            lab.with_lab_mut(|l| *l = BrowserLab::new(real_now()));
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
pub(super) fn sentence(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

pub(super) fn say(lab: LabCtx, ok: bool, text: String) {
    lab.storage.message.set(Some((ok, text.clone())));
    lab.notice.set(Some(UiNotice { ok, text }));
}

/// Queue an import or reset behind the pending saves (in memory-only mode: do it now).
pub(super) fn command(lab: LabCtx, cmd: Command) {
    let inner = lab.storage.inner();
    let mut i = inner.borrow_mut();
    if matches!(i.backend, Backend::Memory) {
        drop(i);
        apply_command(lab, cmd);
        return;
    }
    i.commands.push_back(cmd);
    i.wake();
    drop(i);
    lab.storage.saving();
}
