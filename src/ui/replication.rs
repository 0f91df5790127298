//! Data replication between two lab buckets (OSS CRR/SRR, seed 000 and docs/fidelity.md §Replication):
//! add a rule (PutBucketReplication), see its status and progress, the replicas waiting for
//! the virtual clock, and delete it (DeleteBucketReplication). Replicas land one replication
//! delay (a virtual minute) after each change; the version stack marks them.

use leptos::prelude::*;

use super::buckets::bucket_states;
use super::clock::{duration_words, short_time};
use super::requests;
use super::state::{use_lab, LabCtx};
use super::widgets::{short_id, table_head, TableScroll};
use crate::engine::replication::{ReplicationAction, TaskKind};
use crate::engine::{Millis, Versioning};

/// What each policy does, in one line (docs/fidelity.md §Replication).
pub fn policy_effect(action: ReplicationAction) -> &'static str {
    match action {
        ReplicationAction::Put => "Uploads, overwrites and delete markers reach the destination; deleting a version by its id stays in the source, so the destination keeps its copy.",
        ReplicationAction::All => "Deletes reach the destination too: deleting a version by its id removes it there as well, and in unversioned buckets a delete is gone from both for good.",
    }
}

/// The console's name of a policy.
pub fn policy_name(action: ReplicationAction) -> &'static str {
    match action {
        ReplicationAction::Put => "Additions and changes (PUT)",
        ReplicationAction::All => "Additions, deletions and changes (ALL)",
    }
}

#[derive(Clone, Debug, PartialEq)]
struct RuleRow {
    source: String,
    id: String,
    dest: String,
    action: ReplicationAction,
    prefixes: Vec<String>,
    historical: bool,
    /// `starting` or `doing`.
    status: &'static str,
    /// Share of the historical replicas applied.
    historical_done: Option<f64>,
    /// Every change before this instant has been replicated.
    new_object: Millis,
    pending: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TaskRow {
    id: u64,
    source: String,
    dest: String,
    key: String,
    version: String,
    delete: bool,
    historical: bool,
    due: Millis,
}

/// Replicas shown at most (a historical rule on a big bucket queues thousands).
const TASKS_SHOWN: usize = 30;

fn rule_rows(lab: LabCtx) -> Memo<Vec<RuleRow>> {
    Memo::new(move |_| {
        lab.now.track();
        lab.read(|l| {
            let e = &l.engine;
            let sources: Vec<String> = e.replication_state().rules.keys().cloned().collect();
            sources
                .into_iter()
                .flat_map(|s| {
                    let progress = e.replication_progress(&s, None).unwrap_or_default();
                    progress.into_iter().map(move |p| (s.clone(), p))
                })
                .map(|(source, p)| RuleRow {
                    pending: e
                        .replication_queue()
                        .iter()
                        .filter(|t| t.source == source && t.rule_id == p.rule.id)
                        .count(),
                    source,
                    id: p.rule.id,
                    dest: p.rule.dest_bucket,
                    action: p.rule.action,
                    prefixes: p.rule.prefixes,
                    historical: p.rule.historical,
                    status: p.status,
                    historical_done: p.historical,
                    new_object: p.new_object,
                })
                .collect()
        })
    })
}

fn task_rows(lab: LabCtx) -> Memo<(Vec<TaskRow>, usize)> {
    Memo::new(move |_| {
        lab.read(|l| {
            let q = l.engine.replication_queue();
            let rows = q
                .iter()
                .take(TASKS_SHOWN)
                .map(|t| {
                    let (version, delete) = match t.kind {
                        TaskKind::Replicate { version } => (version, false),
                        TaskKind::Delete { version } => (version, true),
                    };
                    TaskRow {
                        id: t.id,
                        source: t.source.clone(),
                        dest: t.dest.clone(),
                        key: t.key.clone(),
                        version: version.render(),
                        delete,
                        historical: t.historical,
                        due: t.due,
                    }
                })
                .collect();
            (rows, q.len())
        })
    })
}

/// `a, b` or `a\nb` → prefixes (empty ones dropped).
pub fn parse_prefixes(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

#[component]
pub fn ReplicationPanel() -> impl IntoView {
    let lab = use_lab();
    let buckets = bucket_states(lab);
    view! {
        <div class="replication" data-testid="replication">
            <p class="toolkit-intro">
                "Replication copies every change of a source bucket to a destination bucket, asynchronously: in the lab a replica lands one virtual minute after the change (press ▶ Play or jump the clock). Both buckets must be versioned, or both unversioned."
            </p>
            <Show when=move || { buckets.get().len() >= 2 }
                fallback=|| view! { <p class="empty" data-testid="replication-need-buckets">"Create two buckets (both versioned, or both unversioned) to replicate one into the other."</p> }>
                <RuleForm buckets=buckets/>
            </Show>
            <RulesTable/>
            <WaitingReplicas/>
        </div>
    }
}

/// The form that adds a rule (PutBucketReplication).
#[component]
fn RuleForm(buckets: Memo<Vec<(String, Versioning)>>) -> impl IntoView {
    let lab = use_lab();
    let source = RwSignal::new(String::new());
    let dest = RwSignal::new(String::new());
    let action = RwSignal::new(ReplicationAction::All);
    let prefixes = RwSignal::new(String::new());
    let historical = RwSignal::new(true);
    // The open bucket is the natural source; keep both picks valid as buckets come and go.
    Effect::new(move |_| {
        let list = buckets.get();
        let open = lab.sel.bucket.get();
        let known = |n: &str| list.iter().any(|(b, _)| b == n);
        let src = source.get_untracked();
        if let Some(o) = open.filter(|o| known(o)) {
            if src.is_empty() || !known(&src) || src == dest.get_untracked() {
                source.set(o);
            }
        } else if !known(&src) {
            source.set(list.first().map(|b| b.0.clone()).unwrap_or_default());
        }
        let (s, d) = (source.get_untracked(), dest.get_untracked());
        if d.is_empty() || d == s || !known(&d) {
            dest.set(
                list.iter()
                    .map(|b| b.0.clone())
                    .find(|b| *b != s)
                    .unwrap_or_default(),
            );
        }
    });

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (s, d, a) = (
            source.get_untracked(),
            dest.get_untracked(),
            action.get_untracked(),
        );
        let p = parse_prefixes(&prefixes.get_untracked());
        let h = historical.get_untracked();
        lab.act(requests::put_replication(&s, &d, a.as_str(), &p, h), |r| {
            format!(
                "Added replication rule {} from {s} to {d} ({}). Replicas land a virtual minute after each change{}.",
                r.header("x-oss-replication-rule-id").unwrap_or("?"),
                policy_name(a),
                if h { ", starting with what the source already holds" } else { "" }
            )
        });
    };
    let bucket_options = move |exclude: Option<String>, picked: RwSignal<String>| {
        buckets
            .get()
            .into_iter()
            .filter(|(b, _)| exclude.as_deref() != Some(b.as_str()))
            .map(|(b, v)| {
                let b2 = b.clone();
                let label = format!(
                    "{b} ({})",
                    match v {
                        Versioning::Unversioned => "unversioned",
                        _ => "versioned",
                    }
                );
                view! { <option value=b selected=move || picked.get() == b2>{label}</option> }
            })
            .collect_view()
    };

    view! {
    <form class="toolkit-form replication-form" on:submit=add data-testid="replication-form">
                <div class="field-row">
                    <div class="field">
                        <label for="replication-source">"Source bucket"</label>
                        <select id="replication-source" data-testid="replication-source"
                            on:change=move |ev| {
                                let s = event_target_value(&ev);
                                // The destination list leaves the source out: move off it.
                                if dest.get_untracked() == s {
                                    let other = buckets.get_untracked().into_iter().map(|b| b.0).find(|b| *b != s);
                                    dest.set(other.unwrap_or_default());
                                }
                                source.set(s);
                            }>
                            {move || bucket_options(None, source)}
                        </select>
                    </div>
                    <span class="arrow" aria-hidden="true">"→"</span>
                    <div class="field">
                        <label for="replication-dest">"Destination bucket"</label>
                        <select id="replication-dest" data-testid="replication-dest"
                            on:change=move |ev| dest.set(event_target_value(&ev))>
                            {move || bucket_options(Some(source.get()), dest)}
                        </select>
                    </div>
                </div>
                <fieldset class="choice">
                    <legend>"What to replicate"</legend>
                    {[ReplicationAction::Put, ReplicationAction::All].into_iter().map(|a| view! {
                        <label>
                            <input type="radio" name="replication-action" value=a.as_str()
                                data-testid=format!("replication-action-{}", a.as_str().to_ascii_lowercase())
                                checked=move || action.get() == a on:change=move |_| action.set(a)/>
                            " "<strong>{policy_name(a)}</strong>
                            <span class="hint-inline">{format!(": {}", policy_effect(a))}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="replication-prefixes">"Only keys starting with (optional, comma-separated, up to 10)"</label>
                    <input id="replication-prefixes" data-testid="replication-prefixes" type="text"
                        spellcheck="false" autocomplete="off" placeholder="e.g. photos/, docs/"
                        prop:value=move || prefixes.get()
                        on:input=move |ev| prefixes.set(event_target_value(&ev))/>
                </div>
                <label class="check">
                    <input type="checkbox" data-testid="replication-historical"
                        prop:checked=move || historical.get()
                        on:change=move |ev| historical.set(event_target_checked(&ev))/>
                    " Historical replication: also copy what the source already holds (every version and delete marker)"
                </label>
                <div>
                    <button type="submit" class="primary" data-testid="replication-add">"Add rule (PutBucketReplication)"</button>
                </div>
            </form>
        }
}

/// The rules in force, with their progress and buttons.
#[component]
fn RulesTable() -> impl IntoView {
    let lab = use_lab();
    let rules = rule_rows(lab);
    let remove = move |(s, id): (String, String)| {
        lab.act(requests::delete_replication(&s, &id), |_| {
            format!("Deleted replication rule {id} of {s}; its waiting replicas are dropped.")
        });
    };
    let progress = move |(s, id): (String, String)| {
        lab.act(requests::get_replication_progress(&s, &id), |_| {
            "GetBucketReplicationProgress answered: read the Progress element in the request log."
                .into()
        });
    };
    view! {
        <h3 class="toolkit-subtitle">"Rules"</h3>
        <Show when=move || !rules.get().is_empty()
            fallback=|| view! { <p class="empty" data-testid="replication-rules-empty">"No replication rules."</p> }>
            <TableScroll label="Replication rules">
            <table class="toolkit-table" data-testid="replication-rules">
                <caption class="sr-only">"Replication rules"</caption>
                {table_head(&["Source → destination", "Policy", "Prefixes", "Status", "Progress"])}
                <tbody>
                    <For each=move || rules.get() key=|r| format!("{r:?}") let:r>
                        {
                            let ids = (r.source.clone(), r.id.clone());
                            let ids2 = ids.clone();
                            let doing = r.status == "doing";
                            view! {
                                <tr data-testid="replication-rule" data-rule=r.id.clone()
                                    data-source=r.source.clone() data-dest=r.dest.clone()
                                    data-action=r.action.as_str() data-status=r.status>
                                    <td>
                                        <span class="mono">{r.source.clone()}</span>" → "<span class="mono">{r.dest.clone()}</span>
                                        <div class="muted small mono" title="Rule ID">{r.id.clone()}</div>
                                    </td>
                                    <td><span class=if r.action == ReplicationAction::All { "badge tone-delete" } else { "badge tone-keep" }>{r.action.as_str()}</span>
                                        <div class="muted small">{if r.action == ReplicationAction::All { "deletes too" } else { "no deletes by id" }}</div></td>
                                    <td class="mono">{if r.prefixes.is_empty() { "(every key)".to_string() } else { r.prefixes.join(", ") }}</td>
                                    <td>
                                        <span class=if doing { "badge tone-ok" } else { "badge tone-muted" } data-testid="rule-status">
                                            {if doing { "● doing" } else { "◔ starting" }}
                                        </span>
                                    </td>
                                    <td class="rule-progress">
                                        {r.historical_done.map(|h| view! {
                                            <div class="inline">
                                                <progress max="100" value=format!("{:.0}", h * 100.0) aria-label="Historical replication"></progress>
                                                <span class="small">{format!("historical {:.0}%", h * 100.0)}</span>
                                            </div>
                                        })}
                                        {(!r.historical).then(|| view! { <div class="small muted">"historical off"</div> })}
                                        <div class="small">{format!("changes up to {} replicated", short_time(r.new_object))}</div>
                                        <div class="small" data-testid="rule-pending">{match r.pending { 0 => "nothing waiting".to_string(), 1 => "1 replica waiting".to_string(), n => format!("{n} replicas waiting") }}</div>
                                    </td>
                                    <td class="row-actions">
                                        <button type="button" data-testid="replication-progress" on:click=move |_| progress(ids.clone())
                                            title="GetBucketReplicationProgress">"Progress"</button>
                                        <button type="button" class="danger" data-testid="replication-delete" on:click=move |_| remove(ids2.clone())
                                            title="DeleteBucketReplication">"Delete rule"</button>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            </TableScroll>
        </Show>

    }
}

/// Replicas waiting for the virtual clock.
#[component]
fn WaitingReplicas() -> impl IntoView {
    let lab = use_lab();
    let tasks = task_rows(lab);
    view! {
        <h3 class="toolkit-subtitle">"Waiting replicas"</h3>
        <Show when=move || { tasks.get().1 > 0 }
            fallback=|| view! { <p class="empty" data-testid="replication-queue-empty">"No replica is waiting: the destinations are up to date."</p> }>
            <ol class="replica-queue" data-testid="replication-queue">
                <For each=move || tasks.get().0 key=|t| t.clone() let:t>
                    {
                        let wait = move || (t.due - lab.now.get()).max(0);
                        view! {
                            <li data-testid="replica-task" data-key=t.key.clone() data-kind=if t.delete { "delete" } else { "replicate" }>
                                <span class=if t.delete { "badge tone-delete" } else { "badge tone-replica" }>
                                    {if t.delete { "✖ delete version" } else { "⇄ copy" }}
                                </span>
                                " "<span class="mono">{t.key.clone()}</span>
                                " "<span class="mono muted" title=t.version.clone()>{short_id(&t.version)}</span>
                                " "<span class="muted">{format!("{} → {}", t.source, t.dest)}</span>
                                {t.historical.then(|| view! { <span class="muted">" (historical)"</span> })}
                                " "<span class="due">{move || format!("lands at {} (in {})", short_time(t.due), duration_words(wait()))}</span>
                            </li>
                        }
                    }
                </For>
            </ol>
            {move || {
                let (shown, all) = (tasks.get().0.len(), tasks.get().1);
                (all > shown).then(|| view! { <p class="hint">{format!("…and {} more.", all - shown)}</p> })
            }}
        </Show>
    }
}
