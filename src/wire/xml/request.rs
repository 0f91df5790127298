//! Request bodies OSS reads: CreateBucketConfiguration, VersioningConfiguration input, Delete
//! (DeleteMultipleObjects), CompleteMultipartUpload, RestoreRequest, and the lifecycle
//! configuration (PutBucketLifecycle body, also the GetBucketLifecycle response).

use super::{xml_element, Element, Node, XmlError, XmlValue, XmlWriter};

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

xml_element! {
    /// CreateBucket (PutBucket) body, root `CreateBucketConfiguration`.
    pub struct CreateBucketConfiguration {
        StorageClass => storage_class: Option<String>,
        DataRedundancyType => data_redundancy_type: Option<String>,
    }
}

xml_element! {
    /// DeleteMultipleObjects body, root `Delete`.
    pub struct DeleteRequest {
        /// `None` when absent (OSS default: not quiet).
        Quiet => quiet: Option<bool>,
        Object => objects: Vec<DeleteObjectEntry>,
    }
}

xml_element! {
    /// One `<Object>` of a Delete body. `Key` is required.
    pub struct DeleteObjectEntry {
        Key => key: String [required],
        /// As sent, possibly `""` (an empty `<VersionId/>`) or `null`.
        VersionId => version_id: Option<String>,
    }
}

xml_element! {
    /// CompleteMultipartUpload body, root `CompleteMultipartUpload`.
    pub struct CompleteMultipartUpload {
        Part => parts: Vec<CompletePart>,
    }
}

xml_element! {
    /// One `<Part>` of a CompleteMultipartUpload body. Both children are required.
    pub struct CompletePart {
        /// Signed so that out-of-range values reach the engine's validation (InvalidPart…).
        PartNumber => part_number: i64 [required],
        /// As sent: SDKs send it quoted, accept both.
        ETag => etag: String [required],
    }
}

/// RestoreObject body, root `RestoreRequest`:
/// `<RestoreRequest><Days>N</Days><JobParameters><Tier>Standard</Tier></JobParameters></RestoreRequest>`.
///
/// Range checks (Days 1–7 / 1–365, Tier values) belong to the caller. Children other than
/// `Days` and `JobParameters` are listed in `unknown_elements`, because OSS rejects e.g.
/// `GlacierJobParameters` (EC 0016-00000709).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreRequest {
    pub days: Option<i64>,
    pub job_parameters: Option<JobParameters>,
    /// Read only; never written.
    pub unknown_elements: Vec<String>,
}

impl RestoreRequest {
    /// `JobParameters/Tier`, if given.
    pub fn tier(&self) -> Option<&str> {
        self.job_parameters.as_ref()?.tier.as_deref()
    }
}

/// By hand: unknown children are reported, not ignored.
impl Element for RestoreRequest {
    fn write_children(&self, w: &mut XmlWriter) {
        self.days.write_xml("Days", w);
        self.job_parameters.write_xml("JobParameters", w);
    }

    fn read_child(&mut self, child: &Node) -> Result<(), XmlError> {
        match child.name.as_str() {
            "Days" => self.days.read_xml(child),
            "JobParameters" => self.job_parameters.read_xml(child),
            _ => {
                self.unknown_elements.push(child.name.clone());
                Ok(())
            }
        }
    }
}

xml_element! {
    /// `<JobParameters><Tier>Expedited|Standard|Bulk</Tier></JobParameters>`.
    pub struct JobParameters {
        Tier => tier: Option<String>,
    }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle (PutBucketLifecycle body and GetBucketLifecycle response)
// ---------------------------------------------------------------------------------------------

xml_element! {
    /// Root `LifecycleConfiguration`. Read leniently (SDKs write the rule children in different
    /// orders: gov2 puts `Status` first, oss2 puts `Filter` last and `StorageClass` before
    /// `Days`); written in the order of the fields.
    pub struct LifecycleConfiguration {
        Rule => rules: Vec<LifecycleRule>,
    }
}

xml_element! {
    /// One `<Rule>`. Values are kept as sent; validation (ID length, Status values, mutually
    /// exclusive actions, dates at midnight, ...) is the caller's job.
    pub struct LifecycleRule {
        ID => id: Option<String>,
        Prefix => prefix: Option<String>,
        /// `Enabled` / `Disabled`; `""` when the element was missing.
        Status => status: String,
        Filter => filter: Option<LifecycleFilter>,
        Tag => tags: Vec<Tag>,
        Expiration => expiration: Option<LifecycleExpiration>,
        Transition => transitions: Vec<LifecycleTransition>,
        AbortMultipartUpload => abort_multipart_upload: Option<LifecycleAbortMultipartUpload>,
        NoncurrentVersionExpiration => noncurrent_version_expiration: Option<NoncurrentVersionExpiration>,
        NoncurrentVersionTransition => noncurrent_version_transitions: Vec<NoncurrentVersionTransition>,
        /// GetBucketLifecycle only: when access-time tracking began (Unix seconds).
        AtimeBase => atime_base: Option<i64>,
    }
}

xml_element! {
    /// `<Tag><Key/><Value/></Tag>`.
    pub struct Tag {
        Key => key: String,
        Value => value: String,
    }
}

xml_element! {
    /// `<Filter>`: `Prefix?`, `Not*`, `ObjectSizeGreaterThan?`, `ObjectSizeLessThan?`.
    pub struct LifecycleFilter {
        Prefix => prefix: Option<String>,
        Not => not: Vec<LifecycleNot>,
        ObjectSizeGreaterThan => object_size_greater_than: Option<i64>,
        ObjectSizeLessThan => object_size_less_than: Option<i64>,
    }
}

xml_element! {
    /// `<Not><Prefix/><Tag/></Not>` inside a Filter.
    pub struct LifecycleNot {
        Prefix => prefix: Option<String>,
        Tag => tag: Option<Tag>,
    }
}

xml_element! {
    /// `<Expiration>` with one of `Days`, `Date` (legacy), `CreatedBeforeDate` (ISO 8601
    /// midnight UTC) or `ExpiredObjectDeleteMarker`.
    pub struct LifecycleExpiration {
        Days => days: Option<i64>,
        Date => date: Option<String>,
        CreatedBeforeDate => created_before_date: Option<String>,
        /// Accepts `true`/`True`/`false`; written lower-case.
        ExpiredObjectDeleteMarker => expired_object_delete_marker: Option<bool>,
    }
}

xml_element! {
    /// `<Transition>`: `Days` or `CreatedBeforeDate`, `StorageClass`, and the access-time
    /// options.
    pub struct LifecycleTransition {
        Days => days: Option<i64>,
        CreatedBeforeDate => created_before_date: Option<String>,
        /// `IA`, `Archive`, `ColdArchive`, `DeepColdArchive`; `""` when missing.
        StorageClass => storage_class: String,
        IsAccessTime => is_access_time: Option<bool>,
        ReturnToStdWhenVisit => return_to_std_when_visit: Option<bool>,
        AllowSmallFile => allow_small_file: Option<bool>,
    }
}

xml_element! {
    /// `<AbortMultipartUpload>` with `Days` or `CreatedBeforeDate`.
    pub struct LifecycleAbortMultipartUpload {
        Days => days: Option<i64>,
        CreatedBeforeDate => created_before_date: Option<String>,
    }
}

xml_element! {
    /// `<NoncurrentVersionExpiration><NoncurrentDays/></NoncurrentVersionExpiration>`.
    pub struct NoncurrentVersionExpiration {
        NoncurrentDays => noncurrent_days: Option<i64>,
    }
}

xml_element! {
    /// `<NoncurrentVersionTransition>`: `NoncurrentDays`, `StorageClass`, access-time options.
    pub struct NoncurrentVersionTransition {
        NoncurrentDays => noncurrent_days: Option<i64>,
        StorageClass => storage_class: String,
        IsAccessTime => is_access_time: Option<bool>,
        ReturnToStdWhenVisit => return_to_std_when_visit: Option<bool>,
        AllowSmallFile => allow_small_file: Option<bool>,
    }
}
