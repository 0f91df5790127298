//! What a version stack holds: object versions and delete markers.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::acl::ObjectAcl;
use super::archive::Restore;
use super::ids::VersionId;
use super::tagging::Tags;
use super::Millis;

/// OSS storage classes, spelled as OSS spells them on the wire.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum StorageClass {
    #[default]
    Standard,
    IA,
    Archive,
    ColdArchive,
    DeepColdArchive,
}

impl StorageClass {
    pub const ALL: [StorageClass; 5] = [
        StorageClass::Standard,
        StorageClass::IA,
        StorageClass::Archive,
        StorageClass::ColdArchive,
        StorageClass::DeepColdArchive,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            StorageClass::Standard => "Standard",
            StorageClass::IA => "IA",
            StorageClass::Archive => "Archive",
            StorageClass::ColdArchive => "ColdArchive",
            StorageClass::DeepColdArchive => "DeepColdArchive",
        }
    }

    /// Exact spelling only: OSS rejects `standard` or `DeepArchive`.
    pub fn parse(s: &str) -> Option<StorageClass> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Classes whose data must be restored before it can be read.
    pub fn needs_restore(&self) -> bool {
        matches!(
            self,
            StorageClass::Archive | StorageClass::ColdArchive | StorageClass::DeepColdArchive
        )
    }

    /// Cold Archive and Deep Cold Archive take a restore `Tier` and up to 365 days.
    pub fn is_cold(&self) -> bool {
        matches!(
            self,
            StorageClass::ColdArchive | StorageClass::DeepColdArchive
        )
    }
}

/// `x-oss-object-type`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObjectType {
    #[default]
    Normal,
    Multipart,
    Appendable,
    /// A symbolic link to another key of the bucket (PutSymlink).
    Symlink,
}

impl ObjectType {
    pub fn as_str(&self) -> &'static str {
        match self {
            ObjectType::Normal => "Normal",
            ObjectType::Multipart => "Multipart",
            ObjectType::Appendable => "Appendable",
            ObjectType::Symlink => "Symlink",
        }
    }
}

/// Standard HTTP headers and user metadata kept with each version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectMeta {
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub content_disposition: Option<String>,
    pub content_encoding: Option<String>,
    pub content_language: Option<String>,
    pub expires: Option<String>,
    /// `x-oss-meta-*` headers, names lower-cased without the prefix.
    pub user: BTreeMap<String, String>,
}

/// The bytes of a version, shared (not copied) between versions with the same content,
/// e.g. a version recovered by CopyObject.
pub type Body = Arc<[u8]>;

/// One object version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectVersion {
    pub body: Body,
    /// Raw 16 bytes of the MD5 for Normal objects; the multipart rule for Multipart ones.
    pub etag: Etag,
    pub crc64: u64,
    pub object_type: ObjectType,
    pub storage_class: StorageClass,
    /// Set when a lifecycle rule moved the version to Cold / Deep Cold Archive.
    pub transition_time: Option<Millis>,
    pub meta: Arc<ObjectMeta>,
    pub restore: Option<Box<Restore>>,
    /// What only Appendable and Symlink versions carry (boxed: other versions pay one word).
    pub detail: Option<Box<TypeDetail>>,
    /// `x-oss-object-acl` of this version (a delete marker has none).
    pub acl: ObjectAcl,
    /// Object tags of this version (a delete marker has none).
    pub tags: Tags,
}

/// The state of an Appendable or Symlink version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeDetail {
    /// `appended`: when data was last appended (the version's Last-Modified; every append
    /// moves it, AppendObject doc). `sealed`: a later write or delete covered the version,
    /// which ends appending for good (AppendObject doc, "Versioning"), even if the version
    /// becomes current again when what covered it is removed.
    Appendable { appended: Millis, sealed: bool },
    /// The key (same bucket) a symlink points to.
    Symlink { target: String },
}

impl ObjectVersion {
    /// Last-Modified: the entry's creation time, or the last append of an Appendable version.
    pub fn last_modified(&self, created: Millis) -> Millis {
        match self.detail.as_deref() {
            // Never before creation (a record without the time reads as 0).
            Some(TypeDetail::Appendable { appended, .. }) => (*appended).max(created),
            _ => created,
        }
    }

    /// The key a Symlink version points to.
    pub fn symlink_target(&self) -> Option<&str> {
        match self.detail.as_deref() {
            Some(TypeDetail::Symlink { target }) => Some(target),
            _ => None,
        }
    }

    /// `true` for an Appendable version that may still grow (not covered by a later write).
    pub fn can_append(&self) -> bool {
        self.object_type == ObjectType::Appendable
            && !matches!(
                self.detail.as_deref(),
                Some(TypeDetail::Appendable { sealed: true, .. })
            )
    }

    /// `x-oss-next-append-position` of an Appendable version: its length.
    pub fn next_append_position(&self) -> Option<u64> {
        (self.object_type == ObjectType::Appendable).then_some(self.body.len() as u64)
    }
}

/// An ETag: the quoted text is rendered by the wire layer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Etag {
    /// MD5 of the body (PutObject, UploadPart): `"5B3C...A0FE"`.
    Md5([u8; 16]),
    /// Multipart: MD5 of the concatenated part ETag texts, and the part count: `"…-N"`.
    Multipart([u8; 16], u32),
}

impl Etag {
    /// Upper-case hex, without quotes.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.push_text(&mut s);
        s
    }

    /// Appends [`Etag::text`] to `out`.
    pub fn push_text(&self, out: &mut String) {
        match self {
            Etag::Md5(d) => super::ids::push_hex_upper(out, d),
            Etag::Multipart(d, n) => {
                super::ids::push_hex_upper(out, d);
                out.push('-');
                out.push_str(&n.to_string());
            }
        }
    }

    /// `Content-MD5` is only known for bodies uploaded in one piece.
    pub fn content_md5(&self) -> Option<[u8; 16]> {
        match self {
            Etag::Md5(d) => Some(*d),
            Etag::Multipart(..) => None,
        }
    }

    /// Compare with an ETag sent by a client, with or without quotes, any case.
    pub fn matches(&self, client: &str) -> bool {
        let c = client.trim().trim_matches('"');
        c == "*" || c.eq_ignore_ascii_case(&self.text())
    }
}

/// One entry of a version stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Engine-wide write sequence: orders entries within a stack and is encoded in the id.
    pub seq: u64,
    /// Creation time; also the entry's Last-Modified. Never changes after creation.
    pub created: Millis,
    /// `true` for the key's single `null` version.
    pub null: bool,
    pub kind: EntryKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Object(ObjectVersion),
    DeleteMarker,
}

impl Entry {
    pub fn version_id(&self) -> VersionId {
        if self.null {
            VersionId::Null
        } else {
            VersionId::Id {
                ms: self.created,
                seq: self.seq,
            }
        }
    }

    pub fn is_delete_marker(&self) -> bool {
        matches!(self.kind, EntryKind::DeleteMarker)
    }

    pub fn object(&self) -> Option<&ObjectVersion> {
        match &self.kind {
            EntryKind::Object(o) => Some(o),
            EntryKind::DeleteMarker => None,
        }
    }

    pub fn object_mut(&mut self) -> Option<&mut ObjectVersion> {
        match &mut self.kind {
            EntryKind::Object(o) => Some(o),
            EntryKind::DeleteMarker => None,
        }
    }
}
