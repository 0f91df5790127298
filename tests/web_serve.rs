//! `osslab web` over a real socket: the pre-compressed sidecar the request's Accept-Encoding
//! allows, `application/wasm`, the cache headers, and a refusal to serve a directory that holds
//! no build.

#![cfg(not(target_arch = "wasm32"))]

mod loopback;

use std::net::SocketAddr;
use std::path::PathBuf;

use loopback::{exchange, spawn_on_loopback};

use osslab::server::web::{router, serve, WebOptions};

/// A fresh directory shaped like a release dist/: index.html, a module with its sidecars (each
/// with different content, so the test sees which one came back) and a stylesheet without any.
fn fake_dist(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("osslab-web-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    std::fs::write(dir.join("app_bg.wasm"), b"\0asm raw").unwrap();
    std::fs::write(dir.join("app_bg.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(dir.join("app_bg.wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(dir.join("main.css"), "body{}").unwrap();
    dir
}

fn start(dir: PathBuf) -> SocketAddr {
    spawn_on_loopback(move |listener| async move { axum::serve(listener, router(&dir)).await }).0
}

/// One GET with the given extra header lines; returns (status, lower-cased head, body).
fn get(addr: SocketAddr, target: &str, extra: &str) -> (u16, String, Vec<u8>) {
    let (status, head, body) = exchange(addr, "GET", target, extra, b"");
    (status, head.to_ascii_lowercase(), body)
}

#[test]
fn the_encoding_the_browser_accepts_is_sent_as_wasm() {
    let addr = start(fake_dist("enc"));
    let (status, head, body) = get(
        addr,
        "/app_bg.wasm",
        "Accept-Encoding: gzip, deflate, br\r\n",
    );
    assert_eq!(status, 200);
    assert_eq!(body, b"brotli bytes");
    assert!(head.contains("content-encoding: br"), "{head}");
    assert!(head.contains("content-type: application/wasm"), "{head}");
    assert!(head.contains("vary: accept-encoding"), "{head}");

    let (_, head, body) = get(addr, "/app_bg.wasm", "Accept-Encoding: gzip\r\n");
    assert_eq!(body, b"gzip bytes");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(head.contains("content-type: application/wasm"), "{head}");

    let (_, head, body) = get(addr, "/app_bg.wasm", "");
    assert_eq!(body, b"\0asm raw");
    assert!(!head.contains("content-encoding"), "{head}");
    assert!(head.contains("content-type: application/wasm"), "{head}");

    // A file without sidecars is sent as it is, whatever the browser accepts.
    let (status, head, body) = get(addr, "/main.css", "Accept-Encoding: br, gzip\r\n");
    assert_eq!(status, 200);
    assert_eq!(body, b"body{}");
    assert!(!head.contains("content-encoding"), "{head}");
    assert!(head.contains("content-type: text/css"), "{head}");
}

#[test]
fn index_is_the_root_every_answer_revalidates_and_unknown_paths_are_404() {
    let addr = start(fake_dist("index"));
    let (status, head, body) = get(addr, "/", "");
    assert_eq!(status, 200);
    assert_eq!(body, b"<!doctype html><title>t</title>");
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(head.contains("cache-control: no-cache"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");

    // The revalidation a reload makes: unchanged, so no body.
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .expect("an ETag")
        .to_string();
    let (status, _, body) = get(addr, "/", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!(status, 304);
    assert!(body.is_empty());

    let (status, head, _) = get(addr, "/missing.js", "");
    assert_eq!(status, 404);
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    // Nothing outside the directory.
    assert_eq!(get(addr, "/../Cargo.toml", "").0, 404);
}

#[test]
fn a_directory_without_a_build_is_refused_before_binding() {
    let empty = std::env::temp_dir().join(format!("osslab-web-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let err = rt
        .block_on(serve(WebOptions {
            dir: empty,
            addr: "127.0.0.1:0".parse().unwrap(),
        }))
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    assert!(err.to_string().contains("trunk build --release"), "{err}");
}
