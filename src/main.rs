#[cfg(target_arch = "wasm32")]
fn main() {
    osslab::ui::start();
}

/// `osslab serve` frees on one thread what others allocated (each request's records are
/// dropped by the commit thread): see the note on `mimalloc` in Cargo.toml.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    osslab::server::cli_main()
}
