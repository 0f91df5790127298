//! The open lesson: its summary and progress, the outline of its steps, the current step's
//! card and buttons, and the feedback beside them.

use leptos::prelude::*;

use super::feedback::Feedback;
use super::model::Model;
use super::route::{lesson_href, lessons};
use super::step_card::StepCard;
use super::steps::{check_by_hand, restart, run_step};
use crate::lessons::{Action, Lesson};

#[component]
pub(super) fn LessonView(m: Model, i: usize) -> impl IntoView {
    let lesson: &'static Lesson = &lessons()[i];
    let lab = m.lab;
    let n = lesson.steps.len();
    // Only a new step re-draws the step card; the buttons stay (and keep the focus).
    let next = Memo::new(move |_| m.read(i, |p| p.run.next));
    let done = move || next.get() >= n;
    let busy = move || m.busy.get().is_some();
    let bucket_exists =
        Signal::derive(move || lab.read(|l| l.engine.bucket(lesson.bucket).is_ok()));

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
                {lesson.controls_clock().then(|| view! { <ClockNote/> })}
            </div>
            <div class="lesson-grid">
                <StepOutline lesson=lesson next=next/>
                <div class="lesson-main">
                    {move || match lesson.steps.get(next.get()) {
                        None => view! { <LessonComplete i=i/> }.into_any(),
                        Some(step) => {
                            let k = next.get_untracked();
                            view! { <StepCard m=m i=i k=k step=step bucket_exists=bucket_exists/> }.into_any()
                        }
                    }}
                    <Show when=move || !done()>
                        <StepButtons m=m i=i next=next/>
                    </Show>
                    <BusyBar m=m/>
                </div>
                <Feedback m=m i=i/>
            </div>
        </div>
    }
}

/// Said at the top of a lesson that pauses and moves the virtual clock itself.
#[component]
fn ClockNote() -> impl IntoView {
    view! {
        <p class="lesson-note lesson-clock-note" data-testid="lesson-clock-note">
            "This lesson controls the virtual clock: running or checking a step pauses it, and only the steps move it, so a restore cannot finish while you read."
        </p>
    }
}

/// The lesson's steps, each marked done, current or to do.
#[component]
fn StepOutline(lesson: &'static Lesson, next: Memo<usize>) -> impl IntoView {
    view! {
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
    }
}

/// Shown instead of a step card once every step passed, with a link to the next lesson.
#[component]
fn LessonComplete(i: usize) -> impl IntoView {
    let lesson: &'static Lesson = &lessons()[i];
    view! {
        <div class="lesson-step lesson-complete" data-testid="lesson-complete">
            <h3 tabindex="-1">"✓ Lesson complete"</h3>
            <p>"Every step passed. Look around the bucket "<code>{lesson.bucket}</code>", try variations in the console, or pick another lesson."</p>
            {lessons().get(i + 1).map(|l| view! {
                <p><a class="lesson-next" href=lesson_href(l.slug) data-testid="lesson-next">{format!("Next: {} →", l.title)}</a></p>
            })}
        </div>
    }
}

/// "Run this step" and "I did it myself — check", with a hint on doing the step by hand.
#[component]
fn StepButtons(m: Model, i: usize, next: Memo<usize>) -> impl IntoView {
    let lesson: &'static Lesson = &lessons()[i];
    let busy = move || m.busy.get().is_some();
    let by_hand = move || {
        match lesson.steps.get(next.get()).map(|s| s.action) {
        Some(Action::Advance { .. }) => {
            "Or move the clock yourself (in the header: +1 h, +1 day…, or clock +1m in the ossutil console), then check."
        }
        Some(Action::Observe) => "Look at the objects and the version stack, then check.",
        Some(Action::Repeat { .. }) => {
            "Or do it yourself (the upload form's Repeat sends the uploads one by one, or repeat in the ossutil console), then check."
        }
        Some(Action::Daily { .. }) => {
            "Or do it yourself (the upload form's Repeat with \"a virtual day apart\", or repeat --daily in the ossutil console), then check."
        }
        _ => "Or do it yourself (buttons, upload form or console), then check.",
    }
    };
    view! {
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
    }
}

/// The progress of a long-running step or restart.
#[component]
fn BusyBar(m: Model) -> impl IntoView {
    move || {
        m.busy.get().map(|b| {
            view! {
                <div class="lesson-busy" data-testid="lesson-busy">
                    <span>{format!("{} … {} of {}", b.label, b.done, b.total)}</span>
                    <progress max=b.total.to_string() value=b.done.to_string() aria-label="Requests sent"></progress>
                </div>
            }
        })
    }
}
