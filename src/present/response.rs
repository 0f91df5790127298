//! Responses in words: the reason phrase, the fields of an OSS error, and the part of a
//! response that proves what a lesson step claims (the GET's content, the listing's
//! `<Version>` / `<DeleteMarker>` entries), read with [`crate::wire::xml`]'s readers.

use base64::Engine as _;

use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::xml::{
    from_xml, ErrorResponse, ListBucketResult, ListVersionsResult, VersionEntry,
};

/// `Code`, `Message` and `EC` of an OSS error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorFields {
    pub code: String,
    pub message: String,
    pub ec: String,
}

/// The error an error response carries: from the XML body, or for HEAD (no body) from the
/// base64 `x-oss-err` header OSS sends instead. A bare HEAD 404 has neither. osslab's own JSON
/// endpoints answer `{"error", "message", "ec"}`.
pub fn error_fields(resp: &WireResponse) -> Option<ErrorFields> {
    if resp.status < 300 {
        return None;
    }
    if resp.body.first() == Some(&b'{') {
        let v: serde_json::Value = serde_json::from_slice(&resp.body).ok()?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        return Some(ErrorFields {
            code: field("error"),
            message: field("message"),
            ec: field("ec"),
        });
    }
    let body = if resp.body.is_empty() {
        resp.header("x-oss-err")
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .unwrap_or_default()
    } else {
        resp.body.to_vec()
    };
    let doc: ErrorResponse = from_xml(&body).ok()?;
    if doc.code.is_empty() {
        return None;
    }
    let ec = doc
        .ec
        .or_else(|| resp.header("x-oss-ec").map(str::to_string))
        .unwrap_or_default();
    Some(ErrorFields {
        code: doc.code,
        message: doc.message,
        ec,
    })
}

/// Reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        412 => "Precondition Failed",
        416 => "Range Not Satisfiable",
        501 => "Not Implemented",
        _ => "",
    }
}

/// Headers the lessons talk about, shown when present.
const TELLING_HEADERS: [&str; 5] = [
    "x-oss-version-id",
    "x-oss-delete-marker",
    "x-oss-restore",
    "x-oss-storage-class",
    "x-oss-ec",
];

/// Entries of a listing shown at most; the rest are counted.
const MAX_ENTRIES: usize = 12;
/// Characters of an object's content shown at most.
const MAX_CONTENT: usize = 200;

/// The status line, the telling headers, and the part of the body that proves the step's
/// point: an error's Code and Message, a read object's content, a listing's entries.
pub fn evidence(req: &WireRequest, resp: &WireResponse) -> String {
    let mut out = format!("{} {}", resp.status, reason(resp.status));
    let error = error_fields(resp);
    if let Some(e) = &error {
        out.push_str(&format!(" · {}", e.code));
    }
    for h in TELLING_HEADERS {
        if let Some(v) = resp.header(h) {
            out.push_str(&format!("\n{h}: {v}"));
        }
    }
    if let Some(e) = error {
        if !e.message.is_empty() {
            out.push_str(&format!("\nMessage: {}", e.message));
        }
        return out;
    }
    let body = body_evidence(req, resp);
    if !body.is_empty() {
        out.push_str("\n\n");
        out.push_str(&body);
    }
    out
}

fn body_evidence(req: &WireRequest, resp: &WireResponse) -> String {
    if resp.status >= 300 || resp.body.is_empty() || req.method != "GET" {
        return String::new();
    }
    if req.query_param("versions").is_some() {
        return from_xml::<ListVersionsResult>(&resp.body).map_or_else(|_| String::new(), versions);
    }
    let path = req.path.trim_start_matches('/');
    let bucket_level = !path.trim_end_matches('/').contains('/');
    if bucket_level && req.query.iter().all(|(k, _)| is_listing_param(k)) {
        return from_xml::<ListBucketResult>(&resp.body).map_or_else(|_| String::new(), objects);
    }
    if bucket_level
        || resp
            .header("content-type")
            .is_some_and(|t| t.contains("json"))
    {
        return String::new();
    }
    // An object's content (GetObject).
    match std::str::from_utf8(&resp.body) {
        Ok(text) if text.chars().count() > MAX_CONTENT => {
            let cut: String = text.chars().take(MAX_CONTENT).collect();
            format!("Content: {cut}… ({} bytes)", resp.body.len())
        }
        Ok(text) => format!("Content: {text}"),
        Err(_) => format!("Content: {} bytes (binary)", resp.body.len()),
    }
}

fn is_listing_param(k: &str) -> bool {
    matches!(
        k,
        "prefix"
            | "max-keys"
            | "encoding-type"
            | "delimiter"
            | "marker"
            | "list-type"
            | "continuation-token"
            | "start-after"
            | "fetch-owner"
    )
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn versions(doc: ListVersionsResult) -> String {
    let mut out = format!(
        "{} entries, IsTruncated {}",
        doc.entries.len(),
        doc.is_truncated
    );
    for e in doc.entries.iter().take(MAX_ENTRIES) {
        let (tag, key, id, latest) = match e {
            VersionEntry::Version(v) => ("<Version>", &v.key, &v.version_id, v.is_latest),
            VersionEntry::DeleteMarker(m) => ("<DeleteMarker>", &m.key, &m.version_id, m.is_latest),
        };
        let latest = if latest { "  latest" } else { "" };
        out.push_str(&format!(
            "\n{tag:<15}{}  {}{latest}",
            decode(key),
            crate::present::short_id(id)
        ));
    }
    if doc.entries.len() > MAX_ENTRIES {
        out.push_str(&format!("\n… and {} more", doc.entries.len() - MAX_ENTRIES));
    }
    if let (Some(k), Some(v)) = (&doc.next_key_marker, &doc.next_version_id_marker) {
        out.push_str(&format!(
            "\nNextKeyMarker {}  NextVersionIdMarker {v}",
            decode(k)
        ));
    }
    out
}

fn objects(doc: ListBucketResult) -> String {
    if doc.contents.is_empty() {
        return "No <Contents>: no current objects.".to_string();
    }
    let mut out = format!(
        "{} objects, IsTruncated {}",
        doc.contents.len(),
        doc.is_truncated
    );
    for o in doc.contents.iter().take(MAX_ENTRIES) {
        out.push_str(&format!(
            "\n<Contents>     {}  {} B",
            decode(&o.key),
            o.size
        ));
    }
    if doc.contents.len() > MAX_ENTRIES {
        out.push_str(&format!(
            "\n… and {} more",
            doc.contents.len() - MAX_ENTRIES
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::wire::Wire;

    fn exchange(
        e: &mut Engine,
        method: &str,
        path: &str,
        query: &[&str],
        body: &str,
    ) -> (WireRequest, WireResponse) {
        let req = crate::wire::request::build(
            method,
            path,
            query
                .iter()
                .map(|q| (q.to_string(), String::new()))
                .collect(),
            vec![("host".into(), "127.0.0.1".into())],
            body.as_bytes().to_vec(),
        );
        let resp = Wire::default().handle(e, &req);
        (req, resp)
    }

    #[test]
    fn evidence_shows_content_entries_and_errors() {
        let mut e = Engine::new(1_767_261_600_000);
        let enable = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
        exchange(&mut e, "PUT", "/bkt", &[], "");
        exchange(&mut e, "PUT", "/bkt", &["versioning"], enable);
        exchange(&mut e, "PUT", "/bkt/photo.jpg", &[], "a photo");
        let (q, r) = exchange(&mut e, "GET", "/bkt/photo.jpg", &[], "");
        let shown = evidence(&q, &r);
        assert!(shown.starts_with("200 OK\nx-oss-version-id: "), "{shown}");
        assert!(shown.ends_with("\n\nContent: a photo"), "{shown}");
        exchange(&mut e, "DELETE", "/bkt/photo.jpg", &[], "");
        let (q, r) = exchange(&mut e, "GET", "/bkt", &["versions"], "");
        let shown = evidence(&q, &r);
        assert!(shown.contains("2 entries, IsTruncated false"), "{shown}");
        assert!(shown.contains("\n<DeleteMarker> photo.jpg  "), "{shown}");
        assert!(
            shown.contains("  latest\n<Version>      photo.jpg  "),
            "{shown}"
        );
        let (q, r) = exchange(&mut e, "GET", "/bkt", &[], "");
        assert!(evidence(&q, &r).ends_with("No <Contents>: no current objects."));
        let (q, r) = exchange(&mut e, "GET", "/bkt/photo.jpg", &[], "");
        let shown = evidence(&q, &r);
        assert!(shown.starts_with("404 Not Found · NoSuchKey\n"), "{shown}");
        assert!(shown.contains("x-oss-delete-marker: true"));
        assert!(
            shown.contains("\nMessage: The specified key does not exist."),
            "{shown}"
        );
        // HEAD has no body: the error comes from x-oss-err.
        let (_, r) = exchange(&mut e, "HEAD", "/bkt/photo.jpg", &[], "");
        assert_eq!(
            error_fields(&r).map(|f| f.code).as_deref(),
            Some("NoSuchKey")
        );
        assert_eq!(
            error_fields(&exchange(&mut e, "GET", "/bkt", &[], "").1),
            None
        );
    }
}
