//! The upload form (PutObject): name, text or file content, storage class, forbid-overwrite,
//! ACL, tags and user metadata, each sent as the header OSS reads it from.

use leptos::prelude::*;

use super::requests::{self, UploadOptions};
use super::state::{use_lab, Notice};
use super::widgets::{class_options, object_name_problem, version_text};
use crate::engine::acl::ObjectAcl;
use crate::engine::{StorageClass, Versioning, DAY};

/// Why `x-oss-forbid-overwrite` changes nothing in this bucket (`None`: it is honoured).
/// OSS ignores the header once versioning is Enabled or Suspended: an overwrite keeps the
/// old content as a previous version, so nothing needs protecting (docs/fidelity.md, "The
/// browser lab's forms").
pub fn forbid_ignored_note(v: Versioning) -> &'static str {
    match v {
        Versioning::Unversioned => "",
        _ => "Ignored here: in a versioned bucket OSS does not check x-oss-forbid-overwrite (an overwrite keeps the old content as a previous version), so the write goes through and adds a version.",
    }
}

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

/// The choices sent as request headers.
#[derive(Clone, Copy)]
struct HeaderChoices {
    class: RwSignal<StorageClass>,
    forbid: RwSignal<bool>,
    meta: RwSignal<String>,
    acl: RwSignal<ObjectAcl>,
    tagging: RwSignal<String>,
}

impl HeaderChoices {
    fn new() -> Self {
        HeaderChoices {
            class: RwSignal::new(StorageClass::Standard),
            forbid: RwSignal::new(false),
            meta: RwSignal::new(String::new()),
            acl: RwSignal::new(ObjectAcl::Default),
            tagging: RwSignal::new(String::new()),
        }
    }

    fn options(&self) -> UploadOptions {
        UploadOptions {
            storage_class: Some(self.class.get_untracked()),
            forbid_overwrite: self.forbid.get_untracked(),
            meta: parse_meta(&self.meta.get_untracked()),
            content_type: None,
            acl: Some(self.acl.get_untracked()).filter(|a| *a != ObjectAcl::Default),
            tagging: Some(self.tagging.get_untracked()),
        }
    }
}

#[component]
pub fn UploadForm(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let key = RwSignal::new(String::new());
    let text = RwSignal::new("hello, versions!".to_string());
    let use_file = RwSignal::new(false);
    let headers = HeaderChoices::new();
    let started = RwSignal::new(None::<super::multipart::Started>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    // A new folder or a newly opened key pre-fills the name.
    Effect::new(move |_| {
        let k = sel.key.get().unwrap_or_else(|| sel.folder.get());
        key.set(k);
    });

    let b = bucket.clone();
    let versioning = Memo::new(move |_| {
        lab.read(|l| l.engine.bucket(&b).map(|x| x.versioning).ok())
            .unwrap_or_default()
    });
    let repeat = Repeat::new();
    // A repeated upload in progress: (sent, of how many).
    let sending: RwSignal<Option<(u32, u32)>> = RwSignal::new(None);
    // One PutObject, or the repetitions the form asks for (`{i}` in a text counts them).
    let send = move |bucket: String, name: String, body: Vec<u8>, text: bool| {
        let opts = headers.options();
        let (times, daily) = (untrack(|| repeat.times()), repeat.daily.get_untracked());
        if times == 1 && !daily {
            let resp = lab.act(requests::put_object(&bucket, &name, body, &opts), |r| {
                format!("Uploaded {name}{}.", version_text(r))
            });
            if resp.status == 200 {
                sel.key.set(Some(name));
                sel.version.set(None);
            }
            return;
        }
        if sending.get_untracked().is_some() {
            return; // one repeated upload at a time
        }
        let template = text.then(|| String::from_utf8_lossy(&body).into_owned());
        sending.set(Some((0, times)));
        // In batches, one per frame: the page draws the progress and stays responsive.
        leptos::task::spawn_local(async move {
            for i in 0..times {
                let body = match &template {
                    Some(t) => t.replace("{i}", &i.to_string()).into_bytes(),
                    None => body.clone(),
                };
                let resp = lab.act(requests::put_object(&bucket, &name, body, &opts), |_| {
                    String::new()
                });
                if resp.status != 200 {
                    // The error stays in the status line; say where the run stopped.
                    lab.notice.update(|n| {
                        if let Some(n) = n {
                            n.text = format!("{} (stopped at upload {} of {times})", n.text, i + 1);
                        }
                    });
                    sending.set(None);
                    return;
                }
                if daily {
                    lab.update(|l| l.advance(DAY));
                }
                if (i + 1) % REPEAT_BATCH == 0 && i + 1 < times {
                    sending.set(Some((i + 1, times)));
                    gloo_timers::future::TimeoutFuture::new(0).await;
                }
            }
            sending.set(None);
            let (count, days) = if times == 1 {
                ("once".to_string(), "1 day".to_string())
            } else {
                (format!("{times} times"), format!("{times} days"))
            };
            let apart = if daily {
                format!(", a virtual day apart: the clock moved {days}")
            } else {
                String::new()
            };
            lab.notice.set(Some(Notice {
                ok: true,
                text: format!("Uploaded {name} {count}{apart}."),
            }));
            sel.key.set(Some(name));
            sel.version.set(None);
        });
    };
    let b = bucket.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = key.get_untracked();
        let bucket = b.clone();
        if !use_file.get_untracked() {
            if let Some(why) = object_name_problem(&name) {
                lab.say_error(why);
                return;
            }
            send(bucket, name, text.get_untracked().into_bytes(), true);
            return;
        }
        let file = file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let Some(file) = file else {
            lab.say_error("Choose a file first.");
            return;
        };
        let name = if name.is_empty() || name.ends_with('/') {
            format!("{name}{}", file.name())
        } else {
            name
        };
        if let Some(why) = object_name_problem(&name) {
            lab.say_error(why);
            return;
        }
        leptos::task::spawn_local(async move {
            let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            if let Ok(buf) = buf {
                send(bucket, name, js_sys::Uint8Array::new(&buf).to_vec(), false);
            }
        });
    };
    let b = bucket.clone();
    let initiate = move |_| {
        let name = key.get_untracked();
        if let Some(why) = object_name_problem(&name) {
            lab.say_error(why);
            return;
        }
        let resp = lab.act(requests::initiate_multipart(&b, &name, &headers.options()), |_| {
            format!("Started a multipart upload for {name}: upload its parts and complete it below.")
        });
        if resp.status == 200 {
            started.set(super::multipart::Started::from_response(
                &b,
                &name,
                resp.body.as_slice(),
            ));
        }
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
                <HeaderFields h=headers versioning=versioning/>
                <RepeatFields r=repeat/>
                <div class="inline">
                    <button type="submit" class="primary" data-testid="upload-submit">"Upload"</button>
                    <button type="button" data-testid="upload-initiate-multipart" on:click=initiate
                        title="InitiateMultipartUpload with these headers (the parts are sent from the form that appears)">"Start a multipart upload"</button>
                </div>
            </form>
            {move || sending.get().map(|(done, total)| view! {
                <p class="hint" data-testid="upload-progress" role="status">
                    <progress max=total.to_string() value=done.to_string() aria-label="Uploads sent"></progress>
                    {format!(" {done} of {total} uploads sent")}
                </p>
            })}
            <super::multipart::MultipartParts started=started/>
        </details>
    }
}

/// Uploads a "Repeat" sends between two frames.
const REPEAT_BATCH: u32 = 50;

/// Most uploads a "Repeat" sends (lesson 5 needs 900).
const MAX_REPEAT: u32 = 1000;

/// "Repeat N times", optionally a virtual day apart: what a script uploading in a loop, or a
/// daily job, would send (as ossutil's `repeat N [--daily]` in the console does).
#[derive(Clone, Copy)]
struct Repeat {
    /// As typed (a field being edited may be empty for a moment).
    text: RwSignal<String>,
    daily: RwSignal<bool>,
}

impl Repeat {
    fn new() -> Self {
        Repeat {
            text: RwSignal::new("1".into()),
            daily: RwSignal::new(false),
        }
    }

    /// How many uploads the form sends: what was typed, within 1 ..= [`MAX_REPEAT`].
    fn times(&self) -> u32 {
        self.text
            .with(|t| t.trim().parse::<u32>().unwrap_or(1))
            .clamp(1, MAX_REPEAT)
    }
}

#[component]
fn RepeatFields(r: Repeat) -> impl IntoView {
    let Repeat { text, daily } = r;
    let times = move || r.times();
    view! {
        <div class="row-fields">
            <label>"Repeat "
                <input type="number" min="1" max=MAX_REPEAT.to_string() class="narrow" data-testid="upload-repeat"
                    aria-describedby="upload-repeat-hint" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))/>
                " times"
            </label>
            <label class="check">
                <input type="checkbox" data-testid="upload-daily" prop:checked=move || daily.get()
                    aria-describedby="upload-repeat-hint"
                    on:change=move |ev| daily.set(event_target_checked(&ev))/>
                " a virtual day apart"
            </label>
        </div>
        <p class="hint" id="upload-repeat-hint" data-testid="upload-repeat-hint">{move || {
            let n = times();
            let each = if n == 1 { "One PutObject".to_string() } else { format!("{n} PutObjects, one after the other") };
            let count = if n == 1 { "" } else { "; {i} in the text counts them 0, 1, 2 …" };
            let days = if daily.get() { "; the clock moves one virtual day after each (a daily job)" } else { "" };
            format!("{each}{count}{days}.")
        }}</p>
    }
}

/// Storage class, forbid-overwrite, ACL, tags and user metadata.
#[component]
fn HeaderFields(h: HeaderChoices, versioning: Memo<Versioning>) -> impl IntoView {
    let HeaderChoices {
        class,
        forbid,
        meta,
        acl,
        tagging,
    } = h;
    view! {
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
    {move || (forbid.get() && versioning.get().is_versioned()).then(|| view! {
        <p class="hint note" data-testid="upload-forbid-ignored">{forbid_ignored_note(versioning.get())}</p>
    })}
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
        }
}
