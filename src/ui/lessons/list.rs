//! The list of lessons, each a card with its progress.

use leptos::prelude::*;

use super::model::Model;
use super::route::{lesson_href, lessons};

#[component]
pub(super) fn LessonList(m: Model) -> impl IntoView {
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
