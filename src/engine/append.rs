//! AppendObject: Appendable objects grow in place, one version that never multiplies.
//!
//! The rules (AppendObject doc, "Versioning"; docs/fidelity.md §AppendObject, PostObject and
//! symlinks):
//! - Only the current version can be appended, and an append creates no previous version:
//!   the bytes, CRC, ETag and Last-Modified of that version change, its version id does not.
//! - A PutObject, DeleteObject (marker) or any other write on top of an Appendable version
//!   keeps it as a previous version that can never be appended again (`seal_current`).
//! - Normal, Multipart and Symlink objects are not appendable (409 ObjectNotAppendable).
//! - A new Appendable version is created, at position 0 only, when the key does not exist
//!   or its current version is a delete marker.
//! - Metadata, storage class and ACL are taken from the first append only.

use std::sync::Arc;

use super::bucket::validate_key;
use super::error::{Error, Result};
use super::integrity;
use super::object::{Body, Etag, ObjectMeta, ObjectType, ObjectVersion, StorageClass, TypeDetail};
use super::stack::VersionStack;
use super::Engine;

/// The largest an Appendable object may grow (AppendObject doc, "Limits": 5 GB).
pub const MAX_APPENDABLE_SIZE: u64 = 5 * 1024 * 1024 * 1024;

/// AppendObject input (syntax already checked by the wire layer).
#[derive(Clone, Debug, Default)]
pub struct AppendObject {
    pub bucket: String,
    pub key: String,
    /// `position`: must equal the object's current length (0 for a new object).
    pub position: u64,
    pub body: Body,
    /// Kept only when the append creates the object.
    pub meta: ObjectMeta,
    /// Kept only when the append creates the object; the bucket's class when absent.
    pub storage_class: Option<StorageClass>,
    /// Decoded `Content-MD5`, checked against this append's bytes.
    pub content_md5: Option<[u8; 16]>,
    /// `x-oss-object-acl` and `x-oss-tagging`: kept only when the append creates the object.
    pub acl: crate::engine::acl::ObjectAcl,
    pub tags: crate::engine::tagging::Tags,
}

/// What an append answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendResult {
    /// `x-oss-next-append-position`: the object's new length.
    pub next_position: u64,
    /// `x-oss-hash-crc64ecma` of the whole object after this append.
    pub crc64: u64,
    pub etag: Etag,
    /// `x-oss-version-id` in a versioned bucket: the same id for every append of a version.
    pub version_id: Option<String>,
    /// `true` when this append created the version (position 0 on a free key).
    pub created: bool,
}

/// The ETag of an Appendable object: OSS documents it as unique but not the MD5 of the
/// content, and its samples end in eight zeros. osslab's: the first 12 bytes of the MD5 of
/// (CRC-64, length), then four zero bytes — it changes with every non-empty append and costs
/// nothing to recompute (INFERRED form; docs/fidelity.md §AppendObject).
fn appendable_etag(crc64: u64, len: u64) -> Etag {
    let mut seed = [0u8; 16];
    seed[..8].copy_from_slice(&crc64.to_be_bytes());
    seed[8..].copy_from_slice(&len.to_be_bytes());
    let mut d = integrity::md5(&seed);
    d[12..].fill(0);
    Etag::Md5(d)
}

/// A write is landing on top of `stack`: if its current version is Appendable, appending to
/// it ends for good. Returns the sequence of the version sealed (its record changed).
pub(crate) fn seal_current(stack: &mut VersionStack) -> Option<u64> {
    let e = stack.current_mut()?;
    let seq = e.seq;
    let o = e.object_mut()?;
    match o.detail.as_deref_mut() {
        Some(TypeDetail::Appendable { sealed, .. }) if !*sealed => {
            *sealed = true;
            Some(seq)
        }
        _ => None,
    }
}

impl Engine {
    /// AppendObject (`POST /key?append&position=N`).
    pub fn append_object(&mut self, req: AppendObject) -> Result<AppendResult> {
        let bucket_class = self.bucket(&req.bucket)?.storage_class;
        let max = self.settings.max_append_size;
        validate_key(&req.key)?;
        if let Some(c) = req.storage_class.filter(StorageClass::is_cold) {
            return Err(Error::AppendStorageClass { class: c });
        }
        if req
            .content_md5
            .is_some_and(|claimed| claimed != integrity::md5(&req.body))
        {
            return Err(Error::DigestMismatch);
        }
        let b = self.bucket(&req.bucket)?;
        let versioned = b.versioning.is_versioned();
        let current = b
            .objects
            .get(&req.key)
            .and_then(VersionStack::current)
            .and_then(|e| e.object().map(|o| (e.seq, o)));
        let Some((seq, o)) = current else {
            // No object, or a delete marker on top: a new Appendable version at position 0.
            if req.position != 0 {
                return Err(Error::PositionNotEqualToLength { length: 0 });
            }
            if req.body.len() as u64 > max {
                return Err(Error::AppendTooLarge);
            }
            // No header: the bucket's class. An Appendable object cannot be Cold Archive "in
            // any form" (EC page 0016-00000503), so a cold bucket default is refused alike
            // (CHOICE; docs/fidelity.md §AppendObject, PostObject and symlinks).
            let class = req.storage_class.unwrap_or(bucket_class);
            if class.is_cold() {
                return Err(Error::AppendStorageClass { class });
            }
            let crc64 = integrity::crc64(&req.body);
            let len = req.body.len() as u64;
            let obj = ObjectVersion {
                etag: appendable_etag(crc64, len),
                crc64,
                body: req.body,
                object_type: ObjectType::Appendable,
                storage_class: class,
                transition_time: None,
                meta: self.intern_meta(req.meta),
                restore: None,
                detail: Some(Box::new(TypeDetail::Appendable {
                    appended: self.now,
                    sealed: false,
                })),
                acl: req.acl,
                tags: req.tags,
            };
            let w = self.write_version(&req.bucket, &req.key, obj)?;
            return Ok(AppendResult {
                next_position: len,
                crc64: w.crc64,
                etag: w.etag,
                version_id: w.version_id,
                created: true,
            });
        };
        if !o.can_append() {
            return Err(Error::ObjectNotAppendable);
        }
        let len = o.body.len() as u64;
        if req.position != len {
            return Err(Error::PositionNotEqualToLength { length: len });
        }
        if len + req.body.len() as u64 > max {
            return Err(Error::AppendTooLarge);
        }
        let id = b
            .objects
            .get(&req.key)
            .and_then(VersionStack::current)
            .map(|e| e.version_id());
        let version_id = id.filter(|_| versioned).map(|id| id.render());
        if req.body.is_empty() {
            // An empty append at the right position changes nothing, not even Last-Modified
            // (AppendObject doc, `position`).
            return Ok(AppendResult {
                next_position: len,
                crc64: o.crc64,
                etag: o.etag.clone(),
                version_id,
                created: false,
            });
        }
        let mut bytes = Vec::with_capacity(o.body.len() + req.body.len());
        bytes.extend_from_slice(&o.body);
        bytes.extend_from_slice(&req.body);
        let crc64 = integrity::crc64(&bytes);
        let next_position = bytes.len() as u64;
        let etag = appendable_etag(crc64, next_position);
        let now = self.now;
        let grown = self
            .bucket_mut(&req.bucket)?
            .objects
            .get_mut(&req.key)
            .and_then(VersionStack::current_mut)
            .and_then(|e| e.object_mut());
        if let Some(o) = grown {
            o.body = Arc::from(bytes);
            o.crc64 = crc64;
            o.etag = etag.clone();
            o.detail = Some(Box::new(TypeDetail::Appendable {
                appended: now,
                sealed: false,
            }));
        }
        self.record_entry(&req.bucket, &req.key, seq);
        if let Some(id) = id {
            // A later append is an update of the same version: replicated like the first, so
            // the replica grows too (docs/fidelity.md §AppendObject, PostObject and symlinks).
            super::replication::on_write(self, &req.bucket, &req.key, id);
        }
        Ok(AppendResult {
            next_position,
            crc64,
            etag,
            version_id,
            created: false,
        })
    }
}

#[cfg(test)]
#[path = "append_tests.rs"]
mod tests;
