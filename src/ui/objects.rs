//! The objects of the open bucket: the current view (what ListObjects shows) and the
//! "show versions" view (ListObjectVersions), folders from the `/` delimiter, search by
//! prefix, 100 rows per page with markers, checkboxes for batch delete.

use leptos::prelude::*;

use super::clock::short_time;
use super::requests;
use super::state::{use_lab, LabCtx};
use super::upload::UploadForm;
use super::widgets::{
    class_badge, human_size, restore_words, short_id, versioning_label, ConfirmButton,
};
use crate::engine::archive::RestoreStatus;
use crate::engine::listing::{ListParams, VersionItem};
use crate::engine::{Millis, StorageClass, VersionId, Versioning};

/// Rows a page shows unless the learner picks [`PAGE_SIZES`]' other size.
pub const PAGE_SIZE: usize = 100;
/// The page sizes offered (OSS's max-keys allows up to 1000).
pub const PAGE_SIZES: [usize; 2] = [100, 1000];

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    Folder(String),
    Entry(EntryRow),
}

#[derive(Clone, Debug, PartialEq)]
pub struct EntryRow {
    pub key: String,
    /// Set in the versions view.
    pub version: Option<String>,
    pub latest: bool,
    pub marker: bool,
    pub class: Option<StorageClass>,
    pub size: u64,
    pub modified: Millis,
    pub restore: RestoreStatus,
}

/// Where a page starts: (key marker, version-id marker).
type Marker = (String, String);

/// What a listing shows: (bucket, prefix, versions view, page size). A change starts again at
/// page 1.
type ListContext = (String, String, bool, usize);

#[derive(Clone, Debug, PartialEq, Default)]
struct Page {
    rows: Vec<Row>,
    next: Option<Marker>,
}

fn list_page(
    lab: &super::lab::BrowserLab,
    bucket: &str,
    prefix: &str,
    versions: bool,
    marker: &Marker,
    max_keys: usize,
) -> Page {
    let p = ListParams {
        prefix: prefix.to_string(),
        delimiter: "/".into(),
        max_keys,
    };
    let mut page = Page::default();
    if versions {
        let vid = VersionId::parse(&marker.1)
            .ok()
            .filter(|_| !marker.1.is_empty());
        let Ok(list) = lab.engine.list_object_versions(bucket, &p, &marker.0, vid) else {
            return page;
        };
        page.rows
            .extend(list.common_prefixes.into_iter().map(Row::Folder));
        for item in list.items {
            page.rows.push(Row::Entry(match item {
                VersionItem::Version {
                    summary,
                    version_id,
                    is_latest,
                } => EntryRow {
                    key: summary.key,
                    version: Some(version_id),
                    latest: is_latest,
                    marker: false,
                    class: Some(summary.storage_class),
                    size: summary.size,
                    modified: summary.last_modified,
                    restore: summary.restore,
                },
                VersionItem::DeleteMarker {
                    key,
                    version_id,
                    is_latest,
                    last_modified,
                } => EntryRow {
                    key,
                    version: Some(version_id),
                    latest: is_latest,
                    marker: true,
                    class: None,
                    size: 0,
                    modified: last_modified,
                    restore: RestoreStatus::NotArchived,
                },
            }));
        }
        page.next = list
            .truncated
            .then_some((list.next_key_marker, list.next_version_id_marker));
    } else {
        let Ok(list) = lab.engine.list_objects(bucket, &p, &marker.0) else {
            return page;
        };
        page.rows
            .extend(list.common_prefixes.into_iter().map(Row::Folder));
        page.rows.extend(list.objects.into_iter().map(|s| {
            Row::Entry(EntryRow {
                key: s.key,
                version: None,
                latest: true,
                marker: false,
                class: Some(s.storage_class),
                size: s.size,
                modified: s.last_modified,
                restore: s.restore,
            })
        }));
        page.next = list
            .truncated
            .then(|| (list.next_marker.unwrap_or_default(), String::new()));
    }
    // Keep folders first as the console does; the engine interleaves them by name.
    page.rows.sort_by_key(|r| !matches!(r, Row::Folder(_)));
    page
}

/// Explanation of each versioning state, one line.
pub fn versioning_explained(v: Versioning) -> &'static str {
    match v {
        Versioning::Unversioned => "Unversioned: an upload replaces the object and a delete removes it for good.",
        Versioning::Enabled => "Enabled: every upload adds a new version and a delete only adds a delete marker; nothing is lost.",
        Versioning::Suspended => "Suspended: uploads and deletes replace the key's single null version; older versions stay.",
    }
}

#[component]
fn VersioningControl(bucket: String, state: Versioning) -> impl IntoView {
    let lab = use_lab();
    let (target, label, effect) = match state {
        Versioning::Enabled => (
            "Suspended",
            "Suspend versioning",
            "New writes will replace the null version instead of adding versions.",
        ),
        _ => (
            "Enabled",
            "Enable versioning",
            "Every later write keeps the older versions; deletes add markers.",
        ),
    };
    let b = bucket.clone();
    let change = move |_| {
        lab.act(requests::put_versioning(&b, target), |_| {
            format!("Versioning of {b} is now {target}.")
        });
    };
    view! {
        <div class="versioning" data-testid="versioning">
            <span class="versioning-state">
                "Versioning: "
                <strong data-testid="versioning-state" class=format!("badge versioning-{}", versioning_label(state).to_ascii_lowercase())>
                    {versioning_label(state)}
                </strong>
            </span>
            <button type="button" data-testid="versioning-toggle" on:click=change
                aria-describedby="versioning-effect">{label}</button>
            <p class="hint" id="versioning-now">{versioning_explained(state)}</p>
            <p class="hint" id="versioning-effect">{format!("{label}: {effect}")}</p>
        </div>
    }
}

/// Breadcrumb of the folder being browsed.
#[component]
fn Breadcrumb() -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let crumbs = move || {
        let folder = sel.folder.get();
        let mut out = vec![(String::new(), sel.bucket.get().unwrap_or_default())];
        let mut acc = String::new();
        for part in folder.split_terminator('/') {
            acc.push_str(part);
            acc.push('/');
            out.push((acc.clone(), format!("{part}/")));
        }
        out
    };
    view! {
        <nav class="breadcrumb" aria-label="Folder" data-testid="breadcrumb">
            {move || crumbs().into_iter().map(|(prefix, label)| {
                let p = prefix.clone();
                view! {
                    <button type="button" class="crumb" on:click=move |_| { sel.folder.set(p.clone()); sel.checked.set(Default::default()); }>
                        {label}
                    </button>
                    <span class="crumb-sep" aria-hidden="true">"›"</span>
                }
            }).collect_view()}
        </nav>
    }
}

#[component]
pub fn ObjectsPanel() -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    // The panel is drawn again only when another bucket is opened; a versioning change
    // redraws just the parts that show it, so the upload form keeps what was typed (and no
    // input is rebuilt inside its closed <details>: with `erase_components`, a rebuild
    // removes and re-adds attributes, and Chromium then never lays out a checkbox or radio
    // whose `type` was removed while it was hidden).
    let bucket_state = Memo::new(move |_| {
        let name = sel.bucket.get()?;
        lab.read(|l| {
            l.engine
                .bucket(&name)
                .ok()
                .map(|b| (b.name.clone(), b.versioning))
        })
    });
    let bucket_name = Memo::new(move |_| bucket_state.get().map(|(name, _)| name));
    let versioning = move || bucket_state.get().map(|(_, v)| v);
    // (context, start markers of the pages before the current one); a change of bucket,
    // folder, search or view starts again at page 1.
    let page_size = RwSignal::new(PAGE_SIZE);
    let context = move || {
        (
            sel.bucket.get().unwrap_or_default(),
            format!("{}{}", sel.folder.get(), sel.search.get()),
            sel.show_versions.get(),
            page_size.get(),
        )
    };
    let pager: RwSignal<(Option<ListContext>, Vec<Marker>)> = RwSignal::new((None, Vec::new()));
    let context_untracked = move || untrack(context);
    let markers = move || {
        let ctx = context();
        let (pctx, m) = pager.get();
        if pctx.as_ref() == Some(&ctx) {
            m
        } else {
            Vec::new()
        }
    };
    let markers_untracked = move || untrack(markers);
    let page = Memo::new(move |_| {
        let (bucket, prefix, versions, size) = context();
        if bucket.is_empty() {
            return Page::default();
        }
        let start = markers().last().cloned().unwrap_or_default();
        lab.now.track();
        lab.read(|l| list_page(l, &bucket, &prefix, versions, &start, size))
    });
    // The toolbar and pager send the listing they stand for (the table is drawn from the
    // same engine state the response describes).
    let send_listing = move |start: Marker| {
        let (bucket, prefix, versions, size) = context_untracked();
        if bucket.is_empty() {
            return;
        }
        let req = requests::panel_listing(&bucket, &prefix, versions, (&start.0, &start.1), size);
        lab.act(req, |r| {
            let truncated =
                String::from_utf8_lossy(&r.body).contains("<IsTruncated>true</IsTruncated>");
            format!(
                "{} of {bucket}{}: {}.",
                if versions {
                    "ListObjectVersions"
                } else {
                    "ListObjects"
                },
                if prefix.is_empty() {
                    String::new()
                } else {
                    format!(" under {prefix}")
                },
                if truncated {
                    "more pages follow"
                } else {
                    "the last page"
                }
            )
        });
    };
    let next_page = move |_| {
        if let Some(next) = page.get_untracked().next {
            let mut m = markers_untracked();
            m.push(next.clone());
            pager.set((Some(context_untracked()), m));
            send_listing(next);
        }
    };
    let prev_page = move |_| {
        let mut m = markers_untracked();
        m.pop();
        let start = m.last().cloned().unwrap_or_default();
        pager.set((Some(context_untracked()), m));
        send_listing(start);
    };
    let show = move |versions: bool| {
        sel.show_versions.set(versions);
        sel.checked.set(Default::default());
        send_listing(Marker::default());
    };
    view! {
        <section id="objects" class="objects panel" data-testid="objects" aria-labelledby="objects-title" tabindex="-1">
            {move || match bucket_name.get() {
                None => view! {
                    <h2 id="objects-title">"Objects"</h2>
                    <p class="empty">"Create or pick a bucket to see its objects."</p>
                }.into_any(),
                Some(name) => view! {
                    <div class="objects-head">
                        <h2 id="objects-title">"Bucket " <span class="mono" data-testid="open-bucket">{name.clone()}</span></h2>
                        <DeleteBucket bucket=name.clone()/>
                    </div>
                    {let name = name.clone();
                        move || versioning().map(|state| view! { <VersioningControl bucket=name.clone() state/> })}
                    <UploadForm bucket=name.clone()/>
                    <super::writes::WriteForms bucket=name.clone()/>
                    <super::copy::CopyForm bucket=name.clone()/>
                    <super::lifecycle::LifecyclePanel bucket=name.clone()/>
                    <ObjectsToolbar show=show page_size=page_size/>
                    <Breadcrumb/>
                    <ObjectsTable rows=Signal::derive(move || page.get().rows)/>
                    <div class="pager" data-testid="pager">
                        <button type="button" data-testid="page-prev" on:click=prev_page
                            disabled=move || markers().is_empty()>"‹ Previous page"</button>
                        <span data-testid="page-number">{move || format!("Page {}", markers().len() + 1)}</span>
                        <button type="button" data-testid="page-next" on:click=next_page
                            disabled=move || page.get().next.is_none()>"Next page ›"</button>
                    </div>
                    {move || versioning().map(|versioning| view! { <BatchDelete bucket=name.clone() versioning/> })}
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DeleteBucket(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let b = bucket.clone();
    let delete = move |_| {
        let resp = lab.act(requests::delete_bucket(&b), |_| {
            format!("Deleted bucket {b}.")
        });
        if resp.status == 204 {
            lab.sel.bucket.set(None);
            lab.sel.key.set(None);
        }
    };
    view! {
        <button type="button" class="danger" data-testid="delete-bucket" on:click=delete
            title="DeleteBucket: only works once the bucket holds no versions, markers or uploads. Its replication rules go with it; its backup snapshots stay.">
            "Delete bucket"
        </button>
    }
}

#[component]
fn ObjectsToolbar(
    show: impl Fn(bool) + Copy + 'static,
    page_size: RwSignal<usize>,
) -> impl IntoView {
    let sel = use_lab().sel;
    view! {
        <div class="objects-toolbar">
            <div class="segmented" role="group" aria-label="View">
                <button type="button" data-testid="view-current" aria-pressed=move || (!sel.show_versions.get()).to_string()
                    title="ListObjects: the current version of each key (keys whose current entry is a delete marker are left out)"
                    on:click=move |_| show(false)>"Current objects"</button>
                <button type="button" data-testid="view-versions" aria-pressed=move || sel.show_versions.get().to_string()
                    title="ListObjectVersions: every version and delete marker"
                    on:click=move |_| show(true)>"Show versions"</button>
            </div>
            <label class="page-size">
                <span>"Per page (max-keys)"</span>
                <select data-testid="page-size" prop:value=move || page_size.get().to_string()
                    on:change=move |ev| if let Ok(n) = event_target_value(&ev).parse() { page_size.set(n) }>
                    {PAGE_SIZES.map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <label class="search">
                <span>"Search by prefix"</span>
                <input type="search" data-testid="search" placeholder="name starts with…"
                    prop:value=move || sel.search.get()
                    on:input=move |ev| sel.search.set(event_target_value(&ev))/>
            </label>
        </div>
    }
}

#[component]
fn ObjectsTable(rows: Signal<Vec<Row>>) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let versions = move || sel.show_versions.get();
    view! {
        <div class="table-wrap">
            <table class="objects-table" data-testid="objects-table">
                <thead>
                    <tr>
                        <th scope="col" class="col-check"><span class="sr-only">"Select"</span></th>
                        <th scope="col">"Name"</th>
                        <Show when=versions><th scope="col">"Version"</th></Show>
                        <th scope="col">"Class"</th>
                        <th scope="col" class="num">"Size"</th>
                        <th scope="col">"Modified"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || indexed(rows.get())
                        key=|(i, r)| (*i, format!("{r:?}")) let:item>
                        {render_row(lab, item.1)}
                    </For>
                </tbody>
            </table>
            <Show when=move || rows.get().is_empty()>
                <p class="empty" data-testid="objects-empty">
                    {move || if sel.show_versions.get() { "No versions here." } else { "No current objects here. A key whose current version is a delete marker is hidden: use Show versions to see it." }}
                </p>
            </Show>
        </div>
    }
}

fn indexed(rows: Vec<Row>) -> Vec<(usize, Row)> {
    rows.into_iter().enumerate().collect()
}

fn render_row(lab: LabCtx, row: Row) -> AnyView {
    let sel = lab.sel;
    match row {
        Row::Folder(prefix) => {
            let name = prefix
                .strip_prefix(&sel.folder.get_untracked())
                .unwrap_or(&prefix)
                .to_string();
            let p = prefix.clone();
            view! {
                <tr class="row-folder" data-testid="folder-row">
                    <td></td>
                    <td colspan="5">
                        <button type="button" class="link folder" on:click=move |_| {
                            sel.folder.set(p.clone());
                            sel.search.set(String::new());
                            sel.checked.set(Default::default());
                        }>
                            <span aria-hidden="true">"▸ "</span>{name}
                        </button>
                    </td>
                </tr>
            }
            .into_any()
        }
        Row::Entry(e) => {
            let shown = e
                .key
                .strip_prefix(&sel.folder.get_untracked())
                .unwrap_or(&e.key)
                .to_string();
            let check_id = (e.key.clone(), e.version.clone());
            let check_id2 = check_id.clone();
            let open_key = e.key.clone();
            let open_version = e.version.clone();
            let key_for_sel = e.key.clone();
            let selected = move || sel.key.get().as_deref() == Some(key_for_sel.as_str());
            let label = match &e.version {
                Some(v) => format!("Select {} version {}", e.key, short_id(v)),
                None => format!("Select {}", e.key),
            };
            let restore = e.restore;
            let state = move || restore_words(&restore, lab.now.get());
            view! {
                <tr class:row-selected=selected class:row-marker=e.marker class:row-noncurrent=!e.latest
                    data-testid="object-row" data-key=e.key.clone()>
                    <td class="col-check">
                        <input type="checkbox" aria-label=label
                            prop:checked=move || sel.checked.get().contains(&check_id)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                sel.checked.update(|c| { if on { c.insert(check_id2.clone()); } else { c.remove(&check_id2); } });
                            }/>
                    </td>
                    <td>
                        <button type="button" class="link key" data-testid="open-key" on:click=move |_| {
                            sel.key.set(Some(open_key.clone()));
                            sel.version.set(open_version.clone());
                        }>
                            {shown}
                        </button>
                        {e.marker.then(|| view! { <span class="badge marker">"⊘ delete marker"</span> })}
                        {(e.version.is_some() && e.latest).then(|| view! { <span class="badge current">"latest"</span> })}
                    </td>
                    {e.version.clone().map(|v| view! { <td class="mono" title=v.clone()>{short_id(&v)}</td> })}
                    <td>{e.class.map(class_badge)}
                        {move || state().map(|s| view! { <span class="restore-words">{s}</span> })}</td>
                    <td class="num">{if e.marker { "—".to_string() } else { human_size(e.size) }}</td>
                    <td class="mono col-time" title=short_time(e.modified)>{table_time(e.modified)}</td>
                </tr>
            }
            .into_any()
        }
    }
}

/// `11-22 04:12:07`: the year is noise in a table row (the full time is in the tooltip).
fn table_time(ms: Millis) -> String {
    short_time(ms).get(5..).unwrap_or_default().to_string()
}

#[component]
fn BatchDelete(bucket: String, versioning: Versioning) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let count = move || sel.checked.get().len();
    let with_versions = move || sel.checked.get().iter().any(|(_, v)| v.is_some());
    let effect = move || {
        if with_versions() {
            "permanently deletes each selected version (DeleteMultipleObjects with VersionId)"
                .to_string()
        } else {
            match versioning {
                Versioning::Unversioned => {
                    "deletes each selected object forever (unversioned bucket)".to_string()
                }
                _ => "adds a delete marker on top of each selected key; older versions stay"
                    .to_string(),
            }
        }
    };
    let b = StoredValue::new(bucket.clone());
    let delete = move || {
        let b = b.get_value();
        let items: Vec<(String, Option<String>)> =
            sel.checked.get_untracked().into_iter().collect();
        let n = items.len();
        let resp = lab.act(requests::delete_multiple(&b, &items, false), |_| {
            format!("DeleteMultipleObjects: {n} entries handled.")
        });
        if resp.status == 200 {
            sel.checked.set(Default::default());
        }
        super::widgets::keep_focus(&["[data-testid=batch-delete]", "#objects"]);
    };
    // Irreversible when a version id is named or the bucket is unversioned: ask first.
    let final_delete = move || with_versions() || versioning == Versioning::Unversioned;
    let loss = Signal::derive(move || {
        format!(
            "{} selected {} will be gone for good: no request can bring {} back.",
            count(),
            if with_versions() {
                "version(s)"
            } else {
                "object(s)"
            },
            if count() == 1 { "it" } else { "them" }
        )
    });
    view! {
        <div class="batch" data-testid="batch">
            {move || if final_delete() {
                view! {
                    <ConfirmButton testid="batch-delete" label="Delete selected" describedby="batch-effect"
                        loss=loss confirm="Delete forever" on_confirm=Callback::new(move |_| delete())
                        disabled=Signal::derive(move || count() == 0)/>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="danger" data-testid="batch-delete" on:click=move |_| delete()
                        disabled=move || count() == 0 aria-describedby="batch-effect">
                        {move || format!("Delete {} selected", count())}
                    </button>
                }.into_any()
            }}
            <p class="hint" id="batch-effect" data-testid="batch-effect">
                {move || if count() == 0 { "Tick rows to delete them in one request (POST ?delete).".to_string() } else { format!("This {}.", effect()) }}
            </p>
        </div>
    }
}
