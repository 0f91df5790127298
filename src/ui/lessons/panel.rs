//! The lessons panel: its header (title, back link, hide/show) and the list or the open
//! lesson, following the URL hash.

use leptos::html;
use leptos::prelude::*;

use super::list::LessonList;
use super::model::Model;
use super::route::{lessons, route};
use super::steps::select_touched;
use super::view::LessonView;
use crate::ui::state::use_lab;

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
