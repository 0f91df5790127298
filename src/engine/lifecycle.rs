//! Lifecycle rules, run on the virtual clock.
//!
//! OSS rounds an object's reference time (last modified, or the moment a version became
//! noncurrent) up to the next 00:00 UTC and adds the rule's days; the daily run then acts on
//! everything due (docs/fidelity.md §Lifecycle timing). osslab runs exactly at those midnights: moving the
//! clock from `a` to `b` performs, in time order, every run at a midnight in `(a, b]` where
//! something is due, each run seeing the state the previous one left. Jumping 30 days ahead
//! therefore ends in the same state as living through them.

use serde::{Deserialize, Serialize};

use super::bucket::{Bucket, Versioning};
use super::error::{Error, LifecycleProblem, Result};
use super::ids::VersionId;
use super::object::{Entry, ObjectType, ObjectVersion, StorageClass};
use super::stack::VersionStack;
use super::{Change, Engine, Millis, DAY};

/// When an action applies: a number of days after the reference time, or to everything
/// last modified before a date (midnight UTC). Stored as `{"days": n}` or
/// `{"created_before": ms}` (bucket records, `persist::records`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    Days(u32),
    CreatedBefore(Millis),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expiration {
    When(When),
    /// Remove delete markers that have no older versions left.
    ExpiredObjectDeleteMarker,
}

/// One rule. Stored through serde in bucket records; fields added after the first records
/// default when absent, and the field order is the order those records were written in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub prefix: String,
    pub enabled: bool,
    /// `Filter/Not/Prefix`: keys under it are excluded.
    #[serde(default)]
    pub not_prefix: Option<String>,
    /// `Filter/Not/Tag`: versions under `not_prefix` (any key when there is none) that carry
    /// this tag are excluded.
    #[serde(default)]
    pub not_tag: Option<(String, String)>,
    /// The expiration date came as the legacy `Expiration/Date` element (same meaning as
    /// CreatedBeforeDate): GetBucketLifecycle answers it the same way (docs/fidelity.md
    /// §Findings of the oss2 integration suite).
    #[serde(default)]
    pub expiration_as_date: bool,
    #[serde(default)]
    pub size_greater_than: Option<u64>,
    #[serde(default)]
    pub size_less_than: Option<u64>,
    /// Tag filters: a version matches only when it carries every one of these tags (delete
    /// markers and uploads carry none, so a rule with tags never acts on them).
    #[serde(default)]
    pub tags: Vec<(String, String)>,
    #[serde(default)]
    pub expiration: Option<Expiration>,
    #[serde(default)]
    pub transitions: Vec<(When, StorageClass)>,
    #[serde(default)]
    pub abort_multipart: Option<When>,
    #[serde(default)]
    pub noncurrent_expiration_days: Option<u32>,
    #[serde(default)]
    pub noncurrent_transitions: Vec<(u32, StorageClass)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleConfig {
    /// When the configuration was put: CreatedBeforeDate rules act from the next run on.
    pub set_at: Millis,
    pub rules: Vec<Rule>,
}

/// The next 00:00 UTC at or after `t`.
pub fn ceil_midnight(t: Millis) -> Millis {
    t.div_euclid(DAY) * DAY + if t.rem_euclid(DAY) == 0 { 0 } else { DAY }
}

fn due(when: When, reference: Millis, set_at: Millis) -> Option<Millis> {
    match when {
        When::Days(d) => Some(ceil_midnight(reference) + Millis::from(d) * DAY),
        When::CreatedBefore(date) => {
            (reference < date).then(|| ceil_midnight(reference.max(set_at)))
        }
    }
}

fn invalid(problem: LifecycleProblem) -> Error {
    Error::InvalidLifecycle(problem)
}

/// The characters OSS allows in tag keys and values.
fn tag_text_ok(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || " +-=._:/".contains(c))
}

/// Whether every colder class is reached after (more days than) every warmer one.
fn colder_later(transitions: impl Iterator<Item = (u32, StorageClass)> + Clone) -> bool {
    transitions
        .clone()
        .all(|(d1, c1)| transitions.clone().all(|(d2, c2)| c1 >= c2 || d1 < d2))
}

impl LifecycleConfig {
    /// The checks PutBucketLifecycle makes before accepting a configuration.
    pub fn validate(&self) -> Result<()> {
        if self.rules.is_empty() || self.rules.len() > 1000 {
            return Err(invalid(LifecycleProblem::RuleCount));
        }
        let mut ids: Vec<&str> = self.rules.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(invalid(LifecycleProblem::DuplicateRuleId));
        }
        for r in &self.rules {
            if r.id.len() > 255 {
                return Err(invalid(LifecycleProblem::RuleIdTooLong));
            }
            let has_action = r.expiration.is_some()
                || !r.transitions.is_empty()
                || r.abort_multipart.is_some()
                || r.noncurrent_expiration_days.is_some()
                || !r.noncurrent_transitions.is_empty();
            if !has_action {
                return Err(invalid(LifecycleProblem::NoAction));
            }
            let whens = r
                .transitions
                .iter()
                .map(|(w, _)| *w)
                .chain(r.abort_multipart)
                .chain(match r.expiration {
                    Some(Expiration::When(w)) => Some(w),
                    _ => None,
                });
            for w in whens {
                match w {
                    When::Days(0) => return Err(invalid(LifecycleProblem::ZeroDays)),
                    When::CreatedBefore(t) if t.rem_euclid(DAY) != 0 => {
                        return Err(invalid(LifecycleProblem::CreatedBeforeNotMidnight))
                    }
                    _ => {}
                }
            }
            if r.noncurrent_expiration_days == Some(0)
                || r.noncurrent_transitions.iter().any(|(d, _)| *d == 0)
            {
                return Err(invalid(LifecycleProblem::ZeroNoncurrentDays));
            }
            let classes = r
                .transitions
                .iter()
                .map(|(_, c)| *c)
                .chain(r.noncurrent_transitions.iter().map(|(_, c)| *c));
            for c in classes {
                if c == StorageClass::Standard {
                    return Err(invalid(LifecycleProblem::TransitionToStandard));
                }
            }
            // Tag filters: letters, digits, spaces and `+-=._:/` only (OSS EC pages
            // 0014-00000031 for the key and 0014-00000032 for the value; lengths are not
            // checked, as oss2's test_bucket.py expects 129- and 257-character tags to pass).
            for (k, v) in &r.tags {
                if !tag_text_ok(k) {
                    return Err(invalid(LifecycleProblem::TagKeyCharacter));
                }
                if !tag_text_ok(v) {
                    return Err(invalid(LifecycleProblem::TagValueCharacter));
                }
            }
            // A rule's transitions reach colder classes later: IA before Archive before
            // ColdArchive before DeepColdArchive (docs/fidelity.md §Findings of the oss2
            // integration suite).
            let by_days = r.transitions.iter().filter_map(|(w, c)| match w {
                When::Days(d) => Some((*d, *c)),
                When::CreatedBefore(_) => None,
            });
            if !colder_later(by_days) {
                return Err(invalid(LifecycleProblem::TransitionOrder));
            }
            if !colder_later(r.noncurrent_transitions.iter().copied()) {
                return Err(invalid(LifecycleProblem::NoncurrentTransitionOrder));
            }
            // Expiration and Transition of one rule count time the same way: both in Days or
            // both by CreatedBeforeDate (same section).
            let kind = |w: &When| matches!(w, When::Days(_));
            if let Some(Expiration::When(e)) = &r.expiration {
                if r.transitions.iter().any(|(w, _)| kind(w) != kind(e)) {
                    return Err(invalid(LifecycleProblem::MixedTimeKinds));
                }
            }
            // OSS: an object must transition before it expires.
            if let Some(Expiration::When(When::Days(e))) = r.expiration {
                if r.transitions
                    .iter()
                    .any(|(w, _)| matches!(w, When::Days(d) if *d >= e))
                {
                    return Err(invalid(LifecycleProblem::TransitionNotBeforeExpiration));
                }
            }
            if let Some(e) = r.noncurrent_expiration_days {
                if r.noncurrent_transitions.iter().any(|(d, _)| *d >= e) {
                    return Err(invalid(
                        LifecycleProblem::NoncurrentTransitionNotBeforeExpiration,
                    ));
                }
            }
        }
        Ok(())
    }
}

impl Rule {
    fn matches_key(&self, key: &str) -> bool {
        self.enabled
            && key.starts_with(&self.prefix)
            // A Not with a Tag excludes per version, by its tags (`matches_version`).
            && !(self.not_tag.is_none()
                && self
                    .not_prefix
                    .as_deref()
                    .is_some_and(|p| key.starts_with(p)))
    }

    fn matches_size(&self, size: u64) -> bool {
        self.size_greater_than.is_none_or(|g| size > g)
            && self.size_less_than.is_none_or(|l| size < l)
    }

    /// Size and tag filters (and a `Not` with a `Tag`), for a version of a key that matches.
    fn matches_version(&self, key: &str, o: &ObjectVersion) -> bool {
        let excluded = self.not_tag.as_ref().is_some_and(|(k, v)| {
            o.tags.get(k) == Some(v.as_str())
                && self
                    .not_prefix
                    .as_deref()
                    .is_none_or(|p| key.starts_with(p))
        });
        self.matches_size(o.body.len() as u64) && o.tags.contains_all(&self.tags) && !excluded
    }

    fn matches(&self, key: &str, o: &ObjectVersion) -> bool {
        self.matches_key(key) && self.matches_version(key, o)
    }
}

/// When the lifecycle will expire an object (reported as `x-oss-expiration`), and by which rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExpirationDue {
    pub at: Millis,
    pub rule_id: String,
}

/// `x-oss-expiration` for the current version: the earliest Expiration date of a rule that
/// applies, with that rule's id.
pub(crate) fn expiration_for(
    b: &Bucket,
    key: &str,
    e: &Entry,
    o: &ObjectVersion,
) -> Option<ExpirationDue> {
    let cfg = b.lifecycle.as_ref()?;
    cfg.rules
        .iter()
        .filter(|r| r.matches(key, o))
        .filter_map(|r| match r.expiration {
            Some(Expiration::When(w)) => due(w, e.created, cfg.set_at).map(|at| ExpirationDue {
                at,
                rule_id: r.id.clone(),
            }),
            _ => None,
        })
        .min()
}

/// Called with an action's due time and a way to build the action (only built when due).
type Consider<'a> = dyn FnMut(Option<Millis>, &mut dyn FnMut() -> Action) + 'a;

/// One thing a run does.
enum Action {
    ExpireCurrent {
        key: String,
    },
    RemoveEntry {
        key: String,
        id: VersionId,
    },
    Transition {
        key: String,
        id: VersionId,
        class: StorageClass,
    },
    AbortUpload {
        upload_id: String,
    },
}

/// Everything in `b` that is due at or before `at`, and the earliest due time of anything
/// (a run's second scan uses it to find the next run).
fn scan(b: &Bucket, at: Millis) -> (Vec<Action>, Option<Millis>) {
    let Some(cfg) = &b.lifecycle else {
        return (Vec::new(), None);
    };
    let mut actions = Vec::new();
    let mut next: Option<Millis> = None;
    let mut consider = |when: Option<Millis>, action: &mut dyn FnMut() -> Action| {
        if let Some(d) = when {
            if d <= at {
                actions.push(action());
            }
            next = Some(next.map_or(d, |n| n.min(d)));
        }
    };
    for (key, stack) in &b.objects {
        let rules: Vec<&super::lifecycle::Rule> =
            cfg.rules.iter().filter(|r| r.matches_key(key)).collect();
        if rules.is_empty() {
            continue;
        }
        scan_stack(key, stack, &rules, cfg.set_at, &mut consider);
    }
    for u in b.uploads.values() {
        for r in cfg
            .rules
            .iter()
            .filter(|r| r.matches_key(&u.key) && r.tags.is_empty())
        {
            if let Some(w) = r.abort_multipart {
                consider(due(w, u.initiated, cfg.set_at), &mut || {
                    Action::AbortUpload {
                        upload_id: u.upload_id.clone(),
                    }
                });
            }
        }
    }
    (actions, next)
}

/// Can a lifecycle rule move `o` to `class`? Only to a colder class, and never an Appendable
/// object to Cold Archive or Deep Cold Archive: OSS's lifecycle does not convert appendable
/// objects to the cold classes unless SealAppendObject sealed them, which osslab does not
/// model, so a frozen previous Appendable version stays out of them too (SealAppendObject
/// page, "Lifecycle"; docs/fidelity.md §AppendObject, PostObject and symlinks).
fn may_transition(o: &ObjectVersion, class: StorageClass) -> bool {
    class > o.storage_class && !(class.is_cold() && o.object_type == ObjectType::Appendable)
}

fn scan_stack(
    key: &str,
    stack: &VersionStack,
    rules: &[&Rule],
    set_at: Millis,
    consider: &mut Consider<'_>,
) {
    let n = stack.len();
    for (idx, e) in stack.oldest_first().iter().enumerate() {
        let current = idx + 1 == n;
        let id = e.version_id();
        match e.object() {
            Some(o) if current => {
                for r in rules.iter().filter(|r| r.matches_version(key, o)) {
                    if let Some(Expiration::When(w)) = r.expiration {
                        consider(due(w, e.created, set_at), &mut || Action::ExpireCurrent {
                            key: key.to_string(),
                        });
                    }
                    for (w, class) in &r.transitions {
                        if may_transition(o, *class) {
                            consider(due(*w, e.created, set_at), &mut || Action::Transition {
                                key: key.to_string(),
                                id,
                                class: *class,
                            });
                        }
                    }
                }
            }
            Some(o) => {
                let since = stack.noncurrent_since(idx).unwrap_or(e.created);
                for r in rules.iter().filter(|r| r.matches_version(key, o)) {
                    if let Some(d) = r.noncurrent_expiration_days {
                        consider(due(When::Days(d), since, set_at), &mut || {
                            Action::RemoveEntry {
                                key: key.to_string(),
                                id,
                            }
                        });
                    }
                    for (d, class) in &r.noncurrent_transitions {
                        if may_transition(o, *class) {
                            consider(due(When::Days(*d), since, set_at), &mut || {
                                Action::Transition {
                                    key: key.to_string(),
                                    id,
                                    class: *class,
                                }
                            });
                        }
                    }
                }
            }
            None => {
                for r in rules.iter().filter(|r| r.tags.is_empty()) {
                    if !current {
                        if let Some(d) = r.noncurrent_expiration_days {
                            let since = stack.noncurrent_since(idx).unwrap_or(e.created);
                            consider(due(When::Days(d), since, set_at), &mut || {
                                Action::RemoveEntry {
                                    key: key.to_string(),
                                    id,
                                }
                            });
                        }
                    } else if n == 1 && r.expiration == Some(Expiration::ExpiredObjectDeleteMarker)
                    {
                        // A lone marker: nothing older is left behind it.
                        consider(Some(ceil_midnight(e.created)), &mut || {
                            Action::RemoveEntry {
                                key: key.to_string(),
                                id,
                            }
                        });
                    }
                }
            }
        }
    }
}

/// Perform every lifecycle run at a midnight in `(engine.now, t]` where something is due.
pub(crate) fn run_until(engine: &mut Engine, t: Millis) {
    if engine.buckets.values().all(|b| b.lifecycle.is_none()) {
        return;
    }
    let mut run = ceil_midnight(engine.now + 1);
    while run <= t {
        engine.now = run;
        let names: Vec<String> = engine.buckets.keys().cloned().collect();
        let mut next: Option<Millis> = None;
        for name in names {
            let (actions, _) = scan(&engine.buckets[&name], run);
            for a in actions {
                apply(engine, &name, a);
                // OSS bills each lifecycle transition or deletion as a PUT request.
                engine
                    .meter
                    .count_request(&name, run, super::meter::RequestKind::Put);
            }
            // Due times after this run's changes (a version made noncurrent now, say).
            let (_, n) = scan(&engine.buckets[&name], run);
            next = match (next, n) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        // Runs are daily: whatever this run made due waits for the next midnight.
        run = match next {
            Some(n) => ceil_midnight(n).max(run + DAY),
            None => break,
        };
    }
}

fn apply(engine: &mut Engine, bucket: &str, action: Action) {
    match action {
        Action::ExpireCurrent { key } => {
            let versioning = engine.buckets[bucket].versioning;
            let still_object = engine.buckets[bucket]
                .objects
                .get(&key)
                .and_then(VersionStack::current)
                .is_some_and(|e| !e.is_delete_marker());
            if !still_object {
                return;
            }
            if versioning == Versioning::Unversioned {
                engine.remove_version(bucket, &key, VersionId::Null);
            } else {
                // Enabled: a marker on top, the data kept as noncurrent. Suspended: a null
                // marker that replaces a null version.
                engine.add_delete_marker(bucket, &key);
            }
        }
        Action::RemoveEntry { key, id } => {
            engine.remove_version(bucket, &key, id);
        }
        Action::Transition { key, id, class } => {
            let now = engine.now;
            let Some(b) = engine.buckets.get_mut(bucket) else {
                return;
            };
            let Some(e) = b.objects.get_mut(&key).and_then(|s| s.get_mut(id)) else {
                return;
            };
            let seq = e.seq;
            if let Some(o) = e.object_mut() {
                if may_transition(o, class) {
                    o.storage_class = class;
                    o.restore = None;
                    if class.is_cold() {
                        o.transition_time = Some(now);
                    }
                }
            }
            engine.record_entry(bucket, &key, seq);
        }
        Action::AbortUpload { upload_id } => {
            let key = engine.buckets[bucket]
                .uploads
                .get(&upload_id)
                .map(|u| u.key.clone());
            if let Some(key) = key {
                let _ = engine.abort_upload(bucket, &key, &upload_id);
            }
        }
    }
}

impl Engine {
    /// PutBucketLifecycle: replaces the whole configuration.
    pub fn put_lifecycle(&mut self, bucket: &str, mut cfg: LifecycleConfig) -> Result<()> {
        cfg.validate()?;
        cfg.set_at = self.now;
        self.bucket_mut(bucket)?.lifecycle = Some(cfg);
        self.record(|| Change::Bucket {
            bucket: bucket.to_string(),
        });
        Ok(())
    }

    /// GetBucketLifecycle: 404 NoSuchLifecycle when none is set.
    pub fn lifecycle(&self, bucket: &str) -> Result<&LifecycleConfig> {
        self.bucket(bucket)?
            .lifecycle
            .as_ref()
            .ok_or(Error::NoSuchLifecycle)
    }

    /// DeleteBucketLifecycle: 204 whether or not one was set.
    pub fn delete_lifecycle(&mut self, bucket: &str) -> Result<()> {
        self.bucket_mut(bucket)?.lifecycle = None;
        self.record(|| Change::Bucket {
            bucket: bucket.to_string(),
        });
        Ok(())
    }
}
