//! The data-protection toolkit through `Wire::handle`: replication XML endpoints (golden
//! documents after OSS's samples), AccessDenied for read-only identities, MalformedXML, and
//! the osslab-only identity and backup endpoints.
#![cfg(not(target_arch = "wasm32"))]

use osslab::engine::access::{Identity, Policy};
use osslab::engine::{Engine, Millis, DAY, MINUTE};
use osslab::wire::auth::{sign_v1_header, Credentials, SignTarget};
use osslab::wire::http::{WireRequest, WireResponse};
use osslab::wire::{Wire, WireConfig};

const T0: Millis = 1_763_800_000_000;

struct Lab {
    engine: Engine,
    wire: Wire,
}

impl Lab {
    fn new() -> Self {
        Self::with_config(WireConfig::default())
    }

    fn with_config(config: WireConfig) -> Self {
        let mut lab = Lab {
            engine: Engine::new(T0),
            wire: Wire::new(config),
        };
        lab.engine
            .create_identity(Identity::new(
                "reader",
                "AKREAD",
                "secret-r",
                Policy::read_only(),
            ))
            .unwrap();
        lab.engine
            .create_identity(Identity::new(
                "writer",
                "AKWRITE",
                "secret-w",
                Policy::full_access(),
            ))
            .unwrap();
        lab
    }

    fn send(&mut self, req: WireRequest) -> WireResponse {
        self.wire.handle(&mut self.engine, &req)
    }

    fn call(
        &mut self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: &str,
    ) -> WireResponse {
        self.send(request(method, path, query, &[], body))
    }

    fn as_ak(
        &mut self,
        ak: &str,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &str,
    ) -> WireResponse {
        let auth = format!("OSS {ak}:bm90IGNoZWNrZWQ=");
        let mut h = headers.to_vec();
        h.push(("authorization", &auth));
        self.send(request(method, path, query, &h, body))
    }

    fn advance(&mut self, ms: Millis) {
        let t = self.engine.now() + ms;
        self.engine.set_now(t);
    }
}

fn request(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    body: &str,
) -> WireRequest {
    let mut h = vec![("host".to_string(), "127.0.0.1:9000".to_string())];
    h.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    osslab::wire::request::build(
        method,
        path,
        query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        h,
        body.as_bytes().to_vec(),
    )
}

fn text(r: &WireResponse) -> String {
    String::from_utf8(r.body.to_vec()).unwrap()
}

fn error_of(r: &WireResponse) -> (u16, String, String) {
    let body = text(r);
    let between = |tag: &str| {
        let open = format!("<{tag}>");
        let start = body.find(&open).map(|i| i + open.len()).unwrap_or(0);
        let end = body[start..].find('<').map_or(start, |e| start + e);
        body[start..end].to_string()
    };
    (r.status, between("Code"), between("EC"))
}

const ADD: &[(&str, &str)] = &[("replication", ""), ("comp", "add")];
const DELETE: &[(&str, &str)] = &[("replication", ""), ("comp", "delete")];

/// The PutBucketReplication request sample (with an ID), as SDKs send it.
const PUT_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ReplicationConfiguration>
   <Rule>
        <ID>test_replication_1</ID>
        <RTC>
            <Status>enabled</Status>
        </RTC>
        <PrefixSet>
            <Prefix>source1</Prefix>
            <Prefix>video</Prefix>
        </PrefixSet>
        <Action>PUT</Action>
        <Destination>
            <Bucket>destbucket</Bucket>
            <Location>oss-cn-beijing</Location>
            <TransferType>oss_acc</TransferType>
        </Destination>
        <HistoricalObjectReplication>enabled</HistoricalObjectReplication>
        <SyncRole>aliyunramrole</SyncRole>
   </Rule>
</ReplicationConfiguration>"#;

/// GetBucketReplication response sample (help.aliyun.com GetBucketReplication; the same
/// document is in alibabacloud-oss-go-sdk-v2's api_op_bucket_replication_test.go).
const GET_GOLDEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ReplicationConfiguration>
  <Rule>
    <ID>test_replication_1</ID>
    <PrefixSet>
      <Prefix>source1</Prefix>
      <Prefix>video</Prefix>
    </PrefixSet>
    <Action>PUT</Action>
    <Destination>
      <Bucket>destbucket</Bucket>
      <Location>oss-cn-beijing</Location>
      <TransferType>oss_acc</TransferType>
    </Destination>
    <Status>doing</Status>
    <HistoricalObjectReplication>enabled</HistoricalObjectReplication>
    <SyncRole>aliyunramrole</SyncRole>
    <RTC>
      <Status>enabled</Status>
    </RTC>
  </Rule>
</ReplicationConfiguration>
"#;

fn two_buckets(lab: &mut Lab) {
    assert_eq!(lab.call("PUT", "/srcbucket", &[], "").status, 200);
    assert_eq!(lab.call("PUT", "/destbucket", &[], "").status, 200);
}

#[test]
fn put_get_and_delete_replication_match_the_doc_samples() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    let r = lab.call("POST", "/srcbucket", ADD, PUT_BODY);
    assert_eq!(r.status, 200, "{}", text(&r));
    assert_eq!(
        r.header("x-oss-replication-rule-id"),
        Some("test_replication_1")
    );

    let r = lab.call("GET", "/srcbucket", &[("replication", "")], "");
    assert_eq!(r.status, 200);
    assert!(text(&r).contains("<Status>starting</Status>"));
    lab.advance(MINUTE);
    let r = lab.call("GET", "/srcbucket", &[("replication", "")], "");
    assert_eq!(r.header("content-type"), Some("application/xml"));
    assert_eq!(text(&r), GET_GOLDEN);

    let del = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ReplicationRules>\n  <ID>test_replication_1</ID>\n</ReplicationRules>";
    assert_eq!(lab.call("POST", "/srcbucket", DELETE, del).status, 200);
    let r = lab.call("GET", "/srcbucket", &[("replication", "")], "");
    assert_eq!(
        error_of(&r),
        (
            404,
            "NoSuchReplicationConfiguration".into(),
            "0031-00000001".into()
        )
    );
}

#[test]
fn replication_progress_document() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    lab.call("PUT", "/srcbucket/video/old.mp4", &[], "x");
    lab.call("POST", "/srcbucket", ADD, PUT_BODY);
    lab.advance(MINUTE);
    let r = lab.call(
        "GET",
        "/srcbucket",
        &[
            ("replicationProgress", ""),
            ("rule-id", "test_replication_1"),
        ],
        "",
    );
    assert_eq!(r.status, 200);
    let expected = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ReplicationProgress>
  <Rule>
    <ID>test_replication_1</ID>
    <PrefixSet>
      <Prefix>source1</Prefix>
      <Prefix>video</Prefix>
    </PrefixSet>
    <Action>PUT</Action>
    <Destination>
      <Bucket>destbucket</Bucket>
      <Location>oss-cn-beijing</Location>
      <TransferType>oss_acc</TransferType>
    </Destination>
    <Status>doing</Status>
    <HistoricalObjectReplication>enabled</HistoricalObjectReplication>
    <Progress>
      <HistoricalObject>1.00</HistoricalObject>
      <NewObject>{}</NewObject>
    </Progress>
  </Rule>
</ReplicationProgress>
"#,
        osslab::wire::format::iso8601(T0 + MINUTE)
    );
    assert_eq!(text(&r), expected);
    let r = lab.call("GET", "/destbucket/video/old.mp4", &[], "");
    assert_eq!((r.status, r.body.as_slice()), (200, &b"x"[..]));

    // A rule id the bucket does not have, and a bucket without rules: two different 404s.
    let progress = |lab: &mut Lab, bucket: &str, rule: &str| {
        let query = [("replicationProgress", ""), ("rule-id", rule)];
        error_of(&lab.call("GET", bucket, &query, ""))
    };
    assert_eq!(
        progress(&mut lab, "/srcbucket", "no-such-rule"),
        (404, "NoSuchReplicationRule".into(), "0031-00000002".into())
    );
    assert_eq!(
        progress(&mut lab, "/destbucket", "test_replication_1"),
        (
            404,
            "NoSuchReplicationConfiguration".into(),
            "0031-00000001".into()
        )
    );
}

#[test]
fn replication_applies_on_the_clock_through_the_wire() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    let rule = "<ReplicationConfiguration><Rule><Action>ALL</Action><Destination><Bucket>destbucket</Bucket></Destination><HistoricalObjectReplication>disabled</HistoricalObjectReplication></Rule></ReplicationConfiguration>";
    let r = lab.call("POST", "/srcbucket", ADD, rule);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("x-oss-replication-rule-id").map(str::len),
        Some(36)
    );
    lab.call("PUT", "/srcbucket/a.txt", &[], "hello");
    lab.advance(MINUTE - 1000);
    assert_eq!(lab.call("GET", "/destbucket/a.txt", &[], "").status, 404);
    lab.advance(2000);
    assert_eq!(lab.call("GET", "/destbucket/a.txt", &[], "").status, 200);
    assert_eq!(lab.call("DELETE", "/srcbucket/a.txt", &[], "").status, 204);
    lab.advance(MINUTE);
    assert_eq!(lab.call("GET", "/destbucket/a.txt", &[], "").status, 404);
}

#[test]
fn malformed_replication_bodies_are_malformed_xml() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    let bad = [
        "not xml",
        "",
        "<Other><Rule/></Other>",
        "<ReplicationConfiguration></ReplicationConfiguration>",
        "<ReplicationConfiguration><Rule><Action>PUT</Action></Rule></ReplicationConfiguration>",
        "<ReplicationConfiguration><Rule><Destination><Bucket>destbucket</Bucket></Destination></Rule><Rule><Destination><Bucket>destbucket</Bucket></Destination></Rule></ReplicationConfiguration>",
        "<ReplicationConfiguration><Rule><Destination><Bucket>destbucket</Bucket></Destination>",
    ];
    for body in bad {
        let r = lab.call("POST", "/srcbucket", ADD, body);
        assert_eq!(error_of(&r).0, 400, "{body}");
        assert_eq!(error_of(&r).1, "MalformedXML", "{body}");
    }
    for body in [
        "<ReplicationRules></ReplicationRules>",
        "<Rules><ID>x</ID></Rules>",
        "x",
    ] {
        let r = lab.call("POST", "/srcbucket", DELETE, body);
        assert_eq!(error_of(&r).1, "MalformedXML", "{body}");
    }
    let historical = "<ReplicationConfiguration><Rule><Destination><Bucket>destbucket</Bucket></Destination><HistoricalObjectReplication>open</HistoricalObjectReplication></Rule></ReplicationConfiguration>";
    let r = lab.call("POST", "/srcbucket", ADD, historical);
    assert_eq!(
        error_of(&r),
        (400, "InvalidArgument".into(), "0031-00000011".into())
    );
    let action = "<ReplicationConfiguration><Rule><Action>COPY</Action><Destination><Bucket>destbucket</Bucket></Destination></Rule></ReplicationConfiguration>";
    assert_eq!(lab.call("POST", "/srcbucket", ADD, action).status, 400);
    for (list, shown) in [
        ("PUT,ABORT", "PUT"),
        ("PUT,DELETE,ABORT", "ALL"),
        ("ALL", "ALL"),
    ] {
        let body = format!("<ReplicationConfiguration><Rule><ID>{list}</ID><Action>{list}</Action><Destination><Bucket>destbucket</Bucket></Destination></Rule></ReplicationConfiguration>");
        assert_eq!(
            lab.call("POST", "/srcbucket", ADD, &body).status,
            200,
            "{list}"
        );
        let got = text(&lab.call("GET", "/srcbucket", &[("replication", "")], ""));
        assert!(
            got.contains(&format!("<Action>{shown}</Action>")),
            "{list}: {got}"
        );
        let del = format!("<ReplicationRules><ID>{list}</ID></ReplicationRules>");
        assert_eq!(lab.call("POST", "/srcbucket", DELETE, &del).status, 200);
    }
    let r = lab.call(
        "POST",
        "/srcbucket",
        &[("replication", ""), ("comp", "x")],
        PUT_BODY,
    );
    assert_eq!(r.status, 400);
}

#[test]
fn versioning_states_must_match() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    let enable = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
    assert_eq!(
        lab.call("PUT", "/srcbucket", &[("versioning", "")], enable)
            .status,
        200
    );
    let r = lab.call("POST", "/srcbucket", ADD, PUT_BODY);
    assert_eq!(
        error_of(&r),
        (400, "InvalidArgument".into(), "0031-00000053".into())
    );
    assert_eq!(r.header("x-oss-ec"), Some("0031-00000053"));
}

#[test]
fn other_methods_on_replication_never_touch_the_bucket() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    for m in ["PUT", "DELETE"] {
        assert_eq!(
            lab.call(m, "/srcbucket", &[("replication", "")], "").status,
            405
        );
    }
    assert_eq!(lab.call("HEAD", "/srcbucket", &[], "").status, 405);
    assert_eq!(
        lab.call("GET", "/srcbucket", &[("replicationLocation", "")], "")
            .status,
        501
    );
    assert!(lab.engine.bucket("srcbucket").is_ok());
}

// ---- access control ---------------------------------------------------------------------------

type Pairs<'a> = Vec<(&'a str, &'a str)>;

const DELETE_BODY: &str = "<Delete><Object><Key>k</Key></Object></Delete>";

#[test]
fn read_only_identity_is_denied_every_mutation() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    lab.call("PUT", "/srcbucket/k", &[], "data");
    let copy = [("x-oss-copy-source", "/srcbucket/k")];
    let cases: Vec<(&str, &str, Pairs, Pairs, &str, &str)> = vec![
        (
            "PUT",
            "/srcbucket/k",
            vec![],
            vec![],
            "overwrite",
            "oss:PutObject",
        ),
        (
            "PUT",
            "/srcbucket/new",
            vec![],
            vec![],
            "new",
            "oss:PutObject",
        ),
        (
            "PUT",
            "/srcbucket/c",
            vec![],
            copy.to_vec(),
            "",
            "oss:PutObject",
        ),
        (
            "DELETE",
            "/srcbucket/k",
            vec![],
            vec![],
            "",
            "oss:DeleteObject",
        ),
        (
            "DELETE",
            "/srcbucket/k",
            vec![("versionId", "null")],
            vec![],
            "",
            "oss:DeleteObjectVersion",
        ),
        (
            "POST",
            "/srcbucket",
            vec![("delete", "")],
            vec![],
            DELETE_BODY,
            "oss:DeleteObject",
        ),
        (
            "POST",
            "/srcbucket/k",
            vec![("uploads", "")],
            vec![],
            "",
            "oss:PutObject",
        ),
        (
            "PUT",
            "/srcbucket",
            vec![("versioning", "")],
            vec![],
            "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
            "oss:PutBucketVersioning",
        ),
        (
            "POST",
            "/srcbucket",
            ADD.to_vec(),
            vec![],
            PUT_BODY,
            "oss:PutBucketReplication",
        ),
        ("PUT", "/newbucket", vec![], vec![], "", "oss:PutBucket"),
        (
            "DELETE",
            "/destbucket",
            vec![],
            vec![],
            "",
            "oss:DeleteBucket",
        ),
        (
            "POST",
            "/srcbucket/k",
            vec![("restore", "")],
            vec![],
            "",
            "oss:RestoreObject",
        ),
    ];
    for (m, path, q, h, body, action) in cases {
        let r = lab.as_ak("AKREAD", m, path, &q, &h, body);
        let (status, code, ec) = error_of(&r);
        assert_eq!(
            (status, code.as_str(), ec.as_str()),
            (403, "AccessDenied", "0003-00000202"),
            "{m} {path}"
        );
        assert!(
            text(&r).contains(&format!("<AuthAction>{action}</AuthAction>")),
            "{m} {path}: {}",
            text(&r)
        );
        assert!(text(&r).contains(&format!("You are forbidden to {action}.")));
    }
    // Nothing changed.
    assert_eq!(lab.call("GET", "/srcbucket/k", &[], "").body, b"data");
    assert!(lab.engine.bucket("newbucket").is_err());
    assert!(lab.engine.bucket("destbucket").is_ok());
}

#[test]
fn read_only_identity_reads_and_lists() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    lab.call("PUT", "/srcbucket/k", &[], "data");
    let reads: [(&str, &str, Pairs); 7] = [
        ("GET", "/srcbucket/k", vec![]),
        ("HEAD", "/srcbucket/k", vec![]),
        ("GET", "/srcbucket", vec![]),
        ("GET", "/srcbucket", vec![("versions", "")]),
        ("GET", "/srcbucket", vec![("versioning", "")]),
        ("GET", "/srcbucket", vec![("bucketInfo", "")]),
        ("GET", "/", vec![]),
    ];
    for (m, path, q) in reads {
        let r = lab.as_ak("AKREAD", m, path, &q, &[], "");
        assert_eq!(r.status, 200, "{m} {path}: {}", text(&r));
    }
}

#[test]
fn full_access_identity_and_the_owner_may_write() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    assert_eq!(
        lab.as_ak("AKWRITE", "PUT", "/srcbucket/k", &[], &[], "w")
            .status,
        200
    );
    assert_eq!(
        lab.as_ak("AKWRITE", "DELETE", "/srcbucket/k", &[], &[], "")
            .status,
        204
    );
    assert_eq!(
        lab.as_ak("SOMEOWNERKEY", "PUT", "/srcbucket/k", &[], &[], "o")
            .status,
        200
    );
    assert_eq!(
        lab.call("PUT", "/srcbucket/k2", &[], "anonymous owner")
            .status,
        200
    );
}

#[test]
fn the_access_key_is_read_from_v4_and_presigned_requests() {
    let mut lab = Lab::new();
    two_buckets(&mut lab);
    let v4 = "OSS4-HMAC-SHA256 Credential=AKREAD/20251122/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=host,Signature=00";
    let r = lab.send(request(
        "PUT",
        "/srcbucket/k",
        &[],
        &[("authorization", v4)],
        "x",
    ));
    assert_eq!(r.status, 403);
    let v2 = "OSS2 AccessKeyId:AKREAD,Signature:00";
    let r = lab.send(request(
        "PUT",
        "/srcbucket/k",
        &[],
        &[("authorization", v2)],
        "x",
    ));
    assert_eq!(r.status, 403);
    let presigned = [
        ("OSSAccessKeyId", "AKREAD"),
        ("Expires", "9999999999"),
        ("Signature", "x"),
    ];
    let r = lab.send(request("PUT", "/srcbucket/k", &presigned, &[], "x"));
    assert_eq!(r.status, 403);
    let v4q = [(
        "x-oss-credential",
        "AKREAD/20251122/cn-hangzhou/oss/aliyun_v4_request",
    )];
    let r = lab.send(request("DELETE", "/srcbucket/k", &v4q, &[], ""));
    assert_eq!(r.status, 403);
}

#[test]
fn with_signature_checks_identities_sign_with_their_own_keys() {
    let owner = Credentials {
        access_key_id: "OWNER".into(),
        access_key_secret: "owner-secret".into(),
    };
    let mut lab = Lab::with_config(WireConfig {
        credentials: vec![owner.clone()],
        virtual_host_suffixes: vec![],
    });
    let date = osslab::wire::format::http_date(T0);
    let signed = |method: &str,
                  path: &str,
                  bucket: &str,
                  key: Option<&str>,
                  creds: &Credentials,
                  body: &str| {
        let mut req = request(method, path, &[], &[], body);
        let target = SignTarget {
            bucket: Some(bucket.into()),
            key: key.map(Into::into),
        };
        sign_v1_header(&mut req, &target, creds, &date);
        req
    };
    let reader = Credentials {
        access_key_id: "AKREAD".into(),
        access_key_secret: "secret-r".into(),
    };
    let r = lab.send(signed("PUT", "/srcbucket", "srcbucket", None, &owner, ""));
    assert_eq!(r.status, 200, "{}", text(&r));
    let r = lab.send(signed(
        "PUT",
        "/srcbucket/k",
        "srcbucket",
        Some("k"),
        &owner,
        "d",
    ));
    assert_eq!(r.status, 200);
    let r = lab.send(signed(
        "GET",
        "/srcbucket/k",
        "srcbucket",
        Some("k"),
        &reader,
        "",
    ));
    assert_eq!(r.status, 200, "{}", text(&r));
    let r = lab.send(signed(
        "PUT",
        "/srcbucket/k",
        "srcbucket",
        Some("k"),
        &reader,
        "x",
    ));
    assert_eq!(error_of(&r).1, "AccessDenied");
    let forged = Credentials {
        access_key_secret: "wrong".into(),
        ..reader
    };
    let r = lab.send(signed(
        "GET",
        "/srcbucket/k",
        "srcbucket",
        Some("k"),
        &forged,
        "",
    ));
    assert_eq!(error_of(&r).1, "SignatureDoesNotMatch");
}

// ---- osslab endpoints ---------------------------------------------------------------------------

#[test]
fn identities_endpoint() {
    let mut lab = Lab::new();
    let body = r#"{"name":"auditor","access_key_id":"AKAUDIT","access_key_secret":"s","policy":"read-only"}"#;
    let r = lab.call("POST", "/_osslab/identities", &[], body);
    assert_eq!(r.status, 201, "{}", text(&r));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let r = lab.call("GET", "/_osslab/identities", &[], "");
    let list: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["access_key_id"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["AKAUDIT", "AKREAD", "AKWRITE"]);
    assert_eq!(list[0]["policy"], "read-only");
    assert_eq!(
        lab.call("POST", "/_osslab/identities", &[], body).status,
        409
    );
    assert_eq!(
        lab.call("POST", "/_osslab/identities", &[], "{").status,
        400
    );
    // An identity cannot grant itself more rights.
    let r = lab.as_ak("AKREAD", "POST", "/_osslab/identities", &[], &[], body);
    assert_eq!(r.status, 403);
    assert_eq!(
        lab.call("DELETE", "/_osslab/identities/AKAUDIT", &[], "")
            .status,
        204
    );
    assert_eq!(
        lab.call("DELETE", "/_osslab/identities/AKAUDIT", &[], "")
            .status,
        404
    );
    assert_eq!(lab.call("GET", "/_osslab/nothing", &[], "").status, 404);
}

#[test]
fn backups_endpoint() {
    let mut lab = Lab::new();
    lab.call("PUT", "/srcbucket", &[], "");
    lab.call("PUT", "/srcbucket/a", &[], "good");
    let plan = r#"{"every_seconds": 86400, "keep": 2}"#;
    assert_eq!(
        lab.call("PUT", "/_osslab/backups/srcbucket", &[], plan)
            .status,
        204
    );
    lab.advance(DAY);
    lab.call("PUT", "/srcbucket/a", &[], "bad");
    let r = lab.call("GET", "/_osslab/backups/srcbucket", &[], "");
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["snapshots"][0]["id"], 1);
    assert_eq!(v["snapshots"][0]["objects"][0]["key"], "a");
    assert_eq!(v["keep"], 2);
    let r = lab.call(
        "POST",
        "/_osslab/backups/srcbucket/snapshots/1/restore",
        &[("key", "a")],
        "",
    );
    assert_eq!(r.status, 200, "{}", text(&r));
    assert_eq!(lab.call("GET", "/srcbucket/a", &[], "").body, b"good");
    let r = lab.call("POST", "/_osslab/backups/srcbucket/snapshots", &[], "");
    assert_eq!(r.status, 201);
    let r = lab.call(
        "POST",
        "/_osslab/backups/srcbucket/snapshots/1/restore",
        &[],
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["unchanged"][0], "a");
    let r = lab.call(
        "POST",
        "/_osslab/backups/srcbucket/snapshots/9/restore",
        &[],
        "",
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        lab.as_ak(
            "AKWRITE",
            "DELETE",
            "/_osslab/backups/srcbucket",
            &[],
            &[],
            ""
        )
        .status,
        403
    );
    assert_eq!(
        lab.call("DELETE", "/_osslab/backups/srcbucket", &[], "")
            .status,
        204
    );
}
