//! The native OSS endpoint: real OSS SDKs talk to the same engine the browser lab runs.
//!
//! One engine behind a mutex: every request takes the lock, moves the engine to the virtual
//! clock's current time, runs through the wire layer and releases it. Engine operations are
//! microseconds, so the lock is never the bottleneck next to HTTP itself.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{Body, HttpBody};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode};
use axum::{BoxError, Router};
use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full, Limited};

use crate::engine::clock::VirtualClock;
use crate::engine::{Engine, Millis};
use crate::wire::auth::Credentials;
use crate::wire::http::{WireBody, WireRequest, WireResponse};
use crate::wire::{Wire, WireConfig};

/// Largest request body accepted (PutObject allows 5 GB on OSS; osslab keeps data in
/// memory, so it stops earlier and answers EntityTooLarge).
pub const MAX_BODY: usize = 1 << 30;

#[derive(Parser, Debug)]
#[command(
    name = "osslab",
    about = "Alibaba Cloud OSS versioning and archive emulator"
)]
enum Cli {
    /// Serve the OSS API on a local address for real SDKs (oss2, ossutil, Go, Java).
    Serve(ServeOptions),
}

#[derive(clap::Args, Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on; port 0 picks a free port. Loopback by default.
    #[arg(long, default_value = "127.0.0.1:9000")]
    pub addr: SocketAddr,
    /// With --access-key-secret: verify V1/V4 signatures against this key pair.
    #[arg(long, requires = "access_key_secret")]
    pub access_key_id: Option<String>,
    #[arg(long, requires = "access_key_id")]
    pub access_key_secret: Option<String>,
    /// Host suffixes for virtual-hosted addressing (`<bucket>.<suffix>`).
    #[arg(long = "virtual-host", default_value = "localhost")]
    pub virtual_hosts: Vec<String>,
}

/// Real wall-clock milliseconds (native only: the engine never reads the clock itself).
pub fn real_now() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as Millis)
}

/// The engine, its virtual clock and the wire layer, shared by all connections.
pub struct Lab {
    pub engine: Engine,
    pub clock: VirtualClock,
    pub wire: Wire,
}

impl Lab {
    pub fn new(config: WireConfig) -> Self {
        let now = real_now();
        Lab {
            engine: Engine::new(now),
            clock: VirtualClock::new(now, now),
            wire: Wire::new(config),
        }
    }

    /// Bring the engine to the virtual clock's present, then serve one request.
    pub fn handle(&mut self, req: &WireRequest) -> WireResponse {
        self.engine.set_now(self.clock.now(real_now()));
        self.wire.handle(&mut self.engine, req)
    }
}

/// The lab shared by every connection.
pub type Shared = Arc<Mutex<Lab>>;

fn lock(lab: &Shared) -> MutexGuard<'_, Lab> {
    // A panic while holding the lock cannot leave the engine half-written in a way later
    // requests could observe more harmfully than refusing to serve, so keep serving.
    lab.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn to_wire(parts: &axum::http::request::Parts, body: Vec<u8>) -> WireRequest {
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

/// The `HeaderName` of a header osslab emits, without parsing: the names of every GET, HEAD
/// and PUT response are constants (lower-case, as hyper writes them). Others are parsed.
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

/// What [`handle`] answers: status, headers and the whole body in one buffer.
pub type Reply = Response<Full<Bytes>>;

/// The response for hyper. `headers` is the request's map, emptied and refilled: hyper
/// parses each request into the map of the previous response, so on a keep-alive
/// connection the same allocation serves every request and response.
fn from_wire(resp: WireResponse, mut headers: HeaderMap) -> Reply {
    headers.clear();
    let body = match resp.body {
        WireBody::Owned(v) => Bytes::from(v),
        // The engine's Arc stays the owner: hyper writes straight from the stored object.
        WireBody::Shared(object, range) => Bytes::from_owner(object).slice(range),
    };
    let mut out = Response::new(Full::new(body));
    *out.status_mut() =
        StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    // Every value goes into one buffer, each header a slice of it: one allocation instead of
    // one per header, and dropping the map after hyper wrote it frees once.
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

/// Serve one HTTP request: the clock endpoints, or the wire layer under the engine lock.
/// `osslab serve` calls this for every request ([`serve_on`]); [`router`] wraps it for axum.
pub async fn handle<B>(lab: &Shared, req: Request<B>) -> Reply
where
    B: HttpBody<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => {
            let wire = to_wire(&parts, Vec::new());
            return from_wire(
                lock(lab)
                    .wire
                    .error_response(&wire, crate::engine::OssError::entity_too_large()),
                parts.headers,
            );
        }
    };
    let wire = to_wire(&parts, body);
    if let Some(resp) = clock_endpoint(lab, &wire) {
        return resp;
    }
    let started = std::time::Instant::now();
    let mut resp = lock(lab).handle(&wire);
    // `x-oss-server-time`: milliseconds the service spent on the request, as OSS reports it.
    resp.headers.push((
        "x-oss-server-time".into(),
        started.elapsed().as_millis().to_string().into(),
    ));
    from_wire(resp, parts.headers)
}

async fn oss(State(lab): State<Shared>, req: axum::extract::Request) -> Response<Body> {
    handle(&lab, req).await.map(Body::new)
}

/// `GET /_osslab/clock` and `POST /_osslab/clock/advance?seconds=N`: the virtual clock over
/// HTTP, so SDK tests can watch a restore complete. `_` cannot start a bucket name, so these
/// never shadow an OSS path.
fn clock_endpoint(lab: &Shared, req: &WireRequest) -> Option<Reply> {
    if !req.path.starts_with("/_osslab") {
        // Every OSS request: no second trip through the engine's lock.
        return None;
    }
    let json = |status: StatusCode, body: String| {
        let length = HeaderValue::from(body.len());
        let mut r = Response::new(Full::new(Bytes::from(body)));
        *r.status_mut() = status;
        let headers = r.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        // Where axum's router put it, so the head is the same through either.
        headers.insert(header::CONTENT_LENGTH, length);
        r
    };
    let mut lab = lock(lab);
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/_osslab/clock") => {}
        ("POST", "/_osslab/clock/advance") => {
            let seconds = req
                .query_param("seconds")
                .and_then(|s| s.parse::<i64>().ok());
            match seconds {
                Some(s) if s >= 0 => lab.clock.advance(s.saturating_mul(1000), real_now()),
                _ => {
                    return Some(json(
                        StatusCode::BAD_REQUEST,
                        r#"{"error": "seconds must be a non-negative integer"}"#.to_string(),
                    ))
                }
            }
        }
        (_, p) if p.starts_with("/_osslab") && !crate::wire::toolkit::is_toolkit_path(p) => {
            return Some(json(
                StatusCode::NOT_FOUND,
                r#"{"error": "unknown osslab endpoint"}"#.to_string(),
            ))
        }
        _ => return None,
    }
    let now = lab.clock.now(real_now());
    lab.engine.set_now(now);
    Some(json(
        StatusCode::OK,
        format!(r#"{{"now": "{}"}}"#, crate::wire::format::rfc3339(now)),
    ))
}

/// The endpoint as an axum app, for embedding osslab in another axum server.
pub fn router(lab: Lab) -> Router {
    Router::new()
        .fallback(oss)
        .with_state(Arc::new(Mutex::new(lab)))
}

/// Bind, print `listening on http://ADDR` once ready, serve until Ctrl-C.
pub async fn serve(opts: ServeOptions) -> std::io::Result<()> {
    let credentials = match (opts.access_key_id, opts.access_key_secret) {
        (Some(id), Some(secret)) => vec![Credentials {
            access_key_id: id,
            access_key_secret: secret,
        }],
        _ => Vec::new(),
    };
    let lab = Lab::new(WireConfig {
        credentials,
        virtual_host_suffixes: opts.virtual_hosts,
    });
    let listener = tokio::net::TcpListener::bind(opts.addr).await?;
    let addr = listener.local_addr()?;
    println!("listening on http://{addr}");
    serve_on(listener, lab, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

/// Serve `lab` on `listener` until `shutdown` resolves, then let each open connection finish
/// the request it is on (what `axum::serve(..).with_graceful_shutdown(..)` does).
///
/// Each connection is hyper's HTTP/1 connection calling [`handle`]: the work axum's router
/// would add per request (route lookup, boxed services and futures, extensions) buys
/// nothing for one catch-all endpoint. `half_close`: while a request is being handled,
/// hyper does not poll the socket for an early EOF. That saves a read per request, and the
/// read buffer is then still free to reuse for the next request (otherwise the request's
/// headers still point into it and hyper allocates a new 8 KiB buffer every time). A client
/// that shuts down its sending side after the request still gets its response.
pub async fn serve_on(
    mut listener: tokio::net::TcpListener,
    lab: Lab,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use axum::serve::Listener;
    use hyper::server::conn::http1;
    use hyper_util::rt::TokioIo;

    let lab: Shared = Arc::new(Mutex::new(lab));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            // Transient accept errors are retried as axum::serve does.
            (stream, _) = Listener::accept(&mut listener) => stream,
            () = &mut shutdown => break,
        };
        let lab = lab.clone();
        let service = hyper::service::service_fn(move |req| {
            let lab = lab.clone();
            async move { Ok::<_, std::convert::Infallible>(handle(&lab, req).await) }
        });
        let conn = http1::Builder::new()
            .half_close(true)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    graceful.shutdown().await;
}

/// The `osslab` command line.
pub fn cli_main() -> std::process::ExitCode {
    let Cli::Serve(opts) = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("osslab: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(opts)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("osslab: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
