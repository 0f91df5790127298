//! Bytes of memory per stored version beyond its body, measured with a counting allocator
//! (`cargo bench --bench memory`). Prints one line per layout; results go to BENCHMARKS.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;

use osslab::engine::objects::PutObject;
use osslab::engine::{Engine, ObjectMeta, StorageClass, Versioning};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Live bytes per version after storing `n` versions spread over `keys` keys, each with an
/// empty body (so every byte counted is overhead) and typical SDK metadata.
fn per_version(n: usize, keys: usize) -> f64 {
    let mut e = Engine::new(1_700_000_000_000);
    e.create_bucket("mem", StorageClass::Standard).unwrap();
    e.set_versioning("mem", Versioning::Enabled).unwrap();
    let names: Vec<String> = (0..keys)
        .map(|k| format!("photos/2026/img-{k:07}.jpg"))
        .collect();
    let meta = ObjectMeta {
        content_type: Some("image/jpeg".into()),
        ..Default::default()
    };
    let body: Arc<[u8]> = Arc::from(Vec::new());
    let before = LIVE.load(Ordering::Relaxed);
    for i in 0..n {
        e.put_object(PutObject {
            bucket: "mem".into(),
            key: names[i % keys].clone(),
            body: body.clone(),
            meta: meta.clone(),
            ..Default::default()
        })
        .unwrap();
    }
    let after = LIVE.load(Ordering::Relaxed);
    std::hint::black_box(&e);
    (after - before) as f64 / n as f64
}

fn main() {
    // `cargo bench` passes --bench; ignore arguments.
    println!(
        "size_of: Entry {} B, ObjectVersion {} B",
        std::mem::size_of::<osslab::engine::Entry>(),
        std::mem::size_of::<osslab::engine::ObjectVersion>()
    );
    for (n, keys, label) in [
        (1_000_000, 1, "one key, 1M versions"),
        (1_000_000, 1_000, "1000 keys x 1000 versions"),
        (1_000_000, 100_000, "100k keys x 10 versions"),
        (
            1_000_000,
            1_000_000,
            "1M keys x 1 version (key name counted)",
        ),
    ] {
        println!("memory/version: {label}: {:.1} bytes", per_version(n, keys));
    }
}
