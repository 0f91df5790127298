//! Text formats OSS uses on the wire: timestamps, HTTP dates, ETags and URL-encoded keys.
//!
//! All times are Unix milliseconds (`i64`, UTC), the engine's clock unit.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::engine::RestoreStatus;

/// Bytes OSS leaves unencoded under `encoding-type=url`: the RFC 3986 unreserved set
/// (`A-Z a-z 0-9 - _ . ~`). Everything else, `/`, space and `+` included, becomes `%XX`.
const KEY_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn datetime(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// `YYYY-MM-DDTHH:MM:SS.000Z`, the timestamp format of every OSS XML body (listings,
/// `CopyObjectResult`, `Initiated`, ...). OSS always writes `.000Z` and oss2's parser insists on
/// it, so the milliseconds are dropped, not rounded.
pub fn iso8601(ms: i64) -> String {
    let t = datetime(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// RFC 3339 UTC with milliseconds (`2026-11-22T04:12:00.000Z`), for osslab's own JSON.
pub fn rfc3339(ms: i64) -> String {
    let t = datetime(ms) + time::Duration::milliseconds(ms.rem_euclid(1000));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// The `x-oss-restore` header / `RestoreInfo` element text of a restore status: none for an
/// object that is not restoring or restored.
pub fn restore_header(s: &RestoreStatus) -> Option<String> {
    match s {
        RestoreStatus::InProgress { .. } => Some("ongoing-request=\"true\"".to_string()),
        RestoreStatus::Restored { expires } => Some(format!(
            "ongoing-request=\"false\", expiry-date=\"{}\"",
            http_date(*expires)
        )),
        RestoreStatus::NotArchived | RestoreStatus::Frozen => None,
    }
}

/// RFC 1123 date as in `Date`, `Last-Modified` and `x-oss-restore`:
/// `Wed, 03 Jan 2024 03:26:50 GMT`.
pub fn http_date(ms: i64) -> String {
    // httpdate writes the common range without a format description walk (every response
    // carries one or two of these dates); it covers 1970..=9999 only, `time` does the rest.
    match u64::try_from(ms.div_euclid(1000)) {
        Ok(secs) if secs < HTTPDATE_END_SECS => {
            httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        }
        _ => http_date_slow(datetime(ms)),
    }
}

/// 10000-01-01T00:00:00Z: httpdate formats instants before this only.
const HTTPDATE_END_SECS: u64 = 253_402_300_800;

/// [`http_date`] outside 1970..=9999 from `time`'s calendar fields (its format-description
/// formatter would add ~2 KB gzip to the browser build; the tests check both agree).
fn http_date_slow(t: OffsetDateTime) -> String {
    // `time` names days and months in full ("Thursday", "January"); RFC 1123 takes three letters.
    let (weekday, month) = (t.weekday().to_string(), t.month().to_string());
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        &weekday[..3],
        t.day(),
        &month[..3],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses an HTTP date (RFC 1123; the obsolete RFC 850 and asctime forms are accepted too, as
/// HTTP requires). Returns Unix milliseconds, or `None` if the text is not a valid date.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let t = httpdate::parse_http_date(s.trim()).ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(d.as_millis()).ok()
}

/// Parses an ISO 8601 / RFC 3339 UTC timestamp such as `2024-01-03T00:00:00.000Z` or
/// `2024-01-03T00:00:00Z` (any fraction, `Z` or a numeric offset). Sub-millisecond digits are
/// truncated. Returns Unix milliseconds.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    // Everything goes through `time`'s RFC 3339 parser (its general format-description
    // parser would add ~4 KB gzip to the browser build): lower-case `t`/`z` are made upper
    // case, and a timestamp without a zone is read as UTC by adding `Z`.
    let mut text = s.trim().to_ascii_uppercase();
    let b = text.as_bytes();
    let has_offset = b.len() > 6 && matches!(b[b.len() - 6], b'+' | b'-') && b[b.len() - 3] == b':';
    if !text.ends_with('Z') && !has_offset {
        text.push('Z');
    }
    let t = OffsetDateTime::parse(&text, &Rfc3339).ok()?;
    let nanos = t.unix_timestamp_nanos();
    i64::try_from(nanos.div_euclid(1_000_000)).ok()
}

/// Percent-encodes a key (or prefix, marker, delimiter) for a response sent with
/// `encoding-type=url`: every byte of its UTF-8 form outside the RFC 3986 unreserved set is
/// written as `%XX` (upper-case hex), so space → `%20`, `+` → `%2B`, `/` → `%2F`. Both oss2
/// (`unquote`) and the Go SDKs (`QueryUnescape`) decode that back to the original key.
pub fn url_encode_key(s: &str) -> String {
    utf8_percent_encode(s, KEY_ENCODE_SET).to_string()
}

/// The ETag as OSS writes it in headers and XML: the value wrapped in double quotes
/// (`"5B3C1A2E053D763E1B669CC607C5A0FE"`). Already quoted input is returned unchanged.
pub fn quoted_etag(etag: &str) -> String {
    if etag.len() >= 2 && etag.starts_with('"') && etag.ends_with('"') {
        etag.to_string()
    } else {
        format!("\"{etag}\"")
    }
}

/// An engine ETag as [`quoted_etag`] writes it.
pub fn etag_header(etag: &crate::engine::object::Etag) -> String {
    let mut s = String::with_capacity(48);
    s.push('"');
    etag.push_text(&mut s);
    s.push('"');
    s
}

/// `Content-MD5`: base64 of the 16-byte digest (24 characters), without the general
/// encoder's buffer sizing and per-call setup.
pub fn content_md5(digest: &[u8; 16]) -> String {
    use base64::Engine as _;
    let mut buf = [0u8; 24];
    let n = base64::engine::general_purpose::STANDARD
        .encode_slice(digest, &mut buf)
        .unwrap_or(0);
    std::str::from_utf8(&buf[..n])
        .unwrap_or_default()
        .to_string()
}

/// The ETag without surrounding quotes (for comparisons: SDKs send `If-Match` with or without
/// them).
pub fn unquoted_etag(etag: &str) -> &str {
    let t = etag.trim();
    t.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Wed, 03 Jan 2024 03:26:50 GMT: Last-Modified of the seed-002 HEAD sample.
    const SEED_LAST_MODIFIED: i64 = 1_704_252_410_000;

    #[test]
    fn iso8601_always_writes_000z() {
        assert_eq!(iso8601(SEED_LAST_MODIFIED), "2024-01-03T03:26:50.000Z");
        // Milliseconds are truncated, never rounded up.
        assert_eq!(
            iso8601(SEED_LAST_MODIFIED + 999),
            "2024-01-03T03:26:50.000Z"
        );
        // oss2 unittests (real capture): CopyPartResult LastModified.
        assert_eq!(iso8601(1_449_880_586_000), "2015-12-12T00:36:26.000Z");
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59.000Z");
    }

    #[test]
    fn http_date_is_rfc1123_gmt() {
        assert_eq!(
            http_date(SEED_LAST_MODIFIED),
            "Wed, 03 Jan 2024 03:26:50 GMT"
        );
        assert_eq!(
            http_date(SEED_LAST_MODIFIED + 500),
            "Wed, 03 Jan 2024 03:26:50 GMT"
        );
        // seed 002: x-oss-restore expiry-date
        assert_eq!(
            http_date(1_704_338_934_000),
            "Thu, 04 Jan 2024 03:28:54 GMT"
        );
        // seed 003 Date header
        assert_eq!(
            http_date(1_726_821_141_000),
            "Fri, 20 Sep 2024 08:32:21 GMT"
        );
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn http_date_matches_the_time_formatter() {
        // `time`'s own formatter is the oracle for both the httpdate path and the fallback.
        let http_date_slow = |t: OffsetDateTime| {
            let fmt = time::macros::format_description!(
                "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
            );
            t.format(&fmt).unwrap()
        };
        // Every weekday and month, leap days, the ends of the 4-digit range, and years past
        // it (which take the slow path).
        let mut ms = -62_167_219_200_000; // 0000-01-01
        while ms < 253_402_300_800_000 {
            assert_eq!(http_date(ms), http_date_slow(datetime(ms)), "{ms}");
            ms += 86_400_000 * 37 + 3_661_123;
        }
        for ms in [
            -1,
            951_782_400_000,
            253_402_300_799_999,
            253_402_300_800_000,
        ] {
            assert_eq!(http_date(ms), http_date_slow(datetime(ms)), "{ms}");
        }
    }

    #[test]
    fn content_md5_is_base64() {
        use base64::Engine as _;
        for d in [[0u8; 16], [0xff; 16], *b"0123456789abcdef"] {
            assert_eq!(
                content_md5(&d),
                base64::engine::general_purpose::STANDARD.encode(d)
            );
        }
    }

    #[test]
    fn etag_header_quotes_the_text() {
        use crate::engine::object::Etag;
        for e in [Etag::Md5([0xab; 16]), Etag::Multipart([1; 16], 12)] {
            assert_eq!(etag_header(&e), quoted_etag(&e.text()));
        }
    }

    #[test]
    fn parse_http_date_roundtrip() {
        assert_eq!(
            parse_http_date("Wed, 03 Jan 2024 03:26:50 GMT"),
            Some(SEED_LAST_MODIFIED)
        );
        assert_eq!(
            parse_http_date("Thu, 04 Jan 2024 00:00:00 GMT"),
            Some(1_704_326_400_000)
        );
        // RFC 850 form is legal HTTP too.
        assert_eq!(
            parse_http_date("Wednesday, 03-Jan-24 03:26:50 GMT"),
            Some(SEED_LAST_MODIFIED)
        );
        assert_eq!(parse_http_date("2024-01-03T03:26:50.000Z"), None);
        assert_eq!(parse_http_date(""), None);
        for ms in [0, SEED_LAST_MODIFIED, 4_102_444_800_000] {
            assert_eq!(parse_http_date(&http_date(ms)), Some(ms));
        }
    }

    #[test]
    fn parse_iso8601_accepts_oss_forms() {
        assert_eq!(
            parse_iso8601("2024-01-03T00:00:00.000Z"),
            Some(1_704_240_000_000)
        );
        assert_eq!(
            parse_iso8601("2024-01-03T00:00:00Z"),
            Some(1_704_240_000_000)
        );
        assert_eq!(
            parse_iso8601("2024-01-03T03:26:50.123Z"),
            Some(SEED_LAST_MODIFIED + 123)
        );
        assert_eq!(
            parse_iso8601("2024-01-03T11:26:50+08:00"),
            Some(SEED_LAST_MODIFIED)
        );
        assert_eq!(
            parse_iso8601("2024-01-03T03:26:50"),
            Some(SEED_LAST_MODIFIED)
        );
        // gov2 sample TransitionTime
        assert_eq!(
            parse_iso8601("2024-10-31T00:24:17.000Z"),
            Some(1_730_334_257_000)
        );
        assert_eq!(
            parse_iso8601("2024-01-03t03:26:50.5z"),
            Some(SEED_LAST_MODIFIED + 500)
        );
        assert_eq!(
            parse_iso8601("2024-01-03T03:26:50-01:30"),
            Some(SEED_LAST_MODIFIED + 5_400_000)
        );
        assert_eq!(parse_iso8601("2024-01-03"), None);
        assert_eq!(parse_iso8601("2024-01-03T03:26Z"), None);
        assert_eq!(parse_iso8601(""), None);
        assert_eq!(parse_iso8601("+00:00"), None);
        assert_eq!(parse_iso8601("Wed, 03 Jan 2024 03:26:50 GMT"), None);
        assert_eq!(parse_iso8601("2024-13-03T00:00:00.000Z"), None);
        for ms in [0, SEED_LAST_MODIFIED, 1_449_880_586_000] {
            assert_eq!(parse_iso8601(&iso8601(ms)), Some(ms));
        }
    }

    #[test]
    fn url_encode_key_encodes_everything_but_unreserved() {
        assert_eq!(url_encode_key("a b+c/d.txt"), "a%20b%2Bc%2Fd.txt");
        assert_eq!(url_encode_key("AZaz09-_.~"), "AZaz09-_.~");
        // oss2 unittests (real capture): `中文.txt` and `文件/`
        assert_eq!(url_encode_key("中文.txt"), "%E4%B8%AD%E6%96%87.txt");
        assert_eq!(url_encode_key("文件/"), "%E6%96%87%E4%BB%B6%2F");
        // gov2 ListObjectVersions sample: control characters in keys
        assert_eq!(url_encode_key("demo/gp-\x0c\n\x0b"), "demo%2Fgp-%0C%0A%0B");
        assert_eq!(
            url_encode_key("!*'();:@&=$,?#[]%"),
            "%21%2A%27%28%29%3B%3A%40%26%3D%24%2C%3F%23%5B%5D%25"
        );
        assert_eq!(url_encode_key(""), "");
    }

    #[test]
    fn etag_quoting() {
        assert_eq!(quoted_etag("5B3C"), "\"5B3C\"");
        assert_eq!(quoted_etag("\"5B3C\""), "\"5B3C\"");
        assert_eq!(unquoted_etag("\"5B3C\""), "5B3C");
        assert_eq!(unquoted_etag("5B3C"), "5B3C");
        assert_eq!(unquoted_etag("\""), "\"");
    }
}
