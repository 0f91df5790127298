//! Lifecycle: PutBucketLifecycle, GetBucketLifecycle, DeleteBucketLifecycle, and the XML
//! rules as engine rules.

use super::call::Call;
use super::resp::{malformed, Resp};
use crate::engine::lifecycle::{Expiration, LifecycleConfig, Rule, When};
use crate::engine::{Engine, StorageClass};
use crate::wire::format::{self, iso8601};
use crate::wire::http::WireResponse;
use crate::wire::xml;
use crate::wire::{OssError, OssResult};

pub(super) fn put_lifecycle(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let cfg: xml::LifecycleConfiguration = xml::parse_request(&c.req.body).map_err(malformed)?;
    engine.put_lifecycle(c.bucket, lifecycle_from_xml(cfg)?)?;
    Resp::new(200).done()
}

pub(super) fn get_lifecycle(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let cfg = engine.lifecycle(c.bucket)?;
    Resp::new(200).xml(&lifecycle_to_xml(cfg)).done()
}

pub(super) fn delete_lifecycle(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    engine.delete_lifecycle(c.bucket)?;
    Resp::new(204).done()
}

fn parse_date(s: &str) -> OssResult<i64> {
    format::parse_iso8601(s)
        .ok_or_else(|| OssError::malformed_xml("CreatedBeforeDate must be an ISO 8601 date."))
}

fn when(days: Option<i64>, date: Option<&str>) -> OssResult<Option<When>> {
    match (days, date) {
        (Some(_), Some(_)) => Err(OssError::malformed_xml(
            "Days and CreatedBeforeDate are exclusive.",
        )),
        (Some(d), None) => Ok(Some(When::Days(u32::try_from(d).unwrap_or(0)))),
        (None, Some(s)) => Ok(Some(When::CreatedBefore(parse_date(s)?))),
        (None, None) => Ok(None),
    }
}

fn class_of(s: &str) -> OssResult<StorageClass> {
    StorageClass::parse(s).ok_or_else(|| OssError::malformed_xml("Unknown StorageClass."))
}

fn lifecycle_from_xml(doc: xml::LifecycleConfiguration) -> OssResult<LifecycleConfig> {
    let mut rules = Vec::with_capacity(doc.rules.len());
    for r in doc.rules {
        let enabled = match r.status.as_str() {
            "Enabled" => true,
            "Disabled" => false,
            _ => {
                return Err(OssError::malformed_xml(
                    "Status must be Enabled or Disabled.",
                ))
            }
        };
        let filter = r.filter.unwrap_or_default();
        let expiration_as_date = r
            .expiration
            .as_ref()
            .is_some_and(|e| e.date.is_some() && e.created_before_date.is_none());
        let expiration = match r.expiration {
            None => None,
            Some(e) => {
                let date = e.created_before_date.as_deref().or(e.date.as_deref());
                match (when(e.days, date)?, e.expired_object_delete_marker) {
                    (Some(_), Some(true)) => {
                        return Err(OssError::malformed_xml("ExpiredObjectDeleteMarker cannot be combined with Days or CreatedBeforeDate."))
                    }
                    (Some(w), _) => Some(Expiration::When(w)),
                    (None, Some(true)) => Some(Expiration::ExpiredObjectDeleteMarker),
                    (None, _) => return Err(OssError::malformed_xml("Expiration needs Days, CreatedBeforeDate or ExpiredObjectDeleteMarker.")),
                }
            }
        };
        let mut transitions = Vec::new();
        for t in r.transitions {
            let w = when(t.days, t.created_before_date.as_deref())?.ok_or_else(|| {
                OssError::malformed_xml("Transition needs Days or CreatedBeforeDate.")
            })?;
            transitions.push((w, class_of(&t.storage_class)?));
        }
        let mut noncurrent_transitions = Vec::new();
        for t in r.noncurrent_version_transitions {
            let d = t.noncurrent_days.ok_or_else(|| {
                OssError::malformed_xml("NoncurrentVersionTransition needs NoncurrentDays.")
            })?;
            noncurrent_transitions
                .push((u32::try_from(d).unwrap_or(0), class_of(&t.storage_class)?));
        }
        let abort_multipart = match r.abort_multipart_upload {
            None => None,
            Some(a) => Some(
                when(a.days, a.created_before_date.as_deref())?.ok_or_else(|| {
                    OssError::malformed_xml("AbortMultipartUpload needs Days or CreatedBeforeDate.")
                })?,
            ),
        };
        rules.push(Rule {
            id: r.id.unwrap_or_default(),
            prefix: filter.prefix.clone().or(r.prefix).unwrap_or_default(),
            enabled,
            not_prefix: filter.not.iter().find_map(|n| n.prefix.clone()),
            not_tag: filter
                .not
                .iter()
                .find_map(|n| n.tag.as_ref().map(|t| (t.key.clone(), t.value.clone()))),
            size_greater_than: filter
                .object_size_greater_than
                .and_then(|v| u64::try_from(v).ok()),
            size_less_than: filter
                .object_size_less_than
                .and_then(|v| u64::try_from(v).ok()),
            tags: r.tags.into_iter().map(|t| (t.key, t.value)).collect(),
            expiration,
            expiration_as_date,
            transitions,
            abort_multipart,
            noncurrent_expiration_days: r
                .noncurrent_version_expiration
                .and_then(|n| n.noncurrent_days)
                .map(|d| u32::try_from(d).unwrap_or(0)),
            noncurrent_transitions,
        });
    }
    // Rules without an ID get one, as OSS does.
    for (i, r) in rules.iter_mut().enumerate() {
        if r.id.is_empty() {
            r.id = format!("rule-{}", i + 1);
        }
    }
    Ok(LifecycleConfig { rules, set_at: 0 })
}

fn lifecycle_to_xml(cfg: &LifecycleConfig) -> xml::LifecycleConfiguration {
    let days_or_date = |w: When| match w {
        When::Days(d) => (Some(i64::from(d)), None),
        When::CreatedBefore(t) => (None, Some(iso8601(t))),
    };
    xml::LifecycleConfiguration {
        rules: cfg
            .rules
            .iter()
            .map(|r| xml::LifecycleRule {
                id: Some(r.id.clone()),
                prefix: Some(r.prefix.clone()),
                status: if r.enabled { "Enabled" } else { "Disabled" }.into(),
                filter: (r.not_prefix.is_some()
                    || r.not_tag.is_some()
                    || r.size_greater_than.is_some()
                    || r.size_less_than.is_some())
                .then(|| xml::LifecycleFilter {
                    not: (r.not_prefix.is_some() || r.not_tag.is_some())
                        .then(|| xml::LifecycleNot {
                            prefix: r.not_prefix.clone(),
                            tag: r.not_tag.as_ref().map(|(k, v)| xml::Tag {
                                key: k.clone(),
                                value: v.clone(),
                            }),
                        })
                        .into_iter()
                        .collect(),
                    object_size_greater_than: r.size_greater_than.map(|v| v as i64),
                    object_size_less_than: r.size_less_than.map(|v| v as i64),
                    ..Default::default()
                }),
                tags: r
                    .tags
                    .iter()
                    .map(|(k, v)| xml::Tag {
                        key: k.clone(),
                        value: v.clone(),
                    })
                    .collect(),
                expiration: r.expiration.map(|e| match e {
                    Expiration::When(w) => {
                        let (days, date) = days_or_date(w);
                        let (date, created_before_date) = if r.expiration_as_date {
                            (date, None)
                        } else {
                            (None, date)
                        };
                        xml::LifecycleExpiration {
                            days,
                            date,
                            created_before_date,
                            ..Default::default()
                        }
                    }
                    Expiration::ExpiredObjectDeleteMarker => xml::LifecycleExpiration {
                        expired_object_delete_marker: Some(true),
                        ..Default::default()
                    },
                }),
                transitions: r
                    .transitions
                    .iter()
                    .map(|(w, c)| {
                        let (days, date) = days_or_date(*w);
                        xml::LifecycleTransition {
                            days,
                            created_before_date: date,
                            storage_class: c.as_str().into(),
                            ..Default::default()
                        }
                    })
                    .collect(),
                abort_multipart_upload: r.abort_multipart.map(|w| {
                    let (days, date) = days_or_date(w);
                    xml::LifecycleAbortMultipartUpload {
                        days,
                        created_before_date: date,
                    }
                }),
                noncurrent_version_expiration: r.noncurrent_expiration_days.map(|d| {
                    xml::NoncurrentVersionExpiration {
                        noncurrent_days: Some(i64::from(d)),
                    }
                }),
                noncurrent_version_transitions: r
                    .noncurrent_transitions
                    .iter()
                    .map(|(d, c)| xml::NoncurrentVersionTransition {
                        noncurrent_days: Some(i64::from(*d)),
                        storage_class: c.as_str().into(),
                        ..Default::default()
                    })
                    .collect(),
                atime_base: None,
            })
            .collect(),
    }
}
