//! What oss2's own integration suite (the `oss2-suite` stage of scripts/test) revealed, held in
//! place at the wire level: GetBucketInfo's elements and endpoints, ListBuckets' endpoints,
//! parameter checks, lifecycle validation and the V4 signing region. Each rule's source is in
//! docs/fidelity.md §Findings of the oss2 integration suite.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{error_doc, req, Lab, T0};
use osslab::engine::Engine;
use osslab::wire::auth::{sign_v4_header, Credentials, SignTarget};
use osslab::wire::http::WireResponse;
use osslab::wire::{Wire, WireConfig};

fn body(resp: &WireResponse) -> String {
    String::from_utf8(resp.body.to_vec()).unwrap()
}

/// The body without the indentation between tags.
fn compact(resp: &WireResponse) -> String {
    body(resp)
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .concat()
}

/// Status, Code and EC of an error response.
fn error(method: &str, resp: &WireResponse) -> (u16, String, String) {
    let doc = error_doc(method, resp).unwrap();
    (resp.status, doc.code, doc.ec.unwrap_or_default())
}

fn triple(status: u16, code: &str, ec: &str) -> (u16, String, String) {
    (status, code.to_string(), ec.to_string())
}

#[test]
fn get_bucket_info_sends_every_element_and_the_reached_endpoint() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/examplebucket"));
    let resp = lab.ok(req("GET", "/examplebucket").q("bucketInfo", ""));
    // Element order of the GetBucketInfo reference sample; the endpoints are the Host the
    // request reached; no Versioning element for a never-versioned bucket.
    let expected = concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "<BucketInfo><Bucket>",
        "<AccessMonitor>Disabled</AccessMonitor>",
        "<CreationDate>2025-01-01T00:00:00.000Z</CreationDate>",
        "<ExtranetEndpoint>127.0.0.1:9000</ExtranetEndpoint>",
        "<IntranetEndpoint>127.0.0.1:9000</IntranetEndpoint>",
        "<Location>oss-cn-hangzhou</Location>",
        "<StorageClass>Standard</StorageClass>",
        "<TransferAcceleration>Disabled</TransferAcceleration>",
        "<CrossRegionReplication>Disabled</CrossRegionReplication>",
        "<Name>examplebucket</Name>",
        "<Owner><DisplayName>1234567890123456</DisplayName><ID>1234567890123456</ID></Owner>",
        "<AccessControlList><Grant>private</Grant></AccessControlList>",
        "<DataRedundancyType>LRS</DataRedundancyType>",
        "<Comment></Comment>",
        "<ServerSideEncryptionRule><SSEAlgorithm>None</SSEAlgorithm></ServerSideEncryptionRule>",
        "</Bucket></BucketInfo>",
    );
    assert_eq!(compact(&resp), expected);

    lab.ok(req("PUT", "/examplebucket")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    let resp = lab.ok(req("GET", "/examplebucket").q("bucketInfo", ""));
    assert!(compact(&resp)
        .contains("<Comment></Comment><Versioning>Enabled</Versioning><ServerSideEncryptionRule>"));
}

#[test]
fn endpoints_follow_the_host_and_drop_a_virtual_hosted_bucket() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/photos"));
    let info = |lab: &mut Lab, host: &str, path: &str| {
        let mut r = req("GET", path).q("bucketInfo", "");
        r.0.headers.retain(|(k, _)| k != "host");
        body(&lab.ok(r.h("host", host)))
    };
    // Virtual-hosted through a real OSS name: the endpoint without the bucket's label.
    let b = info(&mut lab, "photos.oss-cn-hangzhou.aliyuncs.com", "/");
    assert!(b.contains("<ExtranetEndpoint>oss-cn-hangzhou.aliyuncs.com</ExtranetEndpoint>"));
    let b = info(&mut lab, "localhost:8080", "/photos");
    assert!(b.contains("<IntranetEndpoint>localhost:8080</IntranetEndpoint>"));

    // ListBuckets names the same endpoint for every bucket.
    lab.ok(req("PUT", "/videos"));
    let list = body(&lab.ok(req("GET", "/")));
    assert_eq!(
        list.matches("<ExtranetEndpoint>127.0.0.1:9000</ExtranetEndpoint>")
            .count(),
        2,
        "{list}"
    );
    assert!(!list.contains("aliyuncs.com"), "{list}");
}

#[test]
fn listing_parameters_over_1023_bytes_are_invalid_arguments() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    let long = "a".repeat(1024);
    for name in ["delimiter", "prefix", "key-marker"] {
        let r = req("GET", "/bkt").q("versions", "").q(name, &long);
        let resp = lab.send(&r);
        assert_eq!(
            error("GET", &resp),
            triple(400, "InvalidArgument", "0017-00000103"),
            "{name}"
        );
    }
    let resp = lab.send(&req("GET", "/bkt").q("delimiter", &long));
    assert_eq!(resp.status, 400, "ListObjects too");
    lab.ok(req("GET", "/bkt")
        .q("versions", "")
        .q("delimiter", &long[1..]));
}

#[test]
fn keys_starting_with_a_slash_or_backslash_are_invalid_object_names() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    for path in ["/bkt/%5Cinvalid-object-name", "/bkt//leading-slash"] {
        let resp = lab.send(&req("PUT", path).body("x"));
        assert_eq!(
            error("PUT", &resp),
            triple(400, "InvalidObjectName", "0016-00000005"),
            "{path}"
        );
    }
    let list = body(&lab.ok(req("GET", "/bkt")));
    assert!(!list.contains("<Contents>"), "nothing was stored: {list}");
    // A backslash inside a key is fine.
    lab.ok(req("PUT", "/bkt/dir%5Cname").body("x"));
}

fn lifecycle(rule_body: &str) -> String {
    format!(
        "<LifecycleConfiguration><Rule><ID>r</ID><Prefix>p/</Prefix><Status>Enabled</Status>\
         {rule_body}</Rule></LifecycleConfiguration>"
    )
}

#[test]
fn lifecycle_transitions_reach_colder_classes_later_and_count_time_one_way() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    let put = |lab: &mut Lab, rule: &str| {
        lab.send(&req("PUT", "/bkt").q("lifecycle", "").body(lifecycle(rule)))
    };
    let archive_first = "<Expiration><Days>6</Days></Expiration>\
        <Transition><Days>5</Days><StorageClass>IA</StorageClass></Transition>\
        <Transition><Days>2</Days><StorageClass>Archive</StorageClass></Transition>";
    let noncurrent_archive_first = "<NoncurrentVersionExpiration><NoncurrentDays>30</NoncurrentDays></NoncurrentVersionExpiration>\
        <NoncurrentVersionTransition><NoncurrentDays>20</NoncurrentDays><StorageClass>IA</StorageClass></NoncurrentVersionTransition>\
        <NoncurrentVersionTransition><NoncurrentDays>12</NoncurrentDays><StorageClass>Archive</StorageClass></NoncurrentVersionTransition>";
    for rule in [archive_first, noncurrent_archive_first] {
        let resp = put(&mut lab, rule);
        assert_eq!(
            error("PUT", &resp),
            triple(400, "InvalidArgument", "0034-00000002"),
            "{rule}"
        );
    }
    let mixed =
        "<Expiration><CreatedBeforeDate>2016-12-25T00:00:00.000Z</CreatedBeforeDate></Expiration>\
        <Transition><Days>356</Days><StorageClass>IA</StorageClass></Transition>";
    assert_eq!(
        error("PUT", &put(&mut lab, mixed)),
        triple(400, "InvalidRequest", "0034-00000002")
    );
    // Tag filters: letters, digits, spaces and `+-=._:/`; long ones pass (oss2's
    // test_bucket.py puts 129- and 257-character tags).
    let tagged = |k: &str, v: &str| {
        format!(
            "<Tag><Key>{k}</Key><Value>{v}</Value></Tag><Expiration><Days>30</Days></Expiration>"
        )
    };
    assert_eq!(
        error("PUT", &put(&mut lab, &tagged("%&amp;", "test"))),
        triple(400, "InvalidArgument", "0014-00000031")
    );
    assert_eq!(
        error("PUT", &put(&mut lab, &tagged("test", ")%"))),
        triple(400, "InvalidArgument", "0014-00000032")
    );
    // Nothing was stored by the refused requests.
    let resp = lab.send(&req("GET", "/bkt").q("lifecycle", ""));
    assert_eq!(resp.status, 404);
    // The same classes in order, dates on both sides and long tags are accepted.
    let long_tags = tagged(&"a".repeat(129), &"b".repeat(257));
    for rule in [
        long_tags.as_str(),
        "<Expiration><Days>30</Days></Expiration>\
         <Transition><Days>5</Days><StorageClass>IA</StorageClass></Transition>\
         <Transition><Days>20</Days><StorageClass>Archive</StorageClass></Transition>",
        "<Expiration><CreatedBeforeDate>2016-12-25T00:00:00.000Z</CreatedBeforeDate></Expiration>\
         <Transition><CreatedBeforeDate>2016-12-20T00:00:00.000Z</CreatedBeforeDate><StorageClass>IA</StorageClass></Transition>",
    ] {
        let resp = put(&mut lab, rule);
        assert_eq!(resp.status, 200, "{rule}: {}", body(&resp));
    }
}

#[test]
fn v4_signature_for_another_region_is_an_invalid_argument() {
    let creds = Credentials {
        access_key_id: "LTAIfindings".into(),
        access_key_secret: "findings-secret".into(),
    };
    let mut engine = Engine::new(T0);
    let mut wire = Wire::new(WireConfig {
        credentials: vec![creds.clone()],
        ..Default::default()
    });
    let mut send = |method: &str, path: &str, bucket: &str, key: Option<&str>, region: &str| {
        let mut r = req(method, path).0;
        let target = SignTarget {
            bucket: Some(bucket.into()),
            key: key.map(Into::into),
        };
        sign_v4_header(&mut r, &target, &creds, region, "20250101T000000Z");
        wire.handle(&mut engine, &r)
    };
    assert_eq!(send("PUT", "/bkt", "bkt", None, "cn-hangzhou").status, 200);
    for method in ["GET", "HEAD"] {
        let resp = send(
            method,
            "/bkt/a.txt",
            "bkt",
            Some("a.txt"),
            "cn-hangzhou-test-1",
        );
        assert_eq!(
            error(method, &resp),
            triple(400, "InvalidArgument", "0002-00000226"),
            "{method}"
        );
        if method == "GET" {
            let doc = error_doc(method, &resp).unwrap();
            assert_eq!(
                doc.message,
                "Invalid signing region in Authorization header."
            );
        }
    }
    // The server's region reaches the object lookup.
    let resp = send("GET", "/bkt/a.txt", "bkt", Some("a.txt"), "cn-hangzhou");
    assert_eq!(error("GET", &resp).1, "NoSuchKey");
}

#[test]
fn lifecycle_not_tag_and_legacy_date_are_answered_as_put() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    let rule = "<Filter><Not><Prefix>p/keep/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Not></Filter>\
        <Expiration><Date>2016-12-25T00:00:00.000Z</Date></Expiration>";
    let cfg = lifecycle(rule);
    lab.ok(req("PUT", "/bkt").q("lifecycle", "").body(cfg));
    let got = compact(&lab.ok(req("GET", "/bkt").q("lifecycle", "")));
    assert!(
        got.contains("<Not><Prefix>p/keep/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Not>"),
        "{got}"
    );
    assert!(
        got.contains("<Expiration><Date>2016-12-25T00:00:00.000Z</Date></Expiration>"),
        "{got}"
    );
    // CreatedBeforeDate stays CreatedBeforeDate.
    let rule =
        "<Expiration><CreatedBeforeDate>2016-12-25T00:00:00.000Z</CreatedBeforeDate></Expiration>";
    lab.ok(req("PUT", "/bkt").q("lifecycle", "").body(lifecycle(rule)));
    let got = compact(&lab.ok(req("GET", "/bkt").q("lifecycle", "")));
    assert!(
        got.contains("<CreatedBeforeDate>2016-12-25T00:00:00.000Z</CreatedBeforeDate>"),
        "{got}"
    );
    assert!(!got.contains("<Date>"), "{got}");
}

#[test]
fn a_not_with_a_tag_excludes_no_untagged_object() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    lab.ok(req("PUT", "/bkt/p/keep/a").body("x"));
    let expiring = |lab: &mut Lab, not: &str| {
        let rule =
            format!("<Filter><Not>{not}</Not></Filter><Expiration><Days>30</Days></Expiration>");
        lab.ok(req("PUT", "/bkt").q("lifecycle", "").body(lifecycle(&rule)));
        lab.ok(req("HEAD", "/bkt/p/keep/a"))
            .header("x-oss-expiration")
            .is_some()
    };
    // Not/Prefix alone excludes the key; with a Tag it excludes only objects carrying that
    // tag, and osslab objects carry none.
    assert!(!expiring(&mut lab, "<Prefix>p/keep/</Prefix>"));
    assert!(expiring(
        &mut lab,
        "<Prefix>p/keep/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag>"
    ));
}
