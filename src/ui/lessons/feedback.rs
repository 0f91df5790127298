//! The result of the last run or check: the verdict, the response that proves it, and what
//! changed in the bucket.

use leptos::prelude::*;

use super::model::Model;
use super::route::lessons;
use super::steps::restart;
use crate::lessons::Lesson;

#[component]
pub(super) fn Feedback(m: Model, i: usize) -> impl IntoView {
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
                            <p class="lesson-response-label" id="lesson-response-label">"Response"</p>
                            // Focusable: a wide listing scrolls sideways inside it (a phone).
                            <pre class="raw lesson-response" data-testid="lesson-response" tabindex="0"
                                aria-labelledby="lesson-response-label">{r}</pre>
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
