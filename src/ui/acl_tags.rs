//! ACLs and tags in the lab: the selected version's ACL and tags under the version stack
//! (PutObjectACL / PutObjectTagging / DeleteObjectTagging with its `versionId`), and the ACL
//! pickers of bucket creation and upload.

use leptos::prelude::*;

use super::requests;
use super::state::use_lab;
use super::widgets::short_id;
use crate::engine::acl::{BucketAcl, ObjectAcl};
use crate::engine::VersionId;

/// What the panel shows of the version in view.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    version_id: String,
    versioned: bool,
    /// `None` for a delete marker (it has no ACL and no tags).
    acl: Option<ObjectAcl>,
    tags: String,
    bucket_acl: BucketAcl,
}

/// `<option>`s of every object ACL, `current` selected.
pub fn object_acl_options(current: ObjectAcl) -> impl IntoView {
    ObjectAcl::ALL
        .iter()
        .map(|a| {
            let name = a.as_str();
            view! { <option value=name selected=*a == current>{name}</option> }
        })
        .collect_view()
}

/// `<option>`s of every bucket ACL, `current` selected.
pub fn bucket_acl_options(current: BucketAcl) -> impl IntoView {
    BucketAcl::ALL
        .iter()
        .map(|a| {
            let name = a.as_str();
            view! { <option value=name selected=*a == current>{name}</option> }
        })
        .collect_view()
}

/// The selected version's (or the current entry's) ACL and tags, editable.
#[component]
pub fn VersionAclTags(bucket: String, key: String) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let bk = StoredValue::new((bucket, key));
    let shown = Memo::new(move |_| {
        let (b, k) = bk.get_value();
        let picked = sel.version.get();
        lab.read(|l| {
            let bucket = l.engine.bucket(&b).ok()?;
            let stack = bucket.stack(&k)?;
            let entry = match picked.as_deref().and_then(|v| VersionId::parse(v).ok()) {
                Some(id) => stack.get(id)?,
                None => stack.current()?,
            };
            Some(Shown {
                version_id: entry.version_id().render(),
                versioned: bucket.versioning.is_versioned(),
                acl: entry.object().map(|o| o.acl),
                tags: entry
                    .object()
                    .map(|o| o.tags.to_query())
                    .unwrap_or_default(),
                bucket_acl: bucket.acl,
            })
        })
    });
    let tags_text = RwSignal::new(String::new());
    Effect::new(move |_| tags_text.set(shown.get().map(|s| s.tags).unwrap_or_default()));
    let version = move || {
        shown
            .get_untracked()
            .filter(|s| s.versioned)
            .map(|s| s.version_id)
    };
    let which = move || {
        version()
            .map(|v| format!("version {}", short_id(&v)))
            .unwrap_or_else(|| "the object".into())
    };
    let set_acl = move |value: String| {
        let Ok(acl) = ObjectAcl::parse(&value) else {
            return;
        };
        let (b, k) = bk.get_value();
        let v = version();
        lab.act(requests::put_object_acl(&b, &k, v.as_deref(), acl), |_| {
            format!("Set the ACL of {} of {k} to {}.", which(), acl.as_str())
        });
    };
    let save_tags = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (b, k) = bk.get_value();
        let v = version();
        let text = tags_text.get_untracked();
        lab.act(
            requests::set_object_tagging(&b, &k, v.as_deref(), &text),
            |_| {
                if text.trim().is_empty() {
                    format!("Removed the tags of {} of {k}.", which())
                } else {
                    format!("Tagged {} of {k}: {text}.", which())
                }
            },
        );
    };
    view! {
        {move || shown.get().map(|s| match s.acl {
            None => view! {
                <p class="acl-tags muted" data-testid="acl-tags">
                    "A delete marker has no ACL and no tags: OSS answers 404 (or 405 for PutObjectACL) when asked for them."
                </p>
            }.into_any(),
            Some(acl) => view! {
                <div class="acl-tags" data-testid="acl-tags">
                    <label>"ACL of this version "
                        <select data-testid="version-acl" on:change=move |ev| set_acl(event_target_value(&ev))>
                            {object_acl_options(acl)}
                        </select>
                    </label>
                    <span class="muted" data-testid="effective-acl">
                        {format!(" in force: {}{}", acl.effective(s.bucket_acl).as_str(),
                            if acl == ObjectAcl::Default { " (the bucket's)" } else { "" })}
                    </span>
                    <form class="inline" on:submit=save_tags>
                        <label>"Tags "
                            <input type="text" data-testid="version-tags" spellcheck="false"
                                placeholder="key=value&key2=value2"
                                prop:value=move || tags_text.get()
                                on:input=move |ev| tags_text.set(event_target_value(&ev))/>
                        </label>
                        <button type="submit" data-testid="version-tags-save">"Set tags"</button>
                    </form>
                </div>
            }.into_any(),
        })}
    }
}
