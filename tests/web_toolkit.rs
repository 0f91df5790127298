//! The protection toolkit's panels in a real browser: acting as a read-only identity (403 in
//! plain words in the log, then the owner again), replication rules and waiting replicas on
//! the virtual clock, replicas marked in the stack, backups listed, and the oss2 snippets.
#![cfg(target_arch = "wasm32")]

mod web_common;

use leptos::prelude::*;
use osslab::engine::MINUTE;
use osslab::ui::lab::Source;
use osslab::ui::log::LogPanel;
use osslab::ui::protection::ProtectionPanel;
use osslab::ui::requests::{self, Req, UploadOptions};
use osslab::ui::stack::{mark_replicas, window};
use osslab::ui::state::LabCtx;
use osslab::ui::text::{oss2_snippet, ossutil_command};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_common::{all, mount_with_lab};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> (web_sys::HtmlElement, LabCtx) {
    mount_with_lab(|| view! { <ProtectionPanel/><LogPanel/> })
}

fn text(root: &web_sys::HtmlElement, sel: &str) -> String {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("{sel} not found"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &web_sys::HtmlElement, sel: &str) {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("{sel} not found"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn ok(lab: LabCtx, req: Req) -> osslab::wire::http::WireResponse {
    let r = lab.send(Source::Ui, req);
    assert!(
        r.status < 300,
        "{} {}",
        r.status,
        String::from_utf8_lossy(&r.body)
    );
    r
}

fn versioned(lab: LabCtx, name: &str) {
    ok(lab, requests::put_bucket(name));
    ok(lab, requests::put_versioning(name, "Enabled"));
}

fn put(lab: LabCtx, bucket: &str, key: &str, body: &str) -> String {
    let r = ok(
        lab,
        requests::put_object(bucket, key, body.into(), &UploadOptions::default()),
    );
    r.header("x-oss-version-id").unwrap().to_string()
}

#[wasm_bindgen_test]
async fn a_read_only_identity_is_refused_in_plain_words_then_the_owner_acts_again() {
    let (root, lab) = mount();
    versioned(lab, "docs");
    put(lab, "docs", "note.txt", "first");
    ok(
        lab,
        requests::create_identity("reader", "LTAIreader", "secret", "read-only"),
    );
    lab.acting.set(Some("LTAIreader".into()));

    let r = lab.send(
        Source::Ui,
        requests::delete_object("docs", "note.txt", None),
    );
    assert_eq!(r.status, 403);
    leptos::task::tick().await;
    let newest = &all(&root, "[data-testid=log-entry]")[0];
    assert_eq!(
        newest.get_attribute("data-code").as_deref(),
        Some("AccessDenied")
    );
    let explain = text(&root, "[data-testid=log-explain]");
    assert!(explain.contains("read-only identity"), "{explain}");
    assert!(explain.contains("nothing changed"), "{explain}");
    assert_eq!(text(&root, "[data-testid=log-signer]"), "◉ as reader");
    let req = text(&root, "[data-testid=log-request]");
    assert!(
        req.contains("Credential=LTAIreader/"),
        "signed with the identity's key: {req}"
    );
    // Overwrites are refused too; reads are allowed.
    let o = UploadOptions::default();
    let w = lab.send(
        Source::Ui,
        requests::put_object("docs", "note.txt", b"x".to_vec(), &o),
    );
    assert_eq!(w.status, 403);
    assert_eq!(
        lab.send(Source::Ui, requests::get_object("docs", "note.txt", None))
            .status,
        200
    );
    // Only the owner administers identities.
    let admin = lab.send(
        Source::Ui,
        requests::create_identity("x", "LTAIx", "s", "full-access"),
    );
    assert_eq!(admin.status, 403);
    assert!(
        osslab::ui::explain::explain("CreateIdentity", "AccessDenied", &admin)
            .contains("Only the account owner")
    );

    lab.acting.set(None);
    let r = lab.send(
        Source::Ui,
        requests::delete_object("docs", "note.txt", None),
    );
    assert_eq!(r.status, 204);
    assert_eq!(r.header("x-oss-delete-marker"), Some("true"));
    leptos::task::tick().await;
    let newest = &all(&root, "[data-testid=log-entry]")[0];
    assert!(
        newest
            .query_selector("[data-testid=log-signer]")
            .unwrap()
            .is_none(),
        "the owner's requests carry no identity badge"
    );
}

#[wasm_bindgen_test]
async fn replication_rules_waiting_replicas_and_replica_marks() {
    let (root, lab) = mount();
    versioned(lab, "dst");
    versioned(lab, "src");
    let r = ok(
        lab,
        requests::put_replication("src", "dst", "PUT", &["docs/".to_string()], false),
    );
    let rule = r.header("x-oss-replication-rule-id").unwrap().to_string();
    let v = put(lab, "src", "docs/a.txt", "replicate me");
    put(lab, "src", "other.txt", "not under the prefix");
    leptos::task::tick().await;
    let rules = all(&root, "[data-testid=replication-rule]");
    assert_eq!(rules.len(), 1);
    assert_eq!(
        rules[0].get_attribute("data-action").as_deref(),
        Some("PUT")
    );
    assert_eq!(
        rules[0].get_attribute("data-status").as_deref(),
        Some("starting")
    );
    let tasks = all(&root, "[data-testid=replica-task]");
    assert_eq!(tasks.len(), 1, "only the prefix is replicated");
    assert_eq!(
        tasks[0].get_attribute("data-key").as_deref(),
        Some("docs/a.txt")
    );

    lab.update(|l| l.advance(2 * MINUTE));
    leptos::task::tick().await;
    assert!(all(&root, "[data-testid=replica-task]").is_empty());
    assert_eq!(
        all(&root, "[data-testid=replication-rule]")[0]
            .get_attribute("data-status")
            .as_deref(),
        Some("doing")
    );
    // The replica carries the source's version id and is marked as a replica.
    let rows = lab.read_untracked(|l| {
        let stack = l.engine.bucket("dst").unwrap().stack("docs/a.txt").unwrap();
        let mut rows = window(stack, 0, 10, l.engine.now());
        mark_replicas(&l.engine, "dst", "docs/a.txt", &mut rows);
        let mut own = window(
            l.engine.bucket("src").unwrap().stack("docs/a.txt").unwrap(),
            0,
            10,
            l.engine.now(),
        );
        mark_replicas(&l.engine, "src", "docs/a.txt", &mut own);
        (rows, own)
    });
    assert_eq!(rows.0.len(), 1);
    assert_eq!(rows.0[0].version_id, v);
    assert_eq!(rows.0[0].replica_of.as_deref(), Some("src"));
    assert_eq!(
        rows.1[0].replica_of, None,
        "the source's own version is no replica"
    );

    // A direct write to the destination is not a replica.
    put(lab, "dst", "docs/a.txt", "direct");
    let top = lab.read_untracked(|l| {
        let stack = l.engine.bucket("dst").unwrap().stack("docs/a.txt").unwrap();
        let mut rows = window(stack, 0, 10, l.engine.now());
        mark_replicas(&l.engine, "dst", "docs/a.txt", &mut rows);
        rows
    });
    assert_eq!(top[0].replica_of, None);
    assert_eq!(top[1].replica_of.as_deref(), Some("src"));

    ok(lab, requests::delete_replication("src", &rule));
    leptos::task::tick().await;
    assert!(all(&root, "[data-testid=replication-rule]").is_empty());
    assert!(root
        .query_selector("[data-testid=replication-rules-empty]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn backup_panel_lists_the_open_buckets_plan_and_snapshots() {
    let (root, lab) = mount();
    versioned(lab, "vault");
    put(lab, "vault", "a.txt", "one");
    put(lab, "vault", "b.txt", "two");
    lab.sel.bucket.set(Some("vault".into()));
    click(&root, "[data-testid=protection-tab-backup]");
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=snapshots-empty]")
        .unwrap()
        .is_some());
    ok(lab, requests::put_backup_plan("vault", 1, 2));
    ok(lab, requests::take_snapshot("vault"));
    leptos::task::tick().await;
    assert!(text(&root, "[data-testid=backup-plan]").contains("Every 1 hour, keeping 2."));
    lab.update(|l| l.advance(2 * osslab::engine::HOUR));
    leptos::task::tick().await;
    let snaps = all(&root, "[data-testid=snapshot]");
    let ids: Vec<_> = snaps
        .iter()
        .map(|s| s.get_attribute("data-id").unwrap())
        .collect();
    assert_eq!(ids, ["3", "2"], "newest first; retention kept two");
    assert!(snaps
        .iter()
        .all(|s| s.get_attribute("data-keys").as_deref() == Some("2")));
    assert_eq!(
        all(&root, "[data-testid=snapshot-restore-object]").len(),
        4,
        "each object can be restored on its own"
    );
    // The tool switcher counts what each tool holds.
    assert!(text(&root, "[data-testid=protection-tab-backup]").contains("(1)"));
}

#[wasm_bindgen_test]
fn snippets_for_replication_and_osslab_endpoints() {
    let put = requests::put_replication("src", "dst", "PUT", &["a/".to_string()], true).finish(0);
    let py = oss2_snippet(&put);
    assert!(py.contains("bucket.put_bucket_replication(rule)"), "{py}");
    assert!(py.contains("action_list=[ReplicationRule.PUT]"), "{py}");
    assert!(py.contains("prefix_list=['a/']"), "{py}");
    assert!(py.contains("target_bucket_name='dst'"), "{py}");
    let del = requests::delete_replication("src", "rule-1").finish(0);
    assert!(oss2_snippet(&del).contains("bucket.delete_bucket_replication('rule-1')"));
    let ident = requests::create_identity("r", "AK", "SK", "read-only").finish(0);
    let py = oss2_snippet(&ident);
    assert!(py.contains("osslab-only endpoint"), "{py}");
    assert!(py.contains("/_osslab/identities"), "{py}");
    assert!(ossutil_command(&ident).contains("no command"));
}
