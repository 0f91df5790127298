//! Listings: ListObjects, ListObjectsV2 and ListObjectVersions.

use super::call::Call;
use super::resp::{enc, owner, Resp};
use crate::engine::archive::RestoreStatus;
use crate::engine::listing::{validate_max_keys, ListParams, ObjectSummary, VersionItem};
use crate::engine::Engine;
use crate::wire::format::{self, iso8601, quoted_etag};
use crate::wire::headers::{self as h, param};
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::xml;
use crate::wire::OssResult;

fn summary_xml(
    engine: &Engine,
    url: bool,
    s: &ObjectSummary,
    with_owner: bool,
) -> xml::ObjectSummary {
    xml::ObjectSummary {
        key: enc(url, &s.key),
        last_modified: iso8601(s.last_modified),
        etag: quoted_etag(&s.etag.text()),
        object_type: s.object_type.as_str().into(),
        size: s.size,
        storage_class: s.storage_class.as_str().into(),
        restore_info: restore_info(&s.restore),
        transition_time: s.transition_time.map(iso8601),
        owner: with_owner.then(|| owner(engine)),
    }
}

fn restore_info(s: &RestoreStatus) -> Option<String> {
    format::restore_header(s)
}

fn list_params(req: &WireRequest) -> OssResult<ListParams> {
    Ok(ListParams {
        prefix: h::marker(req, "prefix")?.to_string(),
        // Under 1024 bytes like the prefix and markers (docs/fidelity.md §Findings of the oss2
        // integration suite).
        delimiter: h::marker(req, "delimiter")?.to_string(),
        max_keys: validate_max_keys(req.query_param("max-keys"), "max-keys")?,
    })
}

pub(super) fn common_prefixes(url: bool, list: &[String]) -> Vec<xml::CommonPrefix> {
    list.iter()
        .map(|p| xml::CommonPrefix {
            prefix: enc(url, p),
        })
        .collect()
}

pub(super) fn list_objects(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket) = (c.req, c.bucket);
    let url = h::url_encoding(req)?;
    let p = list_params(req)?;
    let marker = h::marker(req, "marker")?;
    let page = engine.list_objects(bucket, &p, marker)?;
    Resp::new(200)
        .xml(&xml::ListBucketResult {
            name: bucket.into(),
            prefix: enc(url, &p.prefix),
            marker: enc(url, marker),
            max_keys: p.max_keys as u32,
            delimiter: enc(url, &p.delimiter),
            encoding_type: url.then(|| "url".into()),
            is_truncated: page.truncated,
            next_marker: page.next_marker.as_deref().map(|m| enc(url, m)),
            contents: page
                .objects
                .iter()
                .map(|s| summary_xml(engine, url, s, true))
                .collect(),
            common_prefixes: common_prefixes(url, &page.common_prefixes),
        })
        .done()
}

pub(super) fn list_objects_v2(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket) = (c.req, c.bucket);
    let url = h::url_encoding(req)?;
    let p = list_params(req)?;
    let token = param(req, "continuation-token");
    let start_after = h::marker(req, "start-after")?;
    let fetch_owner = param(req, "fetch-owner") == Some("true");
    let page = engine.list_objects_v2(bucket, &p, token, start_after)?;
    let contents: Vec<_> = page
        .objects
        .iter()
        .map(|s| summary_xml(engine, url, s, fetch_owner))
        .collect();
    let key_count = (contents.len() + page.common_prefixes.len()) as u32;
    Resp::new(200)
        .xml(&xml::ListBucketResultV2 {
            name: bucket.into(),
            prefix: enc(url, &p.prefix),
            continuation_token: token.map(str::to_string),
            start_after: (!start_after.is_empty()).then(|| enc(url, start_after)),
            max_keys: p.max_keys as u32,
            delimiter: (!p.delimiter.is_empty()).then(|| enc(url, &p.delimiter)),
            encoding_type: url.then(|| "url".into()),
            is_truncated: page.truncated,
            next_continuation_token: page.next_token.clone(),
            contents,
            common_prefixes: common_prefixes(url, &page.common_prefixes),
            key_count,
        })
        .done()
}

pub(super) fn list_versions(engine: &mut Engine, c: &Call) -> OssResult<WireResponse> {
    let (req, bucket) = (c.req, c.bucket);
    let url = h::url_encoding(req)?;
    let p = list_params(req)?;
    let key_marker = h::marker(req, "key-marker")?;
    let vid_marker_text = param(req, "version-id-marker").unwrap_or("");
    let vid_marker = param(req, "version-id-marker")
        .map(crate::engine::VersionId::parse)
        .transpose()?;
    let page = engine.list_object_versions(bucket, &p, key_marker, vid_marker)?;
    let entries = page
        .items
        .iter()
        .map(|item| match item {
            VersionItem::Version {
                summary,
                version_id,
                is_latest,
            } => {
                // Same element texts as ListObjects, plus the version fields.
                let s = summary_xml(engine, url, summary, false);
                xml::VersionEntry::Version(xml::ObjectVersion {
                    key: s.key,
                    version_id: version_id.clone(),
                    is_latest: *is_latest,
                    last_modified: s.last_modified,
                    etag: s.etag,
                    object_type: s.object_type,
                    size: s.size,
                    storage_class: s.storage_class,
                    restore_info: s.restore_info,
                    transition_time: s.transition_time,
                    owner: owner(engine),
                })
            }
            VersionItem::DeleteMarker {
                key,
                version_id,
                is_latest,
                last_modified,
            } => xml::VersionEntry::DeleteMarker(xml::DeleteMarkerEntry {
                key: enc(url, key),
                version_id: version_id.clone(),
                is_latest: *is_latest,
                last_modified: iso8601(*last_modified),
                owner: owner(engine),
            }),
        })
        .collect();
    Resp::new(200)
        .xml(&xml::ListVersionsResult {
            name: bucket.into(),
            prefix: enc(url, &p.prefix),
            key_marker: enc(url, key_marker),
            version_id_marker: vid_marker_text.into(),
            max_keys: p.max_keys as u32,
            delimiter: enc(url, &p.delimiter),
            encoding_type: url.then(|| "url".into()),
            is_truncated: page.truncated,
            next_key_marker: page.truncated.then(|| enc(url, &page.next_key_marker)),
            next_version_id_marker: page.truncated.then(|| page.next_version_id_marker.clone()),
            entries,
            common_prefixes: common_prefixes(url, &page.common_prefixes),
        })
        .done()
}
