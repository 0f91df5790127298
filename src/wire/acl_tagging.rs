//! ACLs, object tags and bucket statistics on the wire: PutBucketAcl, GetBucketAcl,
//! PutObjectACL, GetObjectACL, Put/Get/DeleteObjectTagging, GetBucketStat, the request
//! headers that set ACLs and tags on writes (`x-oss-acl`, `x-oss-object-acl`, `x-oss-tagging`,
//! `x-oss-tagging-directive`), and what anonymous requests may do.

use super::headers as h;
use super::http::{WireRequest, WireResponse};
use super::route::{Op, Target};
use super::xml::{self, to_xml_doc, xml_element, Element, XmlRoot};
use crate::engine::acl::{BucketAcl, ObjectAcl};
use crate::engine::stat::BucketStat;
use crate::engine::tagging::{self, Tags};
use crate::engine::{Engine, StorageClass};
use crate::wire::{OssError, OssResult};

// ---- XML -------------------------------------------------------------------------------------

xml_element! {
    /// GetBucketAcl and GetObjectACL answers.
    pub struct AccessControlPolicy {
        Owner => owner: xml::Owner,
        AccessControlList => access_control_list: xml::AccessControlList,
    }
}

xml_element! {
    /// PutObjectTagging body and GetObjectTagging answer.
    pub struct Tagging {
        TagSet => tag_set: TagSet [required],
    }
}

xml_element! {
    pub struct TagSet {
        Tag => tags: Vec<xml::Tag>,
    }
}

xml_element! {
    /// GetBucketStat answer, in the element order of OSS's GetBucketStat page.
    pub struct BucketStatXml {
        Storage => storage: u64,
        ObjectCount => object_count: u64,
        MultipartUploadCount => multipart_upload_count: u64,
        LiveChannelCount => live_channel_count: u64,
        MultipartPartCount => multipart_part_count: u64,
        MultipartPartStorage => multipart_part_storage: u64,
        DeleteMarkerCount => delete_marker_count: u64,
        LastModifiedTime => last_modified_time: i64,
        StandardStorage => standard_storage: u64,
        StandardObjectCount => standard_object_count: u64,
        InfrequentAccessStorage => infrequent_access_storage: u64,
        InfrequentAccessRealStorage => infrequent_access_real_storage: u64,
        InfrequentAccessObjectCount => infrequent_access_object_count: u64,
        ArchiveStorage => archive_storage: u64,
        ArchiveRealStorage => archive_real_storage: u64,
        ArchiveObjectCount => archive_object_count: u64,
        ColdArchiveStorage => cold_archive_storage: u64,
        ColdArchiveRealStorage => cold_archive_real_storage: u64,
        ColdArchiveObjectCount => cold_archive_object_count: u64,
        DeepColdArchiveStorage => deep_cold_archive_storage: u64,
        DeepColdArchiveRealStorage => deep_cold_archive_real_storage: u64,
        DeepColdArchiveObjectCount => deep_cold_archive_object_count: u64,
    }
}

impl XmlRoot for AccessControlPolicy {
    const ROOT: &'static str = "AccessControlPolicy";
}
impl XmlRoot for Tagging {
    const ROOT: &'static str = "Tagging";
}
impl XmlRoot for BucketStatXml {
    const ROOT: &'static str = "BucketStat";
}

fn response(status: u16) -> WireResponse {
    WireResponse {
        status,
        headers: Vec::new(),
        body: Vec::new().into(),
    }
}

fn xml_response<T: XmlRoot + Element>(doc: &T) -> WireResponse {
    WireResponse {
        status: 200,
        headers: vec![("Content-Type".into(), "application/xml".into())],
        body: to_xml_doc(doc).into(),
    }
}

fn with_version(mut r: WireResponse, version_id: Option<String>) -> WireResponse {
    if let Some(v) = version_id {
        r.headers.push(("x-oss-version-id".into(), v.into()));
    }
    r
}

fn owner(engine: &Engine) -> xml::Owner {
    let id = engine.settings().owner_id.clone();
    xml::Owner {
        display_name: id.clone(),
        id,
    }
}

fn acl_policy(engine: &Engine, grant: &str) -> AccessControlPolicy {
    AccessControlPolicy {
        owner: owner(engine),
        access_control_list: xml::AccessControlList {
            grant: grant.into(),
        },
    }
}

// ---- request headers -------------------------------------------------------------------------

/// `x-oss-acl` (PutBucket, PutBucketAcl): `None` when absent.
pub fn bucket_acl_header(req: &WireRequest) -> OssResult<Option<BucketAcl>> {
    Ok(req.header("x-oss-acl").map(BucketAcl::parse).transpose()?)
}

/// `x-oss-object-acl` on a write: `default` when absent.
pub fn object_acl_header(req: &WireRequest) -> OssResult<ObjectAcl> {
    Ok(req
        .header("x-oss-object-acl")
        .map_or(Ok(ObjectAcl::Default), ObjectAcl::parse)?)
}

/// `x-oss-tagging` on a write: no tags when absent.
pub fn tagging_header(req: &WireRequest) -> OssResult<Tags> {
    Ok(req
        .header("x-oss-tagging")
        .map_or(Ok(Tags::default()), tagging::parse_header)?)
}

/// CopyObject's tags: `x-oss-tagging-directive: Replace` takes `x-oss-tagging` (`Some`);
/// `Copy`, the default, keeps the source's (`None`). Case-insensitive, like the metadata
/// directive.
pub fn copy_tagging(req: &WireRequest) -> OssResult<Option<Tags>> {
    match req.header("x-oss-tagging-directive") {
        None => Ok(None),
        Some(d) if d.eq_ignore_ascii_case("copy") => Ok(None),
        Some(d) if d.eq_ignore_ascii_case("replace") => tagging_header(req).map(Some),
        Some(d) => Err(OssError::invalid_tagging_directive(d)),
    }
}

/// `x-oss-tagging-count` for GET and HEAD: only for versions that carry tags (INFERRED, as
/// S3 sends its tagging count).
pub fn tagging_count(count: usize) -> Option<String> {
    (count > 0).then(|| count.to_string())
}

// ---- operations ------------------------------------------------------------------------------

pub(super) fn dispatch(
    engine: &mut Engine,
    req: &WireRequest,
    op: Op,
    bucket: &str,
    key: &str,
) -> OssResult<WireResponse> {
    match op {
        Op::PutBucketAcl => {
            let acl = bucket_acl_header(req)?.ok_or_else(|| OssError::invalid_bucket_acl(""))?;
            engine.set_bucket_acl(bucket, acl)?;
            Ok(response(200))
        }
        Op::GetBucketAcl => {
            let acl = engine.bucket_acl(bucket)?;
            Ok(xml_response(&acl_policy(engine, acl.as_str())))
        }
        Op::PutObjectAcl => {
            let acl = ObjectAcl::parse(req.header("x-oss-object-acl").unwrap_or(""))?;
            let v = engine.set_object_acl(bucket, key, h::version_id(req)?, acl)?;
            Ok(with_version(response(200), v))
        }
        Op::GetObjectAcl => {
            let r = engine.object_acl(bucket, key, h::version_id(req)?)?;
            let doc = acl_policy(engine, r.acl.as_str());
            Ok(with_version(xml_response(&doc), r.version_id))
        }
        Op::PutObjectTagging => {
            let doc: Tagging =
                xml::parse_request(&req.body).map_err(|e| OssError::malformed_xml(&e.detail()))?;
            let tags = Tags::new(
                doc.tag_set
                    .tags
                    .into_iter()
                    .map(|t| (t.key, t.value))
                    .collect(),
            )?;
            let v = engine.set_object_tagging(bucket, key, h::version_id(req)?, tags)?;
            Ok(with_version(response(200), v))
        }
        Op::GetObjectTagging => {
            let r = engine.object_tagging(bucket, key, h::version_id(req)?)?;
            let doc = Tagging {
                tag_set: TagSet {
                    tags: r
                        .tags
                        .as_slice()
                        .iter()
                        .map(|(k, v)| xml::Tag {
                            key: k.clone(),
                            value: v.clone(),
                        })
                        .collect(),
                },
            };
            Ok(with_version(xml_response(&doc), r.version_id))
        }
        Op::DeleteObjectTagging => {
            let v = engine.set_object_tagging(bucket, key, h::version_id(req)?, Tags::default())?;
            Ok(with_version(response(204), v))
        }
        Op::GetBucketStat => Ok(xml_response(&stat_xml(&engine.bucket_stat(bucket)?))),
        _ => Err(OssError::method_not_allowed(&req.method)),
    }
}

fn stat_xml(s: &BucketStat) -> BucketStatXml {
    let c = |class| s.class(class);
    BucketStatXml {
        storage: s.storage,
        object_count: s.object_count,
        multipart_upload_count: s.multipart_upload_count,
        live_channel_count: s.live_channel_count,
        multipart_part_count: s.multipart_part_count,
        multipart_part_storage: s.multipart_part_storage,
        delete_marker_count: s.delete_marker_count,
        last_modified_time: s.last_modified.div_euclid(1000),
        standard_storage: c(StorageClass::Standard).storage,
        standard_object_count: c(StorageClass::Standard).object_count,
        infrequent_access_storage: c(StorageClass::IA).storage,
        infrequent_access_real_storage: c(StorageClass::IA).real_storage,
        infrequent_access_object_count: c(StorageClass::IA).object_count,
        archive_storage: c(StorageClass::Archive).storage,
        archive_real_storage: c(StorageClass::Archive).real_storage,
        archive_object_count: c(StorageClass::Archive).object_count,
        cold_archive_storage: c(StorageClass::ColdArchive).storage,
        cold_archive_real_storage: c(StorageClass::ColdArchive).real_storage,
        cold_archive_object_count: c(StorageClass::ColdArchive).object_count,
        deep_cold_archive_storage: c(StorageClass::DeepColdArchive).storage,
        deep_cold_archive_real_storage: c(StorageClass::DeepColdArchive).real_storage,
        deep_cold_archive_object_count: c(StorageClass::DeepColdArchive).object_count,
    }
}

// ---- anonymous requests ----------------------------------------------------------------------

/// What an unsigned request may do once the endpoint checks signatures (ACL overview on the
/// PutObjectACL page): reads (GetObject, HeadObject, GetObjectMeta, the copy source of a copy)
/// need the addressed version's effective ACL to be public-read or public-read-write; writes
/// (PutObject, DeleteObject, multipart, the destination of a copy) need public-read-write;
/// listing a bucket needs a public-read(-write) bucket (DECISION, INFERRED). Everything else
/// (configuration, ACL and tagging calls) is the owner's: 403 AccessDenied.
pub(super) fn authorize_anonymous(
    engine: &Engine,
    req: &WireRequest,
    op: Op,
    t: &Target,
) -> OssResult<()> {
    let Some(bucket) = t.bucket.as_deref() else {
        return Err(OssError::anonymous_denied());
    };
    let key = t.key.as_deref();
    // A bad versionId is left to the operation's own error.
    let version = h::version_id(req).ok().flatten();
    let read = |b: &str, k: Option<&str>, v| engine.anonymous_allowed(b, k, v, false);
    let write = |k: Option<&str>| engine.anonymous_allowed(bucket, k, None, true);
    let copy_source_readable = || {
        req.header("x-oss-copy-source")
            .and_then(|v| h::copy_source(v).ok())
            .is_none_or(|(sb, sk, sv)| read(&sb, Some(&sk), sv))
    };
    let allowed = match op {
        Op::GetObject | Op::HeadObject | Op::GetObjectMeta | Op::GetSymlink => {
            read(bucket, key, version)
        }
        Op::ListObjects | Op::ListObjectsV2 | Op::ListObjectVersions => read(bucket, None, None),
        Op::PutObject
        | Op::DeleteObject
        | Op::InitiateMultipartUpload
        | Op::UploadPart
        | Op::CompleteMultipartUpload
        | Op::AbortMultipartUpload
        | Op::ListParts
        | Op::AppendObject
        | Op::PutSymlink => write(key),
        Op::CopyObject | Op::UploadPartCopy => write(key) && copy_source_readable(),
        Op::DeleteMultipleObjects => write(None),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(OssError::anonymous_denied())
    }
}
