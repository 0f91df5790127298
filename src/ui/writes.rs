//! The other ways OSS creates a version, in the objects panel: a browser form upload
//! (PostObject) that shows the form fields it posts, AppendObject, and PutSymlink. Each sends
//! the request an SDK or a browser would, so it shows in the request log with its raw HTTP.

use leptos::prelude::*;

use super::requests::{bucket_path, object_path, Req};
use super::state::{use_lab, LabCtx};
use super::upload::parse_meta;
use super::widgets::object_name_problem;
use crate::engine::ObjectType;

/// The boundary of the lab's form uploads (any token absent from the content works).
const BOUNDARY: &str = "----osslabLabForm";

/// AppendObject at `position`.
pub fn append_object(bucket: &str, key: &str, position: u64, body: Vec<u8>) -> Req {
    Req::new("POST", object_path(bucket, key))
        .query("append", "")
        .query("position", position.to_string())
        .header("content-type", "application/octet-stream")
        .body(body)
}

/// PutSymlink `key` → `target` (percent-encoded, as the SDKs send it).
pub fn put_symlink(bucket: &str, key: &str, target: &str) -> Req {
    Req::new("PUT", object_path(bucket, key))
        .query("symlink", "")
        .header("x-oss-symlink-target", super::requests::encode_key(target))
}

/// GetSymlink, of the current version or the one named.
pub fn get_symlink(bucket: &str, key: &str, version: Option<&str>) -> Req {
    Req::new("GET", object_path(bucket, key))
        .query("symlink", "")
        .version(version)
}

/// The fields of a form upload, in the order a browser posts them; the file goes last.
pub fn post_fields(
    key: &str,
    content_type: &str,
    meta: &[(String, String)],
    status: &str,
) -> Vec<(String, String)> {
    let mut f = vec![("key".to_string(), key.to_string())];
    if !content_type.is_empty() {
        f.push(("Content-Type".into(), content_type.to_string()));
    }
    for (k, v) in meta {
        f.push((format!("x-oss-meta-{k}"), v.clone()));
    }
    f.push(("success_action_status".into(), status.to_string()));
    f
}

/// PostObject: `fields`, then `file` named `filename`, as multipart/form-data.
pub fn post_object(bucket: &str, fields: &[(String, String)], filename: &str, file: &[u8]) -> Req {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    Req::new("POST", bucket_path(bucket))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
}

/// The next append position of `key`: its length when its current version is Appendable.
fn next_position(lab: LabCtx, bucket: &str, key: &str) -> u64 {
    lab.read_untracked(|l| {
        l.engine
            .bucket(bucket)
            .ok()
            .and_then(|b| b.stack(key))
            .and_then(|s| s.current())
            .and_then(|e| e.object())
            .filter(|o| o.object_type == ObjectType::Appendable)
            .map_or(0, |o| o.body.len() as u64)
    })
}

#[component]
pub fn WriteForms(bucket: String) -> impl IntoView {
    view! {
        <FormUpload bucket=bucket.clone()/>
        <AppendForm bucket=bucket.clone()/>
        <SymlinkForm bucket/>
    }
}

#[component]
fn FormUpload(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let key = RwSignal::new("uploads/${filename}".to_string());
    let filename = RwSignal::new("hello.txt".to_string());
    let text = RwSignal::new("posted by a browser form".to_string());
    let content_type = RwSignal::new("text/plain".to_string());
    let meta = RwSignal::new(String::new());
    let status = RwSignal::new("201".to_string());
    let fields = move || {
        post_fields(
            &key.get(),
            &content_type.get(),
            &parse_meta(&meta.get()),
            &status.get(),
        )
    };
    let shown = move || {
        let mut s: String = fields()
            .iter()
            .map(|(k, v)| format!("{k}: {v}\n"))
            .collect();
        s.push_str(&format!(
            "file: {} ({} bytes; always the last field)",
            filename.get(),
            text.get().len()
        ));
        s
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = filename.get_untracked();
        let req = post_object(&bucket, &fields(), &name, text.get_untracked().as_bytes());
        let posted = key.get_untracked().replace("${filename}", &name);
        let resp = lab.act(req, |r| {
            format!("Form upload stored {posted} (HTTP {}).", r.status)
        });
        if resp.status < 300 {
            sel.key.set(Some(posted));
            sel.version.set(None);
        }
    };
    view! {
        <details class="upload" data-testid="form-upload">
            <summary>"Browser form upload (PostObject)"</summary>
            <form on:submit=submit class="upload-form">
                <label for="form-key">"key field (" <code>"${filename}"</code> " is the file's name)"</label>
                <input id="form-key" data-testid="form-key" type="text" spellcheck="false"
                    prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
                <div class="row-fields">
                    <label>"File name "
                        <input data-testid="form-filename" type="text" prop:value=move || filename.get()
                            on:input=move |ev| filename.set(event_target_value(&ev))/>
                    </label>
                    <label>"Content-Type "
                        <input data-testid="form-content-type" type="text" prop:value=move || content_type.get()
                            on:input=move |ev| content_type.set(event_target_value(&ev))/>
                    </label>
                    <label>"success_action_status "
                        <select data-testid="form-status" on:change=move |ev| status.set(event_target_value(&ev))>
                            <option value="201" selected>"201 (XML body)"</option>
                            <option value="200">"200"</option>
                            <option value="204">"204"</option>
                        </select>
                    </label>
                </div>
                <label for="form-text">"File content"</label>
                <textarea id="form-text" data-testid="form-text" rows="2" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <label for="form-meta">"User metadata (one " <code>"name: value"</code> " per line, posted as x-oss-meta-* fields)"</label>
                <textarea id="form-meta" data-testid="form-meta" rows="2" prop:value=move || meta.get()
                    on:input=move |ev| meta.set(event_target_value(&ev))></textarea>
                <p class="muted">"The form fields this upload posts (multipart/form-data):"</p>
                <pre class="mono" data-testid="form-fields">{shown}</pre>
                <button type="submit" class="primary" data-testid="form-submit">"Post the form"</button>
            </form>
        </details>
    }
}

#[component]
fn AppendForm(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let key = RwSignal::new("logs/app.log".to_string());
    let text = RwSignal::new("a line\n".to_string());
    // Empty: the key's next append position (its length, or 0 for a new object).
    let position = RwSignal::new(String::new());
    let b = bucket.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = key.get_untracked();
        if let Some(why) = object_name_problem(&name) {
            lab.say_error(why);
            return;
        }
        let pos = match position.get_untracked().trim() {
            "" => next_position(lab, &b, &name),
            p => match p.parse() {
                Ok(n) => n,
                Err(_) => {
                    lab.notice.set(Some(super::state::Notice {
                        ok: false,
                        text: "The position is a number of bytes.".into(),
                    }));
                    return;
                }
            },
        };
        let req = append_object(&b, &name, pos, text.get_untracked().into_bytes());
        let resp = lab.act(req, |r| {
            format!(
                "Appended at {pos}; next append position {}.",
                r.header("x-oss-next-append-position").unwrap_or("?")
            )
        });
        if resp.status == 200 {
            sel.key.set(Some(name));
            sel.version.set(None);
            position.set(String::new());
        }
    };
    view! {
        <details class="upload" data-testid="append">
            <summary>"Append to an object (AppendObject)"</summary>
            <form on:submit=submit class="upload-form">
                <label for="append-key">"Object name"</label>
                <input id="append-key" data-testid="append-key" type="text" spellcheck="false"
                    prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
                <label for="append-text">"Bytes to append"</label>
                <textarea id="append-text" data-testid="append-text" rows="2" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <label>"position (empty: the object's current length) "
                    <input data-testid="append-position" type="text" inputmode="numeric" placeholder="auto"
                        prop:value=move || position.get() on:input=move |ev| position.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="primary" data-testid="append-submit">"Append"</button>
            </form>
        </details>
    }
}

#[component]
fn SymlinkForm(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let sel = lab.sel;
    let key = RwSignal::new("latest".to_string());
    let target = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (name, to) = (key.get_untracked(), target.get_untracked());
        if let Some(why) = object_name_problem(&name) {
            lab.say_error(why);
            return;
        }
        let resp = lab.act(put_symlink(&bucket, &name, &to), |_| {
            format!("Symlink {name} → {to} created.")
        });
        if resp.status == 200 {
            sel.key.set(Some(name));
            sel.version.set(None);
        }
    };
    view! {
        <details class="upload" data-testid="symlink">
            <summary>"Create a symlink (PutSymlink)"</summary>
            <form on:submit=submit class="upload-form">
                <div class="row-fields">
                    <label>"Symlink name "
                        <input data-testid="symlink-key" type="text" prop:value=move || key.get()
                            on:input=move |ev| key.set(event_target_value(&ev))/>
                    </label>
                    <label>"Target key "
                        <input data-testid="symlink-target" type="text" prop:value=move || target.get()
                            on:input=move |ev| target.set(event_target_value(&ev))/>
                    </label>
                </div>
                <button type="submit" class="primary" data-testid="symlink-submit">"Create symlink"</button>
            </form>
        </details>
    }
}
