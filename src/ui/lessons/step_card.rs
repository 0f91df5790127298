//! The current step: what it explains and the exact request it sends.

use leptos::prelude::*;

use super::model::Model;
use super::route::lessons;
use crate::lessons::{build_request, Action, Lesson, Step};
use crate::ui::clock::duration_words;
use crate::ui::text::request_text;

#[component]
pub(super) fn StepCard(
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
