//! Shared helpers for the tests that talk to a real server over loopback sockets
//! (`server_http`, `server_durable`, `web_serve`): start a server in a runtime of its own, and
//! one raw HTTP/1.1 exchange.
#![allow(dead_code)]

use std::future::Future;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread::JoinHandle;

/// Runs `serve` on a fresh loopback listener, in a multi-threaded runtime on a thread of its
/// own; returns the address and the thread (which ends when `serve`'s future does).
pub fn spawn_on_loopback<F>(
    serve: impl FnOnce(tokio::net::TcpListener) -> F + Send + 'static,
) -> (SocketAddr, JoinHandle<F::Output>)
where
    F: Future + 'static,
    F::Output: Send + 'static,
{
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = std::thread::spawn(move || rt.block_on(serve(listener)));
    (addr, handle)
}

/// One HTTP/1.1 exchange with `Connection: close`: `extra` holds further header lines, each
/// ending in `\r\n`. Returns (status, head as received, body).
pub fn exchange(
    addr: SocketAddr,
    method: &str,
    target: &str,
    extra: &str,
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head[9..12].parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

/// A header's value in a response head (names compared without case).
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}
