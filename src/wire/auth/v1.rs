//! Signature V1 (`OSS ak:sig` headers and `OSSAccessKeyId`/`Expires`/`Signature` URLs).

use super::canonical::{base64_hmac_sha1, ct_eq, header_joined, signed_headers_block};
use super::check::{check_expiry, lookup_secret, parse_epoch_secs, valid_access_key_id};
use super::failure::{
    malformed, EC_URL_BAD_AK, EC_URL_BAD_EXPIRES, EC_URL_EMPTY_EXPIRES, EC_URL_NO_AK,
    EC_URL_NO_EXPIRES, EC_URL_NO_SIG, EC_V1_BAD_AK, EC_V1_NO_AK, EC_V1_NO_COLON, EC_V1_NO_SIG,
    MSG_BAD_AUTH_HEADER,
};
use super::types::{AuthFailure, AuthOutcome, AuthScheme, SignTarget};
use crate::wire::http::WireRequest;

pub(super) fn verify_v1_header(
    req: &WireRequest,
    target: &SignTarget,
    lookup: &dyn Fn(&str) -> Option<String>,
    auth: &str,
    rest: &str,
) -> Result<AuthOutcome, AuthFailure> {
    let Some((ak, sig)) = rest.split_once(':') else {
        return Err(malformed(MSG_BAD_AUTH_HEADER, EC_V1_NO_COLON, Some(auth)));
    };
    // "OSS  :sig" (the doc example of a missing AccessKeyId) leaves a blank id.
    if ak.trim().is_empty() {
        return Err(malformed(MSG_BAD_AUTH_HEADER, EC_V1_NO_AK, Some(auth)));
    }
    if !valid_access_key_id(ak) {
        return Err(malformed(MSG_BAD_AUTH_HEADER, EC_V1_BAD_AK, Some(auth)));
    }
    if sig.is_empty() {
        return Err(malformed(MSG_BAD_AUTH_HEADER, EC_V1_NO_SIG, Some(auth)));
    }
    let secret = lookup_secret(lookup, ak)?;
    let date = v1_date(req);
    check_v1(
        req,
        target,
        &date,
        &secret,
        ak,
        sig,
        AuthScheme::V1Header,
        &[],
    )
}

pub(super) fn verify_v1_query(
    req: &WireRequest,
    target: &SignTarget,
    lookup: &dyn Fn(&str) -> Option<String>,
    now_ms: i64,
) -> Result<AuthOutcome, AuthFailure> {
    let Some(ak) = req.query_param("OSSAccessKeyId") else {
        return Err(malformed("OSSAccessKeyId is missing.", EC_URL_NO_AK, None));
    };
    if !valid_access_key_id(ak) {
        return Err(malformed("OSSAccessKeyId is invalid.", EC_URL_BAD_AK, None));
    }
    let expires = match req.query_param("Expires") {
        None => return Err(malformed("Expires is missing.", EC_URL_NO_EXPIRES, None)),
        Some("") => return Err(malformed("Expires is empty.", EC_URL_EMPTY_EXPIRES, None)),
        Some(e) => e,
    };
    let Some(expires_secs) = parse_epoch_secs(expires) else {
        return Err(malformed("Expires is invalid.", EC_URL_BAD_EXPIRES, None));
    };
    let sig = match req.query_param("Signature") {
        Some(s) if !s.is_empty() => s,
        _ => return Err(malformed("Signature is missing.", EC_URL_NO_SIG, None)),
    };
    check_expiry(AuthScheme::V1Query, expires_secs, now_ms)?;
    let secret = lookup_secret(lookup, ak)?;
    // In a V1 URL the `Expires` value takes the place of the Date line.
    check_v1(
        req,
        target,
        expires,
        &secret,
        ak,
        sig,
        AuthScheme::V1Query,
        &["OSSAccessKeyId", "Expires", "Signature"],
    )
}

/// The V1 Date line: `x-oss-date` when present (oss2 prefers it), else `Date`.
pub(super) fn v1_date(req: &WireRequest) -> String {
    match header_joined(req, "x-oss-date") {
        Some(d) if !d.is_empty() => d,
        _ => header_joined(req, "date").unwrap_or_default(),
    }
}

/// How a query parameter takes part in the V1 canonicalized resource.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum V1Param {
    /// On oss2's sub-resource list (the superset the old SDKs share): always signed.
    Signed,
    /// Never signed by any SDK (listing parameters, the URL-signature parameters).
    Unsigned,
    /// Signed by some official SDKs but not by oss2 (e.g. `cleanRestoredObject`, which the
    /// V2 SDKs add as an operation sub-resource): both forms are accepted; the newer SDKs' form
    /// (signed) is the one reported in SignatureDoesNotMatch.
    EitherPreferSigned,
    /// Unknown names (and `x-oss-*` names outside oss2's list, which the V2 SDKs sign): both
    /// forms are accepted; oss2's form (unsigned) is the one reported.
    EitherPreferUnsigned,
}

/// oss2 2.19.1 `ProviderAuth._subresource_key_set`, plus the static lists of the V2 Python and
/// Go SDKs (all contained in it except `cloudboxes`). Names only — this is protocol data.
pub(super) const V1_SUBRESOURCES: &[&str] = &[
    "acl",
    "append",
    "asyncFetch",
    "bucketArchiveDirectRead",
    "bucketInfo",
    "callback",
    "callback-var",
    "cloudboxes",
    "cname",
    "comp",
    "continuation-token",
    "cors",
    "delete",
    "encryption",
    "endTime",
    "group",
    "httpsConfig",
    "inventory",
    "inventoryId",
    "lifecycle",
    "link",
    "live",
    "location",
    "logging",
    "metaQuery",
    "objectInfo",
    "objectMeta",
    "partNumber",
    "policy",
    "position",
    "publicAccessBlock",
    "qos",
    "qosInfo",
    "qosRequester",
    "redundancyTransition",
    "referer",
    "regionList",
    "replication",
    "replicationLocation",
    "replicationProgress",
    "requestPayment",
    "requesterQosInfo",
    "resourceGroup",
    "resourcePool",
    "resourcePoolBuckets",
    "resourcePoolInfo",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "security-token",
    "sequential",
    "startTime",
    "stat",
    "status",
    "style",
    "styleName",
    "symlink",
    "tagging",
    "transferAcceleration",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "vod",
    "website",
    "worm",
    "wormExtend",
    "wormId",
    "accessPoint",
    "accessPointPolicy",
    "x-oss-access-point-name",
    "x-oss-ac-forward-allow",
    "x-oss-ac-source-ip",
    "x-oss-ac-subnet-mask",
    "x-oss-ac-vpc-id",
    "x-oss-async-process",
    "x-oss-process",
    "x-oss-redundancy-transition-taskid",
    "x-oss-request-payer",
    "x-oss-target-redundancy-type",
    "x-oss-traffic-limit",
    "x-oss-write-get-object-response",
];

/// Signed by another official SDK's V1 signer but not by oss2: the V2 SDKs' per-operation
/// sub-resources (`cleanRestoredObject`) and the extra names of the Go V1 SDK.
pub(super) const V1_SUBRESOURCES_OTHER_SDKS: &[&str] = &[
    "cleanRestoredObject",
    "img",
    "responseHeader",
    "rtc",
    "udf",
    "udfApplication",
    "udfApplicationLog",
    "udfId",
    "udfImage",
    "udfImageDesc",
    "udfName",
    "withHashContext",
    "x-oss-enable-md5",
    "x-oss-enable-sha1",
    "x-oss-enable-sha256",
    "x-oss-hash-ctx",
    "x-oss-md5-ctx",
];

/// Parameters no SDK signs under V1.
pub(super) const V1_NEVER_SIGNED: &[&str] = &[
    "prefix",
    "marker",
    "max-keys",
    "delimiter",
    "encoding-type",
    "list-type",
    "start-after",
    "fetch-owner",
    "key-marker",
    "version-id-marker",
    "upload-id-marker",
    "max-uploads",
    "max-parts",
    "part-number-marker",
    "OSSAccessKeyId",
    "Expires",
    "Signature",
];

pub(super) fn v1_param_class(name: &str) -> V1Param {
    if V1_SUBRESOURCES.contains(&name) {
        V1Param::Signed
    } else if V1_NEVER_SIGNED.contains(&name) {
        V1Param::Unsigned
    } else if V1_SUBRESOURCES_OTHER_SDKS.contains(&name) {
        V1Param::EitherPreferSigned
    } else {
        V1Param::EitherPreferUnsigned
    }
}

/// More optional parameters than this and only the two "all in / all out" variants are tried,
/// so hostile requests cannot make verification exponential.
pub(super) const MAX_AMBIGUOUS: usize = 6;

#[allow(clippy::too_many_arguments)]
pub(super) fn check_v1(
    req: &WireRequest,
    target: &SignTarget,
    date: &str,
    secret: &str,
    ak: &str,
    provided: &str,
    scheme: AuthScheme,
    skip: &[&str],
) -> Result<AuthOutcome, AuthFailure> {
    // Distinct ambiguous names, in order of appearance.
    let mut ambiguous: Vec<(&str, bool)> = Vec::new();
    for (k, _) in &req.query {
        if skip.contains(&k.as_str()) {
            continue;
        }
        let class = v1_param_class(k);
        let prefer = match class {
            V1Param::EitherPreferSigned => true,
            V1Param::EitherPreferUnsigned => false,
            _ => continue,
        };
        if !ambiguous.iter().any(|(n, _)| *n == k.as_str()) {
            ambiguous.push((k.as_str(), prefer));
        }
    }
    let preferred: Vec<&str> = ambiguous
        .iter()
        .filter(|(_, p)| *p)
        .map(|(n, _)| *n)
        .collect();
    let reported = v1_string_to_sign_with(req, target, date, skip, &preferred);
    if ct_eq(&base64_hmac_sha1(secret, &reported), provided) {
        return Ok(AuthOutcome::Signed {
            scheme,
            access_key_id: ak.to_string(),
            region: None,
        });
    }
    let names: Vec<&str> = ambiguous.iter().map(|(n, _)| *n).collect();
    let variants: Vec<Vec<&str>> = if names.len() <= MAX_AMBIGUOUS {
        (0u32..(1u32 << names.len()))
            .map(|mask| {
                names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, n)| *n)
                    .collect()
            })
            .collect()
    } else {
        vec![Vec::new(), names.clone()]
    };
    for included in variants {
        if included == preferred {
            continue;
        }
        let sts = v1_string_to_sign_with(req, target, date, skip, &included);
        if ct_eq(&base64_hmac_sha1(secret, &sts), provided) {
            return Ok(AuthOutcome::Signed {
                scheme,
                access_key_id: ak.to_string(),
                region: None,
            });
        }
    }
    Err(AuthFailure::SignatureDoesNotMatch {
        scheme,
        string_to_sign: reported,
        provided: provided.to_string(),
        access_key_id: ak.to_string(),
        canonical_request: None,
    })
}

/// The V1 string to sign in oss2's form (only oss2's sub-resources signed, plus the names other
/// SDKs sign). `date` is the Date line (HTTP date, `x-oss-date`, or a URL's `Expires`).
pub fn string_to_sign_v1(req: &WireRequest, target: &SignTarget, date: &str) -> String {
    let preferred: Vec<&str> = req
        .query
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| v1_param_class(k) == V1Param::EitherPreferSigned)
        .collect();
    v1_string_to_sign_with(
        req,
        target,
        date,
        &["OSSAccessKeyId", "Expires", "Signature"],
        &preferred,
    )
}

pub(super) fn v1_string_to_sign_with(
    req: &WireRequest,
    target: &SignTarget,
    date: &str,
    skip: &[&str],
    include_optional: &[&str],
) -> String {
    let mut sub: Vec<(&str, &str)> = req
        .query
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .filter(|(k, _)| match v1_param_class(k) {
            V1Param::Signed => true,
            V1Param::Unsigned => false,
            _ => include_optional.contains(&k.as_str()),
        })
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sub.sort();
    let mut s = signed_headers_block(req, date, |n| n.starts_with("x-oss-"));
    s.push_str(&resource_path(target));
    for (i, (k, v)) in sub.iter().enumerate() {
        s.push(if i == 0 { '?' } else { '&' });
        s.push_str(k);
        if !v.is_empty() {
            s.push('=');
            s.push_str(v);
        }
    }
    s
}

/// `/bucket/key` with the decoded key (`/bucket/` for bucket-level, `/` for service-level).
pub(super) fn resource_path(target: &SignTarget) -> String {
    match &target.bucket {
        None => "/".to_string(),
        Some(b) => format!("/{}/{}", b, target.key.as_deref().unwrap_or("")),
    }
}
