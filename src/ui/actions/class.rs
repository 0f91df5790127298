//! CopyObject of the key onto itself: a change of storage class (`x-oss-storage-class`), with
//! `x-oss-forbid-overwrite` when asked (which OSS ignores in a versioned bucket, and says so
//! here).

use leptos::prelude::*;

use super::Acting;
use crate::engine::{StorageClass, Versioning};
use crate::ui::requests;
use crate::ui::upload::forbid_ignored_note;
use crate::ui::widgets::{class_options, keep_focus, version_text};

#[component]
pub(super) fn ChangeClass(
    a: Acting,
    new_class: RwSignal<StorageClass>,
    versioning: Versioning,
) -> impl IntoView {
    let lab = a.lab;
    let forbid = RwSignal::new(false);
    let change_class = move |_| {
        let (b, k) = a.bucket_key();
        let c = new_class.get_untracked();
        let v = a.picked();
        let mut req = requests::copy_object(&b, &k, &k, v.as_deref(), Some(c));
        if forbid.get_untracked() {
            req = req.header("x-oss-forbid-overwrite", "true");
        }
        lab.act(req, |r| {
            format!(
                "Copied {k} onto itself as {}{}.",
                c.as_str(),
                version_text(r)
            )
        });
        lab.sel.version.set(None);
        keep_focus(&[
            "[data-testid=action-change-class]",
            "[data-testid=actions-title]",
        ]);
    };
    view! {
        <div class="action">
            <div class="inline">
                <label for="new-class">"New class"</label>
                <select id="new-class" data-testid="new-class" prop:value=move || new_class.get().as_str() on:change=move |ev| {
                    if let Some(c) = StorageClass::parse(&event_target_value(&ev)) { new_class.set(c); }
                }>{class_options(Some(new_class.get_untracked()))}</select>
                <button type="button" data-testid="action-change-class" on:click=change_class>"Change class"</button>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="copy-forbid" prop:checked=move || forbid.get()
                    on:change=move |ev| forbid.set(event_target_checked(&ev))/>
                " Forbid overwrite " <code>"x-oss-forbid-overwrite: true"</code>
            </label>
            {move || (forbid.get() && versioning.is_versioned()).then(|| view! {
                <p class="hint note" data-testid="copy-forbid-ignored">{forbid_ignored_note(versioning)}</p>
            })}
            <p class="hint">"CopyObject onto itself with x-oss-storage-class: adds a version in that class."</p>
        </div>
    }
}
