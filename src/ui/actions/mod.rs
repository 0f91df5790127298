//! What a learner can do to one version of a key: download, delete (saying before the click
//! what will happen), recover, change storage class, restore and clean a restored copy. Every
//! button sends one OSS request through the wire layer. [`VersionActions`] works out what the
//! buttons act on ([`Target`]) and lays out one part per kind of action.

mod class;
mod delete;
mod read;
mod recover;
mod restore;

use leptos::prelude::*;

use super::state::{use_lab, LabCtx};
use super::widgets::short_id;
use crate::engine::archive::{self, RestoreStatus};
use crate::engine::{Millis, StorageClass, Tier, VersionId, Versioning};

/// An entry of a version stack as the actions name it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct EntryRef {
    pub version_id: String,
    pub marker: bool,
}

impl EntryRef {
    /// `delete marker 3Ab…x9` / `version null`.
    pub fn words(&self) -> String {
        format!(
            "{} {}",
            if self.marker {
                "delete marker"
            } else {
                "version"
            },
            short_id(&self.version_id)
        )
    }
}

/// What the actions act on: the picked version, or the current entry.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Target {
    pub version_id: String,
    pub is_current: bool,
    pub marker: bool,
    pub class: Option<StorageClass>,
    pub restore: RestoreStatus,
    /// The entry under the current one, which a delete of the current entry exposes.
    pub below_current: Option<EntryRef>,
    pub current: EntryRef,
    /// Content bytes of the target and of the current entry (0 for a delete marker).
    pub size: u64,
    pub current_size: u64,
    /// Content bytes of the key's null version when it holds content: a delete without a
    /// version id in a Suspended bucket replaces it, so that content is lost.
    pub null_size: Option<u64>,
    /// How long each tier's restore takes for the target's class (empty if not archived).
    pub tiers: Vec<(Tier, Millis)>,
    pub len: usize,
    pub versioning: Versioning,
}

fn target(lab: LabCtx, bucket: &str, key: &str, picked: Option<String>) -> Option<Target> {
    lab.read(|l| {
        let b = l.engine.bucket(bucket).ok()?;
        let stack = b.stack(key)?;
        let current = stack.current()?;
        let entry = picked
            .and_then(|v| VersionId::parse(&v).ok())
            .and_then(|v| stack.get(v))
            .unwrap_or(current);
        let below = stack.newest_first().nth(1).map(|e| EntryRef {
            version_id: e.version_id().render(),
            marker: e.is_delete_marker(),
        });
        let obj = entry.object();
        let size_of = |e: &crate::engine::Entry| e.object().map_or(0, |o| o.body.len() as u64);
        let restore = &l.engine.settings().restore;
        let tiers = obj
            .filter(|o| o.storage_class.needs_restore())
            .map(|o| {
                [Tier::Expedited, Tier::Standard, Tier::Bulk]
                    .into_iter()
                    .filter_map(|t| restore.duration(o.storage_class, t).map(|d| (t, d)))
                    .collect()
            })
            .unwrap_or_default();
        let null_size = stack
            .newest_first()
            .find(|e| e.version_id().render() == "null" && !e.is_delete_marker())
            .map(size_of);
        Some(Target {
            version_id: entry.version_id().render(),
            is_current: entry.seq == current.seq,
            marker: entry.is_delete_marker(),
            class: obj.map(|o| o.storage_class),
            restore: obj.map_or(RestoreStatus::NotArchived, |o| {
                archive::status(o, l.engine.now())
            }),
            below_current: below,
            current: EntryRef {
                version_id: current.version_id().render(),
                marker: current.is_delete_marker(),
            },
            size: size_of(entry),
            current_size: size_of(current),
            null_size,
            tiers,
            len: stack.len(),
            versioning: b.versioning,
        })
    })
}

/// What every action part needs: the lab, the key and the entry the buttons act on.
#[derive(Clone, Copy)]
pub(super) struct Acting {
    pub lab: LabCtx,
    pub target: Memo<Option<Target>>,
    key: StoredValue<(String, String)>,
}

impl Acting {
    /// The bucket and key acted on.
    pub fn bucket_key(&self) -> (String, String) {
        self.key.get_value()
    }

    /// The version id of the entry acted on.
    pub fn version_id(&self) -> Option<String> {
        self.target.get_untracked().map(|t| t.version_id)
    }

    /// `Some(id)` unless the target is the current entry of a versioned bucket: SDK users
    /// name a version only when they mean one.
    pub fn picked(&self) -> Option<String> {
        let sel = self.lab.sel;
        self.target
            .get_untracked()
            .filter(|t| !t.is_current || sel.version.get_untracked().is_some())
            .filter(|t| t.versioning.is_versioned())
            .map(|t| t.version_id)
    }
}

#[component]
pub fn VersionActions(bucket: String, key: String) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let (b0, k0) = (bucket.clone(), key.clone());
    let t = Memo::new(move |_| {
        lab.now.track();
        target(lab, &b0, &k0, sel.version.get())
    });
    let a = Acting {
        lab,
        target: t,
        key: StoredValue::new((bucket, key)),
    };
    let preview = RwSignal::new(None::<read::Preview>);
    // "GET by version id" offers the id last deleted by id from this key.
    let by_id = RwSignal::new(
        sel.deleted_version
            .get_untracked()
            .filter(|(k, _)| *k == a.bucket_key().1)
            .map(|(_, v)| v)
            .unwrap_or_default(),
    );
    // The form choices live as long as the key is open (the parts are drawn again whenever
    // the target changes).
    let new_class = RwSignal::new(StorageClass::IA);
    let restore_choice = restore::Choice::new();

    view! {
        <div class="actions" data-testid="actions">
            {move || t.get().map(|t| {
                let target_words = format!(
                    "{} {}{}",
                    if t.marker { "Delete marker" } else { "Version" },
                    short_id(&t.version_id),
                    if t.is_current { " (current)" } else { " (noncurrent)" }
                );
                view! {
                    <h3 class="actions-title" tabindex="-1" data-testid="actions-title">"Acting on: " <span data-testid="action-target">{target_words}</span>
                        {sel.version.get().is_some().then(|| view! {
                            <button type="button" class="link small" on:click=move |_| sel.version.set(None)>"(use current)"</button>
                        })}
                    </h3>
                    <div class="action-grid">
                        <read::ReadActions a=a t=t.clone() preview=preview by_id=by_id/>
                        <delete::DeleteActions a=a t=t.clone() by_id=by_id/>
                        <recover::RecoverActions a=a t=t.clone()/>
                        {(!t.marker).then(|| view! { <class::ChangeClass a=a new_class=new_class versioning=t.versioning/> })}
                        {t.class.is_some_and(|c| c.needs_restore()).then(|| view! { <restore::RestoreActions a=a t=t.clone() choice=restore_choice/> })}
                    </div>
                }
            })}
            <read::PreviewBox preview=preview/>
        </div>
    }
}
