//! `osslab web`: serves the browser lab's release build (`dist/`) as static files.
//!
//! tower-http's `ServeDir` does the work: it picks the `.br` or `.gz` sidecar the release build
//! wrote next to each file when the request's `Accept-Encoding` allows it (and says
//! `Vary: Accept-Encoding`), sends `.wasm` as `application/wasm` so the browser compiles the
//! module while it streams in, and answers conditional requests from `ETag`/`Last-Modified`.
//! This module only adds the headers below and the command line around it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

#[derive(clap::Args, Debug, Clone)]
pub struct WebOptions {
    /// The release build to serve (`trunk build --release` writes it to dist/).
    #[arg(long, default_value = "dist")]
    pub dir: PathBuf,
    /// Address to listen on; port 0 picks a free port. Loopback by default.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

/// The static site as an axum app: every path is a file under `dir` (`/` is its index.html).
pub fn router(dir: &Path) -> Router {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new()
        .fallback_service(files)
        // Revalidate on every load (a cheap 304 when unchanged): a rebuilt dist/ is always
        // what the browser runs. A host serving one fixed build can cache the content-hashed
        // files for a year instead (README, "Hosting the browser lab").
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Check `dir` holds a build, bind, print `listening on http://ADDR` once ready, serve until
/// Ctrl-C.
pub async fn serve(opts: WebOptions) -> std::io::Result<()> {
    if !opts.dir.join("index.html").is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "{} has no index.html: build the app first (trunk build --release)",
                opts.dir.display()
            ),
        ));
    }
    let listener = tokio::net::TcpListener::bind(opts.addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router(&opts.dir))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
