//! The reactive edge around [`Lab`]: one context value every component shares.
//!
//! The lab itself is a plain struct in a `StoredValue`; signals only say *that* something
//! changed (`rev` after each request, `now` on each clock tick), so components re-read the
//! engine when needed and nothing copies engine state into signals.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::explain::{error_fields, explain};
use super::lab::{Lab, Source};
use crate::engine::Millis;
use crate::wire::http::{WireRequest, WireResponse};

/// What the page is looking at.
#[derive(Clone, Copy)]
pub struct Selection {
    pub bucket: RwSignal<Option<String>>,
    /// The key whose version stack is open.
    pub key: RwSignal<Option<String>>,
    /// The version picked in the stack (rendered id, `null` for the null version).
    pub version: RwSignal<Option<String>>,
    /// Objects view: current objects, or every version and delete marker.
    pub show_versions: RwSignal<bool>,
    /// The folder being browsed (ends with `/`, or empty at the bucket root).
    pub folder: RwSignal<String>,
    /// Search by prefix within the folder.
    pub search: RwSignal<String>,
    /// Rows ticked for batch delete: key and, in the versions view, version id.
    pub checked: RwSignal<BTreeSet<(String, Option<String>)>>,
}

/// The outcome of the last action, in plain words (an `aria-live` status line shows it).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub ok: bool,
    pub text: String,
}

#[derive(Clone, Copy)]
pub struct LabCtx {
    lab: StoredValue<Lab, LocalStorage>,
    /// Bumped after every request and clock jump: engine state may have changed.
    pub rev: RwSignal<u64>,
    /// The virtual clock's time, refreshed on every tick.
    pub now: RwSignal<Millis>,
    pub sel: Selection,
    pub notice: RwSignal<Option<Notice>>,
}

impl LabCtx {
    pub fn new(lab: Lab) -> Self {
        let now = lab.engine.now();
        LabCtx {
            lab: StoredValue::new_local(lab),
            rev: RwSignal::new(0),
            now: RwSignal::new(now),
            sel: Selection {
                bucket: RwSignal::new(None),
                key: RwSignal::new(None),
                version: RwSignal::new(None),
                show_versions: RwSignal::new(false),
                folder: RwSignal::new(String::new()),
                search: RwSignal::new(String::new()),
                checked: RwSignal::new(BTreeSet::new()),
            },
            notice: RwSignal::new(None),
        }
    }

    /// Read the lab and re-run when it changes (subscribes to `rev`).
    pub fn read<R>(&self, f: impl FnOnce(&Lab) -> R) -> R {
        self.rev.track();
        self.lab.with_value(f)
    }

    pub fn read_untracked<R>(&self, f: impl FnOnce(&Lab) -> R) -> R {
        self.lab.with_value(f)
    }

    /// Change the lab outside a request (clock controls), then tell the page.
    pub fn update<R>(&self, f: impl FnOnce(&mut Lab) -> R) -> R {
        let r = self.lab.try_update_value(f).expect("lab alive");
        self.changed();
        r
    }

    fn changed(&self) {
        let now = self.lab.with_value(|l| l.engine.now());
        self.now.set(now);
        self.rev.update(|r| *r += 1);
    }

    /// Send a prepared request (signed at the current virtual time) and log it.
    pub fn send(&self, source: Source, req: super::requests::Req) -> WireResponse {
        let now = self.lab.with_value(|l| l.clock.now(super::lab::real_now()));
        self.send_raw(source, req.finish(now))
    }

    /// Send a request exactly as given (console, scripts).
    pub fn send_raw(&self, source: Source, req: WireRequest) -> WireResponse {
        let resp = self
            .lab
            .try_update_value(|l| l.send(source, req))
            .expect("lab alive");
        self.changed();
        resp
    }

    /// Send a UI action and put its outcome in the status line: `done` words it on success.
    pub fn act(
        &self,
        req: super::requests::Req,
        done: impl FnOnce(&WireResponse) -> String,
    ) -> WireResponse {
        let resp = self.send(Source::Ui, req);
        let notice = match error_fields(&resp) {
            Some((code, _message, ec)) => Notice {
                ok: false,
                text: format!(
                    "{} {code}{}: {}",
                    resp.status,
                    if ec.is_empty() {
                        String::new()
                    } else {
                        format!(" (EC {ec})")
                    },
                    explain(&code, &resp)
                ),
            },
            None if resp.status >= 300 => Notice {
                ok: false,
                text: format!("{} {}", resp.status, super::explain::reason(resp.status)),
            },
            None => Notice {
                ok: true,
                text: done(&resp),
            },
        };
        self.notice.set(Some(notice));
        resp
    }
}

pub fn use_lab() -> LabCtx {
    expect_context::<LabCtx>()
}
