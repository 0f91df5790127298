//! The conformance suite every [`Persist`] implementation must pass: native tests run it
//! against [`super::MemoryStore`] (`tests/persist_memory.rs`) and the SQLite store
//! (`tests/persist_native.rs`), the browser tests against IndexedDB (`tests/web_persist.rs`).
//!
//! `open(name)` must give a store on the storage called `name`, empty the first time;
//! opening the same name again gives a second handle on the same storage (another tab).

use std::sync::Arc;

use crate::engine::access::{Identity, Policy};
use crate::engine::acl::{BucketAcl, ObjectAcl};
use crate::engine::archive::RestoreRequest;
use crate::engine::clock::VirtualClock;
use crate::engine::cors::{CorsConfig, CorsRule};
use crate::engine::lifecycle::{Expiration, LifecycleConfig, Rule, When};
use crate::engine::multipart::{InitiateUpload, PartSelection};
use crate::engine::objects::{PutMode, PutObject};
use crate::engine::replication::{ReplicationAction, ReplicationRuleInput};
use crate::engine::tagging::Tags;
use crate::engine::{Engine, Millis, StorageClass, Tier, Versioning, DAY, MINUTE};

use super::schema::{Key, StoreName};
use super::{export, import, ImportError, Persist, PersistError, Refreshed};

pub const T0: Millis = 1_763_800_000_000;

/// One step of the lab scenario.
pub type Step = fn(&mut Engine);

fn tick(e: &mut Engine) {
    let t = e.now() + 1000;
    e.set_now(t);
}

pub fn put(e: &mut Engine, bucket: &str, key: &str, body: &str) {
    put_class(e, bucket, key, body, None);
}

fn put_class(e: &mut Engine, bucket: &str, key: &str, body: &str, class: Option<StorageClass>) {
    tick(e);
    e.put_object(PutObject {
        bucket: bucket.into(),
        key: key.into(),
        body: Arc::from(body.as_bytes()),
        storage_class: class,
        ..Default::default()
    })
    .unwrap();
}

/// The version id text of `bucket/key` entry number `idx` (oldest first).
fn append(e: &mut Engine, bucket: &str, key: &str, position: u64, body: &str) {
    tick(e);
    e.append_object(crate::engine::append::AppendObject {
        bucket: bucket.into(),
        key: key.into(),
        position,
        body: std::sync::Arc::from(body.as_bytes()),
        ..Default::default()
    })
    .unwrap();
}

pub fn version_at(e: &Engine, bucket: &str, key: &str, idx: usize) -> crate::engine::VersionId {
    e.bucket(bucket).unwrap().objects[key]
        .entry_at(idx)
        .version_id()
}

/// A new engine for the scenario (tiny minimum part size, so parts can be small).
pub fn new_engine() -> Engine {
    let mut e = Engine::new(T0);
    e.settings_mut().min_part_size = 1;
    e.settings_mut().owner_id = "persist-test-owner".into();
    e
}

/// A lab with everything persistence must keep: versions, markers, null versions, archive
/// restores done and in progress, lifecycle rules, uploads with parts, shared bodies, a
/// deleted bucket, lifecycle actions run by a clock jump, and the protection toolkit:
/// replication rules with replicas applied and still queued, identities (one removed), a
/// backup plan whose snapshots the clock took and retention dropped, a restore from one.
pub fn scenario() -> Vec<(&'static str, Step)> {
    vec![
        ("create buckets", |e| {
            e.create_bucket("lab", StorageClass::Standard).unwrap();
            e.create_bucket("sus", StorageClass::IA).unwrap();
            e.create_bucket("cold", StorageClass::Standard).unwrap();
            e.create_bucket("gone", StorageClass::Standard).unwrap();
        }),
        ("enable versioning", |e| {
            e.set_versioning("lab", Versioning::Enabled).unwrap();
        }),
        ("put a.txt one", |e| put(e, "lab", "a.txt", "one")),
        ("put a.txt two", |e| put(e, "lab", "a.txt", "two")),
        ("put a.txt one again", |e| put(e, "lab", "a.txt", "one")),
        ("delete a.txt (marker)", |e| {
            tick(e);
            e.delete_object("lab", "a.txt", None).unwrap();
        }),
        ("put b.txt and c.txt, same bytes", |e| {
            put(e, "lab", "b.txt", "same bytes");
            put(e, "lab", "c.txt", "same bytes");
        }),
        ("sus: versions then suspended nulls", |e| {
            e.set_versioning("sus", Versioning::Enabled).unwrap();
            put(e, "sus", "n.txt", "v1");
            e.set_versioning("sus", Versioning::Suspended).unwrap();
        }),
        ("sus: null version", |e| put(e, "sus", "n.txt", "null one")),
        ("sus: null replaced", |e| put(e, "sus", "n.txt", "null two")),
        ("sus: null marker", |e| {
            tick(e);
            e.delete_object("sus", "n.txt", None).unwrap();
        }),
        ("cold: archive objects", |e| {
            put_class(e, "cold", "arch.bin", "frozen", Some(StorageClass::Archive));
            put_class(
                e,
                "cold",
                "deep.bin",
                "deep",
                Some(StorageClass::ColdArchive),
            );
        }),
        ("cold: restore archive", |e| {
            e.restore_object(
                "cold",
                "arch.bin",
                None,
                RestoreRequest {
                    days: Some(2),
                    ..Default::default()
                },
            )
            .unwrap();
        }),
        ("toolkit: replica buckets and replication rules", |e| {
            for b in ["rep", "rep2"] {
                e.create_bucket(b, StorageClass::Standard).unwrap();
                e.set_versioning(b, Versioning::Enabled).unwrap();
            }
            // ALL with historical replication: what lab holds is queued at once.
            e.put_replication_rule(
                "lab",
                ReplicationRuleInput {
                    dest_bucket: "rep".into(),
                    action: ReplicationAction::All,
                    historical: true,
                    ..Default::default()
                },
            )
            .unwrap();
            e.put_replication_rule(
                "lab",
                ReplicationRuleInput {
                    id: Some("tmp-only".into()),
                    dest_bucket: "rep2".into(),
                    action: ReplicationAction::Put,
                    prefixes: vec!["tmp/".into()],
                    historical: false,
                    ..Default::default()
                },
            )
            .unwrap();
        }),
        ("toolkit: identities", |e| {
            e.create_identity(Identity::new(
                "reader",
                "LTAIreader",
                "reader-secret",
                Policy::read_only(),
            ))
            .unwrap();
            e.create_identity(Identity::new(
                "admin",
                "LTAIadmin",
                "admin-secret",
                Policy::full_access(),
            ))
            .unwrap();
        }),
        ("toolkit: an identity removed", |e| {
            e.remove_identity("LTAIadmin").unwrap();
        }),
        ("toolkit: daily backup plan, snapshot now", |e| {
            e.set_backup_plan("lab", DAY, 2, None).unwrap();
            e.take_snapshot("lab").unwrap();
        }),
        ("clock +2 min: archive restore done", |e| {
            let t = e.now() + 2 * MINUTE;
            e.set_now(t);
        }),
        ("cold: restore cold archive (in progress)", |e| {
            e.restore_object(
                "cold",
                "deep.bin",
                None,
                RestoreRequest {
                    days: Some(3),
                    tier: Some(Tier::Standard),
                    job_parameters: true,
                },
            )
            .unwrap();
        }),
        ("lifecycle rules on lab", |e| {
            e.put_lifecycle(
                "lab",
                LifecycleConfig {
                    rules: vec![
                        Rule {
                            id: "tmp".into(),
                            prefix: "tmp/".into(),
                            enabled: true,
                            expiration: Some(Expiration::When(When::Days(30))),
                            ..Default::default()
                        },
                        Rule {
                            id: "old".into(),
                            prefix: "".into(),
                            enabled: true,
                            noncurrent_expiration_days: Some(10),
                            noncurrent_transitions: vec![(5, StorageClass::IA)],
                            abort_multipart: Some(When::Days(60)),
                            ..Default::default()
                        },
                    ],
                    set_at: 0,
                },
            )
            .unwrap();
        }),
        ("put tmp/x", |e| put(e, "lab", "tmp/x", "temporary")),
        ("multipart: initiate and upload parts", |e| {
            let id = e
                .initiate_upload(InitiateUpload {
                    bucket: "lab".into(),
                    key: "big.bin".into(),
                    ..Default::default()
                })
                .unwrap();
            e.upload_part("lab", "big.bin", &id, 1, Arc::from(&b"part one"[..]), None)
                .unwrap();
            e.upload_part(
                "lab",
                "big.bin",
                &id,
                2,
                Arc::from(&b"same bytes"[..]),
                None,
            )
            .unwrap();
        }),
        ("multipart: complete another", |e| {
            let id = e
                .initiate_upload(InitiateUpload {
                    bucket: "lab".into(),
                    key: "mp.bin".into(),
                    ..Default::default()
                })
                .unwrap();
            e.upload_part("lab", "mp.bin", &id, 1, Arc::from(&b"first"[..]), None)
                .unwrap();
            e.upload_part("lab", "mp.bin", &id, 2, Arc::from(&b"second"[..]), None)
                .unwrap();
            tick(e);
            e.complete_upload("lab", "mp.bin", &id, PartSelection::All, PutMode::Overwrite)
                .unwrap();
        }),
        ("multipart: abort a third", |e| {
            let id = e
                .initiate_upload(InitiateUpload {
                    bucket: "lab".into(),
                    key: "x.bin".into(),
                    ..Default::default()
                })
                .unwrap();
            e.upload_part("lab", "x.bin", &id, 1, Arc::from(&b"aborted"[..]), None)
                .unwrap();
            e.abort_upload("lab", "x.bin", &id).unwrap();
        }),
        ("delete version two of a.txt", |e| {
            tick(e);
            let id = version_at(e, "lab", "a.txt", 1);
            e.delete_object("lab", "a.txt", Some(id)).unwrap();
        }),
        ("delete bucket gone", |e| e.delete_bucket("gone").unwrap()),
        ("clock +7 days: noncurrent versions to IA", |e| {
            let t = e.now() + 7 * DAY;
            e.set_now(t);
        }),
        ("clock +40 days: lifecycle expires and removes", |e| {
            let t = e.now() + 40 * DAY;
            e.set_now(t);
        }),
        ("toolkit: restore b.txt from the newest snapshot", |e| {
            tick(e);
            let id = e.snapshots("lab").last().unwrap().id;
            e.restore_object_from_snapshot("lab", id, "b.txt").unwrap();
        }),
        ("put after the jump (its replica stays queued)", |e| {
            put(e, "lab", "late.txt", "late")
        }),
        ("append: log.txt grows, then a put seals it", |e| {
            append(e, "lab", "log.txt", 0, "ab");
            append(e, "lab", "log.txt", 2, "cd");
            put(e, "lab", "log.txt", "normal");
        }),
        ("append: open.log stays appendable", |e| {
            append(e, "lab", "open.log", 0, "open")
        }),
        ("symlinks: one to b.txt, one dangling", |e| {
            for (key, target) in [("link", "b.txt"), ("dangling", "nowhere")] {
                tick(e);
                e.put_symlink(crate::engine::symlink::PutSymlink {
                    bucket: "lab".into(),
                    key: key.into(),
                    target: target.into(),
                    ..Default::default()
                })
                .unwrap();
            }
        }),
        ("acl: bucket public-read, CORS rules", |e| {
            e.set_bucket_acl("lab", BucketAcl::PublicRead).unwrap();
            e.put_cors(
                "lab",
                CorsConfig {
                    rules: vec![CorsRule {
                        allowed_origins: vec!["http://*.example".into()],
                        allowed_methods: vec!["GET".into(), "PUT".into()],
                        allowed_headers: vec!["*".into()],
                        expose_headers: vec!["ETag".into()],
                        max_age_seconds: Some(60),
                    }],
                    response_vary: true,
                },
            )
            .unwrap();
        }),
        ("acl and tags: per version, in place", |e| {
            tick(e);
            e.put_object(PutObject {
                bucket: "lab".into(),
                key: "tagged.txt".into(),
                body: Arc::from(&b"t"[..]),
                acl: ObjectAcl::PublicRead,
                tags: Tags::new(vec![("project".into(), "lab".into())]).unwrap(),
                ..Default::default()
            })
            .unwrap();
            put(e, "lab", "tagged.txt", "t2");
            let oldest = version_at(e, "lab", "tagged.txt", 0);
            e.set_object_acl(
                "lab",
                "tagged.txt",
                Some(oldest),
                ObjectAcl::PublicReadWrite,
            )
            .unwrap();
            let tags = Tags::new(vec![
                ("k".into(), "v 1".into()),
                ("e".into(), String::new()),
            ]);
            e.set_object_tagging("lab", "tagged.txt", None, tags.unwrap())
                .unwrap();
        }),
        ("acl and tags: an open upload carries them", |e| {
            e.initiate_upload(InitiateUpload {
                bucket: "sus".into(),
                key: "pending.bin".into(),
                acl: ObjectAcl::Private,
                tags: Tags::new(vec![("stage".into(), "upload".into())]).unwrap(),
                ..Default::default()
            })
            .unwrap();
        }),
    ]
}

/// The rich lab, built directly.
pub fn rich_engine() -> Engine {
    let mut e = new_engine();
    for (_, step) in scenario() {
        step(&mut e);
    }
    e
}

pub fn test_clock() -> VirtualClock {
    let mut c = VirtualClock::new(T0 + 3 * DAY, 1_700_000_000_000);
    c.set_speed(60.0, 1_700_000_000_500);
    c
}

/// Exact equality of everything persistence keeps.
pub fn assert_same(a: &Engine, b: &Engine, context: &str) {
    assert_eq!(a.settings(), b.settings(), "{context}: settings");
    assert_eq!(a.now(), b.now(), "{context}: now");
    assert_eq!(a.sequence(), b.sequence(), "{context}: sequence");
    let ab: Vec<_> = a.buckets().collect();
    let bb: Vec<_> = b.buckets().collect();
    assert_eq!(ab.len(), bb.len(), "{context}: bucket count");
    for (x, y) in ab.iter().zip(&bb) {
        assert_eq!(x.name, y.name, "{context}: bucket names");
        for (key, stack) in &x.objects {
            let other = y.objects.get(key);
            assert_eq!(Some(stack), other, "{context}: stack {}/{key}", x.name);
            let ids: Vec<String> = stack
                .newest_first()
                .map(|e| e.version_id().render())
                .collect();
            let ids2: Vec<String> = other
                .unwrap()
                .newest_first()
                .map(|e| e.version_id().render())
                .collect();
            assert_eq!(ids, ids2, "{context}: version ids {}/{key}", x.name);
        }
        assert_eq!(x, y, "{context}: bucket {}", x.name);
    }
    assert_eq!(
        a.replication_state(),
        b.replication_state(),
        "{context}: replication rules and queue"
    );
    assert_eq!(
        a.identities().collect::<Vec<_>>(),
        b.identities().collect::<Vec<_>>(),
        "{context}: identities"
    );
    assert_eq!(
        a.backup_plans().collect::<Vec<_>>(),
        b.backup_plans().collect::<Vec<_>>(),
        "{context}: backup plans and snapshots"
    );
    assert_same_bill(a, b, context);
}

/// The storage meters agree: every bucket's bill now and a year on (rates and replicas were
/// rebuilt right), its history, and what each key cost (removed versions included).
pub fn assert_same_bill(a: &Engine, b: &Engine, context: &str) {
    // A bucket nothing was metered in may have a meter on one side only: compare the union.
    let names: std::collections::BTreeSet<String> = a
        .meter()
        .bucket_names()
        .chain(b.meter().bucket_names())
        .cloned()
        .collect();
    let prices = crate::engine::prices::Prices::list();
    for name in &names {
        for ahead in [0, 365 * DAY] {
            let t = a.now() + ahead;
            assert_eq!(
                a.meter().usage_at(name, t),
                b.meter().usage_at(name, t),
                "{context}: bill of {name} at +{ahead} ms"
            );
        }
        let (ma, mb) = (a.meter().bucket(name), b.meter().bucket(name));
        assert_eq!(
            ma.map_or(&[][..], |m| m.history()),
            mb.map_or(&[][..], |m| m.history()),
            "{context}: bill history of {name}"
        );
        // Which keys are billed must survive a reload; their order by cost need not: a live
        // version's own cost so far is re-derived on load (an Appendable version at its
        // current size, for instance), the CHOICE in `Meter::rebuild_bucket` and
        // docs/fidelity.md §What versions cost. The bucket totals above stay exact.
        let keys = |e: &Engine| {
            let mut k = e
                .top_keys(name, &prices, usize::MAX)
                .into_iter()
                .map(|k| k.key)
                .collect::<Vec<_>>();
            k.sort();
            k
        };
        assert_eq!(keys(a), keys(b), "{context}: keys billed in {name}");
        let gone = |m: Option<&crate::engine::meter::BucketMeter>| m.map(|m| m.gone_by_key());
        assert_eq!(
            gone(ma).unwrap_or_default(),
            gone(mb).unwrap_or_default(),
            "{context}: storage of removed versions by key in {name}"
        );
    }
}

/// `e` without the protection toolkit's state (what a schema-v2 store held).
pub fn without_toolkit(mut e: Engine) -> Engine {
    *e.replication_state_mut() = Default::default();
    e.identities_map_mut().clear();
    e.backups_map_mut().clear();
    // A v2 store kept no meter either: it restarts from the stored versions.
    let metered: Vec<String> = e.meter().bucket_names().cloned().collect();
    for b in metered {
        e.restore_meter(&b, None);
    }
    e
}

async fn load<P: Persist>(p: &P) -> Engine {
    let loaded = p.load(&mut |_| {}).await.expect("load");
    assert!(
        loaded.report.is_clean(),
        "load problems: {:?}",
        loaded.report.problems
    );
    loaded.engine
}

/// Distinct bodies the engine refers to (versions and parts).
pub fn distinct_bodies(e: &Engine) -> usize {
    let mut set = std::collections::BTreeSet::new();
    for b in e.buckets() {
        for s in b.objects.values() {
            for en in s.oldest_first() {
                if let Some(o) = en.object() {
                    set.insert(o.body.to_vec());
                }
            }
        }
        for u in b.uploads.values() {
            for p in u.parts.values() {
                set.insert(p.body.to_vec());
            }
        }
    }
    for p in e.backup_plans() {
        for s in &p.snapshots {
            for i in s.objects.values() {
                set.insert(i.object.body.to_vec());
            }
        }
    }
    set.len()
}

/// Save a rich lab whole and load it back: identical state, ids and clock.
pub async fn round_trip<P: Persist>(p: &P) {
    let e = rich_engine();
    let clock = test_clock();
    p.replace_all(&e, Some(&clock)).await.expect("replace_all");
    let loaded = p.load(&mut |_| {}).await.expect("load");
    assert!(loaded.report.is_clean(), "{:?}", loaded.report.problems);
    assert!(!loaded.fresh);
    assert_same(&e, &loaded.engine, "round trip");
    assert_eq!(loaded.clock, Some(clock));
    let s = p.stats().await.unwrap();
    assert_eq!(s.bodies, distinct_bodies(&e), "bodies stored once");
    // Sanity of the scenario itself: all the interesting states are there.
    let lab = e.bucket("lab").unwrap();
    assert!(lab.lifecycle.is_some());
    assert_eq!(lab.uploads.len(), 1);
    assert!(e.bucket("sus").unwrap().objects["n.txt"]
        .oldest_first()
        .iter()
        .any(|x| x.null));
    assert_toolkit_scenario(&e);
    // ACLs, tags and CORS rules are among what was stored.
    assert_eq!(lab.acl, BucketAcl::PublicRead);
    assert!(lab.cors.as_ref().is_some_and(|c| c.response_vary));
    let tagged = lab.objects["tagged.txt"].oldest_first();
    assert_eq!(tagged[0].object().unwrap().acl, ObjectAcl::PublicReadWrite);
    assert_eq!(tagged[1].object().unwrap().tags.len(), 2);
    let sus = e.bucket("sus").unwrap();
    assert!(sus
        .uploads
        .values()
        .any(|u| u.tags.get("stage") == Some("upload")));
    assert!(
        e.meter().usage_at("lab", e.now()).total_storage() > 0,
        "a bill to keep"
    );
    let cold = e.bucket("cold").unwrap();
    let restores: Vec<_> = ["arch.bin", "deep.bin"]
        .iter()
        .map(|k| {
            let o = cold.objects[*k].current().unwrap().object().unwrap();
            crate::engine::archive::status(o, e.now())
        })
        .collect();
    assert!(!restores.is_empty());
}

/// A bucket's bill is stored without its keys' removed versions, each key's being a record
/// of its own (a write then stores what it changed, however many keys the bucket has). A bill
/// stored the earlier way, every key's removed versions inside it, loads the same, and the
/// load stores it again the new way. `raw` writes (`Some`) or deletes a record's text behind
/// the store's back.
pub async fn bill_by_key<P: Persist>(p: &P, raw: impl AsyncFn(StoreName, Key, Option<String>)) {
    use super::records::{to_json, BillRecord, RecordId, ToolkitId, ToolkitRecord};
    let e = rich_engine();
    p.replace_all(&e, None).await.expect("replace_all");
    let meter = e.meter().bucket("lab").expect("a metered bucket");
    let keys: Vec<String> = meter.gone_keys().cloned().collect();
    assert!(
        keys.len() > 1,
        "the scenario removes versions of several keys"
    );
    let loaded = p.load(&mut |_| {}).await.expect("load");
    assert!(loaded.report.stale.is_empty(), "{:?}", loaded.report.stale);
    assert_same(&e, &loaded.engine, "bill by key");

    // The earlier layout, by hand: the whole state in the bill, no record per key.
    let earlier = ToolkitRecord::Bill(BillRecord {
        v: super::records::RECORD_VERSION,
        bucket: "lab".into(),
        state: Box::new(meter.state()),
    });
    raw(
        StoreName::Toolkit,
        Key::Name(earlier.id().key()),
        Some(to_json(&earlier)),
    )
    .await;
    for k in &keys {
        let id = ToolkitId::Gone("lab".into(), k.clone());
        raw(StoreName::Toolkit, Key::Name(id.key()), None).await;
    }
    let loaded = p.load(&mut |_| {}).await.expect("load the earlier layout");
    assert!(loaded.report.is_clean(), "{:?}", loaded.report.problems);
    assert!(loaded
        .report
        .stale
        .contains(&RecordId::Toolkit(ToolkitId::Bill("lab".into()))));
    assert_eq!(loaded.report.stale.len(), keys.len() + 1);
    assert_same(&e, &loaded.engine, "a bill stored the earlier way");
    // That load stored it again: nothing stale now, and still the same bill.
    let again = p.load(&mut |_| {}).await.expect("load again");
    assert!(again.report.stale.is_empty(), "{:?}", again.report.stale);
    assert_same(&e, &again.engine, "a bill stored again the new way");
}

/// The toolkit part of the scenario really happened (so the round trips test something).
pub fn assert_toolkit_scenario(e: &Engine) {
    assert_eq!(e.replication_rules("lab").unwrap().len(), 2);
    assert!(
        e.bucket("rep").unwrap().objects.contains_key("b.txt"),
        "replicas applied"
    );
    assert!(
        e.replication_queue().iter().any(|t| t.key == "late.txt"),
        "a replica still queued"
    );
    assert_eq!(e.identities().count(), 1);
    let plan = e.backup_plan("lab").expect("plan");
    assert_eq!(plan.snapshots.len(), 2, "retention kept two");
    assert!(plan.snapshots[0].id > 2, "scheduled snapshots were taken");
}

/// Run the scenario one mutation at a time through `Persist::run`; after every step the
/// stored state, loaded fresh, equals the engine.
pub async fn incremental_equals_reload<P: Persist>(p: &P) {
    let mut e = new_engine();
    p.replace_all(&e, None).await.unwrap();
    for (name, step) in scenario() {
        let gen_before = p.stats().await.unwrap().generation;
        let ((), r) = p.run(&mut e, step).await;
        r.unwrap_or_else(|err| panic!("{name}: {err}"));
        let mut loaded = load(p).await;
        // Time alone is not a write (the clock record is saved apart): like the UI after a
        // load, move the loaded engine to the clock's time. Lifecycle must then find nothing
        // left to do.
        loaded.track_changes(true);
        loaded.set_now(e.now());
        assert_eq!(
            loaded.take_changes(),
            vec![],
            "{name}: lifecycle work was lost"
        );
        assert_same(&e, &loaded, name);
        let s = p.stats().await.unwrap();
        assert!(s.generation <= gen_before + 1, "{name}: one transaction");
        assert_eq!(s.bodies, distinct_bodies(&e), "{name}: body count");
    }
    assert_same(&rich_engine(), &e, "scenario through the store");
}

async fn run<P: Persist>(p: &P, e: &mut Engine, f: Step) {
    p.run(e, f).await.1.unwrap()
}

/// Same bytes are stored once; removing the last version (or part) using them deletes them.
pub async fn body_dedup_and_sweep<P: Persist>(p: &P) {
    let mut e = new_engine();
    p.replace_all(&e, None).await.unwrap();
    run(p, &mut e, |e| {
        e.create_bucket("ddd", StorageClass::Standard).unwrap();
        e.set_versioning("ddd", Versioning::Enabled).unwrap();
    })
    .await;
    for _ in 0..3 {
        run(p, &mut e, |e| put(e, "ddd", "k", "dup")).await;
    }
    run(p, &mut e, |e| put(e, "ddd", "other", "dup")).await;
    let s = p.stats().await.unwrap();
    assert_eq!((s.entries, s.bodies, s.body_bytes), (4, 1, 3));
    run(p, &mut e, |e| put(e, "ddd", "k", "different")).await;
    assert_eq!(p.stats().await.unwrap().bodies, 2);
    // Remove the versions of "dup" one by one: the body stays until the last one goes.
    for _ in 0..3 {
        run(p, &mut e, |e| {
            let id = version_at(e, "ddd", "k", 0);
            e.delete_object("ddd", "k", Some(id)).unwrap();
        })
        .await;
        assert_eq!(p.stats().await.unwrap().bodies, 2);
    }
    run(p, &mut e, |e| {
        let id = version_at(e, "ddd", "other", 0);
        e.delete_object("ddd", "other", Some(id)).unwrap();
    })
    .await;
    let s = p.stats().await.unwrap();
    assert_eq!((s.bodies, s.body_bytes), (1, "different".len()));
    // A part shares the body of a version; aborting the upload keeps the version's body.
    run(p, &mut e, |e| {
        let id = e
            .initiate_upload(InitiateUpload {
                bucket: "ddd".into(),
                key: "m".into(),
                ..Default::default()
            })
            .unwrap();
        e.upload_part("ddd", "m", &id, 1, Arc::from(&b"different"[..]), None)
            .unwrap();
        e.upload_part("ddd", "m", &id, 2, Arc::from(&b"only a part"[..]), None)
            .unwrap();
    })
    .await;
    assert_eq!(p.stats().await.unwrap().bodies, 2);
    run(p, &mut e, |e| {
        let id = e
            .bucket("ddd")
            .unwrap()
            .uploads
            .keys()
            .next()
            .unwrap()
            .clone();
        e.abort_upload("ddd", "m", &id).unwrap();
    })
    .await;
    assert_eq!(p.stats().await.unwrap().bodies, 1);
    assert_same(&e, &load(p).await, "after sweep");
}

/// A snapshot keeps the bodies it captured: they outlive every version that had them, a
/// restore after a reload brings them back, and dropping the plan sweeps them.
pub async fn snapshot_keeps_bodies<P: Persist>(p: &P) {
    let mut e = new_engine();
    p.replace_all(&e, None).await.unwrap();
    run(p, &mut e, |e| {
        e.create_bucket("snap", StorageClass::Standard).unwrap();
        e.set_versioning("snap", Versioning::Enabled).unwrap();
        put(e, "snap", "k", "kept by the snapshot");
        e.set_backup_plan("snap", DAY, 3, None).unwrap();
        e.take_snapshot("snap").unwrap();
    })
    .await;
    run(p, &mut e, |e| {
        let id = version_at(e, "snap", "k", 0);
        e.delete_object("snap", "k", Some(id)).unwrap();
    })
    .await;
    let s = p.stats().await.unwrap();
    assert_eq!(
        (s.entries, s.bodies),
        (0, 1),
        "only the snapshot holds the body"
    );
    let mut loaded = load(p).await;
    assert_same(&e, &loaded, "snapshot after its version is gone");
    let ((), r) = p
        .run(&mut loaded, |e| {
            e.restore_object_from_snapshot("snap", 1, "k").unwrap();
        })
        .await;
    r.unwrap();
    let back = load(p).await;
    let k = back.bucket("snap").unwrap().objects["k"].current().unwrap();
    assert_eq!(&*k.object().unwrap().body, b"kept by the snapshot");
    assert_eq!(p.stats().await.unwrap().bodies, 1, "shared, not copied");
    let ((), r) = p
        .run(&mut loaded, |e| {
            let id = version_at(e, "snap", "k", 0);
            e.delete_object("snap", "k", Some(id)).unwrap();
            e.remove_backup_plan("snap").unwrap();
        })
        .await;
    r.unwrap();
    let s = p.stats().await.unwrap();
    assert_eq!((s.entries, s.bodies, s.body_bytes), (0, 0, 0), "swept");
    assert_same(&loaded, &load(p).await, "plan removed");
}

/// Toolkit records written by one tab reach the other through the log, removals included.
pub async fn toolkit_across_tabs<P: Persist>(a: &P, b: &P) {
    let mut ea = new_engine();
    a.replace_all(&ea, None).await.unwrap();
    let mut eb = load(b).await;
    let ((), r) = a
        .run(&mut ea, |e| {
            for name in ["src", "dst"] {
                e.create_bucket(name, StorageClass::Standard).unwrap();
                e.set_versioning(name, Versioning::Enabled).unwrap();
            }
            put(e, "src", "k", "body");
            e.put_replication_rule(
                "src",
                ReplicationRuleInput {
                    dest_bucket: "dst".into(),
                    historical: true,
                    ..Default::default()
                },
            )
            .unwrap();
            e.create_identity(Identity::new("r", "AK1", "SK1", Policy::read_only()))
                .unwrap();
            e.set_backup_plan("src", DAY, 1, None).unwrap();
            e.take_snapshot("src").unwrap();
        })
        .await;
    r.unwrap();
    b.refresh(&mut eb, &[]).await.unwrap();
    assert_same(&ea, &eb, "tab b sees a's toolkit");
    assert_eq!(eb.replication_queue().len(), 1, "historical replica queued");
    let ((), r) = b
        .run(&mut eb, |e| {
            e.take_snapshot("src").unwrap(); // retention drops the first
            e.remove_identity("AK1").unwrap();
            let id = e.replication_rules("src").unwrap()[0].id.clone();
            e.delete_replication_rule("src", &id).unwrap();
        })
        .await;
    r.unwrap();
    a.refresh(&mut ea, &[]).await.unwrap();
    assert_same(&eb, &ea, "tab a sees b's removals");
    assert_eq!(ea.identities().count(), 0);
    assert_eq!(ea.snapshots("src").len(), 1);
    assert!(ea.replication_queue().is_empty());
    let ((), r) = a
        .run(&mut ea, |e| e.remove_backup_plan("src").unwrap())
        .await;
    r.unwrap();
    b.refresh(&mut eb, &[]).await.unwrap();
    assert!(eb.backup_plan("src").is_none());
    assert_same(&ea, &load(b).await, "stored");
}

/// Export, import: identical. Damaged files are rejected with a clear error.
pub async fn export_import<P: Persist>(p: &P) {
    let e = rich_engine();
    let clock = test_clock();
    let file = export(&e, Some(&clock));
    let imported = import(&file).expect("import");
    assert_same(&e, &imported.engine, "export/import");
    assert_eq!(imported.clock, Some(clock));

    // Store the import; then every damaged file leaves the store as it was.
    p.replace_all(&imported.engine, imported.clock.as_ref())
        .await
        .unwrap();
    let before = p.stats().await.unwrap();
    assert_eq!(
        import(&file[..file.len() / 2]).unwrap_err(),
        ImportError::Truncated
    );
    assert_eq!(import(b"").unwrap_err(), ImportError::Truncated);
    assert_eq!(import(b"\x89PNG\r\n").unwrap_err(), ImportError::NotOsslab);
    assert_eq!(
        import(br#"{"name":"other"}"#).unwrap_err(),
        ImportError::NotOsslab
    );
    let text = String::from_utf8(file.clone()).unwrap();
    let newer = text.replacen(
        &format!("\"version\":{}", super::export::FORMAT_VERSION),
        "\"version\":99",
        1,
    );
    assert_eq!(
        import(newer.as_bytes()).unwrap_err(),
        ImportError::Incompatible { version: 99 }
    );
    // Flip one body: JSON still parses, the checksum catches it.
    let body_b64 = base64_of("same bytes");
    let flipped = text.replacen(&body_b64, &base64_of("SAME bytes"), 1);
    assert_ne!(flipped, text);
    assert!(matches!(
        import(flipped.as_bytes()).unwrap_err(),
        ImportError::Corrupt(m) if m.contains("checksum")
    ));
    // A record damaged: wrong type.
    let broken = text.replacen("\"seq\":", "\"seq\":\"x\",\"_\":", 1);
    assert!(matches!(
        import(broken.as_bytes()).unwrap_err(),
        ImportError::Corrupt(_)
    ));
    // A body removed from the file.
    let cid = super::records::content_id(b"same bytes");
    let missing = text.replacen(&format!("\"{cid}\":\"{body_b64}\""), "\"x-0\":\"\"", 1);
    assert!(matches!(
        import(missing.as_bytes()).unwrap_err(),
        ImportError::Corrupt(_)
    ));
    assert_eq!(
        p.stats().await.unwrap(),
        before,
        "rejected imports change nothing"
    );
    assert_same(&e, &load(p).await, "store after rejected imports");
}

fn base64_of(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Two tabs write at once: nothing is lost, sequences never collide, and each tab catches
/// up with the other's writes.
pub async fn two_tabs<P: Persist>(a: &P, b: &P) {
    let mut ea = new_engine();
    a.replace_all(&ea, None).await.unwrap();
    let ((), r) = a
        .run(&mut ea, |e| {
            e.create_bucket("tabs", StorageClass::Standard).unwrap();
            e.set_versioning("tabs", Versioning::Enabled).unwrap();
        })
        .await;
    r.unwrap();
    let mut eb = load(b).await;
    // Both tabs now write from the same state.
    let ((), r) = a.run(&mut ea, |e| put(e, "tabs", "k", "from a")).await;
    r.unwrap();
    let ((), r) = b.run(&mut eb, |e| put(e, "tabs", "k", "from b")).await;
    r.expect("b retries after the conflict");
    // (Loading through b: a load resets a handle's generation to what it read.)
    let stored = load(b).await;
    assert_same(&eb, &stored, "tab b after retry");
    let stack = &stored.bucket("tabs").unwrap().objects["k"];
    assert_eq!(stack.len(), 2, "both writes kept");
    let seqs: Vec<u64> = stack.oldest_first().iter().map(|e| e.seq).collect();
    assert!(seqs[0] < seqs[1]);
    // Tab a catches up through the log.
    match a.refresh(&mut ea, &[]).await.unwrap() {
        Refreshed::Records(ch) => assert!(!ch.is_empty()),
        Refreshed::Reloaded => panic!("log should suffice"),
    }
    assert_same(&ea, &stored, "tab a after refresh");
    // A stale write is refused, not merged blindly.
    let mut stale = ea.clone();
    let ((), r) = b.run(&mut eb, |e| put(e, "tabs", "k2", "b again")).await;
    r.unwrap();
    stale.track_changes(true);
    put(&mut stale, "tabs", "k3", "stale");
    let changes = stale.take_changes();
    assert!(matches!(
        a.apply(&stale, &changes).await,
        Err(PersistError::Conflict { .. })
    ));
    a.refresh(&mut stale, &changes).await.unwrap();
    assert_same(
        &stale,
        &load(a).await,
        "stale tab rolled back and caught up",
    );
}

/// A transaction that fails part-way writes nothing; the store still loads the state before
/// it, and the failed changes are written with the next successful transaction.
pub async fn aborted_write<P: Persist>(p: &P) {
    let mut e = rich_engine();
    p.replace_all(&e, None).await.unwrap();
    let before = e.clone();
    p.inject_abort_after(2);
    let ((), r) = p.run(&mut e, |e| put(e, "lab", "crash.txt", "lost?")).await;
    assert!(matches!(r, Err(PersistError::Aborted(_))), "{r:?}");
    assert_same(&before, &load(p).await, "after the aborted write");
    let ((), r) = p.run(&mut e, |e| put(e, "lab", "next.txt", "next")).await;
    r.unwrap();
    assert_same(
        &e,
        &load(p).await,
        "failed change written with the next one",
    );
}

/// Reset empties the store; another tab reloads.
pub async fn reset<P: Persist>(a: &P, b: &P) {
    let e = rich_engine();
    a.replace_all(&e, Some(&test_clock())).await.unwrap();
    let mut eb = load(b).await;
    a.reset().await.unwrap();
    let loaded = a.load(&mut |_| {}).await.unwrap();
    assert_eq!(loaded.engine.buckets().count(), 0);
    assert_eq!(loaded.clock, None);
    let s = a.stats().await.unwrap();
    assert_eq!((s.entries, s.bodies, s.uploads), (0, 0, 0));
    assert_eq!(b.refresh(&mut eb, &[]).await.unwrap(), Refreshed::Reloaded);
    assert_eq!(eb.buckets().count(), 0);
}

/// Progress is reported and ends at the total.
pub async fn progress<P: Persist>(p: &P) {
    p.replace_all(&rich_engine(), None).await.unwrap();
    let mut last = None;
    p.load(&mut |pr| last = Some(pr)).await.unwrap();
    let last = last.expect("progress reported");
    assert_eq!(last.done, last.total);
}

/// Every check, each on fresh storage. `open(name)` opens (a handle on) storage `name`.
pub async fn run_all<P: Persist>(prefix: &str, open: impl AsyncFn(&str) -> P) {
    let n = |s: &str| format!("{prefix}-{s}");
    round_trip(&open(&n("round-trip")).await).await;
    incremental_equals_reload(&open(&n("incremental")).await).await;
    body_dedup_and_sweep(&open(&n("dedup")).await).await;
    snapshot_keeps_bodies(&open(&n("snapshot-bodies")).await).await;
    let a = open(&n("toolkit-tabs")).await;
    let b = open(&n("toolkit-tabs")).await;
    toolkit_across_tabs(&a, &b).await;
    export_import(&open(&n("export")).await).await;
    let a = open(&n("tabs")).await;
    let b = open(&n("tabs")).await;
    two_tabs(&a, &b).await;
    aborted_write(&open(&n("abort")).await).await;
    let a = open(&n("reset")).await;
    let b = open(&n("reset")).await;
    reset(&a, &b).await;
    progress(&open(&n("progress")).await).await;
}
