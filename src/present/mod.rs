//! How the lab puts things into words: times, durations and version ids ([`self`]),
//! responses ([`response`]: status, error fields, the part of a body that proves a point) and
//! errors explained by operation ([`explain`]). Pure, so tested natively; the lessons, the
//! console and the panels share it.

pub mod explain;
pub mod response;

use crate::engine::{Millis, Versioning};

/// RFC 3339 UTC to the second: `2026-11-22T04:12:00Z`.
pub fn clock_text(ms: Millis) -> String {
    let full = crate::wire::format::rfc3339(ms); // 2026-11-22T04:12:00.000Z
    match full.split_once('.') {
        Some((seconds, _)) => format!("{seconds}Z"),
        None => full,
    }
}

/// Short time for lists and stacks: `2026-11-22 04:12:07`.
pub fn short_time(ms: Millis) -> String {
    clock_text(ms)
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_string()
}

/// "1 minute", "2 days", "about 1 hour" (a playing clock adds a few seconds), "1.5 hours".
pub fn duration_words(ms: Millis) -> String {
    let s = ms as f64 / 1000.0;
    for (unit, len) in [("day", 86_400.0), ("hour", 3600.0), ("minute", 60.0)] {
        if s < len {
            continue;
        }
        let n = s / len;
        let whole = n.round();
        return if n == whole {
            plural(whole as i64, unit)
        } else if (n - whole).abs() < 0.02 {
            format!("about {}", plural(whole as i64, unit))
        } else {
            format!("{n:.1} {unit}s")
        };
    }
    plural(s.round() as i64, "second")
}

/// A count and its noun: "1 bucket", "0 buckets", "3 buckets" (nouns that take an "s").
pub fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// A version id short enough for a line of text: its first and last six characters.
pub fn short_id(id: &str) -> String {
    if id.len() <= 14 || !id.is_ascii() {
        id.to_string()
    } else {
        format!("{}…{}", &id[..6], &id[id.len() - 6..])
    }
}

/// The versioning state as the console and the bucket list name it.
pub fn versioning_label(v: Versioning) -> &'static str {
    match v {
        Versioning::Unversioned => "Unversioned",
        Versioning::Enabled => "Enabled",
        Versioning::Suspended => "Suspended",
    }
}

/// An amount of money as the bill shows it: `¥0.0123 CNY` with four decimals, and amounts
/// under a cent with two significant digits however small (`¥0.000000000042 CNY`), so a tiny
/// lab's cost never rounds to nothing. `¥` prefixes CNY; other currencies show the code only.
pub fn money(currency: &str, amount: f64) -> String {
    let sym = if currency == "CNY" { "¥" } else { "" };
    let digits = if amount != 0.0 && amount.abs() < 0.01 {
        // -log10 rounded up is the position of the first significant digit; one more shows two.
        ((-amount.abs().log10()).ceil() as usize + 1).min(20)
    } else {
        4
    };
    format!("{sym}{amount:.digits$} {currency}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_keeps_two_significant_digits_below_a_cent() {
        assert_eq!(money("CNY", 1.5), "¥1.5000 CNY");
        assert_eq!(money("CNY", 0.0123), "¥0.0123 CNY");
        assert_eq!(money("CNY", 0.005), "¥0.0050 CNY");
        assert_eq!(money("CNY", 0.001), "¥0.0010 CNY");
        // Under 1e-10 the old fixed ten decimals showed "¥0. CNY".
        assert_eq!(money("CNY", 4.2e-11), "¥0.000000000042 CNY");
        assert_eq!(money("CNY", -0.0042), "¥-0.0042 CNY");
        assert_eq!(money("USD", 0.0), "0.0000 USD");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(60_000), "1 minute");
        assert_eq!(duration_words(2 * 86_400_000), "2 days");
        assert_eq!(duration_words(3_601_000), "about 1 hour");
        assert_eq!(duration_words(5_400_000), "1.5 hours");
        assert_eq!(duration_words(4_000), "4 seconds");
    }

    #[test]
    fn counts_take_the_plural_except_one() {
        assert_eq!(plural(1, "bucket"), "1 bucket");
        assert_eq!(plural(0, "bucket"), "0 buckets");
        assert_eq!(plural(1_000_000, "version"), "1000000 versions");
    }

    #[test]
    fn times_and_ids_shorten() {
        assert_eq!(short_time(0), "1970-01-01 00:00:00");
        assert_eq!(clock_text(1_000), "1970-01-01T00:00:01Z");
        assert_eq!(short_id("null"), "null");
        assert_eq!(short_id("CAEQNhiBgMDJgZCA0BYiIDc4"), "CAEQNh…YiIDc4");
    }
}
