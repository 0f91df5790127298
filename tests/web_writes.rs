//! AppendObject, symlinks and PostObject in a real browser (issue 15): each request goes
//! through the in-browser path (`LabCtx::send`: signed, served by the wire layer, logged), the
//! version stack draws what it made, and an Appendable object survives a reload of the
//! IndexedDB store. Run: `cargo test --target wasm32-unknown-unknown --test web_writes`.
#![cfg(target_arch = "wasm32")]

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use leptos::prelude::*;
use osslab::engine::append::AppendObject;
use osslab::engine::{ObjectType, StorageClass, Versioning};
use osslab::persist::{conformance, open_named, Persist};
use osslab::ui::lab::Source;
use osslab::ui::lessons::LessonsPanel;
use osslab::ui::requests::{self, Req, UploadOptions};
use osslab::ui::stack::StackPanel;
use osslab::ui::state::LabCtx;
use osslab::ui::writes::{append_object, get_symlink, post_object, put_symlink};
use osslab::wire::http::WireResponse;
use wasm_bindgen_test::*;

mod web_common;
use web_common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_stack() -> (web_sys::HtmlElement, LabCtx) {
    mount_with_lab(|| view! { <StackPanel/> })
}

fn send(lab: LabCtx, req: Req) -> WireResponse {
    lab.send(Source::Ui, req)
}

/// A bucket `lab`, versioning Enabled when `versioned`.
fn bucket(lab: LabCtx, versioned: bool) {
    assert_eq!(send(lab, requests::put_bucket("lab")).status, 200);
    if versioned {
        assert_eq!(
            send(lab, requests::put_versioning("lab", "Enabled")).status,
            200
        );
    }
}

fn put(lab: LabCtx, key: &str, body: &str) -> WireResponse {
    let o = UploadOptions::default();
    send(
        lab,
        requests::put_object("lab", key, body.as_bytes().to_vec(), &o),
    )
}

fn text(resp: &WireResponse) -> String {
    String::from_utf8_lossy(resp.body.as_slice()).into_owned()
}

/// The text of `<tag>` in an XML body.
fn xml(resp: &WireResponse, tag: &str) -> Option<String> {
    let body = text(resp);
    let start = body.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = body[start..].find(&format!("</{tag}>"))? + start;
    Some(body[start..end].to_string())
}

/// (status, Code, EC) of an error answer.
fn error(resp: &WireResponse) -> (u16, String, String) {
    (
        resp.status,
        xml(resp, "Code").unwrap_or_default(),
        xml(resp, "EC").unwrap_or_default(),
    )
}

fn version_id(resp: &WireResponse) -> String {
    resp.header("x-oss-version-id")
        .expect("x-oss-version-id")
        .to_string()
}

fn append(lab: LabCtx, key: &str, position: u64, body: &str) -> WireResponse {
    send(
        lab,
        append_object("lab", key, position, body.as_bytes().to_vec()),
    )
}

fn open(lab: LabCtx, key: &str) {
    lab.sel.bucket.set(Some("lab".into()));
    lab.sel.key.set(Some(key.into()));
}

#[wasm_bindgen_test]
async fn appends_grow_one_version_and_an_overwrite_closes_it() {
    let (root, lab) = mount_stack();
    bucket(lab, true);
    let first = append(lab, "log", 0, "hello ");
    assert_eq!(first.status, 200, "{}", text(&first));
    assert_eq!(first.header("x-oss-next-append-position"), Some("6"));
    let v1 = version_id(&first);
    let second = append(lab, "log", 6, "world");
    assert_eq!(second.header("x-oss-next-append-position"), Some("11"));
    assert_eq!(version_id(&second), v1, "an append creates no version");

    // A wrong position: 409 with the real length in a header.
    let wrong = append(lab, "log", 3, "x");
    assert_eq!(error(&wrong).0, 409);
    assert_eq!(error(&wrong).1, "PositionNotEqualToLength");
    assert_eq!(wrong.header("x-oss-next-append-position"), Some("11"));
    // A versionId in AppendObject is refused whatever it names.
    let named = send(
        lab,
        append_object("lab", "log", 11, b"x".to_vec()).query("versionId", v1.as_str()),
    );
    assert_eq!(
        error(&named),
        (400, "InvalidArgument".into(), "0016-00000504".into())
    );
    let list = send(lab, requests::list_object_versions("lab", "", "", ""));
    assert_eq!(
        text(&list).matches("<Version>").count(),
        1,
        "{}",
        text(&list)
    );

    open(lab, "log");
    leptos::task::tick().await;
    let badges = all(&root, "[data-testid=appendable-badge]");
    assert_eq!(badges.len(), 1);
    assert_eq!(badges[0].get_attribute("data-next").as_deref(), Some("11"));
    assert!(badges[0].text_content().unwrap().contains("next 11"));

    // PutObject on top keeps the Appendable object as a previous version that no longer
    // grows; appending to the Normal current version fails.
    let over = put(lab, "log", "normal");
    assert_eq!(over.status, 200);
    assert_ne!(version_id(&over), v1);
    assert_eq!(error(&append(lab, "log", 6, "x")).1, "ObjectNotAppendable");
    let old = send(lab, requests::head_object("lab", "log", Some(&v1)));
    assert_eq!(old.status, 200);
    assert_eq!(old.header("x-oss-object-type"), Some("Appendable"));
    let old = send(lab, requests::get_object("lab", "log", Some(&v1)));
    assert_eq!(old.body.as_slice(), b"hello world");
    leptos::task::tick().await;
    let badges = all(&root, "[data-testid=appendable-badge]");
    assert_eq!(badges.len(), 1);
    assert!(
        badges[0].text_content().unwrap().contains("closed at 11"),
        "{:?}",
        badges[0].text_content()
    );

    // A delete marker on top frees the key: a new Appendable version starts at 0 only.
    assert_eq!(
        send(lab, requests::delete_object("lab", "log", None)).status,
        204
    );
    assert_eq!(
        error(&append(lab, "log", 11, "x")).1,
        "PositionNotEqualToLength"
    );
    let fresh = append(lab, "log", 0, "again");
    assert_eq!(fresh.status, 200, "{}", text(&fresh));
    let v3 = version_id(&fresh);
    assert!(v3 != v1 && v3 != version_id(&over));
    let list = send(lab, requests::list_object_versions("lab", "", "", ""));
    let body = text(&list);
    assert_eq!(body.matches("<Version>").count(), 3, "{body}");
    assert_eq!(body.matches("<DeleteMarker>").count(), 1, "{body}");
    leptos::task::tick().await;
    assert_eq!(all(&root, "[data-testid=appendable-badge]").len(), 2);
}

#[wasm_bindgen_test]
async fn a_normal_object_is_not_appendable() {
    let (_root, lab) = mount_stack();
    bucket(lab, false);
    assert_eq!(put(lab, "plain", "abc").status, 200);
    assert_eq!(
        error(&append(lab, "plain", 3, "d")),
        (409, "ObjectNotAppendable".into(), "0026-00000017".into())
    );
}

#[wasm_bindgen_test]
async fn symlinks_are_versions_that_read_their_target() {
    let (root, lab) = mount_stack();
    bucket(lab, true);
    assert_eq!(put(lab, "target.txt", "the target").status, 200);
    // The key first holds a Normal object, then a symlink on top of it.
    let normal = put(lab, "link", "before");
    let made = send(lab, put_symlink("lab", "link", "target.txt"));
    assert_eq!(made.status, 200, "{}", text(&made));
    let link_v = version_id(&made);
    assert_ne!(link_v, version_id(&normal));

    let read = send(lab, get_symlink("lab", "link", None));
    assert_eq!(read.status, 200);
    assert_eq!(read.header("x-oss-symlink-target"), Some("target.txt"));
    assert_eq!(read.header("x-oss-version-id"), Some(link_v.as_str()));
    let through = send(lab, requests::get_object("lab", "link", None));
    assert_eq!(through.body.as_slice(), b"the target");
    assert_eq!(through.header("x-oss-object-type"), Some("Symlink"));
    // GET follows the target's current version.
    assert_eq!(put(lab, "target.txt", "newer").status, 200);
    let through = send(lab, requests::get_object("lab", "link", None));
    assert_eq!(through.body.as_slice(), b"newer");

    open(lab, "link");
    leptos::task::tick().await;
    let badges = all(&root, "[data-testid=symlink-badge]");
    assert_eq!(badges.len(), 1);
    assert_eq!(
        badges[0].get_attribute("data-target").as_deref(),
        Some("target.txt")
    );

    // A delete marker hides the symlink like any version; the symlink version stays
    // readable by id, and removing the marker brings it back.
    let del = send(lab, requests::delete_object("lab", "link", None));
    assert_eq!(del.status, 204);
    assert_eq!(del.header("x-oss-delete-marker"), Some("true"));
    let marker = version_id(&del);
    assert_eq!(
        error(&send(lab, requests::get_object("lab", "link", None))).1,
        "NoSuchKey"
    );
    let by_id = send(lab, get_symlink("lab", "link", Some(&link_v)));
    assert_eq!(by_id.header("x-oss-symlink-target"), Some("target.txt"));
    let list = send(lab, requests::list_object_versions("lab", "link", "", ""));
    let body = text(&list);
    assert_eq!(body.matches("<Version>").count(), 2, "{body}");
    assert_eq!(body.matches("<DeleteMarker>").count(), 1, "{body}");
    assert!(body.contains("<Type>Symlink</Type>"), "{body}");
    assert_eq!(
        send(lab, requests::delete_object("lab", "link", Some(&marker))).status,
        204
    );
    let back = send(lab, requests::get_object("lab", "link", None));
    assert_eq!(back.body.as_slice(), b"newer");

    // A symlink whose target does not exist.
    assert_eq!(
        send(lab, put_symlink("lab", "dangling", "nowhere")).status,
        200
    );
    let missing = send(lab, requests::get_object("lab", "dangling", None));
    assert_eq!(error(&missing).0, 404);
    assert_eq!(error(&missing).1, "SymlinkTargetNotExist");
}

/// A form field list from `(name, value)` pairs.
fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// After the lab clock's start (`T0`, November 2026).
const LATER: &str = "2030-01-01T00:00:00.000Z";

#[wasm_bindgen_test]
async fn form_uploads_obey_the_policy_and_the_success_status() {
    let (_root, lab) = mount_stack();
    bucket(lab, true);
    let policy = B64.encode(format!(
        r#"{{"expiration":"{LATER}","conditions":[{{"bucket":"lab"}},["starts-with","$key","user/"],["content-length-range",2,5]]}}"#
    ));
    let good = fields(&[
        ("key", "user/${filename}"),
        ("policy", &policy),
        ("success_action_status", "201"),
    ]);
    let made = send(lab, post_object("lab", &good, "a.txt", b"abc"));
    assert_eq!(made.status, 201, "{}", text(&made));
    assert_eq!(xml(&made, "Key").as_deref(), Some("user/a.txt"));
    assert_eq!(xml(&made, "Bucket").as_deref(), Some("lab"));
    let v1 = version_id(&made);
    // A second upload is a new version with its own id, listed beside the first.
    let again = send(lab, post_object("lab", &good, "a.txt", b"xyz"));
    assert_ne!(version_id(&again), v1);
    let list = send(lab, requests::list_object_versions("lab", "user/", "", ""));
    assert_eq!(text(&list).matches("<Version>").count(), 2);
    let old = send(lab, requests::get_object("lab", "user/a.txt", Some(&v1)));
    assert_eq!(old.body.as_slice(), b"abc");

    // 204 (and 200) answer with no body.
    let quiet = fields(&[
        ("key", "user/q"),
        ("policy", &policy),
        ("success_action_status", "204"),
    ]);
    let r = send(lab, post_object("lab", &quiet, "q", b"abc"));
    assert_eq!(r.status, 204);
    assert!(r.body.as_slice().is_empty());
    assert!(r.header("x-oss-version-id").is_some());

    // Policy violations: a key outside the prefix, a size outside the range, an expiry past.
    let denied = (403, "AccessDenied".to_string(), "0006-00000227".to_string());
    let other = fields(&[("key", "other/a"), ("policy", &policy)]);
    assert_eq!(
        error(&send(lab, post_object("lab", &other, "a", b"abc"))),
        denied
    );
    let big = send(lab, post_object("lab", &good, "a.txt", b"too long"));
    assert_eq!(
        error(&big),
        (400, "EntityTooLarge".into(), "0006-00000003".into())
    );
    let expired = B64.encode(r#"{"expiration":"2020-01-01T00:00:00.000Z","conditions":[]}"#);
    let late = fields(&[("key", "user/late"), ("policy", &expired)]);
    assert_eq!(
        error(&send(lab, post_object("lab", &late, "f", b"abc"))),
        (403, "AccessDenied".into(), "0006-00000005".into())
    );
    // Nothing was written by the refused forms.
    let list = send(lab, requests::list_object_versions("lab", "", "", ""));
    assert_eq!(
        text(&list).matches("<Version>").count(),
        3,
        "{}",
        text(&list)
    );
}

#[wasm_bindgen_test]
async fn an_appendable_object_survives_a_reload_of_indexeddb() {
    let name = format!("osslab-test-append-{}", js_sys::Date::now() as u64);
    let store = open_named(&name).await.expect("open");
    let mut engine = conformance::new_engine();
    let grow = |e: &mut osslab::engine::Engine, key: &str, position: u64, body: &str| {
        e.append_object(AppendObject {
            bucket: "lab".into(),
            key: key.into(),
            position,
            body: std::sync::Arc::from(body.as_bytes()),
            ..Default::default()
        })
        .unwrap()
    };
    let ((), r) = store
        .run(&mut engine, |e| {
            e.create_bucket("lab", StorageClass::Standard).unwrap();
            e.set_versioning("lab", Versioning::Enabled).unwrap();
            grow(e, "open.log", 0, "one ");
            grow(e, "closed.log", 0, "sealed");
        })
        .await;
    r.unwrap();
    let (_, r) = store
        .run(&mut engine, |e| {
            conformance::put(e, "lab", "closed.log", "over")
        })
        .await;
    r.unwrap();

    let mut loaded = store.load(&mut |_| {}).await.unwrap().engine;
    conformance::assert_same(&engine, &loaded, "after the reload");
    let b = loaded.bucket("lab").unwrap();
    let open = b.objects["open.log"].current().unwrap().object().unwrap();
    assert_eq!(open.object_type, ObjectType::Appendable);
    assert!(open.can_append());
    let closed = b.objects["closed.log"].entry_at(0).object().unwrap();
    assert_eq!(closed.object_type, ObjectType::Appendable);
    assert!(!closed.can_append(), "the seal is stored");

    // The reloaded engine keeps appending where the saved one stopped, and that is saved too.
    let (got, r) = store
        .run(&mut loaded, |e| grow(e, "open.log", 4, "two"))
        .await;
    r.unwrap();
    assert_eq!(got.next_position, 7);
    let again = store.load(&mut |_| {}).await.unwrap().engine;
    let open = again.bucket("lab").unwrap().objects["open.log"]
        .current()
        .unwrap()
        .object()
        .unwrap();
    assert_eq!(&open.body[..], b"one two");
    assert_eq!(again.bucket("lab").unwrap().objects["open.log"].len(), 1);
}

#[wasm_bindgen_test]
async fn the_appends_lesson_completes_with_its_buttons() {
    let settle = || async {
        gloo_timers::future::TimeoutFuture::new(20).await;
        leptos::task::tick().await;
    };
    let _ = window()
        .location()
        .set_hash("#/lessons/appends-and-versions");
    let (root, lab) = mount_with_lab(|| view! { <LessonsPanel/> });
    for _ in 0..50 {
        settle().await;
        if query(&root, "[data-testid=lesson]").is_some() {
            break;
        }
    }
    let lesson = query(&root, "[data-testid=lesson]").expect("the lesson opens by its URL");
    assert_eq!(
        lesson.get_attribute("data-slug").as_deref(),
        Some("appends-and-versions")
    );
    let steps = all(&root, "[data-testid=lesson-steps] li").len();
    assert_eq!(
        steps,
        osslab::lessons::all()
            .iter()
            .find(|l| l.slug == "appends-and-versions")
            .unwrap()
            .steps
            .len()
    );
    for step in 0..steps {
        let request =
            query(&root, "[data-testid=lesson-request]").map(|r| r.text_content().unwrap());
        query(&root, "[data-testid=lesson-run]")
            .expect("a Run button")
            .click();
        settle().await;
        let result = query(&root, "[data-testid=lesson-result]").expect("a verdict");
        assert_eq!(result.get_attribute("data-step").unwrap(), step.to_string());
        assert_eq!(
            result.get_attribute("data-state").as_deref(),
            Some("pass"),
            "step {step} ({request:?}): {:?}",
            result.text_content()
        );
    }
    settle().await;
    assert!(query(&root, "[data-testid=lesson-complete]").is_some());
    // The lesson's appends went through the lab: one frozen and one open Appendable version.
    let open = lab.read_untracked(|l| {
        let s = l
            .engine
            .bucket("lesson-append")
            .unwrap()
            .stack("app.log")
            .unwrap()
            .clone();
        (
            s.len(),
            s.current().and_then(|e| e.object()).map(|o| o.can_append()),
        )
    });
    assert_eq!(open, (4, Some(true)));
    let _ = window().location().set_hash("");
}
