//! The save status line and the Lab menu: export, import and reset.

use js_sys::{Array, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::task::{command, say, sentence};
use super::{Command, SaveState};
use crate::persist;
use crate::ui::state::{use_lab, LabCtx};

fn export_file(lab: LabCtx) -> Result<String, String> {
    let bytes = lab.read_untracked(|l| persist::export(&l.engine, Some(&l.clock)));
    let blob =
        web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(&bytes[..])))
            .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let stamp: String = String::from(js_sys::Date::new_0().to_iso_string())
        .chars()
        .take(19)
        .map(|c| if c == ':' { '-' } else { c })
        .collect();
    let name = format!("osslab-{stamp}.osslab.json");
    let a = document()
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?;
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", &name);
    a.unchecked_ref::<web_sys::HtmlElement>().click();
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(format!(
        "Exported the lab to {name} ({} bytes).",
        bytes.len()
    ))
}

fn import_file(lab: LabCtx, file: web_sys::File) {
    let name = file.name();
    spawn_local(async move {
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => Uint8Array::new(&buf).to_vec(),
            Err(_) => {
                say(
                    lab,
                    false,
                    format!("{name} could not be read. Nothing was changed."),
                );
                return;
            }
        };
        match persist::import(&bytes) {
            Ok(im) => command(lab, Command::Import(Box::new(im), name)),
            Err(e) => say(
                lab,
                false,
                format!(
                    "{name} was not imported: {} Nothing was changed.",
                    sentence(&e.to_string())
                ),
            ),
        }
    });
}

// ---- components ---------------------------------------------------------------------------

/// The save status under the header: "Saved", "Saving…", "Not saved: …", or the load
/// progress bar.
#[component]
pub fn StorageBar() -> impl IntoView {
    let lab = use_lab();
    let st = lab.storage;
    let problem = move || matches!(st.state.get(), SaveState::Failed(_) | SaveState::Memory(_));
    view! {
        // Announced only when something is wrong: "Saving…"/"Saved" after every click would
        // drown a screen reader.
        <div class="storage-bar" class:storage-problem=problem data-testid="storage-bar"
            aria-live=move || if problem() { "assertive" } else { "off" } aria-atomic="true">
            <span class="storage-icon" aria-hidden="true">
                {move || match st.state.get() {
                    SaveState::Saved => "✓",
                    SaveState::Saving | SaveState::Loading => "…",
                    _ => "⚠",
                }}
            </span>
            <span class="storage-state" data-testid="storage-status"
                data-state=move || st.state.get().key()>
                {move || st.state.get().text()}
            </span>
            {move || st.loading().then(|| {
                let (done, total) = st.progress.get();
                if total == 0 {
                    view! {
                        <progress class="storage-progress" data-testid="storage-progress"
                            aria-label="Loading the saved lab"></progress>
                        <span class="storage-count"></span>
                    }.into_any()
                } else {
                    view! {
                        <progress class="storage-progress" data-testid="storage-progress"
                            aria-label="Loading the saved lab" max=total value=done></progress>
                        <span class="storage-count" data-testid="storage-count">
                            {format!("{done} / {total} records")}
                        </span>
                    }.into_any()
                }
            })}
        </div>
    }
}

/// "Lab storage" in the header: export, import, reset (with confirmation).
#[component]
pub fn StorageMenu() -> impl IntoView {
    let lab = use_lab();
    let st = lab.storage;
    let confirming = RwSignal::new(false);
    let export = move |_| match export_file(lab) {
        Ok(text) => say(lab, true, text),
        Err(e) => say(lab, false, format!("The export failed: {e}")),
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            input.set_value("");
            import_file(lab, file);
        }
    };
    let ask_reset = move |_| {
        confirming.set(true);
        request_animation_frame(|| {
            if let Some(b) = document().get_element_by_id("reset-confirm") {
                let _ = b.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        });
    };
    let cancel = move |_| {
        confirming.set(false);
        if let Some(b) = document().get_element_by_id("reset-lab") {
            let _ = b.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    };
    let reset = move |_| {
        confirming.set(false);
        command(lab, Command::Reset);
    };
    // Escape closes the menu and gives focus back to its toggle.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Escape" {
            return;
        }
        if let Some(menu) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = menu.remove_attribute("open");
            confirming.set(false);
            if let Ok(Some(summary)) = menu.query_selector("summary") {
                let _ = summary.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        }
    };
    view! {
        <details class="storage-menu" data-testid="storage-menu" on:keydown=on_key>
            <summary data-testid="storage-menu-toggle">"Lab storage"</summary>
            <div class="storage-panel">
                <p class="storage-help">
                    "The lab is saved in this browser (IndexedDB) after every change, and other osslab tabs follow it."
                </p>
                <button type="button" class="storage-action" data-testid="export-lab" on:click=export>
                    "Export the lab to a file"
                </button>
                <input id="import-lab" class="storage-file" type="file" data-testid="import-lab"
                    accept=".json,application/json" on:change=import/>
                <label class="storage-action storage-import" for="import-lab">
                    "Import a lab file…"
                </label>
                <button type="button" id="reset-lab" class="storage-action storage-danger"
                    data-testid="reset-lab" on:click=ask_reset aria-expanded=move || confirming.get().to_string()>
                    "Reset the lab…"
                </button>
                <Show when=move || confirming.get()>
                    <div class="storage-confirm" role="group" aria-labelledby="reset-question">
                        <p id="reset-question">
                            "Delete every bucket, object and version, from this browser's storage and from memory? This cannot be undone; export first to keep a copy."
                        </p>
                        <button type="button" id="reset-confirm" class="storage-danger"
                            data-testid="reset-confirm" on:click=reset>"Reset the lab"</button>
                        <button type="button" data-testid="reset-cancel" on:click=cancel>"Cancel"</button>
                    </div>
                </Show>
                <div class="storage-message" data-testid="storage-message-region" role="alert">
                    {move || st.message.get().map(|(ok, text)| view! {
                        <p class:storage-ok=ok class:storage-error=!ok data-testid="storage-message"
                            data-ok=ok.to_string()>{text}</p>
                    })}
                </div>
            </div>
        </details>
    }
}
