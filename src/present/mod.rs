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

fn plural(n: i64, unit: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(60_000), "1 minute");
        assert_eq!(duration_words(2 * 86_400_000), "2 days");
        assert_eq!(duration_words(3_601_000), "about 1 hour");
        assert_eq!(duration_words(5_400_000), "1.5 hours");
        assert_eq!(duration_words(4_000), "4 seconds");
    }

    #[test]
    fn times_and_ids_shorten() {
        assert_eq!(short_time(0), "1970-01-01 00:00:00");
        assert_eq!(clock_text(1_000), "1970-01-01T00:00:01Z");
        assert_eq!(short_id("null"), "null");
        assert_eq!(short_id("CAEQNhiBgMDJgZCA0BYiIDc4"), "CAEQNh…YiIDc4");
    }
}
