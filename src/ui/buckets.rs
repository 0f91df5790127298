//! The bucket list: select, create (the engine's answer validates the name), versioning badge.

use leptos::prelude::*;

use super::requests;
use super::state::{use_lab, LabCtx};
use super::widgets::versioning_label;
use crate::engine::acl::BucketAcl;
use crate::engine::Versioning;

/// Every bucket's name and versioning state, re-read after each request.
pub fn bucket_states(lab: LabCtx) -> Memo<Vec<(String, Versioning)>> {
    Memo::new(move |_| {
        lab.read(|l| {
            l.engine
                .buckets()
                .map(|b| (b.name.clone(), b.versioning))
                .collect()
        })
    })
}

#[component]
pub fn BucketList() -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let buckets = bucket_states(lab);
    let name = RwSignal::new(String::new());
    let acl = RwSignal::new(BucketAcl::Private);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            // An empty name would send GET/PUT to the service itself (another operation).
            lab.say_error("Type a bucket name first: without one the request would not name a bucket. Nothing was sent.");
            return;
        }
        let a = Some(acl.get_untracked()).filter(|a| *a != BucketAcl::Private);
        let resp = lab.act(requests::put_bucket_with_acl(&n, a), |_| {
            format!("Created bucket {n}.")
        });
        if resp.status == 200 {
            name.set(String::new());
            open_bucket(lab, n);
        }
    };
    view! {
        <nav id="buckets" class="buckets panel" data-testid="bucket-list" aria-labelledby="buckets-title">
            <h2 id="buckets-title">"Buckets"</h2>
            <Show when=move || !buckets.get().is_empty()
                fallback=|| view! { <p class="empty" data-testid="bucket-list-empty">"No buckets yet."</p> }>
                <ul class="bucket-items">
                    <For each=move || buckets.get() key=|b| (b.0.clone(), versioning_label(b.1)) let:b>
                        {
                            let (bname, v) = b;
                            let current = bname.clone();
                            let is_sel = move || sel.bucket.get().as_deref() == Some(current.as_str());
                            let click_name = bname.clone();
                            view! {
                                <li>
                                    <button type="button" class="bucket-item" data-testid="bucket-item"
                                        data-bucket=bname.clone()
                                        aria-current=move || if is_sel() { "true" } else { "false" }
                                        on:click=move |_| open_bucket(lab, click_name.clone())>
                                        <span class="bucket-name">{bname.clone()}</span>
                                        <span class=format!("badge versioning-{}", versioning_label(v).to_ascii_lowercase())>
                                            {versioning_label(v)}
                                        </span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <form class="bucket-create" on:submit=create data-testid="bucket-create">
                <label for="new-bucket">"New bucket"</label>
                <div class="inline">
                    <input id="new-bucket" data-testid="new-bucket-name" type="text"
                        placeholder="e.g. photos" autocomplete="off" spellcheck="false"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                    <button type="submit" data-testid="create-bucket">"Create"</button>
                </div>
                <label>"ACL "
                    <select data-testid="new-bucket-acl" on:change=move |ev| {
                        if let Ok(a) = BucketAcl::parse(&event_target_value(&ev)) { acl.set(a); }
                    }>{super::acl_tags::bucket_acl_options(BucketAcl::Private)}</select>
                </label>
                <p class="hint">"3–63 lower-case letters, digits or hyphens. OSS checks the name."</p>
            </form>
        </nav>
    }
}

/// Show a bucket: reset folder, search, selection and page.
pub fn open_bucket(lab: super::state::LabCtx, name: String) {
    let sel = lab.sel;
    sel.bucket.set(Some(name));
    sel.key.set(None);
    sel.version.set(None);
    sel.folder.set(String::new());
    sel.search.set(String::new());
    sel.checked.set(Default::default());
}
