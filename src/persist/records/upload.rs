//! Multipart upload records with their parts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::acl::ObjectAcl;
use crate::engine::multipart::{Part, Upload};
use crate::engine::tagging::Tags;
use crate::engine::{Body, Millis, ObjectMeta, StorageClass};

use super::*;

// ---- uploads ------------------------------------------------------------------------------

/// A multipart upload in progress, with its parts; stored under `[bucket, upload_id]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadRecord {
    #[serde(default = "default_v")]
    pub v: u32,
    pub bucket: String,
    pub upload_id: String,
    pub key: String,
    pub initiated: Millis,
    pub seq: u64,
    pub meta: ObjectMeta,
    pub storage_class: StorageClass,
    #[serde(default)]
    pub parts: Vec<PartRecord>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub acl: ObjectAcl,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartRecord {
    pub number: u32,
    pub body: String,
    /// Hex MD5.
    pub etag: String,
    pub crc64: u64,
    pub last_modified: Millis,
}

impl UploadRecord {
    pub fn from_upload(bucket: &str, u: &Upload) -> Self {
        UploadRecord {
            v: RECORD_VERSION,
            bucket: bucket.to_string(),
            upload_id: u.upload_id.clone(),
            key: u.key.clone(),
            initiated: u.initiated,
            seq: u.seq,
            meta: u.meta.clone(),
            storage_class: u.storage_class,
            parts: u
                .parts
                .iter()
                .map(|(n, p)| PartRecord {
                    number: *n,
                    body: body_content_id(&p.body),
                    etag: hex::encode(p.etag),
                    crc64: p.crc64,
                    last_modified: p.last_modified,
                })
                .collect(),
            acl: u.acl,
            tags: u.tags.as_slice().to_vec(),
        }
    }

    pub fn body_ids(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.body.as_str())
    }

    pub fn to_upload(&self, body: impl Fn(&str) -> Option<Body>) -> Result<Upload, String> {
        let mut parts = BTreeMap::new();
        for p in &self.parts {
            let bytes = body(&p.body).ok_or_else(|| {
                format!(
                    "upload {} part {}: body {} is missing",
                    self.upload_id, p.number, p.body
                )
            })?;
            let etag: [u8; 16] = hex::decode(&p.etag)
                .ok()
                .and_then(|v| v.try_into().ok())
                .ok_or_else(|| format!("upload {}: bad part etag", self.upload_id))?;
            parts.insert(
                p.number,
                Part {
                    body: bytes,
                    etag,
                    crc64: p.crc64,
                    last_modified: p.last_modified,
                },
            );
        }
        Ok(Upload {
            upload_id: self.upload_id.clone(),
            key: self.key.clone(),
            initiated: self.initiated,
            seq: self.seq,
            meta: self.meta.clone(),
            storage_class: self.storage_class,
            parts,
            acl: self.acl,
            tags: Tags::from_trusted(self.tags.clone()),
        })
    }
}
