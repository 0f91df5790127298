//! How exchanges are written out for people: raw HTTP text with pretty-printed XML, and the
//! oss2 (Python SDK) call that sends the same request.

use quick_xml::events::Event;
use quick_xml::{Reader, Writer};

use super::explain::reason;
use crate::wire::access::access_key_id;
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::osslab::is_toolkit_path;
use crate::wire::route::{classify, resolve_target, Op};

/// Bodies longer than this are cut in the log (a 1 MB upload would freeze the page).
const BODY_PREVIEW: usize = 4096;

/// `?a=1&versions`: bare sub-resources without `=`, values percent-encoded.
pub fn query_string(query: &[(String, String)]) -> String {
    if query.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = query
        .iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k}={}", super::requests::encode_key(v))
            }
        })
        .collect();
    format!("?{}", parts.join("&"))
}

/// XML re-indented two spaces per level; anything that is not well-formed comes back as is.
pub fn pretty_xml(text: &str) -> String {
    let mut reader = Reader::from_str(text);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            Ok(e) => {
                if writer.write_event(e).is_err() {
                    return text.to_string();
                }
            }
            Err(_) => return text.to_string(),
        }
    }
    String::from_utf8(writer.into_inner()).unwrap_or_else(|_| text.to_string())
}

/// A body for display as the bytes on the wire: the text exactly as sent (so it matches
/// Content-Length; cut at [`BODY_PREVIEW`], saying so), or a byte count for binary data.
pub fn body_text(body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return format!("<{} bytes of binary data>", body.len());
    };
    cut(text)
}

/// The body's XML indented for reading: a second view, never the bytes sent. `None` when
/// the body is not XML (or too big to re-indent), or indenting changes nothing.
pub fn pretty_body_text(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.trim_start().starts_with('<') || body.len() > 64 * 1024 {
        return None;
    }
    let pretty = pretty_xml(text);
    (pretty != text).then(|| cut(&pretty))
}

fn cut(text: &str) -> String {
    if text.len() <= BODY_PREVIEW {
        return text.to_string();
    }
    let mut end = BODY_PREVIEW;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n… ({} bytes in all)", &text[..end], text.len())
}

fn headers_text(out: &mut String, headers: &[(impl AsRef<str>, impl AsRef<str>)]) {
    for (k, v) in headers {
        out.push_str(k.as_ref());
        out.push_str(": ");
        out.push_str(v.as_ref());
        out.push('\n');
    }
}

/// The request as sent: request line, headers, the body's exact bytes.
pub fn request_text(req: &WireRequest) -> String {
    head_and_body(request_head(req), body_text(&req.body))
}

/// [`request_text`] with the XML body indented (`None` if that changes nothing).
pub fn request_text_pretty(req: &WireRequest) -> Option<String> {
    pretty_body_text(&req.body).map(|b| head_and_body(request_head(req), b))
}

fn head_and_body(mut head: String, body: String) -> String {
    if !body.is_empty() {
        head.push('\n');
        head.push_str(&body);
    }
    head
}

fn request_head(req: &WireRequest) -> String {
    let mut out = format!(
        "{} {}{} HTTP/1.1\n",
        req.method,
        req.path,
        query_string(&req.query)
    );
    headers_text(&mut out, &req.headers);
    out
}

pub fn status_line(status: u16) -> String {
    format!("HTTP/1.1 {status} {}", reason(status))
}

/// The response as sent: status line, headers, the body's exact bytes.
pub fn response_text(resp: &WireResponse) -> String {
    head_and_body(response_head(resp), body_text(&resp.body))
}

/// [`response_text`] with the XML body indented (`None` if that changes nothing).
pub fn response_text_pretty(resp: &WireResponse) -> Option<String> {
    pretty_body_text(&resp.body).map(|b| head_and_body(response_head(resp), b))
}

fn response_head(resp: &WireResponse) -> String {
    let mut out = status_line(resp.status);
    out.push('\n');
    headers_text(&mut out, &resp.headers);
    out
}

/// Python string literal.
fn py(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('\'', "\\'")
        .replace('\n', "\\n");
    format!("'{escaped}'")
}

fn py_dict(pairs: &[(String, String)]) -> String {
    let items: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}: {}", py(k), py(v)))
        .collect();
    format!("{{{}}}", items.join(", "))
}

/// The `x-oss-*` headers an SDK user would pass explicitly (not the ones the SDK adds).
fn user_headers(req: &WireRequest) -> Vec<(String, String)> {
    req.headers
        .iter()
        .filter(|(k, _)| {
            k.starts_with("x-oss-")
                && !matches!(
                    k.as_str(),
                    "x-oss-date" | "x-oss-content-sha256" | "x-oss-copy-source"
                )
        })
        .cloned()
        .collect()
}

fn body_literal(req: &WireRequest) -> String {
    match std::str::from_utf8(&req.body) {
        Ok(t) if t.len() <= 200 => py(t),
        _ => format!("open('local-file', 'rb')  # {} bytes", req.body.len()),
    }
}

/// Quote an ossutil argument when it needs it.
fn sh(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=".contains(c))
    {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The ossutil 1.x command doing the same, when there is one.
pub fn ossutil_command(req: &WireRequest) -> String {
    if is_toolkit_path(&req.path) {
        return "# An osslab-only endpoint (OSS has no such API), so ossutil has no command for it.\n".into();
    }
    let target = resolve_target(req, &[]).unwrap_or_default();
    let bucket = target.bucket.clone().unwrap_or_default();
    let url = match &target.key {
        Some(k) => sh(&format!("oss://{bucket}/{k}")),
        None => format!("oss://{bucket}"),
    };
    let version = req
        .query_param("versionId")
        .map(|v| format!(" --version-id {}", sh(v)))
        .unwrap_or_default();
    let local = target
        .key
        .as_deref()
        .and_then(|k| k.rsplit('/').next())
        .unwrap_or("file");
    let cmd = match classify(req, &target) {
        Ok(Op::ListBuckets) => "ossutil ls".to_string(),
        Ok(Op::PutBucket) => format!("ossutil mb {url}"),
        Ok(Op::DeleteBucket) => format!("ossutil rb {url}"),
        Ok(Op::PutBucketVersioning) => {
            let status = if String::from_utf8_lossy(&req.body).contains("Suspended") {
                "suspended"
            } else {
                "enabled"
            };
            format!("ossutil bucket-versioning --method put {url} {status}")
        }
        Ok(Op::GetBucketVersioning) => format!("ossutil bucket-versioning --method get {url}"),
        Ok(Op::ListObjects | Op::ListObjectsV2) => format!(
            "ossutil ls {url}/{}",
            req.query_param("prefix").unwrap_or("")
        ),
        Ok(Op::ListObjectVersions) => format!(
            "ossutil ls {url}/{} --all-versions",
            req.query_param("prefix").unwrap_or("")
        ),
        Ok(Op::PutObject) => {
            let mut opts = String::new();
            if let Some(c) = req.header("x-oss-storage-class") {
                opts.push_str(&format!(" --meta x-oss-storage-class:{c}"));
            }
            let meta: Vec<String> = req
                .headers
                .iter()
                .filter(|(k, _)| k.starts_with("x-oss-meta-") || k == "x-oss-forbid-overwrite")
                .map(|(k, v)| format!("{k}:{v}"))
                .collect();
            if !meta.is_empty() {
                opts.push_str(&format!(" --meta {}", sh(&meta.join("#"))));
            }
            format!("ossutil cp {} {url}{opts}", sh(local))
        }
        Ok(Op::GetObject) => format!("ossutil cp {url} {}{version}", sh(local)),
        Ok(Op::HeadObject | Op::GetObjectMeta) => format!("ossutil stat {url}{version}"),
        Ok(Op::DeleteObject) => format!("ossutil rm {url}{version}"),
        Ok(Op::DeleteMultipleObjects) => {
            format!("ossutil rm {url} -r   # batch delete of the listed keys")
        }
        Ok(Op::CopyObject) => {
            let src = req.header("x-oss-copy-source").unwrap_or("");
            let (src_path, src_version) = src.split_once("?versionId=").unwrap_or((src, ""));
            let decoded = percent_encoding::percent_decode_str(src_path).decode_utf8_lossy();
            let v = if src_version.is_empty() {
                String::new()
            } else {
                format!(" --version-id {}", sh(src_version))
            };
            let class = req
                .header("x-oss-storage-class")
                .map(|c| format!(" --meta x-oss-storage-class:{c}"))
                .unwrap_or_default();
            format!(
                "ossutil cp {} {url}{v}{class}",
                sh(&format!("oss:/{decoded}"))
            )
        }
        Ok(Op::RestoreObject) => format!("ossutil restore {url}{version}"),
        Ok(Op::AppendObject) => format!("ossutil appendfromfile {} {url}", sh(local)),
        Ok(Op::PutSymlink) => {
            let target = req.header("x-oss-symlink-target").unwrap_or("");
            let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
            format!(
                "ossutil create-symlink {url} {}",
                sh(&format!("oss://{bucket}/{target}"))
            )
        }
        Ok(Op::GetSymlink) => format!("ossutil read-symlink {url}{version}"),
        Ok(op) => format!("# ossutil has no direct command for {}", op.name()),
        Err(_) => "# This request does not name an OSS operation.".to_string(),
    };
    format!("{cmd}\n")
}

/// Python (standard library) sending an osslab-only JSON request to `osslab serve`.
fn osslab_snippet(req: &WireRequest) -> String {
    let data = if req.body.is_empty() {
        String::new()
    } else {
        format!(", data={}", py(&String::from_utf8_lossy(&req.body)))
    };
    format!(
        "# An osslab-only endpoint (OSS has no API for it); against `osslab serve`:\nimport urllib.request\nreq = urllib.request.Request('http://127.0.0.1:9000{}{}'{data}, method={}, headers={{'Content-Type': 'application/json'}})\nprint(urllib.request.urlopen(req).read().decode())\n",
        req.path,
        query_string(&req.query),
        py(&req.method)
    )
}

/// Texts of every `<name>…</name>` of an XML body (the request bodies here are flat).
fn xml_values<'a>(body: &'a str, name: &str) -> Vec<&'a str> {
    body.split(&format!("<{name}>"))
        .skip(1)
        .filter_map(|s| s.split(&format!("</{name}>")).next())
        .collect()
}

/// The oss2 call sending this request (with its set-up lines), as a docs example would.
pub fn oss2_snippet(req: &WireRequest) -> String {
    if is_toolkit_path(&req.path) {
        return osslab_snippet(req);
    }
    let target = resolve_target(req, &[]).unwrap_or_default();
    let bucket = target
        .bucket
        .clone()
        .unwrap_or_else(|| "examplebucket".into());
    let key = target.key.clone().unwrap_or_default();
    let setup = format!(
        "import oss2\nauth = oss2.AuthV4('{ak}', '<secret>')\nbucket = oss2.Bucket(auth, 'https://{host}', {b}, region='{region}')\n",
        ak = access_key_id(req).unwrap_or_else(|| super::requests::DEMO_AK.to_string()),
        host = super::requests::HOST,
        b = py(&bucket),
        region = super::requests::REGION,
    );
    let version = req.query_param("versionId").map(str::to_string);
    let params = match &version {
        Some(v) => format!(", params={{'versionId': {}}}", py(v)),
        None => String::new(),
    };
    let headers = user_headers(req);
    let hdrs = if headers.is_empty() {
        String::new()
    } else {
        format!(", headers={}", py_dict(&headers))
    };
    let k = py(&key);
    let call = match classify(req, &target) {
        Ok(Op::ListBuckets) => "service = oss2.Service(auth, 'https://oss-cn-hangzhou.aliyuncs.com')\nfor b in oss2.BucketIterator(service):\n    print(b.name)".to_string(),
        Ok(Op::PutBucket) => "bucket.create_bucket()".into(),
        Ok(Op::DeleteBucket) => "bucket.delete_bucket()".into(),
        Ok(Op::PutBucketVersioning) => {
            let status = if String::from_utf8_lossy(&req.body).contains("Suspended") {
                "oss2.BUCKET_VERSIONING_SUSPEND"
            } else {
                "oss2.BUCKET_VERSIONING_ENABLE"
            };
            format!("config = oss2.models.BucketVersioningConfig()\nconfig.status = {status}\nbucket.put_bucket_versioning(config)")
        }
        Ok(Op::GetBucketVersioning) => "print(bucket.get_bucket_versioning().status)".into(),
        Ok(Op::ListObjects | Op::ListObjectsV2) => format!(
            "for obj in oss2.ObjectIteratorV2(bucket, prefix={}, delimiter={}):\n    print(obj.key, obj.size, obj.storage_class)",
            py(req.query_param("prefix").unwrap_or("")),
            py(req.query_param("delimiter").unwrap_or(""))
        ),
        Ok(Op::ListObjectVersions) => format!(
            "result = bucket.list_object_versions(prefix={}, key_marker={}, versionid_marker={})\nfor v in result.versions:\n    print(v.key, v.versionid, v.is_latest)\nfor m in result.delete_marker:\n    print(m.key, m.versionid, 'delete marker')",
            py(req.query_param("prefix").unwrap_or("")),
            py(req.query_param("key-marker").unwrap_or("")),
            py(req.query_param("version-id-marker").unwrap_or(""))
        ),
        Ok(Op::PutObject) => format!("result = bucket.put_object({k}, {}{hdrs})\nprint(result.status, result.versionid)", body_literal(req)),
        Ok(Op::GetObject) => format!("print(bucket.get_object({k}{params}).read())"),
        Ok(Op::HeadObject | Op::GetObjectMeta) => format!("print(bucket.head_object({k}{params}).headers)"),
        Ok(Op::DeleteObject) => format!("result = bucket.delete_object({k}{params})\nprint(result.delete_marker, result.versionid)"),
        Ok(Op::CopyObject) => {
            let src = req.header("x-oss-copy-source").unwrap_or("");
            let (src_path, src_version) = src.split_once("?versionId=").unwrap_or((src, ""));
            let decoded = percent_encoding::percent_decode_str(src_path).decode_utf8_lossy();
            let (src_bucket, src_key) = decoded.trim_start_matches('/').split_once('/').unwrap_or(("", ""));
            let src_params = if src_version.is_empty() {
                String::new()
            } else {
                format!(", params={{'versionId': {}}}", py(src_version))
            };
            format!(
                "result = bucket.copy_object({}, {}, {k}{hdrs}{src_params})\nprint(result.versionid)",
                py(src_bucket),
                py(src_key)
            )
        }
        Ok(Op::RestoreObject) => {
            let body = String::from_utf8_lossy(&req.body);
            let days = body
                .split("<Days>")
                .nth(1)
                .and_then(|s| s.split('<').next())
                .unwrap_or("1")
                .to_string();
            let tier = body
                .split("<Tier>")
                .nth(1)
                .and_then(|s| s.split('<').next())
                .map(|t| format!(", job_parameters=oss2.models.RestoreJobParameters({})", py(t)))
                .unwrap_or_default();
            format!("config = oss2.models.RestoreConfiguration(days={days}{tier})\nbucket.restore_object({k}, input=config{params})")
        }
        Ok(Op::CleanRestoredObject) => format!(
            "# oss2 has no clean_restored_object(); the V2 SDK (alibabacloud_oss_v2) does:\n# client.clean_restored_object(oss.CleanRestoredObjectRequest(bucket={}, key={k}))\nbucket._do_object('POST', {k}, params={{'cleanRestoredObject': ''{}}})",
            py(&bucket),
            version.as_ref().map(|v| format!(", 'versionId': {}", py(v))).unwrap_or_default()
        ),
        Ok(Op::DeleteMultipleObjects) => {
            let body = String::from_utf8_lossy(&req.body);
            let has_versions = body.contains("<VersionId>");
            let mut keys = Vec::new();
            for part in body.split("<Object>").skip(1) {
                let key = part.split("<Key>").nth(1).and_then(|s| s.split("</Key>").next()).unwrap_or("");
                let vid = part.split("<VersionId>").nth(1).and_then(|s| s.split("</VersionId>").next());
                let key = quick_xml::escape::unescape(key).map(|c| c.into_owned()).unwrap_or_default();
                keys.push((key, vid.map(str::to_string)));
            }
            if has_versions {
                let items: Vec<String> = keys
                    .iter()
                    .map(|(k, v)| format!("versions.append(oss2.models.BatchDeleteObjectVersion({}, {}))", py(k), py(v.as_deref().unwrap_or(""))))
                    .collect();
                format!("versions = oss2.models.BatchDeleteObjectVersionList()\n{}\nbucket.delete_object_versions(versions)", items.join("\n"))
            } else {
                let list: Vec<String> = keys.iter().map(|(k, _)| py(k)).collect();
                format!("bucket.batch_delete_objects([{}])", list.join(", "))
            }
        }
        Ok(Op::PutBucketReplication) => {
            let body = String::from_utf8_lossy(&req.body);
            let one = |name: &str| xml_values(&body, name).first().map(|v| py(v)).unwrap_or_else(|| "''".into());
            let action = match xml_values(&body, "Action").first() {
                Some(&"PUT") => "ReplicationRule.PUT",
                _ => "ReplicationRule.ALL",
            };
            let prefixes: Vec<String> = xml_values(&body, "Prefix").into_iter().map(py).collect();
            let prefixes = if prefixes.is_empty() { "None".to_string() } else { format!("[{}]", prefixes.join(", ")) };
            format!(
                "from oss2.models import ReplicationRule\nrule = ReplicationRule(target_bucket_name={}, target_bucket_location={}, action_list=[{action}], prefix_list={prefixes}, is_enable_historical_object_replication={})\nbucket.put_bucket_replication(rule)",
                one("Bucket"),
                one("Location"),
                if body.contains("<HistoricalObjectReplication>disabled") { "False" } else { "True" }
            )
        }
        Ok(Op::GetBucketReplication) => "for r in bucket.get_bucket_replication().rule_list:\n    print(r.rule_id, r.target_bucket_name, r.action_list, r.status)".into(),
        Ok(Op::DeleteBucketReplication) => {
            let body = String::from_utf8_lossy(&req.body);
            let id = xml_values(&body, "ID").first().map(|v| py(v)).unwrap_or_else(|| "''".into());
            format!("bucket.delete_bucket_replication({id})")
        }
        Ok(Op::GetBucketReplicationProgress) => format!(
            "p = bucket.get_bucket_replication_progress({}).progress\nprint(p.status, p.historical_object_progress, p.new_object_progress)",
            py(req.query_param("rule-id").unwrap_or(""))
        ),
        Ok(Op::AppendObject) => format!(
            "result = bucket.append_object({k}, {}, {})\nprint(result.next_position, result.crc)",
            req.query_param("position").unwrap_or("0"),
            body_literal(req)
        ),
        Ok(Op::PutSymlink) => {
            let target = req.header("x-oss-symlink-target").unwrap_or("");
            let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
            format!("result = bucket.put_symlink({}, {k})\nprint(result.versionid)", py(&target))
        }
        Ok(Op::GetSymlink) => format!("print(bucket.get_symlink({k}{params}).target_key)"),
        Ok(op) => format!("# {} has no one-line oss2 helper here; see the raw request.", op.name()),
        Err(_) => "# This request does not name an OSS operation.".into(),
    };
    format!("{setup}{call}\n")
}
