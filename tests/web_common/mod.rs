//! Shared set-up of the browser tests: mount components on a fresh lab.
#![allow(dead_code)]

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use osslab::ui::lab::Lab;
use osslab::ui::state::LabCtx;
use wasm_bindgen::JsCast;

/// Mount `view` in a new element of the page, with a fresh lab whose virtual clock starts at
/// `now`, provided as context; returns the element and the lab.
pub fn mount_lab<V: IntoView + 'static>(
    now: i64,
    view: impl FnOnce() -> V + 'static,
) -> (web_sys::HtmlElement, LabCtx) {
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let slot = Rc::new(Cell::new(None));
    let s = slot.clone();
    std::mem::forget(leptos::mount::mount_to(root.clone(), move || {
        let lab = LabCtx::new(Lab::new(now));
        provide_context(lab);
        s.set(Some(lab));
        view()
    }));
    (root, slot.get().unwrap())
}

/// Every element under `root` matching `sel`.
pub fn all(root: &web_sys::HtmlElement, sel: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}
