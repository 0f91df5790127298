//! Reading request bodies (any child order, required children, malformed input) and the
//! writer's handling of text.

use super::*;

// ----- request bodies

#[test]
fn parse_versioning_configuration_requests() {
    // PutBucketVersioning doc sample.
    let doc_sample = br#"<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration>
    <Status>Enabled</Status>
</VersioningConfiguration>"#;
    let v: VersioningConfiguration = parse_request(doc_sample).unwrap();
    assert_eq!(v.status.as_deref(), Some("Enabled"));
    // oss2: no declaration, no whitespace.
    let oss2 = b"<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>";
    let v: VersioningConfiguration = parse_request(oss2).unwrap();
    assert_eq!(v.status.as_deref(), Some("Suspended"));
    // Bad values are passed through for the caller to reject.
    let v: VersioningConfiguration =
        parse_request(b"<VersioningConfiguration><Status>On</Status></VersioningConfiguration>")
            .unwrap();
    assert_eq!(v.status.as_deref(), Some("On"));
    let v: VersioningConfiguration = parse_request(b"<VersioningConfiguration/>").unwrap();
    assert_eq!(v.status, None);
    // Round trip through our own writer.
    let v2: VersioningConfiguration =
        parse_request(&versioning_configuration_xml(Some("Enabled"))).unwrap();
    assert_eq!(v2.status.as_deref(), Some("Enabled"));
}

#[test]
fn parse_delete_requests() {
    // oss2 to_batch_delete_objects_version_request shape.
    let body = br#"<Delete><Quiet>false</Quiet><Object><Key>a b/c.txt</Key><VersionId>CAEQJhiBgIDVmYrr1RYiIGE5ZmUxMjViZDIwYjQwY2I5ODA1YWIxNmIyNDNjYjk4</VersionId></Object><Object><Key>  spaced  </Key></Object><Object><Key>x&amp;y</Key><VersionId>null</VersionId></Object></Delete>"#;
    let d: DeleteRequest = parse_request(body).unwrap();
    assert_eq!(d.quiet, Some(false));
    assert_eq!(d.objects.len(), 3);
    assert_eq!(d.objects[0].key, "a b/c.txt");
    assert_eq!(
        d.objects[0].version_id.as_deref(),
        Some("CAEQJhiBgIDVmYrr1RYiIGE5ZmUxMjViZDIwYjQwY2I5ODA1YWIxNmIyNDNjYjk4")
    );
    assert_eq!(d.objects[1].key, "  spaced  ");
    assert_eq!(d.objects[1].version_id, None);
    assert_eq!(d.objects[2].key, "x&y");
    assert_eq!(d.objects[2].version_id.as_deref(), Some("null"));

    // DeleteMultipleObjects doc sample: declaration, indentation, Quiet last is fine too,
    // and Objects need not be adjacent.
    let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Delete xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">
  <Object>
    <Key>multipart.data</Key>
    <VersionId>CAEQNRiBgIDyz.6C0BYiIGQ2NWEwNmVhNTA3ZTQ3MzM5ODliYjM1ZTdjYjA4****</VersionId>
  </Object>
  <Quiet>true</Quiet>
  <Object>
    <Key> </Key>
    <VersionId></VersionId>
  </Object>
</Delete>"#;
    let d: DeleteRequest = parse_request(body).unwrap();
    assert_eq!(d.quiet, Some(true));
    assert_eq!(d.objects.len(), 2);
    assert_eq!(d.objects[1].key, " ");
    assert_eq!(d.objects[1].version_id.as_deref(), Some(""));
    let d: DeleteRequest = parse_request(b"<Delete><Quiet>TRUE</Quiet></Delete>").unwrap();
    assert_eq!((d.quiet, d.objects.len()), (Some(true), 0));

    // Our own serialization parses back.
    let req = DeleteRequest {
        quiet: Some(true),
        objects: vec![DeleteObjectEntry {
            key: "k".into(),
            version_id: Some("v".into()),
        }],
    };
    assert_eq!(
        parse_request::<DeleteRequest>(&to_xml_doc(&req)).unwrap(),
        req
    );

    // Object without Key, bad Quiet, wrong root.
    assert!(matches!(
        parse_request::<DeleteRequest>(
            b"<Delete><Object><VersionId>v</VersionId></Object></Delete>"
        ),
        Err(XmlError::Invalid(_))
    ));
    assert!(matches!(
        parse_request::<DeleteRequest>(b"<Delete><Quiet>yes</Quiet></Delete>"),
        Err(XmlError::Invalid(_))
    ));
    let err = parse_request::<DeleteRequest>(b"<Remove><Object><Key>k</Key></Object></Remove>")
        .unwrap_err();
    assert_eq!(err.detail(), "the root node is not named Delete.");
}

#[test]
fn parse_complete_multipart_upload_requests() {
    // oss2 unittests/test_multipart.py (request body as sent).
    let body = br#"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"4DE8075FB607DF4D13FBC480EA488EFA"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"AF947EC157726CEA88ED83B3C989063B"</ETag></Part></CompleteMultipartUpload>"#;
    let c: CompleteMultipartUpload = parse_request(body).unwrap();
    assert_eq!(
        c.parts,
        vec![
            CompletePart {
                part_number: 1,
                etag: "\"4DE8075FB607DF4D13FBC480EA488EFA\"".into()
            },
            CompletePart {
                part_number: 2,
                etag: "\"AF947EC157726CEA88ED83B3C989063B\"".into()
            },
        ]
    );
    // CompleteMultipartUpload doc sample style: declaration, indentation, ETag first.
    let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUpload>
    <Part>
        <ETag>"3349DC700140D7F86A0784842780****"</ETag>
        <PartNumber>5</PartNumber>
    </Part>
    <Part>
        <PartNumber>0</PartNumber>
        <ETag>8EFDA8BE206636A695359836FE0A****</ETag>
    </Part>
</CompleteMultipartUpload>"#;
    let c: CompleteMultipartUpload = parse_request(body).unwrap();
    assert_eq!(c.parts[0].part_number, 5);
    assert_eq!(c.parts[1].part_number, 0);
    assert_eq!(c.parts[1].etag, "8EFDA8BE206636A695359836FE0A****");
    assert_eq!(
        parse_request::<CompleteMultipartUpload>(&to_xml_doc(&c)).unwrap(),
        c
    );
    let empty: CompleteMultipartUpload =
        parse_request(b"<CompleteMultipartUpload></CompleteMultipartUpload>").unwrap();
    assert!(empty.parts.is_empty());

    for bad in [
            &b"<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>"[..],
            b"<CompleteMultipartUpload><Part><ETag>e</ETag></Part></CompleteMultipartUpload>",
            b"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
        ] {
            assert!(matches!(
                parse_request::<CompleteMultipartUpload>(bad),
                Err(XmlError::Invalid(_))
            ));
        }
}

#[test]
fn parse_restore_requests() {
    // RestoreObject doc sample / oss2 to_put_restore_config.
    let r: RestoreRequest = parse_request(
            b"<RestoreRequest><Days>2</Days><JobParameters><Tier>Standard</Tier></JobParameters></RestoreRequest>",
        )
        .unwrap();
    assert_eq!(r.days, Some(2));
    assert_eq!(r.tier(), Some("Standard"));
    assert!(r.unknown_elements.is_empty());
    // Only JobParameters (gov1 omits Days=0).
    let r: RestoreRequest = parse_request(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RestoreRequest>\n  <JobParameters>\n    <Tier>Bulk</Tier>\n  </JobParameters>\n</RestoreRequest>",
        )
        .unwrap();
    assert_eq!((r.days, r.tier()), (None, Some("Bulk")));
    // S3-style body: detectable (EC 0016-00000709).
    let r: RestoreRequest = parse_request(
            b"<RestoreRequest><Days>1</Days><GlacierJobParameters><Tier>Standard</Tier></GlacierJobParameters></RestoreRequest>",
        )
        .unwrap();
    assert_eq!(r.unknown_elements, vec!["GlacierJobParameters".to_string()]);
    assert_eq!(r.tier(), None);
    // Out-of-range values are the caller's business; non-numbers are not.
    let r: RestoreRequest =
        parse_request(b"<RestoreRequest><Days>-3</Days></RestoreRequest>").unwrap();
    assert_eq!(r.days, Some(-3));
    assert!(
        parse_request::<RestoreRequest>(b"<RestoreRequest><Days>two</Days></RestoreRequest>")
            .is_err()
    );
    // Our own serialization.
    let req = RestoreRequest {
        days: Some(3),
        job_parameters: Some(JobParameters {
            tier: Some("Expedited".into()),
        }),
        unknown_elements: vec![],
    };
    assert_eq!(
            norm(&String::from_utf8(to_xml_doc(&req)).unwrap()),
            norm(&format!(
                "{XML_DECLARATION}<RestoreRequest><Days>3</Days><JobParameters><Tier>Expedited</Tier></JobParameters></RestoreRequest>"
            ))
        );
}

#[test]
fn parse_create_bucket_configuration() {
    let c: CreateBucketConfiguration = parse_request(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<CreateBucketConfiguration>
    <StorageClass>Standard</StorageClass>
    <DataRedundancyType>LRS</DataRedundancyType>
</CreateBucketConfiguration>"#,
    )
    .unwrap();
    assert_eq!(c.storage_class.as_deref(), Some("Standard"));
    assert_eq!(c.data_redundancy_type.as_deref(), Some("LRS"));
    let c: CreateBucketConfiguration = parse_request(
        b"<CreateBucketConfiguration><StorageClass>IA</StorageClass></CreateBucketConfiguration>",
    )
    .unwrap();
    assert_eq!(
        (c.storage_class.as_deref(), c.data_redundancy_type),
        (Some("IA"), None)
    );
}

#[test]
fn parse_lifecycle_as_oss2_writes_it() {
    // Shape of oss2 xml_utils.to_put_bucket_lifecycle: Expiration, AbortMultipartUpload,
    // Transition (StorageClass before Days), Tag, Noncurrent*, Filter last;
    // ExpiredObjectDeleteMarker as Python's `True`.
    let body = br#"<LifecycleConfiguration><Rule><ID>r1</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>True</ExpiredObjectDeleteMarker></Expiration><AbortMultipartUpload><Days>3</Days></AbortMultipartUpload><Transition><StorageClass>IA</StorageClass><IsAccessTime>true</IsAccessTime><ReturnToStdWhenVisit>false</ReturnToStdWhenVisit><AllowSmallFile>false</AllowSmallFile><Days>30</Days></Transition><Transition><StorageClass>Archive</StorageClass><CreatedBeforeDate>2024-01-03T00:00:00.000Z</CreatedBeforeDate></Transition><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k2</Key><Value></Value></Tag><NoncurrentVersionExpiration><NoncurrentDays>5</NoncurrentDays></NoncurrentVersionExpiration><NoncurrentVersionTransition><NoncurrentDays>10</NoncurrentDays><StorageClass>ColdArchive</StorageClass><IsAccessTime>false</IsAccessTime></NoncurrentVersionTransition><Filter><ObjectSizeGreaterThan>500</ObjectSizeGreaterThan><ObjectSizeLessThan>64000</ObjectSizeLessThan><Not><Prefix>logs/tmp</Prefix><Tag><Key>keep</Key><Value>yes</Value></Tag></Not></Filter></Rule><Rule><ID>r2</ID><Prefix></Prefix><Status>Disabled</Status><Expiration><CreatedBeforeDate>2023-12-01T00:00:00.000Z</CreatedBeforeDate></Expiration><AbortMultipartUpload><CreatedBeforeDate>2023-12-01T00:00:00.000Z</CreatedBeforeDate></AbortMultipartUpload></Rule></LifecycleConfiguration>"#;
    let c: LifecycleConfiguration = parse_request(body).unwrap();
    assert_eq!(c.rules.len(), 2);
    let r = &c.rules[0];
    assert_eq!(r.id.as_deref(), Some("r1"));
    assert_eq!(r.prefix.as_deref(), Some("logs/"));
    assert_eq!(r.status, "Enabled");
    assert_eq!(
        r.expiration,
        Some(LifecycleExpiration {
            expired_object_delete_marker: Some(true),
            ..Default::default()
        })
    );
    assert_eq!(r.abort_multipart_upload.as_ref().unwrap().days, Some(3));
    assert_eq!(
        r.transitions,
        vec![
            LifecycleTransition {
                days: Some(30),
                created_before_date: None,
                storage_class: "IA".into(),
                is_access_time: Some(true),
                return_to_std_when_visit: Some(false),
                allow_small_file: Some(false),
            },
            LifecycleTransition {
                created_before_date: Some("2024-01-03T00:00:00.000Z".into()),
                storage_class: "Archive".into(),
                ..Default::default()
            },
        ]
    );
    assert_eq!(
        r.tags,
        vec![
            Tag {
                key: "k1".into(),
                value: "v1".into()
            },
            Tag {
                key: "k2".into(),
                value: "".into()
            }
        ]
    );
    assert_eq!(
        r.noncurrent_version_expiration,
        Some(NoncurrentVersionExpiration {
            noncurrent_days: Some(5)
        })
    );
    assert_eq!(
        r.noncurrent_version_transitions[0].noncurrent_days,
        Some(10)
    );
    assert_eq!(
        r.noncurrent_version_transitions[0].storage_class,
        "ColdArchive"
    );
    assert_eq!(
        r.noncurrent_version_transitions[0].is_access_time,
        Some(false)
    );
    let f = r.filter.as_ref().unwrap();
    assert_eq!(f.object_size_greater_than, Some(500));
    assert_eq!(f.object_size_less_than, Some(64000));
    assert_eq!(f.not[0].prefix.as_deref(), Some("logs/tmp"));
    assert_eq!(f.not[0].tag.as_ref().unwrap().key, "keep");
    let r2 = &c.rules[1];
    assert_eq!(r2.prefix.as_deref(), Some(""));
    assert_eq!(r2.status, "Disabled");
    assert_eq!(
        r2.expiration
            .as_ref()
            .unwrap()
            .created_before_date
            .as_deref(),
        Some("2023-12-01T00:00:00.000Z")
    );

    // Writing it back and parsing again gives the same configuration, with lower-case
    // booleans.
    let out = String::from_utf8(to_xml_doc(&c)).unwrap();
    assert!(out.contains("<ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker>"));
    assert_eq!(
        parse_request::<LifecycleConfiguration>(out.as_bytes()).unwrap(),
        c
    );
}

#[test]
fn parse_lifecycle_in_other_orders() {
    // gov2 marshals Status before ID and Expiration before Transition; repeated elements
    // need not be adjacent.
    let body = br#"<LifecycleConfiguration><Rule><Status>Enabled</Status><ID>rule</ID><Prefix>log/</Prefix><Transition><Days>30</Days><StorageClass>IA</StorageClass></Transition><Expiration><Days>3600</Days></Expiration><Transition><Days>60</Days><StorageClass>Archive</StorageClass></Transition></Rule></LifecycleConfiguration>"#;
    let c: LifecycleConfiguration = parse_request(body).unwrap();
    let r = &c.rules[0];
    assert_eq!(
        (r.status.as_str(), r.id.as_deref()),
        ("Enabled", Some("rule"))
    );
    assert_eq!(r.transitions.len(), 2);
    assert_eq!(r.transitions[1].storage_class, "Archive");
    assert_eq!(r.expiration.as_ref().unwrap().days, Some(3600));

    // PutBucketLifecycle doc sample for versioned buckets.
    let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<LifecycleConfiguration>
  <Rule>
    <ID>rule</ID>
    <Prefix></Prefix>
    <Status>Enabled</Status>
    <Expiration>
      <ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker>
    </Expiration>
    <NoncurrentVersionExpiration>
      <NoncurrentDays>5</NoncurrentDays>
    </NoncurrentVersionExpiration>
    <NoncurrentVersionTransition>
      <NoncurrentDays>10</NoncurrentDays>
      <StorageClass>IA</StorageClass>
    </NoncurrentVersionTransition>
  </Rule>
</LifecycleConfiguration>"#;
    let c: LifecycleConfiguration = parse_request(body).unwrap();
    let r = &c.rules[0];
    assert_eq!(
        r.expiration.as_ref().unwrap().expired_object_delete_marker,
        Some(true)
    );
    assert_eq!(r.noncurrent_version_transitions[0].storage_class, "IA");
    // Our output for it, whitespace-normalised, is the doc sample.
    assert_eq!(
        norm(&String::from_utf8(to_xml_doc(&c)).unwrap()),
        norm(std::str::from_utf8(body).unwrap())
    );
    // A GetBucketLifecycle response with AtimeBase parses too.
    let c: LifecycleConfiguration = parse_request(
            b"<LifecycleConfiguration><Rule><ID>a</ID><Prefix>p/</Prefix><Status>Enabled</Status><Transition><Days>30</Days><StorageClass>IA</StorageClass><IsAccessTime>true</IsAccessTime><ReturnToStdWhenVisit>false</ReturnToStdWhenVisit></Transition><AtimeBase>1631698332</AtimeBase></Rule></LifecycleConfiguration>",
        )
        .unwrap();
    assert_eq!(c.rules[0].atime_base, Some(1631698332));
    // Bad numbers / booleans are errors.
    assert!(parse_request::<LifecycleConfiguration>(
            b"<LifecycleConfiguration><Rule><Expiration><Days>ten</Days></Expiration></Rule></LifecycleConfiguration>"
        )
        .is_err());
    assert!(parse_request::<LifecycleConfiguration>(
            b"<LifecycleConfiguration><Rule><Expiration><ExpiredObjectDeleteMarker>1</ExpiredObjectDeleteMarker></Expiration></Rule></LifecycleConfiguration>"
        )
        .is_err());
    let empty: LifecycleConfiguration = parse_request(b"<LifecycleConfiguration/>").unwrap();
    assert!(empty.rules.is_empty());
}

#[test]
fn malformed_bodies_are_rejected() {
    let cases: &[&[u8]] = &[
        b"",
        b"   ",
        b"not xml",
        b"<Delete><Object><Key>k</Key></Object>",
        b"<Delete><Object><Key>k</Object></Delete>",
        b"<Delete></Delete><Delete></Delete>",
        b"<Delete></Delete>trailing",
        b"text<Delete></Delete>",
        b"<!DOCTYPE x [<!ENTITY a \"b\">]><Delete></Delete>",
        b"<Delete><Object><Key>&undefined;</Key></Object></Delete>",
        b"<Delete><Object><Key>\xff\xfe</Key></Object></Delete>",
        b"<Delete <Object/></Delete>",
    ];
    for body in cases {
        let r = parse_request::<DeleteRequest>(body);
        assert!(r.is_err(), "accepted {:?}", String::from_utf8_lossy(body));
    }
    assert!(matches!(
        from_xml::<DeleteRequest>(b"<Delete><Object><Key>k</Object></Delete>"),
        Err(XmlError::Syntax(_))
    ));
    // A BOM and an XML declaration are fine.
    let d: DeleteRequest = parse_request(
            b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Object><Key>k</Key></Object></Delete>",
        )
        .unwrap();
    assert_eq!(d.objects[0].key, "k");
    // from_xml does not care about the root name.
    let d: DeleteRequest = from_xml(b"<Whatever><Object><Key>k</Key></Object></Whatever>").unwrap();
    assert_eq!(d.objects.len(), 1);
    // Display / detail
    let e = XmlError::WrongRoot {
        expected: "Delete".into(),
        found: "X".into(),
    };
    assert_eq!(e.to_string(), "root element is <X>, expected <Delete>");
}

#[test]
fn parse_bool_accepts_python_spelling() {
    assert_eq!(parse_bool("true"), Some(true));
    assert_eq!(parse_bool("True"), Some(true));
    assert_eq!(parse_bool(" FALSE "), Some(false));
    assert_eq!(parse_bool("1"), None);
    assert_eq!(parse_bool(""), None);
}

#[test]
fn keys_are_written_verbatim() {
    // Without encoding-type=url OSS writes keys raw; the writer must not alter spaces,
    // leading/trailing whitespace or non-ASCII.
    let v = ListBucketResult {
        name: "b".into(),
        max_keys: 100,
        contents: vec![ObjectSummary {
            key: " a  b/中文.txt ".into(),
            etag: "\"E\"".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let xml = doc(&v);
    assert!(xml.contains("<Key> a  b/中文.txt </Key>"), "{xml}");
    let back: ListBucketResult = from_xml(xml.as_bytes()).unwrap();
    assert_eq!(back.contents[0].key, " a  b/中文.txt ");
    // V2 without fetch-owner: no Owner element.
    let v2 = ListBucketResultV2 {
        name: "b".into(),
        max_keys: 100,
        contents: vec![ObjectSummary::default()],
        key_count: 1,
        ..Default::default()
    };
    let xml = doc(&v2);
    assert!(!xml.contains("<Owner>"));
    assert!(!xml.contains("<Delimiter>"));
    assert!(xml
        .trim_end()
        .ends_with("<KeyCount>1</KeyCount>\n</ListBucketResult>"));
}
