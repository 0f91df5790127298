//! A bucket: its versioning state, its keys' version stacks, its uploads and rules.

use std::collections::BTreeMap;

use super::acl::BucketAcl;
use super::cors::CorsConfig;
use super::error::{Error, KeyProblem, Result};
use super::lifecycle::LifecycleConfig;
use super::multipart::Upload;
use super::object::StorageClass;
use super::stack::VersionStack;
use super::Millis;

/// Unversioned → Enabled ⇄ Suspended. Once versioning was enabled a bucket never returns
/// to Unversioned: PutBucketVersioning only accepts `Enabled` and `Suspended`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Versioning {
    #[default]
    Unversioned,
    Enabled,
    Suspended,
}

impl Versioning {
    /// The `<Status>` text; `None` for a never-versioned bucket (no Status element at all).
    pub fn status(&self) -> Option<&'static str> {
        match self {
            Versioning::Unversioned => None,
            Versioning::Enabled => Some("Enabled"),
            Versioning::Suspended => Some("Suspended"),
        }
    }

    pub fn parse_status(s: &str) -> Option<Versioning> {
        match s {
            "Enabled" => Some(Versioning::Enabled),
            "Suspended" => Some(Versioning::Suspended),
            _ => None,
        }
    }

    /// Versioned buckets (Enabled or Suspended) report `x-oss-version-id`; unversioned
    /// buckets never do.
    pub fn is_versioned(&self) -> bool {
        !matches!(self, Versioning::Unversioned)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    pub name: String,
    pub created: Millis,
    pub versioning: Versioning,
    pub storage_class: StorageClass,
    pub region: String,
    pub objects: BTreeMap<String, VersionStack>,
    /// In-progress multipart uploads by upload id.
    pub uploads: BTreeMap<String, Upload>,
    pub lifecycle: Option<LifecycleConfig>,
    /// `x-oss-acl`: what anonymous requests may do where a version says `default`.
    pub acl: BucketAcl,
    /// PutBucketCors rules; `None` when none were put (or they were deleted).
    pub cors: Option<CorsConfig>,
}

impl Bucket {
    pub fn new(name: &str, created: Millis, storage_class: StorageClass, region: &str) -> Self {
        Bucket {
            name: name.to_string(),
            created,
            versioning: Versioning::Unversioned,
            storage_class,
            region: region.to_string(),
            objects: BTreeMap::new(),
            uploads: BTreeMap::new(),
            lifecycle: None,
            acl: BucketAcl::Private,
            cors: None,
        }
    }

    pub fn stack(&self, key: &str) -> Option<&VersionStack> {
        self.objects.get(key)
    }

    /// Number of entries (versions and delete markers) over all keys.
    pub fn entry_count(&self) -> usize {
        self.objects.values().map(VersionStack::len).sum()
    }
}

/// OSS bucket names: 3–63 characters of lower-case letters, digits and hyphens, starting
/// and ending with a letter or digit.
pub fn validate_bucket_name(name: &str) -> Result<()> {
    let ok = (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidBucketName {
            bucket: name.to_string(),
        })
    }
}

/// Object keys: 1–1023 bytes of UTF-8 (the wire layer has already rejected invalid UTF-8).
pub fn validate_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::InvalidKey(KeyProblem::Empty));
    }
    if key.len() > 1023 {
        return Err(Error::InvalidKey(KeyProblem::TooLong));
    }
    // OSS object naming: a name cannot start with `/` or `\` (docs/fidelity.md §Findings of
    // the oss2 integration suite).
    if key.starts_with(['/', '\\']) {
        return Err(Error::InvalidKey(KeyProblem::BadStart));
    }
    Ok(())
}
