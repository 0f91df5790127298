//! The request log, in a real browser: raw exchange, explanation of errors, oss2 snippet.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use osslab::ui::lab::Source;
use osslab::ui::log::LogPanel;
use osslab::ui::requests::{self, UploadOptions};
use osslab::ui::state::LabCtx;
use osslab::ui::text::{oss2_snippet, ossutil_command, pretty_xml};
use wasm_bindgen_test::*;

mod web_common;
use web_common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_log() -> (web_sys::HtmlElement, LabCtx) {
    mount_with_lab(|| view! { <LogPanel/> })
}

fn entries(root: &web_sys::HtmlElement) -> Vec<web_sys::Element> {
    all(root, "[data-testid=log-entry]")
}

#[wasm_bindgen_test]
async fn each_exchange_shows_request_response_and_newest_first() {
    let (root, lab) = mount_log();
    lab.send(Source::Ui, requests::put_bucket("lab"));
    let o = UploadOptions::default();
    lab.send(
        Source::Ui,
        requests::put_object("lab", "dir/a b.txt", b"hello".to_vec(), &o),
    );
    leptos::task::tick().await;
    let e = entries(&root);
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].get_attribute("data-op").as_deref(), Some("PutObject"));
    let req = e[0]
        .query_selector("[data-testid=log-request]")
        .unwrap()
        .unwrap();
    let text = req.text_content().unwrap();
    assert!(
        text.starts_with("PUT /lab/dir%2Fa%20b.txt HTTP/1.1\n"),
        "{text}"
    );
    assert!(
        text.contains("authorization: OSS4-HMAC-SHA256 Credential="),
        "{text}"
    );
    assert!(text.ends_with("\nhello"), "{text}");
    let resp = e[0]
        .query_selector("[data-testid=log-response]")
        .unwrap()
        .unwrap();
    let text = resp.text_content().unwrap();
    assert!(text.starts_with("HTTP/1.1 200 OK\n"), "{text}");
    assert!(
        text.contains("ETag: \"5D41402ABC4B2A76B9719D911017C592\""),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn errors_are_explained_in_plain_words() {
    let (root, lab) = mount_log();
    lab.send(Source::Ui, requests::put_bucket("lab"));
    lab.send(Source::Ui, requests::put_versioning("lab", "Enabled"));
    let o = UploadOptions::default();
    lab.send(
        Source::Ui,
        requests::put_object("lab", "k", b"x".to_vec(), &o),
    );
    lab.send(Source::Ui, requests::get_object("lab", "missing", None));
    leptos::task::tick().await;
    let e = entries(&root);
    assert_eq!(
        e[0].get_attribute("data-code").as_deref(),
        Some("NoSuchKey")
    );
    let why = e[0]
        .query_selector("[data-testid=log-explain]")
        .unwrap()
        .unwrap();
    let text = why.text_content().unwrap();
    assert!(text.contains("EC 0026-00000001"), "{text}");
    assert!(text.contains("No object exists under this name"), "{text}");

    lab.send(Source::Ui, requests::delete_object("lab", "k", None));
    lab.send(Source::Ui, requests::get_object("lab", "k", None));
    leptos::task::tick().await;
    let e = entries(&root);
    let text = e[0]
        .query_selector("[data-testid=log-explain]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        text.contains("the current version is a delete marker")
            || text.contains("The current version is a delete marker"),
        "{text}"
    );
    // A response body is shown as the exact bytes sent (it matches Content-Length).
    let resp = e[0]
        .query_selector("[data-testid=log-response]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    let sent = lab.read_untracked(|l| l.log[0].response.body.to_vec());
    let sent = String::from_utf8(sent).unwrap();
    assert!(resp.ends_with(&sent), "{resp}");
    assert!(sent.contains("<Code>NoSuchKey</Code>"), "{sent}");
}

#[wasm_bindgen_test]
fn oss2_snippets_and_xml_formatting() {
    let req = requests::copy_object(
        "lab",
        "k.txt",
        "k.txt",
        Some("null"),
        Some(osslab::engine::StorageClass::IA),
    )
    .finish(0);
    let py = oss2_snippet(&req);
    assert!(py.contains("bucket.copy_object('lab', 'k.txt', 'k.txt', headers={'x-oss-storage-class': 'IA'}, params={'versionId': 'null'})"), "{py}");
    let items = vec![
        ("a&b".to_string(), None),
        ("c".to_string(), Some("null".to_string())),
    ];
    let req = requests::delete_multiple("lab", &items, false).finish(0);
    assert!(req.header("content-md5").is_some());
    assert!(String::from_utf8_lossy(&req.body).contains("<Key>a&amp;b</Key>"));
    assert_eq!(pretty_xml("<a><b>1</b></a>"), "<a>\n  <b>1</b>\n</a>");
    let req = requests::delete_object("lab", "dir/k.txt", Some("null")).finish(0);
    assert_eq!(
        ossutil_command(&req),
        "ossutil rm oss://lab/dir/k.txt --version-id null\n"
    );
    let req = requests::list_object_versions("lab", "", "", "").finish(0);
    assert_eq!(
        ossutil_command(&req),
        "ossutil ls oss://lab/ --all-versions\n"
    );
}
