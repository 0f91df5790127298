//! Fill a data directory with N versions for the durable-store figures (BENCHMARKS.md,
//! "Durable endpoint"): `cargo run --profile server --example durable_fill -- DIR N KEYS`.
//!
//! The versions are empty-bodied PUTs with `Content-Type: image/jpeg`, spread over KEYS keys
//! of one versioned bucket (the layout of the memory benchmark), written with ONE
//! `replace_all` transaction. Prints the database file size before and after (each measured
//! with the store closed, so SQLite's write-ahead log is folded into the file), and the
//! bytes per version record.

// Native only: `cargo test --target wasm32-unknown-unknown` builds examples too, and the
// native store (SQLite) does not exist in the browser build.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), String> {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::PathBuf;
    use std::sync::Arc;

    use osslab::engine::objects::PutObject;
    use osslab::engine::{Engine, ObjectMeta, StorageClass, Versioning};
    use osslab::persist::native::{NativeStore, DB_FILE};
    use osslab::persist::Persist;

    pub fn main() -> Result<(), String> {
        let mut args = std::env::args().skip(1);
        let usage = "usage: durable_fill DIR N KEYS";
        let dir = PathBuf::from(args.next().ok_or(usage)?);
        let n: usize = args.next().ok_or(usage)?.parse().map_err(|_| usage)?;
        let keys: usize = args.next().ok_or(usage)?.parse().map_err(|_| usage)?;
        let open = || NativeStore::open(&dir).map_err(|e| e.to_string());
        let file_len = || {
            std::fs::metadata(dir.join(DB_FILE))
                .map(|m| m.len())
                .map_err(|e| e.to_string())
        };
        let store = open()?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_millis() as i64;
        let mut e = Engine::new(now);
        e.create_bucket("bench", StorageClass::Standard)
            .map_err(|e| e.to_string())?;
        e.set_versioning("bench", Versioning::Enabled)
            .map_err(|e| e.to_string())?;
        pollster::block_on(store.replace_all(&e, None)).map_err(|e| e.to_string())?;
        drop(store);
        let empty = file_len()?;
        let store = open()?;
        let names: Vec<String> = (0..keys)
            .map(|k| format!("photos/2026/img-{k:07}.jpg"))
            .collect();
        let meta = ObjectMeta {
            content_type: Some("image/jpeg".into()),
            ..Default::default()
        };
        let body: Arc<[u8]> = Arc::from(Vec::new());
        for i in 0..n {
            e.put_object(PutObject {
                bucket: "bench".into(),
                key: names[i % keys].clone(),
                body: body.clone(),
                meta: meta.clone(),
                ..Default::default()
            })
            .map_err(|e| e.to_string())?;
        }
        let t = std::time::Instant::now();
        pollster::block_on(store.replace_all(&e, None)).map_err(|e| e.to_string())?;
        let elapsed = t.elapsed();
        let (allocated, stored) = store.space().map_err(|e| e.to_string())?;
        drop(store);
        let full = file_len()?;
        println!(
            "{n} versions over {keys} keys written in {:.1} s; {DB_FILE}: {empty} B empty, {full} B \
             full: {:.1} B per version record (file length); pages in use {:.1} B, keys and values \
             {:.1} B per version",
            elapsed.as_secs_f64(),
            (full - empty) as f64 / n as f64,
            allocated as f64 / n as f64,
            stored as f64 / n as f64
        );
        Ok(())
    }
}
