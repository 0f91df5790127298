//! The ossutil commands the OSS docs use, answered in ossutil 1.x's output format. Each
//! command sends the same OSS requests ossutil would (they show up in the request log).

use percent_encoding::percent_decode_str;

use super::explain::error_fields;
use super::lab::Source;
use super::requests::{self, UploadOptions};
use super::state::LabCtx;
use crate::engine::StorageClass;
use crate::wire::format::parse_iso8601;
use crate::wire::http::WireResponse;
use std::collections::BTreeMap;

use quick_xml::escape::unescape;
use quick_xml::events::Event;
use quick_xml::Reader;

pub const HELP: &str = "ossutil commands:
  ls [oss://bucket[/prefix]] [--all-versions]
  stat oss://bucket/key [--version-id ID]     stat oss://bucket
  set-acl oss://bucket/key ACL [--version-id ID]   set-acl oss://bucket ACL -b
  object-tagging --method put|get|delete oss://bucket/key [key#value ...] [--version-id ID]
  cp text:\"hello\" oss://bucket/key [--storage-class Archive] [--forbid-overwrite]
  appendfromfile text:\"more\" oss://bucket/key
  create-symlink oss://bucket/link oss://bucket/target
  read-symlink oss://bucket/link [--version-id ID]
  rm oss://bucket/key [--version-id ID]
  restore oss://bucket/key [--version-id ID] [--days N]
  du oss://bucket[/prefix] [--all-versions]   (with what each version costs)
  mb oss://bucket        rb oss://bucket";

/// Listing stops after this many pages (ossutil would go on; the lab's output stays short).
const MAX_PAGES: usize = 10;

/// Split a command line like a shell: spaces separate, double quotes group, `\` escapes.
pub fn split_args(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    any = true;
                }
            }
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// `oss://bucket/key` → (bucket, key).
fn parse_url(url: &str) -> Result<(String, String), String> {
    let rest = url.strip_prefix("oss://").ok_or_else(|| {
        format!("invalid cloud url: {url:?}, please make sure the url starts with: \"oss://\"")
    })?;
    let (b, k) = rest.split_once('/').unwrap_or((rest, ""));
    if b.is_empty() {
        return Err("invalid cloud url: the bucket name is empty".into());
    }
    Ok((b.to_string(), k.to_string()))
}

/// `--name value` options and positional arguments.
pub(super) struct Args {
    pub(super) positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

const FLAGS: [&str; 5] = [
    "--all-versions",
    "--forbid-overwrite",
    "-r",
    "-b",
    "--bucket",
];

fn parse_args(args: &[String]) -> Args {
    let mut a = Args {
        positional: Vec::new(),
        options: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(x) = it.next() {
        if x.starts_with('-') {
            if let Some((k, v)) = x.split_once('=') {
                a.options.push((k.to_string(), Some(v.to_string())));
            } else if FLAGS.contains(&x.as_str()) {
                a.options.push((x.clone(), None));
            } else {
                a.options.push((x.clone(), it.next().cloned()));
            }
        } else {
            a.positional.push(x.clone());
        }
    }
    a
}

impl Args {
    pub(super) fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(k, _)| k == name)
    }
    pub(super) fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// ossutil's time format, in UTC: `2026-11-22 04:12:00 +0000 UTC`.
fn ossutil_time(iso_or_ms: i64) -> String {
    format!("{} +0000 UTC", super::clock::short_time(iso_or_ms))
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// ossutil's error line for an OSS error response.
pub(super) fn error_line(resp: &WireResponse) -> String {
    let request_id = resp.header("x-oss-request-id").unwrap_or("");
    match error_fields(resp) {
        Some((code, message, ec)) => format!(
            "Error: oss: service returned error: StatusCode={}, ErrorCode={code}, ErrorMessage=\"{message}\", RequestId={request_id}, Ec={ec}",
            resp.status
        ),
        None => format!("Error: oss: service returned error: StatusCode={}, RequestId={request_id}", resp.status),
    }
}

/// Run one command line; returns the text ossutil would print.
pub fn run(lab: LabCtx, line: &str) -> String {
    let started = js_sys::Date::now();
    let args = split_args(line);
    let args: &[String] = match args.first().map(String::as_str) {
        Some("ossutil" | "ossutil64") => &args[1..],
        _ => &args,
    };
    let Some((cmd, rest)) = args.split_first() else {
        return HELP.to_string();
    };
    let a = parse_args(rest);
    let result = match cmd.as_str() {
        "ls" => ls(lab, &a),
        "stat" => stat(lab, &a),
        "cp" => cp(lab, &a),
        "rm" => rm(lab, &a),
        "restore" => restore(lab, &a),
        "appendfromfile" => append_from_file(lab, &a),
        "create-symlink" => create_symlink(lab, &a),
        "read-symlink" => read_symlink(lab, &a),
        "du" => du(lab, &a),
        "mb" | "rb" => bucket_cmd(lab, cmd, &a),
        "set-acl" => super::ossutil_acl::set_acl(lab, &a),
        "object-tagging" => super::ossutil_acl::object_tagging(lab, &a),
        "help" => Ok(HELP.to_string()),
        other => Err(format!("Error: unknown command \"{other}\"\n\n{HELP}")),
    };
    let elapsed = (js_sys::Date::now() - started) / 1000.0;
    match result {
        Ok(out) => format!("{out}\n{elapsed:.6}(s) elapsed"),
        Err(e) => e,
    }
}

pub(super) fn send(lab: LabCtx, req: requests::Req) -> WireResponse {
    lab.send(Source::Ossutil, req)
}

pub(super) fn one_url(a: &Args) -> Result<(String, String), String> {
    let url = a
        .positional
        .first()
        .ok_or_else(|| format!("Error: the command needs an oss:// url\n\n{HELP}"))?;
    parse_url(url)
}

/// A flat view of an OSS listing: the root's simple children (`IsTruncated`, `NextMarker`,
/// ...) and the records (`<Version>`, `<Contents>`, ...) with their simple children, in
/// document order. Read with quick-xml events instead of serde: ossutil only needs a few
/// fields, and per-type deserializers would cost the wasm tens of KB.
#[derive(Default)]
pub(super) struct FlatDoc {
    pub(super) top: BTreeMap<String, String>,
    pub(super) records: Vec<(String, BTreeMap<String, String>)>,
}

impl FlatDoc {
    pub(super) fn top(&self, name: &str) -> &str {
        self.top.get(name).map_or("", String::as_str)
    }
}

pub(super) fn field<'a>(m: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    m.get(name).map_or("", String::as_str)
}

pub(super) fn flat_doc(body: &[u8], record_tags: &[&str]) -> Result<FlatDoc, String> {
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let mut reader = Reader::from_str(text);
    let mut doc = FlatDoc::default();
    let mut depth = 0usize;
    let mut names: Vec<String> = Vec::new();
    let mut raw = String::new();
    // The open record and the depth of its element.
    let mut record: Option<(usize, String, BTreeMap<String, String>)> = None;
    let finish = |doc: &mut FlatDoc,
                  record: &mut Option<(usize, String, BTreeMap<String, String>)>,
                  depth: usize,
                  name: &str,
                  value: String| {
        match record {
            Some((d, _, _)) if *d == depth => {
                let (_, tag, fields) = record.take().expect("open record");
                doc.records.push((tag, fields));
            }
            Some((d, _, fields)) if *d + 1 == depth => {
                fields.insert(name.to_string(), value);
            }
            None if depth == 2 => {
                doc.top.insert(name.to_string(), value);
            }
            _ => {}
        }
    };
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                depth += 1;
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if record.is_none() && record_tags.contains(&name.as_str()) {
                    record = Some((depth, name.clone(), BTreeMap::new()));
                }
                names.push(name);
                raw.clear();
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                finish(&mut doc, &mut record, depth + 1, &name, String::new());
            }
            Event::Text(t) => raw.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                raw.push('&');
                raw.push_str(&r.decode().map_err(|e| e.to_string())?);
                raw.push(';');
            }
            Event::End(_) => {
                let name = names.pop().unwrap_or_default();
                let value = unescape(&raw).map_or_else(|_| raw.clone(), |v| v.into_owned());
                finish(&mut doc, &mut record, depth, &name, value);
                depth = depth.saturating_sub(1);
                raw.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(doc)
}

fn ls(lab: LabCtx, a: &Args) -> Result<String, String> {
    let Some(url) = a.positional.first() else {
        let resp = send(lab, requests::list_buckets());
        if resp.status != 200 {
            return Err(error_line(&resp));
        }
        let doc = flat_doc(&resp.body, &["Bucket"])?;
        let mut out = format!(
            "{:<36}{:<18}{:<14}{}\n",
            "CreationTime", "Region", "StorageClass", "BucketName"
        );
        for (_, b) in &doc.records {
            let t = parse_iso8601(field(b, "CreationDate"))
                .map(ossutil_time)
                .unwrap_or_default();
            out.push_str(&format!(
                "{t:<36}{:<18}{:<14}oss://{}\n",
                field(b, "Location"),
                field(b, "StorageClass"),
                field(b, "Name")
            ));
        }
        out.push_str(&format!("\nBucket Number is: {}\n", doc.records.len()));
        return Ok(out);
    };
    let (bucket, prefix) = parse_url(url)?;
    let versions = a.flag("--all-versions");
    let mut out = if versions {
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
    };
    let mut count = 0;
    // (key marker, version-id marker) of the next page.
    let (mut km, mut vm) = (String::new(), String::new());
    for _ in 0..MAX_PAGES {
        let req = if versions {
            requests::list_object_versions(&bucket, &prefix, &km, &vm)
        } else {
            requests::list_objects(&bucket, &prefix, "", &km)
        };
        let resp = send(lab, req);
        if resp.status != 200 {
            return Err(error_line(&resp));
        }
        let doc = flat_doc(&resp.body, &["Version", "DeleteMarker", "Contents"])?;
        for (tag, r) in &doc.records {
            count += 1;
            let time = parse_iso8601(field(r, "LastModified"))
                .map(ossutil_time)
                .unwrap_or_default();
            let marker = tag == "DeleteMarker";
            let size = if marker { "0" } else { field(r, "Size") };
            let line = format!(
                "{time:<35}{size:>12}{:>14}{:>36}  ",
                field(r, "StorageClass"),
                field(r, "ETag").trim_matches('"')
            );
            out.push_str(&line);
            if versions {
                out.push_str(&format!(
                    "{:<66}{:<12}{:<15}",
                    field(r, "VersionId"),
                    field(r, "IsLatest"),
                    marker
                ));
            }
            out.push_str(&format!("oss://{bucket}/{}\n", decode(field(r, "Key"))));
        }
        if doc.top("IsTruncated") != "true" {
            break;
        }
        if versions {
            km = decode(doc.top("NextKeyMarker"));
            vm = doc.top("NextVersionIdMarker").to_string();
        } else {
            km = decode(doc.top("NextMarker"));
        }
    }
    if versions {
        out.push_str(&format!("Object and version Number is: {count}\n"));
    } else {
        out.push_str(&format!("Object Number is: {count}\n"));
    }
    Ok(out)
}

/// Header names as Go's http package canonicalizes them (`X-Oss-Version-Id`, `Etag`).
fn canonical(name: &str) -> String {
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

fn stat(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = one_url(a)?;
    if key.is_empty() {
        return super::ossutil_acl::bucket_stat(lab, &bucket);
    }
    let resp = send(
        lab,
        requests::head_object(&bucket, &key, a.value("--version-id")),
    );
    if resp.status != 200 {
        return Err(error_line(&resp));
    }
    let owner = lab.read_untracked(|l| l.engine.settings().owner_id.clone());
    // ossutil asks GetObjectACL for the ACL line (and shows nothing when it may not).
    let acl = super::ossutil_acl::object_acl(lab, &bucket, &key, a.value("--version-id"));
    let mut lines: Vec<(String, String)> = vec![("Owner".into(), owner)];
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
            "last-modified" => crate::wire::format::parse_http_date(v)
                .map(ossutil_time)
                .unwrap_or_else(|| v.to_string()),
            _ => v.to_string(),
        };
        lines.push((canonical(k), value));
    }
    lines.sort();
    let mut out = String::new();
    for (k, v) in lines {
        out.push_str(&format!("{k:<22}: {v}\n"));
    }
    Ok(out)
}

fn cp(lab: LabCtx, a: &Args) -> Result<String, String> {
    let [src, dst] = a.positional.as_slice() else {
        return Err(format!(
            "Error: cp needs a source and an oss:// destination\n\n{HELP}"
        ));
    };
    let text = src.strip_prefix("text:").ok_or_else(|| {
        "Error: in the lab, the source of cp is text:\"content\" (there is no local disk)"
            .to_string()
    })?;
    let (bucket, mut key) = parse_url(dst)?;
    if key.is_empty() || key.ends_with('/') {
        key.push_str("text.txt");
    }
    let class = match a.value("--storage-class") {
        Some(c) => Some(
            StorageClass::parse(c).ok_or_else(|| format!("Error: invalid storage class {c:?}"))?,
        ),
        None => None,
    };
    let opts = UploadOptions {
        storage_class: class,
        forbid_overwrite: a.flag("--forbid-overwrite"),
        ..Default::default()
    };
    let resp = send(
        lab,
        requests::put_object(&bucket, &key, text.as_bytes().to_vec(), &opts),
    );
    if resp.status != 200 {
        return Err(error_line(&resp));
    }
    Ok(format!(
        "Succeed: Total num: 1, size: {}. OK num: 1(upload 1 files).\n",
        text.len()
    ))
}

fn rm(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = one_url(a)?;
    let resp = send(
        lab,
        requests::delete_object(&bucket, &key, a.value("--version-id")),
    );
    if resp.status >= 300 {
        return Err(error_line(&resp));
    }
    Ok(String::new())
}

fn restore(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = one_url(a)?;
    let days = a.value("--days").and_then(|d| d.parse().ok()).unwrap_or(1);
    let resp = send(
        lab,
        requests::restore_object(&bucket, &key, a.value("--version-id"), days, None),
    );
    if resp.status >= 300 {
        return Err(error_line(&resp));
    }
    Ok(String::new())
}

/// `du`: sizes by class like ossutil, plus each version's cost (docs/fidelity.md, "What
/// versions cost"). Read from the engine's meter: the cost is osslab's, no OSS request has it.
fn du(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, prefix) = one_url(a)?;
    let prices = super::bill::prices();
    lab.read(|l| {
        crate::wire::bill::du_text(
            &l.engine,
            &bucket,
            &prefix,
            a.flag("--all-versions"),
            &prices,
        )
    })
    .map_err(|e| {
        format!(
            "Error: oss: service returned error: StatusCode={}, ErrorCode={}, ErrorMessage=\"{}\"",
            e.status, e.code, e.message
        )
    })
}

fn bucket_cmd(lab: LabCtx, cmd: &str, a: &Args) -> Result<String, String> {
    let (bucket, _) = one_url(a)?;
    let req = if cmd == "mb" {
        requests::put_bucket(&bucket)
    } else {
        requests::delete_bucket(&bucket)
    };
    let resp = send(lab, req);
    if resp.status >= 300 {
        return Err(error_line(&resp));
    }
    Ok(String::new())
}

/// `appendfromfile`: AppendObject at the object's length (ossutil reads it with HEAD first,
/// as the lab does: the HEAD shows in the request log too).
fn append_from_file(lab: LabCtx, a: &Args) -> Result<String, String> {
    let [src, dst] = a.positional.as_slice() else {
        return Err(format!(
            "Error: appendfromfile needs a source and an oss:// destination\n\n{HELP}"
        ));
    };
    let text = src.strip_prefix("text:").ok_or_else(|| {
        "Error: in the lab, the source of appendfromfile is text:\"content\" (there is no local disk)"
            .to_string()
    })?;
    let (bucket, key) = parse_url(dst)?;
    let head = send(lab, requests::head_object(&bucket, &key, None));
    let position = match head.status {
        200 => head
            .header("x-oss-next-append-position")
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| "Error: the object is not appendable".to_string())?,
        404 => 0,
        _ => return Err(error_line(&head)),
    };
    let resp = send(
        lab,
        super::writes::append_object(&bucket, &key, position, text.as_bytes().to_vec()),
    );
    if resp.status != 200 {
        return Err(error_line(&resp));
    }
    Ok(format!(
        "local file size is {}, the object new size is {}, append file success.\n",
        text.len(),
        resp.header("x-oss-next-append-position").unwrap_or("?")
    ))
}

/// `create-symlink oss://bucket/link oss://bucket/target` (or a bare target key).
fn create_symlink(lab: LabCtx, a: &Args) -> Result<String, String> {
    let [link, target] = a.positional.as_slice() else {
        return Err(format!(
            "Error: create-symlink needs oss://bucket/link and a target\n\n{HELP}"
        ));
    };
    let (bucket, key) = parse_url(link)?;
    let target = if target.starts_with("oss://") {
        let (tb, tk) = parse_url(target)?;
        if tb != bucket {
            return Err("Error: the target must be in the symlink's bucket".into());
        }
        tk
    } else {
        target.clone()
    };
    let resp = send(lab, super::writes::put_symlink(&bucket, &key, &target));
    if resp.status != 200 {
        return Err(error_line(&resp));
    }
    Ok(String::new())
}

/// `read-symlink`: ETag, Last-Modified and X-Oss-Symlink-Target, as ossutil prints them.
fn read_symlink(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = one_url(a)?;
    let resp = send(
        lab,
        super::writes::get_symlink(&bucket, &key, a.value("--version-id")),
    );
    if resp.status != 200 {
        return Err(error_line(&resp));
    }
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
    Ok(out)
}
