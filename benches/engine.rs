//! Engine throughput: puts into a versioned bucket, and one ListObjectVersions page at
//! growing store sizes. Results go to BENCHMARKS.md (`cargo bench --bench engine`).

use std::sync::Arc;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use osslab::engine::listing::ListParams;
use osslab::engine::objects::PutObject;
use osslab::engine::{integrity, Engine, StorageClass, VersionId, Versioning};

const BUCKET: &str = "bench";

fn versioned_engine() -> Engine {
    let mut e = Engine::new(1_700_000_000_000);
    e.create_bucket(BUCKET, StorageClass::Standard).unwrap();
    e.set_versioning(BUCKET, Versioning::Enabled).unwrap();
    e
}

fn put(e: &mut Engine, key: &str, body: &Arc<[u8]>) {
    e.put_object(PutObject {
        bucket: BUCKET.to_string(),
        key: key.to_string(),
        body: body.clone(),
        ..Default::default()
    })
    .unwrap();
}

fn puts(c: &mut Criterion) {
    let mut g = c.benchmark_group("put_versioned");
    g.throughput(Throughput::Elements(1));
    for size in [0usize, 4096] {
        let body: Arc<[u8]> = Arc::from(vec![7u8; size]);
        g.bench_function(BenchmarkId::new("body_bytes", size), |b| {
            let mut e = versioned_engine();
            let mut i = 0u64;
            b.iter(|| {
                i += 1;
                // 1000 keys, so stacks grow as in a real bucket.
                put(&mut e, &format!("key-{:04}", i % 1000), &body);
            });
        });
    }
    // The floor a put cannot go below: hashing its body (MD5 for the ETag, CRC-64).
    let body = vec![7u8; 4096];
    g.bench_function("md5_plus_crc64_4096", |b| {
        b.iter(|| {
            (
                integrity::md5(black_box(&body)),
                integrity::crc64(black_box(&body)),
            )
        })
    });
    g.finish();
}

/// A bucket with `n` versions: n/100 keys of 100 versions each, empty bodies.
fn store_with(n: usize) -> Engine {
    let mut e = versioned_engine();
    let body: Arc<[u8]> = Arc::from(Vec::new());
    for i in 0..n {
        put(&mut e, &format!("key-{:07}", i / 100), &body);
    }
    e
}

fn list_page(c: &mut Criterion) {
    let mut g = c.benchmark_group("list_versions_page_1000");
    g.sample_size(30);
    for n in [10_000usize, 100_000, 1_000_000] {
        let e = store_with(n);
        // A page from the middle of the bucket, resumed by markers like a real client.
        let p = ListParams {
            max_keys: 1000,
            ..Default::default()
        };
        let mid_key = format!("key-{:07}", n / 200);
        let first = e.list_object_versions(BUCKET, &p, &mid_key, None).unwrap();
        let marker = VersionId::parse(first.items[50].version_id()).unwrap();
        let marker_key = first.items[50].key().to_string();
        g.bench_function(BenchmarkId::new("versions", n), |b| {
            b.iter(|| {
                let page = e
                    .list_object_versions(BUCKET, &p, &marker_key, Some(marker))
                    .unwrap();
                assert_eq!(page.items.len(), 1000);
                black_box(page)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, puts, list_page);
criterion_main!(benches);
