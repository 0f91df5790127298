//! `/_osslab/identities` and `/_osslab/backups`: the data-protection toolkit's own JSON
//! endpoints (osslab-only; OSS has no such API — backups are Cloud Backup's).

use serde::{Deserialize, Serialize};

use super::json;
use crate::engine::access::{Identity, Policy};
use crate::engine::{Engine, SECOND};
use crate::wire::access::access_key_id;
use crate::wire::format::iso8601;
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::{OssError, OssResult};

/// The segments of an osslab endpoint's path after `/_osslab/`.
pub(super) fn osslab_parts(req: &WireRequest) -> Vec<&str> {
    let path = req.path.split('?').next().unwrap_or("");
    path.trim_start_matches("/_osslab/")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
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
        Err(e) => json::error(&e),
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
            Ok(json::reply(200, &serde_json::Value::Array(list)))
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
            Ok(json::reply(201, &identity_json(&identity)))
        }
        ("DELETE", ["identities", ak]) => {
            engine.remove_identity(ak)?;
            Ok(WireResponse::empty(204))
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
            Ok(json::reply(
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
                    crate::wire::format::parse_iso8601(s)
                        .ok_or_else(|| bad_request("first_at must be an ISO 8601 time."))?,
                ),
            };
            engine.set_backup_plan(
                bucket,
                j.every_seconds.saturating_mul(SECOND),
                j.keep,
                first_at,
            )?;
            Ok(WireResponse::empty(204))
        }
        ("DELETE", ["backups", bucket]) => {
            engine.remove_backup_plan(bucket)?;
            Ok(WireResponse::empty(204))
        }
        ("POST", ["backups", bucket, "snapshots"]) => {
            let id = engine.take_snapshot(bucket)?;
            Ok(json::reply(201, &serde_json::json!({"id": id})))
        }
        ("POST", ["backups", bucket, "snapshots", id, "restore"]) => {
            let id: u64 = id.parse().map_err(|_| bad_request("Bad snapshot id."))?;
            let render = |v: Option<String>| serde_json::Value::from(v);
            match req.query_param("key") {
                Some(key) => {
                    let w = engine.restore_object_from_snapshot(bucket, id, key)?;
                    Ok(json::reply(
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
                    Ok(json::reply(
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
