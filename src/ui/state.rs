//! The reactive edge around [`BrowserLab`]: one context value every component shares.
//!
//! The lab itself is a plain struct in a `StoredValue`; signals only say *that* something
//! changed (`rev` after each request, `now` on each clock tick), so components re-read the
//! engine when needed and nothing copies engine state into signals.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::explain::{error_fields, explain};
use super::lab::{BrowserLab, Source};
use crate::engine::Millis;
use crate::wire::auth::Credentials;
use crate::wire::http::{WireRequest, WireResponse};

/// The "Act as" value for unsigned requests: what anyone with a public link can do. No
/// identity can have it (access key ids hold no parentheses).
pub const ANONYMOUS: &str = "(anonymous)";

/// What the page is looking at.
#[derive(Clone, Copy)]
pub struct Selection {
    pub bucket: RwSignal<Option<String>>,
    /// The key whose version stack is open.
    pub key: RwSignal<Option<String>>,
    /// The version picked in the stack (rendered id, `null` for the null version).
    pub version: RwSignal<Option<String>>,
    /// Objects view: current objects, or every version and delete marker.
    /// The key and version id last deleted by id, offered to "GET by version id" (to see
    /// OSS answer 404 NoSuchVersion for it).
    pub deleted_version: RwSignal<Option<(String, String)>>,
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
    lab: StoredValue<BrowserLab, LocalStorage>,
    /// Bumped after every request and clock jump: engine state may have changed.
    pub rev: RwSignal<u64>,
    /// The virtual clock's time, refreshed on every tick.
    pub now: RwSignal<Millis>,
    pub sel: Selection,
    pub notice: RwSignal<Option<Notice>>,
    /// The identity (AccessKeyId) the page acts as; `None`: the account owner.
    pub acting: RwSignal<Option<String>>,
    /// Saving to IndexedDB: status, load progress and the save queue.
    pub storage: super::storage::Storage,
}

impl LabCtx {
    pub fn new(lab: BrowserLab) -> Self {
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
                deleted_version: RwSignal::new(None),
                folder: RwSignal::new(String::new()),
                search: RwSignal::new(String::new()),
                checked: RwSignal::new(BTreeSet::new()),
            },
            notice: RwSignal::new(None),
            acting: RwSignal::new(None),
            storage: super::storage::Storage::new(),
        }
    }

    /// Read the lab and re-run when it changes (subscribes to `rev`).
    pub fn read<R>(&self, f: impl FnOnce(&BrowserLab) -> R) -> R {
        self.rev.track();
        self.lab.with_value(f)
    }

    pub fn read_untracked<R>(&self, f: impl FnOnce(&BrowserLab) -> R) -> R {
        self.lab.with_value(f)
    }

    /// Change the lab outside a request (clock controls, ticks), then tell the page. Records
    /// the clock moved (restores, lifecycle) are queued for saving, and so is the clock
    /// itself when its controls changed.
    pub fn update<R>(&self, f: impl FnOnce(&mut BrowserLab) -> R) -> R {
        let (r, changes, clock_changed) = self
            .lab
            .try_update_value(|l| {
                let before = l.clock;
                let r = f(l);
                (r, l.take_changes(), l.clock != before)
            })
            .expect("lab alive");
        self.storage.record_time(changes, clock_changed);
        self.changed();
        r
    }

    /// Replace the whole lab state in place (storage: load, import, reset, other tabs).
    pub(super) fn with_lab_mut<R>(&self, f: impl FnOnce(&mut BrowserLab) -> R) -> R {
        self.lab.try_update_value(f).expect("lab alive")
    }

    pub(super) fn changed(&self) {
        let now = self.lab.with_value(|l| l.engine.now());
        self.now.set(now);
        self.rev.update(|r| *r += 1);
    }

    /// The key pair requests are signed with: the identity the page acts as (while it
    /// exists), or `None` for the account owner's demo key.
    pub fn signer(&self) -> Option<Credentials> {
        let ak = self.acting.get_untracked()?;
        self.lab.with_value(|l| {
            l.engine.identity(&ak).map(|i| Credentials {
                access_key_id: i.access_key_id.clone(),
                access_key_secret: i.access_key_secret.clone(),
            })
        })
    }

    /// The current virtual time.
    pub fn clock_now(&self) -> Millis {
        self.lab.with_value(|l| l.clock.now(super::lab::real_now()))
    }

    /// Add Host, Date and a signature (as the identity the page acts as) where missing.
    pub fn finish(&self, req: &mut WireRequest) {
        if self.is_anonymous() {
            super::requests::finish_request_unsigned(req, self.clock_now());
        } else {
            super::requests::finish_request_as(req, self.clock_now(), self.signer().as_ref());
        }
    }

    /// [`LabCtx::is_anonymous`], tracked by the view that asks.
    pub fn is_anonymous_tracked(&self) -> bool {
        self.acting.get().as_deref() == Some(ANONYMOUS)
    }

    /// The page acts as "anonymous": requests go unsigned and the ACLs decide.
    pub fn is_anonymous(&self) -> bool {
        self.acting.get_untracked().as_deref() == Some(ANONYMOUS)
    }

    /// Send a prepared request (signed at the current virtual time, as the identity the
    /// page acts as) and log it.
    pub fn send(&self, source: Source, req: super::requests::Req) -> WireResponse {
        let mut req = req.into_request();
        self.finish(&mut req);
        self.send_raw(source, req)
    }

    /// Send a request exactly as given (console, scripts).
    pub fn send_raw(&self, source: Source, req: WireRequest) -> WireResponse {
        self.send_then(source, req, None)
    }

    /// Send a request and queue what it changed for saving; `reply` gets the final response
    /// once it is saved (or saving failed), which differs from the one returned here only
    /// when another tab wrote first and the request was served again.
    pub fn send_then(
        &self,
        source: Source,
        req: WireRequest,
        reply: Option<super::storage::Reply>,
    ) -> WireResponse {
        let (resp, changes, log_id) = self
            .lab
            .try_update_value(|l| {
                let kept = req.clone();
                let resp = l.send(source, req);
                (resp, l.take_changes(), (l.last_log_id(), kept))
            })
            .expect("lab alive");
        self.storage
            .record_request(log_id.0, log_id.1, changes, resp.clone(), reply);
        self.changed();
        resp
    }

    /// Say that a form was not sent, and why (nothing reached the lab).
    pub fn say_error(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            ok: false,
            text: text.into(),
        }));
    }

    /// Send a UI action and put its outcome in the status line: `done` words it on success.
    pub fn act(
        &self,
        req: super::requests::Req,
        done: impl FnOnce(&WireResponse) -> String,
    ) -> WireResponse {
        let resp = self.send(Source::Ui, req);
        let op = self.read_untracked(|l| l.log.front().map_or("?", |e| e.op));
        let notice = match error_fields(&resp) {
            Some(super::explain::ErrorFields { code, ec, .. }) => Notice {
                ok: false,
                text: format!(
                    "{} {code}{}: {}",
                    resp.status,
                    if ec.is_empty() {
                        String::new()
                    } else {
                        format!(" (EC {ec})")
                    },
                    explain(op, &code, &resp)
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
