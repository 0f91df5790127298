//! Listing responses: ListBucketResult (v1 and v2), ListVersionsResult with its interleaved
//! [`VersionEntry`] items, and the multipart listings (ListParts, ListMultipartUploads).

use super::{read_element, xml_element, CommonPrefix, Node, Owner, XmlError, XmlValue, XmlWriter};

// ---------------------------------------------------------------------------------------------
// Listings
// ---------------------------------------------------------------------------------------------

xml_element! {
    /// One `<Contents>` of ListObjects / ListObjectsV2.
    pub struct ObjectSummary {
        Key => key: String,
        /// ISO 8601 `…000Z`.
        LastModified => last_modified: String,
        /// Quoted.
        ETag => etag: String,
        /// `Normal`, `Multipart`, `Appendable`, `Symlink`.
        Type => object_type: String,
        Size => size: u64,
        StorageClass => storage_class: String,
        /// Same text as the `x-oss-restore` header: `ongoing-request="true"` or
        /// `ongoing-request="false", expiry-date="<RFC 1123>"`.
        RestoreInfo => restore_info: Option<String>,
        /// ISO 8601; only for objects moved to (Deep) Cold Archive by lifecycle.
        TransitionTime => transition_time: Option<String>,
        /// Always present in ListObjects; in ListObjectsV2 only with `fetch-owner=true`.
        Owner => owner: Option<Owner>,
    }
}

xml_element! {
    /// ListObjects (GetBucket, V1) response, root `ListBucketResult`.
    pub struct ListBucketResult {
        Name => name: String,
        Prefix => prefix: String,
        Marker => marker: String,
        MaxKeys => max_keys: u32,
        Delimiter => delimiter: String,
        /// `Some("url")` when the request had `encoding-type=url`.
        EncodingType => encoding_type: Option<String>,
        IsTruncated => is_truncated: bool,
        /// Only when truncated.
        NextMarker => next_marker: Option<String>,
        Contents => contents: Vec<ObjectSummary>,
        CommonPrefixes => common_prefixes: Vec<CommonPrefix>,
    }
}

xml_element! {
    /// ListObjectsV2 (GetBucketV2) response, also root `ListBucketResult`.
    pub struct ListBucketResultV2 {
        Name => name: String,
        Prefix => prefix: String,
        /// Echo of the request's `continuation-token`, when given.
        ContinuationToken => continuation_token: Option<String>,
        /// Echo of the request's `start-after`, when given.
        StartAfter => start_after: Option<String>,
        MaxKeys => max_keys: u32,
        /// Only when the request had a delimiter.
        Delimiter => delimiter: Option<String>,
        EncodingType => encoding_type: Option<String>,
        IsTruncated => is_truncated: bool,
        /// Only when truncated.
        NextContinuationToken => next_continuation_token: Option<String>,
        Contents => contents: Vec<ObjectSummary>,
        CommonPrefixes => common_prefixes: Vec<CommonPrefix>,
        /// Number of `Contents` plus `CommonPrefixes` returned.
        KeyCount => key_count: u32,
    }
}

xml_element! {
    /// One `<Version>` of ListObjectVersions.
    pub struct ObjectVersion {
        Key => key: String,
        /// `null` for the null version.
        VersionId => version_id: String,
        IsLatest => is_latest: bool,
        LastModified => last_modified: String,
        ETag => etag: String,
        Type => object_type: String,
        Size => size: u64,
        StorageClass => storage_class: String,
        RestoreInfo => restore_info: Option<String>,
        TransitionTime => transition_time: Option<String>,
        Owner => owner: Owner,
    }
}

xml_element! {
    /// One `<DeleteMarker>` of ListObjectVersions.
    pub struct DeleteMarkerEntry {
        Key => key: String,
        VersionId => version_id: String,
        IsLatest => is_latest: bool,
        LastModified => last_modified: String,
        Owner => owner: Owner,
    }
}

/// A ListObjectVersions entry; the variant name is the element name, so a `Vec` of these is
/// written `<Version>`/`<DeleteMarker>` interleaved in vector order (keys ascending, each key's
/// versions and markers newest first, as OSS returns them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionEntry {
    Version(ObjectVersion),
    DeleteMarker(DeleteMarkerEntry),
}

impl Default for VersionEntry {
    fn default() -> Self {
        VersionEntry::Version(ObjectVersion::default())
    }
}

/// Written and read under its variant's element name (the field's name is not used).
impl XmlValue for VersionEntry {
    fn write_xml(&self, _name: &str, w: &mut XmlWriter) {
        match self {
            VersionEntry::Version(v) => w.element("Version", v),
            VersionEntry::DeleteMarker(m) => w.element("DeleteMarker", m),
        }
    }
    fn read_xml(&mut self, node: &Node) -> Result<(), XmlError> {
        *self = if node.name == "DeleteMarker" {
            VersionEntry::DeleteMarker(read_element(node)?)
        } else {
            VersionEntry::Version(read_element(node)?)
        };
        Ok(())
    }
}

xml_element! {
    /// ListObjectVersions (GetBucketVersions) response, root `ListVersionsResult`.
    ///
    /// oss2 needs `Name`, `Prefix`, `KeyMarker`, `VersionIdMarker`, `MaxKeys`, `Delimiter` and
    /// `IsTruncated` present even when empty, hence plain `String`s.
    pub struct ListVersionsResult {
        Name => name: String,
        Prefix => prefix: String,
        KeyMarker => key_marker: String,
        VersionIdMarker => version_id_marker: String,
        MaxKeys => max_keys: u32,
        Delimiter => delimiter: String,
        EncodingType => encoding_type: Option<String>,
        IsTruncated => is_truncated: bool,
        /// Only when truncated.
        NextKeyMarker => next_key_marker: Option<String>,
        /// Only when truncated; may be `null`.
        NextVersionIdMarker => next_version_id_marker: Option<String>,
        /// `<Version>` and `<DeleteMarker>` in one ordered stream.
        Version | DeleteMarker => entries: Vec<VersionEntry>,
        CommonPrefixes => common_prefixes: Vec<CommonPrefix>,
    }
}
