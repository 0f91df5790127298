//! Shared helpers for the wire-level integration tests: a request builder, a seeded lab and
//! an error-document reader.
#![allow(dead_code)]

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use md5::{Digest, Md5};

use osslab::engine::Engine;
use osslab::wire::http::{WireRequest, WireResponse};
use osslab::wire::request::build;
use osslab::wire::xml::{from_xml_root, ErrorResponse};
use osslab::wire::{Wire, WireConfig};

/// 2025-01-01T00:00:00Z: the engine's fixed clock in these tests.
pub const T0: i64 = 1_735_689_600_000;

/// A request under construction.
#[derive(Clone, Debug)]
pub struct Req(pub WireRequest);

pub fn req(method: &str, path: &str) -> Req {
    Req(build(
        method,
        path,
        Vec::new(),
        vec![("host".into(), "127.0.0.1:9000".into())],
        Vec::new(),
    ))
}

impl Req {
    pub fn q(mut self, name: &str, value: &str) -> Self {
        self.0.query.push((name.into(), value.into()));
        self
    }

    pub fn h(mut self, name: &str, value: &str) -> Self {
        self.0
            .headers
            .push((name.to_ascii_lowercase(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.0.body = body.into();
        self
    }

    /// Adds the right `Content-MD5` for the body (DeleteMultipleObjects requires one).
    pub fn md5(self) -> Self {
        let digest = Md5::digest(&self.0.body);
        let v = B64.encode(digest);
        self.h("content-md5", &v)
    }
}

/// An engine and a wire layer, driven request by request.
pub struct Lab {
    pub engine: Engine,
    pub wire: Wire,
}

impl Default for Lab {
    fn default() -> Self {
        Lab {
            engine: Engine::new(T0),
            wire: Wire::new(WireConfig::default()),
        }
    }
}

impl Lab {
    pub fn send(&mut self, r: &Req) -> WireResponse {
        self.wire.handle(&mut self.engine, &r.0)
    }

    /// Sends and asserts a 2xx.
    pub fn ok(&mut self, r: Req) -> WireResponse {
        let resp = self.send(&r);
        assert!(
            (200..300).contains(&resp.status),
            "{} {} → {}: {}",
            r.0.method,
            r.0.path,
            resp.status,
            String::from_utf8_lossy(&resp.body)
        );
        resp
    }

    /// The seeded state the catalogue runs against:
    /// * `bkt` (versioning Enabled): `a.txt` with two versions, `dir/b.txt`, `gone.txt`
    ///   whose current entry is a delete marker, a frozen Archive `frozen.bin`, a Standard
    ///   `std.txt`, an Appendable `log.txt` (`abc`), symlinks `link` (→ `a.txt`), `dangling`
    ///   (→ a key that does not exist) and `loop` (→ itself), and a multipart upload of
    ///   `mp.bin` with one part;
    /// * `plain` (never versioned): `x.txt`;
    /// * `life` (never versioned) with a lifecycle rule.
    pub fn seeded() -> (Lab, Seed) {
        let mut lab = Lab::default();
        lab.ok(req("PUT", "/bkt"));
        lab.ok(req("PUT", "/bkt")
            .q("versioning", "")
            .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
        let v1 = version_id(&lab.ok(req("PUT", "/bkt/a.txt").body("one")));
        let v2 = version_id(&lab.ok(req("PUT", "/bkt/a.txt").body("two!")));
        lab.ok(req("PUT", "/bkt/dir%2Fb.txt").body("bee"));
        lab.ok(req("PUT", "/bkt/gone.txt").body("soon gone"));
        let marker = version_id(&lab.ok(req("DELETE", "/bkt/gone.txt")));
        lab.ok(req("PUT", "/bkt/frozen.bin")
            .h("x-oss-storage-class", "Archive")
            .body("cold"));
        lab.ok(req("PUT", "/bkt/std.txt").body("standard"));
        lab.ok(req("POST", "/bkt/log.txt")
            .q("append", "")
            .q("position", "0")
            .body("abc"));
        for (link, target) in [("link", "a.txt"), ("dangling", "nowhere"), ("loop", "loop")] {
            lab.ok(req("PUT", &format!("/bkt/{link}"))
                .q("symlink", "")
                .h("x-oss-symlink-target", target));
        }
        let init = lab.ok(req("POST", "/bkt/mp.bin").q("uploads", ""));
        let upload_id = between(&init.body, "<UploadId>", "</UploadId>");
        let part = lab.ok(req("PUT", "/bkt/mp.bin")
            .q("partNumber", "1")
            .q("uploadId", &upload_id)
            .body(vec![7u8; 1024]));
        let part_etag = part.header("ETag").unwrap().to_string();
        lab.ok(req("PUT", "/plain"));
        lab.ok(req("PUT", "/plain/x.txt").body("x"));
        lab.ok(req("PUT", "/plain").q("cors", "").body(
            "<CORSConfiguration><CORSRule><AllowedOrigin>http://app.example</AllowedOrigin>\
             <AllowedMethod>GET</AllowedMethod><AllowedHeader>x-oss-*</AllowedHeader></CORSRule></CORSConfiguration>",
        ));
        lab.ok(req("PUT", "/life"));
        lab.ok(req("PUT", "/life").q("lifecycle", "").body(
            "<LifecycleConfiguration><Rule><ID>r1</ID><Prefix>logs/</Prefix><Status>Enabled</Status>\
             <Expiration><Days>3</Days></Expiration></Rule></LifecycleConfiguration>",
        ));
        (
            lab,
            Seed {
                v1,
                v2,
                marker,
                upload_id,
                part_etag,
            },
        )
    }

    /// Everything observable about the seeded buckets, for before/after comparisons.
    pub fn dump(&mut self) -> Vec<(String, u16, String)> {
        let mut out = Vec::new();
        let mut probe = |lab: &mut Lab, what: &str, r: Req| {
            let resp = lab.send(&r);
            out.push((
                what.to_string(),
                resp.status,
                String::from_utf8_lossy(&resp.body).into_owned(),
            ));
        };
        probe(self, "buckets", req("GET", "/"));
        for b in ["bkt", "plain", "life"] {
            let p = format!("/{b}");
            probe(
                self,
                &format!("{b} versions"),
                req("GET", &p).q("versions", "").q("max-keys", "1000"),
            );
            probe(
                self,
                &format!("{b} uploads"),
                req("GET", &p).q("uploads", ""),
            );
            probe(
                self,
                &format!("{b} versioning"),
                req("GET", &p).q("versioning", ""),
            );
            probe(
                self,
                &format!("{b} lifecycle"),
                req("GET", &p).q("lifecycle", ""),
            );
            probe(self, &format!("{b} acl"), req("GET", &p).q("acl", ""));
            probe(self, &format!("{b} cors"), req("GET", &p).q("cors", ""));
        }
        for key in ["/bkt/a.txt", "/bkt/std.txt", "/plain/x.txt"] {
            probe(self, &format!("{key} acl"), req("GET", key).q("acl", ""));
            probe(
                self,
                &format!("{key} tagging"),
                req("GET", key).q("tagging", ""),
            );
        }
        out.into_iter()
            .map(|(w, s, body)| (w, s, strip_request_id(&body)))
            .collect()
    }
}

impl Lab {
    /// [`Lab::dump`] through a wire without credentials (the lab's own wire may demand
    /// signatures).
    pub fn dump_unsigned(&mut self) -> Vec<(String, u16, String)> {
        let wire = std::mem::take(&mut self.wire);
        let out = self.dump();
        self.wire = wire;
        out
    }
}

/// Ids the seed produced.
#[derive(Clone, Debug)]
pub struct Seed {
    /// Older version of `bkt/a.txt`.
    pub v1: String,
    /// Current version of `bkt/a.txt`.
    pub v2: String,
    /// The delete marker on `bkt/gone.txt`.
    pub marker: String,
    pub upload_id: String,
    pub part_etag: String,
}

pub fn version_id(resp: &WireResponse) -> String {
    resp.header("x-oss-version-id")
        .expect("x-oss-version-id")
        .to_string()
}

/// Text between two markers of a body.
pub fn between(body: &[u8], start: &str, end: &str) -> String {
    let s = String::from_utf8_lossy(body);
    let a = s.find(start).expect(start) + start.len();
    let b = a + s[a..].find(end).expect(end);
    s[a..b].to_string()
}

fn strip_request_id(body: &str) -> String {
    match (body.find("<RequestId>"), body.find("</RequestId>")) {
        (Some(a), Some(b)) => format!("{}{}", &body[..a], &body[b..]),
        _ => body.to_string(),
    }
}

/// The `<Error>` document of an error response: the body, or base64 `x-oss-err` on HEAD.
pub fn error_doc(method: &str, resp: &WireResponse) -> Result<ErrorResponse, String> {
    let bytes = if method == "HEAD" {
        if !resp.body.is_empty() {
            return Err("HEAD error response has a body".into());
        }
        let b64 = resp
            .header("x-oss-err")
            .ok_or("HEAD error without x-oss-err")?;
        B64.decode(b64).map_err(|e| format!("x-oss-err: {e}"))?
    } else {
        resp.body.to_vec()
    };
    let text = String::from_utf8(bytes.clone()).map_err(|e| format!("not UTF-8: {e}"))?;
    if !text.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#) {
        return Err(format!("no XML declaration: {text:?}"));
    }
    let doc: ErrorResponse = from_xml_root(&bytes, "Error").map_err(|e| e.to_string())?;
    if doc.code.is_empty() || doc.request_id.len() != 24 {
        return Err(format!("incomplete <Error>: {text}"));
    }
    let ec = doc.ec.as_deref().ok_or("no <EC>")?;
    if resp.header("x-oss-ec") != Some(ec) {
        return Err(format!(
            "x-oss-ec {:?} differs from <EC>{ec}",
            resp.header("x-oss-ec")
        ));
    }
    if resp.header("x-oss-request-id") != Some(doc.request_id.as_str()) {
        return Err("x-oss-request-id differs from <RequestId>".into());
    }
    Ok(doc)
}

/// The boundary of [`form_body`] and [`form_post`].
pub const FORM_BOUNDARY: &str = "----osslabFormBoundary7MA4YWxk";

/// A multipart/form-data body as a browser sends it: text fields in order, then the file.
pub fn form_body(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut b = Vec::new();
    for (k, v) in fields {
        b.extend_from_slice(
            format!(
                "--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        b.extend_from_slice(
            format!(
                "--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        b.extend_from_slice(bytes);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{FORM_BOUNDARY}--\r\n").as_bytes());
    b
}

/// PostObject of `body` to `bucket`.
pub fn form_post(bucket: &str, body: Vec<u8>) -> Req {
    req("POST", &format!("/{bucket}"))
        .h(
            "content-type",
            &format!("multipart/form-data; boundary={FORM_BOUNDARY}"),
        )
        .body(body)
}
