//! Shared set-up for the wasm-bindgen browser tests: a component mounted with a fresh lab.
#![allow(dead_code)]

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use osslab::ui::lab::{real_now, BrowserLab};
use osslab::ui::state::LabCtx;
use wasm_bindgen::JsCast;

/// The virtual clock's start in these tests.
pub const T0: i64 = 1_795_000_000_000;

/// Mounts `component` in a new `<div>` appended to `<body>`, with a fresh lab in context whose
/// clock is paused (virtual time stays at `T0` unless a test moves it). Returns the root and
/// the lab. The mount is kept for the rest of the run.
pub fn mount_with_lab<F, N>(component: F) -> (web_sys::HtmlElement, LabCtx)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let slot = Rc::new(Cell::new(None));
    let s = slot.clone();
    std::mem::forget(leptos::mount::mount_to(root.clone(), move || {
        let lab = LabCtx::new(BrowserLab::new(T0));
        lab.update(|l| l.clock.set_playing(false, real_now()));
        provide_context(lab);
        s.set(Some(lab));
        component()
    }));
    (root, slot.get().unwrap())
}

/// The first element under `root` matching `selector`.
pub fn query(root: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

/// Every element under `root` matching `selector`.
pub fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}
