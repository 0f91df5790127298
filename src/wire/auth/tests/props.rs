//! Property tests: verification never panics; osslab's own signatures round-trip.

use proptest::prelude::*;

use super::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[ -~]{0,40}",
        Just(String::new()),
        "[a-zA-Z0-9/+=:,; \t\r\n]{0,80}",
    ]
}

fn auth_header() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        Just("OSS ".to_string()),
        Just("OSS2 ".to_string()),
        Just("OSS4-HMAC-SHA256 ".to_string()),
        Just("OSS4-HMAC-SHA256 Credential=".to_string()),
        Just("OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/".to_string()),
        Just("OSS LTAI5tOsslabTestKey01:".to_string()),
        Just("OSS2 AccessKeyId:LTAI5tOsslabTestKey01,".to_string()),
        Just(String::new()),
    ];
    (prefix, any_text()).prop_map(|(p, s)| p + &s)
}

fn param_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("OSSAccessKeyId".to_string()),
        Just("Expires".to_string()),
        Just("Signature".to_string()),
        Just("x-oss-signature-version".to_string()),
        Just("x-oss-credential".to_string()),
        Just("x-oss-date".to_string()),
        Just("x-oss-expires".to_string()),
        Just("x-oss-signature".to_string()),
        Just("x-oss-additional-headers".to_string()),
        Just("x-oss-access-key-id".to_string()),
        Just("cleanRestoredObject".to_string()),
        Just("versionId".to_string()),
        any_text(),
    ]
}

fn param_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any_text(),
        Just("OSS4-HMAC-SHA256".to_string()),
        Just("OSS2".to_string()),
        Just("LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request".to_string()),
        Just("20240615T083000Z".to_string()),
        "[0-9]{1,25}",
        Just("99999999999999999".to_string()),
        Just("-1".to_string()),
    ]
}

/// Sub-resource names for round trips: never the signature parameters themselves.
fn sub_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("versionId".to_string()),
        Just("uploadId".to_string()),
        Just("prefix".to_string()),
        Just("cleanRestoredObject".to_string()),
        "[a-zA-Z-]{1,10}",
    ]
    .prop_filter("signature parameter", |n| {
        !matches!(n.as_str(), "OSSAccessKeyId" | "Expires" | "Signature")
            && !n.starts_with("x-oss-")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn verify_never_panics(
        method in prop_oneof![Just("GET".to_string()), any_text()],
        auth in proptest::option::of(auth_header()),
        query in proptest::collection::vec((param_name(), param_value()), 0..8),
        headers in proptest::collection::vec(
            (prop_oneof![Just("x-oss-date".to_string()), Just("date".to_string()), Just("x-oss-meta-a".to_string()), Just("content-type".to_string()), any_text()], any_text()),
            0..6,
        ),
        bucket in proptest::option::of(any_text()),
        key in proptest::option::of(any_text()),
        now_ms in any::<i64>(),
    ) {
        let mut req = WireRequest { method, query, headers, ..Default::default() };
        if let Some(a) = auth {
            req.headers.push(("authorization".to_string(), a));
        }
        let t = SignTarget { bucket, key };
        if let Err(f) = verify(&req, &t, &known, now_ms) {
            let _ = f.to_oss_error();
        }
        let _ = verify(&req, &t, &|_: &str| Some(String::new()), now_ms);
    }

    #[test]
    fn mutated_sdk_vectors_never_panic(
        index in 0..VECTORS.len(),
        header_edits in proptest::collection::vec((any::<prop::sample::Index>(), any_text()), 0..3),
        query_edits in proptest::collection::vec((any::<prop::sample::Index>(), param_value()), 0..3),
        auth_cut in any::<prop::sample::Index>(),
        now_ms in any::<i64>(),
    ) {
        // Starting from real signed requests gets the fuzzing past the first parse checks.
        let v = &VECTORS[index];
        let mut req = wire(v);
        for (i, text) in header_edits {
            let n = req.headers.len();
            req.headers[i.index(n)].1 = text;
        }
        for (i, text) in query_edits {
            if !req.query.is_empty() {
                let n = req.query.len();
                req.query[i.index(n)].1 = text;
            }
        }
        if let Some(a) = req.headers.iter_mut().find(|(k, _)| k == "authorization") {
            let chars: Vec<char> = a.1.chars().collect();
            a.1 = chars[..auth_cut.index(chars.len() + 1)].iter().collect();
        }
        if let Err(f) = verify(&req, &target(v), &known, now_ms) {
            let _ = f.to_oss_error();
        }
    }

    #[test]
    fn own_signatures_round_trip(
        key in "\\PC{0,30}",
        meta in "[ -~]{0,20}",
        sub in proptest::collection::vec((sub_name(), "\\PC{0,10}"), 0..4),
        additional in proptest::collection::vec("[a-z-]{1,8}", 0..3),
    ) {
        let t = SignTarget { bucket: Some("bkt".to_string()), key: Some(key) };
        let mut base = WireRequest {
            method: "PUT".to_string(),
            path: "/bkt/x".to_string(),
            query: sub,
            headers: vec![("x-oss-meta-m".to_string(), meta.trim().to_string()), ("content-type".to_string(), "text/plain".to_string())],
            body: Vec::new(),
        };
        for h in &additional {
            base.headers.push((h.clone(), "v".to_string()));
        }
        let extra: Vec<&str> = additional.iter().map(String::as_str).collect();

        let mut v1 = base.clone();
        sign_v1_header(&mut v1, &t, &creds(), HTTP_DATE);
        prop_assert!(verify(&v1, &t, &known, 0).is_ok());

        let mut v4 = base.clone();
        sign_v4_header_with(&mut v4, &t, &creds(), "cn-hangzhou", "20240615T083000Z", &extra);
        prop_assert!(verify(&v4, &t, &known, 0).is_ok());

        let mut u1 = base.clone();
        u1.query.extend(presign_v1(&base, &t, &creds(), 1_718_443_800));
        prop_assert!(verify(&u1, &t, &known, SIGNED_AT_MS).is_ok());

        let mut u4 = base.clone();
        u4.query.extend(presign_v4(&base, &t, &creds(), "cn-hangzhou", "20240615T083000Z", 600, &extra));
        prop_assert!(verify(&u4, &t, &known, SIGNED_AT_MS).is_ok());
    }
}
