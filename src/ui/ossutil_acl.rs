//! ossutil's ACL, tagging and bucket-statistics commands (`set-acl`, `object-tagging`,
//! `stat oss://bucket`), sending the requests ossutil 1.x sends.

use super::ossutil_send::{done, send};
use super::requests;
use super::state::LabCtx;
use crate::console::ossutil::Args;
use crate::console::ossutil_format::{bucket_stat_lines, error_line, grant, tagging_lines};
use crate::engine::acl::{BucketAcl, ObjectAcl};

/// GetObjectACL's grant, as `ossutil stat` shows it; `None` when the request fails.
pub(super) fn object_acl(
    lab: LabCtx,
    bucket: &str,
    key: &str,
    version: Option<&str>,
) -> Option<String> {
    let resp = send(lab, requests::get_object_acl(bucket, key, version));
    if resp.status != 200 {
        return None;
    }
    grant(&resp.body)
}

/// `set-acl oss://bucket/key ACL [--version-id ID]`, `set-acl oss://bucket ACL -b`.
pub(super) fn set_acl(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = a.url()?;
    let acl = a
        .positional
        .get(1)
        .ok_or("Error: set-acl needs an ACL: private, public-read, public-read-write or default")?;
    let req = if a.flag("-b") || a.flag("--bucket") || key.is_empty() {
        let acl = BucketAcl::parse(acl).map_err(|_| format!("Error: invalid acl: {acl}"))?;
        requests::put_bucket_acl(&bucket, acl)
    } else {
        let acl = ObjectAcl::parse(acl).map_err(|_| format!("Error: invalid acl: {acl}"))?;
        requests::put_object_acl(&bucket, &key, a.value("--version-id"), acl)
    };
    done(send(lab, req))
}

/// `object-tagging --method put oss://b/k key#value ...`, `--method get`, `--method delete`.
pub(super) fn object_tagging(lab: LabCtx, a: &Args) -> Result<String, String> {
    let (bucket, key) = a.url()?;
    let version = a.value("--version-id");
    match a.value("--method").unwrap_or("get") {
        "put" => {
            let pairs: Vec<String> = a.positional[1..]
                .iter()
                .map(|t| {
                    let (k, v) = t.split_once('#').unwrap_or((t, ""));
                    format!("{}={}", enc(k), enc(v))
                })
                .collect();
            if pairs.is_empty() {
                return Err("Error: put needs at least one tag: key#value".into());
            }
            let req = requests::set_object_tagging(&bucket, &key, version, &pairs.join("&"));
            done(send(lab, req))
        }
        "delete" => done(send(
            lab,
            requests::set_object_tagging(&bucket, &key, version, ""),
        )),
        "get" => {
            let resp = send(lab, requests::get_object_tagging(&bucket, &key, version));
            if resp.status != 200 {
                return Err(error_line(&resp));
            }
            tagging_lines(&key, &resp.body)
        }
        other => Err(format!(
            "Error: --method must be put, get or delete, not {other:?}"
        )),
    }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `stat oss://bucket`: the bucket's ACL and GetBucketStat's figures.
pub(super) fn bucket_stat(lab: LabCtx, bucket: &str) -> Result<String, String> {
    let acl = send(
        lab,
        requests::Req::new("GET", requests::bucket_path(bucket)).query("acl", ""),
    );
    if acl.status != 200 {
        return Err(error_line(&acl));
    }
    let grant = grant(&acl.body).unwrap_or_default();
    let resp = send(lab, requests::get_bucket_stat(bucket));
    if resp.status != 200 {
        return Err(error_line(&resp));
    }
    bucket_stat_lines(bucket, &grant, &resp.body)
}
