//! Engine rule tests, grouped by theme. The versioning cases follow the scenarios of
//! ceph/s3-tests (test_versioning_*, test_delete_marker_*), rewritten for OSS semantics and
//! the seed documents (docs/fidelity.md §Seed documents).

use std::sync::Arc;

use super::archive::{RestoreEffect, RestoreRequest};
use super::error::*;
use super::listing::{ListParams, VersionItem};
use super::multipart::{CompletePart, InitiateUpload, PartSelection};
use super::objects::{Conditions, CopyObject, PutMode, PutObject};
use super::range::{self, ByteRange};
use super::*;

const B: &str = "lab";
const T0: Millis = 1_763_800_000_000; // 2025-11-22T08:26:40Z

fn engine() -> Engine {
    let mut e = Engine::new(T0);
    e.create_bucket(B, StorageClass::Standard).unwrap();
    e
}

fn put(e: &mut Engine, key: &str, body: &str) -> Option<String> {
    e.set_now(e.now() + 1000);
    e.put_object(PutObject {
        bucket: B.into(),
        key: key.into(),
        body: Arc::from(body.as_bytes()),
        ..Default::default()
    })
    .unwrap()
    .version_id
}

fn get(e: &Engine, key: &str, v: Option<&str>) -> Result<String> {
    let v = v.map(|v| VersionId::parse(v).unwrap());
    e.get_object(B, key, v, &Conditions::default(), None)
        .map(|r| String::from_utf8(r.bytes().to_vec()).unwrap())
}

fn del(e: &mut Engine, key: &str, v: Option<&str>) -> objects::DeleteResult {
    e.set_now(e.now() + 1000);
    e.delete_object(B, key, v.map(|v| VersionId::parse(v).unwrap()))
        .unwrap()
}

fn versions(e: &Engine, prefix: &str) -> Vec<(String, String, bool, bool)> {
    let p = ListParams {
        prefix: prefix.into(),
        max_keys: 1000,
        ..Default::default()
    };
    e.list_object_versions(B, &p, "", None)
        .unwrap()
        .items
        .iter()
        .map(|i| {
            (
                i.key().to_string(),
                i.version_id().to_string(),
                i.is_latest(),
                matches!(i, VersionItem::DeleteMarker { .. }),
            )
        })
        .collect()
}

fn enable(e: &mut Engine) {
    e.set_versioning(B, Versioning::Enabled).unwrap();
}

fn suspend(e: &mut Engine) {
    e.set_versioning(B, Versioning::Suspended).unwrap();
}

// ---- versioning states ------------------------------------------------------------------

#[test]
fn versioning_never_returns_to_unversioned() {
    let mut e = engine();
    assert_eq!(e.versioning(B).unwrap(), Versioning::Unversioned);
    assert!(e.set_versioning(B, Versioning::Unversioned).is_err());
    enable(&mut e);
    suspend(&mut e);
    enable(&mut e);
    assert_eq!(e.versioning(B).unwrap(), Versioning::Enabled);
    assert!(matches!(
        e.set_versioning("nope", Versioning::Enabled),
        Err(Error::NoSuchBucket { .. })
    ));
}

#[test]
fn unversioned_bucket_reports_no_version_ids() {
    let mut e = engine();
    assert_eq!(put(&mut e, "k", "1"), None);
    assert_eq!(put(&mut e, "k", "2"), None);
    assert_eq!(get(&e, "k", None).unwrap(), "2");
    assert_eq!(e.bucket(B).unwrap().stack("k").unwrap().len(), 1);
    let head = e.head_object(B, "k", None, &Conditions::default()).unwrap();
    assert_eq!(head.version_id, None);
    let d = del(&mut e, "k", None);
    assert_eq!(d, objects::DeleteResult::default());
    assert!(matches!(get(&e, "k", None), Err(Error::NoSuchKey { .. })));
}

#[test]
fn objects_from_before_versioning_keep_null() {
    let mut e = engine();
    put(&mut e, "k", "old");
    enable(&mut e);
    let v2 = put(&mut e, "k", "new").unwrap();
    assert_ne!(v2, "null");
    assert_eq!(get(&e, "k", Some("null")).unwrap(), "old");
    assert_eq!(get(&e, "k", Some(&v2)).unwrap(), "new");
    let vs = versions(&e, "");
    assert_eq!(vs.len(), 2);
    assert_eq!(vs[0].1, v2);
    assert!(vs[0].2);
    assert_eq!(vs[1].1, "null");
    assert!(!vs[1].2);
}

// ---- the seed's scenario: three versions, delete markers, recovery ----------------------

#[test]
fn three_uploads_make_three_versions_newest_current() {
    let mut e = engine();
    enable(&mut e);
    let ids: Vec<String> = ["v1", "v2", "v3"]
        .iter()
        .map(|b| put(&mut e, "example.jpg", b).unwrap())
        .collect();
    assert_eq!(get(&e, "example.jpg", None).unwrap(), "v3");
    for (id, body) in ids.iter().zip(["v1", "v2", "v3"]) {
        assert_eq!(get(&e, "example.jpg", Some(id)).unwrap(), body);
    }
    let vs = versions(&e, "");
    assert_eq!(
        vs.iter().map(|v| v.1.clone()).collect::<Vec<_>>(),
        ids.iter().rev().cloned().collect::<Vec<_>>()
    );
    assert_eq!(vs.iter().filter(|v| v.2).count(), 1);
}

#[test]
fn delete_without_version_stacks_markers_and_hides_the_key() {
    let mut e = engine();
    enable(&mut e);
    let v1 = put(&mut e, "k", "data").unwrap();
    let d1 = del(&mut e, "k", None);
    assert!(d1.delete_marker);
    let m1 = d1.version_id.unwrap();
    let err = get(&e, "k", None).unwrap_err();
    assert_eq!(
        err,
        Error::DeleteMarker {
            key: "k".into(),
            marker: VersionId::parse(&m1).unwrap()
        }
    );
    // The data is still there by id.
    assert_eq!(get(&e, "k", Some(&v1)).unwrap(), "data");
    // A second delete stacks another marker with a different id.
    let m2 = del(&mut e, "k", None).version_id.unwrap();
    assert_ne!(m1, m2);
    let vs = versions(&e, "");
    assert_eq!(vs.len(), 3);
    assert_eq!(
        (vs[0].1.as_str(), vs[0].2, vs[0].3),
        (m2.as_str(), true, true)
    );
    assert_eq!(
        (vs[1].1.as_str(), vs[1].2, vs[1].3),
        (m1.as_str(), false, true)
    );
    // ListObjects hides the key.
    let page = e.list_objects(B, &ListParams::default(), "").unwrap();
    assert!(page.objects.is_empty());
}

#[test]
fn get_of_a_delete_marker_by_id_is_405() {
    let mut e = engine();
    enable(&mut e);
    put(&mut e, "k", "x");
    let m = del(&mut e, "k", None).version_id.unwrap();
    let err = get(&e, "k", Some(&m)).unwrap_err();
    assert!(matches!(err, Error::DeleteMarkerNotAllowed { .. }));
    let err = e
        .head_object(
            B,
            "k",
            Some(VersionId::parse(&m).unwrap()),
            &Conditions::default(),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        Error::DeleteMarkerNotAllowed {
            op: ObjectOp::HeadObject,
            ..
        }
    ));
}

#[test]
fn delete_with_version_removes_exactly_that_entry() {
    let mut e = engine();
    enable(&mut e);
    let v1 = put(&mut e, "k", "1").unwrap();
    let v2 = put(&mut e, "k", "2").unwrap();
    let v3 = put(&mut e, "k", "3").unwrap();
    let d = del(&mut e, "k", Some(&v2));
    assert_eq!(d.version_id.as_deref(), Some(v2.as_str()));
    assert!(!d.delete_marker);
    let err = get(&e, "k", Some(&v2)).unwrap_err();
    assert!(matches!(err, Error::NoSuchVersion { .. }));
    assert_eq!(get(&e, "k", None).unwrap(), "3");
    // Deleting the current version: the next newest becomes current (seed recovery #2).
    del(&mut e, "k", Some(&v3));
    assert_eq!(get(&e, "k", None).unwrap(), "1");
    assert_eq!(versions(&e, "")[0], ("k".into(), v1.clone(), true, false));
    del(&mut e, "k", Some(&v1));
    assert!(e.bucket(B).unwrap().stack("k").is_none());
}

#[test]
fn deleting_the_delete_marker_recovers_the_object() {
    let mut e = engine();
    enable(&mut e);
    put(&mut e, "k", "precious");
    let m = del(&mut e, "k", None).version_id.unwrap();
    let d = del(&mut e, "k", Some(&m));
    assert!(
        d.delete_marker,
        "removing a marker reports x-oss-delete-marker"
    );
    assert_eq!(get(&e, "k", None).unwrap(), "precious");
}

#[test]
fn recovery_by_copying_a_previous_version_keeps_all_versions() {
    let mut e = engine();
    enable(&mut e);
    let v1 = put(&mut e, "k", "good").unwrap();
    let v2 = put(&mut e, "k", "bad").unwrap();
    e.set_now(e.now() + 1000);
    let r = e
        .copy_object(CopyObject {
            src_bucket: B.into(),
            src_key: "k".into(),
            src_version: Some(VersionId::parse(&v1).unwrap()),
            bucket: B.into(),
            key: "k".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.source_version_id.as_deref(), Some(v1.as_str()));
    let v3 = r.write.version_id.unwrap();
    assert!(v3 != v1 && v3 != v2);
    assert_eq!(get(&e, "k", None).unwrap(), "good");
    let ids: Vec<String> = versions(&e, "").into_iter().map(|v| v.1).collect();
    assert_eq!(ids, vec![v3, v2, v1]);
}

#[test]
fn copy_from_a_delete_marker_fails() {
    let mut e = engine();
    enable(&mut e);
    put(&mut e, "k", "x");
    let m = del(&mut e, "k", None).version_id.unwrap();
    for src_version in [None, Some(VersionId::parse(&m).unwrap())] {
        let err = e
            .copy_object(CopyObject {
                src_bucket: B.into(),
                src_key: "k".into(),
                src_version,
                bucket: B.into(),
                key: "k2".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err, Error::CopySourceIsDeleteMarker);
    }
}

// ---- suspended mode: the null version ----------------------------------------------------

#[test]
fn suspended_put_replaces_the_null_version_wherever_it_sits() {
    let mut e = engine();
    put(&mut e, "k", "null-1"); // pre-versioning → null
    enable(&mut e);
    let v = put(&mut e, "k", "enabled").unwrap();
    suspend(&mut e);
    assert_eq!(put(&mut e, "k", "null-2").as_deref(), Some("null"));
    let vs = versions(&e, "");
    assert_eq!(vs.len(), 2, "the old null version was replaced, not kept");
    assert_eq!(vs[0], ("k".into(), "null".into(), true, false));
    assert_eq!(vs[1], ("k".into(), v.clone(), false, false));
    assert_eq!(get(&e, "k", None).unwrap(), "null-2");
    assert_eq!(get(&e, "k", Some(&v)).unwrap(), "enabled");
    // Another suspended put replaces it again in place at the top.
    put(&mut e, "k", "null-3");
    assert_eq!(versions(&e, "").len(), 2);
    assert_eq!(get(&e, "k", Some("null")).unwrap(), "null-3");
}

#[test]
fn suspended_put_keeps_non_null_versions() {
    let mut e = engine();
    enable(&mut e);
    let v1 = put(&mut e, "k", "1").unwrap();
    suspend(&mut e);
    put(&mut e, "k", "n");
    let vs = versions(&e, "");
    assert_eq!(
        vs.iter().map(|v| v.1.as_str()).collect::<Vec<_>>(),
        vec!["null", v1.as_str()]
    );
}

#[test]
fn suspended_delete_writes_a_null_marker_replacing_the_null_version() {
    let mut e = engine();
    enable(&mut e);
    let v1 = put(&mut e, "k", "1").unwrap();
    suspend(&mut e);
    put(&mut e, "k", "null-data");
    let d = del(&mut e, "k", None);
    assert_eq!(
        (d.delete_marker, d.version_id.as_deref()),
        (true, Some("null"))
    );
    let vs = versions(&e, "");
    assert_eq!(
        vs.len(),
        2,
        "the null object was overwritten by the null marker"
    );
    assert_eq!(vs[0], ("k".into(), "null".into(), true, true));
    assert_eq!(vs[1].1, v1);
    assert_eq!(
        get(&e, "k", None),
        Err(Error::DeleteMarker {
            key: "k".into(),
            marker: VersionId::Null
        })
    );
    // Suspended delete of a null marker again: still one null entry.
    del(&mut e, "k", None);
    assert_eq!(versions(&e, "").len(), 2);
}

#[test]
fn suspended_copy_writes_null_and_reenabled_puts_get_ids() {
    let mut e = engine();
    enable(&mut e);
    put(&mut e, "src", "s");
    suspend(&mut e);
    let r = e
        .copy_object(CopyObject {
            src_bucket: B.into(),
            src_key: "src".into(),
            bucket: B.into(),
            key: "dst".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.write.version_id.as_deref(), Some("null"));
    enable(&mut e);
    let v = put(&mut e, "dst", "x").unwrap();
    assert_ne!(v, "null");
    let vs = versions(&e, "dst");
    assert_eq!(
        vs.iter().map(|v| v.1.as_str()).collect::<Vec<_>>(),
        vec![v.as_str(), "null"]
    );
}

#[test]
fn delete_marker_in_enabled_bucket_for_missing_key() {
    let mut e = engine();
    enable(&mut e);
    let d = del(&mut e, "ghost", None);
    assert!(d.delete_marker);
    let vs = versions(&e, "");
    assert_eq!(vs.len(), 1);
    assert!(vs[0].3 && vs[0].2);
}

// ---- overwrite protection ---------------------------------------------------------------

/// Starts a plain multipart upload of `key` in bucket B and returns its upload id.
fn initiate(e: &mut Engine, key: &str) -> String {
    e.initiate_upload(InitiateUpload {
        bucket: B.into(),
        key: key.into(),
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn list_uploads_pages_once_through_keys_and_common_prefixes() {
    // oss2's test_iterator.py pages by two with a delimiter and expects every upload of a key
    // in upload-id order and every common prefix once (docs/fidelity.md §Findings of the oss2
    // integration suite).
    let mut e = engine();
    let k: Vec<String> = (0..3).map(|_| initiate(&mut e, "p/k")).collect();
    for key in ["p/a/1", "p/a/2", "p/b/1", "p/c/1"] {
        initiate(&mut e, key);
    }
    let (mut uploads, mut prefixes) = (Vec::new(), Vec::new());
    let (mut key_marker, mut id_marker) = (String::new(), String::new());
    loop {
        let page = e
            .list_uploads(B, "p/", "/", &key_marker, &id_marker, 2)
            .unwrap();
        uploads.extend(page.uploads.iter().map(|u| u.upload_id.clone()));
        prefixes.extend(page.common_prefixes.iter().cloned());
        if !page.truncated {
            break;
        }
        (key_marker, id_marker) = (page.next_key_marker, page.next_upload_id_marker);
    }
    let mut sorted = k.clone();
    sorted.sort();
    assert_eq!(uploads, k, "initiation order");
    assert_eq!(uploads, sorted, "which is upload-id order");
    assert_eq!(prefixes, ["p/a/", "p/b/", "p/c/"]);
}

fn put_forbid(e: &mut Engine, key: &str) -> Result<objects::WriteResult> {
    e.put_object(PutObject {
        bucket: B.into(),
        key: key.into(),
        body: Arc::from(&b"new"[..]),
        mode: PutMode::Create,
        ..Default::default()
    })
}

#[test]
fn forbid_overwrite_in_unversioned_bucket() {
    let mut e = engine();
    assert!(put_forbid(&mut e, "k").is_ok(), "a new key is fine");
    let err = put_forbid(&mut e, "k").unwrap_err();
    assert_eq!(
        err,
        Error::ObjectExists {
            write: WriteOp::PutObject
        }
    );
    assert_eq!(get(&e, "k", None).unwrap(), "new");
    let copy = |e: &mut Engine| {
        e.copy_object(CopyObject {
            src_bucket: B.into(),
            src_key: "k".into(),
            bucket: B.into(),
            key: "k".into(),
            mode: PutMode::Create,
            ..Default::default()
        })
    };
    assert_eq!(
        copy(&mut e).unwrap_err(),
        Error::ObjectExists {
            write: WriteOp::CopyObject
        }
    );
    let init = e.initiate_upload(InitiateUpload {
        bucket: B.into(),
        key: "k".into(),
        mode: PutMode::Create,
        ..Default::default()
    });
    assert_eq!(
        init,
        Err(Error::ObjectExists {
            write: WriteOp::InitiateMultipartUpload
        })
    );
}

#[test]
fn forbid_overwrite_is_ignored_when_versioned() {
    for state in [Versioning::Enabled, Versioning::Suspended] {
        let mut e = engine();
        put(&mut e, "k", "old");
        e.set_versioning(B, state).unwrap();
        let r = put_forbid(&mut e, "k").unwrap();
        assert!(r.version_id.is_some());
        assert_eq!(get(&e, "k", None).unwrap(), "new");
    }
}

#[test]
fn forbid_overwrite_checked_again_at_complete() {
    let mut e = engine();
    let id = e
        .initiate_upload(InitiateUpload {
            bucket: B.into(),
            key: "k".into(),
            mode: PutMode::Create,
            ..Default::default()
        })
        .unwrap();
    e.upload_part(B, "k", &id, 1, Arc::from(&b"p"[..]), None)
        .unwrap();
    put(&mut e, "k", "sneaked in");
    let err = e
        .complete_upload(B, "k", &id, PartSelection::All, PutMode::Create)
        .unwrap_err();
    assert_eq!(
        err,
        Error::ObjectExists {
            write: WriteOp::CompleteMultipartUpload
        }
    );
    // Without the header the same upload completes and overwrites.
    e.complete_upload(B, "k", &id, PartSelection::All, PutMode::Overwrite)
        .unwrap();
    assert_eq!(get(&e, "k", None).unwrap(), "p");
}

// ---- integrity ----------------------------------------------------------------------------

#[test]
fn content_md5_mismatch_is_invalid_digest_and_stores_nothing() {
    let mut e = engine();
    let err = e
        .put_object(PutObject {
            bucket: B.into(),
            key: "k".into(),
            body: Arc::from(&b"hello"[..]),
            content_md5: Some([0; 16]),
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(err, Error::DigestMismatch));
    assert!(e.bucket(B).unwrap().stack("k").is_none());
    let ok = e
        .put_object(PutObject {
            bucket: B.into(),
            key: "k".into(),
            body: Arc::from(&b"hello"[..]),
            content_md5: Some(integrity::md5(b"hello")),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ok.etag.text(), "5D41402ABC4B2A76B9719D911017C592");
    assert_eq!(ok.crc64, 11_177_612_005_948_864_433);
}

#[test]
fn multipart_etag_crc_and_type() {
    let mut e = engine();
    enable(&mut e);
    let id = initiate(&mut e, "big");
    let a = vec![b'a'; 100 * 1024];
    let b = b"tail".to_vec();
    let pa = e
        .upload_part(B, "big", &id, 1, Arc::from(a.clone()), None)
        .unwrap();
    let pb = e
        .upload_part(B, "big", &id, 2, Arc::from(b.clone()), None)
        .unwrap();
    let parts = vec![
        CompletePart {
            part_number: 1,
            etag: format!("\"{}\"", hex::encode_upper(pa.etag)),
        },
        CompletePart {
            part_number: 2,
            etag: hex::encode_upper(pb.etag),
        },
    ];
    let r = e
        .complete_upload(
            B,
            "big",
            &id,
            PartSelection::Listed(parts),
            PutMode::Overwrite,
        )
        .unwrap();
    let whole = [a, b].concat();
    assert_eq!(r.crc64, integrity::crc64(&whole));
    assert_eq!(r.etag, integrity::multipart_etag(&[pa.etag, pb.etag]));
    assert!(r.etag.text().ends_with("-2"));
    assert!(r.version_id.is_some());
    let head = e
        .head_object(B, "big", None, &Conditions::default())
        .unwrap();
    assert_eq!(head.object_type, ObjectType::Multipart);
    assert_eq!(head.size, whole.len() as u64);
    // The upload is gone.
    assert!(matches!(
        e.abort_upload(B, "big", &id),
        Err(Error::NoSuchUpload { .. })
    ));
}

#[test]
fn complete_rejects_bad_part_lists() {
    let mut e = engine();
    let id = initiate(&mut e, "k");
    let small = e
        .upload_part(B, "k", &id, 1, Arc::from(&b"small"[..]), None)
        .unwrap();
    let p2 = e
        .upload_part(B, "k", &id, 2, Arc::from(&b"x"[..]), None)
        .unwrap();
    let part = |n: u32, etag: [u8; 16]| CompletePart {
        part_number: n,
        etag: hex::encode_upper(etag),
    };
    let sel = |v: Vec<CompletePart>| PartSelection::Listed(v);
    let err = e
        .complete_upload(
            B,
            "k",
            &id,
            sel(vec![part(2, p2.etag), part(1, small.etag)]),
            PutMode::Overwrite,
        )
        .unwrap_err();
    assert!(matches!(err, Error::InvalidPartOrder));
    let err = e
        .complete_upload(B, "k", &id, sel(vec![part(1, p2.etag)]), PutMode::Overwrite)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidPart { .. }));
    let err = e
        .complete_upload(B, "k", &id, sel(vec![part(3, p2.etag)]), PutMode::Overwrite)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidPart { .. }));
    let err = e
        .complete_upload(
            B,
            "k",
            &id,
            sel(vec![part(1, small.etag), part(2, p2.etag)]),
            PutMode::Overwrite,
        )
        .unwrap_err();
    assert!(matches!(err, Error::PartTooSmall));
    assert_eq!(
        e.upload_part(B, "k", &id, 0, Arc::from(&b""[..]), None),
        Err(Error::InvalidPartNumber { number: 0 })
    );
    assert_eq!(
        e.upload_part(B, "k", &id, 10_001, Arc::from(&b""[..]), None),
        Err(Error::InvalidPartNumber { number: 10_001 })
    );
    // A single small part is fine: the last part may be any size.
    e.complete_upload(B, "k", &id, sel(vec![part(2, p2.etag)]), PutMode::Overwrite)
        .unwrap();
    assert_eq!(get(&e, "k", None).unwrap(), "x");
}

#[test]
fn upload_part_copy_takes_a_range_of_a_version() {
    let mut e = engine();
    enable(&mut e);
    let v1 = put(&mut e, "src", "0123456789").unwrap();
    put(&mut e, "src", "other");
    let id = initiate(&mut e, "dst");
    let r = e
        .upload_part_copy(
            B,
            "dst",
            &id,
            1,
            &multipart::PartCopySource {
                bucket: B.into(),
                key: "src".into(),
                version: Some(VersionId::parse(&v1).unwrap()),
                range: Some(range::CopyRange {
                    start: 2,
                    end: Some(5),
                }),
                conditions: Conditions::default(),
            },
        )
        .unwrap();
    assert_eq!(r.source_version_id.as_deref(), Some(v1.as_str()));
    e.complete_upload(B, "dst", &id, PartSelection::All, PutMode::Overwrite)
        .unwrap();
    assert_eq!(get(&e, "dst", None).unwrap(), "2345");
}

#[test]
fn upload_part_copy_open_range_runs_to_the_end_of_the_source() {
    // oss2's test_multipart.py copies `bytes=102400-` (docs/fidelity.md §Findings of the oss2
    // integration suite).
    let mut e = engine();
    put(&mut e, "src", "0123456789");
    let id = initiate(&mut e, "dst");
    let copy = |e: &mut Engine, start| {
        e.upload_part_copy(
            B,
            "dst",
            &id,
            1,
            &multipart::PartCopySource {
                bucket: B.into(),
                key: "src".into(),
                version: None,
                range: Some(range::CopyRange { start, end: None }),
                conditions: Conditions::default(),
            },
        )
    };
    assert!(matches!(copy(&mut e, 10), Err(Error::RangeNotSatisfiable)));
    copy(&mut e, 6).unwrap();
    e.complete_upload(B, "dst", &id, PartSelection::All, PutMode::Overwrite)
        .unwrap();
    assert_eq!(get(&e, "dst", None).unwrap(), "6789");
}

// ---- reads ---------------------------------------------------------------------------------

#[test]
fn ranges_and_conditions() {
    let mut e = engine();
    put(&mut e, "k", "0123456789");
    let r = |range| e.get_object(B, "k", None, &Conditions::default(), Some(range));
    assert_eq!(
        r(ByteRange::From {
            start: 2,
            end: Some(4)
        })
        .unwrap()
        .bytes(),
        b"234"
    );
    assert_eq!(
        r(ByteRange::From {
            start: 7,
            end: None
        })
        .unwrap()
        .bytes(),
        b"789"
    );
    assert_eq!(
        r(ByteRange::From {
            start: 7,
            end: Some(100)
        })
        .unwrap()
        .bytes(),
        b"789"
    );
    assert_eq!(r(ByteRange::Suffix(3)).unwrap().bytes(), b"789");
    assert_eq!(
        r(ByteRange::From {
            start: 10,
            end: None
        })
        .unwrap_err(),
        Error::RangeNotSatisfiable
    );
    let head = e.head_object(B, "k", None, &Conditions::default()).unwrap();
    let etag = head.etag.text();
    let c = |c: Conditions| {
        e.get_object(B, "k", None, &c, None)
            .map(|_| ())
            .map_err(|e| match e {
                Error::PreconditionFailed { .. } => 412,
                Error::NotModified => 304,
                other => panic!("{other}"),
            })
    };
    assert_eq!(
        c(Conditions {
            if_match: Some(format!("\"{etag}\"")),
            ..Default::default()
        }),
        Ok(())
    );
    assert_eq!(
        c(Conditions {
            if_match: Some(etag.clone()),
            ..Default::default()
        }),
        Ok(())
    );
    assert_eq!(
        c(Conditions {
            if_match: Some("\"00\"".into()),
            ..Default::default()
        }),
        Err(412)
    );
    assert_eq!(
        c(Conditions {
            if_none_match: Some(etag),
            ..Default::default()
        }),
        Err(304)
    );
    assert_eq!(
        c(Conditions {
            if_modified_since: Some(head.last_modified + 5000),
            ..Default::default()
        }),
        Err(304)
    );
    assert_eq!(
        c(Conditions {
            if_unmodified_since: Some(head.last_modified - 5000),
            ..Default::default()
        }),
        Err(412)
    );
}

#[test]
fn missing_things_have_their_own_errors() {
    let mut e = engine();
    assert_eq!(
        get(&e, "nope", None),
        Err(Error::NoSuchKey { key: "nope".into() })
    );
    assert!(matches!(
        e.get_object("zz", "k", None, &Conditions::default(), None),
        Err(Error::NoSuchBucket { .. })
    ));
    enable(&mut e);
    put(&mut e, "k", "x");
    let fake = VersionId::Id { ms: T0, seq: 999 }.render();
    assert!(matches!(
        get(&e, "k", Some(&fake)),
        Err(Error::NoSuchVersion { .. })
    ));
    assert!(matches!(
        get(&e, "k", Some("null")),
        Err(Error::NoSuchVersion { .. })
    ));
}

#[test]
fn key_and_bucket_validation() {
    let mut e = engine();
    for bad in ["ab", "-abc", "abc-", "ABC", "a_b", &"a".repeat(64)] {
        assert_eq!(
            e.create_bucket(bad, StorageClass::Standard),
            Err(Error::InvalidBucketName { bucket: bad.into() }),
        );
    }
    assert!(matches!(
        e.create_bucket(B, StorageClass::Standard),
        Err(Error::BucketAlreadyExists { .. })
    ));
    let long = "k".repeat(1024);
    let err = e
        .put_object(PutObject {
            bucket: B.into(),
            key: long,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err, Error::InvalidKey(KeyProblem::TooLong));
    let ok = "k".repeat(1023);
    put(&mut e, &ok, "x");
}

#[test]
fn delete_bucket_only_when_empty_of_versions_and_uploads() {
    let mut e = engine();
    enable(&mut e);
    put(&mut e, "k", "x");
    let v = versions(&e, "")[0].1.clone();
    del(&mut e, "k", None);
    assert!(matches!(
        e.delete_bucket(B),
        Err(Error::BucketNotEmpty { .. })
    ));
    let m = versions(&e, "")[0].1.clone();
    del(&mut e, "k", Some(&m));
    assert!(matches!(
        e.delete_bucket(B),
        Err(Error::BucketNotEmpty { .. })
    ));
    del(&mut e, "k", Some(&v));
    let id = initiate(&mut e, "u");
    assert!(matches!(
        e.delete_bucket(B),
        Err(Error::BucketNotEmpty { .. })
    ));
    e.abort_upload(B, "u", &id).unwrap();
    e.delete_bucket(B).unwrap();
    assert!(e.bucket(B).is_err());
}

// ---- listing -------------------------------------------------------------------------------

#[test]
fn seed_listing_900_and_500_versions_page_at_1000() {
    let mut e = engine();
    enable(&mut e);
    for i in 0..900 {
        put(&mut e, "example.jpg", &i.to_string());
    }
    for i in 0..500 {
        put(&mut e, "photo.jpg", &i.to_string());
    }
    let p = ListParams {
        max_keys: 1000,
        ..Default::default()
    };
    let page = e.list_object_versions(B, &p, "", None).unwrap();
    assert_eq!(page.items.len(), 1000);
    assert!(page.truncated);
    assert_eq!(
        page.items
            .iter()
            .filter(|i| i.key() == "example.jpg")
            .count(),
        900
    );
    assert_eq!(
        page.items.iter().filter(|i| i.key() == "photo.jpg").count(),
        100
    );
    assert!(page.items[0].is_latest() && page.items[900].is_latest());
    assert_eq!(page.next_key_marker, "photo.jpg");
    let marker = VersionId::parse(&page.next_version_id_marker).unwrap();
    let page2 = e
        .list_object_versions(B, &p, &page.next_key_marker, Some(marker))
        .unwrap();
    assert_eq!(page2.items.len(), 400);
    assert!(!page2.truncated);
    assert!(
        page2.items.iter().all(|i| !i.is_latest()),
        "IsLatest only on the first page's entry"
    );
}

#[test]
fn paging_versions_with_markers_interleaved_collects_everything_once() {
    let mut e = engine();
    enable(&mut e);
    for k in ["a", "b", "c"] {
        put(&mut e, k, "1");
        del(&mut e, k, None);
        put(&mut e, k, "2");
    }
    let all = versions(&e, "");
    assert_eq!(all.len(), 9);
    for max_keys in 1..=10 {
        let p = ListParams {
            max_keys,
            ..Default::default()
        };
        let mut got = Vec::new();
        let (mut km, mut vm) = (String::new(), None);
        loop {
            let page = e.list_object_versions(B, &p, &km, vm).unwrap();
            assert!(page.items.len() <= max_keys);
            got.extend(page.items.iter().map(|i| {
                (
                    i.key().to_string(),
                    i.version_id().to_string(),
                    i.is_latest(),
                    matches!(i, VersionItem::DeleteMarker { .. }),
                )
            }));
            if !page.truncated {
                break;
            }
            km = page.next_key_marker.clone();
            vm = Some(VersionId::parse(&page.next_version_id_marker).unwrap());
        }
        assert_eq!(got, all, "max_keys={max_keys}");
    }
}

#[test]
fn version_marker_survives_deletion_of_that_version() {
    let mut e = engine();
    enable(&mut e);
    let ids: Vec<String> = (0..5)
        .map(|i| put(&mut e, "k", &i.to_string()).unwrap())
        .collect();
    let p = ListParams {
        max_keys: 2,
        ..Default::default()
    };
    let page = e.list_object_versions(B, &p, "", None).unwrap();
    assert_eq!(page.next_version_id_marker, ids[3]);
    del(&mut e, "k", Some(&ids[3]));
    let page2 = e
        .list_object_versions(B, &p, "k", Some(VersionId::parse(&ids[3]).unwrap()))
        .unwrap();
    assert_eq!(
        page2
            .items
            .iter()
            .map(|i| i.version_id().to_string())
            .collect::<Vec<_>>(),
        vec![ids[2].clone(), ids[1].clone()]
    );
}

#[test]
fn list_objects_prefix_delimiter_and_markers() {
    let mut e = engine();
    enable(&mut e);
    for k in ["a.txt", "dir/1", "dir/2", "dir/sub/3", "gone/x", "z"] {
        put(&mut e, k, "x");
    }
    del(&mut e, "gone/x", None);
    let p = ListParams {
        delimiter: "/".into(),
        max_keys: 100,
        ..Default::default()
    };
    let page = e.list_objects(B, &p, "").unwrap();
    assert_eq!(
        page.objects
            .iter()
            .map(|o| o.key.as_str())
            .collect::<Vec<_>>(),
        vec!["a.txt", "z"]
    );
    assert_eq!(
        page.common_prefixes,
        vec!["dir/"],
        "gone/ only holds a delete marker"
    );
    let p2 = ListParams {
        prefix: "dir/".into(),
        delimiter: "/".into(),
        max_keys: 100,
    };
    let page = e.list_objects(B, &p2, "").unwrap();
    assert_eq!(
        page.objects
            .iter()
            .map(|o| o.key.as_str())
            .collect::<Vec<_>>(),
        vec!["dir/1", "dir/2"]
    );
    assert_eq!(page.common_prefixes, vec!["dir/sub/"]);
    // Paging one at a time, with the prefix as a marker.
    let one = ListParams {
        delimiter: "/".into(),
        max_keys: 1,
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut marker = String::new();
    loop {
        let page = e.list_objects(B, &one, &marker).unwrap();
        seen.extend(page.objects.iter().map(|o| o.key.clone()));
        seen.extend(page.common_prefixes.iter().cloned());
        match page.next_marker {
            Some(m) => marker = m,
            None => break,
        }
    }
    assert_eq!(seen, vec!["a.txt", "dir/", "z"]);
    // V2 with tokens gives the same.
    let mut seen2 = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = e.list_objects_v2(B, &one, token.as_deref(), "").unwrap();
        seen2.extend(page.objects.iter().map(|o| o.key.clone()));
        seen2.extend(page.common_prefixes.iter().cloned());
        match page.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    assert_eq!(seen, seen2);
    // The versions listing still shows the marker.
    assert!(versions(&e, "gone/").iter().any(|v| v.3));
}

#[test]
fn max_keys_validation() {
    use super::listing::validate_max_keys;
    assert_eq!(validate_max_keys(None, "max-keys").unwrap(), 100);
    assert_eq!(validate_max_keys(Some(""), "max-keys").unwrap(), 100);
    assert_eq!(validate_max_keys(Some("1000"), "max-keys").unwrap(), 1000);
    for bad in ["0", "1001", "-1", "abc", "99999999999999999999"] {
        assert_eq!(
            validate_max_keys(Some(bad), "max-keys"),
            Err(Error::InvalidMaxKeys {
                argument: "max-keys".into(),
                value: bad.into()
            })
        );
    }
}

// ---- archive & restore ---------------------------------------------------------------------

fn put_class(e: &mut Engine, key: &str, class: StorageClass) -> Option<String> {
    e.put_object(PutObject {
        bucket: B.into(),
        key: key.into(),
        body: Arc::from(&b"cold data"[..]),
        storage_class: Some(class),
        ..Default::default()
    })
    .unwrap()
    .version_id
}

fn restore(
    e: &mut Engine,
    key: &str,
    days: Option<u32>,
    tier: Option<Tier>,
) -> Result<RestoreEffect> {
    e.restore_object(
        B,
        key,
        None,
        RestoreRequest {
            days,
            tier,
            job_parameters: tier.is_some(),
        },
    )
    .map(|r| r.effect)
}

#[test]
fn archive_restore_lifecycle_at_the_second() {
    let mut e = engine();
    put_class(&mut e, "a", StorageClass::Archive);
    assert!(matches!(get(&e, "a", None), Err(Error::ObjectFrozen)));
    assert!(
        e.head_object(B, "a", None, &Conditions::default()).is_ok(),
        "HEAD works on frozen objects"
    );
    let t = e.now();
    assert_eq!(restore(&mut e, "a", None, None), Ok(RestoreEffect::Started));
    assert!(matches!(
        restore(&mut e, "a", None, None),
        Err(Error::RestoreAlreadyInProgress)
    ));
    e.set_now(t + MINUTE - SECOND);
    assert!(matches!(
        e.head_object(B, "a", None, &Conditions::default())
            .unwrap()
            .restore,
        RestoreStatus::InProgress { .. }
    ));
    assert_eq!(get(&e, "a", None), Err(Error::ObjectFrozen));
    e.set_now(t + MINUTE);
    let head = e.head_object(B, "a", None, &Conditions::default()).unwrap();
    assert_eq!(
        head.restore,
        RestoreStatus::Restored {
            expires: t + MINUTE + DAY
        }
    );
    assert_eq!(get(&e, "a", None).unwrap(), "cold data");
    e.set_now(t + MINUTE + DAY - SECOND);
    assert!(get(&e, "a", None).is_ok());
    e.set_now(t + MINUTE + DAY);
    assert!(matches!(get(&e, "a", None), Err(Error::ObjectFrozen)));
    assert_eq!(
        e.head_object(B, "a", None, &Conditions::default())
            .unwrap()
            .restore,
        RestoreStatus::Frozen
    );
    // A new restore after expiry starts over with 202.
    assert_eq!(
        restore(&mut e, "a", Some(2), None),
        Ok(RestoreEffect::Started)
    );
}

#[test]
fn restoring_a_restored_object_extends_it_capped() {
    let mut e = engine();
    put_class(&mut e, "a", StorageClass::Archive);
    let t = e.now();
    restore(&mut e, "a", Some(1), None).unwrap();
    e.set_now(t + MINUTE);
    assert_eq!(
        restore(&mut e, "a", Some(2), None),
        Ok(RestoreEffect::Extended)
    );
    let expires = |e: &Engine| match e
        .head_object(B, "a", None, &Conditions::default())
        .unwrap()
        .restore
    {
        RestoreStatus::Restored { expires } => expires,
        other => panic!("{other:?}"),
    };
    assert_eq!(expires(&e), t + MINUTE + 3 * DAY);
    for _ in 0..10 {
        restore(&mut e, "a", Some(7), None).unwrap();
    }
    assert_eq!(
        expires(&e),
        t + MINUTE + 7 * DAY,
        "capped at 7 days from now"
    );
}

#[test]
fn restore_argument_errors() {
    let mut e = engine();
    put_class(&mut e, "a", StorageClass::Archive);
    put_class(&mut e, "c", StorageClass::ColdArchive);
    put_class(&mut e, "d", StorageClass::DeepColdArchive);
    put_class(&mut e, "s", StorageClass::Standard);
    put_class(&mut e, "i", StorageClass::IA);
    assert_eq!(
        restore(&mut e, "a", Some(8), None),
        Err(Error::RestoreDaysOutOfRange {
            class: StorageClass::Archive
        })
    );
    assert_eq!(
        restore(&mut e, "a", Some(0), None),
        Err(Error::RestoreDaysOutOfRange {
            class: StorageClass::Archive
        })
    );
    assert_eq!(
        restore(&mut e, "c", Some(366), None),
        Err(Error::RestoreDaysOutOfRange {
            class: StorageClass::ColdArchive
        })
    );
    assert_eq!(
        restore(&mut e, "d", Some(1), Some(Tier::Bulk)),
        Err(Error::InvalidRestoreTier {
            tier: "Bulk".into()
        })
    );
    assert_eq!(
        restore(&mut e, "s", None, None),
        Err(Error::RestoreNotArchive)
    );
    assert_eq!(
        restore(&mut e, "i", None, None),
        Err(Error::RestoreNotArchive)
    );
    assert!(matches!(
        restore(&mut e, "missing", None, None),
        Err(Error::NoSuchKey { .. })
    ));
    assert_eq!(
        restore(&mut e, "c", Some(365), Some(Tier::Bulk)),
        Ok(RestoreEffect::Started)
    );
}

#[test]
fn cold_archive_tiers_raise_but_never_lower() {
    let mut e = engine();
    put_class(&mut e, "c", StorageClass::ColdArchive);
    let t = e.now();
    let r = e
        .restore_object(
            B,
            "c",
            None,
            RestoreRequest {
                days: Some(3),
                tier: Some(Tier::Standard),
                job_parameters: true,
            },
        )
        .unwrap();
    assert_eq!(
        (r.effect, r.priority),
        (RestoreEffect::Started, Some(Tier::Standard))
    );
    e.set_now(t + HOUR);
    assert_eq!(
        restore(&mut e, "c", None, Some(Tier::Bulk)),
        Err(Error::RestoreTierLowered)
    );
    assert_eq!(
        restore(&mut e, "c", None, Some(Tier::Standard)),
        Err(Error::RestoreAlreadyInProgress)
    );
    assert_eq!(
        restore(&mut e, "c", None, None),
        Err(Error::RestoreAlreadyInProgress)
    );
    assert_eq!(
        restore(&mut e, "c", None, Some(Tier::Expedited)),
        Ok(RestoreEffect::Raised)
    );
    // Expedited from now: done one hour later instead of at t + 5 h.
    e.set_now(t + 2 * HOUR - SECOND);
    assert!(get(&e, "c", None).is_err());
    e.set_now(t + 2 * HOUR);
    assert_eq!(get(&e, "c", None).unwrap(), "cold data");
    match e
        .head_object(B, "c", None, &Conditions::default())
        .unwrap()
        .restore
    {
        RestoreStatus::Restored { expires } => assert_eq!(expires, t + 2 * HOUR + 3 * DAY),
        other => panic!("{other:?}"),
    }
}

#[test]
fn clean_restored_object_three_outcomes() {
    let mut e = engine();
    put_class(&mut e, "c", StorageClass::ColdArchive);
    let stale = e.clean_restored_object(B, "c", None).unwrap_err();
    assert_eq!(stale, Error::ArchiveRestoreFileStale);
    let t = e.now();
    restore(&mut e, "c", Some(1), Some(Tier::Expedited)).unwrap();
    let busy = e.clean_restored_object(B, "c", None).unwrap_err();
    assert_eq!(busy, Error::ArchiveRestoreNotFinished);
    e.set_now(t + HOUR);
    assert!(get(&e, "c", None).is_ok());
    e.clean_restored_object(B, "c", None).unwrap();
    assert!(matches!(get(&e, "c", None), Err(Error::ObjectFrozen)));
    assert!(matches!(
        e.clean_restored_object(B, "c", None),
        Err(Error::ArchiveRestoreFileStale)
    ));
    put_class(&mut e, "s", StorageClass::Standard);
    assert!(matches!(
        e.clean_restored_object(B, "s", None),
        Err(Error::ArchiveRestoreFileStale)
    ));
}

#[test]
fn restore_by_version_and_copy_from_frozen() {
    let mut e = engine();
    enable(&mut e);
    let v1 = put_class(&mut e, "k", StorageClass::Archive).unwrap();
    put(&mut e, "k", "standard now");
    let copy = |e: &mut Engine| {
        e.copy_object(CopyObject {
            src_bucket: B.into(),
            src_key: "k".into(),
            src_version: Some(VersionId::parse(&v1).unwrap()),
            bucket: B.into(),
            key: "k".into(),
            ..Default::default()
        })
    };
    assert!(matches!(copy(&mut e), Err(Error::ObjectFrozen)));
    let r = e
        .restore_object(
            B,
            "k",
            Some(VersionId::parse(&v1).unwrap()),
            RestoreRequest::default(),
        )
        .unwrap();
    assert_eq!(r.version_id.as_deref(), Some(v1.as_str()));
    e.set_now(e.now() + MINUTE);
    let c = copy(&mut e).unwrap();
    assert_eq!(get(&e, "k", None).unwrap(), "cold data");
    let head = e.head_object(B, "k", None, &Conditions::default()).unwrap();
    assert_eq!(
        head.storage_class,
        StorageClass::Standard,
        "the copy takes the bucket's class"
    );
    assert_eq!(head.version_id, c.write.version_id);
}

// ---- lifecycle -----------------------------------------------------------------------------

use super::lifecycle::{ceil_midnight, Expiration, LifecycleConfig, Rule, When};

fn rule(id: &str) -> Rule {
    Rule {
        id: id.into(),
        enabled: true,
        ..Default::default()
    }
}

#[test]
fn lifecycle_due_exactly_at_midnight() {
    let mut e = engine();
    enable(&mut e);
    let created = e.now() + 1000;
    put(&mut e, "logs/a", "x");
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![Rule {
                prefix: "logs/".into(),
                expiration: Some(Expiration::When(When::Days(1))),
                ..rule("r1")
            }],
            set_at: 0,
        },
    )
    .unwrap();
    let due = ceil_midnight(created) + DAY;
    let head = e
        .head_object(B, "logs/a", None, &Conditions::default())
        .unwrap();
    assert_eq!(
        head.expiration,
        Some(lifecycle::ExpirationDue {
            at: due,
            rule_id: "r1".to_string()
        })
    );
    e.set_now(due - 1);
    assert!(get(&e, "logs/a", None).is_ok());
    e.set_now(due);
    assert!(matches!(
        get(&e, "logs/a", None),
        Err(Error::DeleteMarker { .. })
    ));
    let vs = versions(&e, "");
    assert_eq!(vs.len(), 2, "a delete marker on top, the data kept");
    assert!(vs[0].3);
}

#[test]
fn lifecycle_noncurrent_expiry_and_expired_markers_over_a_month() {
    let mut e = engine();
    enable(&mut e);
    put(&mut e, "k", "1");
    put(&mut e, "k", "2");
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![Rule {
                expiration: Some(Expiration::When(When::Days(10))),
                noncurrent_expiration_days: Some(3),
                ..rule("all")
            }],
            set_at: 0,
        },
    )
    .unwrap();
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![
                Rule {
                    expiration: Some(Expiration::When(When::Days(10))),
                    noncurrent_expiration_days: Some(3),
                    ..rule("all")
                },
                Rule {
                    expiration: Some(Expiration::ExpiredObjectDeleteMarker),
                    ..rule("markers")
                },
            ],
            set_at: 0,
        },
    )
    .unwrap();
    let start = e.now();
    // Jump a month in one go ...
    let mut jumped = e.clone();
    jumped.set_now(start + 30 * DAY);
    // ... and live through it day by day: the same state.
    let mut lived = e.clone();
    for d in 1..=30 * 24 {
        lived.set_now(start + d * HOUR);
    }
    assert_eq!(versions(&jumped, ""), versions(&lived, ""));
    // Version 1: noncurrent at creation of 2 → gone after 3 days. Version 2: expired at day
    // 10 (marker), gone 3 days later; the lone marker then expired the day after.
    assert!(versions(&jumped, "").is_empty());
}

#[test]
fn lifecycle_transitions_and_suspended_expiry() {
    let mut e = engine();
    enable(&mut e);
    put(&mut e, "k", "1");
    suspend(&mut e);
    put(&mut e, "k", "2");
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![Rule {
                transitions: vec![(When::Days(2), StorageClass::ColdArchive)],
                expiration: Some(Expiration::When(When::Days(5))),
                ..rule("t")
            }],
            set_at: 0,
        },
    )
    .unwrap();
    let start = e.now();
    e.set_now(start + 3 * DAY);
    let head = e.head_object(B, "k", None, &Conditions::default()).unwrap();
    assert_eq!(head.storage_class, StorageClass::ColdArchive);
    assert!(head.transition_time.is_some());
    e.set_now(start + 6 * DAY);
    let vs = versions(&e, "");
    // Suspended expiry: a null marker replaced the null version; the old id version stays.
    assert_eq!(vs.len(), 2);
    assert_eq!((vs[0].1.as_str(), vs[0].3), ("null", true));
}

#[test]
fn lifecycle_validation() {
    let mut e = engine();
    let bad = |r: Rule| {
        e.clone()
            .put_lifecycle(
                B,
                LifecycleConfig {
                    rules: vec![r],
                    set_at: 0,
                },
            )
            .unwrap_err()
    };
    let invalid = Error::InvalidLifecycle;
    assert_eq!(bad(rule("no-action")), invalid(LifecycleProblem::NoAction));
    assert_eq!(
        bad(Rule {
            expiration: Some(Expiration::When(When::Days(0))),
            ..rule("z")
        }),
        invalid(LifecycleProblem::ZeroDays)
    );
    assert_eq!(
        bad(Rule {
            expiration: Some(Expiration::When(When::CreatedBefore(T0))),
            ..rule("z")
        }),
        invalid(LifecycleProblem::CreatedBeforeNotMidnight)
    );
    assert_eq!(
        bad(Rule {
            expiration: Some(Expiration::When(When::Days(3))),
            transitions: vec![(When::Days(5), StorageClass::IA)],
            ..rule("z")
        }),
        invalid(LifecycleProblem::TransitionNotBeforeExpiration)
    );
    assert!(matches!(e.lifecycle(B), Err(Error::NoSuchLifecycle)));
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![Rule {
                abort_multipart: Some(When::Days(1)),
                ..rule("ok")
            }],
            set_at: 0,
        },
    )
    .unwrap();
    assert_eq!(e.lifecycle(B).unwrap().rules.len(), 1);
}

#[test]
fn lifecycle_aborts_stale_uploads() {
    let mut e = engine();
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![Rule {
                abort_multipart: Some(When::Days(1)),
                ..rule("ok")
            }],
            set_at: 0,
        },
    )
    .unwrap();
    let id = initiate(&mut e, "u");
    e.set_now(e.now() + 3 * DAY);
    assert!(matches!(
        e.abort_upload(B, "u", &id),
        Err(Error::NoSuchUpload { .. })
    ));
}

// ---- determinism and change tracking -------------------------------------------------------

#[test]
fn same_calls_same_ids() {
    let run = || {
        let mut e = engine();
        enable(&mut e);
        (0..5)
            .map(|i| put(&mut e, "k", &i.to_string()).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}

#[test]
fn changes_name_exactly_the_touched_records() {
    let mut e = engine();
    e.track_changes(true);
    suspend(&mut e);
    put(&mut e, "k", "1");
    put(&mut e, "k", "2");
    let changes = e.take_changes();
    assert_eq!(changes.len(), 4, "{changes:?}");
    assert!(
        matches!(changes[2], Change::EntryRemoved { .. }),
        "the old null entry"
    );
    assert!(e.take_changes().is_empty());
}

#[test]
fn archive_restore_refuses_job_parameters() {
    let mut e = engine();
    put_class(&mut e, "a", StorageClass::Archive);
    let err = e
        .restore_object(
            B,
            "a",
            None,
            RestoreRequest {
                days: Some(1),
                tier: None,
                job_parameters: true,
            },
        )
        .unwrap_err();
    assert_eq!(err, Error::RestoreTierOnArchive);
    assert_eq!(
        restore(&mut e, "a", Some(1), None),
        Ok(RestoreEffect::Started)
    );
}

#[test]
fn version_ids_on_a_never_versioned_bucket() {
    let mut e = engine();
    put(&mut e, "k", "x");
    // `null` names the plain object; any other id is refused before lookup.
    assert_eq!(get(&e, "k", Some("null")).unwrap(), "x");
    let id = VersionId::Id { ms: T0, seq: 1 }.render();
    let err = get(&e, "k", Some(&id)).unwrap_err();
    assert_eq!(
        err,
        Error::VersioningNotEnabled {
            version: VersionId::parse(&id).unwrap()
        }
    );
    // DELETE ?versionId=null on an unversioned bucket deletes the object, 204, no headers.
    assert_eq!(
        del(&mut e, "k", Some("null")),
        objects::DeleteResult::default()
    );
    assert!(matches!(get(&e, "k", None), Err(Error::NoSuchKey { .. })));
}

/// A long trip through time mixing a restore, a transition, a current-version expiration
/// and noncurrent expirations, checked against dates worked out by hand (OSS rounds each
/// reference time up to 00:00 UTC, then adds the rule's days).
#[test]
fn time_travel_matches_the_hand_worked_calendar() {
    const JAN1_10H: Millis = 1_767_261_600_000; // 2026-01-01T10:00:00Z
    const JAN: fn(i64) -> Millis = |day| 1_767_225_600_000 + (day - 1) * DAY; // 2026-01-DD 00:00Z
    let build = || {
        let mut e = Engine::new(JAN1_10H);
        e.create_bucket(B, StorageClass::Standard).unwrap();
        enable(&mut e);
        e.put_lifecycle(
            B,
            LifecycleConfig {
                rules: vec![Rule {
                    prefix: "logs/".into(),
                    transitions: vec![(When::Days(1), StorageClass::ColdArchive)],
                    expiration: Some(Expiration::When(When::Days(3))),
                    noncurrent_expiration_days: Some(2),
                    ..rule("logs")
                }],
                set_at: 0,
            },
        )
        .unwrap();
        e.set_now(JAN1_10H); // no-op: the clock never runs backwards
        let v1 = e
            .put_object(PutObject {
                bucket: B.into(),
                key: "logs/a".into(),
                body: Arc::from(&b"v1"[..]),
                ..Default::default()
            })
            .unwrap()
            .version_id
            .unwrap();
        put_class(&mut e, "data/x", StorageClass::Archive);
        restore(&mut e, "data/x", Some(2), None).unwrap(); // done 10:01, expires Jan 3 10:01
        e.set_now(JAN1_10H + HOUR);
        let v2 = e
            .put_object(PutObject {
                bucket: B.into(),
                key: "logs/a".into(),
                body: Arc::from(&b"v2"[..]),
                ..Default::default()
            })
            .unwrap()
            .version_id
            .unwrap();
        (e, v1, v2)
    };
    let (mut e, v1, v2) = build();
    let class = |e: &Engine, v: &str| {
        e.head_object(
            B,
            "logs/a",
            Some(VersionId::parse(v).unwrap()),
            &Conditions::default(),
        )
        .map(|h| (h.storage_class, h.transition_time))
    };
    let x_readable = |e: &Engine| get(e, "data/x", None).is_ok();

    e.set_now(JAN(2) + 12 * HOUR);
    assert!(x_readable(&e), "restored copy readable on Jan 2");
    assert_eq!(class(&e, &v2).unwrap(), (StorageClass::Standard, None));

    e.set_now(JAN(3) + 10 * HOUR);
    // v2 went to Cold Archive at Jan 2 00:00 + 1 day.
    assert_eq!(
        class(&e, &v2).unwrap(),
        (StorageClass::ColdArchive, Some(JAN(3)))
    );
    assert!(class(&e, &v1).is_ok(), "v1 lives until Jan 4");
    assert!(x_readable(&e), "restore expires at 10:01");
    e.set_now(JAN(3) + 10 * HOUR + MINUTE);
    assert!(!x_readable(&e));

    e.set_now(JAN(4));
    assert_eq!(
        class(&e, &v1),
        Err(Error::NoSuchVersion {
            key: "logs/a".into(),
            version: VersionId::parse(&v1).unwrap()
        }),
        "noncurrent since Jan 1 11:00 → Jan 2 + 2 days"
    );

    e.set_now(JAN(5));
    let vs = versions(&e, "logs/");
    assert_eq!(vs.len(), 2, "a marker on top of v2 at Jan 2 + 3 days");
    assert!(vs[0].3 && vs[0].2);
    assert_eq!(vs[1].1, v2);

    e.set_now(JAN(7) - 1);
    assert_eq!(versions(&e, "logs/").len(), 2);
    e.set_now(JAN(7));
    let vs = versions(&e, "logs/");
    assert_eq!(
        vs.len(),
        1,
        "v2 noncurrent since Jan 5 00:00 → gone Jan 7; the marker stays"
    );
    assert!(vs[0].3);

    // One jump from the start to Jan 10 ends in exactly the same state.
    let (mut jumped, _, _) = build();
    jumped.set_now(JAN(10));
    e.set_now(JAN(10));
    assert_eq!(versions(&jumped, ""), versions(&e, ""));
    assert_eq!(x_readable(&jumped), x_readable(&e));
}

#[test]
fn complete_judges_the_order_before_the_parts() {
    let mut e = engine();
    let id = initiate(&mut e, "k");
    let p1 = e
        .upload_part(B, "k", &id, 1, Arc::from(&b"x"[..]), None)
        .unwrap();
    let list = vec![
        CompletePart {
            part_number: 2, // never uploaded
            etag: hex::encode_upper(p1.etag),
        },
        CompletePart {
            part_number: 1,
            etag: hex::encode_upper(p1.etag),
        },
    ];
    let err = e
        .complete_upload(B, "k", &id, PartSelection::Listed(list), PutMode::Overwrite)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidPartOrder));
}
