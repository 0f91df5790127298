//! Symlinks (PutSymlink, GetSymlink) and reading through them.
//!
//! A symlink is a version of its key like any other (listed, covered by delete markers,
//! recoverable): an object version of type `Symlink` with no bytes that names another key of
//! the same bucket. GET and HEAD of the link answer with the target's *current* version
//! (PutSymlink doc, "Versioning"); the target is looked up at read time, never at creation
//! (PutSymlink does not check that it exists). Rules and choices: docs/fidelity.md
//! §AppendObject, PostObject and symlinks.

use std::sync::Arc;

use super::bucket::{validate_key, Bucket};
use super::error::{Error, ObjectOp, Result, WriteOp};
use super::ids::VersionId;
use super::integrity;
use super::object::{Entry, Etag, ObjectMeta, ObjectType, ObjectVersion, StorageClass, TypeDetail};
use super::objects::{locate, Conditions, ObjectHead, PutMode, WriteResult};
use super::stack::VersionStack;
use super::{Engine, Millis};

/// PutSymlink input.
#[derive(Clone, Debug, Default)]
pub struct PutSymlink {
    pub bucket: String,
    pub key: String,
    /// `x-oss-symlink-target`, decoded: a key of the same bucket.
    pub target: String,
    pub meta: ObjectMeta,
    pub storage_class: Option<StorageClass>,
    pub mode: PutMode,
    /// `x-oss-object-acl` and `x-oss-tagging` of the symlink version itself.
    pub acl: crate::engine::acl::ObjectAcl,
    pub tags: crate::engine::tagging::Tags,
}

/// GetSymlink output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SymlinkInfo {
    pub target: String,
    pub version_id: Option<String>,
    pub etag: Etag,
    pub last_modified: Millis,
    pub meta: Arc<ObjectMeta>,
}

/// The version a read through a symlink lands on: the target key's current version. A
/// missing target (or a delete marker on top) is 404 SymlinkTargetNotExist; a target that is
/// itself a symlink is refused, so chains and loops end after one step (INFERRED).
pub(crate) fn resolve<'a>(b: &'a Bucket, target: &str) -> Result<(&'a Entry, &'a ObjectVersion)> {
    let e = b
        .objects
        .get(target)
        .and_then(VersionStack::current)
        .ok_or(Error::SymlinkTargetNotExist)?;
    let o = e.object().ok_or(Error::SymlinkTargetNotExist)?;
    if o.object_type == ObjectType::Symlink {
        return Err(Error::InvalidSymlinkTargetType);
    }
    Ok((e, o))
}

/// A head read through `link`: the target's data and standard headers, the link's key,
/// version id, type and user metadata (`x-oss-meta-*` of PutSymlink; oss2's own
/// `test_put_symlink` reads them from a HEAD of the link).
pub(crate) fn as_seen_through_link(head: &mut ObjectHead, b: &Bucket, key: &str, link: &Entry) {
    if let Some(o) = link.object() {
        if o.meta.user != head.meta.user {
            let mut meta = (*head.meta).clone();
            meta.user = o.meta.user.clone();
            head.meta = Arc::new(meta);
        }
    }
    head.key = key.to_string();
    head.version_id = b
        .versioning
        .is_versioned()
        .then(|| link.version_id().render());
    head.object_type = ObjectType::Symlink;
    // The target's lifecycle expiry says nothing about the link's.
    head.expiration = None;
}

impl Engine {
    /// PutSymlink (`PUT /key?symlink` with `x-oss-symlink-target`): a new version of `key`.
    /// The target is not checked (PutSymlink doc). Its ETag is the MD5 of the target name
    /// (INFERRED: OSS's samples show a 32-hex ETag on an empty object).
    pub fn put_symlink(&mut self, req: PutSymlink) -> Result<WriteResult> {
        let bucket_class = self.bucket(&req.bucket)?.storage_class;
        validate_key(&req.key)?;
        validate_key(&req.target)?;
        self.check_put_mode(&req.bucket, &req.key, req.mode, WriteOp::PutSymlink)?;
        let obj = ObjectVersion {
            body: Arc::from(&[][..]),
            etag: Etag::Md5(integrity::md5(req.target.as_bytes())),
            crc64: 0,
            object_type: ObjectType::Symlink,
            storage_class: req.storage_class.unwrap_or(bucket_class),
            transition_time: None,
            meta: self.intern_meta(req.meta),
            restore: None,
            detail: Some(Box::new(TypeDetail::Symlink { target: req.target })),
            acl: req.acl,
            tags: req.tags,
        };
        self.write_version(&req.bucket, &req.key, obj)
    }

    /// GetSymlink (`GET /key?symlink[&versionId=]`): the current version or the one named.
    /// A delete marker on top is 404 with `x-oss-delete-marker` (GetSymlink doc); any other
    /// object is 400 NotSymlink.
    pub fn get_symlink(
        &self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
    ) -> Result<SymlinkInfo> {
        let b = self.bucket(bucket)?;
        let e = locate(b, key, version)?;
        let o = e.object().ok_or(Error::DeleteMarkerNotAllowed {
            op: ObjectOp::GetSymlink,
            marker: e.version_id(),
        })?;
        let target = o.symlink_target().ok_or(Error::NotSymlink)?;
        Ok(SymlinkInfo {
            target: target.to_string(),
            version_id: b.versioning.is_versioned().then(|| e.version_id().render()),
            etag: o.etag.clone(),
            last_modified: e.created,
            meta: o.meta.clone(),
        })
    }

    /// HEAD of a symlink: the target's current version, seen through the link.
    pub(crate) fn head_through_symlink(
        &self,
        b: &Bucket,
        key: &str,
        link: &Entry,
        target: &str,
        cond: &Conditions,
    ) -> Result<ObjectHead> {
        let (e, o) = resolve(b, target)?;
        cond.check(&o.etag, o.last_modified(e.created), false)?;
        let mut head = self.head_of(b, target, e, o);
        as_seen_through_link(&mut head, b, key, link);
        Ok(head)
    }
}

#[cfg(test)]
#[path = "symlink_tests.rs"]
mod tests;
