//! PostObject: browser form uploads (`POST /bucket`, `multipart/form-data`), with OSS's
//! post policy (base64 JSON: `expiration` and `conditions`) and its V1 (`OSSAccessKeyId`,
//! `Signature`) or V4 (`x-oss-signature-version`, `x-oss-credential`, `x-oss-date`,
//! `x-oss-signature`) signature fields. Rules and choices: docs/fidelity.md §AppendObject,
//! PostObject and symlinks.
//!
//! The body is parsed by `multer`, whose parser is async: the whole body is already in
//! memory, so it is fed as one ready chunk and every poll completes at once (driven with a
//! no-op waker; a pending poll cannot happen and would read as a malformed body).

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde_json::Value;

use crate::wire::auth;
use crate::wire::config::WireConfig;
use crate::wire::format::{etag_header, parse_iso8601, quoted_etag};
use crate::wire::headers as h;
use crate::wire::http::{WireRequest, WireResponse};

use super::call::Call;
use super::resp::header_list;
use crate::engine::acl::ObjectAcl;
use crate::engine::objects::{PutMode, PutObject};
use crate::engine::tagging::{self, Tags};
use crate::engine::{Engine, ObjectMeta};
use crate::wire::{OssError, OssResult};

/// The form as sent: text fields before the file, in order, and the file.
struct Form {
    fields: Vec<(String, String)>,
    file: Option<FilePart>,
}

struct FilePart {
    filename: String,
    bytes: Vec<u8>,
}

impl Form {
    /// A field by name; form field names are case-insensitive in OSS (except the value of
    /// `x-oss-meta-*`, which is kept as sent).
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Poll a future that can only be ready (its input is all in memory).
fn ready<F: Future>(f: F) -> Option<F::Output> {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => Some(v),
        Poll::Pending => None,
    }
}

/// Read the form. Fields after the file are ignored: OSS requires the file to be the last
/// field (PostObject doc), so nothing after it can describe the upload.
fn parse_form(req: &WireRequest) -> OssResult<Form> {
    let bad = OssError::malformed_post_request;
    let content_type = req.header("content-type").unwrap_or("");
    let boundary = multer::parse_boundary(content_type).map_err(|_| bad())?;
    let body = bytes::Bytes::copy_from_slice(&req.body);
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut form = Form {
        fields: Vec::new(),
        file: None,
    };
    loop {
        let field = match ready(multipart.next_field()) {
            Some(Ok(Some(f))) => f,
            Some(Ok(None)) => break,
            Some(Err(_)) | None => return Err(bad()),
        };
        let name = field.name().unwrap_or("").to_string();
        let filename = field.file_name().map(str::to_string);
        let bytes = match ready(field.bytes()) {
            Some(Ok(b)) => b,
            Some(Err(_)) | None => return Err(bad()),
        };
        if name.eq_ignore_ascii_case("file") {
            form.file = Some(FilePart {
                filename: filename.unwrap_or_default(),
                bytes: bytes.to_vec(),
            });
            break;
        }
        let value = String::from_utf8(bytes.to_vec()).map_err(|_| bad())?;
        form.fields.push((name, value));
    }
    Ok(form)
}

/// A decoded policy: when it expires and its conditions, in order.
struct Policy {
    expiration: i64,
    conditions: Vec<Value>,
}

fn parse_policy(b64: &str) -> OssResult<Policy> {
    let invalid_json = || OssError::invalid_policy_document("Invalid JSON.", "0006-00000204");
    let bytes = B64.decode(b64.trim()).map_err(|_| invalid_json())?;
    let doc: Value = serde_json::from_slice(&bytes).map_err(|_| invalid_json())?;
    let obj = doc.as_object().ok_or_else(invalid_json)?;
    if let Some(other) = obj
        .keys()
        .find(|k| *k != "expiration" && *k != "conditions")
    {
        return Err(OssError::invalid_policy_document(
            &format!("Unsupported parameter {other:?}."),
            "0006-00000206",
        ));
    }
    let expiration = obj
        .get("expiration")
        .and_then(Value::as_str)
        .and_then(parse_iso8601)
        .ok_or_else(|| {
            OssError::invalid_policy_document("Invalid 'expiration' value.", "0006-00000201")
        })?;
    let conditions = match obj.get("conditions") {
        Some(Value::Array(c)) => c.clone(),
        _ => return Err(OssError::invalid_policy_document(
            "Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.",
            "0006-00000207",
        )),
    };
    Ok(Policy {
        expiration,
        conditions,
    })
}

/// The value a condition's `$name` refers to: `bucket` is the bucket, any other name a
/// form field (absent fields read as empty, so `starts-with ""` admits them).
fn subject<'a>(form: &'a Form, bucket: &'a str, name: &str) -> &'a str {
    let name = name.strip_prefix('$').unwrap_or(name);
    if name.eq_ignore_ascii_case("bucket") {
        bucket
    } else {
        form.get(name).unwrap_or("")
    }
}

/// Check every condition; `size` is the file's length (for `content-length-range`).
fn check_conditions(policy: &Policy, form: &Form, bucket: &str, size: u64) -> OssResult<()> {
    let invalid = |c: &Value| {
        OssError::invalid_policy_document(&format!("Invalid condition {c}."), "0006-00000201")
    };
    let failed = |c: &Value| OssError::post_condition_failed(&c.to_string());
    for c in &policy.conditions {
        match c {
            // `{"name": "value"}`: exactly one property, an exact match.
            Value::Object(m) => {
                let (name, want) = match (m.len(), m.iter().next()) {
                    (1, Some((k, Value::String(v)))) => (k, v),
                    _ => return Err(invalid(c)),
                };
                if subject(form, bucket, name) != want {
                    return Err(failed(c));
                }
            }
            Value::Array(a) => match a.first().and_then(Value::as_str) {
                Some("content-length-range") => {
                    let bound = |i: usize| a.get(i).and_then(Value::as_u64);
                    let (Some(min), Some(max), 3) = (bound(1), bound(2), a.len()) else {
                        return Err(OssError::invalid_policy_document(
                            "Invalid content-length-range.",
                            "0006-00000221",
                        ));
                    };
                    if min > max {
                        return Err(OssError::invalid_policy_document(
                            "Invalid content-length-range.",
                            "0006-00000221",
                        ));
                    }
                    if size > max {
                        return Err(OssError::post_entity_too_large());
                    }
                    if size < min {
                        return Err(OssError::post_entity_too_small());
                    }
                }
                Some(op @ ("eq" | "starts-with")) => {
                    let (Some(name), Some(want), 3) = (
                        a.get(1).and_then(Value::as_str),
                        a.get(2).and_then(Value::as_str),
                        a.len(),
                    ) else {
                        return Err(invalid(c));
                    };
                    let got = subject(form, bucket, name);
                    let ok = if op == "eq" {
                        got == want
                    } else {
                        got.starts_with(want)
                    };
                    if !ok {
                        return Err(failed(c));
                    }
                }
                Some(op @ ("in" | "not-in")) => {
                    let (Some(name), Some(Value::Array(list)), 3) =
                        (a.get(1).and_then(Value::as_str), a.get(2), a.len())
                    else {
                        return Err(invalid(c));
                    };
                    let got = subject(form, bucket, name);
                    let found = list.iter().any(|v| v.as_str() == Some(got));
                    if found != (op == "in") {
                        return Err(failed(c));
                    }
                }
                _ => return Err(invalid(c)),
            },
            _ => return Err(invalid(c)),
        }
    }
    Ok(())
}

/// Check the V1 or V4 signature over the policy text against the configured keys (and the
/// lab's identities). Without configured keys any signature is accepted, as for headers.
fn check_signature(
    engine: &Engine,
    form: &Form,
    policy_b64: &str,
    config: &WireConfig,
) -> OssResult<()> {
    if config.credentials.is_empty() {
        return Ok(());
    }
    let secret_of = |ak: &str| crate::wire::access::secret_of(engine, config, ak);
    let unknown = |ak: &str| {
        OssError::new(
            403,
            "InvalidAccessKeyId",
            "The OSS Access Key Id you provided does not exist in our records.",
            "0002-00000902",
        )
        .with_detail("OSSAccessKeyId", ak)
    };
    let mismatch = |ak: &str, provided: &str, ec: &'static str| {
        OssError::new(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            ec,
        )
        .with_detail("OSSAccessKeyId", ak)
        .with_detail("SignatureProvided", provided)
        .with_detail("StringToSign", policy_b64)
    };
    if let Some(version) = form.get("x-oss-signature-version") {
        if version != "OSS4-HMAC-SHA256" {
            return Err(OssError::invalid_argument_named(
                "x-oss-signature-version",
                version,
                "x-oss-signature-version must be OSS4-HMAC-SHA256.",
                "0002-00000203",
            ));
        }
        let credential = form.get("x-oss-credential").unwrap_or("");
        let parts: Vec<&str> = credential.split('/').collect();
        let [ak, date, region, "oss", "aliyun_v4_request"] = parts[..] else {
            return Err(OssError::invalid_argument_named(
                "x-oss-credential",
                credential,
                "x-oss-credential is not <AccessKeyId>/<date>/<region>/oss/aliyun_v4_request.",
                "0002-00000203",
            ));
        };
        let secret = secret_of(ak).ok_or_else(|| unknown(ak))?;
        let provided = form.get("x-oss-signature").unwrap_or("");
        let want = auth::post_policy_signature_v4(&secret, date, region, policy_b64);
        if !auth::ct_eq(&want, provided) {
            return Err(mismatch(ak, provided, "0002-00000201"));
        }
        return Ok(());
    }
    let Some(ak) = form.get("OSSAccessKeyId") else {
        // Unsigned: like an anonymous request to a private bucket.
        return Err(OssError::access_denied(
            "You have no right to access this object because of bucket acl.",
        ));
    };
    let secret = secret_of(ak).ok_or_else(|| unknown(ak))?;
    let provided = form.get("Signature").unwrap_or("");
    if !auth::ct_eq(
        &auth::post_policy_signature_v1(&secret, policy_b64),
        provided,
    ) {
        return Err(mismatch(ak, provided, "0002-00000040"));
    }
    Ok(())
}

/// The object's headers from the form: `Content-Type` (else the file part's own type is not
/// used: OSS takes the field), `Cache-Control`, `Content-Disposition`, `Content-Encoding`,
/// `Expires` and `x-oss-meta-*`.
fn form_meta(form: &Form) -> ObjectMeta {
    let get = |n: &str| form.get(n).map(str::to_string);
    let user = form
        .fields
        .iter()
        .filter_map(|(k, v)| {
            let lower = k.to_ascii_lowercase();
            lower
                .strip_prefix("x-oss-meta-")
                .map(|m| (m.to_string(), v.clone()))
        })
        .collect();
    ObjectMeta {
        content_type: get("Content-Type"),
        cache_control: get("Cache-Control"),
        content_disposition: get("Content-Disposition"),
        content_encoding: get("Content-Encoding"),
        content_language: None,
        expires: get("Expires"),
        user,
    }
}

pub(super) fn post_object(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket, config) = (c.req, c.bucket, c.config);
    engine.bucket(bucket)?;
    let form = parse_form(req)?;
    let key_template = form.get("key").ok_or_else(OssError::post_key_missing)?;
    let file = form.file.as_ref().ok_or_else(OssError::post_file_missing)?;
    // `${filename}` is the name of the uploaded file (PostObject doc, `key`).
    let key = key_template.replace("${filename}", &file.filename);
    let signed = form.get("OSSAccessKeyId").is_some()
        || form.get("x-oss-signature").is_some()
        || form.get("Signature").is_some();
    match form.get("policy") {
        Some(policy_b64) => {
            let policy = parse_policy(policy_b64)?;
            check_signature(engine, &form, policy_b64, config)?;
            if policy.expiration <= engine.now() {
                return Err(OssError::post_policy_expired());
            }
            check_conditions(&policy, &form, bucket, file.bytes.len() as u64)?;
        }
        None if signed => return Err(OssError::post_policy_missing()),
        None if !config.credentials.is_empty() => {
            return Err(OssError::access_denied(
                "You have no right to access this object because of bucket acl.",
            ))
        }
        None => {}
    }
    let storage_class = form
        .get("x-oss-storage-class")
        .map(h::storage_class_value)
        .transpose()?;
    let mode = form
        .get("x-oss-forbid-overwrite")
        .map_or(Ok(PutMode::Overwrite), h::put_mode_value)?;
    let w = engine.put_object(PutObject {
        bucket: bucket.into(),
        key: key.clone(),
        body: Arc::from(file.bytes.as_slice()),
        meta: form_meta(&form),
        storage_class,
        mode,
        content_md5: None,
        // The form fields, read as the headers of the same names are on PutObject.
        acl: form
            .get("x-oss-object-acl")
            .map_or(Ok(ObjectAcl::Default), ObjectAcl::parse)?,
        tags: form
            .get("x-oss-tagging")
            .map_or(Ok(Tags::default()), tagging::parse_header)?,
    })?;
    let mut headers = vec![
        ("ETag", etag_header(&w.etag)),
        ("x-oss-hash-crc64ecma", w.crc64.to_string()),
    ];
    if let Some(v) = &w.version_id {
        headers.push(("x-oss-version-id", v.clone()));
    }
    // success_action_redirect wins over success_action_status (PostObject doc).
    if let Some(url) = form
        .get("success_action_redirect")
        .filter(|u| !u.is_empty())
    {
        let sep = if url.contains('?') { '&' } else { '?' };
        let location = format!(
            "{url}{sep}bucket={}&key={}&etag={}",
            crate::wire::format::url_encode_key(bucket),
            crate::wire::format::url_encode_key(&key),
            crate::wire::format::url_encode_key(&w.etag.text()),
        );
        headers.push(("Location", location));
        return Ok(header_list(303, headers, Vec::new()));
    }
    match form.get("success_action_status") {
        Some("200") => Ok(header_list(200, headers, Vec::new())),
        Some("201") => {
            let host = req.host().unwrap_or("localhost");
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PostResponse>\n  <Bucket>{}</Bucket>\n  <Location>http://{}/{}/{}</Location>\n  <Key>{}</Key>\n  <ETag>{}</ETag>\n</PostResponse>",
                xml_escape(bucket),
                xml_escape(host),
                xml_escape(bucket),
                xml_escape(&crate::wire::format::url_encode_key(&key)),
                xml_escape(&key),
                quoted_etag(&w.etag.text()),
            );
            headers.push(("Content-Type", "application/xml".into()));
            Ok(header_list(201, headers, body.into_bytes()))
        }
        // Absent or any other value: 204 (PostObject doc).
        _ => Ok(header_list(204, headers, Vec::new())),
    }
}

fn xml_escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}
