//! Access control lists: one canned ACL per bucket and one per object *version*.
//!
//! OSS's ACLs are canned (no grant lists): a bucket is `private`, `public-read` or
//! `public-read-write`; an object version may also be `default`, which inherits the bucket's
//! ACL at the moment of each request (PutObjectACL page). ACLs belong to versions: enabling
//! versioning leaves the ACL of existing objects unchanged, and a delete marker "has no ACL"
//! (OSS's delete-marker page). See `docs/fidelity.md`, "ACLs, tags, CORS, bucket statistics".
//!
//! The ACL decides what an *anonymous* (unsigned) request may do, once the endpoint checks
//! signatures: read an object whose effective ACL is public-read or public-read-write, write
//! only under public-read-write. Signed requests are the owner's or an identity's and are
//! governed by RAM policies ([`super::access`]).

use serde::{Deserialize, Serialize};

use super::error::{Error, ObjectOp, Result};
use super::ids::VersionId;
use super::objects::{locate_object_for_read, locate_object_mut};
use super::{Change, Engine};

/// The canned ACL of a bucket (`x-oss-acl`). New buckets are private.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BucketAcl {
    #[default]
    Private,
    PublicRead,
    PublicReadWrite,
}

impl BucketAcl {
    pub const ALL: [BucketAcl; 3] = [
        BucketAcl::Private,
        BucketAcl::PublicRead,
        BucketAcl::PublicReadWrite,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            BucketAcl::Private => "private",
            BucketAcl::PublicRead => "public-read",
            BucketAcl::PublicReadWrite => "public-read-write",
        }
    }

    /// Exact spelling only (OSS rejects `Private`), else 400 InvalidArgument.
    pub fn parse(s: &str) -> Result<BucketAcl> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| Error::InvalidBucketAcl {
                value: s.to_string(),
            })
    }

    pub fn allows_anonymous_read(&self) -> bool {
        !matches!(self, BucketAcl::Private)
    }

    pub fn allows_anonymous_write(&self) -> bool {
        matches!(self, BucketAcl::PublicReadWrite)
    }
}

/// The canned ACL of one object version (`x-oss-object-acl`). `Default` inherits the
/// bucket's; it is what a version gets when its write named no ACL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectAcl {
    #[default]
    Default,
    Private,
    PublicRead,
    PublicReadWrite,
}

impl ObjectAcl {
    pub const ALL: [ObjectAcl; 4] = [
        ObjectAcl::Default,
        ObjectAcl::Private,
        ObjectAcl::PublicRead,
        ObjectAcl::PublicReadWrite,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ObjectAcl::Default => "default",
            ObjectAcl::Private => "private",
            ObjectAcl::PublicRead => "public-read",
            ObjectAcl::PublicReadWrite => "public-read-write",
        }
    }

    /// Exact spelling only; an empty or unknown name is 400 InvalidArgument.
    pub fn parse(s: &str) -> Result<ObjectAcl> {
        if s.is_empty() {
            return Err(Error::MissingObjectAcl);
        }
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| Error::InvalidObjectAcl {
                value: s.to_string(),
            })
    }

    /// The ACL in force: the version's own, or the bucket's for `default`.
    pub fn effective(&self, bucket: BucketAcl) -> BucketAcl {
        match self {
            ObjectAcl::Default => bucket,
            ObjectAcl::Private => BucketAcl::Private,
            ObjectAcl::PublicRead => BucketAcl::PublicRead,
            ObjectAcl::PublicReadWrite => BucketAcl::PublicReadWrite,
        }
    }
}

/// What GetObjectACL answers: the version's ACL and, in a versioned bucket, its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectAclResult {
    pub acl: ObjectAcl,
    pub version_id: Option<String>,
}

impl Engine {
    /// PutBucketAcl.
    pub fn set_bucket_acl(&mut self, bucket: &str, acl: BucketAcl) -> Result<()> {
        self.bucket_mut(bucket)?.acl = acl;
        self.record(|| Change::Bucket {
            bucket: bucket.to_string(),
        });
        Ok(())
    }

    /// GetBucketAcl.
    pub fn bucket_acl(&self, bucket: &str) -> Result<BucketAcl> {
        Ok(self.bucket(bucket)?.acl)
    }

    /// GetObjectACL. The current version, or the version named; a current delete marker is
    /// 404 NoSuchKey, a marker named by id 404 as well (GetObjectACL page: "If the specified
    /// version is a delete marker, OSS returns 404 Not Found").
    pub fn object_acl(
        &self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
    ) -> Result<ObjectAclResult> {
        let b = self.bucket(bucket)?;
        let (e, o) = locate_object_for_read(b, key, version)?;
        Ok(ObjectAclResult {
            acl: o.acl,
            version_id: b.versioning.is_versioned().then(|| e.version_id().render()),
        })
    }

    /// PutObjectACL: changes the ACL of one version in place (no new version, Last-Modified
    /// unchanged). A marker named by id is 405 MethodNotAllowed, a current marker 404
    /// NoSuchKey (PutObjectACL page). Returns the version id in a versioned bucket.
    pub fn set_object_acl(
        &mut self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
        acl: ObjectAcl,
    ) -> Result<Option<String>> {
        let versioned = self.bucket(bucket)?.versioning.is_versioned();
        let b = self.bucket_mut(bucket)?;
        let (seq, vid, o) = locate_object_mut(b, key, version, ObjectOp::PutObjectAcl)?;
        o.acl = acl;
        self.record_entry(bucket, key, seq);
        Ok(versioned.then(|| vid.render()))
    }

    /// May an anonymous request read (`write == false`) or write the object `key`? Reads look
    /// at the version addressed (current, or `version`); writes at the current version when
    /// there is one, else at the bucket. Missing objects fall back to the bucket's ACL, so an
    /// anonymous read of a missing key in a public bucket gets the 404 a signed one would.
    /// Bucket-level operations (`key == None`) follow the bucket's ACL for listing
    /// (public-read) and otherwise need the owner.
    pub fn anonymous_allowed(
        &self,
        bucket: &str,
        key: Option<&str>,
        version: Option<VersionId>,
        write: bool,
    ) -> bool {
        let Ok(b) = self.bucket(bucket) else {
            // No bucket: let the operation answer NoSuchBucket as OSS does.
            return true;
        };
        let effective = key
            .and_then(|k| b.objects.get(k))
            .and_then(|s| match version {
                None => s.current(),
                Some(v) => s.get(v),
            })
            .and_then(|e| e.object())
            .map_or(b.acl, |o| o.acl.effective(b.acl));
        if write {
            effective.allows_anonymous_write()
        } else {
            effective.allows_anonymous_read()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::objects::PutObject;
    use crate::engine::{StorageClass, Versioning};

    fn put(e: &mut Engine, key: &str, acl: ObjectAcl) -> String {
        e.put_object(PutObject {
            bucket: "bk1".into(),
            key: key.into(),
            body: b"x".to_vec().into(),
            acl,
            ..Default::default()
        })
        .unwrap()
        .version_id
        .unwrap_or_default()
    }

    #[test]
    fn names_parse_exactly() {
        for a in ObjectAcl::ALL {
            assert_eq!(ObjectAcl::parse(a.as_str()), Ok(a));
        }
        assert_eq!(
            ObjectAcl::parse("Private"),
            Err(Error::InvalidObjectAcl {
                value: "Private".into()
            })
        );
        assert_eq!(ObjectAcl::parse(""), Err(Error::MissingObjectAcl));
        assert_eq!(
            BucketAcl::parse("default"),
            Err(Error::InvalidBucketAcl {
                value: "default".into()
            })
        );
    }

    #[test]
    fn acls_belong_to_versions_and_default_follows_the_bucket() {
        let mut e = Engine::new(0);
        e.create_bucket("bk1", StorageClass::Standard).unwrap();
        e.set_versioning("bk1", Versioning::Enabled).unwrap();
        let v1 = put(&mut e, "k", ObjectAcl::PublicRead);
        let v2 = put(&mut e, "k", ObjectAcl::Default);
        let id = |s: &str| Some(VersionId::parse(s).unwrap());
        assert_eq!(
            e.object_acl("bk1", "k", id(&v1)).unwrap().acl,
            ObjectAcl::PublicRead
        );
        let current = e.object_acl("bk1", "k", None).unwrap();
        assert_eq!(
            (current.acl, current.version_id),
            (ObjectAcl::Default, Some(v2))
        );
        assert!(e.anonymous_allowed("bk1", Some("k"), id(&v1), false));
        assert!(!e.anonymous_allowed("bk1", Some("k"), None, false));
        e.set_bucket_acl("bk1", BucketAcl::PublicRead).unwrap();
        assert!(e.anonymous_allowed("bk1", Some("k"), None, false));
        assert!(!e.anonymous_allowed("bk1", Some("k"), None, true));
        e.set_object_acl("bk1", "k", id(&v1), ObjectAcl::Private)
            .unwrap();
        assert!(!e.anonymous_allowed("bk1", Some("k"), id(&v1), false));
        // A delete marker has no ACL.
        let marker = e
            .delete_object("bk1", "k", None)
            .unwrap()
            .version_id
            .unwrap();
        let on_marker = Error::DeleteMarker {
            key: "k".into(),
            marker: id(&marker).unwrap(),
        };
        assert_eq!(e.object_acl("bk1", "k", None), Err(on_marker.clone()));
        assert_eq!(
            e.object_acl("bk1", "k", id(&marker)),
            Err(on_marker.clone())
        );
        let err = e
            .set_object_acl("bk1", "k", id(&marker), ObjectAcl::Private)
            .unwrap_err();
        assert_eq!(
            err,
            Error::DeleteMarkerNotAllowed {
                op: ObjectOp::PutObjectAcl,
                marker: id(&marker).unwrap()
            }
        );
        let err = e
            .set_object_acl("bk1", "k", None, ObjectAcl::Private)
            .unwrap_err();
        assert_eq!(err, on_marker);
    }
}
