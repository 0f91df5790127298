//! Small pieces of view and wording shared by several panels: one home for each, so every
//! panel shows a version id, a size, a storage class or a table head the same way.

use leptos::prelude::*;

use super::clock::short_time;
use crate::engine::archive::RestoreStatus;
use crate::engine::{Millis, StorageClass};
use crate::wire::http::WireResponse;

/// Version ids and versioning states in words: one home, [`crate::present`] (the lessons and
/// the console use them too).
pub use crate::present::{short_id, versioning_label};

/// ` as version 3Ab…x9` for a response that names the version it wrote (empty otherwise).
pub fn version_text(resp: &WireResponse) -> String {
    resp.header("x-oss-version-id")
        .map(|v| format!(" as version {}", short_id(v)))
        .unwrap_or_default()
}

/// Why an object name typed in a form cannot be sent as it is, answered before sending where
/// the request would otherwise be a different operation or one OSS refuses by name: an
/// empty name makes `PUT /bucket/` (a bucket request), and OSS refuses names starting with
/// `/` or `\` with 400 InvalidObjectName (docs/fidelity.md, "Object names").
pub fn object_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some(
            "Type an object name first: without one the request would go to the bucket itself (PUT /bucket/ is PutBucket), not to an object. Nothing was sent."
                .into(),
        );
    }
    if name.starts_with(['/', '\\']) {
        return Some(format!(
            "400 InvalidObjectName, answered before sending as OSS answers it: an object name must not start with {}. Nothing was sent.",
            if name.starts_with('/') { "/" } else { "\\" }
        ));
    }
    None
}

/// Human size: `0 B`, `12 B`, `2.0 KB`, `3.4 MB`.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// A storage-class badge (the class name is the text; archive classes get their own colour).
pub fn class_badge(c: StorageClass) -> impl IntoView {
    view! { <span class=format!("badge class-{}", c.as_str().to_ascii_lowercase())>{c.as_str()}</span> }
}

/// `<option>`s for every storage class, `selected` picked.
pub fn class_options(selected: Option<StorageClass>) -> impl IntoView {
    StorageClass::ALL
        .iter()
        .map(|c| {
            let name = c.as_str();
            view! { <option value=name selected=selected == Some(*c)>{name}</option> }
        })
        .collect_view()
}

/// Restore state in words, with an icon so colour is never the only signal.
pub fn restore_words(status: &RestoreStatus, now: Millis) -> Option<String> {
    match status {
        RestoreStatus::NotArchived => None,
        RestoreStatus::Frozen => Some("❄ frozen".into()),
        RestoreStatus::InProgress { .. } => {
            Some(format!("◔ restoring {:.0}%", status.progress(now) * 100.0))
        }
        RestoreStatus::Restored { expires } => {
            Some(format!("☀ restored until {}", short_time(*expires)))
        }
    }
}

/// A table's head: these columns, then an unlabelled one for each row's buttons.
pub fn table_head(columns: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead>
            <tr>
                {columns.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}
                <th scope="col"><span class="sr-only">"Actions"</span></th>
            </tr>
        </thead>
    }
}

/// A table wider than its panel scrolls inside it, not the page. The scroller is a named,
/// focusable region, so a keyboard user can scroll it too (axe: scrollable-region-focusable).
#[component]
pub fn TableScroll(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}

/// A labelled whole-number input from 1 to `max` bound to `value` (unparsable input leaves
/// it as it was).
pub fn number_field<T>(
    id: &'static str,
    label: &'static str,
    max: u32,
    value: RwSignal<T>,
) -> impl IntoView
where
    T: std::fmt::Display + std::str::FromStr + Send + Sync + 'static,
{
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id data-testid=id type="number" min="1" max=max.to_string() class="narrow"
                prop:value=move || value.with(ToString::to_string)
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse() {
                        value.set(v);
                    }
                }/>
        </div>
    }
}

/// After the view was drawn again (the next animation frame), focus the first element that
/// matches one of `selectors` (disabled ones are skipped): an action that redraws its panel
/// must not drop focus to `<body>`.
pub fn keep_focus(selectors: &'static [&'static str]) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let doc = document();
        let found = selectors.iter().find_map(|s| {
            doc.query_selector(&format!("{s}:not([disabled])"))
                .ok()
                .flatten()
        });
        if let Some(el) = found {
            let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    });
}

/// A button for an irreversible action. The first press says what will be lost and asks;
/// only the second button ("`confirm`") sends. Cancel (or Escape) puts focus back.
#[component]
pub fn ConfirmButton(
    /// `data-testid` of the first button; the question is `{testid}-confirm`, its buttons
    /// `confirm-yes` and `confirm-no`.
    testid: &'static str,
    /// The first button's text.
    label: &'static str,
    /// What the click loses, said before anything is sent.
    loss: Signal<String>,
    /// The sending button's text ("Delete forever").
    confirm: &'static str,
    on_confirm: Callback<()>,
    #[prop(optional)] describedby: Option<&'static str>,
    #[prop(optional)] disabled: Option<Signal<bool>>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let first = NodeRef::<leptos::html::Button>::new();
    let yes = NodeRef::<leptos::html::Button>::new();
    let qid = format!("{testid}-question");
    let ask = move |_| {
        asking.set(true);
        request_animation_frame(move || {
            if let Some(b) = yes.get_untracked() {
                let _ = b.focus();
            }
        });
    };
    // Focus moves back before the question (which holds it) is removed: never via <body>.
    let cancel = move || {
        if let Some(b) = first.get_untracked() {
            let _ = b.focus();
        }
        asking.set(false);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            cancel();
        }
    };
    view! {
        <button type="button" class="danger" data-testid=testid node_ref=first on:click=ask
            aria-describedby=describedby aria-expanded=move || asking.get().to_string()
            disabled=move || disabled.is_some_and(|d| d.get())>{label}</button>
        <Show when=move || asking.get()>
            <div class="confirm" role="group" aria-labelledby=qid.clone() data-testid=format!("{testid}-confirm") on:keydown=on_key>
                <p id=qid.clone() class="confirm-question">{move || loss.get()}</p>
                <div class="inline">
                    <button type="button" class="danger" data-testid="confirm-yes" node_ref=yes
                        on:click=move |_| { asking.set(false); on_confirm.run(()); }>{confirm}</button>
                    <button type="button" data-testid="confirm-no" on:click=move |_| cancel()>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}
