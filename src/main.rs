#[cfg(target_arch = "wasm32")]
fn main() {
    osslab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    osslab::server::cli_main()
}
