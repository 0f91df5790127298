//! Version records (an object version or a delete marker) and their object.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::engine::acl::ObjectAcl;
use crate::engine::archive::Restore;
use crate::engine::tagging::Tags;
use crate::engine::{
    Body, Entry, EntryKind, Etag, Millis, ObjectMeta, ObjectType, ObjectVersion, StorageClass,
    Tier, TypeDetail,
};

use super::*;

// ---- entries ------------------------------------------------------------------------------

/// One entry of a version stack; stored under the key `[bucket, key, seq]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub bucket: String,
    pub key: String,
    pub seq: u64,
    pub created: Millis,
    pub null: bool,
    /// `None` for a delete marker.
    #[serde(default)]
    pub object: Option<ObjectRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectRecord {
    /// Content id of the body in the bodies store.
    pub body: String,
    /// ETag text without quotes (`HEX` or `HEX-N`).
    pub etag: String,
    pub crc64: u64,
    pub object_type: ObjectType,
    pub storage_class: StorageClass,
    #[serde(default)]
    pub transition_time: Option<Millis>,
    pub meta: ObjectMeta,
    #[serde(default)]
    pub restore: Option<RestoreRecord>,
    /// Appendable versions: when data was last appended. `None` for other types; JSON
    /// records written before osslab had appends lack it (serde default: still readable).
    /// Always written: the native store's postcard is positional (its older records are read
    /// through `persist::native`'s legacy layout).
    #[serde(default)]
    pub appended: Option<Millis>,
    /// Appendable versions a later write covered: appending has ended for good.
    #[serde(default)]
    pub sealed: bool,
    /// Symlink versions: the key they point to.
    #[serde(default)]
    pub symlink_target: Option<String>,
    /// Absent in JSON records written before ACLs existed: `default`, as every version then
    /// was. Always written: the native store encodes entries with postcard, which has no field
    /// names and so cannot skip a field.
    #[serde(default)]
    pub acl: ObjectAcl,
    /// `[key, value]` pairs in the order given (absent in older JSON records: none).
    #[serde(default)]
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RestoreRecord {
    pub requested: Millis,
    /// `Bulk`, `Standard`, `Expedited`, or absent for Archive.
    #[serde(default)]
    pub tier: Option<String>,
    pub completes: Millis,
    pub expires: Millis,
}

pub fn parse_etag(text: &str) -> Result<Etag, String> {
    let bad = || format!("bad etag {text:?}");
    // Straight into the array: a load parses one ETag per version.
    let digest = |h: &str| -> Result<[u8; 16], String> {
        let mut d = [0; 16];
        hex::decode_to_slice(h, &mut d).map_err(|_| bad())?;
        Ok(d)
    };
    match text.split_once('-') {
        None => Ok(Etag::Md5(digest(text)?)),
        Some((h, n)) => Ok(Etag::Multipart(digest(h)?, n.parse().map_err(|_| bad())?)),
    }
}

impl ObjectRecord {
    /// The type state of an Appendable or Symlink record; a Symlink without its target is
    /// refused rather than read as a link to nowhere.
    fn detail(&self) -> Result<Option<Box<TypeDetail>>, String> {
        Ok(match self.object_type {
            ObjectType::Appendable => Some(Box::new(TypeDetail::Appendable {
                appended: self.appended.unwrap_or_default(),
                sealed: self.sealed,
            })),
            ObjectType::Symlink => Some(Box::new(TypeDetail::Symlink {
                target: self
                    .symlink_target
                    .clone()
                    .ok_or("a Symlink record without symlink_target")?,
            })),
            _ => None,
        })
    }

    pub fn from_object(o: &ObjectVersion) -> Self {
        ObjectRecord {
            body: body_content_id(&o.body),
            etag: o.etag.text(),
            crc64: o.crc64,
            object_type: o.object_type,
            storage_class: o.storage_class,
            transition_time: o.transition_time,
            meta: (*o.meta).clone(),
            restore: o.restore.as_deref().map(|r| RestoreRecord {
                requested: r.requested,
                tier: r.tier.map(|t| t.as_str().to_string()),
                completes: r.completes,
                expires: r.expires,
            }),
            appended: match o.detail.as_deref() {
                Some(TypeDetail::Appendable { appended, .. }) => Some(*appended),
                _ => None,
            },
            sealed: matches!(
                o.detail.as_deref(),
                Some(TypeDetail::Appendable { sealed: true, .. })
            ),
            symlink_target: o.symlink_target().map(str::to_string),
            acl: o.acl,
            tags: o.tags.as_slice().to_vec(),
        }
    }

    /// Rebuild the object version; `body` resolves the content id, `what` names the record
    /// in the message when the body is missing.
    pub fn to_object(
        &self,
        body: impl Fn(&str) -> Option<Body>,
        what: impl FnOnce() -> String,
    ) -> Result<ObjectVersion, String> {
        self.clone().into_object(body, Arc::new, what)
    }

    /// [`ObjectRecord::to_object`] taking the record: its metadata and tags move into the
    /// version instead of being copied (a load turns every version record into a version);
    /// `meta` shares the metadata (with equal metadata of other versions, say).
    pub fn into_object(
        self,
        body: impl FnOnce(&str) -> Option<Body>,
        meta: impl FnOnce(ObjectMeta) -> Arc<ObjectMeta>,
        what: impl FnOnce() -> String,
    ) -> Result<ObjectVersion, String> {
        let bytes =
            body(&self.body).ok_or_else(|| format!("{}: body {} is missing", what(), self.body))?;
        let restore = match &self.restore {
            None => None,
            Some(r) => Some(Box::new(Restore {
                requested: r.requested,
                tier: match r.tier.as_deref() {
                    None => None,
                    Some(t) => Some(Tier::parse(t).map_err(|_| format!("bad tier {t:?}"))?),
                },
                completes: r.completes,
                expires: r.expires,
            })),
        };
        let etag = parse_etag(&self.etag)?;
        let detail = self.detail()?;
        Ok(ObjectVersion {
            body: bytes,
            etag,
            crc64: self.crc64,
            object_type: self.object_type,
            storage_class: self.storage_class,
            transition_time: self.transition_time,
            meta: meta(self.meta),
            restore,
            detail,
            acl: self.acl,
            tags: Tags::from_trusted(self.tags),
        })
    }
}

impl EntryRecord {
    pub fn from_entry(bucket: &str, key: &str, e: &Entry) -> Self {
        EntryRecord {
            v: RECORD_VERSION,
            bucket: bucket.to_string(),
            key: key.to_string(),
            seq: e.seq,
            created: e.created,
            null: e.null,
            object: e.object().map(ObjectRecord::from_object),
        }
    }

    /// The content id this entry refers to, if it is an object version.
    pub fn body_id(&self) -> Option<&str> {
        self.object.as_ref().map(|o| o.body.as_str())
    }

    /// Rebuild the engine entry; `body` resolves a content id (`None`: the body is missing).
    pub fn to_entry(&self, body: impl Fn(&str) -> Option<Body>) -> Result<Entry, String> {
        let what = || format!("{}/{} (seq {})", self.bucket, self.key, self.seq);
        let kind = match &self.object {
            None => EntryKind::DeleteMarker,
            Some(o) => EntryKind::Object(o.clone().into_object(body, Arc::new, what)?),
        };
        Ok(Entry {
            seq: self.seq,
            created: self.created,
            null: self.null,
            kind,
        })
    }

    /// [`EntryRecord::to_entry`] taking the record's object (its bucket and key stay, for
    /// the caller to file the entry under); `meta` shares the metadata.
    pub fn take_entry(
        &mut self,
        body: impl FnOnce(&str) -> Option<Body>,
        meta: impl FnOnce(ObjectMeta) -> Arc<ObjectMeta>,
    ) -> Result<Entry, String> {
        let what = || format!("{}/{} (seq {})", self.bucket, self.key, self.seq);
        let kind = match self.object.take() {
            None => EntryKind::DeleteMarker,
            Some(o) => EntryKind::Object(o.into_object(body, meta, what)?),
        };
        Ok(Entry {
            seq: self.seq,
            created: self.created,
            null: self.null,
            kind,
        })
    }
}
