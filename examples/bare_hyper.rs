//! The HTTP baseline of `scripts/bench-http`: a bare hyper server answering every request
//! with the same 1 KiB body. osslab's GET throughput is reported as a ratio to this.
//!
//! Usage: `bare_hyper 127.0.0.1:PORT` (port 0 picks one); prints `listening on http://ADDR`.

// Native only: `cargo test --target wasm32-unknown-unknown` builds examples too.
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
use std::convert::Infallible;

#[cfg(not(target_arch = "wasm32"))]
use http_body_util::Full;
#[cfg(not(target_arch = "wasm32"))]
use hyper::body::{Bytes, Incoming};
#[cfg(not(target_arch = "wasm32"))]
use hyper::server::conn::http1;
#[cfg(not(target_arch = "wasm32"))]
use hyper::service::service_fn;
#[cfg(not(target_arch = "wasm32"))]
use hyper::{Request, Response};
#[cfg(not(target_arch = "wasm32"))]
use hyper_util::rt::TokioIo;

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".into());
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    let body = Bytes::from(vec![b'x'; 1024]);
    loop {
        let (stream, _) = listener.accept().await?;
        let body = body.clone();
        tokio::spawn(async move {
            let service = service_fn(move |_req: Request<Incoming>| {
                let body = body.clone();
                async move { Ok::<_, Infallible>(Response::new(Full::new(body))) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
