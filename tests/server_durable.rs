//! The durable server (`osslab serve --data-dir`) over real sockets: what was acknowledged
//! is there after the server is gone and its data directory opened again; a disk whose
//! writes fail gives 500 InternalError with the reason, the server keeps serving, nothing of
//! the failed write remains, and the next write works once the disk does.

#![cfg(not(target_arch = "wasm32"))]

mod loopback;

use std::net::SocketAddr;
use std::path::Path;

use loopback::{exchange, header, spawn_on_loopback};

use osslab::persist::native::{FaultyDisk, NativeStore};
use osslab::server::durable::Durable;
use osslab::server::{serve_on, Lab};
use osslab::wire::WireConfig;

/// Serve the lab stored in `dir` (on `disk`) until the returned sender is dropped or fired;
/// the join handle returns once the server has shut down and closed the database.
fn start(
    dir: &Path,
    disk: Option<FaultyDisk>,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    std::thread::JoinHandle<()>,
) {
    let store = match disk {
        Some(d) => NativeStore::open_faulty(dir, d).unwrap(),
        None => NativeStore::open(dir).unwrap(),
    };
    let opened = Durable::with_store(store, dir, 100).unwrap();
    let lab = Lab::with_store(WireConfig::default(), opened);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (addr, handle) = spawn_on_loopback(move |listener| {
        serve_on(listener, lab, async {
            let _ = stopped.await;
        })
    });
    (addr, stop, handle)
}

/// One exchange with no extra headers; returns (status, head, body).
fn call(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    exchange(addr, method, target, "", body)
}

const VERSIONING: &[u8] =
    b"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";

#[test]
fn acknowledged_writes_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, stop, handle) = start(dir.path(), None);
    assert_eq!(call(addr, "PUT", "/keep", b"").0, 200);
    assert_eq!(call(addr, "PUT", "/keep?versioning", VERSIONING).0, 200);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                (0..10)
                    .map(|i| {
                        let body = format!("{t}-{i}");
                        let (status, head, _) =
                            call(addr, "PUT", &format!("/keep/k{}", i % 3), body.as_bytes());
                        assert_eq!(status, 200);
                        let id = header(&head, "x-oss-version-id").unwrap().to_string();
                        (format!("k{}", i % 3), id, body)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let written: Vec<_> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let (status, _, _) = call(addr, "POST", "/_osslab/clock/advance?seconds=3600", b"");
    assert_eq!(status, 200);
    let (_, clock_before, _) = call(addr, "GET", "/_osslab/clock", b"");
    let _ = clock_before;
    stop.send(()).unwrap();
    handle.join().unwrap();

    let (addr, _stop, _handle) = start(dir.path(), None);
    for (key, id, body) in &written {
        let (status, _, got) = call(addr, "GET", &format!("/keep/{key}?versionId={id}"), b"");
        assert_eq!(status, 200, "{key} {id}");
        assert_eq!(got, body.as_bytes());
    }
    // New version ids never collide with the earlier ones.
    let (status, head, _) = call(addr, "PUT", "/keep/k0", b"after");
    assert_eq!(status, 200);
    let id = header(&head, "x-oss-version-id").unwrap();
    assert!(written.iter().all(|(_, old, _)| old != id));
}

#[test]
fn a_failing_disk_answers_500_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let disk = FaultyDisk::default();
    let (addr, stop, handle) = start(dir.path(), Some(disk.clone()));
    assert_eq!(call(addr, "PUT", "/full", b"").0, 200);
    assert_eq!(call(addr, "PUT", "/full?versioning", VERSIONING).0, 200);
    assert_eq!(call(addr, "PUT", "/full/kept", b"before").0, 200);

    disk.set_failing(true);
    let (status, _, body) = call(addr, "PUT", "/full/lost", b"no space");
    assert_eq!(status, 500);
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("<Code>InternalError</Code>"), "{text}");
    assert!(text.contains("No space left on device"), "says why: {text}");
    // The failed write is undone at once, and reads go on while the disk refuses writes;
    // every write fails the same way.
    assert_eq!(call(addr, "GET", "/full/lost", b"").0, 404);
    assert_eq!(call(addr, "GET", "/full/kept", b"").2, b"before");
    let (status, _, body) = call(addr, "PUT", "/full/lost", b"again");
    assert_eq!(status, 500);
    assert!(String::from_utf8_lossy(&body).contains("No space left on device"));

    // Space is back: the next write succeeds.
    disk.set_failing(false);
    assert_eq!(
        call(addr, "GET", "/full/lost", b"").0,
        404,
        "failed write undone"
    );
    assert_eq!(call(addr, "GET", "/full/kept", b"").2, b"before");
    let (status, head, _) = call(addr, "PUT", "/full/later", b"space again");
    assert_eq!(status, 200);
    let id = header(&head, "x-oss-version-id").unwrap().to_string();
    stop.send(()).unwrap();
    handle.join().unwrap();

    let (addr, _stop, _handle) = start(dir.path(), None);
    assert_eq!(call(addr, "GET", "/full/lost", b"").0, 404);
    assert_eq!(call(addr, "GET", "/full/kept", b"").2, b"before");
    let (status, _, got) = call(addr, "GET", &format!("/full/later?versionId={id}"), b"");
    assert_eq!((status, got.as_slice()), (200, &b"space again"[..]));
}
