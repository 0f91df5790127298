//! Scheduled backups of the open bucket (seed 000 recommends them next to versioning and
//! replication; in Alibaba Cloud they are the Cloud Backup product, so osslab serves them on
//! its own `/_osslab/backups` endpoint): a plan (every N hours, keep K), snapshots taken by
//! the virtual clock or on demand, and restoring one object or the whole bucket from one.

use leptos::prelude::*;

use super::clock::{duration_words, short_time};
use super::requests;
use super::state::{use_lab, LabCtx};
use super::widgets::{human_size, number_field, short_id, ConfirmButton};
use crate::engine::{Millis, HOUR};

#[derive(Clone, Debug, PartialEq)]
struct PlanView {
    every_hours: i64,
    keep: usize,
    next_due: Millis,
}

#[derive(Clone, Debug, PartialEq)]
struct SnapshotView {
    id: u64,
    taken: Millis,
    /// Key, rendered version id (versioned buckets), size.
    objects: Vec<(String, Option<String>, u64)>,
}

impl SnapshotView {
    fn bytes(&self) -> u64 {
        self.objects.iter().map(|o| o.2).sum()
    }
}

/// `{"restored":[…],"unchanged":[…]}` → counts.
fn restore_counts(body: &[u8]) -> (usize, usize) {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let n = |k: &str| v.get(k).and_then(|x| x.as_array()).map_or(0, Vec::len);
    (n("restored"), n("unchanged"))
}

fn keys_words(n: usize) -> String {
    if n == 1 {
        "1 key".into()
    } else {
        format!("{n} keys")
    }
}

/// The open bucket's backups as the panel draws them.
#[derive(Clone, Debug, PartialEq)]
struct BucketBackups {
    bucket: String,
    plan: Option<PlanView>,
    /// Newest first.
    snapshots: Vec<SnapshotView>,
}

fn bucket_backups(lab: LabCtx) -> Memo<Option<BucketBackups>> {
    let sel = lab.sel;
    Memo::new(move |_| {
        let bucket = sel.bucket.get()?;
        lab.read(|l| {
            l.engine.bucket(&bucket).ok()?;
            let plan = l.engine.backup_plan(&bucket).map(|p| PlanView {
                every_hours: p.every / HOUR,
                keep: p.keep,
                next_due: p.next_due,
            });
            let snaps = l
                .engine
                .snapshots(&bucket)
                .iter()
                .rev()
                .map(|s| SnapshotView {
                    id: s.id,
                    taken: s.taken,
                    objects: s
                        .objects
                        .iter()
                        .map(|(k, i)| {
                            (
                                k.clone(),
                                i.version_id.map(|v| v.render()),
                                i.object.body.len() as u64,
                            )
                        })
                        .collect(),
                })
                .collect::<Vec<_>>();
            Some(BucketBackups {
                bucket,
                plan,
                snapshots: snaps,
            })
        })
    })
}

#[component]
pub fn BackupPanel() -> impl IntoView {
    let lab = use_lab();
    let state = bucket_backups(lab);
    let every = RwSignal::new(24_i64);
    let keep = RwSignal::new(7_usize);
    // The form shows the plan in force.
    Effect::new(move |_| {
        if let Some(BucketBackups { plan: Some(p), .. }) = state.get() {
            every.set(p.every_hours);
            keep.set(p.keep);
        }
    });
    view! {
        <div class="backup" data-testid="backup">
            <p class="toolkit-intro">
                "OSS has no backup API (scheduled backup of OSS data is Alibaba Cloud's Cloud Backup product), so the lab serves its own. A plan snapshots each key's current version every N hours on the virtual clock and keeps the last K; a restore writes the captured version back (a new version in a versioned bucket) and never deletes anything."
            </p>
            {move || match state.get() {
                None => view! { <p class="empty" data-testid="backup-no-bucket">"Open a bucket to plan its backups."</p> }.into_any(),
                Some(s) => view! {
                    <h3 class="toolkit-subtitle">"Backups of " <span class="mono" data-testid="backup-bucket">{s.bucket.clone()}</span></h3>
                    <PlanForm bucket=s.bucket.clone() plan=s.plan.clone() every=every keep=keep/>
                    <SnapshotList bucket=s.bucket snapshots=s.snapshots/>
                }.into_any(),
            }}
        </div>
    }
}

/// The plan: its form, what it does, and "take a snapshot now".
#[component]
fn PlanForm(
    bucket: String,
    plan: Option<PlanView>,
    every: RwSignal<i64>,
    keep: RwSignal<usize>,
) -> impl IntoView {
    let lab = use_lab();
    let name = StoredValue::new(bucket);
    let bucket = move || name.get_value();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (b, e, k) = (bucket(), every.get_untracked(), keep.get_untracked());
        lab.act(requests::put_backup_plan(&b, e, k), |_| {
            format!("Backup plan of {b}: a snapshot every {} on the virtual clock, keeping the last {k}.", duration_words(e * HOUR))
        });
    };
    let remove = move || {
        let b = bucket();
        lab.act(requests::delete_backup_plan(&b), |_| {
            format!("Removed the backup plan of {b} and its snapshots.")
        });
    };
    let snapshot_now = move |_| {
        let b = bucket();
        lab.act(requests::take_snapshot(&b), |r| {
            let id = serde_json::from_slice::<serde_json::Value>(&r.body)
                .ok()
                .and_then(|v| v.get("id").and_then(serde_json::Value::as_u64))
                .unwrap_or(0);
            format!("Took snapshot #{id} of {b}.")
        });
    };
    let has_plan = plan.is_some();
    view! {
        <form class="toolkit-form backup-form" on:submit=save data-testid="backup-form">
            <div class="field-row">
                {number_field("backup-every", "Snapshot every (hours)", 8760, every)}
                {number_field("backup-keep", "Keep the last (snapshots)", 100, keep)}
                <button type="submit" class="primary" data-testid="backup-save">
                    {if has_plan { "Update plan" } else { "Set plan" }}
                </button>
                <ConfirmButton testid="backup-remove" label="Remove plan" describedby="backup-remove-effect"
                    disabled=Signal::stored(!has_plan)
                    loss=Signal::stored(format!("The schedule of {} stops and every one of its snapshots is dropped for good.", bucket()))
                    confirm="Remove plan and snapshots" on_confirm=Callback::new(move |_| remove())/>
            </div>
            <p class="hint" id="backup-remove-effect">"Removing the plan stops the schedule and drops its snapshots."</p>
        </form>
        <p class="backup-plan" data-testid="backup-plan">
            {match &plan {
                Some(p) => {
                    let next = p.next_due;
                    view! {
                        <span class="badge tone-ok">"◷ scheduled"</span>
                        {format!(" Every {}, keeping {}. ", duration_words(p.every_hours * HOUR), p.keep)}
                        <span data-testid="backup-next">{move || format!("Next snapshot at {} (in {}).", short_time(next), duration_words((next - lab.now.get()).max(0)))}</span>
                    }.into_any()
                }
                None => view! { <span class="badge tone-muted">"○ no plan"</span>" No snapshots are taken." }.into_any(),
            }}
        </p>
        <div class="inline">
            <button type="button" data-testid="backup-snapshot-now" disabled=!has_plan on:click=snapshot_now>"Take a snapshot now"</button>
            <span class="hint">{if has_plan { "Outside the schedule; the plan's retention applies." } else { "Set a plan first: it says how many snapshots to keep." }}</span>
        </div>
    }
}

/// The snapshots kept, newest first, each with its objects and restore buttons.
#[component]
fn SnapshotList(bucket: String, snapshots: Vec<SnapshotView>) -> impl IntoView {
    let lab = use_lab();
    let name = StoredValue::new(bucket);
    let bucket = move || name.get_value();
    let restore = move |(id, key): (u64, Option<String>)| {
        let b = bucket();
        lab.act(requests::restore_snapshot(&b, id, key.as_deref()), |r| match &key {
            Some(k) => format!("Restored {k} from snapshot #{id}: its captured version was written back on top."),
            None => {
                let (restored, unchanged) = restore_counts(&r.body);
                format!("Restored {b} from snapshot #{id}: {} written back, {} already equal; keys created since were left alone.", keys_words(restored), keys_words(unchanged))
            }
        });
    };

    let snaps = snapshots;
    view! {
        <h3 class="toolkit-subtitle">"Snapshots (newest first)"</h3>
        {if snaps.is_empty() {
            view! { <p class="empty" data-testid="snapshots-empty">"No snapshots yet."</p> }.into_any()
        } else {
            view! {
                <ol class="snapshots" data-testid="snapshots">
                    {snaps.into_iter().map(|s| {
                        let id = s.id;
                        let count = s.objects.len();
                        view! {
                            <li class="snapshot" data-testid="snapshot" data-id=id.to_string() data-keys=count.to_string()>
                                <div class="snapshot-head">
                                    <strong>{format!("Snapshot #{id}")}</strong>
                                    <span class="mono" data-testid="snapshot-time">{short_time(s.taken)}</span>
                                    <span class="muted">{format!("{} · {}", keys_words(count), human_size(s.bytes()))}</span>
                                    <button type="button" data-testid="snapshot-restore-bucket"
                                        on:click=move |_| restore((id, None))
                                        title="Write back every key whose current version differs">"Restore bucket"</button>
                                </div>
                                <details>
                                    <summary>{format!("Objects in snapshot #{id}")}</summary>
                                    <ul class="snapshot-objects">
                                        {s.objects.into_iter().map(|(key, version, size)| {
                                            let k = key.clone();
                                            view! {
                                                <li data-testid="snapshot-object" data-key=key.clone()>
                                                    <span class="mono">{key.clone()}</span>
                                                    {version.map(|v| view! { <span class="mono muted" title=v.clone()>{short_id(&v)}</span> })}
                                                    <span class="muted">{human_size(size)}</span>
                                                    <button type="button" class="small" data-testid="snapshot-restore-object"
                                                        aria-label=format!("Restore {key} from snapshot {id}")
                                                        on:click=move |_| restore((id, Some(k.clone())))>"Restore"</button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </details>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
