//! ossutil 1.x's output, printed from OSS responses read with [`crate::wire::xml`]'s readers.

use percent_encoding::percent_decode_str;

use crate::present::response::error_fields;
use crate::present::short_time;
use crate::wire::format::{parse_http_date, parse_iso8601};
use crate::wire::http::WireResponse;
use crate::wire::xml::{
    from_xml, read_document, ListAllMyBucketsResult, ListBucketResult, ListVersionsResult,
    VersionEntry,
};

/// ossutil's time format, in UTC: `2026-11-22 04:12:00 +0000 UTC`.
pub fn ossutil_time(ms: i64) -> String {
    format!("{} +0000 UTC", short_time(ms))
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Header names as Go's http package canonicalizes them (`X-Oss-Version-Id`, `Etag`).
pub fn canonical(name: &str) -> String {
    name.split('-')
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// ossutil's error line for an OSS error response.
pub fn error_line(resp: &WireResponse) -> String {
    let request_id = resp.header("x-oss-request-id").unwrap_or("");
    match error_fields(resp) {
        Some(e) => format!(
            "Error: oss: service returned error: StatusCode={}, ErrorCode={}, ErrorMessage=\"{}\", RequestId={request_id}, Ec={}",
            resp.status, e.code, e.message, e.ec
        ),
        None => format!(
            "Error: oss: service returned error: StatusCode={}, RequestId={request_id}",
            resp.status
        ),
    }
}

fn bad_xml(e: impl std::fmt::Display) -> String {
    format!("Error: the response is not the XML ossutil expects: {e}")
}

/// `ls` without a url: the ListBuckets answer.
pub fn buckets(body: &[u8]) -> Result<String, String> {
    let doc: ListAllMyBucketsResult = from_xml(body).map_err(bad_xml)?;
    let mut out = format!(
        "{:<36}{:<18}{:<14}{}\n",
        "CreationTime", "Region", "StorageClass", "BucketName"
    );
    for b in &doc.buckets.bucket {
        let t = parse_iso8601(&b.creation_date)
            .map(ossutil_time)
            .unwrap_or_default();
        out.push_str(&format!(
            "{t:<36}{:<18}{:<14}oss://{}\n",
            b.location, b.storage_class, b.name
        ));
    }
    out.push_str(&format!(
        "\nBucket Number is: {}\n",
        doc.buckets.bucket.len()
    ));
    Ok(out)
}

/// The header line of `ls` (with `--all-versions`, the version columns).
pub fn ls_header(versions: bool) -> String {
    if versions {
        format!(
            "{:<35}{:>12}{:>14}{:>36}  {:<66}{:<12}{:<15}{}\n",
            "LastModifiedTime",
            "Size(B)",
            "StorageClass",
            "ETAG",
            "VERSIONID",
            "IS-LATEST",
            "DELETE-MARKER",
            "ObjectName"
        )
    } else {
        format!(
            "{:<35}{:>12}{:>14}{:>36}  {}\n",
            "LastModifiedTime", "Size(B)", "StorageClass", "ETAG", "ObjectName"
        )
    }
}

/// One page of `ls`: its lines, how many entries, and where the next page starts
/// ((key marker, version-id marker); `None` when this was the last page).
pub struct LsPage {
    pub lines: String,
    pub count: usize,
    pub next: Option<(String, String)>,
}

/// One line of `ls`.
struct LsLine<'a> {
    modified: &'a str,
    size: u64,
    class: &'a str,
    etag: &'a str,
    version: Option<(&'a str, bool, bool)>,
    key: &'a str,
}

fn ls_line(bucket: &str, l: LsLine) -> String {
    let time = parse_iso8601(l.modified)
        .map(ossutil_time)
        .unwrap_or_default();
    let mut out = format!(
        "{time:<35}{:>12}{:>14}{:>36}  ",
        l.size,
        l.class,
        l.etag.trim_matches('"')
    );
    if let Some((id, latest, marker)) = l.version {
        out.push_str(&format!("{id:<66}{latest:<12}{marker:<15}"));
    }
    out.push_str(&format!("oss://{bucket}/{}\n", decode(l.key)));
    out
}

/// A ListObjectVersions (`versions`) or ListObjects page as `ls` prints it.
pub fn ls_page(bucket: &str, body: &[u8], versions: bool) -> Result<LsPage, String> {
    let mut lines = String::new();
    if versions {
        let doc: ListVersionsResult = from_xml(body).map_err(bad_xml)?;
        for e in &doc.entries {
            lines.push_str(&ls_line(
                bucket,
                match e {
                    VersionEntry::Version(v) => LsLine {
                        modified: &v.last_modified,
                        size: v.size,
                        class: &v.storage_class,
                        etag: &v.etag,
                        version: Some((&v.version_id, v.is_latest, false)),
                        key: &v.key,
                    },
                    VersionEntry::DeleteMarker(m) => LsLine {
                        modified: &m.last_modified,
                        size: 0,
                        class: "",
                        etag: "",
                        version: Some((&m.version_id, m.is_latest, true)),
                        key: &m.key,
                    },
                },
            ));
        }
        let next = doc.is_truncated.then(|| {
            (
                decode(doc.next_key_marker.as_deref().unwrap_or("")),
                doc.next_version_id_marker.clone().unwrap_or_default(),
            )
        });
        return Ok(LsPage {
            lines,
            count: doc.entries.len(),
            next,
        });
    }
    let doc: ListBucketResult = from_xml(body).map_err(bad_xml)?;
    for o in &doc.contents {
        lines.push_str(&ls_line(
            bucket,
            LsLine {
                modified: &o.last_modified,
                size: o.size,
                class: &o.storage_class,
                etag: &o.etag,
                version: None,
                key: &o.key,
            },
        ));
    }
    let next = doc.is_truncated.then(|| {
        (
            decode(doc.next_marker.as_deref().unwrap_or("")),
            String::new(),
        )
    });
    Ok(LsPage {
        lines,
        count: doc.contents.len(),
        next,
    })
}

/// `stat`'s lines: the owner, the ACL (when GetObjectACL answered), then the response
/// headers ossutil shows, canonicalized and sorted.
pub fn stat_lines(resp: &WireResponse, owner: &str, acl: Option<String>) -> String {
    let mut lines: Vec<(String, String)> = vec![("Owner".into(), owner.to_string())];
    if let Some(acl) = acl {
        lines.push(("ACL".into(), acl));
    }
    for (k, v) in &resp.headers {
        let lower = k.to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "server" | "date" | "x-oss-request-id" | "connection" | "x-oss-server-time"
        ) {
            continue;
        }
        let value = match lower.as_str() {
            "etag" => v.trim_matches('"').to_string(),
            "last-modified" => parse_http_date(v)
                .map(ossutil_time)
                .unwrap_or_else(|| v.to_string()),
            _ => v.to_string(),
        };
        lines.push((canonical(k), value));
    }
    lines.sort();
    lines
        .into_iter()
        .map(|(k, v)| format!("{k:<22}: {v}\n"))
        .collect()
}

/// `read-symlink`: ETag, Last-Modified, the version and X-Oss-Symlink-Target.
pub fn symlink_lines(resp: &WireResponse) -> String {
    let mut out = String::new();
    for name in [
        "ETag",
        "Last-Modified",
        "x-oss-version-id",
        "x-oss-symlink-target",
    ] {
        if let Some(v) = resp.header(name) {
            let v = match name {
                "ETag" => v.trim_matches('"').to_string(),
                "x-oss-symlink-target" => decode(v),
                _ => v.to_string(),
            };
            out.push_str(&format!("{:<22}: {v}\n", canonical(name)));
        }
    }
    out
}

/// The `<Grant>` of a GetBucketAcl / GetObjectACL answer.
pub fn grant(body: &[u8]) -> Option<String> {
    let doc = read_document(body).ok()?;
    doc.find("Grant").map(|g| g.text.clone())
}

/// `object-tagging --method get`.
pub fn tagging_lines(key: &str, body: &[u8]) -> Result<String, String> {
    let doc = read_document(body).map_err(bad_xml)?;
    let mut out = format!("{:<20}: {}\n", "Object", key);
    let tags = doc.find("TagSet").map_or(&[][..], |t| &t.children[..]);
    for (i, tag) in tags.iter().enumerate() {
        let field = |n: &str| tag.find(n).map_or("", |c| c.text.as_str()).to_string();
        out.push_str(&format!(
            "tag {:<16}: {}#{}\n",
            i,
            field("Key"),
            field("Value")
        ));
    }
    Ok(out)
}

/// `stat oss://bucket`: the ACL and GetBucketStat's figures.
pub fn bucket_stat_lines(bucket: &str, grant: &str, stat_body: &[u8]) -> Result<String, String> {
    let doc = read_document(stat_body).map_err(bad_xml)?;
    let mut out = format!("{:<28}: {}\n{:<28}: {}\n", "Name", bucket, "ACL", grant);
    for name in [
        "Storage",
        "ObjectCount",
        "MultipartUploadCount",
        "MultipartPartCount",
        "DeleteMarkerCount",
        "LiveChannelCount",
        "StandardStorage",
        "StandardObjectCount",
        "InfrequentAccessStorage",
        "InfrequentAccessRealStorage",
        "InfrequentAccessObjectCount",
        "ArchiveStorage",
        "ArchiveRealStorage",
        "ArchiveObjectCount",
        "ColdArchiveStorage",
        "ColdArchiveObjectCount",
        "DeepColdArchiveStorage",
        "DeepColdArchiveObjectCount",
        "LastModifiedTime",
    ] {
        let v = doc.find(name).map_or("", |n| n.text.as_str());
        out.push_str(&format!("{name:<28}: {v}\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::wire::http::WireRequest;
    use crate::wire::Wire;

    fn send(
        e: &mut Engine,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: &str,
    ) -> WireResponse {
        let req = WireRequest {
            method: method.into(),
            path: path.into(),
            query: query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            headers: vec![("host".into(), "127.0.0.1".into())],
            body: body.as_bytes().to_vec(),
        };
        Wire::default().handle(e, &req)
    }

    #[test]
    fn ls_prints_versions_and_markers_from_the_listing() {
        let mut e = Engine::new(1_767_261_600_000);
        send(&mut e, "PUT", "/bkt", &[], "");
        send(
            &mut e,
            "PUT",
            "/bkt",
            &[("versioning", "")],
            "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
        );
        send(&mut e, "PUT", "/bkt/dir/a b.txt", &[], "hello");
        send(&mut e, "DELETE", "/bkt/dir/a b.txt", &[], "");
        let resp = send(
            &mut e,
            "GET",
            "/bkt",
            &[("versions", ""), ("encoding-type", "url")],
            "",
        );
        let page = ls_page("bkt", &resp.body, true).unwrap();
        assert_eq!(page.count, 2);
        assert!(page.next.is_none());
        let lines: Vec<&str> = page.lines.lines().collect();
        assert!(
            lines[0].contains("true        true           oss://bkt/dir/a b.txt"),
            "{}",
            lines[0]
        );
        assert!(lines[1].contains("5"), "{}", lines[1]);
        assert!(lines[1].contains("false       false          oss://bkt/dir/a b.txt"));
        assert!(lines[1].contains("2026-01-01 10:00:00 +0000 UTC"));
        let current = send(&mut e, "GET", "/bkt", &[], "");
        assert_eq!(ls_page("bkt", &current.body, false).unwrap().count, 0);
        assert!(ls_page("bkt", b"not xml", false).is_err());
    }

    #[test]
    fn errors_print_as_ossutil_does() {
        let mut e = Engine::new(1_767_261_600_000);
        let resp = send(&mut e, "GET", "/nope/k", &[], "");
        let line = error_line(&resp);
        assert!(line.starts_with("Error: oss: service returned error: StatusCode=404, ErrorCode=NoSuchBucket, ErrorMessage=\"The specified bucket does not exist.\""), "{line}");
        let head = send(&mut e, "HEAD", "/nope/k", &[], "");
        assert!(error_line(&head).contains("StatusCode=404"));
        assert_eq!(canonical("x-oss-version-id"), "X-Oss-Version-Id");
        assert_eq!(canonical("ETag"), "Etag");
    }

    #[test]
    fn buckets_acl_and_stat_read_their_documents() {
        let mut e = Engine::new(1_767_261_600_000);
        send(&mut e, "PUT", "/bkt", &[], "");
        let list = send(&mut e, "GET", "/", &[], "");
        let out = buckets(&list.body).unwrap();
        assert!(
            out.contains("oss://bkt\n") && out.contains("Bucket Number is: 1"),
            "{out}"
        );
        let acl = send(&mut e, "GET", "/bkt", &[("acl", "")], "");
        assert_eq!(grant(&acl.body).as_deref(), Some("private"));
        let stat = send(&mut e, "GET", "/bkt", &[("stat", "")], "");
        let out = bucket_stat_lines("bkt", "private", &stat.body).unwrap();
        assert!(out.contains("ObjectCount                 : 0"), "{out}");
    }
}
