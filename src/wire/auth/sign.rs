//! Producing signatures as the SDKs do: V1 and V4 headers, V1 and V4 presigned URLs, and the
//! PostObject policy signatures.

use super::canonical::{base64_hmac_sha1, header_first, normalize_list, uri_encode};
use super::types::{Credentials, SignTarget};
use super::v1::{string_to_sign_v1, v1_date};
use super::v4::{v4_canonical_request, v4_signature, v4_string_to_sign};
use crate::wire::http::WireRequest;

pub(super) fn set_header(req: &mut WireRequest, name: &str, value: &str) {
    req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    req.headers.push((name.to_string(), value.to_string()));
}

/// Signs `req` the way oss2's `Auth` does: sets `date` to `date_http` and `authorization` to
/// `OSS <ak>:<signature>`. An `x-oss-date` header already on the request is the Date line
/// instead, as in oss2.
pub fn sign_v1_header(
    req: &mut WireRequest,
    target: &SignTarget,
    creds: &Credentials,
    date_http: &str,
) {
    set_header(req, "date", date_http);
    req.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
    let date = v1_date(req);
    let sts = string_to_sign_v1(req, target, &date);
    let sig = base64_hmac_sha1(&creds.access_key_secret, &sts);
    req.headers.push((
        "authorization".to_string(),
        format!("OSS {}:{}", creds.access_key_id, sig),
    ));
}

/// Signs `req` with V4 in the header, as oss2's `AuthV4` does: sets `x-oss-date`,
/// `x-oss-content-sha256: UNSIGNED-PAYLOAD` (unless a payload hash is already set) and
/// `authorization`. `x_oss_date` is `YYYYMMDDTHHMMSSZ`.
pub fn sign_v4_header(
    req: &mut WireRequest,
    target: &SignTarget,
    creds: &Credentials,
    region: &str,
    x_oss_date: &str,
) {
    sign_v4_header_with(req, target, creds, region, x_oss_date, &[]);
}

/// [`sign_v4_header`] with extra signed headers. As in the SDKs, names that are signed anyway
/// (`x-oss-*`, `content-type`, `content-md5`) and names absent from the request are dropped.
pub fn sign_v4_header_with(
    req: &mut WireRequest,
    target: &SignTarget,
    creds: &Credentials,
    region: &str,
    x_oss_date: &str,
    additional_headers: &[&str],
) {
    set_header(req, "x-oss-date", x_oss_date);
    if header_first(req, "x-oss-content-sha256").is_none() {
        req.headers.push((
            "x-oss-content-sha256".to_string(),
            "UNSIGNED-PAYLOAD".to_string(),
        ));
    }
    req.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
    let additional = effective_additional(req, additional_headers);
    let date = x_oss_date.get(..8).unwrap_or(x_oss_date);
    let canonical = v4_canonical_request(req, target, &additional, None);
    let sts = v4_string_to_sign(&canonical, x_oss_date, date, region, "oss");
    let sig = v4_signature(&creds.access_key_secret, date, region, "oss", &sts);
    // The documented layout: Credential, AdditionalHeaders, Signature, separated by ", "
    // (identical to oss2's output when there are no additional headers).
    let mut value = format!(
        "OSS4-HMAC-SHA256 Credential={}/{}/{}/oss/aliyun_v4_request",
        creds.access_key_id, date, region
    );
    if !additional.is_empty() {
        value.push_str(", AdditionalHeaders=");
        value.push_str(&additional.join(";"));
    }
    value.push_str(", Signature=");
    value.push_str(&sig);
    req.headers.push(("authorization".to_string(), value));
}

pub(super) fn effective_additional(req: &WireRequest, additional_headers: &[&str]) -> Vec<String> {
    normalize_list(
        additional_headers
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| {
                !h.is_empty()
                    && !h.starts_with("x-oss-")
                    && h != "content-type"
                    && h != "content-md5"
                    && header_first(req, h).is_some()
            })
            .collect(),
    )
}

/// V1 presigned URL parameters for `req` (its method, signed headers and sub-resources), valid
/// until `expires_epoch_secs`: `OSSAccessKeyId`, `Expires`, `Signature` (decoded values; append
/// them to the query and render with [`encode_query`]).
pub fn presign_v1(
    req: &WireRequest,
    target: &SignTarget,
    creds: &Credentials,
    expires_epoch_secs: i64,
) -> Vec<(String, String)> {
    let expires = expires_epoch_secs.to_string();
    let sts = string_to_sign_v1(req, target, &expires);
    let sig = base64_hmac_sha1(&creds.access_key_secret, &sts);
    vec![
        ("OSSAccessKeyId".to_string(), creds.access_key_id.clone()),
        ("Expires".to_string(), expires),
        ("Signature".to_string(), sig),
    ]
}

/// V4 presigned URL parameters for `req`, signed at `x_oss_date` (`YYYYMMDDTHHMMSSZ`) and valid
/// for `expires_secs` seconds: `x-oss-signature-version`, `x-oss-credential`, `x-oss-date`,
/// `x-oss-expires`, optionally `x-oss-additional-headers`, and `x-oss-signature` (decoded
/// values, in the order oss2 appends them).
pub fn presign_v4(
    req: &WireRequest,
    target: &SignTarget,
    creds: &Credentials,
    region: &str,
    x_oss_date: &str,
    expires_secs: i64,
    additional_headers: &[&str],
) -> Vec<(String, String)> {
    let date = x_oss_date.get(..8).unwrap_or(x_oss_date);
    let additional = effective_additional(req, additional_headers);
    let mut params = vec![
        ("x-oss-date".to_string(), x_oss_date.to_string()),
        ("x-oss-expires".to_string(), expires_secs.to_string()),
        (
            "x-oss-signature-version".to_string(),
            "OSS4-HMAC-SHA256".to_string(),
        ),
        (
            "x-oss-credential".to_string(),
            format!(
                "{}/{}/{}/oss/aliyun_v4_request",
                creds.access_key_id, date, region
            ),
        ),
    ];
    if !additional.is_empty() {
        params.push(("x-oss-additional-headers".to_string(), additional.join(";")));
    }
    let mut signed = req.clone();
    signed.query.extend(params.iter().cloned());
    let canonical = v4_canonical_request(&signed, target, &additional, Some("x-oss-signature"));
    let sts = v4_string_to_sign(&canonical, x_oss_date, date, region, "oss");
    params.push((
        "x-oss-signature".to_string(),
        v4_signature(&creds.access_key_secret, date, region, "oss", &sts),
    ));
    params
}

/// Renders query parameters as a URL query string (without `?`), RFC 3986-encoded; an empty
/// value is a bare name, as oss2 writes sub-resources.
pub fn encode_query(params: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&uri_encode(k, false));
        if !v.is_empty() {
            out.push('=');
            out.push_str(&uri_encode(v, false));
        }
    }
    out
}

/// PostObject, V1: the `Signature` form field is base64(HMAC-SHA1(secret, policy)), where
/// `policy` is the base64 text of the `policy` field as sent.
pub(crate) fn post_policy_signature_v1(secret: &str, policy: &str) -> String {
    base64_hmac_sha1(secret, policy)
}

/// PostObject, V4: the `x-oss-signature` form field is the V4 signature (signing key from
/// `date` and `region`, product `oss`) of the base64 `policy` text as the string to sign.
pub(crate) fn post_policy_signature_v4(
    secret: &str,
    date: &str,
    region: &str,
    policy: &str,
) -> String {
    v4_signature(secret, date, region, "oss", policy)
}
