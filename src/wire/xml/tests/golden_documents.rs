//! Goldens of single documents (multipart, copy, location, versioning, error, bucket info)
//! against real OSS responses.

use super::*;

// ----- byte-exact goldens: real OSS responses captured in aliyun-oss-python-sdk
// ----- unittests/test_multipart.py, test_object.py and test_bucket.py; their
// ----- Content-Length headers pin down indentation and the trailing newline.

#[test]
fn golden_initiate_multipart_upload_exact_bytes() {
    let got = doc(&InitiateMultipartUploadResult {
        encoding_type: None,
        bucket: "ming-oss-share".into(),
        key: "uosvelpvgjwtxaciqtxoplnx".into(),
        upload_id: "97BD544A65DB46F9A8735C93917A960F".into(),
    });
    let want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<InitiateMultipartUploadResult>\n\
\x20 <Bucket>ming-oss-share</Bucket>\n\
\x20 <Key>uosvelpvgjwtxaciqtxoplnx</Key>\n\
\x20 <UploadId>97BD544A65DB46F9A8735C93917A960F</UploadId>\n\
</InitiateMultipartUploadResult>\n";
    assert_eq!(got, want);
    assert_eq!(got.len(), 232); // Content-Length of the capture
}

#[test]
fn golden_complete_multipart_upload_exact_bytes() {
    let got = doc(&CompleteMultipartUploadResult {
        encoding_type: None,
        location: "http://ming-oss-share.oss-cn-hangzhou.aliyuncs.com/pasncdoyuvuvuiyewfsobdwn"
            .into(),
        bucket: "ming-oss-share".into(),
        key: "pasncdoyuvuvuiyewfsobdwn".into(),
        etag: "\"1C787C506EABFB9B45EAAA8DB039F4B2-2\"".into(),
    });
    let want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<CompleteMultipartUploadResult>\n\
\x20 <Location>http://ming-oss-share.oss-cn-hangzhou.aliyuncs.com/pasncdoyuvuvuiyewfsobdwn</Location>\n\
\x20 <Bucket>ming-oss-share</Bucket>\n\
\x20 <Key>pasncdoyuvuvuiyewfsobdwn</Key>\n\
\x20 <ETag>\"1C787C506EABFB9B45EAAA8DB039F4B2-2\"</ETag>\n\
</CompleteMultipartUploadResult>\n";
    assert_eq!(got, want);
    assert_eq!(got.len(), 327);
}

#[test]
fn golden_copy_results_exact_bytes() {
    let part = doc(&CopyPartResult {
        last_modified: "2015-12-12T00:36:26.000Z".into(),
        etag: "\"4DE8075FB607DF4D13FBC480EA488EFA\"".into(),
    });
    assert_eq!(
        part,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyPartResult>\n  \
<LastModified>2015-12-12T00:36:26.000Z</LastModified>\n  \
<ETag>\"4DE8075FB607DF4D13FBC480EA488EFA\"</ETag>\n</CopyPartResult>\n"
    );
    assert_eq!(part.len(), 180);

    let obj = doc(&CopyObjectResult {
        etag: "\"164F32EF262006C5EE6C8D1AA30DD2CD\"".into(),
        last_modified: "2015-12-12T00:37:53.000Z".into(),
    });
    assert_eq!(
        obj,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult>\n  \
<ETag>\"164F32EF262006C5EE6C8D1AA30DD2CD\"</ETag>\n  \
<LastModified>2015-12-12T00:37:53.000Z</LastModified>\n</CopyObjectResult>\n"
    );
    assert_eq!(obj.len(), 184);
}

#[test]
fn golden_location_constraint_exact_bytes() {
    let got = doc(&LocationConstraint {
        location: "oss-cn-hangzhou".into(),
    });
    assert_eq!(
        got,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<LocationConstraint>oss-cn-hangzhou</LocationConstraint>\n"
    );
    assert_eq!(got.len(), 96);
    let back: LocationConstraint = parse_request(got.as_bytes()).unwrap();
    assert_eq!(back.location, "oss-cn-hangzhou");
}

#[test]
fn golden_versioning_configuration() {
    // GetBucketVersioning doc: never-versioned bucket, Content-Length 74.
    let none = versioning_configuration_xml(None);
    assert_eq!(
        none,
        br#"<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"/>"#
    );
    assert_eq!(none.len(), 74);
    let parsed: VersioningConfiguration = parse_request(&none).unwrap();
    assert_eq!(parsed.status, None);

    let enabled = String::from_utf8(versioning_configuration_xml(Some("Enabled"))).unwrap();
    assert_eq!(
        norm(&enabled),
        norm(
            r#"<?xml version="1.0" encoding="UTF-8"?>
                <VersioningConfiguration>
                    <Status>Enabled</Status>
                </VersioningConfiguration>"#
        )
    );
    // The generic writer self-closes a childless root.
    assert_eq!(
        doc(&VersioningConfiguration::default()),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration/>\n"
    );
}

#[test]
fn golden_error_bodies() {
    // seed 003 (CleanRestoredObject doc), 409 ArchiveRestoreFileStale.
    let seed = r#"<?xml version="1.0" encoding="UTF-8"?>
      <Error>
        <Code>ArchiveRestoreFileStale</Code>
        <Message>The archive file or restore info stale</Message>
        <RequestId>5374A2880232A65C2300****</RequestId>
        <HostId>10.101.XX.XX</HostId>
      </Error>"#;
    let e = ErrorResponse::new(
        "ArchiveRestoreFileStale",
        "The archive file or restore info stale",
        "5374A2880232A65C2300****",
        "10.101.XX.XX",
    );
    assert_eq!(norm(&doc(&e)), norm(seed));
    assert_eq!(from_xml::<ErrorResponse>(seed.as_bytes()).unwrap(), e);

    // gov2 oss/api_op_object_test.go: extra element between HostId and EC.
    let malformed = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>MalformedXML</Code>
  <Message>The XML you provided was not well-formed or did not validate against our published schema.</Message>
  <RequestId>6555AC764311A73931E0****</RequestId>
  <HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId>
  <ErrorDetail>the root node is not named Delete.</ErrorDetail>
  <EC>0016-00000608</EC>
  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=0016-00000608</RecommendDoc>
</Error>"#;
    let detail = XmlError::WrongRoot {
        expected: "Delete".into(),
        found: "Remove".into(),
    }
    .detail();
    let e = ErrorResponse::new(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema.",
            "6555AC764311A73931E0****",
            "bucket.oss-cn-hangzhou.aliyuncs.com",
        )
        .with_extra("ErrorDetail", &detail)
        .with_ec("0016-00000608");
    assert_eq!(norm(&doc(&e)), norm(malformed));
    let back: ErrorResponse = from_xml(malformed.as_bytes()).unwrap();
    assert_eq!(back, e);
    assert_eq!(
        back.extra("ErrorDetail"),
        Some("the root node is not named Delete.")
    );

    // Escaping of text values.
    let x = doc(&ErrorResponse::new("C", "a < b & \"c\"", "R", "H"));
    assert!(x.contains("<Message>a &lt; b &amp; \"c\"</Message>"), "{x}");
}

#[test]
fn golden_bucket_info() {
    // GetBucketInfo doc sample as in oss2 unittests/test_xml_utils.py, plus Versioning.
    let sample = r#"<?xml version="1.0" encoding="UTF-8"?>
        <BucketInfo>
            <Bucket>
                <CreationDate>2013-07-31T10:56:21.000Z</CreationDate>
                <ExtranetEndpoint>oss-cn-hangzhou.aliyuncs.com</ExtranetEndpoint>
                <IntranetEndpoint>oss-cn-hangzhou-internal.aliyuncs.com</IntranetEndpoint>
                <Location>oss-cn-hangzhou</Location>
                <StorageClass>IA</StorageClass>
                <Name>oss-example</Name>
                <Owner>
                    <DisplayName>username</DisplayName>
                    <ID>27183473914****</ID>
                </Owner>
                <AccessControlList>
                    <Grant>private</Grant>
                </AccessControlList>
                <Versioning>Enabled</Versioning>
            </Bucket>
        </BucketInfo>"#;
    let v = BucketInfo {
        bucket: BucketInfoBucket {
            creation_date: "2013-07-31T10:56:21.000Z".into(),
            extranet_endpoint: "oss-cn-hangzhou.aliyuncs.com".into(),
            intranet_endpoint: "oss-cn-hangzhou-internal.aliyuncs.com".into(),
            location: "oss-cn-hangzhou".into(),
            storage_class: "IA".into(),
            name: "oss-example".into(),
            owner: BucketInfoOwner {
                display_name: "username".into(),
                id: "27183473914****".into(),
            },
            access_control_list: AccessControlList {
                grant: "private".into(),
            },
            versioning: Some("Enabled".into()),
            ..Default::default()
        },
    };
    assert_eq!(norm(&doc(&v)), norm(sample));
    assert_eq!(from_xml::<BucketInfo>(sample.as_bytes()).unwrap(), v);
    let mut never = v.clone();
    never.bucket.versioning = None;
    assert!(!doc(&never).contains("<Versioning"));
}
