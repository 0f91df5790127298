//! Signature V4 (`OSS4-HMAC-SHA256` headers and URLs): credential scope, canonical request,
//! string to sign and signing key.

use sha2::{Digest, Sha256};

use super::canonical::{
    canonical_headers, canonical_query, ct_eq, header_joined, hmac_sha256, normalize_list,
    split_header_list, uri_encode,
};
use super::check::{check_expiry, lookup_secret, parse_epoch_secs, valid_access_key_id};
use super::failure::{
    malformed, EC_V4_BAD_AK, EC_V4_BAD_PRODUCT, EC_V4_DATE, EC_V4_FORMAT, EC_V4_MISSING_FIELD,
    EC_V4_URL_BAD_AK, EC_V4_URL_BAD_EXPIRES, EC_V4_URL_NO_SIG, MSG_BAD_AUTH_HEADER,
};
use super::types::{AuthFailure, AuthOutcome, AuthScheme, SignTarget};
use super::v1::resource_path;
use super::v2::auth_fields;
use crate::wire::http::WireRequest;

pub(super) struct V4Credential<'a> {
    ak: &'a str,
    date: &'a str,
    region: &'a str,
    product: &'a str,
}

/// `<ak>/<yyyymmdd>/<region>/<product>/aliyun_v4_request`.
pub(super) fn parse_v4_credential<'a>(
    cred: &'a str,
    auth: Option<&str>,
    bad_ak_ec: &'static str,
) -> Result<V4Credential<'a>, AuthFailure> {
    let format_err = || malformed(MSG_BAD_AUTH_HEADER, EC_V4_FORMAT, auth);
    let mut parts = cred.rsplitn(5, '/');
    let (Some(terminator), Some(product), Some(region), Some(date), Some(ak)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(format_err());
    };
    if terminator != "aliyun_v4_request" {
        return Err(format_err());
    }
    if !valid_access_key_id(ak) {
        return Err(malformed(MSG_BAD_AUTH_HEADER, bad_ak_ec, auth));
    }
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(MSG_BAD_AUTH_HEADER, EC_V4_DATE, auth));
    }
    if region.is_empty() {
        // Real OSS answers an empty region with "Authorization header is invalid." (and echoes
        // the header); EC inferred.
        return Err(malformed(MSG_BAD_AUTH_HEADER, EC_V4_DATE, auth));
    }
    // `oss` for OSS, `oss-cloudbox` for CloudBox buckets.
    if product != "oss" && product != "oss-cloudbox" {
        return Err(malformed(
            "Invalid signing product in Authorization header.",
            EC_V4_BAD_PRODUCT,
            auth,
        ));
    }
    Ok(V4Credential {
        ak,
        date,
        region,
        product,
    })
}

/// Parses `YYYYMMDDTHHMMSSZ` into epoch seconds.
pub(super) fn parse_iso8601_basic(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    let month = time::Month::try_from(u8::try_from(digits(4..6)?).ok()?).ok()?;
    let day = u8::try_from(digits(6..8)?).ok()?;
    let hour = u8::try_from(digits(9..11)?).ok()?;
    let minute = u8::try_from(digits(11..13)?).ok()?;
    let second = u8::try_from(digits(13..15)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let t = time::Time::from_hms(hour, minute, second).ok()?;
    Some(
        time::PrimitiveDateTime::new(date, t)
            .assume_utc()
            .unix_timestamp(),
    )
}

pub(super) fn verify_v4_header(
    req: &WireRequest,
    target: &SignTarget,
    lookup: &dyn Fn(&str) -> Option<String>,
    auth: &str,
    rest: &str,
) -> Result<AuthOutcome, AuthFailure> {
    // oss2 separates the fields with ", ", the V2 SDKs and the doc samples with ","; both parse.
    let [credential, signature, additional] = auth_fields(
        rest,
        '=',
        ["Credential", "Signature", "AdditionalHeaders"],
        [EC_V4_FORMAT, EC_V4_FORMAT],
        auth,
    )?;
    let (Some(credential), Some(signature)) = (credential, signature) else {
        return Err(malformed(
            MSG_BAD_AUTH_HEADER,
            EC_V4_MISSING_FIELD,
            Some(auth),
        ));
    };
    if signature.is_empty() {
        return Err(malformed(
            MSG_BAD_AUTH_HEADER,
            EC_V4_MISSING_FIELD,
            Some(auth),
        ));
    }
    let cred = parse_v4_credential(credential, Some(auth), EC_V4_BAD_AK)?;
    let Some(x_oss_date) = header_joined(req, "x-oss-date") else {
        return Err(malformed(
            "x-oss-date header is missing.",
            EC_V4_DATE,
            Some(auth),
        ));
    };
    if parse_iso8601_basic(&x_oss_date).is_none() || x_oss_date.get(..8) != Some(cred.date) {
        return Err(malformed(
            "Invalid signing date in Authorization header.",
            EC_V4_DATE,
            Some(auth),
        ));
    }
    let secret = lookup_secret(lookup, cred.ak)?;
    let additional = split_header_list(additional.unwrap_or(""));
    let canonical = v4_canonical_request(req, target, &additional, None);
    finish_v4(
        canonical,
        &x_oss_date,
        &cred,
        &secret,
        signature,
        AuthScheme::V4Header,
    )
}

pub(super) fn verify_v4_query(
    req: &WireRequest,
    target: &SignTarget,
    lookup: &dyn Fn(&str) -> Option<String>,
    now_ms: i64,
) -> Result<AuthOutcome, AuthFailure> {
    let Some(credential) = req.query_param("x-oss-credential") else {
        return Err(malformed(
            "x-oss-credential is missing.",
            EC_V4_URL_BAD_AK,
            None,
        ));
    };
    let cred = parse_v4_credential(credential, None, EC_V4_URL_BAD_AK)?;
    let Some(x_oss_date) = req.query_param("x-oss-date") else {
        return Err(malformed("x-oss-date is missing.", EC_V4_DATE, None));
    };
    let Some(signed_at) = parse_iso8601_basic(x_oss_date) else {
        return Err(malformed("x-oss-date is invalid.", EC_V4_DATE, None));
    };
    if x_oss_date.get(..8) != Some(cred.date) {
        return Err(malformed(
            "x-oss-date does not match x-oss-credential.",
            EC_V4_DATE,
            None,
        ));
    }
    let expires = match req.query_param("x-oss-expires").and_then(parse_epoch_secs) {
        Some(e) if (1..=604_800).contains(&e) => e,
        _ => {
            return Err(malformed(
                "x-oss-expires is invalid.",
                EC_V4_URL_BAD_EXPIRES,
                None,
            ))
        }
    };
    let signature = match req.query_param("x-oss-signature") {
        Some(s) if !s.is_empty() => s,
        _ => {
            return Err(malformed(
                "x-oss-signature is missing.",
                EC_V4_URL_NO_SIG,
                None,
            ))
        }
    };
    check_expiry(
        AuthScheme::V4Query,
        signed_at.saturating_add(expires),
        now_ms,
    )?;
    let secret = lookup_secret(lookup, cred.ak)?;
    let additional = split_header_list(req.query_param("x-oss-additional-headers").unwrap_or(""));
    let canonical = v4_canonical_request(req, target, &additional, Some("x-oss-signature"));
    finish_v4(
        canonical,
        x_oss_date,
        &cred,
        &secret,
        signature,
        AuthScheme::V4Query,
    )
}

pub(super) fn finish_v4(
    canonical: String,
    x_oss_date: &str,
    cred: &V4Credential<'_>,
    secret: &str,
    provided: &str,
    scheme: AuthScheme,
) -> Result<AuthOutcome, AuthFailure> {
    let sts = v4_string_to_sign(&canonical, x_oss_date, cred.date, cred.region, cred.product);
    let computed = v4_signature(secret, cred.date, cred.region, cred.product, &sts);
    if ct_eq(&computed, &provided.to_ascii_lowercase()) {
        Ok(AuthOutcome::Signed {
            scheme,
            access_key_id: cred.ak.to_string(),
            region: Some(cred.region.to_string()),
        })
    } else {
        Err(AuthFailure::SignatureDoesNotMatch {
            scheme,
            string_to_sign: sts,
            provided: provided.to_string(),
            access_key_id: cred.ak.to_string(),
            canonical_request: Some(canonical),
        })
    }
}

/// The V4 canonical request. `additional` are the lower-case AdditionalHeaders names (any
/// order: they are sorted here, because oss2 lists them in its header only partly sorted while
/// signing them fully sorted). An `x-oss-signature` query parameter (a presigned URL's own
/// signature) is left out of the canonical query, as it is not part of what was signed.
pub fn canonical_request_v4(req: &WireRequest, target: &SignTarget, additional: &[&str]) -> String {
    let additional: Vec<String> = additional.iter().map(|s| s.to_string()).collect();
    v4_canonical_request(
        req,
        target,
        &normalize_list(additional),
        Some("x-oss-signature"),
    )
}

pub(super) fn v4_canonical_request(
    req: &WireRequest,
    target: &SignTarget,
    additional: &[String],
    skip_param: Option<&str>,
) -> String {
    let mut s = String::new();
    s.push_str(&req.method);
    s.push('\n');
    let uri = match &target.bucket {
        None => "/".to_string(),
        Some(_) => resource_path(target),
    };
    s.push_str(&uri_encode(&uri, true));
    s.push('\n');
    s.push_str(&canonical_query(&req.query, skip_param));
    s.push('\n');
    for (k, v) in canonical_headers(req, |n| {
        n.starts_with("x-oss-")
            || n == "content-type"
            || n == "content-md5"
            || additional.iter().any(|a| a == n)
    }) {
        s.push_str(&k);
        s.push(':');
        s.push_str(&v);
        s.push('\n');
    }
    s.push('\n');
    s.push_str(&additional.join(";"));
    s.push('\n');
    match header_joined(req, "x-oss-content-sha256") {
        Some(h) if !h.is_empty() => s.push_str(&h),
        _ => s.push_str("UNSIGNED-PAYLOAD"),
    }
    s
}

pub(super) fn v4_string_to_sign(
    canonical: &str,
    x_oss_date: &str,
    date: &str,
    region: &str,
    product: &str,
) -> String {
    format!(
        "OSS4-HMAC-SHA256\n{}\n{}/{}/{}/aliyun_v4_request\n{}",
        x_oss_date,
        date,
        region,
        product,
        hex::encode(Sha256::digest(canonical.as_bytes()))
    )
}

pub(super) fn v4_signature(
    secret: &str,
    date: &str,
    region: &str,
    product: &str,
    sts: &str,
) -> String {
    let k = hmac_sha256(format!("aliyun_v4{secret}").as_bytes(), date.as_bytes());
    let k = hmac_sha256(&k, region.as_bytes());
    let k = hmac_sha256(&k, product.as_bytes());
    let k = hmac_sha256(&k, b"aliyun_v4_request");
    hex::encode(hmac_sha256(&k, sts.as_bytes()))
}
