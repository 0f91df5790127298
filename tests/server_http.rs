//! The native server over real sockets: many concurrent clients, the clock endpoints, and
//! the request log format on the wire.

#![cfg(not(target_arch = "wasm32"))]

mod loopback;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread;

use loopback::{exchange, spawn_on_loopback};

use osslab::server::{router, serve_on, Lab};
use osslab::wire::WireConfig;

/// The connection loop `osslab serve` runs, never shut down.
fn start() -> SocketAddr {
    spawn_on_loopback(|listener| {
        serve_on(
            listener,
            Lab::new(WireConfig::default()),
            std::future::pending(),
        )
    })
    .0
}

/// One exchange with no extra headers; returns (status, head, body).
fn call(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    exchange(addr, method, target, "", body)
}

#[test]
fn concurrent_clients_lose_nothing() {
    let addr = start();
    assert_eq!(call(addr, "PUT", "/conc", b"").0, 200);
    assert_eq!(
        call(
            addr,
            "PUT",
            "/conc?versioning",
            b"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"
        )
        .0,
        200
    );
    let threads: Vec<_> = (0..8)
        .map(|t| {
            thread::spawn(move || {
                for i in 0..25 {
                    let (status, head, _) = call(
                        addr,
                        "PUT",
                        "/conc/shared%2Fkey",
                        format!("{t}-{i}").as_bytes(),
                    );
                    assert_eq!(status, 200);
                    assert!(head.contains("x-oss-version-id: CAEQ"), "{head}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let (status, _, body) = call(addr, "GET", "/conc?versions&max-keys=1000", b"");
    assert_eq!(status, 200);
    let xml = String::from_utf8(body).unwrap();
    assert_eq!(
        xml.matches("<Version>").count(),
        200,
        "every concurrent write is a version"
    );
    assert_eq!(xml.matches("<IsLatest>true</IsLatest>").count(), 1);
}

#[test]
fn clock_endpoints_move_restores_forward() {
    let addr = start();
    call(addr, "PUT", "/clk", b"");
    let (status, _, _) = call(addr, "PUT", "/clk/cold", b"zzz");
    assert_eq!(status, 200);
    let req = |m, t, b: &[u8]| call(addr, m, t, b);
    // An Archive object: 403 until restored, restore takes a virtual minute.
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(format!("PUT /clk/arch HTTP/1.1\r\nHost: {addr}\r\nx-oss-storage-class: Archive\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc").as_bytes()).unwrap();
    let mut sink = Vec::new();
    s.read_to_end(&mut sink).unwrap();
    assert_eq!(req("GET", "/clk/arch", b"").0, 403);
    assert_eq!(req("POST", "/clk/arch?restore", b"").0, 202);
    let (_, head, _) = req("HEAD", "/clk/arch", b"");
    assert!(
        head.contains("x-oss-restore: ongoing-request=\"true\""),
        "{head}"
    );
    let (status, _, before) = req("GET", "/_osslab/clock", b"");
    assert_eq!(status, 200);
    let (status, _, after) = req("POST", "/_osslab/clock/advance?seconds=120", b"");
    assert_eq!(status, 200);
    let now = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .split('"')
            .nth(3)
            .unwrap()
            .to_string()
    };
    assert!(
        now(&after) > now(&before),
        "{} then {}",
        now(&before),
        now(&after)
    );
    let (status, _, body) = req("GET", "/clk/arch", b"");
    assert_eq!((status, body.as_slice()), (200, &b"abc"[..]));
    let (_, head, _) = req("HEAD", "/clk/arch", b"");
    assert!(
        head.contains("ongoing-request=\"false\", expiry-date="),
        "{head}"
    );
    assert_eq!(req("POST", "/_osslab/clock/advance?seconds=-5", b"").0, 400);
    assert_eq!(req("GET", "/_osslab/nothing", b"").0, 404);
}

#[test]
fn oss_headers_on_the_wire() {
    let addr = start();
    call(addr, "PUT", "/hdrs", b"");
    let (status, head, _) = call(addr, "PUT", "/hdrs/k", b"hello");
    assert_eq!(status, 200);
    for h in [
        "Server: AliyunOSS",
        "ETag: \"5D41402ABC4B2A76B9719D911017C592\"",
        "x-oss-hash-crc64ecma: 11177612005948864433",
        "x-oss-request-id: ",
    ] {
        assert!(
            head.to_lowercase().contains(&h.to_lowercase()),
            "{h} missing in {head}"
        );
    }
    assert!(
        !head.to_lowercase().contains("x-oss-version-id"),
        "unversioned: no version id"
    );
    let (status, head, body) = call(addr, "HEAD", "/hdrs/missing", b"");
    assert_eq!(status, 404);
    assert!(body.is_empty());
    assert!(head.to_lowercase().contains("x-oss-err: "), "{head}");
    assert!(
        head.to_lowercase().contains("x-oss-ec: 0026-00000001"),
        "{head}"
    );
}

/// `osslab serve` drives hyper itself instead of going through axum's router: every byte
/// of every answer is the same either way, but for the per-request values (ids, dates).
#[test]
fn serve_loop_answers_exactly_like_the_axum_router() {
    let direct = start();
    let (routed, _) = spawn_on_loopback(|listener| async move {
        axum::serve(listener, router(Lab::new(WireConfig::default())))
            .await
            .unwrap();
    });
    // Per-request values: request ids (headers and error bodies), dates, timings.
    let normalize = |raw: (u16, String, Vec<u8>), addr: SocketAddr| {
        let (status, head, body) = raw;
        let head: Vec<String> = head
            .lines()
            .filter(|l| {
                let l = l.to_ascii_lowercase();
                ![
                    "date:",
                    "x-oss-request-id:",
                    "x-oss-server-time:",
                    "last-modified:",
                    "x-oss-err:",
                ]
                .iter()
                .any(|p| l.starts_with(p))
            })
            .map(str::to_string)
            .collect();
        let body = String::from_utf8_lossy(&body).replace(&addr.to_string(), "HOST");
        let body = match (body.find("<RequestId>"), body.find("</RequestId>")) {
            (Some(a), Some(b)) => format!("{}{}", &body[..a], &body[b..]),
            _ => body,
        };
        (status, head, body)
    };
    let steps: &[(&str, &str, &[u8])] = &[
        ("PUT", "/same", b""),
        ("PUT", "/same/k.txt", b"hello"),
        ("GET", "/same/k.txt", b""),
        ("HEAD", "/same/k.txt", b""),
        ("GET", "/same/k.txt?response-content-type=text/plain", b""),
        ("GET", "/same/missing", b""),
        ("HEAD", "/same/missing", b""),
        ("GET", "/same?versioning", b""),
        ("DELETE", "/same/k.txt", b""),
        ("GET", "/_osslab/nothing", b""),
        ("HEAD", "/_osslab/nothing", b""),
        ("POST", "/_osslab/clock/advance?seconds=x", b""),
    ];
    for (method, target, body) in steps {
        let a = normalize(call(direct, method, target, body), direct);
        let b = normalize(call(routed, method, target, body), routed);
        assert_eq!(a, b, "{method} {target}");
    }
}

/// A client may shut down its sending side once the request is out (`half_close`).
#[test]
fn half_closed_clients_get_their_response() {
    let addr = start();
    assert_eq!(call(addr, "PUT", "/half", b"").0, 200);
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200 OK"), "{text}");
    assert!(text.contains("<Name>half</Name>"), "{text}");
}

#[test]
fn binary_prints_ready_line_and_stops_cleanly_on_ctrl_c() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_osslab"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on http://")
        .expect("the ready line");
    let addr: SocketAddr = url.parse().unwrap();
    assert_eq!(call(addr, "GET", "/", b"").0, 200);
    // Ctrl-C is SIGINT: the server finishes and exits 0.
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn loopback_by_default_and_bad_flags_are_refused() {
    use std::process::Command;
    let help = Command::new(env!("CARGO_BIN_EXE_osslab"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("127.0.0.1:9000"));
    // A key id without a secret is a usage error, not a server without verification.
    let out = Command::new(env!("CARGO_BIN_EXE_osslab"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--access-key-id",
            "only-id",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
