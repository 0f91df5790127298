//! AppendObject rules: positions, types, CRC, metadata on the first append only, and the
//! versioning rules of the AppendObject doc.

use std::sync::Arc;

use super::*;
use crate::engine::objects::{Conditions, PutObject};
use crate::engine::{Engine, ObjectType, StorageClass, VersionId, Versioning};

const B: &str = "lab";
const T0: i64 = 1_763_800_000_000;

fn engine(v: Versioning) -> Engine {
    let mut e = Engine::new(T0);
    e.create_bucket(B, StorageClass::Standard).unwrap();
    if v != Versioning::Unversioned {
        e.set_versioning(B, v).unwrap();
    }
    e
}

fn append(e: &mut Engine, key: &str, pos: u64, body: &str) -> Result<AppendResult> {
    e.set_now(e.now() + 1000);
    e.append_object(AppendObject {
        bucket: B.into(),
        key: key.into(),
        position: pos,
        body: Arc::from(body.as_bytes()),
        ..Default::default()
    })
}

fn body(e: &Engine, key: &str, v: Option<&str>) -> Result<String> {
    let v = v.map(|v| VersionId::parse(v).unwrap());
    e.get_object(B, key, v, &Conditions::default(), None)
        .map(|r| String::from_utf8(r.bytes().to_vec()).unwrap())
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

fn version_count(e: &Engine, key: &str) -> usize {
    e.bucket(B).unwrap().stack(key).map_or(0, |s| s.len())
}

#[test]
fn appends_grow_one_object_with_crc_of_the_whole() {
    let mut e = engine(Versioning::Unversioned);
    let r = append(&mut e, "log", 0, "hello ").unwrap();
    assert_eq!((r.next_position, r.created, r.version_id), (6, true, None));
    assert_eq!(r.crc64, integrity::crc64(b"hello "));
    let r2 = append(&mut e, "log", 6, "world").unwrap();
    assert_eq!(r2.next_position, 11);
    assert!(!r2.created);
    assert_eq!(r2.crc64, integrity::crc64(b"hello world"));
    assert_ne!(r.etag, r2.etag);
    // Not the MD5 of the content (OSS: unique but not MD5).
    assert_ne!(r2.etag, Etag::Md5(integrity::md5(b"hello world")));
    assert_eq!(body(&e, "log", None).unwrap(), "hello world");
    let head = e
        .head_object(B, "log", None, &Conditions::default())
        .unwrap();
    assert_eq!(head.object_type, ObjectType::Appendable);
    assert_eq!(head.size, 11);
    // Every append moves Last-Modified.
    assert_eq!(head.last_modified, e.now());
    assert_eq!(version_count(&e, "log"), 1);
}

#[test]
fn wrong_position_reports_the_current_length() {
    let mut e = engine(Versioning::Unversioned);
    let err = append(&mut e, "k", 3, "x").unwrap_err();
    assert_eq!(err, Error::PositionNotEqualToLength { length: 0 });
    append(&mut e, "k", 0, "abc").unwrap();
    for pos in [0, 2, 4] {
        let err = append(&mut e, "k", pos, "x").unwrap_err();
        assert_eq!(err, Error::PositionNotEqualToLength { length: 3 });
    }
    assert_eq!(body(&e, "k", None).unwrap(), "abc");
}

#[test]
fn normal_multipart_and_symlink_objects_are_not_appendable() {
    let mut e = engine(Versioning::Unversioned);
    put(&mut e, "n", "abc");
    let err = append(&mut e, "n", 3, "x").unwrap_err();
    assert_eq!(err, Error::ObjectNotAppendable);
    // Position 0 on a Normal object is not a way to replace it either.
    assert_eq!(
        append(&mut e, "n", 0, "x").unwrap_err(),
        Error::ObjectNotAppendable
    );
    e.put_symlink(crate::engine::symlink::PutSymlink {
        bucket: B.into(),
        key: "l".into(),
        target: "n".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        append(&mut e, "l", 0, "x").unwrap_err(),
        Error::ObjectNotAppendable
    );
    assert_eq!(body(&e, "n", None).unwrap(), "abc");
}

#[test]
fn empty_append_changes_nothing() {
    let mut e = engine(Versioning::Unversioned);
    let r = append(&mut e, "k", 0, "abc").unwrap();
    let before = e.head_object(B, "k", None, &Conditions::default()).unwrap();
    let r2 = append(&mut e, "k", 3, "").unwrap();
    assert_eq!(
        (r2.next_position, &r2.etag, r2.crc64),
        (3, &r.etag, r.crc64)
    );
    let after = e.head_object(B, "k", None, &Conditions::default()).unwrap();
    assert_eq!(before.last_modified, after.last_modified);
}

#[test]
fn metadata_and_class_come_from_the_first_append_only() {
    let mut e = engine(Versioning::Unversioned);
    let meta = ObjectMeta {
        content_type: Some("text/plain".into()),
        ..Default::default()
    };
    e.append_object(AppendObject {
        bucket: B.into(),
        key: "k".into(),
        body: Arc::from(&b"a"[..]),
        meta,
        storage_class: Some(StorageClass::IA),
        ..Default::default()
    })
    .unwrap();
    let other = ObjectMeta {
        content_type: Some("image/png".into()),
        ..Default::default()
    };
    e.append_object(AppendObject {
        bucket: B.into(),
        key: "k".into(),
        position: 1,
        body: Arc::from(&b"b"[..]),
        meta: other,
        storage_class: Some(StorageClass::Archive),
        ..Default::default()
    })
    .unwrap();
    let head = e.head_object(B, "k", None, &Conditions::default()).unwrap();
    assert_eq!(head.meta.content_type.as_deref(), Some("text/plain"));
    assert_eq!(head.storage_class, StorageClass::IA);
}

#[test]
fn cold_classes_content_md5_and_the_size_limit() {
    let mut e = engine(Versioning::Unversioned);
    for class in [StorageClass::ColdArchive, StorageClass::DeepColdArchive] {
        let err = e
            .append_object(AppendObject {
                bucket: B.into(),
                key: "k".into(),
                body: Arc::from(&b"a"[..]),
                storage_class: Some(class),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err, Error::AppendStorageClass { class });
    }
    let err = e
        .append_object(AppendObject {
            bucket: B.into(),
            key: "k".into(),
            body: Arc::from(&b"a"[..]),
            content_md5: Some([0; 16]),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err, Error::DigestMismatch);
    assert!(e.bucket(B).unwrap().stack("k").is_none());
    // Archive is allowed (only the cold classes are refused).
    e.append_object(AppendObject {
        bucket: B.into(),
        key: "a".into(),
        body: Arc::from(&b"a"[..]),
        storage_class: Some(StorageClass::Archive),
        ..Default::default()
    })
    .unwrap();
    // The limit (5 GB in OSS; lowered here): reaching it is fine, passing it is refused
    // and leaves the object as it was.
    assert_eq!(e.settings().max_append_size, 5 * 1024 * 1024 * 1024);
    e.settings_mut().max_append_size = 4;
    assert_eq!(
        append(&mut e, "big", 0, "12345").unwrap_err(),
        Error::AppendTooLarge
    );
    append(&mut e, "big", 0, "123").unwrap();
    append(&mut e, "big", 3, "4").unwrap();
    let err = append(&mut e, "big", 4, "5").unwrap_err();
    assert_eq!(err, Error::AppendTooLarge);
    assert_eq!(body(&e, "big", None).unwrap(), "1234");
}

#[test]
fn versioned_appends_keep_one_version_id() {
    let mut e = engine(Versioning::Enabled);
    let r = append(&mut e, "k", 0, "a").unwrap();
    let id = r.version_id.clone().unwrap();
    let r2 = append(&mut e, "k", 1, "b").unwrap();
    assert_eq!(r2.version_id.as_deref(), Some(id.as_str()));
    assert_eq!(version_count(&e, "k"), 1);
    assert_eq!(body(&e, "k", Some(&id)).unwrap(), "ab");
}

#[test]
fn put_on_top_keeps_the_appendable_as_a_sealed_previous_version() {
    for v in [Versioning::Enabled, Versioning::Suspended] {
        let mut e = engine(Versioning::Enabled);
        let id = append(&mut e, "k", 0, "abc").unwrap().version_id.unwrap();
        e.set_versioning(B, v).unwrap();
        let top = put(&mut e, "k", "normal").unwrap();
        assert_eq!(version_count(&e, "k"), 2);
        assert_eq!(body(&e, "k", Some(&id)).unwrap(), "abc");
        // The current version is Normal: not appendable.
        assert_eq!(
            append(&mut e, "k", 6, "x").unwrap_err(),
            Error::ObjectNotAppendable
        );
        // Remove the version on top: the Appendable one is current again, but sealed.
        e.delete_object(B, "k", Some(VersionId::parse(&top).unwrap()))
            .unwrap();
        assert_eq!(body(&e, "k", None).unwrap(), "abc");
        assert_eq!(
            append(&mut e, "k", 3, "x").unwrap_err(),
            Error::ObjectNotAppendable
        );
        let head = e.head_object(B, "k", None, &Conditions::default()).unwrap();
        assert_eq!(head.object_type, ObjectType::Appendable);
    }
}

#[test]
fn delete_marker_then_a_new_appendable_version_at_zero() {
    let mut e = engine(Versioning::Enabled);
    let old = append(&mut e, "k", 0, "abc").unwrap().version_id.unwrap();
    e.set_now(e.now() + 1000);
    let marker = e.delete_object(B, "k", None).unwrap().version_id.unwrap();
    // A delete marker on top: only position 0 starts a new version.
    let err = append(&mut e, "k", 3, "x").unwrap_err();
    assert_eq!(err, Error::PositionNotEqualToLength { length: 0 });
    let new = append(&mut e, "k", 0, "new").unwrap();
    assert!(new.created);
    let new_id = new.version_id.unwrap();
    assert!(new_id != old && new_id != marker);
    assert_eq!(version_count(&e, "k"), 3);
    // The old one was sealed by the marker.
    e.delete_object(B, "k", Some(VersionId::parse(&new_id).unwrap()))
        .unwrap();
    e.delete_object(B, "k", Some(VersionId::parse(&marker).unwrap()))
        .unwrap();
    assert_eq!(
        append(&mut e, "k", 3, "x").unwrap_err(),
        Error::ObjectNotAppendable
    );
}

#[test]
fn unversioned_put_and_delete_replace_the_appendable() {
    let mut e = engine(Versioning::Unversioned);
    append(&mut e, "k", 0, "abc").unwrap();
    put(&mut e, "k", "n");
    assert_eq!(version_count(&e, "k"), 1);
    e.delete_object(B, "k", None).unwrap();
    assert!(append(&mut e, "k", 0, "fresh").unwrap().created);
}

#[test]
fn copy_of_an_appendable_is_normal_with_an_md5_etag() {
    let mut e = engine(Versioning::Unversioned);
    append(&mut e, "k", 0, "abc").unwrap();
    e.copy_object(crate::engine::objects::CopyObject {
        src_bucket: B.into(),
        src_key: "k".into(),
        bucket: B.into(),
        key: "c".into(),
        ..Default::default()
    })
    .unwrap();
    let head = e.head_object(B, "c", None, &Conditions::default()).unwrap();
    assert_eq!(head.object_type, ObjectType::Normal);
    assert_eq!(head.etag, Etag::Md5(integrity::md5(b"abc")));
}

#[test]
fn appends_are_recorded_as_changes_of_one_entry() {
    let mut e = engine(Versioning::Enabled);
    e.track_changes(true);
    append(&mut e, "k", 0, "a").unwrap();
    e.take_changes();
    append(&mut e, "k", 1, "b").unwrap();
    let changes = e.take_changes();
    assert_eq!(changes.len(), 1);
    // A put on top records the new entry and the sealed one.
    put(&mut e, "k", "n");
    assert_eq!(e.take_changes().len(), 2);
}

// ---- storage classes, lifecycle and forbid-overwrite (docs/fidelity.md §AppendObject) ------

/// The storage class of `key`'s entry `idx`, oldest first.
fn class_at(e: &Engine, key: &str, idx: usize) -> StorageClass {
    e.bucket(B)
        .unwrap()
        .stack(key)
        .unwrap()
        .entry_at(idx)
        .object()
        .unwrap()
        .storage_class
}

#[test]
fn a_cold_bucket_class_is_refused_for_a_new_appendable_object() {
    for class in [StorageClass::ColdArchive, StorageClass::DeepColdArchive] {
        let mut e = Engine::new(T0);
        e.create_bucket(B, class).unwrap();
        assert_eq!(
            append(&mut e, "log", 0, "a").unwrap_err(),
            Error::AppendStorageClass { class }
        );
        assert!(e.bucket(B).unwrap().stack("log").is_none());
        // Naming a class the object may have is the way to append in such a bucket.
        e.append_object(AppendObject {
            bucket: B.into(),
            key: "log".into(),
            body: Arc::from(&b"a"[..]),
            storage_class: Some(StorageClass::IA),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(class_at(&e, "log", 0), StorageClass::IA);
        append(&mut e, "log", 1, "b").unwrap();
    }
}

#[test]
fn lifecycle_moves_appendable_objects_to_archive_but_never_to_the_cold_classes() {
    use crate::engine::lifecycle::{LifecycleConfig, Rule, When};
    use crate::engine::DAY;
    let mut e = engine(Versioning::Enabled);
    append(&mut e, "open", 0, "a").unwrap();
    append(&mut e, "frozen", 0, "b").unwrap();
    put(&mut e, "frozen", "normal on top");
    put(&mut e, "plain", "normal");
    e.put_lifecycle(
        B,
        LifecycleConfig {
            rules: vec![Rule {
                id: "colder".into(),
                enabled: true,
                transitions: vec![
                    (When::Days(1), StorageClass::Archive),
                    (When::Days(3), StorageClass::ColdArchive),
                ],
                noncurrent_transitions: vec![
                    (1, StorageClass::Archive),
                    (3, StorageClass::DeepColdArchive),
                ],
                ..Default::default()
            }],
            set_at: 0,
        },
    )
    .unwrap();
    e.set_now(e.now() + 10 * DAY);
    // Archive is as far as an Appendable object goes, current or previous.
    assert_eq!(class_at(&e, "open", 0), StorageClass::Archive);
    assert_eq!(class_at(&e, "frozen", 0), StorageClass::Archive);
    // The Normal objects under the same rule go on to the cold classes.
    assert_eq!(class_at(&e, "frozen", 1), StorageClass::ColdArchive);
    assert_eq!(class_at(&e, "plain", 0), StorageClass::ColdArchive);
    // An Archive Appendable object is still appended to (writing needs no restore).
    let r = append(&mut e, "open", 1, "b").unwrap();
    assert_eq!(r.next_position, 2);
    assert_eq!(class_at(&e, "open", 0), StorageClass::Archive);
    e.set_now(e.now() + 10 * DAY);
    assert_eq!(class_at(&e, "open", 0), StorageClass::Archive);
}

#[test]
fn forbid_overwrite_protects_an_appendable_object_only_when_unversioned() {
    use crate::engine::error::WriteOp;
    use crate::engine::objects::PutMode;
    let put_create = |e: &mut Engine| {
        e.put_object(PutObject {
            bucket: B.into(),
            key: "log".into(),
            body: Arc::from(&b"new"[..]),
            mode: PutMode::Create,
            ..Default::default()
        })
    };
    let mut e = engine(Versioning::Unversioned);
    append(&mut e, "log", 0, "abc").unwrap();
    assert_eq!(
        put_create(&mut e).unwrap_err(),
        Error::ObjectExists {
            write: WriteOp::PutObject
        }
    );
    // Untouched and still appendable.
    append(&mut e, "log", 3, "d").unwrap();
    assert_eq!(body(&e, "log", None).unwrap(), "abcd");

    let mut e = engine(Versioning::Enabled);
    let first = append(&mut e, "log", 0, "abc").unwrap().version_id.unwrap();
    put_create(&mut e).unwrap();
    assert_eq!(version_count(&e, "log"), 2);
    assert_eq!(body(&e, "log", Some(&first)).unwrap(), "abc");
    let old = e.bucket(B).unwrap().stack("log").unwrap().entry_at(0);
    assert!(!old.object().unwrap().can_append(), "covered, so closed");
}
