//! The ossutil commands the OSS docs use, answered in ossutil 1.x's output format. Each
//! command sends the same OSS requests ossutil would (they show up in the request log); the
//! parsing and the printing are [`crate::console`]'s (tested natively).

use super::lab::real_now;
use super::ossutil_send::{done, ok, send};
use super::requests::{self, UploadOptions};
use super::state::LabCtx;
use crate::console::ossutil::{parse_duration, parse_line, parse_repeat, parse_url, Args, HELP};
use crate::console::ossutil_format::{self as format, error_line};
use crate::engine::archive::Tier;
use crate::engine::{StorageClass, DAY};

/// Listing stops after this many pages (ossutil would go on; the lab's output stays short).
const MAX_PAGES: usize = 10;
/// Entries a listing request asks for (ossutil's page size).
const PAGE: usize = 1000;

/// Run one command line; returns the text ossutil would print.
pub fn run(lab: LabCtx, line: &str) -> String {
    let started = js_sys::Date::now();
    let result = match parse_repeat(line) {
        Some(Ok((times, daily, command))) => repeat(lab, times, daily, &command),
        Some(Err(e)) => Err(e),
        None => run_one(lab, line),
    };
    let elapsed = (js_sys::Date::now() - started) / 1000.0;
    match result {
        Ok(out) => format!("{out}\n{elapsed:.6}(s) elapsed"),
        Err(e) => e,
    }
}

/// `repeat N [--daily] COMMAND`: the command with `{i}` = 0…N-1, a virtual day apart with
/// `--daily`; stops at the first error.
fn repeat(lab: LabCtx, times: u32, daily: bool, command: &str) -> Result<String, String> {
    let mut last = String::new();
    for i in 0..times {
        last = run_one(lab, &command.replace("{i}", &i.to_string()))
            .map_err(|e| format!("{e}\n(stopped at repetition {i} of {times})"))?;
        if daily {
            lab.update(|l| l.advance(DAY));
        }
    }
    let days = if daily {
        format!(", the clock moved {times} days")
    } else {
        String::new()
    };
    Ok(format!("{last}ran {times} times{days}\n"))
}

fn run_one(lab: LabCtx, line: &str) -> Result<String, String> {
    let Some((cmd, a)) = parse_line(line) else {
        return Ok(HELP.to_string());
    };
    match cmd.as_str() {
        "ls" => ls(lab, &a),
        "stat" => stat(lab, &a),
        "cat" => cat(lab, &a),
        "cp" => cp(lab, &a),
        "rm" => rm(lab, &a),
        "restore" => restore(lab, &a),
        "clean-restored-object" => {
            let (bucket, key) = a.url()?;
            let req = requests::clean_restored_object(&bucket, &key, a.value("--version-id"));
            done(send(lab, req))
        }
        "bucket-versioning" => bucket_versioning(lab, &a),
        "lifecycle" => lifecycle(lab, &a),
        "bill" => bill(lab, &a),
        "clock" => clock(lab, &a),
        "appendfromfile" => append_from_file(lab, &a),
        "create-symlink" => create_symlink(lab, &a),
        "read-symlink" => read_symlink(lab, &a),
        "du" => du(lab, &a),
        "mb" | "rb" => bucket_cmd(lab, &cmd, &a),
        "set-acl" => super::ossutil_acl::set_acl(lab, &a),
        "object-tagging" => super::ossutil_acl::object_tagging(lab, &a),
        "help" => Ok(HELP.to_string()),
        other => Err(format!("Error: unknown command \"{other}\"\n\n{HELP}")),
    }
}

/// A `text:"content"` source (the lab has no local disk).
fn text_source<'a>(src: &'a str, cmd: &str) -> Result<&'a str, String> {
    src.strip_prefix("text:").ok_or_else(|| {
        format!(
            "Error: in the lab, the source of {cmd} is text:\"content\" (there is no local disk)"
        )
    })
}

fn ls(lab: LabCtx, a: &Args) -> Result<String, String> {
    if a.positional.is_empty() {
        let resp = send(lab, requests::list_buckets());
        ok(&resp)?;
        return format::buckets(&resp.body);
    }
    let (bucket, prefix) = a.url()?;
    let versions = a.flag("--all-versions");
    let limit: usize = match a.value("--limited-num") {
        Some(n) => n
            .parse()
            .map_err(|_| format!("Error: --limited-num must be a number, not {n:?}"))?,
        None => usize::MAX,
    };
    let mut out = format::ls_header(versions);
    let mut count = 0;
    let mut marker = (
        a.value("--marker").unwrap_or("").to_string(),
        a.value("--version-id-marker").unwrap_or("").to_string(),
    );
    let mut next = None;
    for _ in 0..MAX_PAGES {
        let max_keys = PAGE.min(limit - count).to_string();
        let req = requests::Req::new("GET", requests::bucket_path(&bucket));
        let req = if versions {
            req.query("versions", "")
                .query("prefix", prefix.clone())
                .query("key-marker", marker.0.clone())
                .query("version-id-marker", marker.1.clone())
        } else {
            req.query("prefix", prefix.clone())
                .query("marker", marker.0.clone())
        };
        let resp = send(
            lab,
            req.query("max-keys", max_keys)
                .query("encoding-type", "url"),
        );
        ok(&resp)?;
        let page = format::ls_page(&bucket, &resp.body, versions)?;
        out.push_str(&page.lines);
        count += page.count;
        next = page.next;
        match &next {
            Some(m) if count < limit => marker = m.clone(),
            _ => break,
        }
    }
    if versions {
        out.push_str(&format!("Object and version Number is: {count}\n"));
    } else {
        out.push_str(&format!("Object Number is: {count}\n"));
    }
    if let Some((k, v)) = next {
        // ossutil stops silently; the lab says how to go on.
        let v = if versions {
            format!(" --version-id-marker {v}")
        } else {
            String::new()
        };
        out.push_str(&format!("More entries follow: add --marker {k}{v}\n"));
    }
    Ok(out)
}

fn stat(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = a.url()?;
    if key.is_empty() {
        return super::ossutil_acl::bucket_stat(lab, &bucket);
    }
    let version = a.value("--version-id");
    let resp = send(lab, requests::head_object(&bucket, &key, version));
    ok(&resp)?;
    let owner = lab.read_untracked(|l| l.engine.settings().owner_id.clone());
    // ossutil asks GetObjectACL for the ACL line (and shows nothing when it may not).
    let acl = super::ossutil_acl::object_acl(lab, &bucket, &key, version);
    Ok(format::stat_lines(&resp, &owner, acl))
}

/// `cat`: GetObject, the content printed as text.
fn cat(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = a.url()?;
    let resp = send(
        lab,
        requests::get_object(&bucket, &key, a.value("--version-id")),
    );
    ok(&resp)?;
    Ok(format!("{}\n", String::from_utf8_lossy(&resp.body)))
}

fn storage_class(a: &Args) -> Result<Option<StorageClass>, String> {
    a.value("--storage-class")
        .map(|c| {
            StorageClass::parse(c).ok_or_else(|| format!("Error: invalid storage class {c:?}"))
        })
        .transpose()
}

fn cp(lab: LabCtx, a: &Args) -> Result<String, String> {
    let [src, dst] = a.positional.as_slice() else {
        return Err(format!(
            "Error: cp needs a source and an oss:// destination\n\n{HELP}"
        ));
    };
    let (bucket, mut key) = parse_url(dst).map_err(|e| format!("Error: {e}"))?;
    if src.starts_with("oss://") {
        return copy(lab, a, src, &bucket, &key);
    }
    let text = text_source(src, "cp")?;
    if key.is_empty() || key.ends_with('/') {
        key.push_str("text.txt");
    }
    let threshold = a.value("--bigfile-threshold").and_then(|t| t.parse().ok());
    if threshold.is_some_and(|t: usize| text.len() >= t) {
        return multipart(lab, a, &bucket, &key, text);
    }
    let opts = UploadOptions {
        storage_class: storage_class(a)?,
        forbid_overwrite: a.flag("--forbid-overwrite"),
        ..Default::default()
    };
    let resp = send(
        lab,
        requests::put_object(&bucket, &key, text.as_bytes().to_vec(), &opts),
    );
    ok(&resp)?;
    Ok(format!(
        "Succeed: Total num: 1, size: {}. OK num: 1(upload 1 files).\n",
        text.len()
    ))
}

/// `cp oss://b/src oss://b/dst [--version-id ID]`: CopyObject within a bucket.
fn copy(lab: LabCtx, a: &Args, src: &str, bucket: &str, key: &str) -> Result<String, String> {
    let (src_bucket, src_key) = parse_url(src).map_err(|e| format!("Error: {e}"))?;
    if src_bucket != bucket {
        return Err("Error: in the lab, cp copies within one bucket".into());
    }
    let key = if key.is_empty() {
        src_key.as_str()
    } else {
        key
    };
    let mut req = requests::copy_object(
        bucket,
        key,
        &src_key,
        a.value("--version-id"),
        storage_class(a)?,
    );
    if a.flag("--forbid-overwrite") {
        req = req.header("x-oss-forbid-overwrite", "true");
    }
    ok(&send(lab, req))?;
    Ok("Succeed: Total num: 1, size: 0. OK num: 1(copy 1 objects).\n".into())
}

/// A `cp` at or above `--bigfile-threshold`: InitiateMultipartUpload, one UploadPart,
/// CompleteMultipartUpload, as ossutil uploads big files.
fn multipart(lab: LabCtx, a: &Args, bucket: &str, key: &str, text: &str) -> Result<String, String> {
    let path = requests::object_path(bucket, key);
    let mut init = requests::Req::new("POST", path.clone()).query("uploads", "");
    if let Some(c) = storage_class(a)? {
        init = init.header("x-oss-storage-class", c.as_str());
    }
    if a.flag("--forbid-overwrite") {
        init = init.header("x-oss-forbid-overwrite", "true");
    }
    let resp = send(lab, init);
    ok(&resp)?;
    let upload_id = crate::wire::xml::read_document(&resp.body)
        .ok()
        .and_then(|d| d.find("UploadId").map(|n| n.text.clone()))
        .ok_or("Error: InitiateMultipartUpload answered no UploadId")?;
    let part = send(
        lab,
        requests::Req::new("PUT", path.clone())
            .query("partNumber", "1")
            .query("uploadId", upload_id.clone())
            .body(text.as_bytes().to_vec()),
    );
    ok(&part)?;
    let etag = part.header("ETag").unwrap_or("").to_string();
    let mut complete = requests::Req::new("POST", path)
        .query("uploadId", upload_id)
        .body(format!(
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
        ));
    if a.flag("--forbid-overwrite") {
        complete = complete.header("x-oss-forbid-overwrite", "true");
    }
    ok(&send(lab, complete))?;
    Ok(format!(
        "Succeed: Total num: 1, size: {}. OK num: 1(upload 1 files).\n",
        text.len()
    ))
}

fn rm(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = a.url()?;
    done(send(
        lab,
        requests::delete_object(&bucket, &key, a.value("--version-id")),
    ))
}

fn restore(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = a.url()?;
    let days = a.value("--days").and_then(|d| d.parse().ok()).unwrap_or(1);
    let tier = a
        .value("--tier")
        .map(|t| Tier::parse(t).map_err(|_| format!("Error: invalid tier {t:?}")))
        .transpose()?;
    done(send(
        lab,
        requests::restore_object(&bucket, &key, a.value("--version-id"), days, tier),
    ))
}

/// `bucket-versioning --method put oss://b enabled|suspended`, `--method get oss://b`.
fn bucket_versioning(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, _) = a.url()?;
    match a.value("--method").unwrap_or("get") {
        "put" => {
            let status = match a
                .positional
                .get(1)
                .map(|s| s.to_ascii_lowercase())
                .as_deref()
            {
                Some("enabled") => "Enabled",
                Some("suspended") => "Suspended",
                _ => {
                    return Err(
                        "Error: bucket-versioning --method put needs enabled or suspended".into(),
                    )
                }
            };
            done(send(lab, requests::put_versioning(&bucket, status)))
        }
        "get" => {
            let resp = send(
                lab,
                requests::Req::new("GET", requests::bucket_path(&bucket)).query("versioning", ""),
            );
            ok(&resp)?;
            let status = crate::wire::xml::read_document(&resp.body)
                .ok()
                .and_then(|d| d.find("Status").map(|s| s.text.clone()))
                .unwrap_or_default();
            Ok(format!("\nbucket versioning status:\n{status}\n"))
        }
        other => Err(format!("Error: --method must be put or get, not {other:?}")),
    }
}

/// `lifecycle --method put oss://b text:"<xml>"`, `--method get`, `--method delete`.
fn lifecycle(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, _) = a.url()?;
    let with = |method: &str| {
        requests::Req::new(method, requests::bucket_path(&bucket)).query("lifecycle", "")
    };
    match a.value("--method").unwrap_or("get") {
        "put" => {
            let src = a.positional.get(1).ok_or(
                "Error: lifecycle --method put needs the rules: text:\"<LifecycleConfiguration>…\"",
            )?;
            let xml = text_source(src, "lifecycle")?;
            done(send(lab, with("PUT").body(xml.as_bytes().to_vec())))
        }
        "get" => {
            let resp = send(lab, with("GET"));
            ok(&resp)?;
            Ok(format!("{}\n", String::from_utf8_lossy(&resp.body)))
        }
        "delete" => done(send(lab, with("DELETE"))),
        other => Err(format!(
            "Error: --method must be put, get or delete, not {other:?}"
        )),
    }
}

/// `bill oss://b`: osslab's bill endpoint, the JSON it answers.
fn bill(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, _) = a.url()?;
    let resp = send(lab, requests::get_bill(&bucket));
    ok(&resp)?;
    let pretty = serde_json::from_slice::<serde_json::Value>(&resp.body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| String::from_utf8_lossy(&resp.body).into_owned());
    Ok(format!("{pretty}\n"))
}

/// `clock`, `clock pause`, `clock play`, `clock +1m`: the lab's virtual clock.
fn clock(lab: LabCtx, a: &Args) -> Result<String, String> {
    match a.positional.first().map(String::as_str) {
        None => {}
        Some("pause") => {
            lab.update(|l| {
                l.clock.set_playing(false, real_now());
                l.tick()
            });
        }
        Some("play") => {
            lab.update(|l| {
                l.clock.set_playing(true, real_now());
                l.tick()
            });
        }
        Some(step) => {
            let ms = parse_duration(step)
                .ok_or_else(|| format!("Error: clock takes pause, play or a duration such as +1m, +2h, +3d, not {step:?}"))?;
            lab.update(|l| l.advance(ms));
        }
    }
    let (now, playing) = lab.read_untracked(|l| (l.engine.now(), l.clock.is_playing()));
    Ok(format!(
        "clock: {} ({})\n",
        crate::present::clock_text(now),
        if playing { "playing" } else { "paused" }
    ))
}

/// `du`: sizes by class like ossutil, plus each version's cost (docs/fidelity.md, "What
/// versions cost"). Read from the engine's meter: the cost is osslab's, no OSS request has it.
fn du(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, prefix) = a.url()?;
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
    let (bucket, _) = a.url()?;
    let req = if cmd == "mb" {
        requests::put_bucket(&bucket)
    } else {
        requests::delete_bucket(&bucket)
    };
    done(send(lab, req))
}

/// `appendfromfile`: AppendObject at the object's length (ossutil reads it with HEAD first,
/// as the lab does: the HEAD shows in the request log too).
fn append_from_file(lab: LabCtx, a: &Args) -> Result<String, String> {
    let [src, dst] = a.positional.as_slice() else {
        return Err(format!(
            "Error: appendfromfile needs a source and an oss:// destination\n\n{HELP}"
        ));
    };
    let text = text_source(src, "appendfromfile")?;
    let (bucket, key) = parse_url(dst).map_err(|e| format!("Error: {e}"))?;
    if let Some(p) = a.value("--position") {
        // The lab's option: append at a given position without reading the length first,
        // to see what OSS answers to a wrong one.
        let position = p
            .parse()
            .map_err(|_| format!("Error: --position must be a number, not {p:?}"))?;
        let resp = send(
            lab,
            super::writes::append_object(&bucket, &key, position, text.as_bytes().to_vec()),
        );
        ok(&resp)?;
        return Ok(format!(
            "the object new size is {}, append file success.\n",
            resp.header("x-oss-next-append-position").unwrap_or("?")
        ));
    }
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
    ok(&resp)?;
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
    let (bucket, key) = parse_url(link).map_err(|e| format!("Error: {e}"))?;
    let target = if target.starts_with("oss://") {
        let (tb, tk) = parse_url(target).map_err(|e| format!("Error: {e}"))?;
        if tb != bucket {
            return Err("Error: the target must be in the symlink's bucket".into());
        }
        tk
    } else {
        target.clone()
    };
    done(send(
        lab,
        super::writes::put_symlink(&bucket, &key, &target),
    ))
}

/// `read-symlink`: ETag, Last-Modified and X-Oss-Symlink-Target, as ossutil prints them.
fn read_symlink(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = a.url()?;
    let resp = send(
        lab,
        super::writes::get_symlink(&bucket, &key, a.value("--version-id")),
    );
    ok(&resp)?;
    Ok(format::symlink_lines(&resp))
}
