//! Object operations: put, get, head, delete (single and batch) and copy.

use std::sync::Arc;

use super::acl::ObjectAcl;
use super::archive::{self, RestoreStatus};
use super::bucket::{validate_key, Bucket, Versioning};
use super::error::{Condition, Error, ObjectOp, Result, WriteOp};
use super::ids::VersionId;
use super::integrity;
use super::lifecycle::{self, ExpirationDue};
use super::object::{
    Body, Entry, EntryKind, Etag, ObjectMeta, ObjectType, ObjectVersion, StorageClass,
};
use super::range::{ByteRange, ByteSpan};
use super::replication;
use super::stack::VersionStack;
use super::tagging::Tags;
use super::{Engine, Millis};

/// PutObject input (already validated for syntax by the wire layer).
#[derive(Clone, Debug, Default)]
pub struct PutObject {
    pub bucket: String,
    pub key: String,
    pub body: Body,
    pub meta: ObjectMeta,
    /// `x-oss-storage-class`; the bucket's class when absent.
    pub storage_class: Option<StorageClass>,
    pub mode: PutMode,
    /// Decoded `Content-MD5`, checked against the body.
    pub content_md5: Option<[u8; 16]>,
    /// `x-oss-object-acl` (`default` when absent).
    pub acl: ObjectAcl,
    /// `x-oss-tagging`, already checked.
    pub tags: Tags,
}

/// How a write treats an object the key already has (as object_store's `PutMode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PutMode {
    /// Replace it, or in a versioned bucket add a version on top: OSS's default.
    #[default]
    Overwrite,
    /// Create only (`x-oss-forbid-overwrite: true`): fail with [`Error::ObjectExists`] when
    /// the key has an object. Honoured by unversioned buckets only (see
    /// `Engine::check_put_mode`).
    Create,
}

/// What a write (put, copy, complete) answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteResult {
    /// `x-oss-version-id`: only in versioned buckets (`null` when Suspended).
    pub version_id: Option<String>,
    pub etag: Etag,
    pub crc64: u64,
    pub last_modified: Millis,
    pub seq: u64,
}

/// Conditional-request headers (`If-Match`, ... or `x-oss-copy-source-if-*`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    pub if_match: Option<String>,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<Millis>,
    pub if_unmodified_since: Option<Millis>,
}

impl Conditions {
    /// RFC 7232 order: If-Match, If-Unmodified-Since (412), If-None-Match,
    /// If-Modified-Since (304). HTTP dates have one-second resolution.
    pub fn check(
        &self,
        etag: &Etag,
        last_modified: Millis,
        not_modified_is_412: bool,
    ) -> Result<()> {
        let lm = last_modified / 1000;
        if let Some(m) = &self.if_match {
            if !m.split(',').any(|t| etag.matches(t)) {
                return Err(Error::PreconditionFailed {
                    condition: Condition::IfMatch,
                });
            }
        } else if let Some(t) = self.if_unmodified_since {
            if lm > t / 1000 {
                return Err(Error::PreconditionFailed {
                    condition: Condition::IfUnmodifiedSince,
                });
            }
        }
        let not_modified = if let Some(m) = &self.if_none_match {
            m.split(',').any(|t| etag.matches(t))
        } else if let Some(t) = self.if_modified_since {
            lm <= t / 1000
        } else {
            false
        };
        match (not_modified, not_modified_is_412) {
            (false, _) => Ok(()),
            // Copy-source conditions answer 412 where GET answers 304.
            (true, true) => Err(Error::PreconditionFailed {
                condition: if self.if_none_match.is_some() {
                    Condition::IfNoneMatch
                } else {
                    Condition::IfModifiedSince
                },
            }),
            (true, false) => Err(Error::NotModified),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Conditions::default()
    }
}

/// Everything GET and HEAD report about a version.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectHead {
    pub key: String,
    pub version_id: Option<String>,
    pub last_modified: Millis,
    pub etag: Etag,
    pub size: u64,
    pub crc64: u64,
    pub object_type: ObjectType,
    pub storage_class: StorageClass,
    pub transition_time: Option<Millis>,
    pub meta: Arc<ObjectMeta>,
    pub restore: RestoreStatus,
    /// The lifecycle rule that will expire it, if any.
    pub expiration: Option<ExpirationDue>,
    /// `x-oss-tagging-count`: how many tags the version has.
    pub tag_count: usize,
}

/// GetObject output: the head, the whole body and the byte range to send.
#[derive(Clone, Debug, PartialEq)]
pub struct GetResult {
    pub head: ObjectHead,
    pub body: Body,
    /// The part of the body asked for with a valid range (a partial answer).
    pub range: Option<ByteSpan>,
}

impl GetResult {
    pub fn bytes(&self) -> &[u8] {
        match self.range {
            Some(span) => &self.body[span.as_usize_range()],
            None => &self.body,
        }
    }
}

/// DeleteObject output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteResult {
    /// `x-oss-delete-marker: true`: a marker was created, or the entry removed was one.
    pub delete_marker: bool,
    /// `x-oss-version-id`: the marker created, or the version removed.
    pub version_id: Option<String>,
}

/// One object of a DeleteMultipleObjects request: a key, and the version to delete if named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectToDelete {
    pub key: String,
    pub version: Option<VersionId>,
}

/// One entry of a DeleteMultipleObjects answer: what was asked, and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchDeleted {
    pub key: String,
    pub version: Option<VersionId>,
    pub result: Result<DeleteResult>,
}

/// CopyObject input.
#[derive(Clone, Debug, Default)]
pub struct CopyObject {
    pub src_bucket: String,
    pub src_key: String,
    pub src_version: Option<VersionId>,
    pub bucket: String,
    pub key: String,
    /// `x-oss-metadata-directive: REPLACE` takes `meta`; COPY (default) keeps the source's.
    pub replace_metadata: bool,
    pub meta: ObjectMeta,
    pub storage_class: Option<StorageClass>,
    pub mode: PutMode,
    pub source_conditions: Conditions,
    /// `x-oss-object-acl` of the copy (`default` when absent: the source's ACL is not copied).
    pub acl: ObjectAcl,
    /// `x-oss-tagging-directive: Replace` with `x-oss-tagging`: `Some`; `Copy` (the default):
    /// `None`, the copy keeps the source's tags.
    pub replace_tags: Option<Tags>,
}

/// CopyObject output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyResult {
    pub write: WriteResult,
    /// `x-oss-copy-source-version-id`, when the source bucket is versioned.
    pub source_version_id: Option<String>,
}

/// The entry a read addresses: the current one, or the version named. Delete markers are
/// returned too (callers decide: 404 for a current marker, 405 for a marker by id).
pub(crate) fn locate<'a>(
    b: &'a Bucket,
    key: &str,
    version: Option<VersionId>,
) -> Result<&'a Entry> {
    let stack = b.objects.get(key);
    match version {
        None => {
            let e = stack
                .and_then(VersionStack::current)
                .ok_or_else(|| Error::NoSuchKey {
                    key: key.to_string(),
                })?;
            if e.is_delete_marker() {
                return Err(Error::DeleteMarker {
                    key: key.to_string(),
                    marker: e.version_id(),
                });
            }
            Ok(e)
        } // A bucket that never had versioning only knows `null` (EC 0012-00000301).
        Some(v @ VersionId::Id { .. }) if !b.versioning.is_versioned() => {
            Err(Error::VersioningNotEnabled { version: v })
        }
        Some(v) => stack
            .and_then(|s| s.get(v))
            .ok_or_else(|| Error::NoSuchVersion {
                key: key.to_string(),
                version: v,
            }),
    }
}

/// The object version `op` addresses; a delete marker named by id is
/// [`Error::DeleteMarkerNotAllowed`].
fn locate_object<'a>(
    b: &'a Bucket,
    key: &str,
    version: Option<VersionId>,
    op: ObjectOp,
) -> Result<(&'a Entry, &'a ObjectVersion)> {
    let e = locate(b, key, version)?;
    match &e.kind {
        EntryKind::Object(o) => Ok((e, o)),
        EntryKind::DeleteMarker => Err(Error::DeleteMarkerNotAllowed {
            op,
            marker: e.version_id(),
        }),
    }
}

/// The object version a read of its ACL or tags addresses: a delete marker, current or named
/// by id, is [`Error::DeleteMarker`] (404), as the GetObjectACL and GetObjectTagging pages say.
pub(crate) fn locate_object_for_read<'a>(
    b: &'a Bucket,
    key: &str,
    version: Option<VersionId>,
) -> Result<(&'a Entry, &'a ObjectVersion)> {
    let e = locate(b, key, version)?;
    let o = e.object().ok_or(Error::DeleteMarker {
        key: key.to_string(),
        marker: e.version_id(),
    })?;
    Ok((e, o))
}

/// The object version a change in place (restore, clean) addresses, borrowed mutably with its
/// write sequence and version id; the same errors as `locate_object`.
pub(crate) fn locate_object_mut<'a>(
    b: &'a mut Bucket,
    key: &str,
    version: Option<VersionId>,
    op: ObjectOp,
) -> Result<(u64, VersionId, &'a mut ObjectVersion)> {
    let vid = locate_object(b, key, version, op)?.0.version_id();
    let entry = b.objects.get_mut(key).and_then(|s| s.get_mut(vid));
    match entry {
        Some(Entry {
            seq,
            kind: EntryKind::Object(o),
            ..
        }) => Ok((*seq, vid, o)),
        _ => Err(Error::NoSuchKey {
            key: key.to_string(),
        }),
    }
}

impl Engine {
    pub(crate) fn head_of(
        &self,
        b: &Bucket,
        key: &str,
        e: &Entry,
        o: &ObjectVersion,
    ) -> ObjectHead {
        let is_current = b
            .objects
            .get(key)
            .and_then(VersionStack::current)
            .is_some_and(|c| c.seq == e.seq);
        ObjectHead {
            key: key.to_string(),
            version_id: b.versioning.is_versioned().then(|| e.version_id().render()),
            last_modified: o.last_modified(e.created),
            etag: o.etag.clone(),
            size: o.body.len() as u64,
            crc64: o.crc64,
            object_type: o.object_type,
            storage_class: o.storage_class,
            transition_time: o.transition_time,
            meta: o.meta.clone(),
            restore: archive::status(o, self.now),
            tag_count: o.tags.len(),
            expiration: if is_current {
                lifecycle::expiration_for(b, key, e, o)
            } else {
                None
            },
        }
    }

    /// Store a new version of `key` following the bucket's versioning mode: Enabled pushes a
    /// new id; Unversioned and Suspended replace the single `null` version, wherever it was
    /// in the stack, and put the replacement on top.
    pub(crate) fn write_version(
        &mut self,
        bucket: &str,
        key: &str,
        obj: ObjectVersion,
    ) -> Result<WriteResult> {
        let seq = self.next_seq();
        let now = self.now;
        let b = self.bucket_mut(bucket)?;
        let versioning = b.versioning;
        let entry = Entry {
            seq,
            created: now,
            null: versioning != Versioning::Enabled,
            kind: EntryKind::Object(obj),
        };
        let result = WriteResult {
            version_id: versioning
                .is_versioned()
                .then(|| entry.version_id().render()),
            etag: entry
                .object()
                .map(|o| o.etag.clone())
                .unwrap_or(Etag::Md5([0; 16])),
            crc64: entry.object().map_or(0, |o| o.crc64),
            last_modified: now,
            seq,
        };
        let replaced = self.push_entry(bucket, key, entry);
        if let Some(old) = replaced {
            self.record_entry_removed(bucket, key, old);
        }
        self.record_entry(bucket, key, seq);
        let written = VersionId::Id { ms: now, seq };
        replication::on_write(
            self,
            bucket,
            key,
            if versioning == Versioning::Enabled {
                written
            } else {
                VersionId::Null
            },
        );
        Ok(result)
    }

    /// Push an entry by the versioning rule; returns the sequence of a replaced null entry.
    fn push_entry(&mut self, bucket: &str, key: &str, entry: Entry) -> Option<u64> {
        let b = self.buckets.get_mut(bucket)?;
        // Look up before inserting: the common case (an existing key) allocates nothing.
        if !b.objects.contains_key(key) {
            b.objects.insert(key.to_string(), VersionStack::default());
        }
        let stack = b.objects.get_mut(key)?;
        // A write or delete on an Appendable current version ends its appending.
        let sealed = super::append::seal_current(stack);
        let replaced = if entry.null {
            stack.replace_null(entry).map(|e| e.seq)
        } else {
            stack.push(entry);
            None
        };
        if let Some(seq) = sealed.filter(|s| Some(*s) != replaced) {
            self.record_entry(bucket, key, seq);
        }
        replaced
    }

    /// Overwrite protection: only unversioned buckets honour [`PutMode::Create`]; in
    /// Enabled or Suspended buckets it has no effect (the write makes a new version).
    pub(crate) fn check_put_mode(
        &self,
        bucket: &str,
        key: &str,
        mode: PutMode,
        write: WriteOp,
    ) -> Result<()> {
        let b = self.bucket(bucket)?;
        let exists = b
            .objects
            .get(key)
            .and_then(VersionStack::current)
            .is_some_and(|e| !e.is_delete_marker());
        if mode == PutMode::Create && !b.versioning.is_versioned() && exists {
            return Err(Error::ObjectExists { write });
        }
        Ok(())
    }

    pub fn put_object(&mut self, req: PutObject) -> Result<WriteResult> {
        self.bucket(&req.bucket)?;
        validate_key(&req.key)?;
        let md5 = integrity::body_md5(&req.body);
        if req.content_md5.is_some_and(|claimed| claimed != md5) {
            return Err(Error::DigestMismatch);
        }
        self.check_put_mode(&req.bucket, &req.key, req.mode, WriteOp::PutObject)?;
        let storage_class = req
            .storage_class
            .unwrap_or(self.bucket(&req.bucket)?.storage_class);
        let obj = ObjectVersion {
            crc64: integrity::crc64(&req.body),
            body: req.body,
            etag: Etag::Md5(md5),
            object_type: ObjectType::Normal,
            storage_class,
            transition_time: None,
            meta: self.intern_meta(req.meta),
            restore: None,
            detail: None,
            acl: req.acl,
            tags: req.tags,
        };
        self.write_version(&req.bucket, &req.key, obj)
    }

    /// HeadObject (and GetObjectMeta): works on frozen archive objects.
    pub fn head_object(
        &self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
        cond: &Conditions,
    ) -> Result<ObjectHead> {
        let b = self.bucket(bucket)?;
        let (e, o) = locate_object(b, key, version, ObjectOp::HeadObject)?;
        if let Some(target) = o.symlink_target() {
            return self.head_through_symlink(b, key, e, target, cond);
        }
        cond.check(&o.etag, o.last_modified(e.created), false)?;
        Ok(self.head_of(b, key, e, o))
    }

    /// GetObject: a frozen Archive / ColdArchive / DeepColdArchive version (never restored,
    /// still restoring, or restore expired) answers 403 InvalidObjectState.
    pub fn get_object(
        &self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
        cond: &Conditions,
        range: Option<ByteRange>,
    ) -> Result<GetResult> {
        let b = self.bucket(bucket)?;
        let (link, o) = locate_object(b, key, version, ObjectOp::GetObject)?;
        let target = o.symlink_target();
        let (e, o) = match target {
            Some(target) => super::symlink::resolve(b, target)?,
            None => (link, o),
        };
        if !archive::status(o, self.now).readable() {
            return Err(Error::ObjectFrozen);
        }
        cond.check(&o.etag, o.last_modified(e.created), false)?;
        let range = match range {
            Some(r) => Some(r.resolve(o.body.len() as u64)?),
            None => None,
        };
        let mut head = self.head_of(b, target.unwrap_or(key), e, o);
        if target.is_some() {
            super::symlink::as_seen_through_link(&mut head, b, key, link);
        }
        Ok(GetResult {
            head,
            body: o.body.clone(),
            range,
        })
    }

    /// DeleteObject.
    /// - No version id, Enabled: a new delete marker on top (all versions kept).
    /// - No version id, Suspended: a `null` delete marker replaces the `null` entry.
    /// - No version id, Unversioned: the object is gone for good.
    /// - With a version id: exactly that entry is removed; the next newest becomes current.
    ///
    /// Always 204, whether or not anything existed.
    pub fn delete_object(
        &mut self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
    ) -> Result<DeleteResult> {
        let versioning = self.bucket(bucket)?.versioning;
        validate_key(key)?;
        // Replication (ALL) repeats a removal in the destination; a marker replicates always.
        let removes = version.unwrap_or(VersionId::Null);
        let existed = self
            .bucket(bucket)?
            .stack(key)
            .and_then(|s| s.get(removes))
            .is_some();
        if existed && (version.is_some() || versioning == Versioning::Unversioned) {
            replication::on_remove(self, bucket, key, removes);
        }
        match (version, versioning) {
            (Some(v), _) => Ok(self.remove_version(bucket, key, v)),
            (None, Versioning::Unversioned) => {
                self.remove_version(bucket, key, VersionId::Null);
                Ok(DeleteResult::default())
            }
            (None, _) => {
                let marker = self.add_delete_marker(bucket, key);
                replication::on_write(self, bucket, key, marker);
                Ok(DeleteResult {
                    delete_marker: true,
                    version_id: Some(marker.render()),
                })
            }
        }
    }

    /// Put a delete marker on top by the versioning rule (also used by lifecycle expiry).
    pub(crate) fn add_delete_marker(&mut self, bucket: &str, key: &str) -> VersionId {
        let seq = self.next_seq();
        let null = self
            .buckets
            .get(bucket)
            .is_some_and(|b| b.versioning != Versioning::Enabled);
        let entry = Entry {
            seq,
            created: self.now,
            null,
            kind: EntryKind::DeleteMarker,
        };
        let id = entry.version_id();
        if let Some(old) = self.push_entry(bucket, key, entry) {
            self.record_entry_removed(bucket, key, old);
        }
        self.record_entry(bucket, key, seq);
        id
    }

    /// Permanently remove one entry (no-op when absent). Versioned buckets echo the id and
    /// flag removed markers (INFERRED, S3-like); unversioned buckets send neither header.
    pub(crate) fn remove_version(&mut self, bucket: &str, key: &str, v: VersionId) -> DeleteResult {
        let Some(b) = self.buckets.get_mut(bucket) else {
            return DeleteResult::default();
        };
        let versioned = b.versioning.is_versioned();
        let mut removed = None;
        if let Some(stack) = b.objects.get_mut(key) {
            removed = stack.remove(v);
            if stack.is_empty() {
                b.objects.remove(key);
            }
        }
        if let Some(e) = &removed {
            let seq = e.seq;
            self.record_entry_removed(bucket, key, seq);
        }
        if !versioned {
            return DeleteResult::default();
        }
        DeleteResult {
            delete_marker: removed.as_ref().is_some_and(Entry::is_delete_marker),
            version_id: Some(v.render()),
        }
    }

    /// DeleteMultipleObjects: each entry is a DeleteObject; the wire layer caps the count
    /// at 1000 and applies Quiet.
    pub fn delete_objects(
        &mut self,
        bucket: &str,
        items: &[ObjectToDelete],
    ) -> Result<Vec<BatchDeleted>> {
        self.bucket(bucket)?;
        Ok(items
            .iter()
            .map(|o| BatchDeleted {
                key: o.key.clone(),
                version: o.version,
                result: self.delete_object(bucket, &o.key, o.version),
            })
            .collect())
    }

    /// CopyObject. The copy is a new write of the destination (a new version when Enabled,
    /// the `null` version otherwise) with the source's bytes, ETag and CRC. Copying a
    /// previous version onto its own key is the recommended way to recover it.
    /// DECISION: without `x-oss-storage-class` the copy takes the destination bucket's class
    /// (this is how a restored Archive object is turned back into Standard).
    pub fn copy_object(&mut self, req: CopyObject) -> Result<CopyResult> {
        validate_key(&req.key)?;
        self.bucket(&req.bucket)?;
        let (source, source_version_id) = self.read_source(
            &req.src_bucket,
            &req.src_key,
            req.src_version,
            &req.source_conditions,
        )?;
        self.check_put_mode(&req.bucket, &req.key, req.mode, WriteOp::CopyObject)?;
        let storage_class = req
            .storage_class
            .unwrap_or(self.bucket(&req.bucket)?.storage_class);
        let meta = if req.replace_metadata {
            self.intern_meta(req.meta)
        } else {
            source.meta.clone()
        };
        // A copy is a new write: an Appendable source becomes a Normal object (its ETag is
        // not an MD5, a Normal object's is; docs/fidelity.md §AppendObject, PostObject and
        // symlinks).
        let (object_type, etag) = match source.object_type {
            ObjectType::Appendable => (ObjectType::Normal, Etag::Md5(integrity::md5(&source.body))),
            t => (t, source.etag),
        };
        let obj = ObjectVersion {
            body: source.body,
            etag,
            crc64: source.crc64,
            object_type,
            storage_class,
            transition_time: None,
            meta,
            restore: None,
            detail: None,
            acl: req.acl,
            tags: req.replace_tags.unwrap_or(source.tags),
        };
        let write = self.write_version(&req.bucket, &req.key, obj)?;
        Ok(CopyResult {
            write,
            source_version_id,
        })
    }

    /// Resolve a copy source (CopyObject, UploadPartCopy): a delete marker is an error and a
    /// frozen archive version is 403 InvalidObjectState, since copying reads the data.
    pub(crate) fn read_source(
        &self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
        cond: &Conditions,
    ) -> Result<(ObjectVersion, Option<String>)> {
        let b = self.bucket(bucket)?;
        let e = match locate(b, key, version) {
            Err(Error::DeleteMarker { .. }) => return Err(Error::CopySourceIsDeleteMarker),
            other => other?,
        };
        let o = e.object().ok_or(Error::CopySourceIsDeleteMarker)?;
        // Copying a symlink copies what it points to (it reads the data, like GET).
        let (e, o) = match o.symlink_target() {
            Some(target) => super::symlink::resolve(b, target)?,
            None => (e, o),
        };
        if !archive::status(o, self.now).readable() {
            return Err(Error::ObjectFrozen);
        }
        cond.check(&o.etag, o.last_modified(e.created), true)?;
        let vid = b.versioning.is_versioned().then(|| e.version_id().render());
        Ok((o.clone(), vid))
    }
}
