//! Delete without a version id (a delete marker in a versioned bucket) and delete of the
//! version acted on, each saying before the click what it will do. The irreversible ones
//! (any delete in an unversioned bucket, any delete with a version id) say what will be lost
//! and ask first.

use leptos::prelude::*;

use super::{Acting, Target};
use crate::engine::Versioning;
use crate::ui::requests;
use crate::ui::widgets::{human_size, keep_focus, short_id, ConfirmButton};

/// What a DELETE without a version id will do, said before the click.
pub fn delete_effect(v: Versioning) -> &'static str {
    match v {
        Versioning::Enabled => "adds a delete marker on top: the object looks deleted, every version is kept",
        Versioning::Suspended => "adds a delete marker with version id null, replacing the key's null version if it has one",
        Versioning::Unversioned => "deletes the object forever (unversioned bucket)",
    }
}

/// What a DELETE with the target's version id will do.
fn delete_version_effect(t: &Target) -> String {
    if t.versioning == Versioning::Unversioned {
        return "deletes the object forever (unversioned bucket)".to_string();
    }
    let mut s = format!(
        "permanently deletes {} {}",
        if t.marker { "delete marker" } else { "version" },
        short_id(&t.version_id)
    );
    if t.is_current {
        match &t.below_current {
            Some(below) => s.push_str(&format!("; {} becomes current", below.words())),
            None => s.push_str("; no version is left, the key disappears"),
        }
    }
    s
}

/// What is lost for good when the target entry is deleted by id (or at all, unversioned).
pub(super) fn loss_words(t: &Target, key: &str) -> String {
    if t.marker {
        return format!(
            "Delete marker {} of {key} is removed for good. No content is lost (a marker has none).",
            short_id(&t.version_id)
        );
    }
    let what = if t.versioning == Versioning::Unversioned {
        format!("{key} ({})", human_size(t.size))
    } else {
        format!(
            "Version {} of {key} ({})",
            short_id(&t.version_id),
            human_size(t.size)
        )
    };
    format!("{what} will be gone for good: no request can bring it back.")
}

#[component]
pub(super) fn DeleteActions(a: Acting, t: Target, by_id: RwSignal<String>) -> impl IntoView {
    let lab = a.lab;
    let sel = lab.sel;
    const AFTER_DELETE: &[&str] = &[
        "[data-testid=action-delete]",
        "[data-testid=actions-title]",
        "#stack",
        "#objects",
    ];
    let delete_plain = move || {
        let (b, k) = a.bucket_key();
        lab.act(requests::delete_object(&b, &k, None), |r| {
            if r.header("x-oss-delete-marker") == Some("true") {
                format!(
                    "Added delete marker {} on {k}.",
                    short_id(r.header("x-oss-version-id").unwrap_or(""))
                )
            } else {
                format!("Deleted {k}.")
            }
        });
        sel.version.set(None);
        keep_focus(AFTER_DELETE);
    };
    let delete_version = move || {
        let (b, k) = a.bucket_key();
        let Some(v) = a.version_id() else { return };
        let resp = lab.act(requests::delete_object(&b, &k, Some(&v)), |_| {
            format!("Permanently deleted version {} of {k}.", short_id(&v))
        });
        if resp.status < 300 {
            sel.deleted_version.set(Some((k, v.clone())));
            by_id.set(v);
        }
        sel.version.set(None);
        keep_focus(&[
            "[data-testid=action-delete-version]",
            "[data-testid=action-delete]",
            "[data-testid=actions-title]",
            "#stack",
            "#objects",
        ]);
    };
    let (_, key) = a.bucket_key();
    let loss = loss_words(&t, &key);
    let versioned = t.versioning.is_versioned();
    let version_effect = delete_version_effect(&t);
    // A plain delete loses content in an unversioned bucket, and in a Suspended one when the
    // key has a null version with content (the null delete marker replaces it): ask first.
    let plain_loss = match (t.versioning, t.null_size) {
        (Versioning::Suspended, Some(size)) => Some(format!(
            "The null version of {key} ({}) is replaced by a delete marker with version id null: its content will be gone for good. The other versions stay.",
            human_size(size)
        )),
        (Versioning::Suspended, None) | (Versioning::Enabled, _) => None,
        (Versioning::Unversioned, _) => Some(loss.clone()),
    };
    view! {
        <div class="action">
            {match plain_loss {
                Some(plain_loss) => view! {
                    <ConfirmButton testid="action-delete" label="⌫ Delete" describedby="effect-delete"
                        loss=Signal::stored(plain_loss) confirm="Delete forever"
                        on_confirm=Callback::new(move |_| delete_plain())/>
                }.into_any(),
                None => view! {
                    <button type="button" class="danger" data-testid="action-delete" on:click=move |_| delete_plain()
                        aria-describedby="effect-delete">"⌫ Delete"</button>
                }.into_any(),
            }}
            <p class="hint" id="effect-delete" data-testid="effect-delete">{format!("No version id: {}.", delete_effect(t.versioning))}</p>
        </div>
        {versioned.then(|| view! {
            <div class="action">
                <ConfirmButton testid="action-delete-version" label="✖ Delete this version" describedby="effect-delete-version"
                    loss=Signal::stored(loss) confirm="Delete this version forever"
                    on_confirm=Callback::new(move |_| delete_version())/>
                <p class="hint" id="effect-delete-version" data-testid="effect-delete-version">{format!("With ?versionId: {version_effect}.")}</p>
            </div>
        })}
    }
}
