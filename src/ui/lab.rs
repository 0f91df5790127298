//! The lab: engine, virtual clock, wire endpoint and request log, created in ONE place.
//!
//! Everything the page changes goes through [`BrowserLab::send`]: a real OSS HTTP request handed to
//! [`Wire::handle`], logged with its response. The UI only *reads* the engine to draw.
//! Persistence (`super::storage`) plugs in around it: the page mounts with [`BrowserLab::load`] (an
//! empty lab), the stored engine and clock are swapped in with [`BrowserLab::restore`] before
//! `window.osslab.ready` resolves, and the engine always tracks its changes so that every
//! [`BrowserLab::send`] and [`BrowserLab::tick`] can hand exactly the records it changed
//! ([`BrowserLab::take_changes`]) to the save queue.

use std::collections::VecDeque;

use crate::engine::clock::VirtualClock;
use crate::engine::{Change, Engine, Millis};
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::osslab::osslab_op_name;
use crate::wire::route::{classify, resolve_target};
use crate::wire::Wire;

/// How many exchanges the log keeps (a 10,000-request script must not grow it without bound).
pub const LOG_CAPACITY: usize = 300;

/// Who sent a request, shown in the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Ui,
    Console,
    Ossutil,
    Script,
    /// A guided lesson's "Run this step" (or its restart).
    Lesson,
}

impl Source {
    pub const ALL: [Source; 5] = [
        Source::Ui,
        Source::Console,
        Source::Ossutil,
        Source::Script,
        Source::Lesson,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Source::Ui => "UI",
            Source::Console => "console",
            Source::Ossutil => "ossutil",
            Source::Script => "script",
            Source::Lesson => "lesson",
        }
    }
}

/// One request/response exchange.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// Increasing number: the log's stable key.
    pub id: u64,
    /// Virtual time the request was served at.
    pub at: Millis,
    pub source: Source,
    /// OSS API name (`PutObject`), or `?` when the request did not route.
    pub op: &'static str,
    pub request: WireRequest,
    pub response: WireResponse,
}

/// The lab as the browser page runs it: engine, virtual clock, wire endpoint and request log
/// in one place (the native server keeps its own, `server::Lab`, behind a mutex).
pub struct BrowserLab {
    pub engine: Engine,
    pub clock: VirtualClock,
    pub wire: Wire,
    pub log: VecDeque<LogEntry>,
    next_log_id: u64,
}

/// The OSS API name of a request (`PutObject`), or `?` when it does not route.
pub fn op_name(req: &WireRequest) -> &'static str {
    osslab_op_name(req).unwrap_or_else(|| {
        resolve_target(req, &[])
            .and_then(|t| classify(req, &t))
            .map_or("?", |op| op.name())
    })
}

/// Real (wall-clock) time in ms, the input of the virtual clock: the one definition, shared
/// with the library face.
pub use crate::embed::real_now;

impl BrowserLab {
    /// A fresh, empty lab whose virtual clock starts at real time `real`, running at 1×.
    pub fn new(real: Millis) -> Self {
        let clock = VirtualClock::new(real, real);
        let mut engine = Engine::new(real);
        engine.track_changes(true);
        BrowserLab {
            engine,
            clock,
            wire: Wire::default(),
            log: VecDeque::new(),
            next_log_id: 0,
        }
    }

    /// THE place the page's state is created: an empty lab at the browser's wall-clock time.
    /// The storage layer then loads the saved engine and clock asynchronously and swaps them
    /// in with [`BrowserLab::restore`]; `window.osslab.ready` resolves only after that.
    pub fn load() -> Self {
        BrowserLab::new(real_now())
    }

    /// Swap in a stored (or imported) engine and clock. The request log is kept unless
    /// `clear_log`.
    pub fn restore(&mut self, mut engine: Engine, clock: Option<VirtualClock>, clear_log: bool) {
        let real = real_now();
        engine.track_changes(true);
        self.clock = clock.unwrap_or_else(|| VirtualClock::new(real.max(engine.now()), real));
        self.engine = engine;
        if clear_log {
            self.log.clear();
        }
    }

    /// The records changed since the last call (the engine tracks changes all the time).
    pub fn take_changes(&mut self) -> Vec<Change> {
        self.engine.take_changes()
    }

    /// Bring the engine to the clock's current time (runs due lifecycle actions).
    pub fn tick(&mut self) -> Millis {
        let now = self.clock.now(real_now());
        self.engine.set_now(now);
        self.engine.now()
    }

    /// Serve a request again after the engine was brought up to date with another tab (a
    /// save conflict): the log entry `log_id`, if still kept, shows the new response.
    pub fn resend(&mut self, log_id: u64, req: &WireRequest) -> WireResponse {
        self.tick();
        let resp = self.wire.handle(&mut self.engine, req);
        if let Some(e) = self.log.iter_mut().find(|e| e.id == log_id) {
            e.at = self.engine.now();
            e.response = resp.clone();
        }
        resp
    }

    /// The id of the newest log entry (the one the last [`BrowserLab::send`] made).
    pub fn last_log_id(&self) -> u64 {
        self.next_log_id
    }

    /// Serve one request through the wire layer at the current virtual time and log it.
    pub fn send(&mut self, source: Source, req: WireRequest) -> WireResponse {
        self.tick();
        let resp = self.wire.handle(&mut self.engine, &req);
        let op = op_name(&req);
        self.next_log_id += 1;
        self.log.push_front(LogEntry {
            id: self.next_log_id,
            at: self.engine.now(),
            source,
            op,
            request: req,
            response: resp.clone(),
        });
        self.log.truncate(LOG_CAPACITY);
        resp
    }

    /// Put log entries saved before a reload back (newest first), under the ones made since.
    pub fn restore_log(&mut self, saved: Vec<LogEntry>) {
        let newest = saved.iter().map(|e| e.id).max().unwrap_or(0);
        // Entries made since the page started get ids after the saved ones.
        let shift = newest;
        for e in self.log.iter_mut() {
            e.id += shift;
        }
        self.next_log_id += shift;
        self.log.extend(saved);
        self.log.truncate(LOG_CAPACITY);
    }

    /// Jump the virtual clock forward by `ms` and apply what fell due.
    pub fn advance(&mut self, ms: Millis) -> Millis {
        self.clock.advance(ms, real_now());
        self.tick()
    }
}
