//! The app shell renders in a real browser (headless Chromium through wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use osslab::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the shell into a fresh `<div>` appended to `<body>` and returns that element.
fn mount_fresh() -> web_sys::HtmlElement {
    let document = document();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    // Keep the app mounted for the rest of the test run.
    std::mem::forget(leptos::mount::mount_to(root.clone(), App));
    root
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

/// Waits until `selector` matches in `root`: the page is drawn in parts, one per painted frame.
async fn wait_for(root: &web_sys::HtmlElement, selector: &str) {
    for _ in 0..500 {
        if root.query_selector(selector).unwrap().is_some() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("{selector} never appeared");
}

#[wasm_bindgen_test]
async fn shell_shows_title_and_empty_bucket_list() {
    let root = mount_fresh();

    // The mount itself draws the top of the page only; the rest follows in later tasks.
    assert_eq!(text_of(&root, "[data-testid=title]"), "osslab");
    assert!(root.query_selector("header h1#title").unwrap().is_some());
    assert!(root
        .query_selector("[data-testid=lessons]")
        .unwrap()
        .is_none());

    // Then every part, in page order.
    wait_for(&root, "[data-testid=lessons]").await;
    wait_for(&root, "#buckets").await;
    wait_for(&root, ".protection-row").await;
    wait_for(&root, "#console").await;
    let buckets = text_of(&root, "#buckets[data-testid=bucket-list]");
    assert!(buckets.contains("Buckets"), "bucket list: {buckets:?}");
    assert_eq!(
        text_of(&root, "[data-testid=bucket-list-empty]"),
        "No buckets yet."
    );
}

#[wasm_bindgen_test]
fn shell_shows_a_utc_clock() {
    let root = mount_fresh();
    let clock = root
        .query_selector("time#clock[data-testid=clock]")
        .unwrap()
        .expect("clock element");
    let text = clock.text_content().unwrap_or_default();
    // RFC 3339 UTC to the second: 2026-11-22T04:12:00Z
    assert_eq!(text.len(), 20, "clock text {text:?}");
    assert!(
        text.ends_with('Z') && text.as_bytes()[10] == b'T',
        "clock text {text:?}"
    );
    assert_eq!(
        clock.get_attribute("datetime").as_deref(),
        Some(text.as_str())
    );
}
