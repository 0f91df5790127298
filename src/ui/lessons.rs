//! The guided lessons: a list of the lessons in [`crate::lessons`], each at its own URL
//! (`#/lessons/<slug>`), and the open lesson step by step.
//!
//! The lessons are data; this component only drives them through the lab:
//! - **Run this step** sends the step's request(s) through [`BrowserLab::send`](super::lab::BrowserLab::send)
//!   (so the request log shows them, as `lesson`), captures values, and checks — what
//!   [`Run::run_step`] does natively, but on the lab's own path, with the lab's clock for
//!   `Advance` steps, and in batches that yield to the browser for `Repeat` steps.
//! - **I did it myself — check** re-checks the step against the state after the learner acted
//!   through the buckets, objects, stack or console; the newest request the learner sent since
//!   the step began stands in for the step's response (and gives the captured values).
//! - **Restart lesson** empties and deletes the lesson's scratch bucket through real requests
//!   (DeleteMultipleObjects with version ids, AbortMultipartUpload, DeleteBucket): the lessons
//!   name their bucket (`lesson-markers`, …) in every request, and several need a bucket that
//!   was never versioned, which only a new bucket is.
//!
//! After each step the lesson's bucket and the key the step touched are selected (the stack
//! panel draws it, animating new entries), and "What changed" lists the entries added,
//! removed or changed since the step began.

use std::collections::BTreeMap;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::buckets::open_bucket;
use super::clock::duration_words;
use super::lab::{real_now, BrowserLab, LogEntry, Source};
use super::requests;
use super::state::{use_lab, LabCtx};
use super::text::request_text;
use crate::engine::Millis;
use crate::lessons::changes::{diff, BucketPicture, ChangeLine, LineKind};
use crate::lessons::{all, build_request, same_operation, Action, Lesson, Move, Run, Step};
use crate::present::response::evidence;
use crate::wire::http::{WireRequest, WireResponse};

/// Requests sent per batch by a `Repeat` step before yielding to the browser.
pub const BATCH: u32 = 50;

/// The lessons (static data; a [`Run`] borrows its lesson).
pub fn lessons() -> &'static [Lesson] {
    all()
}

/// What a URL hash asks for: `None` when it is not a lessons hash (`#objects`, …),
/// `Some(None)` for the list (`#/lessons`), `Some(Some(i))` for lesson `i`.
pub fn route(hash: &str) -> Option<Option<usize>> {
    let rest = hash.trim_start_matches('#').strip_prefix("/lessons")?;
    let slug = rest.trim_matches('/');
    if slug.is_empty() {
        return Some(None);
    }
    Some(lessons().iter().position(|l| l.slug == slug))
}

/// `text` with a line-break opportunity (`<wbr>`) inside CamelCase words, so that a narrow
/// card wraps an API name such as `CleanRestoredObject's` between its words instead of
/// breaking it mid-word. The text content is unchanged.
fn breakable(text: &str) -> impl IntoView {
    let mut parts = vec![String::new()];
    let mut prev_lower = false;
    for c in text.chars() {
        if prev_lower && c.is_ascii_uppercase() {
            parts.push(String::new());
        }
        prev_lower = c.is_ascii_lowercase();
        parts.last_mut().expect("starts with one part").push(c);
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| view! { {(i > 0).then(|| view! { <wbr/> })}{p} })
        .collect_view()
}

pub fn lesson_href(slug: &str) -> String {
    format!("#/lessons/{slug}")
}

// ---- lesson progress ------------------------------------------------------------------------

/// What the last "Run" or "check" of a step said.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The step it is about (0-based).
    pub step: usize,
    pub passed: bool,
    /// The check's explanation when it failed.
    pub message: String,
    /// From "I did it myself — check" rather than "Run this step".
    pub manual: bool,
    /// The response the check looked at: status, telling headers and the part of the body
    /// that proves the step's point.
    pub response: Option<String>,
    pub changes: Vec<ChangeLine>,
}

/// One lesson's progress.
struct Progress {
    run: Run<'static>,
    /// The bucket when the current step began: "What changed" compares with it.
    before: BucketPicture,
    /// The newest log entry when the current step began: later ones are the learner's.
    log_mark: u64,
    verdict: Option<Verdict>,
    /// Said once after a restart.
    restarted: Option<String>,
}

impl Progress {
    fn new(lesson: &'static Lesson, lab: &BrowserLab, saved: Option<&SavedRun>) -> Self {
        let run = match saved {
            Some(s) => Run::resume(lesson, s.next, s.vars.clone()),
            None => Run::new(lesson),
        };
        Progress {
            run,
            before: BucketPicture::of(&lab.engine, lesson.bucket),
            log_mark: newest_log_id(lab),
            verdict: None,
            restarted: None,
        }
    }
}

fn newest_log_id(lab: &BrowserLab) -> u64 {
    lab.log.front().map_or(0, |e| e.id)
}

// ---- progress across reloads ------------------------------------------------------------------

/// Where a lesson stood, as kept in `localStorage` (the step and the captured values: the
/// checks judge the lab's state, which the lab's own storage keeps).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct SavedRun {
    next: usize,
    vars: BTreeMap<String, String>,
}

const SAVED_KEY: &str = "osslab.lessons";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saved progress by lesson slug (nothing, when storage is unavailable or the text is not ours).
fn load_saved() -> BTreeMap<String, SavedRun> {
    local_storage()
        .and_then(|s| s.get_item(SAVED_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn store_saved(saved: &BTreeMap<String, SavedRun>) {
    if let (Some(s), Ok(text)) = (local_storage(), serde_json::to_string(saved)) {
        // A full or disabled storage only loses the progress, never the lab.
        let _ = s.set_item(SAVED_KEY, &text);
    }
}

/// A long-running step or restart, for the progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Busy {
    pub label: String,
    pub done: u32,
    pub total: u32,
}

/// The panel's state: shared by the list and the open lesson.
#[derive(Clone, Copy)]
struct Model {
    lab: LabCtx,
    progress: StoredValue<Vec<Option<Progress>>, LocalStorage>,
    saved: StoredValue<BTreeMap<String, SavedRun>>,
    /// Bumped whenever `progress` changed.
    version: RwSignal<u64>,
    open: RwSignal<Option<usize>>,
    busy: RwSignal<Option<Busy>>,
}

impl Model {
    fn new(lab: LabCtx) -> Self {
        Model {
            lab,
            progress: StoredValue::new_local((0..lessons().len()).map(|_| None).collect()),
            saved: StoredValue::new(load_saved()),
            version: RwSignal::new(0),
            open: RwSignal::new(None),
            busy: RwSignal::new(None),
        }
    }

    /// Read lesson `i`'s progress (created on first use), re-running when it changes.
    fn read<R>(&self, i: usize, f: impl FnOnce(&Progress) -> R) -> R {
        self.version.track();
        self.with_mut_quiet(i, |p| f(p))
    }

    /// The same without subscribing (event handlers, tasks).
    fn peek<R>(&self, i: usize, f: impl FnOnce(&Progress) -> R) -> R {
        self.with_mut_quiet(i, |p| f(p))
    }

    fn with_mut_quiet<R>(&self, i: usize, f: impl FnOnce(&mut Progress) -> R) -> R {
        let lab = self.lab;
        let lesson = &lessons()[i];
        let saved = self.saved.with_value(|s| s.get(lesson.slug).cloned());
        self.progress
            .try_update_value(|all| {
                let p = all[i].get_or_insert_with(|| {
                    lab.read_untracked(|l| Progress::new(lesson, l, saved.as_ref()))
                });
                f(p)
            })
            .expect("lessons alive")
    }

    /// Change lesson `i`'s progress, redraw, and keep where it stands across reloads.
    fn update<R>(&self, i: usize, f: impl FnOnce(&mut Progress) -> R) -> R {
        let r = self.with_mut_quiet(i, f);
        let now = self.peek(i, |p| SavedRun {
            next: p.run.next,
            vars: p.run.vars.clone(),
        });
        let slug = lessons()[i].slug.to_string();
        self.saved.update_value(|s| {
            if now == SavedRun::default() {
                s.remove(&slug);
            } else {
                s.insert(slug, now);
            }
            store_saved(s);
        });
        self.version.update(|v| *v += 1);
        r
    }

    /// Where lesson `i` stands without creating its progress: (next step, done).
    fn status(&self, i: usize) -> Option<(usize, bool)> {
        self.version.track();
        let lesson = &lessons()[i];
        let live = self
            .progress
            .with_value(|all| all[i].as_ref().map(|p| p.run.next));
        let next = live.or_else(|| {
            self.saved
                .with_value(|s| s.get(lesson.slug).map(|r| r.next))
        })?;
        (next > 0).then_some((next, next >= lesson.steps.len()))
    }
}

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
fn select_touched(lab: LabCtx, lesson: &Lesson, step: Option<&Step>) {
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
fn run_step(m: Model, i: usize) {
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
fn check_by_hand(m: Model, i: usize) {
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

fn restart(m: Model, i: usize) {
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

// ---- components -------------------------------------------------------------------------

#[component]
pub fn LessonsPanel() -> impl IntoView {
    let lab = use_lab();
    let m = Model::new(lab);
    let collapsed = RwSignal::new(false);
    let title_ref = NodeRef::<html::H2>::new();

    let follow_hash = move |focus: bool| {
        let hash = leptos::prelude::location().hash().unwrap_or_default();
        if let Some(open) = route(&hash) {
            m.open.set(open);
            collapsed.set(false);
            if let Some(i) = open {
                let lesson = &lessons()[i];
                let step = m.peek(i, |p| p.run.next.min(lesson.steps.len().saturating_sub(1)));
                select_touched(lab, lesson, lesson.steps.get(step));
            }
            if focus {
                request_animation_frame(move || {
                    if let Some(h) = title_ref.get_untracked() {
                        let _ = h.focus();
                    }
                });
            }
        }
    };
    follow_hash(false);
    let handle = window_event_listener(leptos::ev::hashchange, move |_| follow_hash(true));
    on_cleanup(move || handle.remove());

    view! {
        <section id="lessons" class="lessons panel" data-testid="lessons" aria-labelledby="lessons-title">
            <div class="lessons-head">
                <h2 id="lessons-title" node_ref=title_ref tabindex="-1">
                    {move || match m.open.get() {
                        Some(i) => lessons()[i].title.to_string(),
                        None => "Guided lessons".to_string(),
                    }}
                </h2>
                <Show when=move || m.open.get().is_some()>
                    <a class="lessons-back" href="#/lessons" data-testid="lessons-back">"← All lessons"</a>
                </Show>
                <span class="grow"></span>
                <button type="button" class="lessons-collapse" data-testid="lessons-collapse"
                    aria-expanded=move || (!collapsed.get()).to_string() aria-controls="lessons-body"
                    on:click=move |_| collapsed.update(|c| *c = !*c)>
                    {move || if collapsed.get() { "Show ▾" } else { "Hide ▴" }}
                </button>
            </div>
            <div id="lessons-body" class="lessons-body" class:hidden=move || collapsed.get()>
                {move || match m.open.get() {
                    None => view! { <LessonList m=m/> }.into_any(),
                    Some(i) => view! { <LessonView m=m i=i/> }.into_any(),
                }}
            </div>
        </section>
    }
}

#[component]
fn LessonList(m: Model) -> impl IntoView {
    view! {
        <p class="lessons-intro">
            "Step-by-step scenarios from the OSS docs. Each shows the exact request before sending it and checks the result against the store: run a step with its button, or do it yourself in the lab."
        </p>
        <ol class="lesson-cards" data-testid="lesson-list">
            {lessons().iter().enumerate().map(|(i, l)| {
                let n = l.steps.len();
                let status = move || match m.status(i) {
                    None => ("new", "not started".to_string()),
                    Some((_, true)) => ("done", "✓ done".to_string()),
                    Some((next, false)) => ("doing", format!("step {} of {n}", next + 1)),
                };
                let (number, title) = l.title.split_once(". ").unwrap_or(("", l.title));
                view! {
                    <li>
                        <a class="lesson-card" href=lesson_href(l.slug) data-testid="lesson-link" data-slug=l.slug title=l.summary>
                            <span class="lesson-number" aria-hidden="true">{number.to_string()}</span>
                            <span class="lesson-card-text">
                                <span class="lesson-card-title">{breakable(title)}</span>
                                <span class="sr-only">{format!(": {}", l.summary)}</span>
                                <span class=move || format!("lesson-card-status {}", status().0)>{move || status().1}</span>
                            </span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn LessonView(m: Model, i: usize) -> impl IntoView {
    let lesson: &'static Lesson = &lessons()[i];
    let lab = m.lab;
    let n = lesson.steps.len();
    // Only a new step re-draws the step card; the buttons stay (and keep the focus).
    let next = Memo::new(move |_| m.read(i, |p| p.run.next));
    let done = move || next.get() >= n;
    let busy = move || m.busy.get().is_some();
    let bucket_exists =
        Signal::derive(move || lab.read(|l| l.engine.bucket(lesson.bucket).is_ok()));
    let by_hand = move || {
        match lesson.steps.get(next.get()).map(|s| s.action) {
        Some(Action::Advance { .. }) => {
            "Or move the clock yourself (in the header: +1 h, +1 day…, or clock +1m in the ossutil console), then check."
        }
        Some(Action::Observe) => "Look at the objects and the version stack, then check.",
        _ => "Or do it yourself (buttons, upload form or console), then check.",
    }
    };

    view! {
        <div class="lesson" data-testid="lesson" data-slug=lesson.slug>
            <div class="lesson-top">
                <p class="lesson-summary">{lesson.summary}</p>
                <div class="lesson-progress-wrap">
                    <span class="lesson-step-count" data-testid="lesson-progress-text">
                        {move || if done() { format!("All {n} steps done") } else { format!("Step {} of {n}", next.get() + 1) }}
                    </span>
                    <progress class="lesson-progress" data-testid="lesson-progress" max=n.to_string()
                        value=move || next.get().to_string() aria-label="Lesson progress"></progress>
                </div>
                <span class="lesson-bucket">"Bucket "<code>{lesson.bucket}</code></span>
                <button type="button" class="lesson-restart" data-testid="lesson-restart"
                    disabled=busy on:click=move |_| restart(m, i)
                    title="Empty and delete the lesson's bucket through real requests, then start again at step 1">
                    "↺ Restart lesson"
                </button>
                {lesson.controls_clock().then(|| view! {
                    <p class="lesson-note lesson-clock-note" data-testid="lesson-clock-note">
                        "This lesson controls the virtual clock: running or checking a step pauses it, and only the steps move it, so a restore cannot finish while you read."
                    </p>
                })}
            </div>
            <div class="lesson-grid">
                <ol class="lesson-steps" data-testid="lesson-steps" aria-label="Steps">
                    {lesson.steps.iter().enumerate().map(|(k, s)| {
                        let state = move || {
                            let nx = next.get();
                            if k < nx { "done" } else if k == nx { "current" } else { "todo" }
                        };
                        view! {
                            <li class=move || format!("lesson-step-item {}", state())
                                aria-current=move || if state() == "current" { "step" } else { "false" }>
                                <span class="lesson-step-mark" aria-hidden="true">
                                    {move || match state() { "done" => "✓".to_string(), _ => (k + 1).to_string() }}
                                </span>
                                <span class="lesson-step-name">{s.title}</span>
                                <span class="sr-only">{move || match state() { "done" => " (done)", "current" => " (current step)", _ => "" }}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <div class="lesson-main">
                    {move || match lesson.steps.get(next.get()) {
                        None => view! {
                            <div class="lesson-step lesson-complete" data-testid="lesson-complete">
                                <h3 tabindex="-1">"✓ Lesson complete"</h3>
                                <p>"Every step passed. Look around the bucket "<code>{lesson.bucket}</code>", try variations in the console, or pick another lesson."</p>
                                {lessons().get(i + 1).map(|l| view! {
                                    <p><a class="lesson-next" href=lesson_href(l.slug) data-testid="lesson-next">{format!("Next: {} →", l.title)}</a></p>
                                })}
                            </div>
                        }.into_any(),
                        Some(step) => {
                            let k = next.get_untracked();
                            view! { <StepCard m=m i=i k=k step=step bucket_exists=bucket_exists/> }.into_any()
                        }
                    }}
                    <Show when=move || !done()>
                        <div class="lesson-actions">
                            <button type="button" class="primary" data-testid="lesson-run" disabled=busy
                                on:click=move |_| run_step(m, i)>
                                "▶ Run this step"
                            </button>
                            <button type="button" data-testid="lesson-check" disabled=busy
                                on:click=move |_| check_by_hand(m, i)>
                                "I did it myself — check"
                            </button>
                            <span class="hint">{by_hand}</span>
                        </div>
                    </Show>
                    {move || m.busy.get().map(|b| view! {
                        <div class="lesson-busy" data-testid="lesson-busy">
                            <span>{format!("{} … {} of {}", b.label, b.done, b.total)}</span>
                            <progress max=b.total.to_string() value=b.done.to_string() aria-label="Requests sent"></progress>
                        </div>
                    })}
                </div>
                <Feedback m=m i=i/>
            </div>
        </div>
    }
}

#[component]
fn StepCard(
    m: Model,
    i: usize,
    k: usize,
    step: &'static Step,
    bucket_exists: Signal<bool>,
) -> impl IntoView {
    let lesson: &'static Lesson = &lessons()[i];
    let request = move || {
        let vars = m.read(i, |p| p.run.vars.clone());
        step.action
            .request()
            .map(|r| request_text(&build_request(&r, &vars)))
    };
    let what = match step.action {
        Action::Request(_) => "The request this step sends".to_string(),
        Action::Repeat { times, .. } => format!(
            "The request this step sends {times} times ({{i}} in the body counts 0 … {})",
            times - 1
        ),
        Action::Advance { seconds } => format!(
            "No request: the step moves the lab's virtual clock forward {}.",
            duration_words(seconds * 1000)
        ),
        Action::Daily { days, .. } => format!(
            "The request this step sends once a virtual day, {days} days running ({{i}} counts the days 0 … {})",
            days - 1
        ),
        Action::Observe => "No request: look at the bucket; the check reads its state.".to_string(),
    };
    view! {
        <div class="lesson-step" data-testid="lesson-step" data-step=k.to_string()>
            <h3 class="lesson-step-title" data-testid="lesson-step-title">
                <span class="lesson-step-num">{format!("Step {}", k + 1)}</span>
                {step.title}
            </h3>
            <p class="lesson-explain" data-testid="lesson-explain">{step.explain}</p>
            {(k == 0).then(|| view! {
                <Show when=move || bucket_exists.get()>
                    <p class="lesson-note" data-testid="lesson-leftover">
                        <span aria-hidden="true">"⚠ "</span>
                        <code>{lesson.bucket}</code>" already exists (left from an earlier run). Running this step first empties and deletes it, so the lesson starts clean."
                    </p>
                </Show>
            })}
            <p class="lesson-request-label" id=format!("lesson-req-{k}")>{what}</p>
            {move || request().map(|text| view! {
                <pre class="raw lesson-request" data-testid="lesson-request" tabindex="0"
                    aria-labelledby=format!("lesson-req-{k}")>{text}</pre>
            })}
        </div>
    }
}

#[component]
fn Feedback(m: Model, i: usize) -> impl IntoView {
    let lesson: &'static Lesson = &lessons()[i];
    let verdict = move || m.read(i, |p| p.verdict.clone());
    let restarted = move || m.read(i, |p| p.restarted.clone());
    view! {
        <div class="lesson-feedback" role="status" aria-live="polite" data-testid="lesson-feedback">
            {move || {
                if let Some(words) = restarted() {
                    return view! { <p class="lesson-result info" data-testid="lesson-restarted">{words}</p> }.into_any();
                }
                let Some(v) = verdict() else {
                    return view! {
                        <p class="lesson-result idle">"Run the step, or do it yourself and check. The result shows here, with what changed in "<code>{lesson.bucket}</code>"."</p>
                    }.into_any();
                };
                let title = lesson.steps[v.step].title;
                let how = if v.manual { "your action" } else { "the step's request" };
                view! {
                    <div class="lesson-result" class:pass=v.passed class:fail=!v.passed
                        data-testid="lesson-result" data-step=v.step.to_string()
                        data-state=if v.passed { "pass" } else { "fail" }>
                        <p class="lesson-verdict">
                            <span class="lesson-verdict-icon" aria-hidden="true">{if v.passed { "✓" } else { "✗" }}</span>
                            {if v.passed {
                                format!("Step {} passed: {title}.", v.step + 1)
                            } else {
                                format!("Step {} not done yet.", v.step + 1)
                            }}
                        </p>
                        {(!v.passed).then(|| view! {
                            <p class="lesson-why" data-testid="lesson-why">{format!("{} (checked after {how}).", capitalize(&v.message))}</p>
                            <p class="lesson-fix">
                                "Put it right (the version stack shows the state) and check again. If the bucket has moved past this step (a restore finished, a version is gone for good), that state cannot come back: "
                                <button type="button" class="lesson-restart-inline" data-testid="lesson-restart-inline"
                                    on:click=move |_| restart(m, i)>"↺ restart the lesson"</button>
                                " to replay it from step 1."
                            </p>
                        })}
                        {v.response.clone().map(|r| view! {
                            <p class="lesson-response-label">"Response"</p>
                            <pre class="raw lesson-response" data-testid="lesson-response">{r}</pre>
                        })}
                    </div>
                    <h4 class="lesson-changes-title">"What changed"</h4>
                    {if v.changes.is_empty() {
                        view! { <p class="muted lesson-nochange" data-testid="lesson-changes">"Nothing in the bucket changed (a read, or a refused request)."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="lesson-changes" data-testid="lesson-changes">
                                {v.changes.iter().map(|c| view! {
                                    <li class=format!("lesson-change {}", c.kind.as_str()) data-kind=c.kind.as_str()>
                                        <span class="lesson-change-icon" aria-hidden="true">{c.kind.icon()}</span>
                                        <span>{c.text.clone()}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            }}
        </div>
    }
}

/// The first letter in upper case (the checks' English messages; ASCII case mapping keeps
/// the Unicode case tables, ~12 KB gzipped, out of the browser app).
fn capitalize(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}
