//! The data-protection toolkit on the wire: replication endpoints (OSS API), the identity
//! check of every request (RAM policies), and the osslab-only `/_osslab/identities` and
//! `/_osslab/backups` endpoints (JSON; OSS has no such API — backups are Cloud Backup's).

use serde::{Deserialize, Serialize};

use super::format::iso8601;
use super::http::{WireRequest, WireResponse};
use super::route::{Op, Target};
use super::xml::{self, to_xml_doc, xml_element, Element, XmlRoot};
use crate::engine::access::{Identity, Policy};
use crate::engine::replication::{ReplicationAction, ReplicationRule, ReplicationRuleInput};
use crate::engine::{Engine, OssError, OssResult, SECOND};

// ---- XML -------------------------------------------------------------------------------------

xml_element! {
    /// `ReplicationConfiguration`: one rule in a PutBucketReplication body, all rules in a
    /// GetBucketReplication answer.
    pub struct ReplicationConfiguration {
        Rule => rules: Vec<ReplicationRuleXml>,
    }
}

xml_element! {
    /// Element order is the order of OSS's GetBucketReplication sample.
    pub struct ReplicationRuleXml {
        ID => id: Option<String>,
        PrefixSet => prefix_set: Option<PrefixSet>,
        Action => action: Option<String>,
        Destination => destination: Option<ReplicationDestination>,
        Status => status: Option<String>,
        HistoricalObjectReplication => historical_object_replication: Option<String>,
        SyncRole => sync_role: Option<String>,
        RTC => rtc: Option<Rtc>,
    }
}

xml_element! {
    pub struct PrefixSet {
        Prefix => prefixes: Vec<String>,
    }
}

xml_element! {
    pub struct ReplicationDestination {
        Bucket => bucket: String,
        Location => location: Option<String>,
        TransferType => transfer_type: Option<String>,
    }
}

xml_element! {
    pub struct Rtc {
        Status => status: String,
    }
}

xml_element! {
    /// DeleteBucketReplication body.
    pub struct ReplicationRules {
        ID => ids: Vec<String>,
    }
}

xml_element! {
    /// GetBucketReplicationProgress answer.
    pub struct ReplicationProgress {
        Rule => rules: Vec<ProgressRuleXml>,
    }
}

xml_element! {
    pub struct ProgressRuleXml {
        ID => id: String,
        PrefixSet => prefix_set: Option<PrefixSet>,
        Action => action: String,
        Destination => destination: ReplicationDestination,
        Status => status: String,
        HistoricalObjectReplication => historical_object_replication: String,
        Progress => progress: Progress,
    }
}

xml_element! {
    pub struct Progress {
        HistoricalObject => historical_object: Option<String>,
        NewObject => new_object: String,
    }
}

impl XmlRoot for ReplicationConfiguration {
    const ROOT: &'static str = "ReplicationConfiguration";
}
impl XmlRoot for ReplicationRules {
    const ROOT: &'static str = "ReplicationRules";
}
impl XmlRoot for ReplicationProgress {
    const ROOT: &'static str = "ReplicationProgress";
}

fn malformed(e: xml::XmlError) -> OssError {
    OssError::malformed_xml(&e.detail())
}

fn prefix_set(r: &ReplicationRule) -> Option<PrefixSet> {
    (!r.prefixes.is_empty()).then(|| PrefixSet {
        prefixes: r.prefixes.clone(),
    })
}

fn destination(r: &ReplicationRule) -> ReplicationDestination {
    ReplicationDestination {
        bucket: r.dest_bucket.clone(),
        location: Some(r.dest_location.clone()),
        transfer_type: r.transfer_type.clone(),
    }
}

fn on_off(b: bool) -> String {
    if b { "enabled" } else { "disabled" }.to_string()
}

/// The rule as GetBucketReplication shows it.
pub fn rule_to_xml(engine: &Engine, r: &ReplicationRule) -> ReplicationRuleXml {
    ReplicationRuleXml {
        id: Some(r.id.clone()),
        prefix_set: prefix_set(r),
        action: Some(r.action.as_str().to_string()),
        destination: Some(destination(r)),
        status: Some(engine.replication_status(r).to_string()),
        historical_object_replication: Some(on_off(r.historical)),
        sync_role: r.sync_role.clone(),
        rtc: r.rtc.clone().map(|status| Rtc { status }),
    }
}

/// A PutBucketReplication body as an engine rule: exactly one Rule with a Destination/Bucket.
pub fn rule_from_xml(cfg: ReplicationConfiguration) -> OssResult<ReplicationRuleInput> {
    let [rule]: [ReplicationRuleXml; 1] = cfg.rules.try_into().map_err(|_| {
        OssError::malformed_xml("A ReplicationConfiguration must hold exactly one Rule.")
    })?;
    let dest = rule
        .destination
        .filter(|d| !d.bucket.is_empty())
        .ok_or_else(|| OssError::malformed_xml("Rule/Destination/Bucket is required."))?;
    let action = match rule.action.as_deref() {
        None => ReplicationAction::All,
        Some(a) => parse_actions(a)?,
    };
    let historical = match rule.historical_object_replication.as_deref() {
        None | Some("enabled") => true,
        Some("disabled") => false,
        Some(other) => return Err(OssError::replication_invalid_historical(other)),
    };
    Ok(ReplicationRuleInput {
        id: rule.id.filter(|i| !i.is_empty()),
        prefixes: rule.prefix_set.map(|p| p.prefixes).unwrap_or_default(),
        action,
        dest_bucket: dest.bucket,
        dest_location: dest.location,
        transfer_type: dest.transfer_type,
        historical,
        sync_role: rule.sync_role,
        rtc: rule.rtc.map(|r| r.status),
    })
}

/// `Action` is "one or more operation types", comma-separated (oss2 joins its `action_list`
/// with commas): `ALL`, `PUT`, `DELETE`, `ABORT`. DECISION (INFERRED): a list that syncs
/// deletions (`ALL`, or `DELETE` among others) is the `ALL` policy; `PUT` (with or without
/// `ABORT`) is the `PUT` policy. GetBucketReplication then shows `ALL` or `PUT`.
fn parse_actions(text: &str) -> OssResult<ReplicationAction> {
    let mut deletes = false;
    let mut any = false;
    for a in text.split(',').map(str::trim) {
        match a {
            "ALL" | "DELETE" => deletes = true,
            "PUT" | "ABORT" => {}
            _ => return Err(OssError::replication_invalid_action(text)),
        }
        any = true;
    }
    if !any {
        return Err(OssError::replication_invalid_action(text));
    }
    Ok(if deletes {
        ReplicationAction::All
    } else {
        ReplicationAction::Put
    })
}

fn xml_response<T: XmlRoot + Element>(doc: &T) -> WireResponse {
    WireResponse {
        status: 200,
        headers: vec![("Content-Type".into(), "application/xml".into())],
        body: to_xml_doc(doc).into(),
    }
}

fn empty(status: u16) -> WireResponse {
    WireResponse {
        status,
        headers: Vec::new(),
        body: Vec::new().into(),
    }
}

/// The four replication operations.
pub(super) fn replication_op(
    engine: &mut Engine,
    req: &WireRequest,
    op: Op,
    bucket: &str,
) -> OssResult<WireResponse> {
    match op {
        Op::PutBucketReplication => {
            let cfg: ReplicationConfiguration = xml::parse_request(&req.body).map_err(malformed)?;
            let id = engine.put_replication_rule(bucket, rule_from_xml(cfg)?)?;
            let mut r = empty(200);
            r.headers
                .push(("x-oss-replication-rule-id".into(), id.into()));
            Ok(r)
        }
        Op::GetBucketReplication => {
            let rules = engine.replication_rules(bucket)?;
            if rules.is_empty() {
                return Err(OssError::no_such_replication_configuration());
            }
            let doc = ReplicationConfiguration {
                rules: rules.iter().map(|r| rule_to_xml(engine, r)).collect(),
            };
            Ok(xml_response(&doc))
        }
        Op::DeleteBucketReplication => {
            let body: ReplicationRules = xml::parse_request(&req.body).map_err(malformed)?;
            if body.ids.is_empty() {
                return Err(OssError::malformed_xml("ReplicationRules/ID is required."));
            }
            for id in &body.ids {
                engine.delete_replication_rule(bucket, id)?;
            }
            Ok(empty(200))
        }
        Op::GetBucketReplicationProgress => {
            let rule_id = req.query_param("rule-id").filter(|s| !s.is_empty());
            let progress = engine.replication_progress(bucket, rule_id)?;
            let doc = ReplicationProgress {
                rules: progress
                    .iter()
                    .map(|p| ProgressRuleXml {
                        id: p.rule.id.clone(),
                        prefix_set: prefix_set(&p.rule),
                        action: p.rule.action.as_str().into(),
                        destination: destination(&p.rule),
                        status: p.status.into(),
                        historical_object_replication: on_off(p.rule.historical),
                        progress: Progress {
                            historical_object: p.historical.map(|h| format!("{h:.2}")),
                            new_object: iso8601(p.new_object),
                        },
                    })
                    .collect(),
            };
            Ok(xml_response(&doc))
        }
        _ => Err(OssError::method_not_allowed(&req.method)),
    }
}

// ---- who is asking -----------------------------------------------------------------------------

/// The AccessKeyId a request claims, read without verifying the signature (the dispatcher
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

// ---- /_osslab/identities and /_osslab/backups ---------------------------------------------------

/// Paths served by [`osslab_endpoint`].
pub fn is_toolkit_path(path: &str) -> bool {
    let p = path.split('?').next().unwrap_or("");
    p == "/_osslab/identities"
        || p.starts_with("/_osslab/identities/")
        || p.starts_with("/_osslab/backups/")
}

/// The segments of an osslab endpoint's path after `/_osslab/`.
fn osslab_parts(req: &WireRequest) -> Vec<&str> {
    let path = req.path.split('?').next().unwrap_or("");
    path.trim_start_matches("/_osslab/")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
}

/// A name for an osslab endpoint request, as the request log labels operations
/// (`osslab:CreateIdentity`, …); `None` for any other request.
pub fn osslab_op_name(req: &WireRequest) -> Option<&'static str> {
    if !is_toolkit_path(&req.path) {
        return None;
    }
    Some(match (req.method.as_str(), osslab_parts(req).as_slice()) {
        ("GET", ["identities"]) => "osslab:ListIdentities",
        ("POST", ["identities"]) => "osslab:CreateIdentity",
        ("DELETE", ["identities", _]) => "osslab:RemoveIdentity",
        ("GET", ["backups", _]) => "osslab:GetBackup",
        ("PUT", ["backups", _]) => "osslab:PutBackupPlan",
        ("DELETE", ["backups", _]) => "osslab:DeleteBackupPlan",
        ("POST", ["backups", _, "snapshots"]) => "osslab:TakeSnapshot",
        ("POST", ["backups", _, "snapshots", _, "restore"]) => "osslab:RestoreSnapshot",
        _ => "osslab:?",
    })
}

/// JSON view of an identity (the secret included: this is the learner's own lab).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityJson {
    pub name: String,
    pub access_key_id: String,
    #[serde(default)]
    pub access_key_secret: String,
    /// `full-access` or `read-only` (a shorthand for the two system policies).
    #[serde(default)]
    pub policy: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupPlanJson {
    pub every_seconds: i64,
    pub keep: usize,
    #[serde(default)]
    pub first_at: Option<String>,
}

fn json(status: u16, value: &serde_json::Value) -> WireResponse {
    WireResponse {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: serde_json::to_vec_pretty(value).unwrap_or_default().into(),
    }
}

fn json_error(e: &OssError) -> WireResponse {
    json(
        e.status,
        &serde_json::json!({"error": e.code, "message": e.message, "ec": e.ec}),
    )
}

fn identity_json(i: &Identity) -> serde_json::Value {
    serde_json::to_value(IdentityJson {
        name: i.name.clone(),
        access_key_id: i.access_key_id.clone(),
        access_key_secret: i.access_key_secret.clone(),
        policy: i.policy_label(),
    })
    .unwrap_or_default()
}

fn bad_request(message: &str) -> OssError {
    OssError::invalid_argument(message.to_string(), "0000-00000000")
}

/// osslab-only JSON endpoints. Only the account owner may change identities or backups
/// (an identity's OSS policies grant no RAM or Cloud Backup rights).
///
/// * `GET /_osslab/identities` — list; `POST /_osslab/identities` with
///   `{"name","access_key_id","access_key_secret","policy":"read-only"|"full-access"}`;
///   `DELETE /_osslab/identities/<AccessKeyId>`.
/// * `GET /_osslab/backups/<bucket>` — plan and snapshots; `PUT` with
///   `{"every_seconds","keep","first_at"?}`; `DELETE` stops it;
///   `POST /_osslab/backups/<bucket>/snapshots` takes one now;
///   `POST /_osslab/backups/<bucket>/snapshots/<id>/restore[?key=<key>]` restores.
pub fn osslab_endpoint(engine: &mut Engine, req: &WireRequest) -> WireResponse {
    match serve(engine, req) {
        Ok(r) => r,
        Err(e) => json_error(&e),
    }
}

fn serve(engine: &mut Engine, req: &WireRequest) -> OssResult<WireResponse> {
    let parts = osslab_parts(req);
    let method = req.method.as_str();
    let caller = access_key_id(req);
    if method != "GET"
        && caller
            .as_deref()
            .is_some_and(|ak| engine.identity(ak).is_some())
    {
        return Err(OssError::access_denied_implicit("ram:*"));
    }
    let body_json = || -> OssResult<serde_json::Value> {
        serde_json::from_slice(&req.body).map_err(|e| bad_request(&format!("Invalid JSON: {e}")))
    };
    match (method, parts.as_slice()) {
        ("GET", ["identities"]) => {
            let list: Vec<_> = engine.identities().map(identity_json).collect();
            Ok(json(200, &serde_json::Value::Array(list)))
        }
        ("POST", ["identities"]) => {
            let j: IdentityJson = serde_json::from_value(body_json()?)
                .map_err(|e| bad_request(&format!("Invalid identity: {e}")))?;
            let policy = match j.policy.as_str() {
                "read-only" | "AliyunOSSReadOnlyAccess" => Policy::read_only(),
                "full-access" | "AliyunOSSFullAccess" | "" => Policy::full_access(),
                other => return Err(bad_request(&format!("Unknown policy {other}."))),
            };
            let identity = Identity::new(&j.name, &j.access_key_id, &j.access_key_secret, policy);
            engine.create_identity(identity.clone())?;
            Ok(json(201, &identity_json(&identity)))
        }
        ("DELETE", ["identities", ak]) => {
            engine.remove_identity(ak)?;
            Ok(empty(204))
        }
        ("GET", ["backups", bucket]) => {
            let plan = engine.backup_plan(bucket);
            let snaps: Vec<_> = engine
                .snapshots(bucket)
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "id": s.id,
                        "taken": iso8601(s.taken),
                        "objects": s.objects.iter().map(|(k, i)| serde_json::json!({
                            "key": k,
                            "version_id": i.version_id.map(|v| v.render()),
                            "size": i.object.body.len(),
                            "etag": i.object.etag.text(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            Ok(json(
                200,
                &serde_json::json!({
                    "bucket": bucket,
                    "every_seconds": plan.map(|p| p.every / SECOND),
                    "keep": plan.map(|p| p.keep),
                    "next_due": plan.map(|p| iso8601(p.next_due)),
                    "snapshots": snaps,
                }),
            ))
        }
        ("PUT", ["backups", bucket]) => {
            let j: BackupPlanJson = serde_json::from_value(body_json()?)
                .map_err(|e| bad_request(&format!("Invalid backup plan: {e}")))?;
            let first_at = match j.first_at.as_deref() {
                None => None,
                Some(s) => Some(
                    super::format::parse_iso8601(s)
                        .ok_or_else(|| bad_request("first_at must be an ISO 8601 time."))?,
                ),
            };
            engine.set_backup_plan(
                bucket,
                j.every_seconds.saturating_mul(SECOND),
                j.keep,
                first_at,
            )?;
            Ok(empty(204))
        }
        ("DELETE", ["backups", bucket]) => {
            engine.remove_backup_plan(bucket)?;
            Ok(empty(204))
        }
        ("POST", ["backups", bucket, "snapshots"]) => {
            let id = engine.take_snapshot(bucket)?;
            Ok(json(201, &serde_json::json!({"id": id})))
        }
        ("POST", ["backups", bucket, "snapshots", id, "restore"]) => {
            let id: u64 = id.parse().map_err(|_| bad_request("Bad snapshot id."))?;
            let render = |v: Option<String>| serde_json::Value::from(v);
            match req.query_param("key") {
                Some(key) => {
                    let w = engine.restore_object_from_snapshot(bucket, id, key)?;
                    Ok(json(
                        200,
                        &serde_json::json!({"restored": [{"key": key, "version_id": render(w.version_id)}]}),
                    ))
                }
                None => {
                    let r = engine.restore_bucket_from_snapshot(bucket, id)?;
                    let restored: Vec<_> = r
                        .restored
                        .into_iter()
                        .map(|(k, w)| serde_json::json!({"key": k, "version_id": render(w.version_id)}))
                        .collect();
                    Ok(json(
                        200,
                        &serde_json::json!({"restored": restored, "unchanged": r.unchanged}),
                    ))
                }
            }
        }
        _ => Err(OssError::new(
            404,
            "NotFound",
            "Unknown osslab endpoint.",
            "0000-00000000",
        )),
    }
}
