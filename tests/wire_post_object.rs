//! PostObject through `Wire::handle`: form fields, policy, signatures, versioned buckets.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;

use common::{error_doc, form_body, form_post, req, Lab, Req, T0};
use osslab::engine::Engine;
use osslab::wire::auth::Credentials;
use osslab::wire::{Wire, WireConfig};

const AK: &str = "LTAIpostform";
const SK: &str = "post-form-secret";

fn form(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    form_body(fields, file)
}

fn post(bucket: &str, body: Vec<u8>) -> Req {
    form_post(bucket, body)
}

fn policy(json: &str) -> String {
    B64.encode(json)
}

/// 2025-01-01 plus a day: the lab clock is at T0 (2025-01-01T00:00:00Z).
const LATER: &str = "2025-01-02T00:00:00.000Z";

fn lab_with_bucket(versioned: bool) -> Lab {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/forms"));
    if versioned {
        lab.ok(req("PUT", "/forms")
            .q("versioning", "")
            .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    }
    lab
}

fn signed_lab() -> Lab {
    let mut lab = Lab {
        engine: Engine::new(T0),
        wire: Wire::new(WireConfig {
            credentials: vec![Credentials {
                access_key_id: AK.into(),
                access_key_secret: SK.into(),
            }],
            ..Default::default()
        }),
    };
    // Bucket created through the engine: the wire now demands signatures.
    lab.engine
        .create_bucket("forms", osslab::engine::StorageClass::Standard)
        .unwrap();
    lab
}

fn v1_signature(policy_b64: &str) -> String {
    let mut m = <Hmac<Sha1>>::new_from_slice(SK.as_bytes()).unwrap();
    m.update(policy_b64.as_bytes());
    B64.encode(m.finalize().into_bytes())
}

fn v4_signature(policy_b64: &str, date: &str) -> String {
    let h = |k: &[u8], m: &[u8]| {
        let mut mac = <Hmac<Sha256>>::new_from_slice(k).unwrap();
        mac.update(m);
        mac.finalize().into_bytes().to_vec()
    };
    let k = h(format!("aliyun_v4{SK}").as_bytes(), date.as_bytes());
    let k = h(&k, b"cn-hangzhou");
    let k = h(&k, b"oss");
    let k = h(&k, b"aliyun_v4_request");
    hex::encode(h(&k, policy_b64.as_bytes()))
}

fn code_of(lab: &mut Lab, r: &Req) -> (u16, String, String) {
    let resp = lab.send(r);
    let doc = error_doc("POST", &resp).unwrap_or_else(|e| panic!("{} {e}", resp.status));
    (resp.status, doc.code, doc.ec.unwrap_or_default())
}

#[test]
fn an_unsigned_form_upload_in_an_open_lab() {
    let mut lab = lab_with_bucket(false);
    let body = form(
        &[
            ("key", "uploads/${filename}"),
            ("Content-Type", "text/plain"),
            ("Cache-Control", "no-cache"),
            ("x-oss-meta-Owner", "Ann"),
            ("success_action_status", "201"),
        ],
        Some(("hello.txt", b"hello form")),
    );
    let resp = lab.ok(post("forms", body));
    assert_eq!(resp.status, 201);
    let text = String::from_utf8_lossy(&resp.body).into_owned();
    assert!(text.contains("<Key>uploads/hello.txt</Key>"), "{text}");
    assert!(text.contains("<Bucket>forms</Bucket>"), "{text}");
    let got = lab.ok(req("GET", "/forms/uploads%2Fhello.txt"));
    assert_eq!(got.body, b"hello form".to_vec());
    assert_eq!(got.header("Content-Type"), Some("text/plain"));
    assert_eq!(got.header("Cache-Control"), Some("no-cache"));
    assert_eq!(got.header("x-oss-meta-owner"), Some("Ann"));
    assert_eq!(got.header("x-oss-object-type"), Some("Normal"));
}

#[test]
fn success_status_200_204_and_redirect() {
    let mut lab = lab_with_bucket(false);
    for (status, want) in [("200", 200), ("204", 204), ("999", 204)] {
        let body = form(
            &[("key", "k"), ("success_action_status", status)],
            Some(("f", b"x")),
        );
        let resp = lab.ok(post("forms", body));
        assert_eq!(resp.status, want);
        assert!(resp.body.is_empty());
        assert!(resp.header("ETag").is_some());
    }
    let body = form(
        &[
            ("key", "r k"),
            ("success_action_redirect", "http://example.test/done?x=1"),
            ("success_action_status", "201"),
        ],
        Some(("f", b"x")),
    );
    let resp = lab.send(&post("forms", body));
    assert_eq!(resp.status, 303);
    let location = resp.header("Location").unwrap();
    assert!(
        location.starts_with("http://example.test/done?x=1&bucket=forms&key=r%20k&etag="),
        "{location}"
    );
}

#[test]
fn a_versioned_bucket_gets_a_new_version_each_post() {
    let mut lab = lab_with_bucket(true);
    let first = lab.ok(post("forms", form(&[("key", "v")], Some(("f", b"one")))));
    let second = lab.ok(post("forms", form(&[("key", "v")], Some(("f", b"two")))));
    let (a, b) = (
        first.header("x-oss-version-id").unwrap().to_string(),
        second.header("x-oss-version-id").unwrap().to_string(),
    );
    assert_ne!(a, b);
    let old = lab.ok(req("GET", "/forms/v").q("versionId", &a));
    assert_eq!(old.body, b"one".to_vec());
    // forbid-overwrite has no effect in a versioned bucket...
    lab.ok(post(
        "forms",
        form(
            &[("key", "v"), ("x-oss-forbid-overwrite", "true")],
            Some(("f", b"three")),
        ),
    ));
    // ...and refuses an overwrite in an unversioned one.
    let mut plain = lab_with_bucket(false);
    plain.ok(post("forms", form(&[("key", "v")], Some(("f", b"one")))));
    let r = post(
        "forms",
        form(
            &[("key", "v"), ("x-oss-forbid-overwrite", "true")],
            Some(("f", b"two")),
        ),
    );
    assert_eq!(
        code_of(&mut plain, &r),
        (409, "FileAlreadyExists".into(), "0026-00000002".into())
    );
}

#[test]
fn policy_conditions_and_expiry() {
    let mut lab = lab_with_bucket(false);
    let p = policy(&format!(
        r#"{{"expiration":"{LATER}","conditions":[{{"bucket":"forms"}},["starts-with","$key","user/"],["eq","$x-oss-meta-tag","ok"],["content-length-range",2,5],["in","$content-type",["text/plain","image/png"]]]}}"#
    ));
    let good = [
        ("key", "user/a"),
        ("policy", p.as_str()),
        ("x-oss-meta-tag", "ok"),
        ("Content-Type", "text/plain"),
    ];
    lab.ok(post("forms", form(&good, Some(("f", b"abc")))));
    let with = |k: &str, v: &str| -> Vec<(String, String)> {
        good.iter()
            .map(|(a, b)| {
                if *a == k {
                    (a.to_string(), v.to_string())
                } else {
                    (a.to_string(), b.to_string())
                }
            })
            .collect()
    };
    let send = |lab: &mut Lab, fields: Vec<(String, String)>, file: &[u8]| {
        let f: Vec<(&str, &str)> = fields
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        code_of(lab, &post("forms", form(&f, Some(("f", file)))))
    };
    let denied = (403, "AccessDenied".to_string(), "0006-00000227".to_string());
    assert_eq!(send(&mut lab, with("key", "other/a"), b"abc"), denied);
    assert_eq!(send(&mut lab, with("x-oss-meta-tag", "no"), b"abc"), denied);
    assert_eq!(
        send(&mut lab, with("Content-Type", "text/html"), b"abc"),
        denied
    );
    assert_eq!(
        send(&mut lab, with("key", "user/b"), b"too long"),
        (400, "EntityTooLarge".into(), "0006-00000003".into())
    );
    assert_eq!(
        send(&mut lab, with("key", "user/b"), b"a"),
        (400, "EntityTooSmall".into(), "0006-00000004".into())
    );
    // The bucket condition names another bucket.
    lab.ok(req("PUT", "/other"));
    let f: Vec<(&str, &str)> = good.to_vec();
    assert_eq!(
        code_of(&mut lab, &post("other", form(&f, Some(("f", b"abc"))))),
        denied
    );
    // Expired.
    let old = policy(r#"{"expiration":"2024-12-31T00:00:00.000Z","conditions":[]}"#);
    assert_eq!(
        code_of(
            &mut lab,
            &post(
                "forms",
                form(&[("key", "k"), ("policy", &old)], Some(("f", b"x")))
            )
        ),
        (403, "AccessDenied".into(), "0006-00000005".into())
    );
    // Nothing was written by the refused forms.
    let list = lab.ok(req("GET", "/forms"));
    let text = String::from_utf8_lossy(&list.body);
    assert_eq!(text.matches("<Key>").count(), 1, "{text}");
}

#[test]
fn signed_forms_v1_and_v4() {
    let mut lab = signed_lab();
    let p = policy(&format!(
        r#"{{"expiration":"{LATER}","conditions":[["starts-with","$key",""]]}}"#
    ));
    let sig = v1_signature(&p);
    lab.ok(post(
        "forms",
        form(
            &[
                ("key", "v1.txt"),
                ("OSSAccessKeyId", AK),
                ("policy", &p),
                ("Signature", &sig),
            ],
            Some(("f", b"v1")),
        ),
    ));
    let date = "20250101";
    let credential = format!("{AK}/{date}/cn-hangzhou/oss/aliyun_v4_request");
    let sig4 = v4_signature(&p, date);
    lab.ok(post(
        "forms",
        form(
            &[
                ("key", "v4.txt"),
                ("policy", &p),
                ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
                ("x-oss-credential", &credential),
                ("x-oss-date", "20250101T000000Z"),
                ("x-oss-signature", &sig4),
            ],
            Some(("f", b"v4")),
        ),
    ));
    assert!(lab
        .engine
        .bucket("forms")
        .unwrap()
        .stack("v4.txt")
        .is_some());
    // A wrong signature, an unknown key, no signature, a signature without a policy.
    let bad = |fields: &[(&str, &str)]| post("forms", form(fields, Some(("f", b"x"))));
    let r = bad(&[
        ("key", "k"),
        ("OSSAccessKeyId", AK),
        ("policy", &p),
        ("Signature", "AAAA"),
    ]);
    assert_eq!(
        code_of(&mut lab, &r),
        (403, "SignatureDoesNotMatch".into(), "0002-00000040".into())
    );
    let r = bad(&[
        ("key", "k"),
        ("OSSAccessKeyId", "LTAInobody"),
        ("policy", &p),
        ("Signature", &sig),
    ]);
    assert_eq!(
        code_of(&mut lab, &r),
        (403, "InvalidAccessKeyId".into(), "0002-00000902".into())
    );
    let r = bad(&[
        ("key", "k"),
        ("policy", &p),
        ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
        ("x-oss-credential", &credential),
        ("x-oss-signature", "00"),
    ]);
    assert_eq!(
        code_of(&mut lab, &r),
        (403, "SignatureDoesNotMatch".into(), "0002-00000201".into())
    );
    let r = bad(&[("key", "k")]);
    assert_eq!(code_of(&mut lab, &r).1, "AccessDenied");
    let r = bad(&[("key", "k"), ("OSSAccessKeyId", AK), ("Signature", &sig)]);
    assert_eq!(
        code_of(&mut lab, &r),
        (400, "InvalidArgument".into(), "0002-00000702".into())
    );
}

#[test]
fn form_acl_and_tagging_fields_reach_the_version() {
    let mut lab = lab_with_bucket(false);
    lab.ok(post(
        "forms",
        form(
            &[
                ("key", "tagged.txt"),
                ("x-oss-object-acl", "public-read"),
                ("x-oss-tagging", "a=1&b=2"),
            ],
            Some(("f.txt", b"x")),
        ),
    ));
    let acl = lab.ok(req("GET", "/forms/tagged.txt").q("acl", ""));
    assert!(String::from_utf8_lossy(&acl.body).contains("<Grant>public-read</Grant>"));
    let head = lab.ok(req("HEAD", "/forms/tagged.txt"));
    assert_eq!(head.header("x-oss-tagging-count"), Some("2"));
    // Read like the PutObject headers: an unknown ACL is refused and stores nothing.
    let bad = lab.send(&post(
        "forms",
        form(
            &[("key", "bad.txt"), ("x-oss-object-acl", "public")],
            Some(("f.txt", b"x")),
        ),
    ));
    assert_eq!(bad.status, 400);
    assert_eq!(
        error_doc("POST", &bad).unwrap().ec.as_deref(),
        Some("0017-00000104")
    );
    assert_eq!(lab.send(&req("HEAD", "/forms/bad.txt")).status, 404);
}
