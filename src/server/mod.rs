//! The native OSS endpoint: real OSS SDKs talk to the same engine the browser lab runs.
//!
//! One engine behind a mutex: every request takes the lock, moves the engine to the virtual
//! clock's current time, runs through the wire layer and releases it. Engine operations are
//! microseconds, so the lock is never the bottleneck next to HTTP itself.
//!
//! With `--data-dir DIR` the lab lives in a database in DIR and every response waits until
//! what it wrote (or read) is on disk: see [`durable`] for the group commit.

pub mod durable;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, HttpBody};
use axum::extract::State;
use axum::http::{HeaderMap, Request, Response};
use axum::{BoxError, Router};
use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full, Limited};

use crate::embed;
use crate::engine::clock::VirtualClock;
use crate::engine::Engine;
use crate::present::plural;
use crate::wire::auth::Credentials;
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::osslab::{self, clock, Endpoint};
use crate::wire::{Wire, WireConfig};

pub mod web;

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
    /// Write the lab stored in a data directory to FILE, in the browser's export format.
    Export(DataFileOptions),
    /// Replace the lab stored in a data directory with FILE (a browser or `osslab export`
    /// file). A damaged, truncated, foreign or newer file changes nothing.
    Import(DataFileOptions),
    /// Serve the browser lab's release build (dist/) with its pre-compressed files.
    Web(web::WebOptions),
}

#[derive(clap::Args, Debug, Clone)]
pub struct DataFileOptions {
    /// The data directory of `osslab serve --data-dir` (not while that server runs).
    #[arg(long)]
    pub data_dir: PathBuf,
    /// The export file (`.osslab.json`).
    pub file: PathBuf,
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
    /// Keep the lab in this directory (created if missing): every acknowledged write is on
    /// disk and survives restarts and crashes. Without it the lab lives in memory only.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// How many buckets may exist at once (OSS's default per-account limit is 100).
    #[arg(long, default_value_t = 100)]
    pub max_buckets: usize,
}

pub use crate::embed::real_now;

/// The engine, its virtual clock and the wire layer, shared by all connections.
pub struct Lab {
    pub engine: Engine,
    pub clock: VirtualClock,
    pub wire: Wire,
    /// `--data-dir`: where changes go before a response is sent.
    pub durable: Option<durable::Durable>,
}

impl Lab {
    pub fn new(config: WireConfig) -> Self {
        let now = real_now();
        Lab {
            engine: Engine::new(now),
            clock: VirtualClock::new(now, now),
            wire: Wire::new(config),
            durable: None,
        }
    }

    /// A lab kept in `opened`'s data directory.
    pub fn with_store(config: WireConfig, opened: durable::Opened) -> Self {
        Lab {
            engine: opened.engine,
            clock: opened.clock,
            wire: Wire::new(config),
            durable: Some(opened.durable),
        }
    }

    /// [`Lab::handle`], then queue what it changed for the disk: the response may be sent
    /// once the ticket's wait succeeds.
    fn serve(&mut self, req: &WireRequest) -> (WireResponse, Option<durable::Ticket>) {
        if let Some(why) = self.durable.as_ref().and_then(|d| d.refusal()) {
            let e = crate::wire::OssError::internal_error(&why);
            return (self.wire.error_response(req, e), None);
        }
        let resp = self.handle(req);
        let ticket = self
            .durable
            .as_mut()
            .and_then(|d| d.after_request(&mut self.engine, None));
        (resp, ticket)
    }

    /// Bring the engine to the virtual clock's present, then serve one request.
    pub fn handle(&mut self, req: &WireRequest) -> WireResponse {
        self.engine.set_now(self.clock.now(real_now()));
        self.wire.handle(&mut self.engine, req)
    }
}

/// The lab shared by every connection.
pub type Shared = Arc<Mutex<Lab>>;

pub(crate) fn lock(lab: &Shared) -> MutexGuard<'_, Lab> {
    // A panic while holding the lock cannot leave the engine half-written in a way later
    // requests could observe more harmfully than refusing to serve, so keep serving.
    lab.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What [`handle`] answers: status, headers and the whole body in one buffer.
pub type Reply = Response<Full<Bytes>>;

/// The response for hyper ([`embed::http_response`] with its body as hyper's `Full`).
fn from_wire(resp: WireResponse, headers: HeaderMap) -> Reply {
    embed::http_response(resp, headers).map(Full::new)
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
            let wire = embed::wire_request(&parts, Vec::new());
            return from_wire(
                lock(lab)
                    .wire
                    .error_response(&wire, crate::wire::OssError::entity_too_large()),
                parts.headers,
            );
        }
    };
    let wire = embed::wire_request(&parts, body);
    if let Some(resp) = clock_endpoint(lab, &wire).await {
        return from_wire(resp, parts.headers);
    }
    let started = std::time::Instant::now();
    let (resp, ticket) = lock(lab).serve(&wire);
    let mut resp = match ticket {
        None => resp,
        Some(t) => match t.wait().await {
            Ok(()) => resp,
            Err(why) => lock(lab)
                .wire
                .error_response(&wire, crate::wire::OssError::internal_error(&why)),
        },
    };
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

/// `/_osslab/clock` and unknown `/_osslab` paths, answered here because the server owns the
/// virtual clock (what each path is: [`osslab::endpoint`]); `None` for every other request.
/// Durable labs save the clock when it moves, with what lifecycle did on the way, before
/// answering.
async fn clock_endpoint(lab: &Shared, req: &WireRequest) -> Option<WireResponse> {
    // Every OSS request leaves here without a second trip through the engine's lock.
    let endpoint = osslab::endpoint(&req.path)?;
    let (now, ticket) = {
        let mut guard = lock(lab);
        let lab = &mut *guard;
        if let Some(why) = lab.durable.as_ref().and_then(|d| d.refusal()) {
            return Some(clock::error_reply(500, &why));
        }
        let request = match endpoint {
            Endpoint::Clock => clock::parse(req),
            Endpoint::Unknown => Err(clock::unknown()),
            // The toolkit and the bill: the wire layer serves those.
            Endpoint::Identities | Endpoint::Backups | Endpoint::Bill => return None,
        };
        let request = match request {
            Ok(r) => r,
            Err(reply) => return Some(reply),
        };
        let now = clock::apply(&mut lab.clock, &mut lab.engine, request, real_now());
        let moved = request.moves().then_some(lab.clock);
        let ticket = lab
            .durable
            .as_mut()
            .and_then(|d| d.after_request(&mut lab.engine, moved));
        (now, ticket)
    };
    if let Some(t) = ticket {
        if let Err(why) = t.wait().await {
            return Some(clock::error_reply(
                500,
                &format!("the clock was not saved: {why}"),
            ));
        }
    }
    Some(clock::now_reply(now))
}

/// The endpoint as an axum app, for embedding osslab in another axum server.
pub fn router(lab: Lab) -> Router {
    let shared = Arc::new(Mutex::new(lab));
    // The committer thread (durable labs) runs as long as the router's state lives.
    let _ = durable::start(&shared);
    Router::new().fallback(oss).with_state(shared)
}

/// Open the lab (in memory, or the data directory), bind, print `listening on
/// http://ADDR` once ready, serve until Ctrl-C or SIGTERM.
pub async fn serve(opts: ServeOptions) -> Result<(), String> {
    let credentials = match (opts.access_key_id, opts.access_key_secret) {
        (Some(id), Some(secret)) => vec![Credentials {
            access_key_id: id,
            access_key_secret: secret,
        }],
        _ => Vec::new(),
    };
    let config = WireConfig {
        credentials,
        virtual_host_suffixes: opts.virtual_hosts,
    };
    let lab = match &opts.data_dir {
        None => {
            let mut lab = Lab::new(config);
            lab.engine.settings_mut().max_buckets = opts.max_buckets;
            // On stderr: stdout's first line is the ready line scripts wait for.
            eprintln!("data: in memory only (lost when the server stops; --data-dir DIR keeps it)");
            lab
        }
        Some(dir) => {
            let started = std::time::Instant::now();
            let opened = durable::Durable::open(dir, opts.max_buckets)?;
            for p in &opened.problems {
                eprintln!("osslab: skipped a damaged record: {p}");
            }
            eprintln!(
                "data: {} ({}, {}, loaded in {} ms)",
                dir.join(crate::persist::native::DB_FILE).display(),
                plural(opened.buckets as i64, "bucket"),
                plural(opened.versions as i64, "version"),
                started.elapsed().as_millis()
            );
            Lab::with_store(config, opened)
        }
    };
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", opts.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening on http://{addr}");
    serve_on(listener, lab, shutdown_signal()).await;
    Ok(())
}

/// Ctrl-C, or SIGTERM (what `kill` and service managers send) on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
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
    let committer = durable::start(&lab);
    let connection = lock(&lab).durable.as_ref().map(|d| d.connections());
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
        let counted = connection.as_ref().map(|c| c());
        tokio::spawn(async move {
            let _ = conn.await;
            drop(counted);
        });
    }
    graceful.shutdown().await;
    // Every response has waited for its commit; let the committer finish and close the
    // database cleanly.
    drop(lab);
    if let Some(c) = committer {
        let _ = tokio::task::spawn_blocking(move || c.join()).await;
    }
}

/// The `osslab` command line.
pub fn cli_main() -> std::process::ExitCode {
    match Cli::parse() {
        Cli::Serve(opts) => run_async(serve(opts)),
        Cli::Web(opts) => run_async(web::serve(opts)),
        Cli::Export(o) => report(durable::export_to_file(&o.data_dir, &o.file)),
        Cli::Import(o) => report(durable::import_from_file(&o.data_dir, &o.file)),
    }
}

/// Runs a server on a multi-threaded runtime until it returns.
fn run_async<E: std::fmt::Display>(
    server: impl std::future::Future<Output = Result<(), E>>,
) -> std::process::ExitCode {
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
    match runtime.block_on(server) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("osslab: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn report(result: Result<String, String>) -> std::process::ExitCode {
    match result {
        Ok(done) => {
            println!("{done}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("osslab: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
