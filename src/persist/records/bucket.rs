//! Bucket records: settings, with CORS and lifecycle rules as the engine's own types.

use serde::{Deserialize, Serialize};

use crate::engine::acl::BucketAcl;
use crate::engine::cors::CorsConfig;
use crate::engine::lifecycle::LifecycleConfig;
use crate::engine::{Bucket, Millis, StorageClass, Versioning};

use super::*;

// ---- buckets ------------------------------------------------------------------------------

/// A bucket without its objects and uploads (those are records of their own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub name: String,
    pub created: Millis,
    /// `Unversioned`, `Enabled` or `Suspended`.
    pub versioning: String,
    pub storage_class: StorageClass,
    pub region: String,
    /// The engine's own type, stored through serde.
    #[serde(default)]
    pub lifecycle: Option<LifecycleConfig>,
    /// Absent in records written before ACLs existed: private, as every bucket then was.
    #[serde(default, skip_serializing_if = "is_default")]
    pub acl: BucketAcl,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The engine's own type, stored through serde.
    pub cors: Option<CorsConfig>,
}

fn versioning_text(v: Versioning) -> &'static str {
    v.status().unwrap_or("Unversioned")
}

impl BucketRecord {
    pub fn from_bucket(b: &Bucket) -> Self {
        BucketRecord {
            v: RECORD_VERSION,
            name: b.name.clone(),
            created: b.created,
            versioning: versioning_text(b.versioning).to_string(),
            storage_class: b.storage_class,
            region: b.region.clone(),
            lifecycle: b.lifecycle.clone(),
            acl: b.acl,
            cors: b.cors.clone(),
        }
    }

    /// An empty bucket with these settings (objects and uploads are added separately).
    pub fn to_bucket(&self) -> Result<Bucket, String> {
        let mut b = Bucket::new(&self.name, self.created, self.storage_class, &self.region);
        self.apply_to(&mut b)?;
        Ok(b)
    }

    /// Overwrite the settings of `b`, keeping its objects and uploads.
    pub fn apply_to(&self, b: &mut Bucket) -> Result<(), String> {
        b.versioning = match self.versioning.as_str() {
            "Unversioned" => Versioning::Unversioned,
            s => Versioning::parse_status(s)
                .ok_or_else(|| format!("bucket {}: unknown versioning {s:?}", self.name))?,
        };
        b.created = self.created;
        b.storage_class = self.storage_class;
        b.region = self.region.clone();
        b.lifecycle = self.lifecycle.clone();
        b.acl = self.acl;
        b.cors = self.cors.clone();
        Ok(())
    }
}
