//! Reading the key: GET (also of a key whose current version is a delete marker: OSS answers
//! 404 with `x-oss-delete-marker: true`), HEAD, GET of any version id (also one deleted a
//! moment ago: 404 NoSuchVersion), and the box that shows what a GET brought back.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Acting, Target};
use crate::ui::requests;
use crate::ui::widgets::{keep_focus, short_id, version_text};
use crate::wire::http::WireResponse;

/// What a download brought back: the start of the text, a `blob:` URL and a file name.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    text: String,
    url: String,
    file: String,
}

impl Preview {
    fn of(key: &str, resp: &WireResponse) -> Option<Self> {
        (resp.status == 200).then(|| Preview {
            text: String::from_utf8_lossy(&resp.body)
                .chars()
                .take(2000)
                .collect(),
            url: blob_url(&resp.body),
            file: key.rsplit('/').next().unwrap_or("download").to_string(),
        })
    }
}

/// What the GET button will send, in words.
fn get_hint(t: &Target, picked: bool) -> String {
    match (t.marker, picked) {
        (true, false) => "GET without a version id: the current entry is a delete marker, so OSS answers 404 NoSuchKey with x-oss-delete-marker: true.".into(),
        (true, true) => "GET with this delete marker's ?versionId: OSS answers 405 MethodNotAllowed (a marker has no content).".into(),
        (false, false) => "GET without a version id: the current version's content.".into(),
        (false, true) => "GET with ?versionId: this version's content.".into(),
    }
}

#[component]
pub(super) fn ReadActions(
    a: Acting,
    t: Target,
    preview: RwSignal<Option<Preview>>,
    /// The version id typed (or last deleted by id) for "GET by version id".
    by_id: RwSignal<String>,
) -> impl IntoView {
    let lab = a.lab;
    let download = move |_| {
        let (b, k) = a.bucket_key();
        let v = a.picked();
        let resp = lab.act(requests::get_object(&b, &k, v.as_deref()), |r| {
            format!(
                "Downloaded {k}{} ({} bytes).",
                version_text(r),
                r.body.len()
            )
        });
        preview.set(Preview::of(&k, &resp));
        keep_focus(&[
            "[data-testid=action-download]",
            "[data-testid=actions-title]",
        ]);
    };
    let head = move |_| {
        let (b, k) = a.bucket_key();
        let v = a.picked();
        lab.act(requests::head_object(&b, &k, v.as_deref()), |r| {
            let restore = r
                .header("x-oss-restore")
                .map(|x| format!(", x-oss-restore: {x}"))
                .unwrap_or_default();
            format!(
                "HEAD {k}: {} bytes, class {}{restore}.",
                r.header("content-length").unwrap_or("0"),
                r.header("x-oss-storage-class").unwrap_or("?")
            )
        });
        keep_focus(&["[data-testid=action-head]", "[data-testid=actions-title]"]);
    };
    let get_by_id = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (b, k) = a.bucket_key();
        let v = by_id.get_untracked().trim().to_string();
        if v.is_empty() {
            lab.say_error("Type a version id first: without one this would be a plain GET.");
            return;
        }
        let resp = lab.act(requests::get_object(&b, &k, Some(&v)), |r| {
            format!(
                "Read version {} of {k} ({} bytes).",
                short_id(&v),
                r.body.len()
            )
        });
        preview.set(Preview::of(&k, &resp));
    };
    let picked = a.picked().is_some();
    let hint = get_hint(&t, picked);
    view! {
        <div class="action">
            <div class="inline">
                <button type="button" data-testid="action-download" on:click=download
                    aria-describedby="effect-download">{if t.marker { "⬇ GET" } else { "⬇ Download" }}</button>
                <button type="button" data-testid="action-head" on:click=head>"HEAD"</button>
            </div>
            <p class="hint" id="effect-download" data-testid="effect-download">{hint}</p>
        </div>
        <form class="action" on:submit=get_by_id data-testid="get-by-id">
            <div class="inline">
                <label for="get-version-id">"Version id"</label>
                <input id="get-version-id" data-testid="get-version-id" type="text" spellcheck="false"
                    autocomplete="off" class="mono" prop:value=move || by_id.get()
                    on:input=move |ev| by_id.set(event_target_value(&ev))/>
                <button type="submit" data-testid="action-get-by-id">"GET ?versionId"</button>
            </div>
            <p class="hint">"Any id, also one deleted a moment ago (OSS answers 404 NoSuchVersion)."</p>
        </form>
    }
}

#[component]
pub(super) fn PreviewBox(preview: RwSignal<Option<Preview>>) -> impl IntoView {
    move || {
        preview.get().map(|p| view! {
            <div class="preview" data-testid="preview">
                <div class="preview-head">
                    <strong>"Content"</strong>
                    <a href=p.url download=p.file data-testid="save-link">"Save file"</a>
                    <button type="button" class="link small" on:click=move |_| preview.set(None)>"close"</button>
                </div>
                <pre data-testid="preview-text">{p.text}</pre>
            </div>
        })
    }
}

/// A `blob:` URL for downloaded bytes (the content is never put into the page as HTML).
fn blob_url(bytes: &[u8]) -> String {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    web_sys::Blob::new_with_u8_array_sequence(&parts)
        .ok()
        .and_then(|b| web_sys::Url::create_object_url_with_blob(b.unchecked_ref()).ok())
        .unwrap_or_default()
}
