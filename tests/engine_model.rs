//! Property test: random operation sequences against the engine and against a deliberately
//! simple reference model (a plain newest-first list per key) must agree on every response
//! and on the final version stacks.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::sync::Arc;

use osslab::engine::listing::{ListParams, VersionItem};
use osslab::engine::objects::{Conditions, CopyObject, PutObject};
use osslab::engine::{Engine, StorageClass, VersionId, Versioning};
use proptest::prelude::*;

const BUCKET: &str = "model";
const KEYS: [&str; 3] = ["a", "b/c", "b/d"];

#[derive(Clone, Debug)]
enum Op {
    Put {
        key: usize,
        body: u8,
    },
    Delete {
        key: usize,
    },
    /// Delete the version at this position (mod stack length) of the key's stack.
    DeleteVersion {
        key: usize,
        pick: usize,
    },
    /// Copy the version at `pick` of `src` onto `dst` (recovery when src == dst).
    Copy {
        src: usize,
        pick: usize,
        dst: usize,
    },
    SetVersioning {
        enabled: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..KEYS.len(), any::<u8>()).prop_map(|(key, body)| Op::Put { key, body }),
        2 => (0..KEYS.len()).prop_map(|key| Op::Delete { key }),
        2 => (0..KEYS.len(), 0..8usize).prop_map(|(key, pick)| Op::DeleteVersion { key, pick }),
        1 => (0..KEYS.len(), 0..8usize, 0..KEYS.len()).prop_map(|(src, pick, dst)| Op::Copy { src, pick, dst }),
        1 => any::<bool>().prop_map(|enabled| Op::SetVersioning { enabled }),
    ]
}

/// One entry of the model: its id text, and the body (`None` for a delete marker).
#[derive(Clone, Debug, PartialEq)]
struct MEntry {
    id: String,
    body: Option<Vec<u8>>,
}

#[derive(Default)]
struct Model {
    versioning: Option<bool>, // None = never versioned; Some(true) Enabled; Some(false) Suspended
    stacks: BTreeMap<String, Vec<MEntry>>, // newest first
}

impl Model {
    fn mode_writes_null(&self) -> bool {
        self.versioning != Some(true)
    }

    /// The write rule, stated naively: Enabled stacks a new id; otherwise the one `null`
    /// entry is dropped from wherever it is and the new null goes on top.
    fn write(
        &mut self,
        key: &str,
        engine_id: Option<String>,
        body: Option<Vec<u8>>,
    ) -> Result<(), String> {
        let null = self.mode_writes_null();
        let id = match (self.versioning, engine_id) {
            (None, None) => "null".to_string(),
            (None, Some(id)) => return Err(format!("unversioned bucket reported id {id}")),
            (Some(_), None) => return Err("versioned bucket reported no id".into()),
            (Some(_), Some(id)) => id,
        };
        if null && id != "null" {
            return Err(format!("expected null id, got {id}"));
        }
        if !null && (id == "null" || self.stacks.values().flatten().any(|e| e.id == id)) {
            return Err(format!("expected a fresh id, got {id}"));
        }
        let stack = self.stacks.entry(key.to_string()).or_default();
        if null {
            stack.retain(|e| e.id != "null");
        }
        stack.insert(0, MEntry { id, body });
        Ok(())
    }

    fn current_body(&self, key: &str) -> Option<Vec<u8>> {
        self.stacks
            .get(key)
            .and_then(|s| s.first())
            .and_then(|e| e.body.clone())
    }
}

fn engine_stacks(e: &Engine) -> BTreeMap<String, Vec<MEntry>> {
    let p = ListParams {
        max_keys: 1000,
        ..Default::default()
    };
    let page = e.list_object_versions(BUCKET, &p, "", None).unwrap();
    let mut out: BTreeMap<String, Vec<MEntry>> = BTreeMap::new();
    for item in page.items {
        let key = item.key().to_string();
        let id = item.version_id().to_string();
        let body = match item {
            VersionItem::Version { .. } => {
                let v = VersionId::parse(&id).unwrap();
                Some(
                    e.get_object(BUCKET, &key, Some(v), &Conditions::default(), None)
                        .unwrap()
                        .bytes()
                        .to_vec(),
                )
            }
            VersionItem::DeleteMarker { .. } => None,
        };
        out.entry(key).or_default().push(MEntry { id, body });
    }
    out
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut e = Engine::new(1_700_000_000_000);
    e.create_bucket(BUCKET, StorageClass::Standard).unwrap();
    let mut m = Model::default();
    for (step, op) in ops.into_iter().enumerate() {
        e.set_now(e.now() + 1000);
        match op {
            Op::Put { key, body } => {
                let r = e
                    .put_object(PutObject {
                        bucket: BUCKET.into(),
                        key: KEYS[key].into(),
                        body: Arc::from(vec![body]),
                        ..Default::default()
                    })
                    .unwrap();
                m.write(KEYS[key], r.version_id, Some(vec![body]))
                    .map_err(|s| TestCaseError::fail(format!("step {step}: {s}")))?;
            }
            Op::Delete { key } => {
                let r = e.delete_object(BUCKET, KEYS[key], None).unwrap();
                if m.versioning.is_none() {
                    prop_assert!(!r.delete_marker && r.version_id.is_none());
                    m.stacks.remove(KEYS[key]);
                } else {
                    prop_assert!(r.delete_marker);
                    m.write(KEYS[key], r.version_id, None)
                        .map_err(|s| TestCaseError::fail(format!("step {step}: {s}")))?;
                }
            }
            Op::DeleteVersion { key, pick } => {
                let Some(stack) = m.stacks.get_mut(KEYS[key]) else {
                    continue;
                };
                let idx = pick % stack.len();
                let target = stack.remove(idx);
                if stack.is_empty() {
                    m.stacks.remove(KEYS[key]);
                }
                let r = e
                    .delete_object(
                        BUCKET,
                        KEYS[key],
                        Some(VersionId::parse(&target.id).unwrap()),
                    )
                    .unwrap();
                if m.versioning.is_some() {
                    prop_assert_eq!(r.version_id.as_deref(), Some(target.id.as_str()));
                    prop_assert_eq!(r.delete_marker, target.body.is_none());
                }
            }
            Op::Copy { src, pick, dst } => {
                let Some(stack) = m.stacks.get(KEYS[src]) else {
                    continue;
                };
                let source = stack[pick % stack.len()].clone();
                let r = e.copy_object(CopyObject {
                    src_bucket: BUCKET.into(),
                    src_key: KEYS[src].into(),
                    src_version: Some(VersionId::parse(&source.id).unwrap()),
                    bucket: BUCKET.into(),
                    key: KEYS[dst].into(),
                    ..Default::default()
                });
                match (source.body, r) {
                    (None, Err(err)) => {
                        prop_assert_eq!(err, osslab::engine::Error::CopySourceIsDeleteMarker)
                    }
                    (Some(body), Ok(r)) => m
                        .write(KEYS[dst], r.write.version_id, Some(body))
                        .map_err(|s| TestCaseError::fail(format!("step {step}: {s}")))?,
                    (b, r) => {
                        return Err(TestCaseError::fail(format!(
                            "step {step}: copy of {b:?} gave {r:?}"
                        )))
                    }
                }
            }
            Op::SetVersioning { enabled } => {
                let state = if enabled {
                    Versioning::Enabled
                } else {
                    Versioning::Suspended
                };
                e.set_versioning(BUCKET, state).unwrap();
                m.versioning = Some(enabled);
            }
        }
        for key in KEYS {
            let got = e
                .get_object(BUCKET, key, None, &Conditions::default(), None)
                .ok()
                .map(|g| g.bytes().to_vec());
            prop_assert_eq!(got, m.current_body(key), "GET {} after step {}", key, step);
        }
    }
    prop_assert_eq!(engine_stacks(&e), m.stacks);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn engine_agrees_with_reference_model(ops in prop::collection::vec(op(), 1..60)) {
        run(ops)?;
    }
}
