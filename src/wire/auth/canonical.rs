//! Canonicalisation and hashing shared by the schemes: URI encoding, canonical query and
//! headers, HMACs and a constant-time comparison.

use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;
use sha2::Sha256;

use crate::wire::http::WireRequest;

/// RFC 3986 unreserved characters stay; everything else is `%XX` (upper-case) over UTF-8.
pub(super) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
pub(super) const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

pub(super) fn uri_encode(s: &str, keep_slash: bool) -> String {
    let set = if keep_slash {
        UNRESERVED_AND_SLASH
    } else {
        UNRESERVED
    };
    utf8_percent_encode(s, set).to_string()
}

/// Every query parameter (except `skip`), key and value encoded, sorted, `k=v` or bare `k` for
/// an empty value, joined with `&`. The decoded values of [`WireRequest::query`] are re-encoded
/// strictly, which is what every SDK signs however it spelled the URL (`+` vs `%20`).
pub(super) fn canonical_query(query: &[(String, String)], skip: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| Some(k.as_str()) != skip)
        .map(|(k, v)| (uri_encode(k, false), uri_encode(v, false)))
        .collect();
    pairs.sort();
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        if !v.is_empty() {
            out.push('=');
            out.push_str(v);
        }
    }
    out
}

/// Headers selected by `pick` (on the lower-cased name), values trimmed, repeated headers
/// joined with `,` (as the Go SDKs sign them), sorted by name.
pub(super) fn canonical_headers(
    req: &WireRequest,
    pick: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in &req.headers {
        let name = k.to_ascii_lowercase();
        if !pick(&name) {
            continue;
        }
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(v.trim());
            }
            None => out.push((name, v.trim().to_string())),
        }
    }
    // Names are unique here, so the whole pair orders as the name does; `sort()` shares its
    // code with canonical_query's sort of the same type instead of adding another.
    out.sort();
    out
}

/// The lines V1 and V2 string-to-sign begin with: the method, Content-MD5, Content-Type and
/// the date, then each signed header (`signed(name)`) as `name:value`, one per line.
pub(super) fn signed_headers_block(
    req: &WireRequest,
    date: &str,
    signed: impl Fn(&str) -> bool,
) -> String {
    let md5 = header_joined(req, "content-md5").unwrap_or_default();
    let content_type = header_joined(req, "content-type").unwrap_or_default();
    let mut s = String::new();
    for line in [req.method.as_str(), &md5, &content_type, date] {
        s.push_str(line);
        s.push('\n');
    }
    for (k, v) in canonical_headers(req, signed) {
        s.push_str(&k);
        s.push(':');
        s.push_str(&v);
        s.push('\n');
    }
    s
}

pub(super) fn header_first<'a>(req: &'a WireRequest, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// All values of a header, trimmed and joined with `,`; `None` when absent.
pub(super) fn header_joined(req: &WireRequest, name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for (k, v) in &req.headers {
        if k.eq_ignore_ascii_case(name) {
            match &mut found {
                Some(s) => {
                    s.push(',');
                    s.push_str(v.trim());
                }
                None => found = Some(v.trim().to_string()),
            }
        }
    }
    found
}

/// `a;b;c` → lower-case, deduplicated, sorted names.
pub(super) fn split_header_list(s: &str) -> Vec<String> {
    normalize_list(
        s.split(';')
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect(),
    )
}

pub(super) fn normalize_list(mut v: Vec<String>) -> Vec<String> {
    for h in &mut v {
        *h = h.to_ascii_lowercase();
    }
    v.sort();
    v.dedup();
    v
}

pub(super) fn hmac_sha1(key: &[u8], msg: &[u8]) -> Vec<u8> {
    match <Hmac<Sha1> as Mac>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        // HMAC accepts keys of any length; this arm only keeps the function total.
        Err(_) => Vec::new(),
    }
}

pub(super) fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

pub(super) fn base64_engine_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(super) fn base64_hmac_sha1(secret: &str, sts: &str) -> String {
    base64_engine_encode(&hmac_sha1(secret.as_bytes(), sts.as_bytes()))
}

/// Comparison whose time does not depend on where the strings differ.
pub(crate) fn ct_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
