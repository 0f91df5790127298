//! The two ways back to an older version: copy it on top (CopyObject, nothing is lost), or
//! delete the current entry so the one below shows again (irreversible: it says what will be
//! lost and asks first).

use leptos::prelude::*;

use super::{Acting, Target};
use crate::ui::requests;
use crate::ui::widgets::{human_size, keep_focus, short_id, version_text, ConfirmButton};

#[component]
pub(super) fn RecoverActions(a: Acting, t: Target) -> impl IntoView {
    let lab = a.lab;
    let sel = lab.sel;
    let delete_current = move || {
        let (b, k) = a.bucket_key();
        let Some(t) = a.target.get_untracked() else {
            return;
        };
        let id = t.current.version_id;
        lab.act(requests::delete_object(&b, &k, Some(&id)), |_| {
            format!(
                "Removed the current entry {}; the one below is current again.",
                short_id(&id)
            )
        });
        sel.version.set(None);
        keep_focus(&[
            "[data-testid=action-recover-delete]",
            "[data-testid=actions-title]",
            "#stack",
        ]);
    };
    let copy_up = move |_| {
        let (b, k) = a.bucket_key();
        let Some(v) = a.version_id() else { return };
        lab.act(requests::copy_object(&b, &k, &k, Some(&v), None), |r| {
            format!("Copied version {} on top{}.", short_id(&v), version_text(r))
        });
        sel.version.set(None);
        keep_focus(&["[data-testid=actions-title]", "#stack"]);
    };
    let copy_ok = !t.is_current && !t.marker;
    let delete_ok = t.len > 1 && t.versioning.is_versioned();
    let (_, key) = a.bucket_key();
    let current = t.current.clone();
    let below = t
        .below_current
        .as_ref()
        .map(|b| b.words())
        .unwrap_or_default();
    let loss = if current.marker {
        format!(
            "Delete marker {} of {key} is removed for good, so {below} is current again. No content is lost.",
            short_id(&current.version_id)
        )
    } else {
        format!(
            "The current version {} of {key} ({}) will be gone for good, even if it is a copy you just recovered; {below} becomes current.",
            short_id(&current.version_id),
            human_size(t.current_size)
        )
    };
    view! {
        <div class="action">
            <button type="button" data-testid="action-recover-copy" on:click=copy_up disabled=!copy_ok>"⤴ Recover: copy on top"</button>
            <p class="hint">{if copy_ok {
                format!("CopyObject of version {} onto the key: it becomes the new current version.", short_id(&t.version_id))
            } else {
                "Pick an older version (not a delete marker) in the stack to copy it on top.".to_string()
            }}</p>
        </div>
        {delete_ok.then(|| view! {
            <div class="action">
                <ConfirmButton testid="action-recover-delete" label="⤵ Recover: delete the current entry"
                    describedby="effect-recover-delete" loss=Signal::stored(loss) confirm="Delete it forever"
                    on_confirm=Callback::new(move |_| delete_current())/>
                <p class="hint" id="effect-recover-delete" data-testid="effect-recover-delete">{format!(
                    "Permanently deletes the current {}, so the entry below shows again.",
                    current.words()
                )}</p>
            </div>
        })}
    }
}
