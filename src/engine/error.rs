//! What can go wrong in the engine, said as facts: which rule a request broke and the values
//! needed to describe it. Nothing here is HTTP: the wire layer's table (`wire::error`, one
//! `From<Error> for OssError`) turns each variant into OSS's status, `Code`, `Message`, `EC`
//! and response headers, with the `docs/fidelity.md` citations next to each row.

use std::fmt;

use super::ids::VersionId;
use super::object::StorageClass;

/// The engine's result: `Error` unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    // ---- buckets -------------------------------------------------------------------------
    NoSuchBucket {
        bucket: String,
    },
    BucketAlreadyExists {
        bucket: String,
    },
    /// DeleteBucket on a bucket that still holds versions, markers or uploads.
    BucketNotEmpty {
        bucket: String,
    },
    InvalidBucketName {
        bucket: String,
    },
    /// The account's bucket quota (`Settings::max_buckets`) is used up.
    TooManyBuckets,
    /// PutBucketVersioning back to Unversioned, a state a bucket cannot return to.
    VersioningCannotBeUnset,
    InvalidBucketAcl {
        value: String,
    },

    // ---- keys and versions ---------------------------------------------------------------
    InvalidKey(KeyProblem),
    NoSuchKey {
        key: String,
    },
    /// The version addressed (the current one, or one an ACL or tag operation names) is a
    /// delete marker.
    DeleteMarker {
        key: String,
        marker: VersionId,
    },
    /// An operation that needs an object names a delete marker by version id.
    DeleteMarkerNotAllowed {
        op: ObjectOp,
        marker: VersionId,
    },
    NoSuchVersion {
        key: String,
        version: VersionId,
    },
    /// A version id on a bucket that never had versioning.
    VersioningNotEnabled {
        version: VersionId,
    },
    /// Text that cannot be a version id the service issued.
    InvalidVersionId {
        text: String,
    },

    // ---- writes --------------------------------------------------------------------------
    /// `PutMode::Create` and the key already has an object.
    ObjectExists {
        write: WriteOp,
    },
    /// The body does not have the MD5 the client claimed.
    DigestMismatch,
    InvalidObjectAcl {
        value: String,
    },
    /// PutObjectACL without an ACL.
    MissingObjectAcl,
    InvalidTags(TagProblem),
    /// A tagging header that is not `k1=v1&k2=v2`.
    InvalidTaggingHeader {
        text: String,
    },

    // ---- reads ---------------------------------------------------------------------------
    PreconditionFailed {
        condition: Condition,
    },
    NotModified,
    /// A byte range outside the object.
    RangeNotSatisfiable,
    /// Reading the data of a frozen Archive / ColdArchive / DeepColdArchive version.
    ObjectFrozen,
    /// A copy source (current, or named by id) that is a delete marker.
    CopySourceIsDeleteMarker,
    /// A page size (`argument` names which one) outside 1–1000.
    InvalidMaxKeys {
        argument: String,
        value: String,
    },
    /// A version-id marker without a key marker.
    VersionMarkerWithoutKeyMarker {
        marker: VersionId,
    },
    InvalidContinuationToken {
        token: String,
    },

    // ---- multipart -----------------------------------------------------------------------
    NoSuchUpload {
        upload_id: String,
        op: UploadOp,
    },
    /// A part number outside 1–10000.
    InvalidPartNumber {
        number: u32,
    },
    /// A listed part that was not uploaded, or whose ETag does not match.
    InvalidPart {
        part_number: u32,
    },
    InvalidPartOrder,
    /// CompleteMultipartUpload choosing no part.
    EmptyPartList,
    /// A part other than the last is below the minimum part size.
    PartTooSmall,

    // ---- AppendObject --------------------------------------------------------------------
    /// The append position is not the object's length (`length`: what it should be).
    PositionNotEqualToLength {
        length: u64,
    },
    ObjectNotAppendable,
    AppendStorageClass {
        class: StorageClass,
    },
    /// The appended object would exceed the 5 GB cap.
    AppendTooLarge,

    // ---- symlinks ------------------------------------------------------------------------
    SymlinkTargetNotExist,
    /// A symlink whose target is itself a symlink.
    InvalidSymlinkTargetType,
    /// GetSymlink of an object that is not a symlink.
    NotSymlink,

    // ---- archive -------------------------------------------------------------------------
    /// RestoreObject of a class that needs no restore.
    RestoreNotArchive,
    /// A restore tier for an Archive object (only the cold classes have tiers).
    RestoreTierOnArchive,
    InvalidRestoreTier {
        tier: String,
    },
    /// Restore days outside what the class allows (1–7 Archive, 1–365 the cold classes).
    RestoreDaysOutOfRange {
        class: StorageClass,
    },
    /// Asking a restore in progress for a slower tier.
    RestoreTierLowered,
    RestoreAlreadyInProgress,
    /// CleanRestoredObject while the restore still runs.
    ArchiveRestoreNotFinished,
    /// CleanRestoredObject of a version with no restored copy.
    ArchiveRestoreFileStale,

    // ---- lifecycle, CORS -----------------------------------------------------------------
    NoSuchLifecycle,
    InvalidLifecycle(LifecycleProblem),
    NoSuchCorsConfiguration,
    InvalidCors(CorsProblem),

    // ---- replication ---------------------------------------------------------------------
    InvalidReplication(ReplicationProblem),
    /// A versioning change on a bucket that a replication rule uses.
    ReplicationVersioningLocked,
    NoSuchReplicationConfiguration,
    NoSuchReplicationRule,

    // ---- access control (lab identities and their policies) ------------------------------
    EmptyAccessKeyId,
    IdentityExists {
        access_key_id: String,
    },
    NoSuchIdentity {
        access_key_id: String,
    },
    AccessDenied {
        action: String,
        by: Denial,
    },

    // ---- backups -------------------------------------------------------------------------
    InvalidBackupPlan(BackupPlanProblem),
    NoSuchSnapshot {
        bucket: String,
        id: u64,
    },
    SnapshotHasNoKey {
        key: String,
    },
}

/// Why a key cannot name an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    /// Over 1023 bytes.
    TooLong,
    /// Starts with `/` or `\`.
    BadStart,
}

/// The object operation that met a delete marker named by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectOp {
    GetObject,
    HeadObject,
    GetSymlink,
    RestoreObject,
    CleanRestoredObject,
    PutObjectAcl,
}

/// The write that overwrite protection refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOp {
    PutObject,
    CopyObject,
    InitiateMultipartUpload,
    CompleteMultipartUpload,
    PutSymlink,
}

/// The multipart operation that named an unknown upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadOp {
    UploadPart,
    UploadPartCopy,
    Complete,
    Abort,
    ListParts,
}

/// The conditional-request check that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    IfMatch,
    IfNoneMatch,
    IfModifiedSince,
    IfUnmodifiedSince,
}

/// Whether a Deny statement matched (explicit) or no Allow did (implicit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denial {
    Explicit,
    Implicit,
}

/// Why an object tag set is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagProblem {
    /// More than `max` tags.
    TooMany {
        max: usize,
    },
    EmptyKey,
    /// A key over `max` characters.
    KeyTooLong {
        max: usize,
    },
    /// A value over `max` characters.
    ValueTooLong {
        max: usize,
    },
    /// A character outside letters, digits, space and `+ - = . _ : /`.
    BadCharacter,
    DuplicateKey {
        key: String,
    },
}

/// Why a CORS configuration is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorsProblem {
    NoRules,
    /// More than `max` rules.
    TooManyRules {
        max: usize,
    },
    /// A rule without an allowed origin or method.
    RuleWithoutOriginOrMethod,
    UnknownMethod {
        method: String,
    },
    /// An origin or header pattern with more than one `*`.
    TwoWildcards {
        pattern: String,
    },
    /// An exposed header with a `*`.
    WildcardExposeHeader {
        header: String,
    },
}

/// Why a lifecycle configuration is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LifecycleProblem {
    /// No rule, or more than 1000.
    RuleCount,
    DuplicateRuleId,
    RuleIdTooLong,
    NoAction,
    ZeroDays,
    /// A CreatedBeforeDate that is not midnight UTC.
    CreatedBeforeNotMidnight,
    ZeroNoncurrentDays,
    TransitionToStandard,
    TagKeyCharacter,
    TagValueCharacter,
    /// Transitions to colder classes not later than to warmer ones.
    TransitionOrder,
    NoncurrentTransitionOrder,
    /// Expiration and Transition of a rule counting time differently (days, date).
    MixedTimeKinds,
    TransitionNotBeforeExpiration,
    NoncurrentTransitionNotBeforeExpiration,
}

/// Why a replication rule is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplicationProblem {
    SameBucket,
    NoDestination {
        bucket: String,
    },
    VersioningMismatch,
    TooManyPrefixes,
    PrefixOverlap,
    /// A rule for the pair (or with the id) exists.
    RuleExists,
    /// A rule id that is empty or over 255 characters.
    InvalidRuleId,
}

/// Why a backup plan or snapshot request is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupPlanProblem {
    IntervalTooShort,
    /// Snapshots kept outside 1–100.
    KeepOutOfRange,
    /// A snapshot on demand for a bucket without a plan.
    NoPlan,
}

impl fmt::Display for Error {
    /// The variant and its facts, for logs and panics; users see the wire's rendering.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl std::error::Error for Error {}
