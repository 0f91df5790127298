//! What a learner can do to objects: upload, and for one version of a key download, delete
//! (saying before the click what will happen), recover, change storage class, restore and
//! clean a restored copy. Every button sends one OSS request through the wire layer.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::objects::short_id;
use super::requests::{self, UploadOptions};
use super::state::{use_lab, LabCtx};
use crate::engine::acl::ObjectAcl;
use crate::engine::archive::{self, RestoreStatus};
use crate::engine::{StorageClass, Tier, VersionId, Versioning};
use crate::wire::http::WireResponse;

/// `name: value` or `name=value` lines → `x-oss-meta-*` pairs (names lower-cased).
pub fn parse_meta(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let (k, v) = line.split_once(':').or_else(|| line.split_once('='))?;
            let k = k.trim().to_ascii_lowercase();
            (!k.is_empty()).then(|| (k, v.trim().to_string()))
        })
        .collect()
}

fn class_options(selected: Option<StorageClass>) -> impl IntoView {
    StorageClass::ALL
        .iter()
        .map(|c| {
            let name = c.as_str();
            view! { <option value=name selected=selected == Some(*c)>{name}</option> }
        })
        .collect_view()
}

fn version_text(resp: &WireResponse) -> String {
    resp.header("x-oss-version-id")
        .map(|v| {
            format!(
                " as version {}",
                if v == "null" {
                    "null".to_string()
                } else {
                    short_id(v)
                }
            )
        })
        .unwrap_or_default()
}

#[component]
pub fn UploadForm(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let key = RwSignal::new(String::new());
    let text = RwSignal::new("hello, versions!".to_string());
    let use_file = RwSignal::new(false);
    let class = RwSignal::new(StorageClass::Standard);
    let forbid = RwSignal::new(false);
    let meta = RwSignal::new(String::new());
    let acl = RwSignal::new(ObjectAcl::Default);
    let tagging = RwSignal::new(String::new());
    let file_input = NodeRef::<leptos::html::Input>::new();

    // A new folder or a newly opened key pre-fills the name.
    Effect::new(move |_| {
        let k = sel.key.get().unwrap_or_else(|| sel.folder.get());
        key.set(k);
    });

    let send = move |bucket: String, name: String, body: Vec<u8>| {
        let opts = UploadOptions {
            storage_class: Some(class.get_untracked()),
            forbid_overwrite: forbid.get_untracked(),
            meta: parse_meta(&meta.get_untracked()),
            content_type: None,
            acl: Some(acl.get_untracked()).filter(|a| *a != ObjectAcl::Default),
            tagging: Some(tagging.get_untracked()),
        };
        let resp = lab.act(requests::put_object(&bucket, &name, body, &opts), |r| {
            format!("Uploaded {name}{}.", version_text(r))
        });
        if resp.status == 200 {
            sel.key.set(Some(name));
            sel.version.set(None);
        }
    };
    let b = bucket.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = key.get_untracked();
        let bucket = b.clone();
        if !use_file.get_untracked() {
            send(bucket, name, text.get_untracked().into_bytes());
            return;
        }
        let file = file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let Some(file) = file else {
            lab.notice.set(Some(super::state::Notice {
                ok: false,
                text: "Choose a file first.".into(),
            }));
            return;
        };
        let name = if name.is_empty() || name.ends_with('/') {
            format!("{name}{}", file.name())
        } else {
            name
        };
        leptos::task::spawn_local(async move {
            let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            if let Ok(buf) = buf {
                send(bucket, name, js_sys::Uint8Array::new(&buf).to_vec());
            }
        });
    };
    view! {
        <details class="upload" data-testid="upload">
            <summary>"Upload an object (PutObject)"</summary>
            <form on:submit=submit class="upload-form">
                <label for="upload-key">"Object name"</label>
                <input id="upload-key" data-testid="upload-key" type="text" spellcheck="false"
                    placeholder="dir/example.txt" prop:value=move || key.get()
                    on:input=move |ev| key.set(event_target_value(&ev))/>
                <fieldset class="segmented-field">
                    <legend>"Content"</legend>
                    <label><input type="radio" name="upload-mode" checked=move || !use_file.get()
                        on:change=move |_| use_file.set(false)/>" Text"</label>
                    <label><input type="radio" name="upload-mode" data-testid="upload-mode-file" checked=move || use_file.get()
                        on:change=move |_| use_file.set(true)/>" File"</label>
                </fieldset>
                <Show when=move || !use_file.get()>
                    <label for="upload-text" class="sr-only">"Text content"</label>
                    <textarea id="upload-text" data-testid="upload-text" rows="3"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </Show>
                <Show when=move || use_file.get()>
                    <label for="upload-file" class="sr-only">"File"</label>
                    <input id="upload-file" data-testid="upload-file" type="file" node_ref=file_input/>
                </Show>
                <div class="row-fields">
                    <label>"Storage class "
                        <select data-testid="upload-class" on:change=move |ev| {
                            if let Some(c) = StorageClass::parse(&event_target_value(&ev)) { class.set(c); }
                        }>{class_options(Some(StorageClass::Standard))}</select>
                    </label>
                    <label class="check">
                        <input type="checkbox" data-testid="upload-forbid" prop:checked=move || forbid.get()
                            on:change=move |ev| forbid.set(event_target_checked(&ev))/>
                        " Forbid overwrite " <code>"x-oss-forbid-overwrite: true"</code>
                    </label>
                </div>
                <div class="row-fields">
                    <label>"ACL "
                        <select data-testid="upload-acl" on:change=move |ev| {
                            if let Ok(a) = ObjectAcl::parse(&event_target_value(&ev)) { acl.set(a); }
                        }>{super::acl_tags::object_acl_options(ObjectAcl::Default)}</select>
                    </label>
                    <label>"Tags "
                        <input type="text" data-testid="upload-tags" spellcheck="false" placeholder="key=value&key2=value2"
                            prop:value=move || tagging.get() on:input=move |ev| tagging.set(event_target_value(&ev))/>
                    </label>
                </div>
                <label for="upload-meta">"User metadata (one " <code>"name: value"</code> " per line, sent as x-oss-meta-*)"</label>
                <textarea id="upload-meta" data-testid="upload-meta" rows="2" prop:value=move || meta.get()
                    on:input=move |ev| meta.set(event_target_value(&ev))></textarea>
                <button type="submit" class="primary" data-testid="upload-submit">"Upload"</button>
            </form>
        </details>
    }
}

/// What the actions act on: the picked version, or the current entry.
#[derive(Clone, Debug, PartialEq)]
struct Target {
    version_id: String,
    is_current: bool,
    marker: bool,
    null: bool,
    class: Option<StorageClass>,
    restore: RestoreStatus,
    /// The entry under the current one, which a delete of the current entry exposes.
    below_current: Option<(String, bool)>,
    current_id: String,
    current_marker: bool,
    len: usize,
    versioning: Versioning,
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
        let below = stack
            .newest_first()
            .nth(1)
            .map(|e| (e.version_id().render(), e.is_delete_marker()));
        let obj = entry.object();
        Some(Target {
            version_id: entry.version_id().render(),
            is_current: entry.seq == current.seq,
            marker: entry.is_delete_marker(),
            null: entry.null,
            class: obj.map(|o| o.storage_class),
            restore: obj.map_or(RestoreStatus::NotArchived, |o| {
                archive::status(o, l.engine.now())
            }),
            below_current: below,
            current_id: current.version_id().render(),
            current_marker: current.is_delete_marker(),
            len: stack.len(),
            versioning: b.versioning,
        })
    })
}

fn id_words(id: &str) -> String {
    if id == "null" {
        "null".into()
    } else {
        short_id(id)
    }
}

/// What a DELETE without a version id will do, said before the click.
pub fn delete_effect(v: Versioning) -> &'static str {
    match v {
        Versioning::Enabled => "adds a delete marker on top: the object looks deleted, every version is kept",
        Versioning::Suspended => "adds a delete marker with version id null, replacing the key's null version if it has one",
        Versioning::Unversioned => "deletes the object forever (unversioned bucket)",
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
    let preview = RwSignal::new(None::<(String, String, String)>);
    let new_class = RwSignal::new(StorageClass::IA);
    let days = RwSignal::new(1_u32);
    let tier = RwSignal::new(Tier::Standard);
    let bk = StoredValue::new((bucket, key));

    // `Some(id)` unless the target is the current entry of a versioned bucket: SDK users
    // name a version only when they mean one.
    let vid = move || t.get_untracked().map(|t| t.version_id);
    let picked = move || {
        t.get_untracked()
            .filter(|t| !t.is_current || sel.version.get_untracked().is_some())
            .filter(|t| t.versioning.is_versioned())
            .map(|t| t.version_id)
    };

    let download = move |_| {
        let (b, k) = bk.get_value();
        let v = picked();
        let resp = lab.act(requests::get_object(&b, &k, v.as_deref()), |r| {
            format!(
                "Downloaded {k}{} ({} bytes).",
                version_text(r),
                r.body.len()
            )
        });
        if resp.status == 200 {
            let text = String::from_utf8_lossy(&resp.body)
                .chars()
                .take(2000)
                .collect::<String>();
            let url = blob_url(
                &resp.body,
                resp.header("content-type")
                    .unwrap_or("application/octet-stream"),
            );
            let file = k.rsplit('/').next().unwrap_or("download").to_string();
            preview.set(Some((text, url, file)));
        } else {
            preview.set(None);
        }
    };
    let delete_plain = move |_| {
        let (b, k) = bk.get_value();
        lab.act(requests::delete_object(&b, &k, None), |r| {
            if r.header("x-oss-delete-marker") == Some("true") {
                format!(
                    "Added delete marker {} on {k}.",
                    id_words(r.header("x-oss-version-id").unwrap_or(""))
                )
            } else {
                format!("Deleted {k}.")
            }
        });
        sel.version.set(None);
    };
    let delete_version = move |_| {
        let (b, k) = bk.get_value();
        let Some(v) = vid() else { return };
        lab.act(requests::delete_object(&b, &k, Some(&v)), |_| {
            format!("Permanently deleted version {} of {k}.", id_words(&v))
        });
        sel.version.set(None);
    };
    let delete_current = move |_| {
        let (b, k) = bk.get_value();
        let Some(t) = t.get_untracked() else { return };
        lab.act(requests::delete_object(&b, &k, Some(&t.current_id)), |_| {
            format!(
                "Removed the current entry {}; the one below is current again.",
                id_words(&t.current_id)
            )
        });
        sel.version.set(None);
    };
    let copy_up = move |_| {
        let (b, k) = bk.get_value();
        let Some(v) = vid() else { return };
        lab.act(requests::copy_object(&b, &k, &k, Some(&v), None), |r| {
            format!("Copied version {} on top{}.", id_words(&v), version_text(r))
        });
        sel.version.set(None);
    };
    let change_class = move |_| {
        let (b, k) = bk.get_value();
        let c = new_class.get_untracked();
        let v = picked();
        lab.act(
            requests::copy_object(&b, &k, &k, v.as_deref(), Some(c)),
            |r| {
                format!(
                    "Copied {k} onto itself as {}{}.",
                    c.as_str(),
                    version_text(r)
                )
            },
        );
        sel.version.set(None);
    };
    let restore = move |_| {
        let (b, k) = bk.get_value();
        let cold = t
            .get_untracked()
            .and_then(|t| t.class)
            .is_some_and(|c| c.is_cold());
        let v = picked();
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
    };
    let clean = move |_| {
        let (b, k) = bk.get_value();
        let v = picked();
        lab.act(
            requests::clean_restored_object(&b, &k, v.as_deref()),
            |_| "The restored copy was cleaned: the object is frozen again.".to_string(),
        );
    };

    view! {
        <div class="actions" data-testid="actions">
            {move || t.get().map(|t| {
                let target_words = format!(
                    "{} {}{}",
                    if t.marker { "Delete marker" } else { "Version" },
                    id_words(&t.version_id),
                    if t.is_current { " (current)" } else { " (noncurrent)" }
                );
                let below = t.below_current.clone();
                let delete_version_effect = if t.versioning == Versioning::Unversioned {
                    "deletes the object forever (unversioned bucket)".to_string()
                } else {
                    let mut s = format!("permanently deletes {} {}", if t.marker { "delete marker" } else { "version" }, id_words(&t.version_id));
                    if t.is_current {
                        match &below {
                            Some((id, m)) => s.push_str(&format!("; {} {} becomes current", if *m { "delete marker" } else { "version" }, id_words(id))),
                            None => s.push_str("; no version is left, the key disappears"),
                        }
                    }
                    s
                };
                let recover_copy_ok = !t.is_current && !t.marker;
                let recover_delete_ok = t.len > 1 && t.versioning.is_versioned();
                let archived = t.class.is_some_and(|c| c.needs_restore());
                let cold = t.class.is_some_and(|c| c.is_cold());
                let restored = matches!(t.restore, RestoreStatus::Restored { .. });
                view! {
                    <h3 class="actions-title">"Acting on: " <span data-testid="action-target">{target_words}</span>
                        {sel.version.get().is_some().then(|| view! {
                            <button type="button" class="link small" on:click=move |_| sel.version.set(None)>"(use current)"</button>
                        })}
                    </h3>
                    <div class="action-grid">
                        <div class="action">
                            <button type="button" data-testid="action-download" on:click=download disabled=t.marker>"⬇ Download"</button>
                            <p class="hint">{if t.marker { "A delete marker has no content.".to_string() } else { format!("GET{}", if t.is_current { String::new() } else { " with ?versionId".into() }) }}</p>
                        </div>
                        <div class="action">
                            <button type="button" class="danger" data-testid="action-delete" on:click=delete_plain
                                aria-describedby="effect-delete">"⌫ Delete"</button>
                            <p class="hint" id="effect-delete" data-testid="effect-delete">{format!("No version id: {}.", delete_effect(t.versioning))}</p>
                        </div>
                        <Show when=move || t.versioning.is_versioned()>
                            <div class="action">
                                <button type="button" class="danger" data-testid="action-delete-version" on:click=delete_version
                                    aria-describedby="effect-delete-version">"✖ Delete this version"</button>
                                <p class="hint" id="effect-delete-version" data-testid="effect-delete-version">{format!("With ?versionId: {delete_version_effect}.")}</p>
                            </div>
                        </Show>
                        <div class="action">
                            <button type="button" data-testid="action-recover-copy" on:click=copy_up disabled=!recover_copy_ok>"⤴ Recover: copy on top"</button>
                            <p class="hint">{if recover_copy_ok {
                                format!("CopyObject of version {} onto the key: it becomes the new current version.", id_words(&t.version_id))
                            } else {
                                "Pick an older version (not a delete marker) in the stack to copy it on top.".to_string()
                            }}</p>
                        </div>
                        <Show when=move || recover_delete_ok>
                            <div class="action">
                                <button type="button" data-testid="action-recover-delete" on:click=delete_current>"⤵ Recover: delete the current entry"</button>
                                <p class="hint" data-testid="effect-recover-delete">{format!(
                                    "Permanently deletes the current {} {}, so the entry below shows again.",
                                    if t.current_marker { "delete marker" } else { "version" },
                                    id_words(&t.current_id)
                                )}</p>
                            </div>
                        </Show>
                        <Show when=move || !t.marker>
                            <div class="action">
                                <div class="inline">
                                    <label class="sr-only" for="new-class">"New storage class"</label>
                                    <select id="new-class" data-testid="new-class" on:change=move |ev| {
                                        if let Some(c) = StorageClass::parse(&event_target_value(&ev)) { new_class.set(c); }
                                    }>{class_options(Some(new_class.get_untracked()))}</select>
                                    <button type="button" data-testid="action-change-class" on:click=change_class>"Change class"</button>
                                </div>
                                <p class="hint">"CopyObject onto itself with x-oss-storage-class: adds a version in that class."</p>
                            </div>
                        </Show>
                        <Show when=move || archived>
                            <div class="action restore-box">
                                <div class="inline">
                                    <label>"Days " <input type="number" min="1" max="365" data-testid="restore-days" class="narrow"
                                        prop:value=move || days.get().to_string()
                                        on:input=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(1))/></label>
                                    <Show when=move || cold>
                                        <label>"Tier "
                                            <select data-testid="restore-tier" on:change=move |ev| {
                                                if let Ok(x) = Tier::parse(&event_target_value(&ev)) { tier.set(x); }
                                            }>
                                                <option value="Expedited">"Expedited"</option>
                                                <option value="Standard" selected=true>"Standard"</option>
                                                <option value="Bulk">"Bulk"</option>
                                            </select>
                                        </label>
                                    </Show>
                                    <button type="button" data-testid="action-restore" on:click=restore>"☀ Restore"</button>
                                </div>
                                <p class="hint">{if cold { "POST ?restore: Expedited ≈ 1 h, Standard ≈ 5 h, Bulk ≈ 12 h on the virtual clock." } else { "POST ?restore: an Archive restore takes about a minute on the virtual clock." }}</p>
                                <button type="button" data-testid="action-clean" on:click=clean disabled=!restored>"❄ Clean restored copy"</button>
                                <p class="hint">"POST ?cleanRestoredObject: drops the restored copy early; the object is frozen again."</p>
                            </div>
                        </Show>
                    </div>
                }
            })}
            {move || preview.get().map(|(text, url, file)| view! {
                <div class="preview" data-testid="preview">
                    <div class="preview-head">
                        <strong>"Content"</strong>
                        <a href=url download=file data-testid="save-link">"Save file"</a>
                        <button type="button" class="link small" on:click=move |_| preview.set(None)>"close"</button>
                    </div>
                    <pre data-testid="preview-text">{text}</pre>
                </div>
            })}
        </div>
    }
}

/// A `blob:` URL for downloaded bytes (the content is never put into the page as HTML).
fn blob_url(bytes: &[u8], content_type: &str) -> String {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let _ = content_type;
    web_sys::Blob::new_with_u8_array_sequence(&parts)
        .ok()
        .and_then(|b| web_sys::Url::create_object_url_with_blob(b.unchecked_ref()).ok())
        .unwrap_or_default()
}
