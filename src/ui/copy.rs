//! CopyObject by hand: copy one object of the bucket onto a name (itself included), with
//! `x-oss-forbid-overwrite` when asked and no other header, so the request is exactly the
//! plain copy a lesson names (the stack panel's "Change class" copy adds a storage class).

use leptos::prelude::*;

use super::requests;
use super::state::use_lab;
use super::upload::forbid_ignored_note;
use super::widgets::{object_name_problem, version_text};
use crate::engine::Versioning;

#[component]
pub fn CopyForm(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let source = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let forbid = RwSignal::new(false);
    // The opened key pre-fills both names (a copy onto itself is the common case).
    Effect::new(move |_| {
        let k = sel.key.get().unwrap_or_default();
        source.set(k.clone());
        target.set(k);
    });
    let b = bucket.clone();
    let versioning = Memo::new(move |_| {
        lab.read(|l| l.engine.bucket(&b).map(|x| x.versioning).ok())
            .unwrap_or_default()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (src, dst) = (source.get_untracked(), target.get_untracked());
        if let Some(why) = object_name_problem(&src).or_else(|| object_name_problem(&dst)) {
            lab.say_error(why);
            return;
        }
        let mut req = requests::copy_object(&bucket, &dst, &src, None, None);
        if forbid.get_untracked() {
            req = req.header("x-oss-forbid-overwrite", "true");
        }
        lab.act(req, |r| {
            format!("Copied {src} onto {dst}{}.", version_text(r))
        });
    };
    view! {
        <details class="upload" data-testid="copy">
            <summary>"Copy an object (CopyObject)"</summary>
            <form class="upload-form" on:submit=submit>
                <div class="row-fields">
                    <label>"From "
                        <input type="text" data-testid="copy-source" spellcheck="false" prop:value=move || source.get()
                            on:input=move |ev| source.set(event_target_value(&ev))/>
                    </label>
                    <label>"To "
                        <input type="text" data-testid="copy-target" spellcheck="false" prop:value=move || target.get()
                            on:input=move |ev| target.set(event_target_value(&ev))/>
                    </label>
                </div>
                <label class="check">
                    <input type="checkbox" data-testid="copy-form-forbid" prop:checked=move || forbid.get()
                        on:change=move |ev| forbid.set(event_target_checked(&ev))/>
                    " Forbid overwrite " <code>"x-oss-forbid-overwrite: true"</code>
                </label>
                {move || (forbid.get() && versioning.get() != Versioning::Unversioned).then(|| view! {
                    <p class="hint note">{forbid_ignored_note(versioning.get())}</p>
                })}
                <button type="submit" class="primary" data-testid="copy-submit">"Copy"</button>
            </form>
        </details>
    }
}
