//! Archive, Cold Archive and Deep Cold Archive: RestoreObject and CleanRestoredObject.
//!
//! A restore is stored as timestamps (requested, completes, expires); its state at any time
//! is computed from them, so jumping the virtual clock a month ahead gives exactly the state
//! living through that month would.

use super::error::{Error, ObjectOp, Result};
use super::ids::VersionId;
use super::object::{ObjectVersion, StorageClass};
use super::{Engine, Millis, DAY, HOUR, MINUTE};

/// `JobParameters/Tier` of a Cold / Deep Cold Archive restore.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    // Declared slowest first so that `a < b` means "b is a higher priority".
    Bulk,
    Standard,
    Expedited,
}

impl Tier {
    pub fn as_str(&self) -> &'static str {
        match self {
            Tier::Bulk => "Bulk",
            Tier::Standard => "Standard",
            Tier::Expedited => "Expedited",
        }
    }

    pub fn parse(s: &str) -> Result<Tier> {
        match s {
            "Bulk" => Ok(Tier::Bulk),
            "Standard" => Ok(Tier::Standard),
            "Expedited" => Ok(Tier::Expedited),
            other => Err(Error::InvalidRestoreTier {
                tier: other.to_string(),
            }),
        }
    }
}

/// How long restores take. Defaults are the documented upper bounds.
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreSettings {
    pub archive: Millis,
    pub cold_expedited: Millis,
    pub cold_standard: Millis,
    pub cold_bulk: Millis,
    pub deep_expedited: Millis,
    pub deep_standard: Millis,
}

impl Default for RestoreSettings {
    fn default() -> Self {
        RestoreSettings {
            archive: MINUTE,
            cold_expedited: HOUR,
            cold_standard: 5 * HOUR,
            cold_bulk: 12 * HOUR,
            deep_expedited: 12 * HOUR,
            deep_standard: 48 * HOUR,
        }
    }
}

impl RestoreSettings {
    /// Duration of a restore; `None` for a tier the class does not offer. DECISION: Deep Cold
    /// Archive lists only Expedited and Standard, so Bulk is refused as an invalid tier.
    pub fn duration(&self, class: StorageClass, tier: Tier) -> Option<Millis> {
        match (class, tier) {
            (StorageClass::Archive, _) => Some(self.archive),
            (StorageClass::ColdArchive, Tier::Expedited) => Some(self.cold_expedited),
            (StorageClass::ColdArchive, Tier::Standard) => Some(self.cold_standard),
            (StorageClass::ColdArchive, Tier::Bulk) => Some(self.cold_bulk),
            (StorageClass::DeepColdArchive, Tier::Expedited) => Some(self.deep_expedited),
            (StorageClass::DeepColdArchive, Tier::Standard) => Some(self.deep_standard),
            _ => None,
        }
    }
}

/// A restore of one version, as timestamps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restore {
    pub requested: Millis,
    /// Tier of a Cold / Deep Cold restore; `None` for Archive (which has no tiers).
    pub tier: Option<Tier>,
    pub completes: Millis,
    /// When the restored copy is gone and the object is frozen again.
    pub expires: Millis,
}

/// Where a version stands in the restore cycle (the wire reports it as `x-oss-restore` /
/// `RestoreInfo`), plus progress for the UI.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RestoreStatus {
    /// Not an archive class: nothing to restore, readable.
    NotArchived,
    /// Never restored, restore expired, or cleaned: unreadable.
    Frozen,
    /// A restore runs from `started` until `completes`.
    InProgress { started: Millis, completes: Millis },
    /// A restored copy is readable until `expires`.
    Restored { expires: Millis },
}

impl RestoreStatus {
    /// Fraction of the restore done at `now`, for progress bars.
    pub fn progress(&self, now: Millis) -> f64 {
        match *self {
            RestoreStatus::InProgress { started, completes } if completes > started => {
                ((now - started) as f64 / (completes - started) as f64).clamp(0.0, 1.0)
            }
            RestoreStatus::InProgress { .. } => 0.0,
            _ => 1.0,
        }
    }

    pub fn readable(&self) -> bool {
        matches!(
            self,
            RestoreStatus::NotArchived | RestoreStatus::Restored { .. }
        )
    }
}

/// Restore state of a version at `now`.
pub fn status(obj: &ObjectVersion, now: Millis) -> RestoreStatus {
    if !obj.storage_class.needs_restore() {
        return RestoreStatus::NotArchived;
    }
    match obj.restore.as_deref() {
        Some(r) if now < r.completes => RestoreStatus::InProgress {
            started: r.requested,
            completes: r.completes,
        },
        Some(r) if now < r.expires => RestoreStatus::Restored { expires: r.expires },
        _ => RestoreStatus::Frozen,
    }
}

/// A parsed `<RestoreRequest>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RestoreRequest {
    pub days: Option<u32>,
    pub tier: Option<Tier>,
    /// `<JobParameters>` was present (even without a Tier): refused for Archive objects.
    pub job_parameters: bool,
}

/// What a RestoreObject request did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreEffect {
    /// A restore began (the object was frozen, or its restored copy had expired).
    Started,
    /// A restore in progress was moved to a faster tier.
    Raised,
    /// A restored copy's period was extended.
    Extended,
}

/// What RestoreObject answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreOutcome {
    pub effect: RestoreEffect,
    pub version_id: Option<String>,
    /// `x-oss-object-restore-priority`, for Cold / Deep Cold Archive.
    pub priority: Option<Tier>,
}

/// Restored-period cap per class: 7 days for Archive, 365 for the cold classes.
fn max_days(class: StorageClass) -> u32 {
    if class.is_cold() {
        365
    } else {
        7
    }
}

impl Engine {
    /// RestoreObject. DECISIONS (references unsure, docs/fidelity.md §RestoreObject):
    /// - Days defaults to 1 for every class; Tier defaults to Standard for cold classes.
    ///   Archive has no tiers: JobParameters there is 400 MalformedXML (oss2 integration test).
    /// - On a restored copy, the new Days are added to the remaining time, capped at the
    ///   class maximum counted from now.
    /// - While restoring, a higher tier shortens the job to `now + duration(new tier)` if that
    ///   is sooner; the same tier is 409 RestoreAlreadyInProgress; a lower tier is refused.
    pub fn restore_object(
        &mut self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
        req: RestoreRequest,
    ) -> Result<RestoreOutcome> {
        let now = self.now;
        let settings = self.settings.restore.clone();
        let b = self.bucket_mut(bucket)?;
        let versioned = b.versioning.is_versioned();
        let (entry_seq, outcome) = {
            let (seq, vid, obj) =
                objects::locate_object_mut(b, key, version, ObjectOp::RestoreObject)?;
            let class = obj.storage_class;
            if !class.needs_restore() {
                return Err(Error::RestoreNotArchive);
            }
            if !class.is_cold() && (req.job_parameters || req.tier.is_some()) {
                return Err(Error::RestoreTierOnArchive);
            }
            let days = req.days.unwrap_or(1);
            if !(1..=max_days(class)).contains(&days) {
                return Err(Error::RestoreDaysOutOfRange { class });
            }
            let tier = class.is_cold().then(|| req.tier.unwrap_or(Tier::Standard));
            let duration = settings
                .duration(class, tier.unwrap_or(Tier::Standard))
                .ok_or_else(|| Error::InvalidRestoreTier {
                    tier: tier.map_or("", |t| t.as_str()).to_string(),
                })?;
            let period = Millis::from(days) * DAY;
            let effect = match (status(obj, now), obj.restore.as_deref_mut()) {
                (RestoreStatus::InProgress { .. }, Some(r)) => {
                    match (req.tier.filter(|_| class.is_cold()), r.tier) {
                        (Some(new), Some(old)) if new > old => {
                            let sooner = now + duration;
                            if sooner < r.completes {
                                let len = r.expires - r.completes;
                                r.completes = sooner;
                                r.expires = sooner + len;
                            }
                            r.tier = Some(new);
                            RestoreEffect::Raised
                        }
                        (Some(new), Some(old)) if new < old => {
                            return Err(Error::RestoreTierLowered)
                        }
                        _ => return Err(Error::RestoreAlreadyInProgress),
                    }
                }
                (RestoreStatus::Restored { expires }, Some(r)) => {
                    let cap = now + Millis::from(max_days(class)) * DAY;
                    r.expires = (expires + period).min(cap);
                    RestoreEffect::Extended
                }
                _ => {
                    obj.restore = Some(Box::new(Restore {
                        requested: now,
                        tier,
                        completes: now + duration,
                        expires: now + duration + period,
                    }));
                    RestoreEffect::Started
                }
            };
            let priority = obj.restore.as_ref().and_then(|r| r.tier);
            (
                seq,
                RestoreOutcome {
                    effect,
                    version_id: versioned.then(|| vid.render()),
                    priority,
                },
            )
        };
        self.record_entry(bucket, key, entry_seq);
        Ok(outcome)
    }

    /// CleanRestoredObject: end a completed restore early and freeze the object again.
    /// DECISIONS: the doc names Cold and Deep Cold Archive; osslab applies the same rule to
    /// Archive (gov2 says "Archive or Cold Archive"). Standard / IA objects, which have no
    /// restore info, get 409 ArchiveRestoreFileStale like a never-restored archive object.
    pub fn clean_restored_object(
        &mut self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
    ) -> Result<Option<String>> {
        let now = self.now;
        let b = self.bucket_mut(bucket)?;
        let versioned = b.versioning.is_versioned();
        let (seq, vid, obj) =
            objects::locate_object_mut(b, key, version, ObjectOp::CleanRestoredObject)?;
        match status(obj, now) {
            RestoreStatus::InProgress { .. } => return Err(Error::ArchiveRestoreNotFinished),
            RestoreStatus::Restored { .. } => obj.restore = None,
            RestoreStatus::Frozen | RestoreStatus::NotArchived => {
                return Err(Error::ArchiveRestoreFileStale)
            }
        }
        self.record_entry(bucket, key, seq);
        Ok(versioned.then(|| vid.render()))
    }
}

use super::objects;
