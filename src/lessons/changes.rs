//! "What changed": the lesson's bucket pictured before and after a step, and the differences
//! in plain lines (entries added, removed for good, current again, restore state moved).

use std::collections::BTreeMap;

use crate::engine::archive::{self, RestoreStatus};
use crate::engine::{Engine, EntryKind, Millis, Versioning};
use crate::present::{duration_words, short_id, short_time, versioning_label};

/// One entry of the lesson's bucket, as the diff compares it.
#[derive(Clone, Debug, PartialEq)]
struct EntryPicture {
    version_id: String,
    marker: bool,
    null: bool,
    current: bool,
    restore: &'static str,
}

/// The lesson's bucket at one moment (not the engine's backup snapshot: only what "What
/// changed" compares).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BucketPicture {
    exists: bool,
    versioning: Option<Versioning>,
    now: Millis,
    /// (key, sequence number) → entry.
    entries: BTreeMap<(String, u64), EntryPicture>,
}

impl BucketPicture {
    /// `bucket` in `engine` now (an absent bucket is pictured as such).
    pub fn of(engine: &Engine, bucket: &str) -> Self {
        let now = engine.now();
        let Ok(b) = engine.bucket(bucket) else {
            return BucketPicture {
                now,
                ..BucketPicture::default()
            };
        };
        let mut entries = BTreeMap::new();
        for (key, stack) in &b.objects {
            for (pos, e) in stack.newest_first().enumerate() {
                let restore = match &e.kind {
                    EntryKind::Object(o) => restore_label(&archive::status(o, now)),
                    EntryKind::DeleteMarker => "",
                };
                entries.insert(
                    (key.clone(), e.seq),
                    EntryPicture {
                        version_id: e.version_id().render(),
                        marker: e.is_delete_marker(),
                        null: e.null,
                        current: pos == 0,
                        restore,
                    },
                );
            }
        }
        BucketPicture {
            exists: true,
            versioning: Some(b.versioning),
            now,
            entries,
        }
    }

    /// Virtual time when the picture was taken.
    pub fn now(&self) -> Millis {
        self.now
    }
}

fn restore_label(s: &RestoreStatus) -> &'static str {
    match s {
        RestoreStatus::NotArchived => "",
        RestoreStatus::Frozen => "frozen",
        RestoreStatus::InProgress { .. } => "restoring",
        RestoreStatus::Restored { .. } => "restored",
    }
}

/// What a line of "What changed" is about: its icon and colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Add,
    Remove,
    Change,
    Info,
}

impl LineKind {
    /// The CSS class and `data-kind` of the line.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Add => "add",
            LineKind::Remove => "remove",
            LineKind::Change => "change",
            LineKind::Info => "info",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            LineKind::Add => "+",
            LineKind::Remove => "−",
            LineKind::Change => "↻",
            LineKind::Info => "•",
        }
    }
}

/// One line of "What changed".
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeLine {
    pub kind: LineKind,
    pub text: String,
}

fn line(kind: LineKind, text: String) -> ChangeLine {
    ChangeLine { kind, text }
}

fn entry_name(e: &EntryPicture) -> String {
    let what = if e.marker { "delete marker" } else { "version" };
    let id = if e.null {
        "null".to_string()
    } else {
        short_id(&e.version_id)
    };
    format!("{what} {id}")
}

/// Lines shown at most; the rest are counted.
pub const MAX_LINES: usize = 8;

/// The lines that say how `bucket` went from `before` to `after`; `jumped` is a clock move
/// worth mentioning.
pub fn diff(
    bucket: &str,
    before: &BucketPicture,
    after: &BucketPicture,
    jumped: Option<Millis>,
) -> Vec<ChangeLine> {
    let mut out = Vec::new();
    if let Some(ms) = jumped {
        out.push(line(
            LineKind::Info,
            format!(
                "The virtual clock moved forward {} (now {}).",
                duration_words(ms),
                short_time(after.now)
            ),
        ));
    }
    match (before.exists, after.exists) {
        (false, true) => out.push(line(LineKind::Add, format!("Bucket {bucket} created."))),
        (true, false) => out.push(line(LineKind::Remove, format!("Bucket {bucket} deleted."))),
        _ => {}
    }
    if let (Some(a), Some(b)) = (before.versioning, after.versioning) {
        if a != b {
            out.push(line(
                LineKind::Change,
                format!(
                    "Versioning {} → {}.",
                    versioning_label(a),
                    versioning_label(b)
                ),
            ));
        }
    }
    let mut keys: Vec<&String> = before
        .entries
        .keys()
        .chain(after.entries.keys())
        .map(|(k, _)| k)
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        key_lines(key, before, after, &mut out);
    }
    if out.len() > MAX_LINES {
        let more = out.len() - (MAX_LINES - 1);
        out.truncate(MAX_LINES - 1);
        out.push(line(LineKind::Info, format!("… and {more} more changes.")));
    }
    out
}

/// Per key: added, removed, changed.
fn key_lines(key: &str, before: &BucketPicture, after: &BucketPicture, out: &mut Vec<ChangeLine>) {
    let of_key = |s: &BucketPicture| -> Vec<(u64, EntryPicture)> {
        s.entries
            .iter()
            .filter(|((k, _), _)| k == key)
            .map(|((_, seq), e)| (*seq, e.clone()))
            .rev()
            .collect()
    };
    let (old, new) = (of_key(before), of_key(after));
    let mut added: Vec<&EntryPicture> = new
        .iter()
        .filter(|(s, _)| !old.iter().any(|(o, _)| o == s))
        .map(|(_, e)| e)
        .collect();
    let mut removed: Vec<&EntryPicture> = old
        .iter()
        .filter(|(s, _)| !new.iter().any(|(n, _)| n == s))
        .map(|(_, e)| e)
        .collect();
    // A key has one null entry: a new one replaces the old (its data is gone).
    if let (Some(a), Some(r)) = (
        added.iter().position(|e| e.null),
        removed.iter().position(|e| e.null),
    ) {
        let (new_null, old_null) = (added.remove(a), removed.remove(r));
        let kind = |e: &EntryPicture| if e.marker { "delete marker" } else { "version" };
        out.push(line(
            LineKind::Change,
            format!(
                "{key}: the null {} was replaced by a new null {}{} — the old one is gone for good.",
                kind(old_null),
                kind(new_null),
                if new_null.current { " on top" } else { "" },
            ),
        ));
    }
    if added.len() > 3 {
        let markers = added.iter().filter(|e| e.marker).count();
        let what = if markers == added.len() {
            "delete markers"
        } else {
            "versions"
        };
        out.push(line(
            LineKind::Add,
            format!("{key}: {} new {what}.", added.len()),
        ));
    } else {
        for e in &added {
            let now = if e.current { ", now current" } else { "" };
            out.push(line(
                LineKind::Add,
                format!("{key}: new {}{now}.", entry_name(e)),
            ));
        }
    }
    if removed.len() > 3 {
        out.push(line(
            LineKind::Remove,
            format!("{key}: {} entries removed for good.", removed.len()),
        ));
    } else {
        for e in &removed {
            out.push(line(
                LineKind::Remove,
                format!("{key}: {} removed for good.", entry_name(e)),
            ));
        }
    }
    for (seq, e) in &new {
        let Some((_, o)) = old.iter().find(|(s, _)| s == seq) else {
            continue;
        };
        if e.current && !o.current && !e.marker {
            out.push(line(
                LineKind::Change,
                format!("{key}: {} is current again.", entry_name(e)),
            ));
        }
        if e.restore != o.restore {
            out.push(line(
                LineKind::Change,
                format!("{key}: {} {} → {}.", entry_name(e), o.restore, e.restore),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Wire;

    const T0: Millis = 1_767_261_600_000;

    /// Sends `method path?query` with `body` through the wire layer, as the lessons do.
    fn send(e: &mut Engine, method: &str, path: &str, query: &[&str], body: &str) -> u16 {
        let req = crate::wire::request::build(
            method,
            path,
            query
                .iter()
                .map(|q| (q.to_string(), String::new()))
                .collect(),
            vec![("host".into(), "127.0.0.1".into())],
            body.as_bytes().to_vec(),
        );
        Wire::default().handle(e, &req).status
    }

    fn texts(lines: &[ChangeLine]) -> Vec<String> {
        lines.iter().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn a_new_bucket_and_a_delete_marker_are_named() {
        let mut e = Engine::new(T0);
        let before = BucketPicture::of(&e, "bkt");
        assert_eq!(send(&mut e, "PUT", "/bkt", &[], ""), 200);
        let enable = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
        assert_eq!(send(&mut e, "PUT", "/bkt", &["versioning"], enable), 200);
        assert_eq!(send(&mut e, "PUT", "/bkt/k", &[], "x"), 200);
        let mid = BucketPicture::of(&e, "bkt");
        let lines = diff("bkt", &before, &mid, None);
        assert_eq!(lines[0], line(LineKind::Add, "Bucket bkt created.".into()));
        assert!(texts(&lines)[1].starts_with("k: new version "), "{lines:?}");
        assert!(texts(&lines)[1].ends_with(", now current."));
        assert_eq!(send(&mut e, "DELETE", "/bkt/k", &[], ""), 204);
        let after = BucketPicture::of(&e, "bkt");
        let lines = diff("bkt", &mid, &after, Some(60_000));
        assert!(texts(&lines)[0].starts_with("The virtual clock moved forward 1 minute"));
        assert!(
            texts(&lines)[1].starts_with("k: new delete marker "),
            "{lines:?}"
        );
        assert_eq!(diff("bkt", &after, &after, None), Vec::new());
    }

    #[test]
    fn a_suspended_write_replaces_the_null_version() {
        let mut e = Engine::new(T0);
        send(&mut e, "PUT", "/bkt", &[], "");
        send(&mut e, "PUT", "/bkt/k", &[], "old");
        let suspend =
            "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>";
        send(&mut e, "PUT", "/bkt", &["versioning"], suspend);
        let before = BucketPicture::of(&e, "bkt");
        send(&mut e, "PUT", "/bkt/k", &[], "new");
        let lines = diff("bkt", &before, &BucketPicture::of(&e, "bkt"), None);
        assert_eq!(
            texts(&lines),
            ["k: the null version was replaced by a new null version on top — the old one is gone for good."]
        );
    }

    #[test]
    fn many_lines_are_counted_not_listed() {
        let mut e = Engine::new(T0);
        send(&mut e, "PUT", "/bkt", &[], "");
        let before = BucketPicture::of(&e, "bkt");
        for k in 0..12 {
            send(&mut e, "PUT", &format!("/bkt/k{k:02}"), &[], "x");
        }
        let lines = diff("bkt", &before, &BucketPicture::of(&e, "bkt"), None);
        assert_eq!(lines.len(), MAX_LINES);
        assert_eq!(lines[MAX_LINES - 1].text, "… and 5 more changes.");
        assert_eq!(lines[MAX_LINES - 1].kind, LineKind::Info);
    }
}
