//! Golden tests: response bodies against the shape of the samples in the OSS API reference and
//! the SDK test fixtures (element names, order, nesting, quoting of ETags, `.000Z` times,
//! `true`/`false` booleans), after normalising whitespace and volatile values (request ids,
//! version ids, upload ids, dates, host).
//!
//! The expected documents are written in the element order of the OSS API pages' samples
//! (DeleteMultipleObjects, the multipart operations, the error body, ListObjectVersions,
//! GetBucketVersioning; see docs/fidelity.md §Response documents); values that the emulator picks itself are
//! replaced by placeholders on both sides.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{req, version_id, Lab, Req};

/// Collapses the whitespace between tags and trims text; replaces volatile values with
/// placeholders.
fn normalise(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml.trim();
    while let Some(i) = rest.find('<') {
        let text = rest[..i].trim();
        out.push_str(text);
        let j = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        out.push_str(&rest[i..j]);
        rest = &rest[j..];
    }
    out.push_str(rest.trim());
    let mut s = out;
    for (open, close, placeholder) in [
        ("<RequestId>", "</RequestId>", "REQUEST-ID"),
        ("<HostId>", "</HostId>", "HOST"),
        ("<LastModified>", "</LastModified>", "TIME"),
        ("<Initiated>", "</Initiated>", "TIME"),
        ("<UploadId>", "</UploadId>", "UPLOAD-ID"),
        ("<Location>", "</Location>", "LOCATION"),
    ] {
        s = replace_between(&s, open, close, placeholder);
    }
    s
}

fn replace_between(s: &str, open: &str, close: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(a) = rest.find(open) {
        let start = a + open.len();
        let Some(b) = rest[start..].find(close) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(with);
        rest = &rest[start + b..];
    }
    out.push_str(rest);
    out
}

/// Replaces each real id by its name, so expected documents can say `V1`, `M1`, ...
fn name_ids(s: &str, ids: &[(&str, &str)]) -> String {
    let mut s = s.to_string();
    for (id, name) in ids {
        s = s.replace(id, name);
    }
    s
}

fn body(resp: &osslab::wire::http::WireResponse) -> String {
    String::from_utf8(resp.body.to_vec()).unwrap()
}

fn assert_golden(actual: &str, expected: &str) {
    let (a, e) = (normalise(actual), normalise(expected));
    assert_eq!(a, e, "\nactual:   {a}\nexpected: {e}");
}

const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

#[test]
fn get_bucket_versioning_never_versioned_is_the_doc_sample_byte_for_byte() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/examplebucket"));
    let resp = lab.ok(req("GET", "/examplebucket").q("versioning", ""));
    // D-GBV sample: self-closed, namespaced, no Status, Content-Length 74.
    assert_eq!(
        body(&resp),
        r#"<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"/>"#
    );
    assert_eq!(resp.header("Content-Length"), Some("74"));
    assert_eq!(resp.header("Content-Type"), Some("application/xml"));

    lab.ok(req("PUT", "/examplebucket")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    let resp = lab.ok(req("GET", "/examplebucket").q("versioning", ""));
    assert_golden(
        &body(&resp),
        &format!(
            "{DECL}<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"
        ),
    );
}

#[test]
fn list_object_versions_matches_the_doc_sample_shape() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/examplebucket"));
    lab.ok(req("PUT", "/examplebucket")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    let v1 = version_id(&lab.ok(req("PUT", "/examplebucket/example").body("hello")));
    let m1 = version_id(&lab.ok(req("DELETE", "/examplebucket/example")));
    let v2 = version_id(&lab.ok(req("PUT", "/examplebucket/photo.jpg").body("jpeg")));
    let resp = lab.ok(req("GET", "/examplebucket").q("versions", ""));
    let actual = name_ids(&body(&resp), &[(&v1, "V1"), (&m1, "M1"), (&v2, "V2")]);
    // Element order as in the ListObjectVersions reference sample (DeleteMarker and Version
    // entries interleaved in listing order; Owner last).
    let owner =
        "<Owner><ID>1234567890123456</ID><DisplayName>1234567890123456</DisplayName></Owner>";
    let expected = format!(
        "{DECL}<ListVersionsResult>\
           <Name>examplebucket</Name><Prefix></Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>\
           <MaxKeys>100</MaxKeys><Delimiter></Delimiter><IsTruncated>false</IsTruncated>\
           <DeleteMarker><Key>example</Key><VersionId>M1</VersionId><IsLatest>true</IsLatest><LastModified>T</LastModified>{owner}</DeleteMarker>\
           <Version><Key>example</Key><VersionId>V1</VersionId><IsLatest>false</IsLatest><LastModified>T</LastModified>\
             <ETag>\"5D41402ABC4B2A76B9719D911017C592\"</ETag><Type>Normal</Type><Size>5</Size><StorageClass>Standard</StorageClass>{owner}</Version>\
           <Version><Key>photo.jpg</Key><VersionId>V2</VersionId><IsLatest>true</IsLatest><LastModified>T</LastModified>\
             <ETag>\"A3D5C6B4DE9C4ED0C6C2B4F5A0D6C1B6\"</ETag><Type>Normal</Type><Size>4</Size><StorageClass>Standard</StorageClass>{owner}</Version>\
         </ListVersionsResult>"
    );
    // The ETag of "jpeg" is computed, not guessed.
    let jpeg = osslab::engine::integrity::md5(b"jpeg");
    let expected = expected.replace("A3D5C6B4DE9C4ED0C6C2B4F5A0D6C1B6", &hex::encode_upper(jpeg));
    assert_golden(&actual, &expected);
    // Timestamps are ISO 8601 with exactly `.000Z` (oss2 requires it).
    let text = body(&resp);
    let times: Vec<_> = text.match_indices("<LastModified>").collect();
    assert_eq!(times.len(), 3);
    assert!(text.contains("T00:00:00.000Z</LastModified>"), "{text}");
}

#[test]
fn list_object_versions_truncated_page_names_the_resume_point() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/examplebucket"));
    lab.ok(req("PUT", "/examplebucket")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    let v1 = version_id(&lab.ok(req("PUT", "/examplebucket/a").body("1")));
    let v2 = version_id(&lab.ok(req("PUT", "/examplebucket/a").body("2")));
    let resp = lab.ok(req("GET", "/examplebucket")
        .q("versions", "")
        .q("max-keys", "1")
        .q("encoding-type", "url"));
    let actual = name_ids(&body(&resp), &[(&v1, "V1"), (&v2, "V2")]);
    let owner =
        "<Owner><ID>1234567890123456</ID><DisplayName>1234567890123456</DisplayName></Owner>";
    let etag = hex::encode_upper(osslab::engine::integrity::md5(b"2"));
    let expected = format!(
        "{DECL}<ListVersionsResult>\
           <Name>examplebucket</Name><Prefix></Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>\
           <MaxKeys>1</MaxKeys><Delimiter></Delimiter><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>\
           <NextKeyMarker>a</NextKeyMarker><NextVersionIdMarker>V2</NextVersionIdMarker>\
           <Version><Key>a</Key><VersionId>V2</VersionId><IsLatest>true</IsLatest><LastModified>T</LastModified>\
             <ETag>\"{etag}\"</ETag><Type>Normal</Type><Size>1</Size><StorageClass>Standard</StorageClass>{owner}</Version>\
         </ListVersionsResult>"
    );
    assert_golden(&actual, &expected);
}

#[test]
fn delete_result_matches_the_sdk_samples() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/examplebucket"));
    lab.ok(req("PUT", "/examplebucket")
        .q("versioning", "")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
    let v1 = version_id(&lab.ok(req("PUT", "/examplebucket/multipart.data").body("m")));
    lab.ok(req("PUT", "/examplebucket/test.jpg").body("t"));
    let body_xml = format!(
        "<Delete><Quiet>false</Quiet>\
           <Object><Key>multipart.data</Key><VersionId>{v1}</VersionId></Object>\
           <Object><Key>test.jpg</Key></Object>\
           <Object><Key>demo jpg</Key></Object>\
         </Delete>"
    );
    let resp = lab.ok(req("POST", "/examplebucket")
        .q("delete", "")
        .q("encoding-type", "url")
        .body(body_xml)
        .md5());
    let text = normalise(&body(&resp));
    let m_test = common::between(
        text.as_bytes(),
        "<Key>test.jpg</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>",
        "<",
    );
    let after_demo = text.split("<Key>demo%20jpg</Key>").nth(1).unwrap();
    let m_demo = common::between(after_demo.as_bytes(), "<DeleteMarkerVersionId>", "<");
    let actual = name_ids(&text, &[(&v1, "V1"), (&m_test, "M1"), (&m_demo, "M2")]);
    // gov2/oss2 samples: with a VersionId the id is echoed; without one a marker is created
    // and reported as DeleteMarker + DeleteMarkerVersionId.
    let expected = format!(
        "{DECL}<DeleteResult><EncodingType>url</EncodingType>\
           <Deleted><Key>multipart.data</Key><VersionId>V1</VersionId></Deleted>\
           <Deleted><Key>test.jpg</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>M1</DeleteMarkerVersionId></Deleted>\
           <Deleted><Key>demo%20jpg</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>M2</DeleteMarkerVersionId></Deleted>\
         </DeleteResult>"
    );
    assert_golden(&actual, &expected);

    // Quiet: an empty result document.
    let resp = lab.ok(req("POST", "/examplebucket")
        .q("delete", "")
        .body("<Delete><Quiet>true</Quiet><Object><Key>test.jpg</Key></Object></Delete>")
        .md5());
    assert_golden(&body(&resp), &format!("{DECL}<DeleteResult/>"));
}

#[test]
fn complete_multipart_upload_result_matches_the_doc_sample() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/oss-example"));
    let init = lab.ok(req("POST", "/oss-example/multipart.data").q("uploads", ""));
    assert_golden(
        &body(&init),
        &format!(
            "{DECL}<InitiateMultipartUploadResult><Bucket>oss-example</Bucket><Key>multipart.data</Key>\
             <UploadId>X</UploadId></InitiateMultipartUploadResult>"
        ),
    );
    let upload_id = common::between(&init.body, "<UploadId>", "</UploadId>");
    let p1 = vec![b'a'; 100 * 1024];
    let e1 = lab
        .ok(req("PUT", "/oss-example/multipart.data")
            .q("partNumber", "1")
            .q("uploadId", &upload_id)
            .body(p1.clone()))
        .header("ETag")
        .unwrap()
        .to_string();
    let e2 = lab
        .ok(req("PUT", "/oss-example/multipart.data")
            .q("partNumber", "5")
            .q("uploadId", &upload_id)
            .body("tail"))
        .header("ETag")
        .unwrap()
        .to_string();
    let resp = lab.ok(req("POST", "/oss-example/multipart.data")
        .q("uploadId", &upload_id)
        .body(format!(
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{e1}</ETag></Part>\
                 <Part><PartNumber>5</PartNumber><ETag>{e2}</ETag></Part></CompleteMultipartUpload>"
            )));
    // The multipart ETag: MD5 of the concatenated upper-case hex part ETags, "-N".
    let hexes = format!("{}{}", e1.trim_matches('"'), e2.trim_matches('"'));
    let etag = format!(
        "{}-2",
        hex::encode_upper(osslab::engine::integrity::md5(hexes.as_bytes()))
    );
    assert_eq!(resp.header("ETag"), Some(format!("\"{etag}\"").as_str()));
    assert_golden(
        &body(&resp),
        &format!(
            "{DECL}<CompleteMultipartUploadResult><Location>L</Location><Bucket>oss-example</Bucket>\
             <Key>multipart.data</Key><ETag>\"{etag}\"</ETag></CompleteMultipartUploadResult>"
        ),
    );
    assert_eq!(
        common::between(&resp.body, "<Location>", "</Location>"),
        "http://127.0.0.1:9000/oss-example/multipart.data"
    );
}

#[test]
fn error_document_matches_the_doc_sample_with_ec() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/examplebucket"));
    let resp = lab.send(&req("GET", "/examplebucket/nothing.txt"));
    assert_eq!(resp.status, 404);
    assert_eq!(resp.header("x-oss-ec"), Some("0026-00000001"));
    assert_eq!(resp.header("Content-Type"), Some("application/xml"));
    assert_golden(
        &body(&resp),
        &format!(
            "{DECL}<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>\
             <RequestId>R</RequestId><HostId>H</HostId><Key>nothing.txt</Key>\
             <EC>0026-00000001</EC><RecommendDoc>https://api.aliyun.com/troubleshoot?q=0026-00000001</RecommendDoc></Error>"
        ),
    );
    let rid = common::between(&resp.body, "<RequestId>", "</RequestId>");
    assert_eq!(rid.len(), 24);
    assert!(rid
        .bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
    assert_eq!(resp.header("x-oss-request-id"), Some(rid.as_str()));

    // Seed 003 sample: CleanRestoredObject on an object never restored.
    lab.ok(req("PUT", "/examplebucket/cold.bin")
        .h("x-oss-storage-class", "ColdArchive")
        .body("c"));
    let resp = lab.send(&req("POST", "/examplebucket/cold.bin").q("cleanRestoredObject", ""));
    assert_eq!(resp.status, 409);
    assert_golden(
        &body(&resp),
        &format!(
            "{DECL}<Error><Code>ArchiveRestoreFileStale</Code><Message>The archive file or restore info stale</Message>\
             <RequestId>R</RequestId><HostId>H</HostId>\
             <EC>0016-00000718</EC><RecommendDoc>https://api.aliyun.com/troubleshoot?q=0016-00000718</RecommendDoc></Error>"
        ),
    );
}

#[test]
fn list_parts_and_uploads_carry_the_elements_oss2_requires() {
    let mut lab = Lab::default();
    lab.ok(req("PUT", "/oss-example"));
    let init = lab.ok(req("POST", "/oss-example/multipart.data").q("uploads", ""));
    let upload_id = common::between(&init.body, "<UploadId>", "</UploadId>");
    let part = lab.ok(req("PUT", "/oss-example/multipart.data")
        .q("partNumber", "1")
        .q("uploadId", &upload_id)
        .body("abc"));
    let etag = part.header("ETag").unwrap().to_string();
    let crc = part.header("x-oss-hash-crc64ecma").unwrap().to_string();
    let resp = lab.ok(req("GET", "/oss-example/multipart.data").q("uploadId", &upload_id));
    assert_golden(
        &body(&resp),
        &format!(
            "{DECL}<ListPartsResult><Bucket>oss-example</Bucket><Key>multipart.data</Key><UploadId>U</UploadId>\
             <PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1000</MaxParts>\
             <IsTruncated>false</IsTruncated><StorageClass>Standard</StorageClass>\
             <Part><PartNumber>1</PartNumber><LastModified>T</LastModified><ETag>{etag}</ETag>\
             <HashCrc64ecma>{crc}</HashCrc64ecma><Size>3</Size></Part></ListPartsResult>"
        ),
    );
    let resp = lab.ok(req("GET", "/oss-example").q("uploads", ""));
    assert_golden(
        &body(&resp),
        &format!(
            "{DECL}<ListMultipartUploadsResult><Bucket>oss-example</Bucket><KeyMarker></KeyMarker>\
             <UploadIdMarker></UploadIdMarker><NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker>\
             <Delimiter></Delimiter><Prefix></Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>\
             <Upload><Key>multipart.data</Key><UploadId>U</UploadId><Initiated>T</Initiated></Upload>\
             </ListMultipartUploadsResult>"
        ),
    );
}

#[test]
fn every_response_carries_the_engine_clock_as_its_date() {
    let mut lab = Lab::default();
    let date = |lab: &mut Lab, r: Req| {
        let resp = lab.send(&r);
        let want = osslab::wire::format::http_date(lab.engine.now());
        assert_eq!(resp.header("Date"), Some(want.as_str()), "{}", r.0.path);
    };
    date(&mut lab, req("PUT", "/dates"));
    // Within the same second, a second later, an hour later, and on an error response.
    for step in [400, 400, 1_000, 3_600_000, 1] {
        lab.engine.set_now(lab.engine.now() + step);
        date(&mut lab, req("GET", "/dates/none")); // 404
        date(&mut lab, req("PUT", "/dates/k").body("v"));
    }
}
