//! The version stack drawing, in a real browser: marker tombstones, the null version, the
//! current entry, restore progress and virtualization.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use osslab::engine::HOUR;
use osslab::ui::lab::Source;
use osslab::ui::requests::{self, UploadOptions};
use osslab::ui::stack::StackPanel;
use osslab::ui::state::LabCtx;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod web_common;
use web_common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `StackPanel` with a fresh lab in a new `<div>`; returns the root and the lab.
fn mount_stack() -> (web_sys::HtmlElement, LabCtx) {
    mount_with_lab(|| view! { <StackPanel/> })
}

fn send(lab: LabCtx, req: requests::Req) -> u16 {
    lab.send(Source::Ui, req).status
}

fn put(lab: LabCtx, key: &str, body: &str, class: Option<osslab::engine::StorageClass>) -> u16 {
    let o = UploadOptions {
        storage_class: class,
        ..Default::default()
    };
    send(
        lab,
        requests::put_object("lab", key, body.as_bytes().to_vec(), &o),
    )
}

fn rows(root: &web_sys::HtmlElement) -> Vec<web_sys::Element> {
    let list = root.query_selector_all("[data-testid=stack-row]").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn attr(e: &web_sys::Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

fn open(lab: LabCtx, key: &str) {
    lab.sel.bucket.set(Some("lab".into()));
    lab.sel.key.set(Some(key.into()));
}

#[wasm_bindgen_test]
async fn markers_are_tombstones_and_the_current_entry_is_on_top() {
    let (root, lab) = mount_stack();
    assert_eq!(send(lab, requests::put_bucket("lab")), 200);
    assert_eq!(send(lab, requests::put_versioning("lab", "Enabled")), 200);
    for body in ["one", "two", "three"] {
        assert_eq!(put(lab, "k.txt", body, None), 200);
    }
    assert_eq!(
        send(lab, requests::delete_object("lab", "k.txt", None)),
        204
    );
    open(lab, "k.txt");
    leptos::task::tick().await;

    let r = rows(&root);
    assert_eq!(r.len(), 4);
    assert_eq!(attr(&r[0], "data-kind"), "marker");
    assert_eq!(attr(&r[0], "data-current"), "true");
    assert!(r[0].class_list().contains("current"));
    assert!(r[0].text_content().unwrap().contains("Delete marker"));
    for row in &r[1..] {
        assert_eq!(attr(row, "data-kind"), "version");
        assert_eq!(attr(row, "data-current"), "false");
    }
    let summary = root
        .query_selector("[data-testid=stack-summary]")
        .unwrap()
        .unwrap();
    assert!(summary.text_content().unwrap().contains("delete marker"));
    // Positions count down from the top.
    let positions: Vec<String> = r.iter().map(|e| attr(e, "data-position")).collect();
    assert_eq!(positions, ["0", "1", "2", "3"]);
}

#[wasm_bindgen_test]
async fn the_null_version_is_labelled_and_replaced_in_place() {
    let (root, lab) = mount_stack();
    send(lab, requests::put_bucket("lab"));
    put(lab, "n.txt", "before versioning", None);
    send(lab, requests::put_versioning("lab", "Enabled"));
    put(lab, "n.txt", "v1", None);
    open(lab, "n.txt");
    leptos::task::tick().await;
    let r = rows(&root);
    assert_eq!(r.len(), 2);
    assert_eq!(attr(&r[1], "data-version"), "null");
    assert!(r[1].text_content().unwrap().contains("null version"));

    send(lab, requests::put_versioning("lab", "Suspended"));
    put(lab, "n.txt", "suspended write", None);
    leptos::task::tick().await;
    let r = rows(&root);
    assert_eq!(
        r.len(),
        2,
        "the null version moved to the top, nothing added"
    );
    assert_eq!(attr(&r[0], "data-version"), "null");
    assert_eq!(attr(&r[0], "data-current"), "true");
}

#[wasm_bindgen_test]
async fn restore_progress_follows_the_virtual_clock() {
    let (root, lab) = mount_stack();
    send(lab, requests::put_bucket("lab"));
    put(
        lab,
        "a.bin",
        "cold",
        Some(osslab::engine::StorageClass::ColdArchive),
    );
    open(lab, "a.bin");
    leptos::task::tick().await;
    let state = || {
        root.query_selector("[data-testid=restore-state]")
            .unwrap()
            .map(|e| e.text_content().unwrap())
            .unwrap_or_default()
    };
    assert!(state().contains("frozen"), "{}", state());
    let status = send(
        lab,
        requests::restore_object(
            "lab",
            "a.bin",
            None,
            1,
            Some(osslab::engine::Tier::Standard),
        ),
    );
    assert_eq!(status, 202);
    lab.update(|l| l.advance(HOUR));
    leptos::task::tick().await;
    let bar: web_sys::HtmlProgressElement = root
        .query_selector("[data-testid=restore-progress]")
        .unwrap()
        .expect("progress bar")
        .unchecked_into();
    assert!(
        (bar.value() - 20.0).abs() < 1.0,
        "5 h restore after 1 h: {}",
        bar.value()
    );
    lab.update(|l| l.advance(5 * HOUR));
    leptos::task::tick().await;
    assert!(state().contains("restored until"), "{}", state());
    assert!(root
        .query_selector("[data-testid=restore-progress]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_long_stack_renders_only_the_visible_rows() {
    let (root, lab) = mount_stack();
    send(lab, requests::put_bucket("lab"));
    send(lab, requests::put_versioning("lab", "Enabled"));
    for i in 0..3000 {
        put(lab, "hot", &format!("v{i}"), None);
    }
    open(lab, "hot");
    leptos::task::tick().await;
    let r = rows(&root);
    assert!(!r.is_empty() && r.len() < 60, "{} rows in the DOM", r.len());
    assert_eq!(attr(&r[0], "data-position"), "0");
    let summary = root
        .query_selector("[data-testid=stack-summary]")
        .unwrap()
        .unwrap();
    assert!(summary.text_content().unwrap().starts_with("3000 entries"));
}
