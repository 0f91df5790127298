//! Why a signature check failed, as OSS reports it: the EC table and the error fields.

use super::types::AuthFailure;
use crate::wire::OssError;

// ---- EC codes ------------------------------------------------------------------------------
// Sources (stored copies of Alibaba docs / SDK tests that ran against real OSS):
// * 0002-00000040 V1 SignatureDoesNotMatch: help.aliyun.com/knowledge_detail/108790.html and
//   alibabacloud.com/help/en/oss/developer-reference/faq-24 (full error XML with a V1 string).
// * 0002-00000201 V4 SignatureDoesNotMatch: help.aliyun.com/zh/oss/support/0002-00000201 and a
//   live "wrong secret" test of a V4 SDK asserting this EC.
// * 0002-00000101 V2 SignatureDoesNotMatch: alibabacloud.com/help/en/oss/support/0002-00000101.
// * 0002-00000902 InvalidAccessKeyId: aliyun/alibabacloud-oss-go-sdk-v2 oss/client_integration_test.go.
// * 0002-00000069 expired URL (V1 `Expires`, V2 `x-oss-expires`): help.aliyun.com/.../0002-00000069
//   and a captured real response (AccessDenied, "Request has expired.", Expires, ServerTime).
// * 0002-00000236 expired V4 URL: alibabacloud.com/help/en/oss/support/0002-00000236.
// * Authorization format: 0002-00000061 (unknown prefix), -062 (no colon), -063 (no AccessKeyId;
//   real responses: 400 InvalidArgument "Authorization header is invalid."), -064 (bad
//   AccessKeyId characters), -065 (no signature); V2: -102, -104; V4: -202 (missing field),
//   -203 (bad format), -206 (bad AccessKeyId), -227 (bad product, real response "Invalid signing
//   product in Authorization header."); URL: -066 (bad x-oss-signature-version), -067 (no
//   Expires), -068 (empty Expires), -070 (bad Expires), -071 (no OSSAccessKeyId), -073 (bad
//   OSSAccessKeyId), -113/-114 (V2 x-oss-expires missing/empty), -219 (V4 no x-oss-signature),
//   -222 (V4 bad credential AccessKeyId), -232 (V4 x-oss-expires out of 1..=604800).
// Codes marked "inferred" below were not found in the stored docs.
pub(super) const EC_V1_MISMATCH: &str = "0002-00000040";
pub(super) const EC_V2_MISMATCH: &str = "0002-00000101";
pub(super) const EC_V4_MISMATCH: &str = "0002-00000201";
pub(super) const EC_INVALID_AK: &str = "0002-00000902";
pub(super) const EC_EXPIRED: &str = "0002-00000069";
pub(super) const EC_V4_EXPIRED: &str = "0002-00000236";
pub(super) const EC_AUTH_PREFIX: &str = "0002-00000061";
pub(super) const EC_V1_NO_COLON: &str = "0002-00000062";
pub(super) const EC_V1_NO_AK: &str = "0002-00000063";
pub(super) const EC_V1_BAD_AK: &str = "0002-00000064";
pub(super) const EC_V1_NO_SIG: &str = "0002-00000065";
pub(super) const EC_URL_BAD_VERSION: &str = "0002-00000066";
pub(super) const EC_URL_NO_EXPIRES: &str = "0002-00000067";
pub(super) const EC_URL_EMPTY_EXPIRES: &str = "0002-00000068";
pub(super) const EC_URL_BAD_EXPIRES: &str = "0002-00000070";
pub(super) const EC_URL_NO_AK: &str = "0002-00000071";
pub(super) const EC_URL_BAD_AK: &str = "0002-00000073";
/// Inferred: a V1 URL with OSSAccessKeyId but no Signature; no doc page was found, so the
/// "no AccessKeyId" neighbour is reused.
pub(super) const EC_URL_NO_SIG: &str = "0002-00000071";
pub(super) const EC_V2_FORMAT: &str = "0002-00000102";
pub(super) const EC_V2_BAD_KEY: &str = "0002-00000104";
pub(super) const EC_V2_NO_EXPIRES: &str = "0002-00000113";
pub(super) const EC_V2_EMPTY_EXPIRES: &str = "0002-00000114";
pub(super) const EC_V4_MISSING_FIELD: &str = "0002-00000202";
pub(super) const EC_V4_FORMAT: &str = "0002-00000203";
pub(super) const EC_V4_BAD_AK: &str = "0002-00000206";
pub(super) const EC_V4_URL_NO_SIG: &str = "0002-00000219";
pub(super) const EC_V4_URL_BAD_AK: &str = "0002-00000222";
pub(super) const EC_V4_BAD_PRODUCT: &str = "0002-00000227";
pub(super) const EC_V4_URL_BAD_EXPIRES: &str = "0002-00000232";
/// Inferred: no page found for a missing/unparseable `x-oss-date`, a region that is empty, or a
/// credential date that differs from `x-oss-date`; the generic V4 format code is used.
pub(super) const EC_V4_DATE: &str = EC_V4_FORMAT;

pub(super) const MSG_MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
pub(super) const MSG_INVALID_AK: &str =
    "The OSS Access Key Id you provided does not exist in our records.";
pub(super) const MSG_EXPIRED: &str = "Request has expired.";
pub(super) const MSG_BAD_AUTH_HEADER: &str = "Authorization header is invalid.";

impl From<AuthFailure> for OssError {
    fn from(f: AuthFailure) -> Self {
        f.to_oss_error()
    }
}

impl AuthFailure {
    /// The OSS error for this failure: status, Code, Message, EC and the extra `<Error>`
    /// elements, which go after `<RequestId>`/`<HostId>` and before `<EC>`, in this order
    /// (the order of real OSS responses). `StringToSignBytes` is upper-case hex, each byte
    /// followed by a space, as in the documented sample.
    pub fn to_oss_error(&self) -> OssError {
        match self {
            AuthFailure::SignatureDoesNotMatch {
                scheme,
                string_to_sign,
                provided,
                access_key_id,
                ..
            } => {
                let ec = if scheme.is_v4() {
                    EC_V4_MISMATCH
                } else if scheme.is_v2() {
                    EC_V2_MISMATCH
                } else {
                    EC_V1_MISMATCH
                };
                OssError::new(403, "SignatureDoesNotMatch", MSG_MISMATCH, ec)
                    .with_detail("OSSAccessKeyId", access_key_id.clone())
                    .with_detail("SignatureProvided", provided.clone())
                    .with_detail("StringToSign", string_to_sign.clone())
                    .with_detail(
                        "StringToSignBytes",
                        hex_bytes_spaced(string_to_sign.as_bytes()),
                    )
            }
            AuthFailure::InvalidAccessKeyId { access_key_id } => {
                OssError::new(403, "InvalidAccessKeyId", MSG_INVALID_AK, EC_INVALID_AK)
                    .with_detail("OSSAccessKeyId", access_key_id.clone())
            }
            AuthFailure::Expired {
                scheme,
                expires_epoch_secs,
                now_ms,
            } => {
                let ec = if scheme.is_v4() {
                    EC_V4_EXPIRED
                } else {
                    EC_EXPIRED
                };
                OssError::new(403, "AccessDenied", MSG_EXPIRED, ec)
                    .with_detail("Expires", iso8601_millis(*expires_epoch_secs))
                    .with_detail("ServerTime", iso8601_millis(now_ms.div_euclid(1000)))
            }
            AuthFailure::Malformed {
                message,
                ec,
                authorization,
            } => {
                let err = OssError::new(400, "InvalidArgument", message.clone(), ec);
                match authorization {
                    Some(a) => err.with_detail("Authorization", a.clone()),
                    None => err,
                }
            }
        }
    }
}

pub(super) fn malformed(
    message: &str,
    ec: &'static str,
    authorization: Option<&str>,
) -> AuthFailure {
    AuthFailure::Malformed {
        message: message.to_string(),
        ec,
        authorization: authorization.map(str::to_string),
    }
}

pub(super) fn hex_bytes_spaced(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for b in bytes {
        s.push_str(&format!("{b:02X} "));
    }
    s
}

/// `2024-06-15T08:30:00.000Z`, the form of `<Expires>`/`<ServerTime>` in OSS errors; a number
/// of seconds beyond what a date can hold (an `Expires` of up to 18 digits parses) is echoed.
pub(super) fn iso8601_millis(secs: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(_) => crate::wire::format::iso8601(secs * 1000),
        Err(_) => secs.to_string(),
    }
}
