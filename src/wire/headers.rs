//! Reading OSS request headers and parameters into engine types, with OSS's errors.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use percent_encoding::percent_decode_str;

use super::format;
use super::http::WireRequest;
use crate::engine::objects::Conditions;
use crate::engine::objects::PutMode;
use crate::engine::range::{ByteRange, CopyRange};
use crate::engine::{ObjectMeta, StorageClass, VersionId};
use crate::wire::{OssError, OssResult};

/// `versionId` from the query. Present but empty is an error (oss2's tests expect one);
/// absent is `None`.
pub fn version_id(req: &WireRequest) -> OssResult<Option<VersionId>> {
    Ok(req
        .query_param("versionId")
        .map(VersionId::parse)
        .transpose()?)
}

/// A non-empty query parameter; empty values are treated as absent (oss2 sends every
/// listing parameter, empty ones included).
pub fn param<'a>(req: &'a WireRequest, name: &str) -> Option<&'a str> {
    req.query_param(name).filter(|v| !v.is_empty())
}

/// `encoding-type`: only `url` is valid.
pub fn url_encoding(req: &WireRequest) -> OssResult<bool> {
    match param(req, "encoding-type") {
        None => Ok(false),
        Some("url") => Ok(true),
        Some(other) => Err(OssError::invalid_argument_named(
            "encoding-type",
            other,
            "The encoding-type parameter must be url.",
            "0017-00000104",
        )),
    }
}

/// A marker parameter: at most 1023 bytes, like a key.
pub fn marker<'a>(req: &'a WireRequest, name: &str) -> OssResult<&'a str> {
    let m = param(req, name).unwrap_or("");
    if m.len() > 1023 {
        return Err(OssError::invalid_argument_named(
            name,
            "(too long)",
            format!("The {name} must be shorter than 1024 bytes."),
            "0017-00000103",
        ));
    }
    Ok(m)
}

/// `x-oss-storage-class`, exact spelling.
pub fn storage_class(req: &WireRequest) -> OssResult<Option<StorageClass>> {
    req.header("x-oss-storage-class")
        .map(storage_class_value)
        .transpose()
}

/// A storage class named in a header or a form field (PostObject), exact spelling.
pub fn storage_class_value(v: &str) -> OssResult<StorageClass> {
    StorageClass::parse(v).ok_or_else(|| {
        // INFERRED EC: OSS rejects unknown classes as an invalid argument.
        OssError::invalid_argument_named(
            "x-oss-storage-class",
            v,
            "Invalid storage class.",
            "0016-00000212",
        )
    })
}

/// `x-oss-forbid-overwrite`: `true` (create only) / `false` (any case); other values are EC
/// 0017-00000279.
pub fn put_mode(req: &WireRequest) -> OssResult<PutMode> {
    req.header("x-oss-forbid-overwrite")
        .map_or(Ok(PutMode::Overwrite), put_mode_value)
}

/// `x-oss-forbid-overwrite` as a header or a form field (PostObject).
pub fn put_mode_value(v: &str) -> OssResult<PutMode> {
    if v.eq_ignore_ascii_case("true") {
        Ok(PutMode::Create)
    } else if v.eq_ignore_ascii_case("false") {
        Ok(PutMode::Overwrite)
    } else {
        Err(OssError::invalid_argument_named(
            "x-oss-forbid-overwrite",
            v,
            "The value of x-oss-forbid-overwrite must be true or false.",
            "0017-00000279",
        ))
    }
}

/// `Content-MD5`: base64 of 16 bytes.
pub fn content_md5(req: &WireRequest) -> OssResult<Option<[u8; 16]>> {
    let Some(v) = req.header("content-md5") else {
        return Ok(None);
    };
    B64.decode(v.trim())
        .ok()
        .and_then(|b| <[u8; 16]>::try_from(b.as_slice()).ok())
        .map(Some)
        .ok_or_else(OssError::malformed_digest)
}

/// Standard headers and `x-oss-meta-*` kept with a version.
pub fn object_meta(req: &WireRequest) -> ObjectMeta {
    let h = |n: &str| req.header(n).map(str::to_string);
    ObjectMeta {
        content_type: h("content-type"),
        cache_control: h("cache-control"),
        content_disposition: h("content-disposition"),
        content_encoding: h("content-encoding"),
        content_language: h("content-language"),
        expires: h("expires"),
        user: req
            .headers
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("x-oss-meta-")
                    .map(|n| (n.to_string(), v.clone()))
            })
            .collect(),
    }
}

/// `Range: bytes=a-b`. OSS ignores a range it cannot parse (or several ranges) and returns
/// the whole object, so this gives `None` rather than an error.
pub fn range(value: Option<&str>) -> Option<ByteRange> {
    let spec = value?.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    match (a.is_empty(), b.is_empty()) {
        (true, false) => b.parse().ok().map(ByteRange::Suffix),
        (false, true) => a
            .parse()
            .ok()
            .map(|start| ByteRange::From { start, end: None }),
        (false, false) => {
            let (start, end) = (a.parse().ok()?, b.parse().ok()?);
            Some(ByteRange::From {
                start,
                end: Some(end),
            })
        }
        (true, true) => None,
    }
}

/// Conditional headers, from `If-*` or (with a prefix) `x-oss-copy-source-if-*`. Dates that
/// do not parse are ignored, as HTTP says.
pub fn conditions(req: &WireRequest, prefix: &str) -> Conditions {
    let h = |n: &str| {
        if prefix.is_empty() {
            req.header(n)
        } else {
            req.header(&format!("{prefix}{n}"))
        }
    };
    Conditions {
        if_match: h("if-match").map(str::to_string),
        if_none_match: h("if-none-match").map(str::to_string),
        if_modified_since: h("if-modified-since").and_then(format::parse_http_date),
        if_unmodified_since: h("if-unmodified-since").and_then(format::parse_http_date),
    }
}

/// `x-oss-copy-source: /bucket/url-encoded-key[?versionId=id]`.
pub fn copy_source(value: &str) -> OssResult<(String, String, Option<VersionId>)> {
    let bad = || {
        OssError::invalid_argument_named(
            "x-oss-copy-source",
            value,
            "Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.",
            "0016-00000301",
        )
    };
    let (path, query) = match value.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (value, None),
    };
    let decoded = percent_decode_str(path).decode_utf8().map_err(|_| bad())?;
    let (bucket, key) = decoded
        .strip_prefix('/')
        .unwrap_or(&decoded)
        .split_once('/')
        .ok_or_else(bad)?;
    if bucket.is_empty() || key.is_empty() {
        return Err(bad());
    }
    let version = match query {
        None => None,
        Some(q) => {
            let v = q.strip_prefix("versionId=").ok_or_else(bad)?;
            let v = percent_decode_str(v).decode_utf8().map_err(|_| bad())?;
            Some(VersionId::parse(&v)?)
        }
    };
    Ok((bucket.to_string(), key.to_string(), version))
}

/// `x-oss-copy-source-range: bytes=a-b`, or `bytes=a-` to the end of the source (oss2's
/// test_multipart.py copies so; docs/fidelity.md §Findings of the oss2 integration suite).
pub fn copy_range(req: &WireRequest) -> OssResult<Option<CopyRange>> {
    let Some(v) = req.header("x-oss-copy-source-range") else {
        return Ok(None);
    };
    match range(Some(v)) {
        Some(ByteRange::From { start, end }) if end.is_none_or(|e| start <= e) => {
            Ok(Some(CopyRange { start, end }))
        }
        _ => Err(OssError::invalid_argument_named(
            "x-oss-copy-source-range",
            v,
            "The x-oss-copy-source-range is not valid.",
            "0042-00000305",
        )),
    }
}

/// A whole-number query parameter within bounds, or InvalidArgument.
pub fn number(
    req: &WireRequest,
    name: &str,
    min: u64,
    max: u64,
    default: u64,
    ec: &'static str,
) -> OssResult<u64> {
    match param(req, name) {
        None => Ok(default),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(OssError::invalid_argument_named(
                name,
                v,
                format!("Argument {name} must be an integer between {min} and {max}."),
                ec,
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_like_oss() {
        assert_eq!(
            range(Some("bytes=0-9")),
            Some(ByteRange::From {
                start: 0,
                end: Some(9)
            })
        );
        assert_eq!(
            range(Some("bytes=5-")),
            Some(ByteRange::From {
                start: 5,
                end: None
            })
        );
        assert_eq!(range(Some("bytes=-5")), Some(ByteRange::Suffix(5)));
        for junk in [
            "bytes=",
            "bytes=a-b",
            "items=0-1",
            "bytes=0-1,3-4",
            "bytes=-",
        ] {
            assert_eq!(range(Some(junk)), None, "{junk}");
        }
    }

    #[test]
    fn copy_source_forms() {
        let (b, k, v) = copy_source("/srcbkt/src%2Fdir%2F%C3%A9%20x.txt").unwrap();
        assert_eq!(
            (b.as_str(), k.as_str(), v),
            ("srcbkt", "src/dir/é x.txt", None)
        );
        let (_, _, v) = copy_source("/b/k?versionId=null").unwrap();
        assert_eq!(v, Some(VersionId::Null));
        for bad in [
            "",
            "/",
            "/b",
            "b",
            "/b/",
            "/b/k?versionId=junk",
            "/b/k?foo=1",
        ] {
            assert!(copy_source(bad).is_err(), "{bad}");
        }
    }
}
