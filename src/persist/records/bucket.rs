//! Bucket records: settings, CORS and lifecycle rules.

use serde::{Deserialize, Serialize};

use crate::engine::acl::BucketAcl;
use crate::engine::cors::CorsConfig;
use crate::engine::lifecycle::{Expiration, LifecycleConfig, Rule, When};
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
    #[serde(default)]
    pub lifecycle: Option<LifecycleRecord>,
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
            lifecycle: b.lifecycle.as_ref().map(LifecycleRecord::from),
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
        b.lifecycle = self.lifecycle.as_ref().map(LifecycleConfig::from);
        b.acl = self.acl;
        b.cors = self.cors.clone();
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifecycleRecord {
    pub set_at: Millis,
    pub rules: Vec<RuleRecord>,
}

/// `{"days": n}` or `{"created_before": ms}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenRecord {
    Days(u32),
    CreatedBefore(Millis),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpirationRecord {
    When(WhenRecord),
    ExpiredObjectDeleteMarker,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleRecord {
    pub id: String,
    pub prefix: String,
    pub enabled: bool,
    #[serde(default)]
    pub not_prefix: Option<String>,
    #[serde(default)]
    pub not_tag: Option<(String, String)>,
    #[serde(default)]
    pub expiration_as_date: bool,
    #[serde(default)]
    pub size_greater_than: Option<u64>,
    #[serde(default)]
    pub size_less_than: Option<u64>,
    #[serde(default)]
    pub tags: Vec<(String, String)>,
    #[serde(default)]
    pub expiration: Option<ExpirationRecord>,
    #[serde(default)]
    pub transitions: Vec<(WhenRecord, StorageClass)>,
    #[serde(default)]
    pub abort_multipart: Option<WhenRecord>,
    #[serde(default)]
    pub noncurrent_expiration_days: Option<u32>,
    #[serde(default)]
    pub noncurrent_transitions: Vec<(u32, StorageClass)>,
}

impl From<When> for WhenRecord {
    fn from(w: When) -> Self {
        match w {
            When::Days(d) => WhenRecord::Days(d),
            When::CreatedBefore(t) => WhenRecord::CreatedBefore(t),
        }
    }
}

impl From<WhenRecord> for When {
    fn from(w: WhenRecord) -> Self {
        match w {
            WhenRecord::Days(d) => When::Days(d),
            WhenRecord::CreatedBefore(t) => When::CreatedBefore(t),
        }
    }
}

impl From<&LifecycleConfig> for LifecycleRecord {
    fn from(c: &LifecycleConfig) -> Self {
        LifecycleRecord {
            set_at: c.set_at,
            rules: c
                .rules
                .iter()
                .map(|r| RuleRecord {
                    id: r.id.clone(),
                    prefix: r.prefix.clone(),
                    enabled: r.enabled,
                    not_prefix: r.not_prefix.clone(),
                    not_tag: r.not_tag.clone(),
                    expiration_as_date: r.expiration_as_date,
                    size_greater_than: r.size_greater_than,
                    size_less_than: r.size_less_than,
                    tags: r.tags.clone(),
                    expiration: r.expiration.map(|e| match e {
                        Expiration::When(w) => ExpirationRecord::When(w.into()),
                        Expiration::ExpiredObjectDeleteMarker => {
                            ExpirationRecord::ExpiredObjectDeleteMarker
                        }
                    }),
                    transitions: r
                        .transitions
                        .iter()
                        .map(|(w, c)| ((*w).into(), *c))
                        .collect(),
                    abort_multipart: r.abort_multipart.map(Into::into),
                    noncurrent_expiration_days: r.noncurrent_expiration_days,
                    noncurrent_transitions: r.noncurrent_transitions.clone(),
                })
                .collect(),
        }
    }
}

impl From<&LifecycleRecord> for LifecycleConfig {
    fn from(c: &LifecycleRecord) -> Self {
        LifecycleConfig {
            set_at: c.set_at,
            rules: c
                .rules
                .iter()
                .map(|r| Rule {
                    id: r.id.clone(),
                    prefix: r.prefix.clone(),
                    enabled: r.enabled,
                    not_prefix: r.not_prefix.clone(),
                    not_tag: r.not_tag.clone(),
                    expiration_as_date: r.expiration_as_date,
                    size_greater_than: r.size_greater_than,
                    size_less_than: r.size_less_than,
                    tags: r.tags.clone(),
                    expiration: r.expiration.as_ref().map(|e| match e {
                        ExpirationRecord::When(w) => Expiration::When((*w).into()),
                        ExpirationRecord::ExpiredObjectDeleteMarker => {
                            Expiration::ExpiredObjectDeleteMarker
                        }
                    }),
                    transitions: r
                        .transitions
                        .iter()
                        .map(|(w, c)| ((*w).into(), *c))
                        .collect(),
                    abort_multipart: r.abort_multipart.map(Into::into),
                    noncurrent_expiration_days: r.noncurrent_expiration_days,
                    noncurrent_transitions: r.noncurrent_transitions.clone(),
                })
                .collect(),
        }
    }
}
