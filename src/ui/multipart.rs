//! The rest of a multipart upload by hand, after "Start a multipart upload" in the upload
//! form: UploadPart with typed content, CompleteMultipartUpload with the parts sent so far,
//! and AbortMultipartUpload (which asks first). Each button sends the real request.

use leptos::prelude::*;

use super::requests::{object_path, Req};
use super::state::use_lab;
use super::widgets::{keep_focus, number_field, version_text, ConfirmButton};
use crate::wire::xml;

/// An upload started from the page: where it goes and the UploadId OSS answered.
#[derive(Clone, Debug, PartialEq)]
pub struct Started {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
}

impl Started {
    /// Reads the InitiateMultipartUpload answer (`None` when it is not one).
    pub fn from_response(bucket: &str, key: &str, body: &[u8]) -> Option<Started> {
        let r: xml::InitiateMultipartUploadResult = xml::parse_request(body).ok()?;
        Some(Started {
            bucket: bucket.to_string(),
            key: key.to_string(),
            upload_id: r.upload_id,
        })
    }

    fn req(&self, method: &str) -> Req {
        Req::new(method, object_path(&self.bucket, &self.key))
            .query("uploadId", self.upload_id.clone())
    }
}

/// UploadPart: `PUT /key?partNumber=N&uploadId=…` with the part's bytes.
pub fn upload_part(s: &Started, part_number: u32, body: Vec<u8>) -> Req {
    s.req("PUT")
        .query("partNumber", part_number.to_string())
        .body(body)
}

/// CompleteMultipartUpload: `POST /key?uploadId=…` listing `(part number, ETag)` in order.
pub fn complete_multipart(s: &Started, parts: &[(u32, String)]) -> Req {
    let doc = xml::CompleteMultipartUpload {
        parts: parts
            .iter()
            .map(|(n, etag)| xml::CompletePart {
                part_number: i64::from(*n),
                etag: etag.clone(),
            })
            .collect(),
    };
    s.req("POST")
        .header("content-type", "application/xml")
        .body(xml::to_xml_doc(&doc))
}

/// AbortMultipartUpload: `DELETE /key?uploadId=…`.
pub fn abort_multipart(s: &Started) -> Req {
    s.req("DELETE")
}

#[component]
pub fn MultipartParts(started: RwSignal<Option<Started>>) -> impl IntoView {
    let lab = use_lab();
    let part = RwSignal::new(1u32);
    let text = RwSignal::new("part one ".to_string());
    // Parts OSS accepted, by number (a part sent again replaces the earlier one, as in OSS).
    let parts = RwSignal::new(Vec::<(u32, String)>::new());
    Effect::new(move |_| {
        started.track();
        parts.set(Vec::new());
        part.set(1);
    });
    let send_part = move |_| {
        let Some(s) = started.get_untracked() else {
            return;
        };
        let n = part.get_untracked();
        let resp = lab.act(
            upload_part(&s, n, text.get_untracked().into_bytes()),
            |_| {
                format!(
                    "Part {n} of {} uploaded (UploadPart); its ETag is kept for Complete.",
                    s.key
                )
            },
        );
        if let (200, Some(etag)) = (resp.status, resp.header("etag")) {
            let etag = etag.to_string();
            parts.update(|p| {
                p.retain(|(m, _)| *m != n);
                p.push((n, etag));
                p.sort_by_key(|(m, _)| *m);
            });
            part.set(n + 1);
        }
    };
    let complete = move |_| {
        let Some(s) = started.get_untracked() else {
            return;
        };
        let resp = lab.act(complete_multipart(&s, &parts.get_untracked()), |r| {
            format!(
                "Completed the multipart upload: {}{} now holds the parts in order.",
                s.key,
                version_text(r)
            )
        });
        if resp.status == 200 {
            started.set(None);
            keep_focus(&["[data-testid=upload-initiate-multipart]"]);
        }
    };
    let abort = Callback::new(move |()| {
        let Some(s) = started.get_untracked() else {
            return;
        };
        let resp = lab.act(abort_multipart(&s), |_| {
            format!(
                "Aborted the multipart upload of {}: its parts are gone.",
                s.key
            )
        });
        if resp.status == 204 {
            started.set(None);
            keep_focus(&["[data-testid=upload-initiate-multipart]"]);
        }
    });
    let loss = Signal::derive(move || {
        let n = parts.with(Vec::len);
        format!("AbortMultipartUpload deletes the {n} part(s) uploaded so far for good; the object is not created.")
    });
    view! {
        {move || started.get().map(|s| view! {
            <fieldset class="multipart" data-testid="multipart">
                <legend>"Multipart upload of " <code>{s.key.clone()}</code></legend>
                <p class="hint mono" data-testid="multipart-upload-id">"UploadId " {s.upload_id.clone()}</p>
                {number_field("multipart-part-number", "Part number", 10_000, part)}
                <label for="multipart-text">"Part content"</label>
                <textarea id="multipart-text" data-testid="multipart-text" rows="2"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="hint" data-testid="multipart-parts" aria-live="polite">{move || match parts.with(Vec::len) {
                    0 => "No parts uploaded yet.".to_string(),
                    _ => format!("Parts uploaded: {}", parts.with(|p| p.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>().join(", "))),
                }}</p>
                <div class="inline">
                    <button type="button" data-testid="multipart-upload-part" on:click=send_part>
                        {move || format!("Upload part {}", part.get())}</button>
                    <button type="button" class="primary" data-testid="multipart-complete" on:click=complete>"Complete"</button>
                    <ConfirmButton testid="multipart-abort" label="Abort" loss=loss confirm="Abort the upload" on_confirm=abort/>
                </div>
            </fieldset>
        })}
    }
}
