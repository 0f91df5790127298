//! Bucket replication on the wire: PutBucketReplication, GetBucketReplication,
//! DeleteBucketReplication and GetBucketReplicationProgress (OSS API, XML).

use super::call::Call;
use crate::engine::replication::{ReplicationAction, ReplicationRule, ReplicationRuleInput};
use crate::engine::Engine;
use crate::wire::format::iso8601;
use crate::wire::http::WireResponse;
use crate::wire::route::Op;
use crate::wire::xml::{self, to_xml_doc, xml_element, Element, XmlRoot};
use crate::wire::{OssError, OssResult};

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

/// The four replication operations.
pub(super) fn replication_op(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket) = (c.req, c.bucket);
    match c.op {
        Op::PutBucketReplication => {
            let cfg: ReplicationConfiguration = xml::parse_request(&req.body).map_err(malformed)?;
            let id = engine.put_replication_rule(bucket, rule_from_xml(cfg)?)?;
            let mut r = WireResponse::empty(200);
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
            Ok(WireResponse::empty(200))
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
