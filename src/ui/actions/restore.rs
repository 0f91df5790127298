//! Restore of an archived version (POST ?restore) and cleaning of its restored copy. The
//! form offers only what the version's class accepts (Archive: no tier; Cold Archive:
//! Expedited, Standard, Bulk; Deep Cold Archive: Expedited, Standard) with each tier's
//! duration, and always shows the tier that will be sent.

use leptos::prelude::*;

use super::{Acting, Target};
use crate::engine::archive::RestoreStatus;
use crate::engine::Tier;
use crate::ui::clock::duration_words;
use crate::ui::requests;
use crate::ui::widgets::keep_focus;

/// The restore form's choices.
#[derive(Clone, Copy)]
pub(super) struct Choice {
    days: RwSignal<u32>,
    tier: RwSignal<Tier>,
}

impl Choice {
    pub fn new() -> Self {
        Choice {
            days: RwSignal::new(1),
            tier: RwSignal::new(Tier::Standard),
        }
    }
}

/// What "Clean restored copy" will get from OSS in this state.
fn clean_hint(status: &RestoreStatus) -> &'static str {
    match status {
        RestoreStatus::Restored { .. } => "POST ?cleanRestoredObject: drops the restored copy early; the object is frozen again.",
        RestoreStatus::InProgress { .. } => "POST ?cleanRestoredObject while the restore runs: OSS refuses it (409 ArchiveRestoreNotFinished).",
        _ => "POST ?cleanRestoredObject with nothing restored: OSS answers 409 ArchiveRestoreFileStale.",
    }
}

#[component]
pub(super) fn RestoreActions(a: Acting, t: Target, choice: Choice) -> impl IntoView {
    let lab = a.lab;
    let Choice { days, tier } = choice;
    let cold = !t.tiers.is_empty() && t.class.is_some_and(|c| c.is_cold());
    // A tier the class does not offer (Bulk on Deep Cold Archive) is never sent silently.
    if cold && !t.tiers.iter().any(|(x, _)| *x == tier.get_untracked()) {
        tier.set(Tier::Standard);
    }
    let restore = move |_| {
        let (b, k) = a.bucket_key();
        let v = a.picked();
        let tier = cold.then(|| tier.get_untracked());
        lab.act(
            requests::restore_object(&b, &k, v.as_deref(), days.get_untracked(), tier),
            |r| {
                if r.status == 202 {
                    "Restore started: watch the progress bar, or move the clock forward."
                        .to_string()
                } else {
                    "The restored copy's period was extended.".to_string()
                }
            },
        );
        keep_focus(&[
            "[data-testid=action-restore]",
            "[data-testid=actions-title]",
        ]);
    };
    let clean = move |_| {
        let (b, k) = a.bucket_key();
        let v = a.picked();
        lab.act(
            requests::clean_restored_object(&b, &k, v.as_deref()),
            |_| "The restored copy was cleaned: the object is frozen again.".to_string(),
        );
        keep_focus(&["[data-testid=action-clean]", "[data-testid=actions-title]"]);
    };
    let durations = t
        .tiers
        .iter()
        .map(|(x, d)| format!("{} ≈ {}", x.as_str(), duration_words(*d)))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = if cold {
        format!("POST ?restore with a tier: {durations} on the virtual clock.")
    } else {
        format!(
            "POST ?restore: an Archive restore takes about {} on the virtual clock (no tiers).",
            t.tiers
                .first()
                .map(|(_, d)| duration_words(*d))
                .unwrap_or_default()
        )
    };
    let tiers = t.tiers.clone();
    view! {
        <div class="action restore-box">
            <div class="inline">
                <label>"Days " <input type="number" min="1" max="365" data-testid="restore-days" class="narrow"
                    prop:value=move || days.get().to_string()
                    on:input=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(1))/></label>
                {cold.then(|| view! {
                    <label>"Tier "
                        <select data-testid="restore-tier" prop:value=move || tier.get().as_str() on:change=move |ev| {
                            if let Ok(x) = Tier::parse(&event_target_value(&ev)) { tier.set(x); }
                        }>
                            {tiers.into_iter().map(|(x, _)| view! {
                                <option value=x.as_str() selected=move || tier.get() == x>{x.as_str()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
                <button type="button" data-testid="action-restore" on:click=restore>"☀ Restore"</button>
            </div>
            <p class="hint" data-testid="restore-hint">{hint}</p>
            <button type="button" data-testid="action-clean" on:click=clean>"❄ Clean restored copy"</button>
            <p class="hint" data-testid="clean-hint">{clean_hint(&t.restore)}</p>
        </div>
    }
}
