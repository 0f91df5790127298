//! Who is asking, and may they: the AccessKeyId a request claims, the one authentication
//! step (signature, region, or the ACLs for an unsigned request) and the RAM-policy check of
//! the lab's identities.

use super::acl_tagging::authorize_anonymous;
use super::auth::{self, AuthOutcome, SignTarget};
use super::config::WireConfig;
use super::http::WireRequest;
use super::route::{Op, Target};
use super::xml;
use crate::engine::Engine;
use crate::wire::{OssError, OssResult};

/// The AccessKeyId a request claims, read without verifying the signature (`authenticate`
/// verifies it separately when signatures are checked): V1 `OSS ak:sig`, V2
/// `OSS2 AccessKeyId:ak,…`, V4 `OSS4-HMAC-SHA256 Credential=ak/…`, or the presigned-URL
/// parameters `OSSAccessKeyId`, `x-oss-access-key-id` and `x-oss-credential`.
pub fn access_key_id(req: &WireRequest) -> Option<String> {
    if let Some(auth) = req.header("authorization") {
        let (scheme, rest) = auth.trim().split_once(' ')?;
        let rest = rest.trim();
        let ak = match scheme {
            "OSS" => rest.split_once(':').map(|(ak, _)| ak),
            "OSS2" => rest
                .split(',')
                .find_map(|p| p.trim().strip_prefix("AccessKeyId:")),
            "OSS4-HMAC-SHA256" => rest
                .split(',')
                .find_map(|p| p.trim().strip_prefix("Credential="))
                .map(|c| c.split('/').next().unwrap_or("")),
            _ => None,
        };
        return ak
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from);
    }
    if let Some(ak) = req.query_param("OSSAccessKeyId") {
        return Some(ak.to_string());
    }
    if let Some(ak) = req.query_param("x-oss-access-key-id") {
        return Some(ak.to_string());
    }
    req.query_param("x-oss-credential")
        .and_then(|c| c.split('/').next())
        .filter(|a| !a.is_empty())
        .map(String::from)
}

/// RAM action names (oss:…) of an operation, each with the bucket and key it applies to.
fn actions(
    req: &WireRequest,
    op: Op,
    t: &Target,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let b = t.bucket.clone();
    let k = t.key.clone();
    let on_bucket = |a: &'static str| vec![(a, b.clone(), None)];
    let on_key = |a: &'static str| vec![(a, b.clone(), k.clone())];
    let copy_source = || {
        req.header("x-oss-copy-source")
            .and_then(|v| super::headers::copy_source(v).ok())
            .map(|(sb, sk, _)| ("oss:GetObject", Some(sb), Some(sk)))
    };
    match op {
        Op::ListBuckets => vec![("oss:ListBuckets", None, None)],
        Op::PutBucket => on_bucket("oss:PutBucket"),
        Op::DeleteBucket => on_bucket("oss:DeleteBucket"),
        Op::GetBucketInfo => on_bucket("oss:GetBucketInfo"),
        Op::GetBucketLocation => on_bucket("oss:GetBucketLocation"),
        Op::PutBucketVersioning => on_bucket("oss:PutBucketVersioning"),
        Op::GetBucketVersioning => on_bucket("oss:GetBucketVersioning"),
        Op::PutBucketLifecycle => on_bucket("oss:PutBucketLifecycle"),
        Op::GetBucketLifecycle => on_bucket("oss:GetBucketLifecycle"),
        Op::DeleteBucketLifecycle => on_bucket("oss:DeleteBucketLifecycle"),
        Op::ListObjects | Op::ListObjectsV2 => on_bucket("oss:ListObjects"),
        Op::ListObjectVersions => on_bucket("oss:ListObjectVersions"),
        Op::ListMultipartUploads => on_bucket("oss:ListMultipartUploads"),
        Op::PutBucketReplication => on_bucket("oss:PutBucketReplication"),
        Op::GetBucketReplication => on_bucket("oss:GetBucketReplication"),
        Op::DeleteBucketReplication => on_bucket("oss:DeleteBucketReplication"),
        Op::GetBucketReplicationProgress => on_bucket("oss:GetBucketReplicationProgress"),
        Op::DeleteMultipleObjects => {
            // Each entry is a DeleteObject (or DeleteObjectVersion) on its own key; an
            // unreadable body is left to the handler's MalformedXML.
            match xml::parse_request::<xml::DeleteRequest>(&req.body) {
                Ok(d) => d
                    .objects
                    .into_iter()
                    .map(|o| {
                        let a = if o.version_id.is_some() {
                            "oss:DeleteObjectVersion"
                        } else {
                            "oss:DeleteObject"
                        };
                        (a, b.clone(), Some(o.key))
                    })
                    .collect(),
                Err(_) => on_bucket("oss:DeleteObject"),
            }
        }
        Op::PutObject
        | Op::AppendObject
        | Op::PutSymlink
        | Op::PostObject
        | Op::InitiateMultipartUpload
        | Op::UploadPart
        | Op::CompleteMultipartUpload => on_key("oss:PutObject"),
        Op::CopyObject | Op::UploadPartCopy => {
            let mut v = on_key("oss:PutObject");
            v.extend(copy_source());
            v
        }
        Op::GetObject | Op::HeadObject | Op::GetObjectMeta | Op::GetSymlink => {
            on_key("oss:GetObject")
        }
        // D-DEL: deleting a specific version needs oss:DeleteObjectVersion.
        Op::DeleteObject if req.query_param("versionId").is_some() => {
            on_key("oss:DeleteObjectVersion")
        }
        Op::DeleteObject => on_key("oss:DeleteObject"),
        Op::AbortMultipartUpload => on_key("oss:AbortMultipartUpload"),
        Op::ListParts => on_key("oss:ListParts"),
        Op::RestoreObject => on_key("oss:RestoreObject"),
        // INFERRED action name.
        Op::CleanRestoredObject => on_key("oss:CleanRestoredObject"),
        Op::PutBucketAcl => on_bucket("oss:PutBucketAcl"),
        Op::GetBucketAcl => on_bucket("oss:GetBucketAcl"),
        Op::PutObjectAcl => on_key("oss:PutObjectAcl"),
        Op::GetObjectAcl => on_key("oss:GetObjectAcl"),
        Op::PutObjectTagging => on_key("oss:PutObjectTagging"),
        Op::GetObjectTagging => on_key("oss:GetObjectTagging"),
        Op::DeleteObjectTagging => on_key("oss:DeleteObjectTagging"),
        Op::PutBucketCors => on_bucket("oss:PutBucketCors"),
        Op::GetBucketCors => on_bucket("oss:GetBucketCors"),
        Op::DeleteBucketCors => on_bucket("oss:DeleteBucketCors"),
        Op::GetBucketStat => on_bucket("oss:GetBucketStat"),
        // A preflight is answered before anyone is identified.
        Op::Options => Vec::new(),
    }
}

/// Check the caller's identity against every action the operation performs. Requests by the
/// account owner (no identity behind the AccessKeyId, or no AccessKeyId) pass.
pub(super) fn authorize(engine: &Engine, req: &WireRequest, op: Op, t: &Target) -> OssResult<()> {
    if engine.identities().next().is_none() {
        return Ok(());
    }
    let Some(ak) = access_key_id(req) else {
        return Ok(());
    };
    if engine.identity(&ak).is_none() {
        return Ok(());
    }
    for (action, bucket, key) in actions(req, op, t) {
        engine.authorize(Some(&ak), action, bucket.as_deref(), key.as_deref())?;
    }
    Ok(())
}

/// The one authentication step: Ok when the request may go on to the RAM check and its
/// handler, else the OSS error to answer.
///
/// * A form upload (PostObject) carries its signature in form fields; its handler checks it.
/// * Without configured key pairs any signature is accepted; the lab's "Act as: anonymous"
///   (`unsigned_is_anonymous`) judges unsigned requests by the ACLs.
/// * With key pairs, the signature must verify (the lab's identities sign with their own
///   pairs); a V4 signature for another region is refused before anything else is looked at
///   (docs/fidelity.md §Findings of the oss2 integration suite); an unsigned request may do
///   what the ACLs allow.
pub(super) fn authenticate(
    engine: &Engine,
    req: &WireRequest,
    op: Op,
    t: &Target,
    config: &WireConfig,
    unsigned_is_anonymous: bool,
) -> OssResult<()> {
    if op == Op::PostObject {
        return Ok(());
    }
    if config.credentials.is_empty() {
        if unsigned_is_anonymous && access_key_id(req).is_none() {
            authorize_anonymous(engine, req, op, t)?;
        }
        return Ok(());
    }
    let target = SignTarget {
        bucket: t.bucket.clone(),
        key: t.key.clone(),
    };
    let lookup = |ak: &str| secret_of(engine, config, ak);
    match auth::verify(req, &target, &lookup, engine.now()).map_err(OssError::from)? {
        AuthOutcome::Signed {
            region: Some(region),
            ..
        } if region != engine.settings().region => Err(OssError::invalid_signing_region()),
        AuthOutcome::Signed { .. } => Ok(()),
        AuthOutcome::Anonymous => authorize_anonymous(engine, req, op, t),
    }
}

/// The secret of an AccessKeyId: a configured key pair's, else one of the lab's identities'
/// (they sign with their own pairs).
pub(super) fn secret_of(engine: &Engine, config: &WireConfig, ak: &str) -> Option<String> {
    config
        .credentials
        .iter()
        .find(|c| c.access_key_id == ak)
        .map(|c| c.access_key_secret.clone())
        .or_else(|| engine.identity(ak).map(|i| i.access_key_secret.clone()))
}
