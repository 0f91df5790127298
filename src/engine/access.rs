//! Access control: the lab's identities (RAM users) and their policies.
//!
//! An identity is an access key pair with RAM-style policies attached. A request made with
//! that AccessKeyId is evaluated the way OSS evaluates RAM policies ("How OSS works with
//! RAM"): an explicit Deny wins, otherwise an Allow must match, otherwise the request is
//! implicitly denied. The account owner (any request whose AccessKeyId is not an identity's,
//! including unsigned ones) may do everything — DECISION: the learner is the owner unless they
//! choose to act as an identity.
//!
//! Two system policies are built in, with the statements Alibaba Cloud gives them:
//! `AliyunOSSFullAccess` (`oss:*` on `*`) and `AliyunOSSReadOnlyAccess` (`oss:Get*`,
//! `oss:List*` on `*`). A read-only identity can therefore read and list but gets 403
//! AccessDenied for every write, delete, overwrite, restore or configuration change.

use serde::{Deserialize, Serialize};

use super::error::{Denial, Error, Result};
use super::{Change, Engine};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// One policy statement: `Action` and `Resource` patterns (`*` and `?` wildcards).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub effect: Effect,
    /// e.g. `oss:GetObject`, `oss:Get*`, `oss:*` (matched case-insensitively).
    pub actions: Vec<String>,
    /// e.g. `*`, `acs:oss:*:*:mybucket`, `acs:oss:*:*:mybucket/*`.
    pub resources: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub name: String,
    pub statements: Vec<Statement>,
}

impl Policy {
    /// The system policy AliyunOSSFullAccess.
    pub fn full_access() -> Self {
        Policy {
            name: "AliyunOSSFullAccess".into(),
            statements: vec![Statement {
                effect: Effect::Allow,
                actions: vec!["oss:*".into()],
                resources: vec!["*".into()],
            }],
        }
    }

    /// The system policy AliyunOSSReadOnlyAccess.
    pub fn read_only() -> Self {
        Policy {
            name: "AliyunOSSReadOnlyAccess".into(),
            statements: vec![Statement {
                effect: Effect::Allow,
                actions: vec!["oss:Get*".into(), "oss:List*".into()],
                resources: vec!["*".into()],
            }],
        }
    }
}

/// A RAM user of the lab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    pub access_key_id: String,
    /// Used to verify signatures when the endpoint checks them.
    pub access_key_secret: String,
    pub policies: Vec<Policy>,
}

impl Identity {
    pub fn new(name: &str, access_key_id: &str, access_key_secret: &str, policy: Policy) -> Self {
        Identity {
            name: name.into(),
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            policies: vec![policy],
        }
    }

    /// `full-access` or `read-only` when the identity has exactly that system policy, else
    /// the names of its policies, comma-separated.
    pub fn policy_label(&self) -> String {
        match self.policies.as_slice() {
            [p] if *p == Policy::full_access() => "full-access".into(),
            [p] if *p == Policy::read_only() => "read-only".into(),
            ps => ps
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// What the policies say about `action` on `resource`: `Some(Deny)` for an explicit deny,
    /// `Some(Allow)`, or `None` (implicit deny).
    pub fn evaluate(&self, action: &str, resource: &str) -> Option<Effect> {
        let mut allowed = false;
        for st in self.policies.iter().flat_map(|p| &p.statements) {
            let hit = st.actions.iter().any(|a| glob(a, action, true))
                && st.resources.iter().any(|r| glob(r, resource, false));
            if hit {
                match st.effect {
                    Effect::Deny => return Some(Effect::Deny),
                    Effect::Allow => allowed = true,
                }
            }
        }
        allowed.then_some(Effect::Allow)
    }
}

/// `*` matches any run of characters, `?` exactly one. `ignore_case` is for action names
/// (`oss:GetObject`), which are ASCII: ASCII case folding keeps the Unicode case tables out of
/// the browser app.
pub fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let norm = |s: &str| -> Vec<char> {
        if ignore_case {
            s.to_ascii_lowercase().chars().collect()
        } else {
            s.chars().collect()
        }
    };
    let (p, t) = (norm(pattern), norm(text));
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The RAM resource name of a bucket or object: `acs:oss:*:<account>:<bucket>[/<key>]`;
/// service-level requests use `acs:oss:*:<account>:*`.
pub fn resource_name(owner: &str, bucket: Option<&str>, key: Option<&str>) -> String {
    match (bucket, key) {
        (None, _) => format!("acs:oss:*:{owner}:*"),
        (Some(b), None) => format!("acs:oss:*:{owner}:{b}"),
        (Some(b), Some(k)) => format!("acs:oss:*:{owner}:{b}/{k}"),
    }
}

impl Engine {
    /// Add an identity (its access key id must be new).
    pub fn create_identity(&mut self, identity: Identity) -> Result<()> {
        if identity.access_key_id.is_empty() {
            return Err(Error::EmptyAccessKeyId);
        }
        if self.identities.contains_key(&identity.access_key_id) {
            return Err(Error::IdentityExists {
                access_key_id: identity.access_key_id.clone(),
            });
        }
        let ak = identity.access_key_id.clone();
        self.identities.insert(ak.clone(), identity);
        self.record(|| Change::Identity { access_key_id: ak });
        Ok(())
    }

    /// Replace an identity's policies.
    pub fn set_identity_policies(
        &mut self,
        access_key_id: &str,
        policies: Vec<Policy>,
    ) -> Result<()> {
        let id = self
            .identities
            .get_mut(access_key_id)
            .ok_or_else(|| Error::NoSuchIdentity {
                access_key_id: access_key_id.to_string(),
            })?;
        id.policies = policies;
        self.record(|| Change::Identity {
            access_key_id: access_key_id.to_string(),
        });
        Ok(())
    }

    pub fn remove_identity(&mut self, access_key_id: &str) -> Result<()> {
        self.identities
            .remove(access_key_id)
            .ok_or_else(|| Error::NoSuchIdentity {
                access_key_id: access_key_id.to_string(),
            })?;
        self.record(|| Change::IdentityRemoved {
            access_key_id: access_key_id.to_string(),
        });
        Ok(())
    }

    /// Identities by access key id.
    pub fn identities(&self) -> impl Iterator<Item = &Identity> {
        self.identities.values()
    }

    pub fn identity(&self, access_key_id: &str) -> Option<&Identity> {
        self.identities.get(access_key_id)
    }

    /// May the caller with this AccessKeyId (None: unsigned) perform `action` (e.g.
    /// `oss:PutObject`) on the bucket / object? Keys that are no identity's act as the
    /// account owner, who may do everything.
    pub fn authorize(
        &self,
        access_key_id: Option<&str>,
        action: &str,
        bucket: Option<&str>,
        key: Option<&str>,
    ) -> Result<()> {
        let Some(identity) = access_key_id.and_then(|ak| self.identities.get(ak)) else {
            return Ok(());
        };
        let resource = resource_name(&self.settings.owner_id, bucket, key);
        match identity.evaluate(action, &resource) {
            Some(Effect::Allow) => Ok(()),
            Some(Effect::Deny) => Err(Error::AccessDenied {
                action: action.to_string(),
                by: Denial::Explicit,
            }),
            None => Err(Error::AccessDenied {
                action: action.to_string(),
                by: Denial::Implicit,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::StorageClass;

    #[test]
    fn glob_matches_wildcards() {
        assert!(glob("oss:Get*", "oss:GetObject", true));
        assert!(glob("OSS:get*", "oss:GetObject", true));
        assert!(!glob("oss:Get*", "oss:PutObject", true));
        assert!(glob("*", "anything", false));
        assert!(glob("acs:oss:*:*:b/*", "acs:oss:*:123:b/dir/k", false));
        assert!(!glob("acs:oss:*:*:b/*", "acs:oss:*:123:c/k", false));
        assert!(glob("a?c", "abc", false));
        assert!(!glob("a?c", "abbc", false));
    }

    fn lab() -> Engine {
        let mut e = Engine::new(0);
        e.create_bucket("bk1", StorageClass::Standard).unwrap();
        e.create_identity(Identity::new("ro", "AKRO", "s1", Policy::read_only()))
            .unwrap();
        e.create_identity(Identity::new("rw", "AKRW", "s2", Policy::full_access()))
            .unwrap();
        e
    }

    const MUTATING: &[&str] = &[
        "oss:PutObject",
        "oss:DeleteObject",
        "oss:DeleteObjectVersion",
        "oss:AbortMultipartUpload",
        "oss:RestoreObject",
        "oss:PutBucket",
        "oss:DeleteBucket",
        "oss:PutBucketVersioning",
        "oss:PutBucketLifecycle",
        "oss:DeleteBucketLifecycle",
        "oss:PutBucketReplication",
        "oss:DeleteBucketReplication",
    ];
    const READS: &[&str] = &[
        "oss:GetObject",
        "oss:ListObjects",
        "oss:ListObjectVersions",
        "oss:GetBucketInfo",
        "oss:GetBucketVersioning",
        "oss:ListBuckets",
        "oss:GetBucketReplication",
    ];

    #[test]
    fn read_only_is_denied_every_mutation_and_allowed_reads() {
        let e = lab();
        for a in MUTATING {
            let err = e
                .authorize(Some("AKRO"), a, Some("bk1"), Some("k"))
                .unwrap_err();
            assert_eq!(
                err,
                Error::AccessDenied {
                    action: a.to_string(),
                    by: Denial::Implicit
                }
            );
        }
        for a in READS {
            e.authorize(Some("AKRO"), a, Some("bk1"), Some("k"))
                .unwrap();
        }
    }

    #[test]
    fn full_access_owner_and_unknown_keys_are_allowed() {
        let e = lab();
        for a in MUTATING.iter().chain(READS) {
            e.authorize(Some("AKRW"), a, Some("bk1"), Some("k"))
                .unwrap();
            e.authorize(None, a, Some("bk1"), Some("k")).unwrap();
            e.authorize(Some("OWNERKEY"), a, Some("bk1"), None).unwrap();
        }
    }

    #[test]
    fn explicit_deny_wins_and_resources_scope() {
        let mut e = lab();
        let scoped = Policy {
            name: "custom".into(),
            statements: vec![
                Statement {
                    effect: Effect::Allow,
                    actions: vec!["oss:*".into()],
                    resources: vec!["acs:oss:*:*:bk1/*".into()],
                },
                Statement {
                    effect: Effect::Deny,
                    actions: vec!["oss:DeleteObject".into()],
                    resources: vec!["acs:oss:*:*:bk1/keep/*".into()],
                },
            ],
        };
        e.create_identity(Identity::new("c", "AKC", "s", scoped))
            .unwrap();
        e.authorize(Some("AKC"), "oss:PutObject", Some("bk1"), Some("x"))
            .unwrap();
        e.authorize(Some("AKC"), "oss:DeleteObject", Some("bk1"), Some("x"))
            .unwrap();
        let err = e
            .authorize(Some("AKC"), "oss:DeleteObject", Some("bk1"), Some("keep/x"))
            .unwrap_err();
        assert!(matches!(
            err,
            Error::AccessDenied {
                by: Denial::Explicit,
                ..
            }
        ));
        // The bucket itself is not covered by `b1/*`.
        let err = e
            .authorize(Some("AKC"), "oss:PutBucketVersioning", Some("bk1"), None)
            .unwrap_err();
        assert!(matches!(
            err,
            Error::AccessDenied {
                by: Denial::Implicit,
                ..
            }
        ));
    }

    #[test]
    fn identities_are_recorded_and_unique() {
        let mut e = Engine::new(0);
        e.track_changes(true);
        e.create_identity(Identity::new("ro", "AK1", "s", Policy::read_only()))
            .unwrap();
        assert_eq!(
            e.create_identity(Identity::new("x", "AK1", "s", Policy::read_only()))
                .unwrap_err(),
            Error::IdentityExists {
                access_key_id: "AK1".into()
            }
        );
        e.set_identity_policies("AK1", vec![Policy::full_access()])
            .unwrap();
        e.remove_identity("AK1").unwrap();
        assert_eq!(
            e.remove_identity("AK1").unwrap_err(),
            Error::NoSuchIdentity {
                access_key_id: "AK1".into()
            }
        );
        assert_eq!(
            e.take_changes(),
            vec![
                Change::Identity {
                    access_key_id: "AK1".into()
                },
                Change::Identity {
                    access_key_id: "AK1".into()
                },
                Change::IdentityRemoved {
                    access_key_id: "AK1".into()
                },
            ]
        );
        assert_eq!(e.identities().count(), 0);
    }
}
