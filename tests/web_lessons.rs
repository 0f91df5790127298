//! The lessons panel in a real browser: the routes, the list, and a lesson run through its
//! buttons against a fresh lab (the e2e suite covers every lesson end to end).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use osslab::ui::lessons::{lesson_href, lessons, route, LessonsPanel};
use osslab::ui::state::LabCtx;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod web_common;
use web_common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> (web_sys::HtmlElement, LabCtx) {
    mount_with_lab(|| view! { <LessonsPanel/> })
}

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(20).await;
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
fn routes() {
    assert_eq!(route("#/lessons"), Some(None));
    assert_eq!(route("#/lessons/"), Some(None));
    assert_eq!(route("#/lessons/versioning-basics"), Some(Some(0)));
    assert_eq!(route("#/lessons/what-cannot-be-recovered"), Some(Some(10)));
    assert_eq!(
        route("#/lessons/nope"),
        Some(None),
        "an unknown slug shows the list"
    );
    assert_eq!(route("#objects"), None, "other hashes are not the panel's");
    assert_eq!(route(""), None);
    assert_eq!(lesson_href("recovery"), "#/lessons/recovery");
    assert_eq!(lessons().len(), 13);
}

#[wasm_bindgen_test]
async fn the_list_links_every_lesson_and_a_lesson_runs_with_its_button() {
    let _ = window().location().set_hash("");
    let (root, lab) = mount();
    settle().await;
    let links = root
        .query_selector_all("[data-testid=lesson-link]")
        .unwrap();
    assert_eq!(links.length(), 13);
    let first: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        first.get_attribute("href").unwrap(),
        "#/lessons/versioning-basics"
    );

    window()
        .location()
        .set_hash("#/lessons/delete-markers")
        .unwrap();
    for _ in 0..50 {
        settle().await;
        if query(&root, "[data-testid=lesson]").is_some() {
            break;
        }
    }
    let request = query(&root, "[data-testid=lesson-request]").expect("the step's request");
    assert!(request
        .text_content()
        .unwrap()
        .starts_with("PUT /lesson-markers HTTP/1.1"));

    for step in 0..3 {
        query(&root, "[data-testid=lesson-run]").unwrap().click();
        settle().await;
        let result = query(&root, "[data-testid=lesson-result]").expect("a verdict");
        assert_eq!(result.get_attribute("data-step").unwrap(), step.to_string());
        assert_eq!(result.get_attribute("data-state").unwrap(), "pass");
    }
    // The requests went through the lab's log, and the lab shows the touched key.
    assert_eq!(lab.read_untracked(|l| l.log.len()), 3);
    assert_eq!(lab.sel.key.get_untracked().as_deref(), Some("photo.jpg"));
    let changes = query(&root, "[data-testid=lesson-changes]").unwrap();
    assert!(changes
        .text_content()
        .unwrap()
        .contains("photo.jpg: new version"));
    let _ = window().location().set_hash("");
}
