//! Tests of the record layouts: round trips, and records written by earlier versions.

use super::*;
use crate::engine::acl::{BucketAcl, ObjectAcl};
use crate::engine::{Body, ObjectType, StorageClass};

#[test]
fn records_from_before_acls_and_tags_read_as_defaults() {
    let old = r#"{"body":"d41d8cd98f00b204e9800998ecf8427e-0","etag":"D41D8CD98F00B204E9800998ECF8427E","crc64":0,"object_type":"Normal","storage_class":"Standard","meta":{"content_type":null,"cache_control":null,"content_disposition":null,"content_encoding":null,"content_language":null,"expires":null,"user":{}}}"#;
    let rec: ObjectRecord = from_json(old).unwrap();
    assert_eq!((rec.acl, rec.tags.len()), (ObjectAcl::Default, 0));
    let bucket = r#"{"name":"b","created":0,"versioning":"Enabled","storage_class":"Standard","region":"cn-hangzhou"}"#;
    let b: BucketRecord = from_json(bucket).unwrap();
    let b = b.to_bucket().unwrap();
    assert_eq!((b.acl, b.cors), (BucketAcl::Private, None));
    let mut rec = rec;
    rec.acl = ObjectAcl::PublicRead;
    rec.tags = vec![("k".into(), "v".into())];
    let text = to_json(&rec);
    assert!(text.contains(r#""acl":"public-read""#), "{text}");
    assert_eq!(from_json::<ObjectRecord>(&text).unwrap(), rec);
}

/// CORS rules are stored as the engine's `CorsConfig`; the text earlier versions wrote (through
/// a field-for-field mirror, with the optional fields absent) still reads, and is written the
/// same way again.
#[test]
fn cors_rules_in_the_text_earlier_versions_wrote() {
    let written = r#"{"name":"b","created":0,"versioning":"Enabled","storage_class":"Standard","region":"cn-hangzhou","cors":{"rules":[{"allowed_origins":["*"],"allowed_methods":["GET","PUT"],"allowed_headers":["x-oss-meta-a"],"expose_headers":["ETag"],"max_age_seconds":60}],"response_vary":true}}"#;
    let b = from_json::<BucketRecord>(written)
        .unwrap()
        .to_bucket()
        .unwrap();
    let cors = b.cors.clone().unwrap();
    assert!(cors.response_vary);
    let rule = &cors.rules[0];
    assert_eq!(rule.allowed_methods, ["GET", "PUT"]);
    assert_eq!(rule.expose_headers, ["ETag"]);
    assert_eq!(rule.max_age_seconds, Some(60));
    let again = to_json(&BucketRecord::from_bucket(&b));
    assert!(
        again.contains(r#""cors":{"rules":[{"allowed_origins":["*"],"allowed_methods":["GET","PUT"],"allowed_headers":["x-oss-meta-a"],"expose_headers":["ETag"],"max_age_seconds":60}],"response_vary":true}"#),
        "{again}"
    );
    let sparse = r#"{"name":"b","created":0,"versioning":"Enabled","storage_class":"Standard","region":"cn-hangzhou","cors":{"rules":[{"allowed_origins":["*"],"allowed_methods":["GET"]}]}}"#;
    let b = from_json::<BucketRecord>(sparse)
        .unwrap()
        .to_bucket()
        .unwrap();
    let cors = b.cors.unwrap();
    assert!(!cors.response_vary);
    assert_eq!(cors.rules[0].max_age_seconds, None);
}

fn samples() -> Vec<ToolkitRecord> {
    let identity = IdentityRecord {
        v: RECORD_VERSION,
        name: "reader".into(),
        access_key_id: "LTAI-reader".into(),
        access_key_secret: "s3cret".into(),
        policies: vec![PolicyRecord {
            name: "read-only".into(),
            statements: vec![StatementRecord {
                effect: "Allow".into(),
                actions: vec!["oss:GetObject".into()],
                resources: vec!["acs:oss:*:*:lab/*".into()],
            }],
        }],
    };
    let plan = BackupPlanRecord {
        v: RECORD_VERSION,
        bucket: "lab".into(),
        every: 3_600_000,
        keep: 3,
        next_due: 7_200_000,
        next_id: 2,
    };
    let queue = ReplicationQueueRecord {
        v: RECORD_VERSION,
        next_task: 4,
        next_rule: 2,
        tasks: vec![],
    };
    let rules = ReplicationRecord {
        v: RECORD_VERSION,
        bucket: "lab".into(),
        rules: vec![],
    };
    let snapshot = SnapshotRecord {
        v: RECORD_VERSION,
        bucket: "lab".into(),
        id: 1,
        taken: 3_600_000,
        objects: vec![],
    };
    vec![
        ToolkitRecord::Identity(identity),
        ToolkitRecord::BackupPlan(plan),
        ToolkitRecord::ReplicationQueue(queue),
        ToolkitRecord::Replication(rules),
        ToolkitRecord::Snapshot(snapshot),
    ]
}

#[test]
fn toolkit_records_are_written_tag_first_and_read_back() {
    for rec in samples() {
        let text = to_json(&rec);
        // The decoder relies on this: the derived serializer writes `t` first.
        assert!(text.starts_with(r#"{"t":""#), "{text}");
        assert_eq!(from_json::<ToolkitRecord>(&text).unwrap(), rec, "{text}");
    }
}

#[test]
fn a_toolkit_record_without_its_tag_first_is_refused_not_misread() {
    let text = to_json(&samples()[1]); // {"t":"backup_plan","v":1,"bucket":"lab",...}
    let moved = text.replacen(r#""t":"backup_plan","#, "", 1).replacen(
        r#""bucket":"lab","#,
        r#""bucket":"lab","t":"backup_plan","#,
        1,
    );
    assert_ne!(moved, text);
    let err = from_json::<ToolkitRecord>(&moved).unwrap_err();
    assert!(
        err.to_string().contains("`t` is not its first key"),
        "{err}"
    );
    let unknown = text.replacen("backup_plan", "teleporter", 1);
    assert!(from_json::<ToolkitRecord>(&unknown).is_err());
    assert!(from_json::<ToolkitRecord>(r#"["t"]"#).is_err());
}

/// The `log` store and the cross-tab message hold change lists as every earlier version
/// wrote them (through the former `ChangeRecord` mirror): that exact text still reads as
/// [`Change`](crate::engine::Change)s and is what is written today.
#[test]
fn change_lists_written_by_earlier_versions_read_and_are_written_the_same() {
    use crate::engine::Change as C;
    let old = concat!(
        r#"[{"t":"bucket","bucket":"lab"},{"t":"bucket_removed","bucket":"lab"},"#,
        r#"{"t":"entry","bucket":"lab","key":"a.txt","seq":7},"#,
        r#"{"t":"entry_removed","bucket":"lab","key":"a.txt","seq":8},"#,
        r#"{"t":"upload","bucket":"lab","upload_id":"U1"},"#,
        r#"{"t":"upload_removed","bucket":"lab","upload_id":"U2"},"#,
        r#"{"t":"replication","bucket":"lab"},{"t":"replication_queue"},"#,
        r#"{"t":"identity","access_key_id":"AK1"},"#,
        r#"{"t":"identity_removed","access_key_id":"AK2"},"#,
        r#"{"t":"backup_plan","bucket":"lab"},{"t":"snapshot","bucket":"lab","id":3},"#,
        r#"{"t":"snapshot_removed","bucket":"lab","id":4}]"#
    );
    let (b, k) = (|| "lab".to_string(), || "a.txt".to_string());
    let all = vec![
        C::Bucket { bucket: b() },
        C::BucketRemoved { bucket: b() },
        C::Entry {
            bucket: b(),
            key: k(),
            seq: 7,
        },
        C::EntryRemoved {
            bucket: b(),
            key: k(),
            seq: 8,
        },
        C::Upload {
            bucket: b(),
            upload_id: "U1".into(),
        },
        C::UploadRemoved {
            bucket: b(),
            upload_id: "U2".into(),
        },
        C::Replication { bucket: b() },
        C::ReplicationQueue,
        C::Identity {
            access_key_id: "AK1".into(),
        },
        C::IdentityRemoved {
            access_key_id: "AK2".into(),
        },
        C::BackupPlan { bucket: b() },
        C::Snapshot { bucket: b(), id: 3 },
        C::SnapshotRemoved { bucket: b(), id: 4 },
    ];
    assert_eq!(from_json::<Vec<C>>(old).unwrap(), all);
    assert_eq!(to_json(&all), old);
    // Key order does not matter.
    let entry: C = from_json(r#"{"seq":7,"key":"a.txt","bucket":"lab","t":"entry"}"#).unwrap();
    assert_eq!(entry, all[2]);
    let err = from_json::<C>(r#"{"t":"entry","bucket":"lab","seq":7}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `key`"), "{err}");
    assert!(from_json::<C>(r#"{"t":"moved","bucket":"lab"}"#).is_err());
}

/// JSON records written before Appendable and Symlink versions existed have none of
/// their fields and still read.
#[test]
fn object_records_without_type_fields_still_read() {
    let old = r#"{"body":"5d41402abc4b2a76b9719d911017c592-5","etag":"5D41402ABC4B2A76B9719D911017C592","crc64":1,
            "object_type":"Normal","storage_class":"Standard","meta":{"content_type":null,
            "cache_control":null,"content_disposition":null,"content_encoding":null,
            "content_language":null,"expires":null,"user":{}}}"#;
    let r: ObjectRecord = serde_json::from_str(old).unwrap();
    assert_eq!(
        (r.appended, r.sealed, r.symlink_target.as_deref()),
        (None, false, None)
    );
    let body = |_: &str| Some(Body::from(&b"hello"[..]));
    let o = r.to_object(body, || "old".into()).unwrap();
    assert_eq!(o.detail, None);
    assert_eq!(ObjectRecord::from_object(&o), r);
    // A Symlink record must name its target.
    let mut link = r.clone();
    link.object_type = ObjectType::Symlink;
    assert!(link.to_object(body, || "link".into()).is_err());
    link.symlink_target = Some("t".into());
    let o = link.to_object(body, || "link".into()).unwrap();
    assert_eq!(o.symlink_target(), Some("t"));
    // An Appendable record keeps its append time and seal.
    let mut app = r;
    app.object_type = ObjectType::Appendable;
    app.appended = Some(42);
    app.sealed = true;
    let o = app.to_object(body, || "app".into()).unwrap();
    assert!(!o.can_append());
    assert_eq!(ObjectRecord::from_object(&o), app);
}

mod bill_tests {
    use super::*;
    use crate::engine::meter::{Cell, Line, MeterState};

    #[test]
    fn bill_records_round_trip_and_old_ones_read_with_defaults() {
        let rec = ToolkitRecord::Bill(BillRecord {
            v: RECORD_VERSION,
            bucket: "lab".into(),
            state: Box::new(MeterState {
                last: 42,
                // Beyond 2^64: stored as decimal text.
                storage: vec![Cell(
                    StorageClass::IA,
                    Line::Noncurrent,
                    u128::from(u64::MAX) * 3,
                )],
                put_requests: 7,
                ..Default::default()
            }),
        });
        let text = to_json(&rec);
        assert!(text.starts_with(r#"{"t":"bill""#), "{text}");
        assert_eq!(from_json::<ToolkitRecord>(&text).unwrap(), rec);
        assert_eq!(rec.id().key(), "bill/lab");
        // A record with only the fields of its first version.
        let old: ToolkitRecord = from_json(r#"{"t":"bill","v":1,"bucket":"b","last":5}"#).unwrap();
        let ToolkitRecord::Bill(b) = old else {
            panic!("not a bill")
        };
        assert_eq!(b.state.last, 5);
        assert!(b.state.storage.is_empty() && b.state.history.is_empty());
        assert!(!b.holds_gone());
    }

    #[test]
    fn a_keys_removed_versions_are_a_record_of_their_own() {
        let rec = ToolkitRecord::Gone(GoneRecord {
            v: RECORD_VERSION,
            bucket: "lab".into(),
            key: "dir/a b.txt".into(),
            gone: vec![Cell(StorageClass::Standard, Line::EarlyDeletion, 12)],
        });
        let text = to_json(&rec);
        assert!(text.starts_with(r#"{"t":"gone""#), "{text}");
        assert_eq!(from_json::<ToolkitRecord>(&text).unwrap(), rec);
        // Applied after the bucket's bill, which would otherwise reset it.
        let id = rec.id();
        assert_eq!(id.key(), "bill-gone/lab/dir/a b.txt");
        assert!(ToolkitId::Bill("zzz".into()) < id);
    }
}

/// Lifecycle rules are stored as the engine's `LifecycleConfig`; the text earlier versions
/// wrote (through a field-for-field mirror) still reads, and is written the same way again.
#[test]
fn lifecycle_rules_in_the_text_earlier_versions_wrote() {
    use crate::engine::lifecycle::{Expiration, LifecycleConfig, Rule, When};
    let lifecycle = r#""lifecycle":{"set_at":7,"rules":[{"id":"r1","prefix":"logs/","enabled":true,"not_prefix":"logs/keep/","not_tag":["keep","yes"],"expiration_as_date":false,"size_greater_than":10,"size_less_than":1000,"tags":[["t","1"]],"expiration":{"when":{"days":30}},"transitions":[[{"days":10},"IA"],[{"created_before":86400000},"Archive"]],"abort_multipart":{"days":3},"noncurrent_expiration_days":5,"noncurrent_transitions":[[2,"ColdArchive"]]},{"id":"r2","prefix":"","enabled":false,"not_prefix":null,"not_tag":null,"expiration_as_date":false,"size_greater_than":null,"size_less_than":null,"tags":[],"expiration":"expired_object_delete_marker","transitions":[],"abort_multipart":null,"noncurrent_expiration_days":null,"noncurrent_transitions":[]}]}"#;
    let written = format!(
        r#"{{"v":1,"name":"b","created":0,"versioning":"Unversioned","storage_class":"Standard","region":"cn-hangzhou",{lifecycle}}}"#
    );
    let b = from_json::<BucketRecord>(&written)
        .unwrap()
        .to_bucket()
        .unwrap();
    let expected = LifecycleConfig {
        set_at: 7,
        rules: vec![
            Rule {
                id: "r1".into(),
                prefix: "logs/".into(),
                enabled: true,
                not_prefix: Some("logs/keep/".into()),
                not_tag: Some(("keep".into(), "yes".into())),
                size_greater_than: Some(10),
                size_less_than: Some(1000),
                tags: vec![("t".into(), "1".into())],
                expiration: Some(Expiration::When(When::Days(30))),
                expiration_as_date: false,
                transitions: vec![
                    (When::Days(10), StorageClass::IA),
                    (When::CreatedBefore(86_400_000), StorageClass::Archive),
                ],
                abort_multipart: Some(When::Days(3)),
                noncurrent_expiration_days: Some(5),
                noncurrent_transitions: vec![(2, StorageClass::ColdArchive)],
            },
            Rule {
                id: "r2".into(),
                expiration: Some(Expiration::ExpiredObjectDeleteMarker),
                ..Rule::default()
            },
        ],
    };
    assert_eq!(b.lifecycle.as_ref(), Some(&expected));
    assert_eq!(to_json(&BucketRecord::from_bucket(&b)), written);
    // The first records had only the rule's core fields.
    let sparse = r#"{"name":"b","created":0,"versioning":"Enabled","storage_class":"Standard","region":"cn-hangzhou","lifecycle":{"set_at":0,"rules":[{"id":"old","prefix":"a/","enabled":true,"noncurrent_expiration_days":1}]}}"#;
    let b = from_json::<BucketRecord>(sparse)
        .unwrap()
        .to_bucket()
        .unwrap();
    let rule = &b.lifecycle.unwrap().rules[0];
    assert_eq!(
        (rule.id.as_str(), rule.noncurrent_expiration_days),
        ("old", Some(1))
    );
    assert_eq!((rule.expiration, rule.transitions.len()), (None, 0));
}
