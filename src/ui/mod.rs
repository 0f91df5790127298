//! The Leptos single-page lab (wasm only).
//!
//! One file per concept: [`lab`] holds the state (engine, clock, wire, log) and is the only
//! place it is created; [`state`] is its reactive edge; [`requests`] builds SDK-shaped OSS
//! requests; the components draw buckets, objects, the version stack, actions, the clock, the
//! request log, the console and the protection toolkit ([`protection`]: [`replication`],
//! [`backup`], [`access`]); [`api`] is `window.osslab` for scripts and tests.
//! Stable `id`s and `data-testid`s are what the browser tests select on.

pub mod access;
pub mod acl_tags;
pub mod actions;
pub mod api;
pub mod app;
pub mod backup;
pub mod bill;
pub mod buckets;
pub mod clock;
pub mod console;
pub mod copy;
pub mod explain;
pub mod lab;
pub mod lessons;
pub mod lifecycle;
pub mod log;
pub mod log_store;
pub mod multipart;
pub mod objects;
pub mod ossutil;
pub mod ossutil_acl;
mod ossutil_send;
pub mod protection;
pub mod replication;
pub mod requests;
pub mod stack;
pub mod state;
pub mod storage;
pub mod text;
pub mod upload;
pub mod widgets;
pub mod writes;

pub use app::App;

/// Entry point of the browser app: panic messages to the console, then mount on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
