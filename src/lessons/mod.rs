//! Guided lessons: the behaviours of the seed documents (docs/fidelity.md §Seed documents) as step-by-step scenarios.
//!
//! A lesson is data: each step explains one idea, carries the exact OSS request that
//! demonstrates it (the learner can send it as is, edit it, or do the same thing through the
//! lab's buttons), and a check that looks at the response and the engine state afterwards.
//! Checks judge *state*, not clicks, so they fail when the learner did something else, and
//! they pass however the learner got there. The runner is pure (no UI, no clock reads), so
//! every lesson is tested natively end to end.

mod appends;
mod builders;
mod catalog;
pub mod changes;
mod cost;
mod run;

use std::collections::BTreeMap;

use crate::engine::integrity;
use crate::engine::listing::{ListParams, VersionItem};
use crate::engine::objects::Conditions;
use crate::engine::{Engine, VersionId};
use crate::wire::http::{WireRequest, WireResponse};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

pub use catalog::all;
pub use run::{captured, request_line, same_operation, Move, Run, StepReport};

/// A request template. `{name}` in the path, query values, header values and body is
/// replaced by a value captured by an earlier step (e.g. `{v1}`, a version id).
#[derive(Clone, Copy, Debug)]
pub struct Req {
    pub method: &'static str,
    pub path: &'static str,
    pub query: &'static [(&'static str, &'static str)],
    pub headers: &'static [(&'static str, &'static str)],
    pub body: &'static str,
}

/// What a step does when the learner presses "Run".
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// Send one request.
    Request(Req),
    /// Send the same request `times` times (`{i}` in the body is the repetition number).
    Repeat { req: Req, times: u32 },
    /// Move the virtual clock forward.
    Advance { seconds: i64 },
    /// Send the request, then move the clock one day; `days` times (`{i}` is the day).
    Daily { req: Req, days: u32 },
    /// Nothing to send: the step only explains, or asks the learner to look.
    Observe,
}

impl Action {
    /// The request the action sends (the template of a repeated one).
    pub fn request(&self) -> Option<Req> {
        match *self {
            Action::Request(r) | Action::Repeat { req: r, .. } | Action::Daily { req: r, .. } => {
                Some(r)
            }
            Action::Advance { .. } | Action::Observe => None,
        }
    }

    /// The action moves the virtual clock.
    pub fn moves_clock(&self) -> bool {
        matches!(self, Action::Advance { .. } | Action::Daily { .. })
    }
}

/// What a check sees after a step.
pub struct Outcome<'a> {
    pub engine: &'a Engine,
    /// The request that answers the step (the step's own, or the learner's).
    pub request: Option<&'a WireRequest>,
    /// The response to the step's (last) request, if it sent one.
    pub response: Option<&'a WireResponse>,
    pub vars: &'a BTreeMap<String, String>,
    pub bucket: &'static str,
}

/// One entry of a key's version stack as a check sees it, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackEntry {
    pub version_id: String,
    pub delete_marker: bool,
    pub latest: bool,
}

impl Outcome<'_> {
    pub fn status(&self) -> Option<u16> {
        self.response.map(|r| r.status)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.response.and_then(|r| r.header(name))
    }

    pub fn body_text(&self) -> String {
        self.response
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .unwrap_or_default()
    }

    pub fn var(&self, name: &str) -> &str {
        self.vars.get(name).map(String::as_str).unwrap_or("")
    }

    /// The key's entries, newest first (empty when the key has none).
    pub fn stack(&self, key: &str) -> Vec<StackEntry> {
        let p = ListParams {
            prefix: key.to_string(),
            max_keys: 1000,
            ..Default::default()
        };
        let mut out = Vec::new();
        let (mut km, mut vm) = (String::new(), None);
        loop {
            let Ok(page) = self.engine.list_object_versions(self.bucket, &p, &km, vm) else {
                return out;
            };
            out.extend(
                page.items
                    .iter()
                    .filter(|i| i.key() == key)
                    .map(|i| StackEntry {
                        version_id: i.version_id().to_string(),
                        delete_marker: matches!(i, VersionItem::DeleteMarker { .. }),
                        latest: i.is_latest(),
                    }),
            );
            if !page.truncated {
                return out;
            }
            km = page.next_key_marker.clone();
            vm = VersionId::parse(&page.next_version_id_marker).ok();
        }
    }

    /// What a plain GET of the key returns: the body text, or the error code.
    pub fn current(&self, key: &str) -> Result<String, &'static str> {
        self.engine
            .get_object(self.bucket, key, None, &Conditions::default(), None)
            .map(|g| String::from_utf8_lossy(g.bytes()).into_owned())
            .map_err(|e| crate::wire::OssError::from(e).code)
    }

    /// The storage class of the key's current version.
    pub fn storage_class(&self, key: &str) -> Option<crate::engine::StorageClass> {
        self.engine
            .head_object(self.bucket, key, None, &Conditions::default())
            .ok()
            .map(|h| h.storage_class)
    }

    /// Keys a plain listing (ListObjects) shows.
    pub fn listed(&self) -> Vec<String> {
        let p = ListParams {
            max_keys: 1000,
            ..Default::default()
        };
        self.engine
            .list_objects(self.bucket, &p, "")
            .map(|page| page.objects.into_iter().map(|o| o.key).collect())
            .unwrap_or_default()
    }
}

/// Passes, or says in plain words what is not as the step expects.
pub type Check = fn(&Outcome) -> Result<(), String>;

pub struct Step {
    pub title: &'static str,
    /// The idea, in plain words (may mention OSS codes and headers).
    pub explain: &'static str,
    pub action: Action,
    /// Values to remember from the response: (variable, source), where the source is a
    /// response header name, or `xml:Element` for the first such element of the body.
    pub capture: &'static [(&'static str, &'static str)],
    pub check: Check,
}

pub struct Lesson {
    /// Stable id used in the lesson's URL (`#/lessons/<slug>`).
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    /// The scratch bucket the lesson works in (created by its first step).
    pub bucket: &'static str,
    pub steps: &'static [Step],
}

impl Lesson {
    /// The lesson depends on time (a restore finishing, lifecycle running, a bill growing):
    /// it pauses the lab's clock while it runs and moves it only as its steps say, so a
    /// learner who reads slowly, or a clock set to a day a second, cannot skip a state.
    pub fn controls_clock(&self) -> bool {
        self.steps.iter().any(|s| s.action.moves_clock())
    }
}

/// Replace `{name}` placeholders with captured values.
pub fn fill(template: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The wire request a template stands for, as an SDK would send it: the path percent-encoded
/// by the template's author, a `Host`, and `Content-MD5` where OSS requires it.
pub fn build_request(req: &Req, vars: &BTreeMap<String, String>) -> WireRequest {
    let body = fill(req.body, vars).into_bytes();
    let mut headers: Vec<(String, String)> = vec![("host".into(), "127.0.0.1".into())];
    headers.extend(
        req.headers
            .iter()
            .map(|(k, v)| (k.to_string(), fill(v, vars))),
    );
    let query: Vec<(String, String)> = req
        .query
        .iter()
        .map(|(k, v)| (k.to_string(), fill(v, vars)))
        .collect();
    if req.method == "POST" && query.iter().any(|(k, _)| k == "delete") {
        headers.push(("content-md5".into(), B64.encode(integrity::md5(&body))));
    }
    crate::wire::request::build(req.method, &fill(req.path, vars), query, headers, body)
}

/// Shared check helpers.
pub fn expect(cond: bool, why: impl Into<String>) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(why.into())
    }
}

pub fn expect_status(o: &Outcome, status: u16) -> Result<(), String> {
    match o.status() {
        Some(s) if s == status => Ok(()),
        Some(s) => Err(format!(
            "the last response was {s}, this step expects {status}"
        )),
        None => Err("send the step's request first".into()),
    }
}
