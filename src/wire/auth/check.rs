//! Checks every scheme shares: access key id syntax, the key lookup and presigned-URL expiry.

use super::types::{AuthFailure, AuthScheme};

/// Access key ids are printable ASCII without separators; anything else (tabs, CR, spaces —
/// the doc examples of EC 0002-00000064/-206) is a format error, not an unknown key.
pub(super) fn valid_access_key_id(ak: &str) -> bool {
    !ak.is_empty()
        && ak.len() <= 256
        && ak
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b':' | b'/' | b',' | b';' | b'='))
}

pub(super) fn lookup_secret(
    lookup: &dyn Fn(&str) -> Option<String>,
    ak: &str,
) -> Result<String, AuthFailure> {
    lookup(ak).ok_or_else(|| AuthFailure::InvalidAccessKeyId {
        access_key_id: ak.to_string(),
    })
}

pub(super) fn parse_epoch_secs(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

pub(super) fn check_expiry(
    scheme: AuthScheme,
    expires_epoch_secs: i64,
    now_ms: i64,
) -> Result<(), AuthFailure> {
    // Valid through the whole `Expires` second; expired once the clock is past it.
    if now_ms.div_euclid(1000) > expires_epoch_secs {
        return Err(AuthFailure::Expired {
            scheme,
            expires_epoch_secs,
            now_ms,
        });
    }
    Ok(())
}
