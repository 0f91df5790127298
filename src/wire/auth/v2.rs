//! Signature V2 (`OSS2 AccessKeyId:…` headers and `x-oss-signature-version=OSS2` URLs).

use super::canonical::{
    base64_engine_encode, canonical_query, ct_eq, header_joined, hmac_sha256, signed_headers_block,
    split_header_list, uri_encode,
};
use super::check::{check_expiry, lookup_secret, parse_epoch_secs, valid_access_key_id};
use super::failure::{
    malformed, EC_URL_BAD_AK, EC_URL_BAD_EXPIRES, EC_URL_NO_AK, EC_URL_NO_SIG, EC_V2_BAD_KEY,
    EC_V2_EMPTY_EXPIRES, EC_V2_FORMAT, EC_V2_NO_EXPIRES, MSG_BAD_AUTH_HEADER,
};
use super::types::{AuthFailure, AuthOutcome, AuthScheme, SignTarget};
use super::v1::resource_path;
use crate::wire::http::WireRequest;

/// Splits the comma-separated `name<sep>value` fields of a V2 (`:`) or V4 (`=`) `Authorization`
/// value into the slots named by `names` (key, signature, additional headers). `ecs` are the
/// OSS error codes for a malformed field and for an unknown field name; a repeated field is
/// malformed too.
pub(super) fn auth_fields<'a>(
    rest: &'a str,
    sep: char,
    names: [&str; 3],
    [ec_format, ec_unknown]: [&'static str; 2],
    auth: &str,
) -> Result<[Option<&'a str>; 3], AuthFailure> {
    let mut slots = [None; 3];
    for part in rest.split(',') {
        let Some((k, v)) = part.trim().split_once(sep) else {
            return Err(malformed(MSG_BAD_AUTH_HEADER, ec_format, Some(auth)));
        };
        let Some(i) = names.iter().position(|n| *n == k) else {
            return Err(malformed(MSG_BAD_AUTH_HEADER, ec_unknown, Some(auth)));
        };
        if slots[i].replace(v).is_some() {
            return Err(malformed(MSG_BAD_AUTH_HEADER, ec_format, Some(auth)));
        }
    }
    Ok(slots)
}

pub(super) fn verify_v2_header(
    req: &WireRequest,
    target: &SignTarget,
    lookup: &dyn Fn(&str) -> Option<String>,
    auth: &str,
    rest: &str,
) -> Result<AuthOutcome, AuthFailure> {
    let [ak, sig, additional] = auth_fields(
        rest,
        ':',
        ["AccessKeyId", "Signature", "AdditionalHeaders"],
        [EC_V2_FORMAT, EC_V2_BAD_KEY],
        auth,
    )?;
    let (Some(ak), Some(sig)) = (ak, sig) else {
        return Err(malformed(MSG_BAD_AUTH_HEADER, EC_V2_FORMAT, Some(auth)));
    };
    if !valid_access_key_id(ak) || sig.is_empty() {
        return Err(malformed(MSG_BAD_AUTH_HEADER, EC_V2_FORMAT, Some(auth)));
    }
    let secret = lookup_secret(lookup, ak)?;
    let additional = split_header_list(additional.unwrap_or(""));
    let date = header_joined(req, "date").unwrap_or_default();
    let sts = v2_string_to_sign(req, target, &date, &additional, None);
    finish_v2(sts, &secret, ak, sig, AuthScheme::V2Header)
}

pub(super) fn verify_v2_query(
    req: &WireRequest,
    target: &SignTarget,
    lookup: &dyn Fn(&str) -> Option<String>,
    now_ms: i64,
) -> Result<AuthOutcome, AuthFailure> {
    let ak = match req.query_param("x-oss-access-key-id") {
        Some(a) if valid_access_key_id(a) => a,
        Some(_) => {
            return Err(malformed(
                "x-oss-access-key-id is invalid.",
                EC_URL_BAD_AK,
                None,
            ))
        }
        None => {
            return Err(malformed(
                "x-oss-access-key-id is missing.",
                EC_URL_NO_AK,
                None,
            ))
        }
    };
    let expires = match req.query_param("x-oss-expires") {
        None => {
            return Err(malformed(
                "x-oss-expires is missing.",
                EC_V2_NO_EXPIRES,
                None,
            ))
        }
        Some("") => {
            return Err(malformed(
                "x-oss-expires is empty.",
                EC_V2_EMPTY_EXPIRES,
                None,
            ))
        }
        Some(e) => e,
    };
    let Some(expires_secs) = parse_epoch_secs(expires) else {
        return Err(malformed(
            "x-oss-expires is invalid.",
            EC_URL_BAD_EXPIRES,
            None,
        ));
    };
    let sig = match req.query_param("x-oss-signature") {
        Some(s) if !s.is_empty() => s,
        _ => {
            return Err(malformed(
                "x-oss-signature is missing.",
                EC_URL_NO_SIG,
                None,
            ))
        }
    };
    check_expiry(AuthScheme::V2Query, expires_secs, now_ms)?;
    let secret = lookup_secret(lookup, ak)?;
    let additional = split_header_list(req.query_param("x-oss-additional-headers").unwrap_or(""));
    let sts = v2_string_to_sign(req, target, expires, &additional, Some("x-oss-signature"));
    finish_v2(sts, &secret, ak, sig, AuthScheme::V2Query)
}

pub(super) fn finish_v2(
    sts: String,
    secret: &str,
    ak: &str,
    provided: &str,
    scheme: AuthScheme,
) -> Result<AuthOutcome, AuthFailure> {
    let computed = base64_engine_encode(&hmac_sha256(secret.as_bytes(), sts.as_bytes()));
    if ct_eq(&computed, provided) {
        Ok(AuthOutcome::Signed {
            scheme,
            access_key_id: ak.to_string(),
            region: None,
        })
    } else {
        Err(AuthFailure::SignatureDoesNotMatch {
            scheme,
            string_to_sign: sts,
            provided: provided.to_string(),
            access_key_id: ak.to_string(),
            canonical_request: None,
        })
    }
}

/// V2: every query parameter is signed, keys and values RFC 3986-encoded; the resource path is
/// encoded too, `/` included.
pub(super) fn v2_string_to_sign(
    req: &WireRequest,
    target: &SignTarget,
    date: &str,
    additional: &[String],
    skip_param: Option<&str>,
) -> String {
    let mut s = signed_headers_block(req, date, |n| {
        n.starts_with("x-oss-") || additional.iter().any(|a| a == n)
    });
    s.push_str(&additional.join(";"));
    s.push('\n');
    s.push_str(&uri_encode(&resource_path(target), false));
    let query = canonical_query(&req.query, skip_param);
    if !query.is_empty() {
        s.push('?');
        s.push_str(&query);
    }
    s
}
