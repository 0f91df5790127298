//! The version stack of one key, drawn as a stack: newest on top, the current entry
//! highlighted, delete markers as tombstones, the `null` version labelled, restores with a
//! progress bar that moves with the clock.
//!
//! The list is virtualized: rows have a fixed height, and only those in view (plus some
//! overscan) are in the DOM, so a key with 10,000 versions opens and scrolls at once.

use leptos::html;
use leptos::prelude::*;

use super::actions::VersionActions;
use super::clock::short_time;
use super::state::use_lab;
use super::widgets::{class_badge, human_size, restore_words, short_id, versioning_label};
use crate::engine::acl::ObjectAcl;
use crate::engine::archive::{self, RestoreStatus};
use crate::engine::{
    Entry, EntryKind, Millis, ObjectType, ObjectVersion, StorageClass, VersionStack, Versioning,
};

/// Height of one row in px; must equal `.stack-row` height in style/stack.css.
pub const ROW_HEIGHT: f64 = 64.0;
/// Rows rendered above and below the visible ones.
pub const OVERSCAN: usize = 6;

/// What one stack row shows.
#[derive(Clone, Debug, PartialEq)]
pub struct StackRow {
    /// Position from the top (0 = newest).
    pub position: usize,
    pub seq: u64,
    pub version_id: String,
    pub current: bool,
    pub null: bool,
    pub marker: bool,
    pub class: Option<StorageClass>,
    pub size: u64,
    pub etag: String,
    pub created: Millis,
    pub restore: RestoreStatus,
    /// Written since the stack was last drawn: animated in.
    pub fresh: bool,
    /// The version's own ACL (`None` for a delete marker) and how many tags it has.
    pub acl: Option<ObjectAcl>,
    pub tags: usize,
    /// A replica: the source bucket of a replication rule into this bucket holds the same
    /// entry (same write, same version id). `None` also when the source no longer has it.
    pub replica_of: Option<String>,
    /// `Appendable` and `Symlink` versions are drawn as such; `None` for other types.
    pub special: Option<SpecialType>,
}

/// What an Appendable or Symlink row shows besides size and ETag.
#[derive(Clone, Debug, PartialEq)]
pub enum SpecialType {
    /// `next` is the next append position; `open` is false once a write covered the version.
    Appendable {
        next: u64,
        open: bool,
    },
    Symlink {
        target: String,
    },
}

impl SpecialType {
    fn of(o: &ObjectVersion) -> Option<Self> {
        match o.object_type {
            ObjectType::Appendable => Some(SpecialType::Appendable {
                next: o.body.len() as u64,
                open: o.can_append(),
            }),
            ObjectType::Symlink => Some(SpecialType::Symlink {
                target: o.symlink_target().unwrap_or("").to_string(),
            }),
            _ => None,
        }
    }
}

impl StackRow {
    pub fn from_entry(position: usize, e: &Entry, current: bool, now: Millis) -> Self {
        let (class, size, etag, restore) = match &e.kind {
            EntryKind::Object(o) => {
                let text = o.etag.text();
                (
                    Some(o.storage_class),
                    o.body.len() as u64,
                    text.chars().take(8).collect(),
                    archive::status(o, now),
                )
            }
            EntryKind::DeleteMarker => (None, 0, String::new(), RestoreStatus::NotArchived),
        };
        let special = e.object().and_then(SpecialType::of);
        StackRow {
            position,
            seq: e.seq,
            version_id: e.version_id().render(),
            current,
            null: e.null,
            marker: e.is_delete_marker(),
            class,
            size,
            etag,
            created: e.created,
            restore,
            fresh: false,
            replica_of: None,
            special,
            acl: e.object().map(|o| o.acl),
            tags: e.object().map_or(0, |o| o.tags.len()),
        }
    }
}

/// Mark the rows of `bucket`/`key` that are replicas: a replica keeps its source entry's
/// write sequence (and so its version id), which a direct write never shares. Buckets that
/// replicate into each other both hold each entry, so which copy is the replica cannot be
/// told: they are not marked.
pub fn mark_replicas(
    engine: &crate::engine::Engine,
    bucket: &str,
    key: &str,
    rows: &mut [StackRow],
) {
    let rules = &engine.replication_state().rules;
    let into = |from: &str, to: &str| {
        rules
            .get(from)
            .is_some_and(|rs| rs.iter().any(|r| r.dest_bucket == to))
    };
    let sources = rules
        .keys()
        .filter(|source| into(source, bucket) && !into(bucket, source));
    for source in sources {
        let Some(stack) = engine.bucket(source).ok().and_then(|b| b.stack(key)) else {
            continue;
        };
        let entries = stack.oldest_first();
        for r in rows.iter_mut().filter(|r| r.replica_of.is_none()) {
            if entries.binary_search_by_key(&r.seq, |e| e.seq).is_ok() {
                r.replica_of = Some(source.clone());
            }
        }
    }
}

/// Rows `start..end` (positions from the top) of a stack.
pub fn window(stack: &VersionStack, start: usize, end: usize, now: Millis) -> Vec<StackRow> {
    let entries = stack.oldest_first();
    let len = entries.len();
    (start..end.min(len))
        .map(|pos| StackRow::from_entry(pos, &entries[len - 1 - pos], pos == 0, now))
        .collect()
}

/// The visible range for a scroll position: (first, one past last), overscan included.
pub fn visible_range(scroll_top: f64, viewport: f64, len: usize) -> (usize, usize) {
    let first = (scroll_top / ROW_HEIGHT).floor().max(0.0) as usize;
    let shown = (viewport / ROW_HEIGHT).ceil() as usize + 1;
    let start = first.saturating_sub(OVERSCAN);
    let end = (first + shown + OVERSCAN).min(len);
    (start.min(end), end)
}

#[derive(Clone, Debug, PartialEq)]
struct StackInfo {
    bucket: String,
    key: String,
    len: usize,
    versioning: Versioning,
    current_is_marker: bool,
}

#[component]
pub fn StackPanel() -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let scroller = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(520.0_f64);
    // Newest sequence number drawn per key, to animate entries that appear.
    let seen = StoredValue::new((String::new(), 0_u64));

    let info = Memo::new(move |_| {
        let bucket = sel.bucket.get()?;
        let key = sel.key.get()?;
        lab.read(|l| {
            let b = l.engine.bucket(&bucket).ok()?;
            let stack = b.stack(&key);
            Some(StackInfo {
                len: stack.map_or(0, VersionStack::len),
                current_is_marker: stack
                    .and_then(VersionStack::current)
                    .is_some_and(Entry::is_delete_marker),
                versioning: b.versioning,
                bucket,
                key,
            })
        })
    });

    // A new key starts at the top.
    Effect::new(move |_| {
        sel.key.track();
        scroll_top.set(0.0);
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
    });

    let rows = Memo::new(move |_| {
        let Some(i) = info.get() else {
            return Vec::new();
        };
        let (start, end) = visible_range(scroll_top.get(), viewport.get(), i.len);
        let now = lab.now.get();
        let mut rows = lab.read(|l| {
            let mut rows = l
                .engine
                .bucket(&i.bucket)
                .ok()
                .and_then(|b| b.stack(&i.key))
                .map(|s| window(s, start, end, now))
                .unwrap_or_default();
            mark_replicas(&l.engine, &i.bucket, &i.key, &mut rows);
            rows
        });
        let top_seq = rows.first().filter(|r| r.position == 0).map(|r| r.seq);
        let (seen_key, seen_seq) = seen.get_value();
        if seen_key == i.key {
            for r in rows.iter_mut() {
                r.fresh = r.seq > seen_seq;
            }
        }
        if let Some(top) = top_seq {
            seen.set_value((
                i.key.clone(),
                top.max(if seen_key == i.key { seen_seq } else { 0 }),
            ));
        }
        rows
    });

    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            viewport.set(el.client_height() as f64);
        }
    };

    view! {
        <section id="stack" class="stack panel" data-testid="stack" aria-labelledby="stack-title">
            {move || match info.get() {
                None => view! {
                    <h2 id="stack-title">"Version stack"</h2>
                    <p class="empty">"Open an object to see its versions, newest on top."</p>
                    <ol class="getting-started" data-testid="getting-started">
                        <li>"Create a bucket and enable versioning."</li>
                        <li>"Upload the same name three times: three versions stack up."</li>
                        <li>"Delete it: a delete marker lands on top and GET answers 404."</li>
                        <li>"Recover it by deleting the marker, or by copying an old version on top."</li>
                        <li>"Suspend versioning and upload again to meet the null version."</li>
                    </ol>
                    <p class="hint">"Every click sends a real OSS request: read it in the request log below."</p>
                }.into_any(),
                Some(i) => view! {
                    <div class="stack-head">
                        <h2 id="stack-title">"Versions of " <span class="mono" data-testid="stack-key">{i.key.clone()}</span></h2>
                        <p class="stack-summary" data-testid="stack-summary">
                            {stack_summary(&i)}
                        </p>
                    </div>
                    <StackLegend/>
                }.into_any(),
            }}
            <div class="stack-scroller" node_ref=scroller on:scroll=on_scroll data-testid="stack-scroller"
                class:hidden=move || info.get().is_none_or(|i| i.len == 0)
                role="region" aria-label="Version stack, newest first" tabindex="0">
                <div class="stack-spacer" style:height=move || format!("{}px", info.get().map_or(0, |i| i.len) as f64 * ROW_HEIGHT)>
                    <ol class="stack-list" data-testid="stack-list"
                        style:transform=move || format!("translateY({}px)", rows.get().first().map_or(0, |r| r.position) as f64 * ROW_HEIGHT)>
                        // The key holds what changes in place (a restore, an append's growth), so
                        // such a row is drawn again.
                        <For each=move || rows.get() key=|r| (r.seq, r.position, format!("{:?}{}{}{:?}{}{:?}{:?}{}", r.restore, r.current, r.fresh, r.replica_of, r.size, r.special, r.acl, r.tags)) let:row>
                            <StackRowView row=row/>
                        </For>
                    </ol>
                </div>
            </div>
            {move || info.get().map(|i| view! {
                <super::acl_tags::VersionAclTags bucket=i.bucket.clone() key=i.key.clone()/>
                <VersionActions bucket=i.bucket key=i.key/>
            })}
        </section>
    }
}

fn stack_summary(i: &StackInfo) -> String {
    if i.len == 0 {
        return "No versions left: every version of this key was permanently deleted.".into();
    }
    let entries = if i.len == 1 {
        "1 entry".to_string()
    } else {
        format!("{} entries", i.len)
    };
    let state = if i.current_is_marker {
        "the current entry is a delete marker, so the object looks deleted (GET answers 404)"
    } else {
        "the top entry is what GET returns"
    };
    format!(
        "{entries} · bucket versioning {} · {state}.",
        versioning_label(i.versioning)
    )
}

#[component]
fn StackLegend() -> impl IntoView {
    view! {
        <ul class="stack-legend" aria-label="Legend">
            <li><span class="legend-swatch current" aria-hidden="true">"★"</span>"current (what GET returns)"</li>
            <li><span class="legend-swatch marker" aria-hidden="true">"⊘"</span>"delete marker (tombstone)"</li>
            <li><span class="legend-swatch null" aria-hidden="true">"∅"</span>"the null version"</li>
            <li><span class="legend-swatch replica" aria-hidden="true">"⇄"</span>"replica (copied by replication)"</li>
        </ul>
    }
}

/// The type badge of an Appendable version (with its next append position; appends grow
/// this one row) or a Symlink (with its target).
fn special_badge(s: SpecialType) -> impl IntoView {
    match s {
        SpecialType::Appendable { next, open } => view! {
            <span class="badge tone-append" data-testid="appendable-badge"
                data-next=next.to_string()
                title=if open {
                    "Appendable: AppendObject grows this version in place (no new version)"
                } else {
                    "Appendable, closed: a later write covered it, so it can no longer grow"
                }>
                {if open { format!("⊕ appendable · next {next}") } else { format!("⊕ appendable · closed at {next}") }}
            </span>
        }
        .into_any(),
        SpecialType::Symlink { target } => view! {
            <span class="badge tone-symlink" data-testid="symlink-badge" data-target=target.clone()
                title="Symlink: GET and HEAD read the target's current version">
                {format!("↪ symlink → {target}")}
            </span>
        }
        .into_any(),
    }
}

#[component]
fn StackRowView(row: StackRow) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let vid = row.version_id.clone();
    let vid_sel = vid.clone();
    let selected = move || sel.version.get().as_deref() == Some(vid_sel.as_str());
    let kind = if row.marker { "marker" } else { "version" };
    let title = if row.marker {
        "Delete marker"
    } else {
        "Version"
    };
    let restore = row.restore;
    let progress = move || match restore {
        RestoreStatus::InProgress { .. } => Some(restore.progress(lab.now.get())),
        _ => None,
    };
    let words = move || restore_words(&restore, lab.now.get());
    let label = format!(
        "{title} {}{}{}{}, {}",
        if row.null {
            "null".to_string()
        } else {
            short_id(&vid)
        },
        if row.current { ", current" } else { "" },
        row.class
            .map(|c| format!(", {}", c.as_str()))
            .unwrap_or_default(),
        row.replica_of
            .as_ref()
            .map(|s| format!(", replica of {s}"))
            .unwrap_or_default(),
        short_time(row.created)
    );
    view! {
        <li class="stack-item">
            <button type="button" class=format!("stack-row {kind}")
                class:current=row.current class:null-version=row.null class:fresh=row.fresh
                class:selected=selected.clone()
                data-testid="stack-row" data-kind=kind data-version=vid.clone()
                data-current=row.current.to_string() data-position=row.position.to_string()
                data-replica=row.replica_of.clone().unwrap_or_default()
                aria-pressed=move || selected().to_string() aria-label=label
                on:click=move |_| sel.version.set(Some(vid.clone()))>
                <span class="stack-icon" aria-hidden="true">{if row.marker { "⊘" } else if row.current { "★" } else { "▣" }}</span>
                <span class="stack-main">
                    <span class="stack-line1">
                        <span class="stack-kind">{title}</span>
                        <span class="mono stack-vid" title=row.version_id.clone()>
                            {if row.null { "null".to_string() } else { short_id(&row.version_id) }}
                        </span>
                        {row.null.then(|| view! { <span class="badge null">"∅ null version"</span> })}
                        {row.current.then(|| view! { <span class="badge current">"★ current"</span> })}
                        {row.replica_of.clone().map(|src| view! {
                            <span class="badge tone-replica" data-testid="replica-badge"
                                title=format!("A replica of bucket {src}: the same version, copied by replication")>
                                "⇄ replica"
                            </span>
                        })}
                    </span>
                    <span class="stack-line2">
                        {row.class.map(class_badge)}
                        {row.special.clone().map(special_badge)}
                        {if row.marker {
                            view! { <span class="muted stack-note" title="tombstone: no content; hides older versions">"tombstone: no content; hides older versions"</span> }.into_any()
                        } else {
                            view! {
                                <span>{human_size(row.size)}</span>
                                <span class="mono muted" title="ETag (first 8 characters)">{format!("{}…", row.etag)}</span>
                            }.into_any()
                        }}
                        {row.acl.filter(|a| *a != ObjectAcl::Default).map(|a| view! {
                            <span class="badge" data-testid="acl-badge" title="This version's own ACL (x-oss-object-acl)">{a.as_str()}</span>
                        })}
                        {(row.tags > 0).then(|| view! {
                            <span class="badge" data-testid="tags-badge" title="Tags on this version">{format!("{} tag{}", row.tags, if row.tags == 1 { "" } else { "s" })}</span>
                        })}
                        <span class="mono muted stack-time">{short_time(row.created)}</span>
                        {(!row.marker).then(|| super::bill::version_cost_view(lab, row.seq))}
                        {move || words().map(|w| view! { <span class="restore-words" data-testid="restore-state">{w}</span> })}
                        {move || progress().map(|p| view! {
                            <progress class="restore-progress" data-testid="restore-progress" max="100"
                                value=format!("{:.1}", p * 100.0) aria-label="Restore progress"></progress>
                        })}
                    </span>
                </span>
                <span class="stack-pos muted" aria-hidden="true">{format!("#{}", row.position + 1)}</span>
            </button>
        </li>
    }
}
