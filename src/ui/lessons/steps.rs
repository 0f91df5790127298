//! Driving a lesson's steps through the lab: run a step, check the learner's own action,
//! restart the lesson (empty and delete its bucket), and select what a step touched.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::model::{newest_log_id, Busy, Model, Progress, Verdict};
use super::route::lessons;
use crate::engine::Millis;
use crate::lessons::changes::{diff, BucketPicture, ChangeLine, LineKind};
use crate::lessons::{same_operation, Action, Lesson, Move, Step};
use crate::present::response::evidence;
use crate::ui::buckets::open_bucket;
use crate::ui::lab::{real_now, BrowserLab, LogEntry, Source};
use crate::ui::requests;
use crate::ui::state::LabCtx;
use crate::wire::http::{WireRequest, WireResponse};

/// Requests sent per batch by a `Repeat` step before yielding to the browser.
pub const BATCH: u32 = 50;

/// The key a step's request names, decoded (`None` for bucket-level requests).
fn step_key(lesson: &Lesson, step: &Step) -> Option<String> {
    let req = step.action.request()?;
    let rest = req.path.strip_prefix('/')?.strip_prefix(lesson.bucket)?;
    let key = rest.strip_prefix('/')?;
    (!key.is_empty() && !key.contains('{')).then(|| {
        percent_encoding::percent_decode_str(key)
            .decode_utf8_lossy()
            .into_owned()
    })
}

/// Show the lesson's bucket and the key the step touched in the lab's panels.
pub(super) fn select_touched(lab: LabCtx, lesson: &Lesson, step: Option<&Step>) {
    let exists = lab.read_untracked(|l| l.engine.bucket(lesson.bucket).is_ok());
    if !exists {
        return;
    }
    let sel = lab.sel;
    if sel.bucket.get_untracked().as_deref() != Some(lesson.bucket) {
        open_bucket(lab, lesson.bucket.to_string());
    }
    if let Some(key) = step.and_then(|s| step_key(lesson, s)) {
        let folder = key
            .rfind('/')
            .map_or(String::new(), |i| key[..=i].to_string());
        if sel.folder.get_untracked() != folder {
            sel.folder.set(folder);
            sel.search.set(String::new());
        }
        if sel.key.get_untracked().as_deref() != Some(key.as_str()) {
            sel.key.set(Some(key));
            sel.version.set(None);
        }
    }
}

/// A lesson that depends on time pauses the lab's clock when a step is run or checked (a
/// restore must not finish while the learner reads); `true` when it was playing.
fn take_the_clock(lab: LabCtx, lesson: &Lesson) -> bool {
    if !lesson.controls_clock() || !lab.read_untracked(|l| l.clock.is_playing()) {
        return false;
    }
    lab.update(|l| {
        l.clock.set_playing(false, real_now());
        l.tick()
    });
    true
}

const PAUSED_WORDS: &str = "This lesson paused the virtual clock, so nothing expires or finishes while you read: time moves only when a step says so (▶ Play in the header resumes it, at your own risk).";

/// The step's check after its action or the learner's; records the verdict, selects what
/// the step touched, and on success starts the next step's "before".
fn finish(
    m: Model,
    i: usize,
    answer: Option<(WireRequest, WireResponse)>,
    manual: bool,
    jumped: Option<Millis>,
    paused: bool,
) {
    let lesson = &lessons()[i];
    let lab = m.lab;
    let step_index = m.peek(i, |p| p.run.next);
    let Some(step) = lesson.steps.get(step_index) else {
        return;
    };
    m.update(i, |p| {
        match answer {
            Some((req, resp)) => p.run.answered(req, resp),
            // Nothing answered this step: its check must not read an older response.
            None if step.action.request().is_some() => p.run.unanswered(),
            None => {}
        }
        let shown = p.run.answer().map(|(q, r)| evidence(q, r));
        let result = lab.read_untracked(|l| p.run.check(&l.engine));
        let after = lab.read_untracked(|l| BucketPicture::of(&l.engine, lesson.bucket));
        // The learner's own clock jumps count too (a playing clock drifts by seconds only).
        let moved = after.now() - p.before.now();
        let jumped = jumped.or((manual && moved >= 10 * 60_000).then_some(moved));
        let mut changes = diff(lesson.bucket, &p.before, &after, jumped);
        if paused {
            changes.insert(
                0,
                ChangeLine {
                    kind: LineKind::Info,
                    text: PAUSED_WORDS.into(),
                },
            );
        }
        p.verdict = Some(Verdict {
            step: step_index,
            passed: result.is_ok(),
            message: result.err().unwrap_or_default(),
            manual,
            response: shown,
            changes,
        });
        p.restarted = None;
        if p.verdict.as_ref().is_some_and(|v| v.passed) {
            p.before = after;
        }
        p.log_mark = lab.read_untracked(newest_log_id);
    });
    select_touched(lab, lesson, Some(step));
    if m.peek(i, |p| p.run.done()) {
        // The step's buttons are gone: keep keyboard users in the lesson.
        request_animation_frame(|| {
            let doc = document();
            let lost = doc
                .active_element()
                .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
            if let (true, Ok(Some(h))) = (lost, doc.query_selector(".lesson-complete h3")) {
                if let Ok(h) = h.dyn_into::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
}

/// Send one request of a lesson through the lab (logged as `lesson`).
fn send(lab: LabCtx, req: WireRequest) -> WireResponse {
    lab.update(|l| l.send(Source::Lesson, req))
}

/// Performs `moves` on the lab (requests logged as `lesson`); the last exchange.
fn perform(l: &mut BrowserLab, moves: Vec<Move>) -> Option<(WireRequest, WireResponse)> {
    let mut last = None;
    for m in moves {
        match m {
            Move::Send(req) => {
                let resp = l.send(Source::Lesson, req.clone());
                last = Some((req, resp));
            }
            Move::Advance(ms) => {
                l.advance(ms);
            }
        }
    }
    last
}

/// Run the open step of lesson `i`.
pub(super) fn run_step(m: Model, i: usize) {
    if m.busy.get_untracked().is_some() {
        return;
    }
    let lesson = &lessons()[i];
    let lab = m.lab;
    let paused = take_the_clock(lab, lesson);
    let (next, moves) = m.peek(i, |p| (p.run.next, p.run.moves()));
    let Some(step) = lesson.steps.get(next) else {
        return;
    };
    // The first step with the bucket left from an earlier run: start from a clean slate.
    if next == 0 && lab.read_untracked(|l| l.engine.bucket(lesson.bucket).is_ok()) {
        clear_bucket(lab, lesson.bucket);
        m.update(i, |p| {
            p.before = lab.read_untracked(|l| BucketPicture::of(&l.engine, lesson.bucket));
        });
    }
    let jumped: Millis = moves
        .iter()
        .map(|m| match m {
            Move::Advance(ms) => *ms,
            Move::Send(_) => 0,
        })
        .sum();
    let jumped = (jumped > 0).then_some(jumped);
    let Action::Repeat { times, .. } = step.action else {
        let last = lab.update(|l| perform(l, moves));
        finish(m, i, last, false, jumped, paused);
        return;
    };
    m.busy.set(Some(Busy {
        label: format!("Sending {times} requests"),
        done: 0,
        total: times,
    }));
    spawn_local(async move {
        let mut last = None;
        let mut done = 0;
        let mut moves = moves.into_iter();
        while done < times {
            let batch: Vec<Move> = moves.by_ref().take(BATCH as usize).collect();
            done += batch.len() as u32;
            last = lab.update(|l| perform(l, batch)).or(last);
            m.busy.update(|b| {
                if let Some(b) = b {
                    b.done = done;
                }
            });
            // Let the browser draw the progress and stay responsive.
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        m.busy.set(None);
        finish(m, i, last, false, None, paused);
    });
}

/// "I did it myself — check": the newest request the learner sent since the step began that
/// is the operation the step names answers for the step (else the newest one, and the check
/// says how it differs).
pub(super) fn check_by_hand(m: Model, i: usize) {
    if m.busy.get_untracked().is_some() {
        return;
    }
    let lesson = &lessons()[i];
    let paused = take_the_clock(m.lab, lesson);
    let (wanted, mark) = m.peek(i, |p| (p.run.wanted(), p.log_mark));
    let Some(wanted) = wanted else {
        finish(m, i, None, true, None, paused);
        return;
    };
    let answer = m.lab.read_untracked(|l| {
        let mine: Vec<&LogEntry> = l.log.iter().take_while(|e| e.id > mark).collect();
        mine.iter()
            .find(|e| same_operation(&wanted, &e.request).is_ok())
            .or(mine.first())
            .map(|e| (e.request.clone(), e.response.clone()))
    });
    finish(m, i, answer, true, None, paused);
}

/// Empty and delete `bucket` through real requests; returns how many were sent.
fn clear_bucket(lab: LabCtx, bucket: &str) -> usize {
    let (versions, uploads) = lab.read_untracked(|l| {
        let Ok(b) = l.engine.bucket(bucket) else {
            return (Vec::new(), Vec::new());
        };
        let versions: Vec<(String, Option<String>)> = b
            .objects
            .iter()
            .flat_map(|(k, s)| {
                s.newest_first()
                    .map(move |e| (k.clone(), Some(e.version_id().render())))
            })
            .collect();
        let uploads: Vec<(String, String)> = b
            .uploads
            .values()
            .map(|u| (u.key.clone(), u.upload_id.clone()))
            .collect();
        (versions, uploads)
    });
    if !lab.read_untracked(|l| l.engine.bucket(bucket).is_ok()) {
        return 0;
    }
    let mut sent = 0;
    let now = || lab.read_untracked(|l| l.clock.now(real_now()));
    for chunk in versions.chunks(1000) {
        send(
            lab,
            requests::delete_multiple(bucket, chunk, true).finish(now()),
        );
        sent += 1;
    }
    for (key, id) in uploads {
        let req = requests::Req::new("DELETE", requests::object_path(bucket, &key))
            .query("uploadId", id)
            .finish(now());
        send(lab, req);
        sent += 1;
    }
    send(lab, requests::delete_bucket(bucket).finish(now()));
    sent + 1
}

pub(super) fn restart(m: Model, i: usize) {
    if m.busy.get_untracked().is_some() {
        return;
    }
    let lesson = &lessons()[i];
    let lab = m.lab;
    let sent = clear_bucket(lab, lesson.bucket);
    let words = if sent == 0 {
        format!(
            "Restarted. {} does not exist yet: step 1 creates it.",
            lesson.bucket
        )
    } else {
        format!(
            "Restarted: {} was emptied and deleted with {sent} request{} (see the request log), so step 1 creates it anew — unversioned, as a new bucket is.",
            lesson.bucket,
            if sent == 1 { "" } else { "s" }
        )
    };
    m.update(i, |p| {
        *p = lab.read_untracked(|l| Progress::new(lesson, l, None));
        p.restarted = Some(words);
    });
    if lab.sel.bucket.get_untracked().as_deref() == Some(lesson.bucket) {
        lab.sel.bucket.set(None);
        lab.sel.key.set(None);
        lab.sel.version.set(None);
    }
}
