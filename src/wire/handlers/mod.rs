//! One function per OSS operation, by area: read the request, call the engine, build the
//! response. [`dispatch`] routes a request here: the target and operation from
//! [`route`](super::route), then who is asking ([`access`](super::access)), then the handler
//! the table in [`handler`] names.

mod append;
mod archive;
mod bucket;
mod call;
mod lifecycle;
mod listing;
mod multipart;
mod object;
mod post_object;
mod replication;
mod resp;
mod symlink;
mod versioning;

use super::config::WireConfig;
use super::http::{WireRequest, WireResponse};
use super::route::{classify, resolve_target, Op};
use super::{access, acl_tagging, cors};
use crate::engine::Engine;
use crate::wire::OssResult;

use call::{Call, Handler};

/// Serve one OSS request: route it, check who is asking, run its handler.
pub(super) fn dispatch(
    engine: &mut Engine,
    req: &WireRequest,
    config: &WireConfig,
    unsigned_is_anonymous: bool,
) -> OssResult<WireResponse> {
    let t = resolve_target(req, &config.virtual_host_suffixes)?;
    let op = classify(req, &t)?;
    // Browsers never sign a preflight, and it is answered before anyone is identified.
    if op != Op::Options {
        access::authenticate(engine, req, op, &t, config, unsigned_is_anonymous)?;
        access::authorize(engine, req, op, &t)?;
    }
    let call = Call {
        req,
        op,
        bucket: t.bucket.as_deref().unwrap_or(""),
        key: t.key.as_deref().unwrap_or(""),
        endpoint: t.endpoint.as_deref(),
        config,
    };
    handler(op)(engine, &call)
}

/// The routing table: which function serves each operation.
fn handler(op: Op) -> Handler {
    match op {
        // Service and buckets.
        Op::ListBuckets => bucket::list_buckets,
        Op::PutBucket => bucket::put_bucket,
        Op::DeleteBucket => bucket::delete_bucket,
        Op::GetBucketInfo => bucket::bucket_info,
        Op::GetBucketLocation => bucket::bucket_location,
        Op::PutBucketVersioning => versioning::put_versioning,
        Op::GetBucketVersioning => versioning::get_versioning,
        Op::PutBucketLifecycle => lifecycle::put_lifecycle,
        Op::GetBucketLifecycle => lifecycle::get_lifecycle,
        Op::DeleteBucketLifecycle => lifecycle::delete_lifecycle,
        Op::PutBucketReplication
        | Op::GetBucketReplication
        | Op::DeleteBucketReplication
        | Op::GetBucketReplicationProgress => replication::replication_op,
        Op::PutBucketAcl | Op::GetBucketAcl | Op::GetBucketStat => {
            |e, c| acl_tagging::dispatch(e, c.req, c.op, c.bucket, c.key)
        }
        Op::PutBucketCors | Op::GetBucketCors | Op::DeleteBucketCors => {
            |e, c| cors::bucket_cors_op(e, c.req, c.op, c.bucket)
        }
        Op::Options => |e, c| cors::preflight(e, c.req, c.bucket),
        // Listings.
        Op::ListObjects => listing::list_objects,
        Op::ListObjectsV2 => listing::list_objects_v2,
        Op::ListObjectVersions => listing::list_versions,
        Op::ListMultipartUploads => multipart::list_uploads,
        // Objects.
        Op::PutObject => object::put_object,
        Op::CopyObject => object::copy_object,
        Op::GetObject => object::get_object,
        Op::HeadObject => object::head_object,
        Op::GetObjectMeta => object::get_object_meta,
        Op::DeleteObject => object::delete_object,
        Op::DeleteMultipleObjects => object::delete_objects,
        Op::AppendObject => append::append_object,
        Op::PutSymlink => symlink::put_symlink,
        Op::GetSymlink => symlink::get_symlink,
        Op::PostObject => post_object::post_object,
        Op::PutObjectAcl
        | Op::GetObjectAcl
        | Op::PutObjectTagging
        | Op::GetObjectTagging
        | Op::DeleteObjectTagging => |e, c| acl_tagging::dispatch(e, c.req, c.op, c.bucket, c.key),
        // Multipart uploads.
        Op::InitiateMultipartUpload => multipart::initiate_upload,
        Op::UploadPart => multipart::upload_part,
        Op::UploadPartCopy => multipart::upload_part_copy,
        Op::CompleteMultipartUpload => multipart::complete_upload,
        Op::AbortMultipartUpload => multipart::abort_upload,
        Op::ListParts => multipart::list_parts,
        // Archive.
        Op::RestoreObject => archive::restore_object,
        Op::CleanRestoredObject => archive::clean_restored_object,
    }
}
