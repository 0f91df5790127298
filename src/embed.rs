//! osslab inside your own program: an OSS endpoint you call as a function, no socket.
//!
//! [`Emulator`] takes an [`http::Request`] addressed to OSS and returns the
//! [`http::Response`] OSS would send, through the same wire layer (`Wire::handle`) that
//! `osslab serve` and the browser lab use: same status, `Code`, `Message`, `EC` and headers.
//! It builds natively and for `wasm32-unknown-unknown`, so client code can be tested against
//! OSS semantics in a unit test or in a browser test without a network.
//!
//! Time is virtual: the emulator's clock starts at the real time and runs at real speed, and
//! can be paused, sped up and jumped forward, so an archive restore or a lifecycle rule can be
//! watched to completion in milliseconds.
//!
//! ```
//! use http::{Request, StatusCode};
//! use osslab::embed::Emulator;
//!
//! // No key pairs configured: requests are accepted signed or unsigned.
//! let mut oss = Emulator::new();
//! let created = oss.handle(Request::put("http://localhost/photos").body("")?);
//! assert_eq!(created.status(), StatusCode::OK);
//!
//! let put = Request::put("http://localhost/photos/cat.jpg").body("meow")?;
//! let etag = oss.handle(put).headers()["etag"].clone();
//!
//! let got = oss.handle(Request::get("http://localhost/photos/cat.jpg").body("")?);
//! assert_eq!(got.body().as_ref(), b"meow");
//! assert_eq!(got.headers()["etag"], etag);
//!
//! // Errors are OSS error documents.
//! let missing = oss.handle(Request::get("http://localhost/photos/dog.jpg").body("")?);
//! assert_eq!(missing.status(), StatusCode::NOT_FOUND);
//! assert_eq!(missing.headers()["x-oss-ec"], "0026-00000001");
//! assert!(std::str::from_utf8(missing.body())?.contains("<Code>NoSuchKey</Code>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::time::Duration;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Request, Response, StatusCode};

use crate::engine::clock::VirtualClock;
use crate::engine::{Engine, Millis};
use crate::wire::http::{WireBody, WireRequest, WireResponse};
use crate::wire::osslab::{self, clock, Endpoint};
use crate::wire::{Wire, WireConfig};

/// An in-process OSS endpoint: one engine (buckets, versions, archive restores, lifecycle),
/// its virtual clock and the OSS wire protocol in front of it.
///
/// Clock control: [`pause`](Emulator::pause), [`resume`](Emulator::resume),
/// [`set_speed`](Emulator::set_speed) and [`advance`](Emulator::advance). An archived
/// object's restore completes when the clock passes its end:
///
/// ```
/// use std::time::Duration;
/// use http::{Request, StatusCode};
/// use osslab::embed::Emulator;
///
/// let mut oss = Emulator::new();
/// oss.pause(); // time moves only when told to
/// oss.handle(Request::put("http://localhost/vault").body("")?);
/// let archive = Request::put("http://localhost/vault/2019.tar")
///     .header("x-oss-storage-class", "Archive")
///     .body("old data")?;
/// assert_eq!(oss.handle(archive).status(), StatusCode::OK);
///
/// let read = || Request::get("http://localhost/vault/2019.tar").body("");
/// assert_eq!(oss.handle(read()?).status(), StatusCode::FORBIDDEN); // InvalidObjectState
///
/// let restore = Request::post("http://localhost/vault/2019.tar?restore").body("")?;
/// assert_eq!(oss.handle(restore).status(), StatusCode::ACCEPTED);
/// assert_eq!(oss.handle(read()?).status(), StatusCode::FORBIDDEN); // still restoring
///
/// oss.advance(Duration::from_secs(120)); // an Archive restore takes about a minute
/// let got = oss.handle(read()?);
/// assert_eq!(got.status(), StatusCode::OK);
/// assert_eq!(got.body().as_ref(), b"old data");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The same clock over HTTP, as SDK tests use it against `osslab serve`:
///
/// ```
/// use http::{Request, StatusCode};
/// use osslab::embed::Emulator;
///
/// let mut oss = Emulator::new();
/// oss.pause();
/// let before = oss.now();
/// let advance = Request::post("http://localhost/_osslab/clock/advance?seconds=60");
/// let moved = oss.handle(advance.body("")?);
/// assert_eq!(moved.status(), StatusCode::OK);
/// assert!(std::str::from_utf8(moved.body())?.starts_with(r#"{"now": ""#));
/// assert_eq!(oss.now(), before + 60_000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// With key pairs configured, every request must carry a valid V1 or V4 signature (or is
/// judged as anonymous by the bucket's ACL), as against a real endpoint:
///
/// ```
/// use http::{Request, StatusCode};
/// use osslab::embed::Emulator;
/// use osslab::wire::{auth::Credentials, WireConfig};
///
/// let mut oss = Emulator::with_config(WireConfig {
///     credentials: vec![Credentials {
///         access_key_id: "AKID".into(),
///         access_key_secret: "secret".into(),
///     }],
///     ..WireConfig::default()
/// });
/// let unsigned = oss.handle(Request::put("http://localhost/photos").body("")?);
/// assert_eq!(unsigned.status(), StatusCode::FORBIDDEN);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Emulator {
    engine: Engine,
    clock: VirtualClock,
    wire: Wire,
}

impl Default for Emulator {
    fn default() -> Self {
        Emulator::new()
    }
}

impl Emulator {
    /// An empty endpoint that accepts any (or no) credentials, path-style and
    /// `<bucket>.localhost` addressing, its clock at the real time and running.
    pub fn new() -> Self {
        Emulator::with_config(WireConfig {
            virtual_host_suffixes: vec!["localhost".into()],
            ..WireConfig::default()
        })
    }

    /// An empty endpoint with these key pairs and virtual-host suffixes.
    pub fn with_config(config: WireConfig) -> Self {
        let now = real_now();
        Emulator {
            engine: Engine::new(now),
            clock: VirtualClock::new(now, now),
            wire: Wire::new(config),
        }
    }

    /// Serve one request, as an OSS endpoint would answer it over HTTP.
    ///
    /// The path and query are taken from the request's URI; the `Host` header, or without one
    /// the URI's authority, decides virtual-hosted addressing (`bucket.localhost`). Bad input
    /// never panics: every failure is the OSS error response. osslab's own endpoints answer
    /// as `osslab serve` does, the clock's included (`GET /_osslab/clock`,
    /// `POST /_osslab/clock/advance?seconds=N`).
    pub fn handle<B: Into<Bytes>>(&mut self, req: Request<B>) -> Response<Bytes> {
        let (mut parts, body) = req.into_parts();
        if !parts.headers.contains_key(header::HOST) {
            // What an HTTP client sends for an absolute URI.
            if let Some(host) = parts.uri.authority().map(|a| a.as_str()) {
                if let Ok(value) = HeaderValue::from_str(host) {
                    parts.headers.insert(header::HOST, value);
                }
            }
        }
        let wire = wire_request(&parts, Vec::from(body.into()));
        let resp = match osslab::endpoint(&wire.path) {
            // The clock endpoints as `osslab serve` answers them (the emulator owns the clock,
            // as the server does).
            Some(Endpoint::Clock) => match clock::parse(&wire) {
                Ok(request) => {
                    let now = clock::apply(&mut self.clock, &mut self.engine, request, real_now());
                    clock::now_reply(now)
                }
                Err(reply) => reply,
            },
            Some(Endpoint::Unknown) => clock::unknown(),
            _ => {
                self.engine.set_now(self.clock.now(real_now()));
                self.wire.handle(&mut self.engine, &wire)
            }
        };
        http_response(resp, parts.headers)
    }

    /// The virtual time: milliseconds since the Unix epoch, what `Date` and `Last-Modified`
    /// headers show.
    pub fn now(&self) -> Millis {
        self.clock.now(real_now())
    }

    /// Stop the clock: time then moves only through [`advance`](Emulator::advance).
    pub fn pause(&mut self) {
        self.clock.set_playing(false, real_now());
    }

    /// Let the clock run again, at its speed, from where it stood.
    pub fn resume(&mut self) {
        self.clock.set_playing(true, real_now());
    }

    pub fn is_paused(&self) -> bool {
        !self.clock.is_playing()
    }

    /// Virtual seconds per real second while running (1.0 at first; 3600.0 makes an hour
    /// pass each second). Negative or non-finite speeds are ignored.
    pub fn set_speed(&mut self, speed: f64) {
        self.clock.set_speed(speed, real_now());
    }

    pub fn speed(&self) -> f64 {
        self.clock.speed()
    }

    /// Jump forward by `by` (time never runs backwards). What fell due on the way (lifecycle
    /// rules, replication, finished restores) happens, in time order, before the next
    /// request is served.
    pub fn advance(&mut self, by: Duration) {
        let by = Millis::try_from(by.as_millis()).unwrap_or(Millis::MAX);
        self.clock.advance(by, real_now());
        self.engine.set_now(self.clock.now(real_now()));
    }

    /// The engine behind the endpoint, to inspect its state directly.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

/// Real wall-clock milliseconds since the Unix epoch: the system clock natively, `Date.now()`
/// in the browser (where `std::time::SystemTime::now` is not available). The engine never
/// reads the clock itself.
pub fn real_now() -> Millis {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as Millis
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as Millis)
    }
}

/// The wire layer's view of an HTTP request: path still percent-encoded, query decoded,
/// header values as text (invalid UTF-8 replaced).
pub fn wire_request(parts: &http::request::Parts, body: Vec<u8>) -> WireRequest {
    let query = parts
        .uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    WireRequest {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query,
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                // std's UTF-8 check has a word-at-a-time ASCII path; only invalid bytes need
                // the lossy decoder's chunk walk (same text either way).
                let value = std::str::from_utf8(v.as_bytes()).map_or_else(
                    |_| String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    str::to_string,
                );
                (k.as_str().to_string(), value)
            })
            .collect(),
        body,
    }
}

/// The HTTP response for a wire response. `headers` is a map to empty and refill: the native
/// server passes the request's, since hyper parses each request into the map of the previous
/// response, so on a keep-alive connection the same allocation serves every request and
/// response.
pub fn http_response(resp: WireResponse, mut headers: HeaderMap) -> Response<Bytes> {
    headers.clear();
    let body = match resp.body {
        WireBody::Owned(v) => Bytes::from(v),
        // The engine's Arc stays the owner: the body is the stored object, not a copy.
        WireBody::Shared(object, range) => Bytes::from_owner(object).slice(range),
    };
    let mut out = Response::new(body);
    *out.status_mut() =
        StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    // Every value goes into one buffer, each header a slice of it: one allocation instead of
    // one per header, and dropping the map after it was written frees once.
    let mut buf = Vec::with_capacity(resp.headers.iter().map(|(_, v)| v.len()).sum());
    for (_, v) in &resp.headers {
        buf.extend_from_slice(v.as_bytes());
    }
    let values = Bytes::from(buf);
    headers.reserve(resp.headers.len());
    let mut at = 0;
    for (k, v) in &resp.headers {
        let value = values.slice(at..at + v.len());
        at += v.len();
        if let (Some(name), Ok(value)) = (header_name(k), HeaderValue::from_maybe_shared(value)) {
            headers.append(name, value);
        }
    }
    *out.headers_mut() = headers;
    out
}

/// The `HeaderName` of a header osslab emits, without parsing: the names of every GET, HEAD
/// and PUT response are constants (lower-case, as HTTP/1 writes them). Others are parsed.
fn header_name(name: &str) -> Option<HeaderName> {
    // In a const block so the name is checked at compile time, not on every call.
    macro_rules! oss {
        ($name:literal) => {
            const { HeaderName::from_static($name) }
        };
    }
    Some(match name {
        "Server" => header::SERVER,
        "Date" => header::DATE,
        "Content-Length" => header::CONTENT_LENGTH,
        "Content-Type" => header::CONTENT_TYPE,
        "Accept-Ranges" => header::ACCEPT_RANGES,
        "ETag" => header::ETAG,
        "Last-Modified" => header::LAST_MODIFIED,
        "Content-MD5" => oss!("content-md5"),
        "Content-Range" => header::CONTENT_RANGE,
        "Cache-Control" => header::CACHE_CONTROL,
        "Content-Disposition" => header::CONTENT_DISPOSITION,
        "Content-Encoding" => header::CONTENT_ENCODING,
        "Content-Language" => header::CONTENT_LANGUAGE,
        "Expires" => header::EXPIRES,
        "Location" => header::LOCATION,
        "x-oss-request-id" => oss!("x-oss-request-id"),
        "x-oss-server-time" => oss!("x-oss-server-time"),
        "x-oss-object-type" => oss!("x-oss-object-type"),
        "x-oss-hash-crc64ecma" => oss!("x-oss-hash-crc64ecma"),
        "x-oss-storage-class" => oss!("x-oss-storage-class"),
        "x-oss-version-id" => oss!("x-oss-version-id"),
        "x-oss-delete-marker" => oss!("x-oss-delete-marker"),
        "x-oss-restore" => oss!("x-oss-restore"),
        "x-oss-expiration" => oss!("x-oss-expiration"),
        "x-oss-transition-time" => oss!("x-oss-transition-time"),
        "x-oss-ec" => oss!("x-oss-ec"),
        _ => return HeaderName::try_from(name).ok(),
    })
}
