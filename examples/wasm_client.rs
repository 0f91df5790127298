//! OSS client code tested in a browser against osslab's in-browser engine: no server, no
//! network, one `wasm_bindgen_test` per behaviour.
//!
//! The client side is a tiny V1 request signer, the kind of helper a web app carries to talk
//! to OSS; [`osslab::embed::Emulator`] plays the OSS endpoint, checks the signatures and keeps
//! a virtual clock the test can jump forward.
//!
//! Run it in headless Chromium (`scripts/test` does, in its test-wasm stage):
//!
//! ```text
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --example wasm_client
//! ```
//!
//! Natively this example builds to an empty program: the tests are for the browser.

fn main() {}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use base64::engine::general_purpose::STANDARD as B64;
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    use http::{Request, StatusCode};
    use osslab::embed::Emulator;
    use osslab::wire::{auth::Credentials, WireConfig};
    use sha1::Sha1;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const ID: &str = "LTAI-browser-test";
    const SECRET: &str = "browser-secret";

    /// The client's signer: OSS signature V1 over method, Content-MD5, Content-Type, Date,
    /// the `x-oss-*` headers and `/bucket/key` (the "Include signatures in the Authorization
    /// header" page of the OSS API reference). `resource` is `/bucket/key` with any
    /// sub-resource (`?restore`), signed as sent.
    fn signed(
        method: &str,
        resource: &str,
        headers: &[(&str, &str)],
        body: &'static str,
        date: &str,
        secret: &str,
    ) -> Request<&'static str> {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map_or("", |(_, v)| *v)
        };
        let mut oss_headers: Vec<_> = headers
            .iter()
            .filter(|(k, _)| k.to_ascii_lowercase().starts_with("x-oss-"))
            .map(|(k, v)| format!("{}:{}\n", k.to_ascii_lowercase(), v.trim()))
            .collect();
        oss_headers.sort();
        let to_sign = format!(
            "{method}\n{}\n{}\n{date}\n{}{resource}",
            header("content-md5"),
            header("content-type"),
            oss_headers.concat()
        );
        let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(to_sign.as_bytes());
        let signature = B64.encode(mac.finalize().into_bytes());
        let mut req = Request::builder()
            .method(method)
            .uri(format!("http://localhost{resource}"))
            .header("date", date)
            .header("authorization", format!("OSS {ID}:{signature}"));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(body).expect("a valid request")
    }

    /// An endpoint that accepts only the test's key pair.
    fn endpoint() -> Emulator {
        Emulator::with_config(WireConfig {
            credentials: vec![Credentials {
                access_key_id: ID.into(),
                access_key_secret: SECRET.into(),
            }],
            virtual_host_suffixes: vec!["localhost".into()],
        })
    }

    /// The `Date` header for the endpoint's virtual now (signatures must be within 15
    /// minutes of the server's time).
    fn date_of(oss: &Emulator) -> String {
        let now = UNIX_EPOCH + Duration::from_millis(oss.now() as u64);
        httpdate::fmt_http_date(now)
    }

    fn text(body: &[u8]) -> &str {
        std::str::from_utf8(body).unwrap_or("")
    }

    #[wasm_bindgen_test]
    fn signed_requests_store_and_read_an_object() {
        let mut oss = endpoint();
        let date = date_of(&oss);
        let created = oss.handle(signed("PUT", "/notes/", &[], "", &date, SECRET));
        assert_eq!(created.status(), StatusCode::OK, "{}", text(created.body()));

        let headers = [
            ("content-type", "text/plain"),
            ("x-oss-meta-author", "browser"),
        ];
        let put = oss.handle(signed(
            "PUT",
            "/notes/todo.txt",
            &headers,
            "milk",
            &date,
            SECRET,
        ));
        assert_eq!(put.status(), StatusCode::OK, "{}", text(put.body()));

        let got = oss.handle(signed("GET", "/notes/todo.txt", &[], "", &date, SECRET));
        assert_eq!(got.status(), StatusCode::OK);
        assert_eq!(got.body().as_ref(), b"milk");
        assert_eq!(got.headers()["x-oss-meta-author"], "browser");
        assert_eq!(got.headers()["content-type"], "text/plain");
    }

    #[wasm_bindgen_test]
    fn a_wrong_secret_is_refused_as_oss_refuses_it() {
        let mut oss = endpoint();
        let date = date_of(&oss);
        let resp = oss.handle(signed("PUT", "/notes/", &[], "", &date, "not-the-secret"));
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
        assert!(text(resp.body()).contains("<Code>SignatureDoesNotMatch</Code>"));
        // Nothing was created.
        let date = date_of(&oss);
        let list = oss.handle(signed("GET", "/notes/", &[], "", &date, SECRET));
        assert_eq!(list.status(), StatusCode::NOT_FOUND);
    }

    #[wasm_bindgen_test]
    fn an_archived_object_is_readable_once_the_clock_passes_its_restore() {
        let mut oss = endpoint();
        oss.pause();
        let date = date_of(&oss);
        oss.handle(signed("PUT", "/vault/", &[], "", &date, SECRET));
        let archive = [("x-oss-storage-class", "Archive")];
        let put = oss.handle(signed(
            "PUT",
            "/vault/2019.tar",
            &archive,
            "old",
            &date,
            SECRET,
        ));
        assert_eq!(put.status(), StatusCode::OK);

        let read = oss.handle(signed("GET", "/vault/2019.tar", &[], "", &date, SECRET));
        assert_eq!(read.status(), StatusCode::FORBIDDEN);
        assert!(text(read.body()).contains("<Code>InvalidObjectState</Code>"));

        // A sub-resource is part of the signed resource.
        let restore = oss.handle(signed(
            "POST",
            "/vault/2019.tar?restore",
            &[],
            "",
            &date,
            SECRET,
        ));
        assert_eq!(
            restore.status(),
            StatusCode::ACCEPTED,
            "{}",
            text(restore.body())
        );

        oss.advance(Duration::from_secs(120));
        let date = date_of(&oss);
        let read = oss.handle(signed("GET", "/vault/2019.tar", &[], "", &date, SECRET));
        assert_eq!(read.status(), StatusCode::OK);
        assert_eq!(read.body().as_ref(), b"old");
    }
}
