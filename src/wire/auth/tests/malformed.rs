//! Unsigned requests, malformed headers and URLs, and how failures render as OSS errors.

use super::*;

#[test]
fn anonymous_requests() {
    let req = WireRequest {
        method: "GET".into(),
        path: "/b/k".into(),
        query: vec![("versions".into(), String::new())],
        ..Default::default()
    };
    assert_eq!(
        verify(&req, &SignTarget::default(), &known, 0),
        Ok(AuthOutcome::Anonymous)
    );
}

fn auth_failure(auth: &str) -> AuthFailure {
    let req = WireRequest {
        method: "GET".into(),
        path: "/b/k".into(),
        headers: vec![
            ("authorization".into(), auth.into()),
            ("x-oss-date".into(), "20240615T083000Z".into()),
        ],
        ..Default::default()
    };
    verify(&req, &SignTarget::default(), &known, 0).unwrap_err()
}

fn ec_of(f: &AuthFailure) -> &'static str {
    f.to_oss_error().ec
}

#[test]
fn malformed_authorization_headers() {
    let cases = [
        ("OSSxxx ak:sig", "0002-00000061"),
        ("", "0002-00000061"),
        ("OSS aksig", "0002-00000062"),
        ("OSS  :sig", "0002-00000063"),
        ("OSS :sig", "0002-00000063"),
        ("OSS a\tk:sig", "0002-00000064"),
        ("OSS ak:", "0002-00000065"),
        ("OSS2 AccessKeyId:ak", "0002-00000102"),
        (
            "OSS2 AccessKeyId:ak,Signature:x,UnknownKey:ABC",
            "0002-00000104",
        ),
        ("OSS4-HMAC-SHA256 Signature=abc", "0002-00000202"),
        (
            "OSS4-HMAC-SHA256 CredentialAK/20240615/r/oss/aliyun_v4_request,Signature=a",
            "0002-00000203",
        ),
        (
            "OSS4-HMAC-SHA256 Credential=\rAK/20240615/r/oss/aliyun_v4_request,Signature=a",
            "0002-00000206",
        ),
        (
            "OSS4-HMAC-SHA256 Credential=AK/20240615/r/s3/aliyun_v4_request,Signature=a",
            "0002-00000227",
        ),
        (
            "OSS4-HMAC-SHA256 Credential=AK/20240615//oss/aliyun_v4_request,Signature=a",
            "0002-00000203",
        ),
        (
            "OSS4-HMAC-SHA256 Credential=AK/20240616/r/oss/aliyun_v4_request,Signature=a",
            "0002-00000203",
        ),
    ];
    for (auth, ec) in cases {
        let f = auth_failure(auth);
        assert!(
            matches!(f, AuthFailure::Malformed { .. }),
            "{auth:?}: {f:?}"
        );
        assert_eq!(ec_of(&f), ec, "{auth:?}");
        let e = f.to_oss_error();
        assert_eq!((e.status, e.code), (400, "InvalidArgument"), "{auth:?}");
        assert!(!e.message.is_empty());
        assert_eq!(e.details, vec![("Authorization", auth.to_string())]);
    }
    assert_eq!(
        auth_failure("OSS LTAI5tOsslabTestKey01:bad")
            .to_oss_error()
            .code,
        "SignatureDoesNotMatch"
    );
}

fn url_failure(query: &[(&str, &str)]) -> AuthFailure {
    let req = WireRequest {
        method: "GET".into(),
        path: "/b/k".into(),
        query: query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    };
    verify(&req, &SignTarget::default(), &known, SIGNED_AT_MS).unwrap_err()
}

#[test]
fn malformed_presigned_urls() {
    let cred = "LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request";
    let cases: [(&[(&str, &str)], &str); 10] = [
        (&[("Expires", "1"), ("Signature", "s")], "0002-00000071"),
        (
            &[("OSSAccessKeyId", AK), ("Signature", "s")],
            "0002-00000067",
        ),
        (
            &[("OSSAccessKeyId", AK), ("Expires", ""), ("Signature", "s")],
            "0002-00000068",
        ),
        (
            &[
                ("OSSAccessKeyId", AK),
                ("Expires", "abc"),
                ("Signature", "s"),
            ],
            "0002-00000070",
        ),
        (
            &[
                ("OSSAccessKeyId", "a\tb"),
                ("Expires", "1"),
                ("Signature", "s"),
            ],
            "0002-00000073",
        ),
        (&[("x-oss-signature-version", "ABC")], "0002-00000066"),
        (
            &[
                ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
                ("x-oss-credential", cred),
                ("x-oss-date", "20240615T083000Z"),
                ("x-oss-expires", "3600"),
            ],
            "0002-00000219",
        ),
        (
            &[
                ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
                ("x-oss-credential", cred),
                ("x-oss-date", "20240615T083000Z"),
                ("x-oss-expires", "691200"),
                ("x-oss-signature", "s"),
            ],
            "0002-00000232",
        ),
        (
            &[
                ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
                (
                    "x-oss-credential",
                    "\rabc/20240615/cn-hangzhou/oss/aliyun_v4_request",
                ),
                ("x-oss-date", "20240615T083000Z"),
                ("x-oss-expires", "60"),
                ("x-oss-signature", "s"),
            ],
            "0002-00000222",
        ),
        (
            &[
                ("x-oss-signature-version", "OSS2"),
                ("x-oss-access-key-id", AK),
                ("x-oss-signature", "s"),
            ],
            "0002-00000113",
        ),
    ];
    for (query, ec) in cases {
        let f = url_failure(query);
        assert!(
            matches!(f, AuthFailure::Malformed { .. }),
            "{query:?}: {f:?}"
        );
        assert_eq!(ec_of(&f), ec, "{query:?}");
    }
}

/// Status, Code, Message, EC and extra elements of a failure's OSS error.
#[allow(clippy::type_complexity)]
fn fields(
    f: &AuthFailure,
) -> (
    u16,
    &'static str,
    String,
    &'static str,
    Vec<(&'static str, String)>,
) {
    let e = f.to_oss_error();
    (e.status, e.code, e.message, e.ec, e.details)
}

#[test]
fn failures_render_like_real_oss() {
    // The documented sample (EC 0002-00000040): the bytes line is upper-case hex, one space
    // after every byte.
    let f = AuthFailure::SignatureDoesNotMatch {
        scheme: AuthScheme::V1Header,
        string_to_sign: "PUT\n\n\nTue, 23 May 2023 15:24:55 GMT\n/dinary/?acl".into(),
        provided: "tPN3".into(),
        access_key_id: "LTAI".into(),
        canonical_request: None,
    };
    let (status, code, message, ec, extra) = fields(&f);
    assert_eq!(
        (status, code, ec),
        (403, "SignatureDoesNotMatch", "0002-00000040")
    );
    assert_eq!(
        message,
        "The request signature we calculated does not match the signature you provided. Check your key and signing method."
    );
    let names: Vec<&str> = extra.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "OSSAccessKeyId",
            "SignatureProvided",
            "StringToSign",
            "StringToSignBytes"
        ]
    );
    assert_eq!(
        extra[3].1,
        "50 55 54 0A 0A 0A 54 75 65 2C 20 32 33 20 4D 61 79 20 32 30 32 33 20 31 35 3A 32 34 3A 35 35 20 47 4D 54 0A 2F 64 69 6E 61 72 79 2F 3F 61 63 6C "
    );
    let v4 = AuthFailure::SignatureDoesNotMatch {
        scheme: AuthScheme::V4Query,
        string_to_sign: String::new(),
        provided: String::new(),
        access_key_id: String::new(),
        canonical_request: Some(String::new()),
    };
    assert_eq!(v4.to_oss_error().ec, "0002-00000201");

    let (status, code, message, ec, extra) = fields(&AuthFailure::InvalidAccessKeyId {
        access_key_id: "nobody".into(),
    });
    assert_eq!(
        (status, code, ec),
        (403, "InvalidAccessKeyId", "0002-00000902")
    );
    assert_eq!(
        message,
        "The OSS Access Key Id you provided does not exist in our records."
    );
    assert_eq!(extra, vec![("OSSAccessKeyId", "nobody".to_string())]);

    // A captured real response: Expires 2025-02-03T02:53:25.000Z, ServerTime 02:55:25.000Z.
    let (status, code, message, ec, extra) = fields(&AuthFailure::Expired {
        scheme: AuthScheme::V1Query,
        expires_epoch_secs: 1_738_551_205,
        now_ms: 1_738_551_325_400,
    });
    assert_eq!((status, code, ec), (403, "AccessDenied", "0002-00000069"));
    assert_eq!(message, "Request has expired.");
    assert_eq!(
        extra,
        vec![
            ("Expires", "2025-02-03T02:53:25.000Z".to_string()),
            ("ServerTime", "2025-02-03T02:55:25.000Z".to_string())
        ]
    );
    let v4_expired = AuthFailure::Expired {
        scheme: AuthScheme::V4Query,
        expires_epoch_secs: 0,
        now_ms: 1,
    };
    assert_eq!(v4_expired.to_oss_error().ec, "0002-00000236");
}

#[test]
fn encode_query_matches_oss2_url_rendering() {
    let v = VECTORS
        .iter()
        .find(|v| v.name == "oss2_v1_url_get")
        .unwrap();
    let req = wire(v);
    let (_, raw) = v.target.split_once('?').unwrap();
    assert_eq!(encode_query(&req.query), raw);
}
