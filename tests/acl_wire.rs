//! ACLs, tags, CORS and GetBucketStat straight through `Wire::handle`: document shapes, the
//! headers they add, and the lab's "anonymous" mode (unsigned requests judged by the ACLs
//! without a configured key pair). The SDK suites cover the same operations end to end.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{between, req, version_id, Lab};

fn versioned_lab() -> Lab {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    lab.ok(req("PUT", "/bkt")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    lab
}

#[test]
fn acl_documents_and_version_headers() {
    let mut lab = versioned_lab();
    let v1 = version_id(
        &lab.ok(req("PUT", "/bkt/k")
            .h("x-oss-object-acl", "public-read")
            .body("1")),
    );
    lab.ok(req("PUT", "/bkt/k").body("2"));
    let got = lab.ok(req("GET", "/bkt/k").q("acl", "").q("versionId", &v1));
    assert_eq!(got.header("x-oss-version-id"), Some(v1.as_str()));
    let body = String::from_utf8_lossy(&got.body).into_owned();
    assert!(body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AccessControlPolicy>"));
    assert_eq!(between(&got.body, "<Grant>", "</Grant>"), "public-read");
    assert!(body.contains("<Owner>"), "{body}");
    let current = lab.ok(req("GET", "/bkt/k").q("acl", ""));
    assert_eq!(between(&current.body, "<Grant>", "</Grant>"), "default");
    let bucket = lab.ok(req("GET", "/bkt").q("acl", ""));
    assert_eq!(between(&bucket.body, "<Grant>", "</Grant>"), "private");
    lab.ok(req("PUT", "/bkt")
        .q("acl", "")
        .h("x-oss-acl", "public-read-write"));
    let info = lab.ok(req("GET", "/bkt").q("bucketInfo", ""));
    assert_eq!(
        between(&info.body, "<Grant>", "</Grant>"),
        "public-read-write"
    );
}

#[test]
fn tags_documents_and_tagging_count() {
    let mut lab = versioned_lab();
    let v1 = version_id(
        &lab.ok(req("PUT", "/bkt/k")
            .h("x-oss-tagging", "a=1&b=x%20y")
            .body("1")),
    );
    let head = lab.ok(req("HEAD", "/bkt/k"));
    assert_eq!(head.header("x-oss-tagging-count"), Some("2"));
    let got = lab.ok(req("GET", "/bkt/k").q("tagging", ""));
    let body = String::from_utf8_lossy(&got.body).into_owned();
    assert!(
        body.contains("<Tag>\n      <Key>b</Key>\n      <Value>x y</Value>\n    </Tag>"),
        "{body}"
    );
    let v2 = version_id(&lab.ok(req("PUT", "/bkt/k").body("2")));
    assert_eq!(
        lab.ok(req("HEAD", "/bkt/k")).header("x-oss-tagging-count"),
        None
    );
    let empty = lab.ok(req("GET", "/bkt/k").q("tagging", ""));
    assert!(String::from_utf8_lossy(&empty.body).contains("<TagSet></TagSet>"));
    let del = lab.ok(req("DELETE", "/bkt/k").q("tagging", "").q("versionId", &v1));
    assert_eq!(
        (del.status, del.header("x-oss-version-id")),
        (204, Some(v1.as_str()))
    );
    // Tagging an old version neither makes a version nor moves the current one.
    let versions = lab.ok(req("GET", "/bkt").q("versions", ""));
    assert_eq!(
        String::from_utf8_lossy(&versions.body)
            .matches("<Version>")
            .count(),
        2
    );
    assert_eq!(version_id(&lab.ok(req("HEAD", "/bkt/k"))), v2);
}

#[test]
fn cors_headers_on_actual_requests_and_vary() {
    let mut lab = versioned_lab();
    lab.ok(req("PUT", "/bkt").q("cors", "").body(
        "<CORSConfiguration><CORSRule><AllowedOrigin>http://a.example</AllowedOrigin>\
         <AllowedMethod>GET</AllowedMethod><ExposeHeader>x-oss-version-id</ExposeHeader>\
         <MaxAgeSeconds>5</MaxAgeSeconds></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>",
    ));
    let got = lab.ok(req("GET", "/bkt").q("cors", ""));
    assert!(String::from_utf8_lossy(&got.body).contains("<ResponseVary>true</ResponseVary>"));
    // A 404 still carries the headers, so a page can read the error.
    let missing = lab.send(&req("GET", "/bkt/none").h("origin", "http://a.example"));
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Access-Control-Allow-Origin"),
        Some("http://a.example")
    );
    assert_eq!(
        missing.header("Access-Control-Expose-Headers"),
        Some("x-oss-version-id")
    );
    assert_eq!(missing.header("Vary"), Some("Origin"));
    // A method the rule does not allow, or another origin: no CORS headers.
    let put = lab.send(
        &req("PUT", "/bkt/k")
            .h("origin", "http://a.example")
            .body("x"),
    );
    assert_eq!(put.status, 200);
    assert_eq!(put.header("Access-Control-Allow-Origin"), None);
    let other = lab.send(&req("GET", "/bkt/k").h("origin", "http://b.example"));
    assert_eq!(other.header("Access-Control-Allow-Origin"), None);
    let pre = lab.ok(req("OPTIONS", "/bkt/k")
        .h("origin", "http://a.example")
        .h("access-control-request-method", "GET"));
    assert_eq!(pre.header("Access-Control-Max-Age"), Some("5"));
    assert!(pre.body.is_empty());
}

#[test]
fn lab_anonymous_mode_judges_unsigned_requests_by_acl() {
    let mut lab = versioned_lab();
    lab.ok(req("PUT", "/bkt/pub")
        .h("x-oss-object-acl", "public-read")
        .body("p"));
    lab.ok(req("PUT", "/bkt/priv").body("s"));
    // Off (the default): an unsigned request is the owner's, as before.
    lab.ok(req("GET", "/bkt/priv"));
    lab.wire.set_unsigned_is_anonymous(true);
    assert_eq!(lab.send(&req("GET", "/bkt/pub")).status, 200);
    let denied = lab.send(&req("GET", "/bkt/priv"));
    assert_eq!(
        (denied.status, denied.header("x-oss-ec")),
        (403, Some("0003-00000001"))
    );
    assert_eq!(lab.send(&req("PUT", "/bkt/pub").body("w")).status, 403);
    assert_eq!(lab.send(&req("GET", "/bkt").q("versions", "")).status, 403);
    assert_eq!(lab.send(&req("GET", "/bkt/pub").q("acl", "")).status, 403);
    // A signed request still goes through (the lab accepts any signature).
    let signed = req("GET", "/bkt/priv").h("authorization", "OSS owner:c2lnbmF0dXJl");
    assert_eq!(lab.send(&signed).status, 200);
}

#[test]
fn bucket_stat_document() {
    let mut lab = versioned_lab();
    lab.ok(req("PUT", "/bkt/k").body("12345"));
    lab.ok(req("PUT", "/bkt/k")
        .h("x-oss-storage-class", "Archive")
        .body("1"));
    lab.ok(req("DELETE", "/bkt/k"));
    lab.ok(req("POST", "/bkt/mp").q("uploads", ""));
    let got = lab.ok(req("GET", "/bkt").q("stat", ""));
    let field = |name: &str| between(&got.body, &format!("<{name}>"), &format!("</{name}>"));
    assert_eq!(field("Storage"), "6");
    assert_eq!(field("ObjectCount"), "2");
    assert_eq!(field("DeleteMarkerCount"), "1");
    assert_eq!(field("MultipartUploadCount"), "1");
    assert_eq!(field("ArchiveStorage"), (64 * 1024).to_string());
    assert_eq!(field("ArchiveRealStorage"), "1");
    assert_eq!(field("LastModifiedTime"), (common::T0 / 1000).to_string());
}

#[test]
fn read_only_identities_still_cannot_change_acls_or_tags() {
    use osslab::engine::access::{Identity, Policy};
    let mut lab = versioned_lab();
    lab.ok(req("PUT", "/bkt/k").body("1"));
    lab.engine
        .create_identity(Identity::new("ro", "AKRO", "s", Policy::read_only()))
        .unwrap();
    let signed = |r: common::Req| r.h("authorization", "OSS AKRO:c2lnbmF0dXJl");
    let denied = lab.send(&signed(
        req("PUT", "/bkt/k")
            .q("acl", "")
            .h("x-oss-object-acl", "public-read"),
    ));
    assert_eq!(
        (denied.status, denied.header("x-oss-ec")),
        (403, Some("0003-00000202"))
    );
    let denied = lab.send(&signed(req("DELETE", "/bkt/k").q("tagging", "")));
    assert_eq!(denied.status, 403);
    let denied = lab.send(&signed(
        req("PUT", "/bkt")
            .q("cors", "")
            .body("<CORSConfiguration/>"),
    ));
    assert_eq!(denied.status, 403);
    // Reading them is a Get*: allowed.
    assert_eq!(
        lab.send(&signed(req("GET", "/bkt/k").q("acl", ""))).status,
        200
    );
    assert_eq!(
        lab.send(&signed(req("GET", "/bkt").q("stat", ""))).status,
        200
    );
}

#[test]
fn lifecycle_not_tag_spares_versions_that_carry_the_tag() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bkt"));
    lab.ok(req("PUT", "/bkt").q("lifecycle", "").body(
        "<LifecycleConfiguration><Rule><ID>r</ID><Prefix></Prefix><Status>Enabled</Status>\
         <Filter><Not><Prefix>keep/</Prefix><Tag><Key>hold</Key><Value>yes</Value></Tag></Not></Filter>\
         <Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>",
    ));
    lab.ok(req("PUT", "/bkt/keep/held")
        .h("x-oss-tagging", "hold=yes")
        .body("h"));
    lab.ok(req("PUT", "/bkt/keep/loose").body("l"));
    lab.ok(req("PUT", "/bkt/other")
        .h("x-oss-tagging", "hold=yes")
        .body("o"));
    let t = lab.engine.now() + 3 * 86_400_000;
    lab.engine.set_now(t);
    assert_eq!(lab.send(&req("GET", "/bkt/keep/held")).status, 200);
    assert_eq!(lab.send(&req("GET", "/bkt/keep/loose")).status, 404);
    // The Not's conditions hold together: outside keep/ the tag protects nothing.
    assert_eq!(lab.send(&req("GET", "/bkt/other")).status, 404);
}
