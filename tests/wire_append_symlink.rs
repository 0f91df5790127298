//! AppendObject and symlinks through `Wire::handle`: the headers an SDK reads.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{error_doc, req, version_id, Lab, Req};

fn versioned_lab() -> Lab {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/bk1"));
    lab.ok(req("PUT", "/bk1")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    lab
}

fn append(key: &str, position: u64, body: &str) -> Req {
    req("POST", &format!("/bk1/{key}"))
        .q("append", "")
        .q("position", &position.to_string())
        .body(body)
}

fn crc(bytes: &[u8]) -> String {
    crc::Crc::<u64>::new(&crc::CRC_64_XZ)
        .checksum(bytes)
        .to_string()
}

#[test]
fn append_answers_position_crc_and_one_version_id() {
    let mut lab = versioned_lab();
    let first = lab.ok(append("log", 0, "hello ").h("content-type", "text/plain"));
    assert_eq!(first.header("x-oss-next-append-position"), Some("6"));
    assert_eq!(
        first.header("x-oss-hash-crc64ecma"),
        Some(crc(b"hello ").as_str())
    );
    let id = version_id(&first);
    let second = lab.ok(append("log", 6, "world").h("content-type", "image/png"));
    assert_eq!(second.header("x-oss-next-append-position"), Some("11"));
    assert_eq!(
        second.header("x-oss-hash-crc64ecma"),
        Some(crc(b"hello world").as_str())
    );
    assert_eq!(version_id(&second), id);
    assert_ne!(first.header("ETag"), second.header("ETag"));
    let head = lab.ok(req("HEAD", "/bk1/log"));
    assert_eq!(head.header("x-oss-object-type"), Some("Appendable"));
    assert_eq!(head.header("x-oss-next-append-position"), Some("11"));
    assert_eq!(head.header("Content-Length"), Some("11"));
    // Metadata from the first append only; no Content-MD5 (the ETag is not an MD5).
    assert_eq!(head.header("Content-Type"), Some("text/plain"));
    assert_eq!(head.header("Content-MD5"), None);
    let get = lab.ok(req("GET", "/bk1/log"));
    assert_eq!(get.body, b"hello world".to_vec());
    // One version in the listing.
    let list = lab.ok(req("GET", "/bk1").q("versions", ""));
    let text = String::from_utf8_lossy(&list.body);
    assert_eq!(text.matches("<Version>").count(), 1, "{text}");
    assert!(text.contains("<Type>Appendable</Type>"), "{text}");
}

#[test]
fn a_wrong_position_tells_the_length_in_a_header() {
    let mut lab = versioned_lab();
    lab.ok(append("log", 0, "abc"));
    let r = append("log", 1, "x");
    let resp = lab.send(&r);
    assert_eq!(resp.status, 409);
    assert_eq!(resp.header("x-oss-next-append-position"), Some("3"));
    assert_eq!(
        error_doc("POST", &resp).unwrap().code,
        "PositionNotEqualToLength"
    );
}

#[test]
fn put_over_an_appendable_keeps_it_as_a_previous_version() {
    let mut lab = versioned_lab();
    let old = version_id(&lab.ok(append("log", 0, "abc")));
    let new = version_id(&lab.ok(req("PUT", "/bk1/log").body("normal")));
    let resp = lab.send(&append("log", 6, "x"));
    assert_eq!(
        error_doc("POST", &resp).unwrap().code,
        "ObjectNotAppendable"
    );
    let got = lab.ok(req("GET", "/bk1/log").q("versionId", &old));
    assert_eq!(got.body, b"abc".to_vec());
    // Removing the newer version makes the Appendable current again, still closed.
    lab.ok(req("DELETE", "/bk1/log").q("versionId", &new));
    let resp = lab.send(&append("log", 3, "x"));
    assert_eq!(
        error_doc("POST", &resp).unwrap().code,
        "ObjectNotAppendable"
    );
    // A delete marker on top: a new Appendable version starts at 0.
    lab.ok(req("DELETE", "/bk1/log"));
    let fresh = version_id(&lab.ok(append("log", 0, "new")));
    assert_ne!(fresh, old);
}

#[test]
fn symlinks_are_versions_read_through_to_the_target() {
    let mut lab = versioned_lab();
    lab.ok(req("PUT", "/bk1/t1")
        .body("one")
        .h("content-type", "text/plain"));
    lab.ok(req("PUT", "/bk1/dir%2Ft%C3%A9 2").body("two"));
    let link_v1 = version_id(
        &lab.ok(req("PUT", "/bk1/link")
            .q("symlink", "")
            .h("x-oss-symlink-target", "t1")
            .h("x-oss-meta-who", "me")),
    );
    let got = lab.ok(req("GET", "/bk1/link"));
    assert_eq!(got.body, b"one".to_vec());
    assert_eq!(got.header("x-oss-object-type"), Some("Symlink"));
    assert_eq!(got.header("Content-Type"), Some("text/plain"));
    assert_eq!(got.header("x-oss-version-id"), Some(link_v1.as_str()));
    // A new version of the target is what the link reads.
    lab.ok(req("PUT", "/bk1/t1").body("one, again"));
    assert_eq!(lab.ok(req("GET", "/bk1/link")).body, b"one, again".to_vec());
    let head = lab.ok(req("HEAD", "/bk1/link"));
    assert_eq!(head.header("Content-Length"), Some("10"));
    // A second version of the link points elsewhere (percent-encoded target).
    let link_v2 = version_id(
        &lab.ok(req("PUT", "/bk1/link")
            .q("symlink", "")
            .h("x-oss-symlink-target", "dir%2Ft%C3%A9%202")),
    );
    let s = lab.ok(req("GET", "/bk1/link").q("symlink", ""));
    assert_eq!(s.header("x-oss-symlink-target"), Some("dir%2Ft%C3%A9%202"));
    assert_eq!(s.header("x-oss-version-id"), Some(link_v2.as_str()));
    let s1 = lab.ok(req("GET", "/bk1/link")
        .q("symlink", "")
        .q("versionId", &link_v1));
    assert_eq!(s1.header("x-oss-symlink-target"), Some("t1"));
    assert_eq!(s1.header("x-oss-meta-who"), Some("me"));
    // HEAD through that link version: the target's size, the link's own user metadata.
    let head_v1 = lab.ok(req("HEAD", "/bk1/link").q("versionId", &link_v1));
    assert_eq!(head_v1.header("x-oss-meta-who"), Some("me"));
    assert_eq!(head_v1.header("Content-Length"), Some("10"));
    assert_eq!(lab.ok(req("GET", "/bk1/link")).body, b"two".to_vec());
    // An old link version, read by id, also resolves to its target's current version.
    let old = lab.ok(req("GET", "/bk1/link").q("versionId", &link_v1));
    assert_eq!(old.body, b"one, again".to_vec());
    // Delete marker over the link, then recovery by removing the marker.
    let marker = version_id(&lab.ok(req("DELETE", "/bk1/link")));
    assert_eq!(lab.send(&req("GET", "/bk1/link")).status, 404);
    let resp = lab.send(&req("GET", "/bk1/link").q("symlink", ""));
    assert_eq!(resp.status, 404);
    assert_eq!(resp.header("x-oss-delete-marker"), Some("true"));
    lab.ok(req("DELETE", "/bk1/link").q("versionId", &marker));
    assert_eq!(lab.ok(req("GET", "/bk1/link")).body, b"two".to_vec());
    let list = lab.ok(req("GET", "/bk1").q("versions", "").q("prefix", "link"));
    let text = String::from_utf8_lossy(&list.body);
    assert_eq!(text.matches("<Type>Symlink</Type>").count(), 2, "{text}");
}

#[test]
fn a_dangling_link_heals_when_its_target_appears() {
    let mut lab = versioned_lab();
    lab.ok(req("PUT", "/bk1/link")
        .q("symlink", "")
        .h("x-oss-symlink-target", "later"));
    let resp = lab.send(&req("GET", "/bk1/link"));
    assert_eq!(
        error_doc("GET", &resp).unwrap().code,
        "SymlinkTargetNotExist"
    );
    lab.ok(req("PUT", "/bk1/later").body("here"));
    assert_eq!(lab.ok(req("GET", "/bk1/link")).body, b"here".to_vec());
    // A delete marker on the target breaks the link again.
    lab.ok(req("DELETE", "/bk1/later"));
    let resp = lab.send(&req("HEAD", "/bk1/link"));
    assert_eq!(
        error_doc("HEAD", &resp).unwrap().code,
        "SymlinkTargetNotExist"
    );
}

#[test]
fn acl_and_tags_come_from_the_first_append_and_symlinks_carry_their_own() {
    let mut lab = versioned_lab();
    lab.ok(append("log", 0, "ab")
        .h("x-oss-object-acl", "public-read")
        .h("x-oss-tagging", "k=v"));
    // A later append's ACL and tags are ignored, not even checked (oss2's own
    // test_append_object_with_tagging_wrong_num sends 15 tags there).
    let many = (0..15)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join("&");
    lab.ok(append("log", 2, "cd")
        .h("x-oss-object-acl", "nonsense")
        .h("x-oss-tagging", &many));
    let acl = lab.ok(req("GET", "/bk1/log").q("acl", ""));
    assert!(String::from_utf8_lossy(&acl.body).contains("<Grant>public-read</Grant>"));
    let head = lab.ok(req("HEAD", "/bk1/log"));
    assert_eq!(head.header("x-oss-tagging-count"), Some("1"));
    // The first append checks them like PutObject.
    let bad = lab.send(&append("other", 0, "x").h("x-oss-tagging", &many));
    assert_eq!(bad.status, 400);
    assert_eq!(error_doc("POST", &bad).unwrap().code, "InvalidTag");
    // A symlink version has its own.
    lab.ok(req("PUT", "/bk1/link")
        .q("symlink", "")
        .h("x-oss-symlink-target", "log")
        .h("x-oss-tagging", "a=1&b=2"));
    let tags = lab.ok(req("GET", "/bk1/link").q("tagging", ""));
    let text = String::from_utf8_lossy(&tags.body);
    assert_eq!(text.matches("<Tag>").count(), 2, "{text}");
}

#[test]
fn a_cold_bucket_refuses_a_new_appendable_object_unless_the_request_names_a_class() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/coldbk").body(
        "<CreateBucketConfiguration><StorageClass>ColdArchive</StorageClass></CreateBucketConfiguration>",
    ));
    let first = || {
        req("POST", "/coldbk/log")
            .q("append", "")
            .q("position", "0")
            .body("a")
    };
    let resp = lab.send(&first());
    assert_eq!(resp.status, 400);
    let doc = error_doc("POST", &resp).unwrap();
    assert_eq!(doc.code, "InvalidArgument");
    assert_eq!(doc.ec.as_deref(), Some("0016-00000503"));
    assert_eq!(lab.send(&req("HEAD", "/coldbk/log")).status, 404);
    let ok = lab.ok(first().h("x-oss-storage-class", "Archive"));
    assert_eq!(ok.header("x-oss-next-append-position"), Some("1"));
    let head = lab.ok(req("HEAD", "/coldbk/log"));
    assert_eq!(head.header("x-oss-storage-class"), Some("Archive"));
}
