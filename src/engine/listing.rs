//! ListObjects, ListObjectsV2 and ListObjectVersions.
//!
//! All three walk the bucket's keys in byte order from a resume point, fold keys that
//! contain the delimiter after the prefix into common prefixes, and stop after `max_keys`
//! items (an entry or a common prefix each count one). The walk seeks in the key map, so a
//! page costs the same at a million versions as at ten thousand.

use std::ops::Bound;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use super::archive::{self, RestoreStatus};
use super::bucket::Bucket;
use super::error::{Error, Result};
use super::ids::VersionId;
use super::object::{Entry, EntryKind, Etag, ObjectType, StorageClass};
use super::stack::VersionStack;
use super::{Engine, Millis};

/// What a listing shows of an object version.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectSummary {
    pub key: String,
    pub last_modified: Millis,
    pub etag: Etag,
    pub size: u64,
    pub object_type: ObjectType,
    pub storage_class: StorageClass,
    pub restore: RestoreStatus,
    pub transition_time: Option<Millis>,
}

/// A page of ListObjects / ListObjectsV2.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectsPage {
    pub objects: Vec<ObjectSummary>,
    pub common_prefixes: Vec<String>,
    pub truncated: bool,
    /// The last key or prefix of the page (ListObjects `NextMarker`), when truncated.
    pub next_marker: Option<String>,
    /// ListObjectsV2 `NextContinuationToken`, when truncated.
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VersionItem {
    Version {
        summary: ObjectSummary,
        version_id: String,
        is_latest: bool,
    },
    DeleteMarker {
        key: String,
        version_id: String,
        is_latest: bool,
        last_modified: Millis,
    },
}

impl VersionItem {
    pub fn key(&self) -> &str {
        match self {
            VersionItem::Version { summary, .. } => &summary.key,
            VersionItem::DeleteMarker { key, .. } => key,
        }
    }

    pub fn version_id(&self) -> &str {
        match self {
            VersionItem::Version { version_id, .. }
            | VersionItem::DeleteMarker { version_id, .. } => version_id,
        }
    }

    pub fn is_latest(&self) -> bool {
        match self {
            VersionItem::Version { is_latest, .. }
            | VersionItem::DeleteMarker { is_latest, .. } => *is_latest,
        }
    }
}

/// A page of ListObjectVersions: versions and markers interleaved in listing order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VersionsPage {
    pub items: Vec<VersionItem>,
    pub common_prefixes: Vec<String>,
    pub truncated: bool,
    pub next_key_marker: String,
    pub next_version_id_marker: String,
}

/// Listing parameters shared by the three operations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListParams {
    pub prefix: String,
    pub delimiter: String,
    pub max_keys: usize,
}

impl Default for ListParams {
    fn default() -> Self {
        ListParams {
            prefix: String::new(),
            delimiter: String::new(),
            max_keys: 100,
        }
    }
}

/// `max-keys` must be 1–1000 (default 100 when absent).
pub fn validate_max_keys(value: Option<&str>, name: &str) -> Result<usize> {
    match value {
        None | Some("") => Ok(100),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=1000).contains(&n) => Ok(n),
            _ => Err(Error::InvalidMaxKeys {
                argument: name.to_string(),
                value: v.to_string(),
            }),
        },
    }
}

pub(crate) fn summary(key: &str, e: &Entry, now: Millis) -> Option<ObjectSummary> {
    let o = e.object()?;
    Some(ObjectSummary {
        key: key.to_string(),
        last_modified: o.last_modified(e.created),
        etag: o.etag.clone(),
        size: o.body.len() as u64,
        object_type: o.object_type,
        storage_class: o.storage_class,
        restore: archive::status(o, now),
        transition_time: o.transition_time,
    })
}

/// The smallest string greater than every string that starts with `p`, if one exists.
fn past_prefix(p: &str) -> Option<String> {
    let mut s = p.to_string();
    while let Some(c) = s.pop() {
        let mut n = c as u32 + 1;
        while n <= char::MAX as u32 {
            if let Some(next) = char::from_u32(n) {
                s.push(next);
                return Some(s);
            }
            n += 1;
        }
    }
    None
}

/// One step of a walk: a key to list, or a common prefix standing for all its keys.
enum Step<'a> {
    Key(&'a str, &'a VersionStack),
    Prefix(String),
}

/// Walks keys from `start` in order, grouping by delimiter. `live` decides whether a key is
/// listed at all (ListObjects hides keys whose current entry is a delete marker; a prefix
/// only appears if some key under it is listed). Groups at or before `marker` were listed on
/// an earlier page and are skipped.
struct Walk<'a, F: Fn(&VersionStack) -> bool> {
    bucket: &'a Bucket,
    cursor: Bound<String>,
    prefix: &'a str,
    delimiter: &'a str,
    marker: &'a str,
    live: F,
}

impl<'a, F: Fn(&VersionStack) -> bool> Iterator for Walk<'a, F> {
    type Item = Step<'a>;

    fn next(&mut self) -> Option<Step<'a>> {
        loop {
            let lower = match &self.cursor {
                Bound::Included(s) => Bound::Included(s.as_str()),
                Bound::Excluded(s) => Bound::Excluded(s.as_str()),
                Bound::Unbounded => Bound::Unbounded,
            };
            let (key, stack) = self
                .bucket
                .objects
                .range::<str, _>((lower, Bound::Unbounded))
                .next()?;
            if !key.starts_with(self.prefix) {
                if key.as_str() > self.prefix {
                    return None;
                }
                self.cursor = Bound::Included(self.prefix.to_string());
                continue;
            }
            self.cursor = Bound::Excluded(key.clone());
            if !(self.live)(stack) {
                continue;
            }
            let rest = &key[self.prefix.len()..];
            let group = (!self.delimiter.is_empty())
                .then(|| rest.find(self.delimiter))
                .flatten()
                .map(|i| key[..self.prefix.len() + i + self.delimiter.len()].to_string());
            match group {
                None => return Some(Step::Key(key, stack)),
                Some(g) => {
                    // Skip every other key of the group.
                    self.cursor = match past_prefix(&g) {
                        Some(p) => Bound::Included(p),
                        None => Bound::Excluded(key.clone()),
                    };
                    if !self.marker.is_empty() && g.as_str() <= self.marker {
                        continue;
                    }
                    return Some(Step::Prefix(g));
                }
            }
        }
    }
}

fn current_is_object(s: &VersionStack) -> bool {
    s.current().is_some_and(|e| !e.is_delete_marker())
}

impl Engine {
    /// ListObjects (GetBucket): current versions that are not delete markers, after `marker`.
    pub fn list_objects(&self, bucket: &str, p: &ListParams, marker: &str) -> Result<ObjectsPage> {
        let b = self.bucket(bucket)?;
        let start = if marker.is_empty() {
            Bound::Unbounded
        } else {
            Bound::Excluded(marker.to_string())
        };
        Ok(self.objects_page(b, p, start, marker))
    }

    /// ListObjectsV2: like ListObjects, resumed by `continuation-token` (which wins) or
    /// `start-after`. The token is the base64 of the last key or prefix listed.
    pub fn list_objects_v2(
        &self,
        bucket: &str,
        p: &ListParams,
        token: Option<&str>,
        start_after: &str,
    ) -> Result<ObjectsPage> {
        let b = self.bucket(bucket)?;
        let after = match token {
            Some(t) => decode_token(t)?,
            None => start_after.to_string(),
        };
        let start = if after.is_empty() {
            Bound::Unbounded
        } else {
            Bound::Excluded(after.clone())
        };
        let mut page = self.objects_page(b, p, start, &after);
        page.next_token = page.next_marker.as_deref().map(|m| B64.encode(m));
        Ok(page)
    }

    fn objects_page(
        &self,
        b: &Bucket,
        p: &ListParams,
        start: Bound<String>,
        marker: &str,
    ) -> ObjectsPage {
        let walk = Walk {
            bucket: b,
            cursor: start,
            prefix: &p.prefix,
            delimiter: &p.delimiter,
            marker,
            live: current_is_object,
        };
        let mut page = ObjectsPage::default();
        let mut last = String::new();
        for (count, step) in walk.enumerate() {
            if count == p.max_keys {
                page.truncated = true;
                page.next_marker = Some(last);
                break;
            }
            match step {
                Step::Key(key, stack) => {
                    last = key.to_string();
                    if let Some(s) = stack.current().and_then(|e| summary(key, e, self.now)) {
                        page.objects.push(s);
                    }
                }
                Step::Prefix(g) => {
                    last = g.clone();
                    page.common_prefixes.push(g);
                }
            }
        }
        page
    }

    /// ListObjectVersions: every version and delete marker, keys ascending, each key's
    /// entries newest first, resumed after (`key_marker`, `version_id_marker`). A
    /// version-id marker names a position even if that entry has since been deleted.
    pub fn list_object_versions(
        &self,
        bucket: &str,
        p: &ListParams,
        key_marker: &str,
        version_id_marker: Option<VersionId>,
    ) -> Result<VersionsPage> {
        let b = self.bucket(bucket)?;
        if let Some(marker) = version_id_marker.filter(|_| key_marker.is_empty()) {
            return Err(Error::VersionMarkerWithoutKeyMarker { marker });
        }
        let mut page = VersionsPage::default();
        let mut budget = p.max_keys;
        // Entries left in the key-marker's own stack, older than the version-id marker.
        let mut resume: Option<(&str, &VersionStack, usize)> = None;
        if let Some(v) = version_id_marker {
            if let Some((k, s)) = b.objects.get_key_value(key_marker) {
                let end = match v {
                    VersionId::Id { seq, .. } => Some(s.older_than(seq)),
                    VersionId::Null => s.position(VersionId::Null),
                };
                if let Some(end) = end {
                    if k.starts_with(p.prefix.as_str()) {
                        resume = Some((k.as_str(), s, end));
                    }
                }
            }
        }
        let start = if key_marker.is_empty() {
            Bound::Unbounded
        } else {
            Bound::Excluded(key_marker.to_string())
        };
        let walk = Walk {
            bucket: b,
            cursor: start,
            prefix: &p.prefix,
            delimiter: &p.delimiter,
            marker: key_marker,
            live: |s: &VersionStack| !s.is_empty(),
        };
        let keys = resume
            .map(|(k, s, end)| (Step::Key(k, s), end))
            .into_iter()
            .chain(walk.map(|step| {
                let n = match &step {
                    Step::Key(_, s) => s.len(),
                    Step::Prefix(_) => 0,
                };
                (step, n)
            }));
        'outer: for (step, end) in keys {
            match step {
                Step::Prefix(g) => {
                    if budget == 0 {
                        page.truncated = true;
                        break;
                    }
                    budget -= 1;
                    page.next_key_marker = g.clone();
                    page.next_version_id_marker.clear();
                    page.common_prefixes.push(g);
                }
                Step::Key(key, stack) => {
                    for idx in (0..end).rev() {
                        if budget == 0 {
                            page.truncated = true;
                            break 'outer;
                        }
                        budget -= 1;
                        let e = stack.entry_at(idx);
                        let item = version_item(key, e, stack.is_latest(idx), self.now);
                        page.next_key_marker = key.to_string();
                        page.next_version_id_marker = item.version_id().to_string();
                        page.items.push(item);
                    }
                }
            }
        }
        if !page.truncated {
            page.next_key_marker.clear();
            page.next_version_id_marker.clear();
        }
        Ok(page)
    }
}

fn version_item(key: &str, e: &Entry, is_latest: bool, now: Millis) -> VersionItem {
    let version_id = e.version_id().render();
    match &e.kind {
        EntryKind::DeleteMarker => VersionItem::DeleteMarker {
            key: key.to_string(),
            version_id,
            is_latest,
            last_modified: e.created,
        },
        EntryKind::Object(_) => VersionItem::Version {
            summary: summary(key, e, now).expect("object entry"),
            version_id,
            is_latest,
        },
    }
}

fn decode_token(t: &str) -> Result<String> {
    B64.decode(t)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| Error::InvalidContinuationToken {
            token: t.to_string(),
        })
}
