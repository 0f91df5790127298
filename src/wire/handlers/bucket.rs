//! Buckets: ListBuckets, PutBucket, DeleteBucket, GetBucketInfo, GetBucketLocation.

use super::call::Call;
use super::resp::{malformed, owner, Resp};
use crate::engine::{Engine, StorageClass};
use crate::wire::acl_tagging::bucket_acl_header;
use crate::wire::format::iso8601;
use crate::wire::headers::{self as h, param};
use crate::wire::http::WireResponse;
use crate::wire::xml;
use crate::wire::{OssError, OssResult};

pub(super) fn list_buckets(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, endpoint) = (c.req, c.endpoint);
    let prefix = param(req, "prefix").unwrap_or("");
    let marker = param(req, "marker").unwrap_or("");
    let max = h::number(req, "max-keys", 1, 1000, 100, "0017-00000101")? as usize;
    let mut all = engine
        .buckets()
        .filter(|b| b.name.starts_with(prefix) && b.name.as_str() > marker);
    let buckets: Vec<_> = all
        .by_ref()
        .take(max)
        .map(|b| bucket_summary(b, endpoint))
        .collect();
    let truncated = all.next().is_some();
    let paged = req
        .query
        .iter()
        .any(|(k, _)| k == "prefix" || k == "marker" || k == "max-keys");
    Resp::new(200)
        .xml(&xml::ListAllMyBucketsResult {
            prefix: paged.then(|| prefix.to_string()),
            marker: paged.then(|| marker.to_string()),
            max_keys: paged.then_some(max as u32),
            is_truncated: paged.then_some(truncated),
            next_marker: (paged && truncated)
                .then(|| buckets.last().map(|b| b.name.clone()).unwrap_or_default()),
            owner: owner(engine),
            buckets: xml::Buckets { bucket: buckets },
        })
        .done()
}

/// ExtranetEndpoint and IntranetEndpoint of a bucket: the endpoint the request reached, for
/// both (there is no internal network in front of a lab; a client that follows either stays
/// on this server), or real OSS's names of the region when the request had no Host
/// (docs/fidelity.md §Findings of the oss2 integration suite).
fn endpoints(region: &str, reached: Option<&str>) -> (String, String) {
    match reached {
        Some(e) => (e.to_string(), e.to_string()),
        None => (
            format!("oss-{region}.aliyuncs.com"),
            format!("oss-{region}-internal.aliyuncs.com"),
        ),
    }
}

fn bucket_summary(b: &crate::engine::Bucket, endpoint: Option<&str>) -> xml::BucketSummary {
    let (extranet, intranet) = endpoints(&b.region, endpoint);
    xml::BucketSummary {
        creation_date: iso8601(b.created),
        extranet_endpoint: extranet,
        intranet_endpoint: intranet,
        location: format!("oss-{}", b.region),
        name: b.name.clone(),
        region: Some(b.region.clone()),
        storage_class: b.storage_class.as_str().into(),
    }
}

pub(super) fn put_bucket(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket) = (c.req, c.bucket);
    let class = if req.body.iter().all(u8::is_ascii_whitespace) {
        StorageClass::Standard
    } else {
        let cfg: xml::CreateBucketConfiguration =
            xml::parse_request(&req.body).map_err(malformed)?;
        match cfg.storage_class.as_deref() {
            None => StorageClass::Standard,
            Some(s) => StorageClass::parse(s)
                .ok_or_else(|| OssError::malformed_xml("Unknown StorageClass."))?,
        }
    };
    let acl = bucket_acl_header(req)?;
    engine.create_bucket(bucket, class)?;
    if let Some(acl) = acl {
        engine.set_bucket_acl(bucket, acl)?;
    }
    Resp::new(200)
        .header("Location", format!("/{bucket}"))
        .done()
}

pub(super) fn delete_bucket(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    engine.delete_bucket(c.bucket)?;
    Resp::new(204).done()
}

pub(super) fn bucket_location(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let b = engine.bucket(c.bucket)?;
    Resp::new(200)
        .xml(&xml::LocationConstraint {
            location: format!("oss-{}", b.region),
        })
        .done()
}

pub(super) fn bucket_info(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (bucket, endpoint) = (c.bucket, c.endpoint);
    let b = engine.bucket(bucket)?;
    let (extranet, intranet) = endpoints(&b.region, endpoint);
    let replicated = engine
        .replication_rules(bucket)
        .is_ok_and(|rules| !rules.is_empty());
    let disabled = || Some("Disabled".to_string());
    let o = owner(engine);
    Resp::new(200)
        .xml(&xml::BucketInfo {
            bucket: xml::BucketInfoBucket {
                creation_date: iso8601(b.created),
                extranet_endpoint: extranet,
                intranet_endpoint: intranet,
                location: format!("oss-{}", b.region),
                storage_class: b.storage_class.as_str().into(),
                name: b.name.clone(),
                owner: xml::BucketInfoOwner {
                    display_name: o.display_name,
                    id: o.id,
                },
                access_control_list: xml::AccessControlList {
                    grant: b.acl.as_str().into(),
                },
                // The elements real OSS always sends, with the values of a bucket that never
                // had the feature (docs/fidelity.md §Findings of the oss2 integration suite).
                access_monitor: disabled(),
                transfer_acceleration: disabled(),
                cross_region_replication: if replicated {
                    Some("Enabled".into())
                } else {
                    disabled()
                },
                data_redundancy_type: Some("LRS".into()),
                comment: Some(String::new()),
                // No element at all for a never-versioned bucket.
                versioning: b.versioning.status().map(str::to_string),
                server_side_encryption_rule: Some(xml::ServerSideEncryptionRule {
                    sse_algorithm: "None".into(),
                }),
                ..Default::default()
            },
        })
        .done()
}
