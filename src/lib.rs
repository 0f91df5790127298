//! osslab: Alibaba Cloud OSS versioning, delete markers, archive restore and overwrite
//! protection, emulated faithfully.
//!
//! Layers (see README.md for the picture):
//! - [`engine`]: the versioned store as a pure, deterministic state machine. No I/O, no clock
//!   reads: time comes in through [`engine::Engine::set_now`].
//! - [`wire`]: the OSS REST protocol. HTTP request in, engine call, HTTP response out. Used by
//!   the browser UI and by the native server alike.
//! - [`persist`]: engine state storage behind a trait (memory here, IndexedDB in the browser).
//! - [`lessons`]: guided scenarios as data: requests, explanations and state checks.
//! - [`embed`]: the library face: an in-process OSS endpoint ([`embed::Emulator`]) that takes
//!   an `http::Request` and returns the `http::Response`, with clock control. Native and wasm.
//! - `ui` (wasm only): the Leptos single-page lab.
//! - `server` (native only): the local OSS endpoint real SDKs talk to.

pub mod console;
pub mod embed;
pub mod engine;
pub mod lessons;
pub mod persist;
pub mod present;
pub mod wire;

#[cfg(not(target_arch = "wasm32"))]
pub mod server;

#[cfg(target_arch = "wasm32")]
pub mod ui;
