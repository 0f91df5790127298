//! Parser fuzzing: random methods, paths, queries, headers and bodies into `Wire::handle`.
//!
//! Whatever arrives, the wire layer must not panic, must answer a status in 200..600, and an
//! error must be a well-formed OSS `<Error>` document (in the body, or base64 in `x-oss-err`
//! for HEAD), with `x-oss-ec` equal to its `<EC>`. 304 is the one error with no document.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{error_doc, Lab, Req};
use osslab::wire::auth::Credentials;
use osslab::wire::http::WireRequest;
use osslab::wire::{Wire, WireConfig};
use proptest::prelude::*;

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec!["GET", "PUT", "POST", "DELETE", "HEAD"]).prop_map(String::from),
        1 => prop::sample::select(vec!["PATCH", "OPTIONS", "TRACE", "get", "", "PUT "]).prop_map(String::from),
        1 => "[A-Z]{1,8}",
    ]
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "bkt",
            "plain",
            "life",
            "nobkt",
            "a.txt",
            "gone.txt",
            "frozen.bin",
            "mp.bin",
            "dir%2Fb.txt",
            "%FF",
            "%C3",
            "%",
            "%2",
            "%00",
            "..",
            ".",
            "",
            "a%20b",
            "%E2%82%AC",
            "_osslab",
        ])
        .prop_map(String::from),
        "[a-z0-9.%-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(20).collect()),
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(segment(), 0..4).prop_map(|segs| format!("/{}", segs.join("/")))
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "1",
            "0",
            "-1",
            "1000",
            "1001",
            "99999999999999999999",
            "null",
            "true",
            "yes",
            "url",
            "abc",
            "Archive",
            "Standard",
            "bytes=0-1",
            "bytes=5-1",
            "bytes=-3",
            "/bkt/a.txt",
            "/bkt/a.txt?versionId=null",
            "/bkt/gone.txt",
            "2",
            "CAEQ",
        ])
        .prop_map(String::from),
        any::<String>().prop_map(|s| s.chars().take(40).collect()),
    ]
}

fn query() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        prop::sample::select(vec![
            "versions",
            "versioning",
            "lifecycle",
            "uploads",
            "uploadId",
            "partNumber",
            "delete",
            "restore",
            "cleanRestoredObject",
            "versionId",
            "objectMeta",
            "list-type",
            "max-keys",
            "max-parts",
            "max-uploads",
            "marker",
            "key-marker",
            "version-id-marker",
            "prefix",
            "delimiter",
            "continuation-token",
            "start-after",
            "encoding-type",
            "part-number-marker",
            "upload-id-marker",
            "location",
            "bucketInfo",
            "acl",
            "tagging",
            "fetch-owner",
            "response-content-type",
        ])
        .prop_map(String::from),
        "[a-zA-Z-]{1,10}",
    ];
    prop::collection::vec((name, value()), 0..5)
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        prop::sample::select(vec![
            "x-oss-copy-source",
            "x-oss-copy-source-range",
            "x-oss-forbid-overwrite",
            "x-oss-storage-class",
            "content-md5",
            "range",
            "if-match",
            "if-none-match",
            "if-modified-since",
            "if-unmodified-since",
            "x-oss-complete-all",
            "x-oss-metadata-directive",
            "x-oss-meta-a",
            "content-type",
            "host",
            "authorization",
            "x-oss-copy-source-if-match",
            "date",
            "x-oss-date",
        ])
        .prop_map(String::from),
        "x-oss-[a-z-]{1,10}",
    ];
    prop::collection::vec((name, value()), 0..5)
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let xml = prop::sample::select(vec![
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
        "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>",
        "<Delete><Quiet>false</Quiet><Object><Key>a.txt</Key></Object></Delete>",
        "<Delete><Object><Key>gone.txt</Key><VersionId>null</VersionId></Object></Delete>",
        "<Delete><Object><Key>a.txt</Key></Object><Object><Key></Key></Object></Delete>",
        "<Delete><Object><Key>std.txt</Key></Object><Object><Key>a.txt</Key><VersionId>x</VersionId></Object></Delete>",
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>",
        "<RestoreRequest><Days>2</Days><JobParameters><Tier>Bulk</Tier></JobParameters></RestoreRequest>",
        "<LifecycleConfiguration><Rule><ID>r</ID><Prefix/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>",
        "<CreateBucketConfiguration><StorageClass>IA</StorageClass></CreateBucketConfiguration>",
        "<a><b>",
        "<?xml version=\"1.0\"?>",
        "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
        "<Delete><Object><Key>&lt;&amp;</Key></Object></Delete>",
        "]]><![CDATA[",
    ]);
    prop_oneof![
        Just(Vec::new()),
        xml.clone().prop_map(|s| s.as_bytes().to_vec()),
        // A valid document cut at a random point.
        (xml, any::<prop::sample::Index>()).prop_map(|(s, i)| {
            let b = s.as_bytes();
            b[..i.index(b.len() + 1)].to_vec()
        }),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

/// Method, path and sub-resources of an operation.
type Shape = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Well-formed operation shapes (method, path, sub-resources) with random extras, so that the
/// bodies and headers reach the operations' own validation rather than stopping at routing.
fn template() -> impl Strategy<Value = (String, String, Vec<(String, String)>)> {
    let shapes: Vec<Shape> = vec![
        ("POST", "/bkt", &[("delete", ""), ("encoding-type", "url")]),
        ("POST", "/plain", &[("delete", "")]),
        ("PUT", "/bkt", &[("versioning", "")]),
        ("PUT", "/plain", &[("lifecycle", "")]),
        ("POST", "/bkt/frozen.bin", &[("restore", "")]),
        ("POST", "/bkt/frozen.bin", &[("cleanRestoredObject", "")]),
        ("PUT", "/bkt/new.txt", &[]),
        ("PUT", "/plain/x.txt", &[]),
        ("PUT", "/newbkt", &[]),
        ("DELETE", "/bkt/a.txt", &[]),
        ("DELETE", "/bkt", &[]),
        ("POST", "/bkt/new.bin", &[("uploads", "")]),
        ("GET", "/bkt", &[("versions", "")]),
    ];
    (prop::sample::select(shapes), query()).prop_map(|((m, p, q), extra)| {
        let mut query: Vec<(String, String)> = q
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        query.extend(extra);
        (m.to_string(), p.to_string(), query)
    })
}

fn request() -> impl Strategy<Value = (WireRequest, bool)> {
    let shape = prop_oneof![(method(), path(), query()), template(),];
    (shape, headers(), body(), any::<bool>()).prop_map(
        |((method, path, query), mut headers, body, with_md5)| {
            headers.insert(0, ("host".into(), "127.0.0.1:9000".into()));
            let r = Req(WireRequest {
                method,
                path,
                query,
                headers,
                body,
            });
            let r = if with_md5 { r.md5() } else { r };
            (r.0, with_md5)
        },
    )
}

fn check(lab: &mut Lab, r: &WireRequest) -> Result<(), TestCaseError> {
    let resp = lab.wire.handle(&mut lab.engine, r);
    prop_assert!(
        (200..600).contains(&resp.status),
        "status {} for {r:?}",
        resp.status
    );
    prop_assert!(resp.header("x-oss-request-id").is_some());
    if resp.status >= 300 && resp.status != 304 {
        if let Err(why) = error_doc(&r.method, &resp) {
            return Err(TestCaseError::fail(format!(
                "{why}\nrequest: {r:?}\nresponse: {} {:?} {:?}",
                resp.status,
                resp.headers,
                String::from_utf8_lossy(&resp.body)
            )));
        }
    }
    if r.method == "HEAD" {
        prop_assert!(resp.body.is_empty(), "HEAD with a body: {r:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// One random request against the seeded state.
    #[test]
    fn any_request_gets_a_well_formed_answer((r, _) in request()) {
        let (mut lab, _) = Lab::seeded();
        check(&mut lab, &r)?;
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Sequences of random requests: state left by earlier ones must not make later ones
    /// panic either.
    #[test]
    fn request_sequences_never_break_the_wire(rs in prop::collection::vec(request(), 1..12)) {
        let (mut lab, _) = Lab::seeded();
        for (r, _) in &rs {
            check(&mut lab, r)?;
        }
    }

    /// A request answered with an error (4xx/5xx) changes nothing observable, whatever state
    /// earlier requests left.
    #[test]
    fn error_responses_have_no_side_effects(rs in prop::collection::vec(request(), 1..8)) {
        let (mut lab, _) = Lab::seeded();
        for (r, _) in &rs {
            let before = lab.dump();
            let resp = lab.wire.handle(&mut lab.engine, r);
            if resp.status >= 400 {
                let after = lab.dump();
                prop_assert!(
                    before == after,
                    "{} {} answered {} but changed state: {r:?}",
                    r.method,
                    r.path,
                    resp.status
                );
            }
        }
    }
}

/// Header or query name/value pairs.
type Pairs = Vec<(String, String)>;

/// Signature-shaped junk: Authorization headers and presigned-URL parameters of every scheme.
fn auth_noise() -> impl Strategy<Value = (Pairs, Pairs)> {
    let header = prop_oneof![
        Just(String::new()),
        "OSS [A-Za-z0-9]{0,8}:[A-Za-z0-9+/=]{0,30}".prop_map(|s| s),
        "OSS AK:[A-Za-z0-9+/=]{0,30}".prop_map(|s| s),
        "OSS2 AccessKeyId:AK,AdditionalHeaders:[a-z;-]{0,12},Signature:[A-Za-z0-9+/=]{0,20}",
        "OSS4-HMAC-SHA256 Credential=AK/2025010[0-9]/cn-hangzhou/oss/aliyun_v4_request, ?Signature=[0-9a-f]{0,64}",
        "OSS4-HMAC-SHA256 Credential=[A-Za-z0-9/_-]{0,40},AdditionalHeaders=[a-z;]{0,10},Signature=[0-9a-f]{0,10}",
        any::<String>().prop_map(|s| s.chars().take(60).collect()),
    ];
    let headers = (
        header,
        prop::option::of("2025010[0-9]T0[0-9]0000Z"),
        prop::option::of(value()),
    )
        .prop_map(|(auth, date, sha)| {
            let mut h = vec![("authorization".to_string(), auth)];
            if let Some(d) = date {
                h.push(("x-oss-date".into(), d));
            }
            if let Some(v) = sha {
                h.push(("x-oss-content-sha256".into(), v));
            }
            h
        });
    let query_name = prop::sample::select(vec![
        "OSSAccessKeyId",
        "Expires",
        "Signature",
        "x-oss-signature-version",
        "x-oss-credential",
        "x-oss-date",
        "x-oss-expires",
        "x-oss-signature",
        "x-oss-additional-headers",
        "x-oss-access-key-id",
        "security-token",
    ])
    .prop_map(String::from);
    let query = prop::collection::vec((query_name, value()), 0..6);
    prop_oneof![
        headers.prop_map(|h| (h, Vec::new())),
        query.prop_map(|q| (Vec::new(), q)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// With keys configured, signature junk in headers or query is always a well-formed OSS
    /// error (or, never by chance, a pass), never a panic.
    #[test]
    fn signature_junk_gets_a_well_formed_answer(
        (r, _) in request(),
        (auth_headers, auth_query) in auth_noise(),
    ) {
        let (mut lab, _) = Lab::seeded();
        lab.wire = Wire::new(WireConfig {
            credentials: vec![Credentials {
                access_key_id: "AK".into(),
                access_key_secret: "SK".into(),
            }],
            virtual_host_suffixes: vec!["localhost".into()],
        });
        let mut r = r;
        r.headers.extend(auth_headers);
        r.query.extend(auth_query);
        let before = lab.dump_unsigned();
        check(&mut lab, &r)?;
        prop_assert!(before == lab.dump_unsigned(), "junk signature changed state: {r:?}");
    }
}
