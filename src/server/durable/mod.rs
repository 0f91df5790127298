//! `osslab serve --data-dir DIR`: every acknowledged write is on disk first.
//!
//! # Group commit
//! Requests run as in memory: each takes the engine lock, runs through the wire layer (the
//! engine records the [`Change`]s it makes), and, still under the lock, [`Durable::after_request`]
//! builds a [`Plan`] of the changed records (cheap: records and `Arc`ed bodies, no
//! serialization) and sends it with a ticket number to ONE committer thread. The records that
//! sum up a bucket or the lab (a bucket's bill with its history, the state record), which
//! every write changes and of which a commit keeps only the newest, are left out of it
//! ([`Plan::deferring_totals`]): the committer takes them once per commit, under the engine
//! lock, after taking every job queued by then (none can be queued while it holds the lock,
//! so the engine is exactly as the last of them left it). Tickets are
//! handed out under the engine lock, so their order is the engine's order. The request then
//! releases the lock and waits for its ticket; only then is the response sent.
//!
//! The committer takes every job waiting in its queue (up to [`MAX_BATCH`]), merges their
//! plans (later records win) and writes them in ONE SQLite transaction with one durable commit
//! ([`NativeStore::commit_with_clock`]), then publishes "done through ticket N" on a watch
//! channel, which wakes the waiting requests. While it syncs, new requests queue up and form
//! the next batch. Left at that, N clients settle into two alternating batches of N/2 (one
//! syncing while the other gathers). That is the better way when commits are quick: one
//! batch's commit overlaps the next batch's requests. When commits are slow (longer than
//! [`SLOW_COMMIT`], as the last one was) one sync for all N beats two, so before committing
//! the committer lingers while jobs keep arriving (until a window of [`LINGER`] brings none, in
//! all up to [`LINGER_MAX`]): the clients just answered come back and join. It stops lingering
//! as soon as every open connection has a write in the batch ([`Durable::connections`],
//! counted by `serve_on`): an HTTP/1 connection sends its next request only after its
//! response, so no other write can come. The [`queue`] wakes the committer for that full
//! batch (or a first job), not for every job. The engine lock is never held across a disk
//! write or sync.
//!
//! A response that wrote nothing can still have *read* a write not yet on disk (a GET right
//! after another client's PUT): it waits for the last ticket handed out before it, so no
//! client sees data that a crash could take back. With no write in flight that costs nothing.
//!
//! # A failed commit
//! When a commit fails (disk full, I/O error) nothing of the batch is on disk (SQLite rolls
//! the transaction back), but the engine already shows it, and requests queued behind it
//! were computed on top of it. The committer then takes the engine lock and, under it (so
//! no request sees the engine in between), takes every job still queued (none can arrive
//! while it holds the lock), fails all their tickets (those requests, and reads that waited
//! on them, answer 500 `InternalError` with the reason), and rolls the engine back to what is
//! stored by re-reading exactly the records those jobs touched ([`Persist::refresh`]; a full
//! reload if that fails). Reads work on a full disk, so this needs no wait: the engine then
//! equals the disk, reads are answered again, and each write fails the same way until the
//! disk takes writes again. If even the reload fails, the store is marked broken and every
//! later request answers 500 with that reason (restart the server once the disk is fixed).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::watch;

use crate::engine::clock::VirtualClock;
use crate::engine::{Change, Engine};
use crate::persist::native::{NativeStore, OpenError};
use crate::persist::{Persist, Plan};
use crate::present::plural;

use super::{lock, real_now, Lab};

mod queue;
use queue::{Linger, Queue};

/// Most jobs merged into one commit (bounds the latency of the first of them).
pub const MAX_BATCH: usize = 4096;
/// A lingering committer commits when a window this long brings no job.
pub const LINGER: std::time::Duration = std::time::Duration::from_micros(300);
/// The longest it lingers in all before a commit.
pub const LINGER_MAX: std::time::Duration = std::time::Duration::from_millis(2);
/// The committer lingers only after a commit that took at least this long. Measured
/// (BENCHMARKS.md, "Durable endpoint", session 7), 16 clients: the requests that follow one
/// batch's answers take ~0.4 ms to arrive; with commits of 0.25 ms (a quiet disk) taking
/// batches as they come was 10% faster than lingering, and with the sync off 40% faster;
/// with commits of 2–3.5 ms (a loaded disk) lingering doubled the writes per sync.
pub const SLOW_COMMIT: std::time::Duration = std::time::Duration::from_micros(500);
/// Failed ticket ranges remembered (a waiter looks its ticket up once it is done).
const FAILED_KEPT: usize = 64;

struct Job {
    ticket: u64,
    plan: Plan,
    clock: Option<VirtualClock>,
}

#[derive(Clone, Debug, Default)]
struct Status {
    /// Every ticket up to this one is decided (committed, or failed below).
    done_through: u64,
    /// Failed tickets `first..=last` and why.
    failed: VecDeque<(u64, u64, Arc<str>)>,
    /// The store could not be brought back in line with the engine: every later write fails.
    broken: Option<Arc<str>>,
}

/// The server's side of the durable store: the queue to the committer and its status.
pub struct Durable {
    jobs: Arc<Queue<Job>>,
    /// The last ticket handed out.
    last: u64,
    status: watch::Receiver<Status>,
    /// Until [`Durable::start`] moves it to its thread.
    committer: Option<Committer>,
    dir: PathBuf,
    /// Open client connections (0: not counted, as when served through [`super::router`]).
    connections: Arc<AtomicUsize>,
}

/// One open client connection, counted while it lives (see [`Durable::connections`]).
pub struct Connection(Arc<AtomicUsize>);

impl Drop for Connection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// What a request waits for before its response is sent.
pub struct Ticket {
    n: u64,
    status: watch::Receiver<Status>,
}

impl Ticket {
    /// `Err(why)` when the write this response depends on is not on disk (and was undone).
    pub async fn wait(mut self) -> Result<(), Arc<str>> {
        let n = self.n;
        let status = self
            .status
            .wait_for(|s| s.done_through >= n || s.broken.is_some())
            .await
            .map_err(|_| Arc::<str>::from("the storage thread stopped"))?;
        if let Some((_, _, why)) = status
            .failed
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&n))
        {
            return Err(why.clone());
        }
        match &status.broken {
            Some(why) if n > status.done_through => Err(why.clone()),
            _ => Ok(()),
        }
    }
}

/// What `osslab serve` reports about the data directory it opened.
pub struct Opened {
    pub durable: Durable,
    pub engine: Engine,
    pub clock: VirtualClock,
    pub buckets: usize,
    pub versions: usize,
    /// Damaged records that were skipped.
    pub problems: Vec<String>,
}

impl Durable {
    /// Open `dir` (created if missing), load the lab stored there (or start an empty one
    /// and store it), with `max_buckets` as the bucket limit.
    pub fn open(dir: &Path, max_buckets: usize) -> Result<Opened, String> {
        let store = NativeStore::open(dir).map_err(|e| e.to_string())?;
        Self::with_store(store, dir, max_buckets)
    }

    /// [`Durable::open`] on a store opened already (tests: a disk whose writes fail).
    pub fn with_store(
        store: NativeStore,
        dir: &Path,
        max_buckets: usize,
    ) -> Result<Opened, String> {
        store
            .single_writer()
            .map_err(|e| format!("{}: {e}", store.file().display()))?;
        let loaded = pollster::block_on(store.load(&mut |_| {}))
            .map_err(|e| format!("{}: {e}", store.file().display()))?;
        let real = real_now();
        let mut engine = loaded.engine;
        let clock = loaded
            .clock
            .unwrap_or_else(|| VirtualClock::new(real.max(engine.now()), real));
        if loaded.fresh {
            engine = Engine::new(clock.now(real));
        }
        engine.settings_mut().max_buckets = max_buckets;
        if loaded.fresh {
            pollster::block_on(store.replace_all(&engine, Some(&clock)))
                .map_err(|e| e.to_string())?;
        }
        engine.track_changes(true);
        let jobs = Arc::new(Queue::new());
        let (status_tx, status) = watch::channel(Status::default());
        let connections = Arc::new(AtomicUsize::new(0));
        let buckets = engine.buckets().count();
        let versions = engine
            .buckets()
            .flat_map(|b| b.objects.values())
            .map(|s| s.len())
            .sum();
        Ok(Opened {
            durable: Durable {
                jobs: jobs.clone(),
                last: 0,
                status,
                committer: Some(Committer {
                    store,
                    queue: jobs,
                    status: status_tx,
                    max_buckets,
                    connections: connections.clone(),
                }),
                dir: dir.to_path_buf(),
                connections,
            },
            engine,
            clock,
            buckets,
            versions,
            problems: loaded.report.problems,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Count a client connection while the returned guard lives: the committer commits
    /// without lingering once every open connection has a write in its batch.
    pub fn connections(&self) -> impl Fn() -> Connection + Send + Sync + 'static {
        let count = self.connections.clone();
        move || {
            count.fetch_add(1, Ordering::Relaxed);
            Connection(count.clone())
        }
    }

    /// Why requests must be refused now (the engine may be ahead of the disk), if they must.
    pub fn refusal(&self) -> Option<Arc<str>> {
        self.status.borrow().broken.clone()
    }

    /// After a request (engine lock held): queue what it changed, plus the clock when it
    /// moved, and return what the response must wait for (`None`: nothing).
    pub fn after_request(
        &mut self,
        engine: &mut Engine,
        clock: Option<VirtualClock>,
    ) -> Option<Ticket> {
        let changes = engine.take_changes();
        if changes.is_empty() && clock.is_none() {
            let s = self.status.borrow();
            if s.done_through >= self.last && s.broken.is_none() {
                return None;
            }
            drop(s);
            return Some(self.ticket(self.last));
        }
        self.last += 1;
        let job = Job {
            ticket: self.last,
            plan: Plan::deferring_totals(engine, &changes),
            clock,
        };
        self.jobs.push(job);
        Some(self.ticket(self.last))
    }

    fn ticket(&self, n: u64) -> Ticket {
        Ticket {
            n,
            status: self.status.clone(),
        }
    }
}

/// Start the committer of `lab` (when it has a durable store) on its own thread. It ends
/// when the lab is dropped; join the handle to close the database cleanly.
pub fn start(lab: &Arc<Mutex<Lab>>) -> Option<std::thread::JoinHandle<()>> {
    let committer = lock(lab).durable.as_mut()?.committer.take()?;
    let weak = Arc::downgrade(lab);
    std::thread::Builder::new()
        .name("osslab-commit".into())
        .spawn(move || committer.run(weak))
        .ok()
}

/// The jobs of one commit, merged in ticket order.
#[derive(Default)]
struct Merged {
    plan: Plan,
    touched: Vec<Change>,
    last: u64,
    clock: Option<VirtualClock>,
}

impl Merged {
    fn add(&mut self, j: Job) {
        self.last = j.ticket;
        self.clock = j.clock.or(self.clock);
        self.touched.extend_from_slice(j.plan.changes());
        self.plan = std::mem::take(&mut self.plan).merge(j.plan);
    }
}

impl Drop for Durable {
    /// The lab is gone: the committer commits what is queued and ends.
    fn drop(&mut self) {
        self.jobs.close();
    }
}

struct Committer {
    store: NativeStore,
    queue: Arc<Queue<Job>>,
    status: watch::Sender<Status>,
    max_buckets: usize,
    connections: Arc<AtomicUsize>,
}

impl Committer {
    fn run(self, lab: Weak<Mutex<Lab>>) {
        let (mut commits, mut jobs, mut busy) = (0u64, 0u64, std::time::Duration::ZERO);
        // Unknown before the first commit: linger, the safe choice on a slow disk.
        let mut last_commit = SLOW_COMMIT;
        // Ends when the lab's Durable is gone and every queued job is committed.
        while let Some(batch) = self.queue.next_batch(MAX_BATCH, || {
            if last_commit < SLOW_COMMIT {
                return Linger::none();
            }
            // Each job is one connection's request, and a connection sends no other
            // request until it is answered: with every open connection in the batch,
            // nothing more can come.
            let open = self.connections.load(Ordering::Relaxed);
            Linger {
                full: if open > 0 { open } else { usize::MAX },
                window: LINGER,
                deadline: std::time::Instant::now() + LINGER_MAX,
            }
        }) {
            let first = batch[0].ticket;
            let mut merged = Merged::default();
            for j in batch {
                merged.add(j);
            }
            if !merged.plan.is_complete() {
                // The bills and the state record, once for the whole batch (see the module
                // docs), under the engine lock, after taking every job queued by then: none
                // can be queued while the lock is held, so the engine is exactly as the
                // last of them left it.
                let Some(lab) = lab.upgrade() else {
                    self.status.send_modify(|s| {
                        s.failed
                            .push_back((first, merged.last, "the server stopped".into()));
                        s.done_through = merged.last;
                    });
                    return;
                };
                let lab = lock(&lab);
                for j in self.queue.take_all() {
                    merged.add(j);
                }
                merged.plan.complete(&lab.engine);
            }
            let Merged {
                plan,
                touched,
                last,
                clock,
            } = merged;
            let started = std::time::Instant::now();
            let result = pollster::block_on(self.store.commit_with_clock(plan, clock.as_ref()));
            last_commit = started.elapsed();
            busy += last_commit;
            commits += 1;
            jobs += last - first + 1;
            match result {
                Ok(()) => self.status.send_modify(|s| s.done_through = last),
                Err(e) => {
                    let why: Arc<str> = Arc::from(e.to_string());
                    eprintln!("osslab: commit failed: {why}");
                    if !self.recover(&lab, touched, first, last, why) {
                        return;
                    }
                }
            }
        }
        if commits > 0 {
            // For tuning: how well requests shared commits.
            eprintln!(
                "osslab: {jobs} writes in {commits} commits ({:.1} per commit, {:.2} ms per commit)",
                jobs as f64 / commits as f64,
                busy.as_secs_f64() * 1000.0 / commits as f64
            );
        }
    }

    /// Fail every queued ticket and roll the engine back to what is stored, under one hold
    /// of the engine lock (see the module docs). `false` when the lab is gone.
    fn recover(
        &self,
        lab: &Weak<Mutex<Lab>>,
        mut touched: Vec<Change>,
        first: u64,
        mut last: u64,
        why: Arc<str>,
    ) -> bool {
        let Some(lab) = lab.upgrade() else {
            return false;
        };
        let mut lab = lock(&lab);
        for j in self.queue.take_all() {
            last = j.ticket;
            touched.extend_from_slice(j.plan.changes());
        }
        self.status.send_modify(|s| {
            s.failed.push_back((first, last, why));
            if s.failed.len() > FAILED_KEPT {
                s.failed.pop_front();
            }
            s.done_through = last;
        });
        let engine = &mut lab.engine;
        let mut broken = None;
        if let Err(e) = pollster::block_on(self.store.refresh(engine, &touched)) {
            match pollster::block_on(self.store.load(&mut |_| {})) {
                Ok(loaded) => *engine = loaded.engine,
                Err(e2) => {
                    broken = Some(Arc::<str>::from(format!(
                        "the stored lab could not be read back after a failed write ({e}; {e2}); \
                         restart the server once the disk is fixed"
                    )))
                }
            }
        }
        engine.settings_mut().max_buckets = self.max_buckets;
        engine.take_changes();
        engine.track_changes(true);
        eprintln!("osslab: the failed writes were undone");
        self.status.send_modify(|s| {
            if broken.is_some() {
                s.broken = broken;
            }
        });
        true
    }
}

/// `osslab export --data-dir DIR FILE`: the lab stored in DIR as the browser's export file.
pub fn export_to_file(dir: &Path, file: &Path) -> Result<String, String> {
    let store = open_existing(dir)?;
    let loaded = pollster::block_on(store.load(&mut |_| {}))
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    for p in &loaded.report.problems {
        eprintln!("osslab: skipped a damaged record: {p}");
    }
    let bytes = crate::persist::export(&loaded.engine, loaded.clock.as_ref());
    // Written beside the target and renamed: an interrupted export leaves no half file.
    let tmp = file.with_extension("osslab-partial");
    std::fs::write(&tmp, &bytes)
        .and_then(|()| std::fs::rename(&tmp, file))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", file.display())
        })?;
    Ok(format!(
        "exported {} to {} ({} bytes)",
        plural(loaded.engine.buckets().count() as i64, "bucket"),
        file.display(),
        bytes.len()
    ))
}

/// `osslab import --data-dir DIR FILE`: replace the lab stored in DIR with FILE, in one
/// transaction. A file that is not a complete, current osslab export changes nothing.
pub fn import_from_file(dir: &Path, file: &Path) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let imported = crate::persist::import(&bytes).map_err(|e| {
        format!(
            "{} was not imported: {e} Nothing was changed.",
            file.display()
        )
    })?;
    let store = NativeStore::open(dir).map_err(|e| e.to_string())?;
    pollster::block_on(store.replace_all(&imported.engine, imported.clock.as_ref()))
        .map_err(|e| format!("{}: {e}", store.file().display()))?;
    Ok(format!(
        "imported {} from {} into {}",
        plural(imported.engine.buckets().count() as i64, "bucket"),
        file.display(),
        dir.display()
    ))
}

/// Export reads a directory that must already hold a lab (it never creates one).
fn open_existing(dir: &Path) -> Result<NativeStore, String> {
    let file = dir.join(crate::persist::native::DB_FILE);
    if !file.exists() {
        return Err(OpenError::Dir {
            dir: dir.to_path_buf(),
            why: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no {} in it", crate::persist::native::DB_FILE),
            ),
        }
        .to_string());
    }
    NativeStore::open(dir).map_err(|e| e.to_string())
}
