//! The Leptos single-page lab (wasm only).
