//! The error table, second part: AppendObject, symlinks and PostObject (see `mod.rs`).

use super::OssError;

impl OssError {
    // ---- AppendObject and symlinks (docs/fidelity.md §AppendObject, PostObject and symlinks)

    /// `position` is not the object's length (or not 0 for a new object). Status, code and EC
    /// CONFIRMED (AppendObject doc; EC page 0026-00000016); message INFERRED. The current
    /// length goes in `x-oss-next-append-position` (CONFIRMED, the SDKs read it from the error).
    pub fn position_not_equal_to_length(length: u64) -> Self {
        Self::new(
            409,
            "PositionNotEqualToLength",
            "Position is not equal to file length",
            "0026-00000016",
        )
        .with_header("x-oss-next-append-position", length.to_string())
    }

    /// AppendObject on a Normal, Multipart or Symlink object, or on an Appendable version a
    /// later write covered. Status, code and EC
    /// CONFIRMED (AppendObject doc; EC page 0026-00000017); message INFERRED.
    pub fn object_not_appendable() -> Self {
        Self::new(
            409,
            "ObjectNotAppendable",
            "The object is not appendable",
            "0026-00000017",
        )
    }

    /// `?append` without `position`. EC CONFIRMED (page 0016-00000501); status, code and
    /// message INFERRED.
    pub fn append_position_missing() -> Self {
        Self::missing_argument("position").with_ec("0016-00000501")
    }

    /// `position` is not a non-negative integer. EC CONFIRMED (page 0016-00000502); status
    /// and code INFERRED (InvalidArgument, as for other bad parameters).
    pub fn append_position_invalid(value: &str) -> Self {
        Self::invalid_argument_named(
            "position",
            value,
            "position is not a valid integer.",
            "0016-00000502",
        )
    }

    /// An appendable object cannot be Cold Archive or Deep Cold Archive. EC CONFIRMED (page
    /// 0016-00000503, for ColdArchive; DeepColdArchive INFERRED alike); status and code
    /// INFERRED.
    pub fn append_storage_class_not_allowed(class: &str) -> Self {
        Self::invalid_argument_named(
            "x-oss-storage-class",
            class,
            "The storage class of an appendable object cannot be Cold Archive or Deep Cold Archive.",
            "0016-00000503",
        )
    }

    /// AppendObject with `versionId`. EC CONFIRMED (page 0016-00000504, 400 in the issue's
    /// brief and the page's example); code and message INFERRED.
    pub fn append_with_version_id(value: &str) -> Self {
        Self::invalid_argument_named(
            "versionId",
            value,
            "AppendObject does not support the versionId parameter.",
            "0016-00000504",
        )
    }

    /// The appended object would exceed 5 GB (AppendObject doc, "Limits"). Code and message
    /// as PutObject's EntityTooLarge; EC INFERRED (PutObject's).
    pub fn append_too_large() -> Self {
        Self::entity_too_large()
    }

    /// GET or HEAD through a symlink whose target key has no current object. Status and EC
    /// CONFIRMED (EC page 0026-00000012); code CONFIRMED by the SDKs' error names; message
    /// INFERRED.
    pub fn symlink_target_not_exist() -> Self {
        Self::new(
            404,
            "SymlinkTargetNotExist",
            "The symlink target object does not exist",
            "0026-00000012",
        )
    }

    /// A symlink's target is itself a symlink: OSS resolves one level only, so a chain (and
    /// a loop) is refused. Entirely INFERRED (docs/fidelity.md §Symlinks).
    pub fn invalid_symlink_target_type() -> Self {
        Self::new(
            400,
            "InvalidTargetType",
            "The symlink target object type is invalid",
            "0026-00000013",
        )
    }

    /// GetSymlink on an object that is not a symlink. EC CONFIRMED (page 0043-00000101);
    /// status, code and message INFERRED.
    pub fn not_symlink() -> Self {
        Self::new(
            400,
            "NotSymlink",
            "The specified object is not a symlink.",
            "0043-00000101",
        )
    }

    /// PutSymlink without `x-oss-symlink-target`. EC CONFIRMED (page 0043-00000001);
    /// status, code and message INFERRED (MissingArgument).
    pub fn symlink_target_missing() -> Self {
        Self::missing_argument("x-oss-symlink-target").with_ec("0043-00000001")
    }

    /// PutSymlink with `x-oss-forbid-overwrite: true` on an existing object of an
    /// unversioned bucket. Code and message as PutObject's; EC INFERRED (PutObject's).
    pub fn file_already_exists_symlink() -> Self {
        Self::file_already_exists_put()
    }

    // ---- PostObject (docs/fidelity.md §AppendObject, PostObject and symlinks) ------------

    /// The body is not multipart/form-data OSS can read. Code and message CONFIRMED (OSS's
    /// "PostObject common errors" page); EC INFERRED.
    pub fn malformed_post_request() -> Self {
        Self::new(
            400,
            "MalformedPOSTRequest",
            "The body of your POST request is not well-formed multipart/form-data.",
            "0006-00000101",
        )
    }

    /// A form without a `key` field (before the file). INFERRED (S3's wording, OSS's code).
    pub fn post_key_missing() -> Self {
        Self::invalid_argument(
            "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
            "0006-00000102",
        )
    }

    /// A form without a `file` field. INFERRED (S3's wording, OSS's code).
    pub fn post_file_missing() -> Self {
        Self::invalid_argument(
            "POST requires exactly one file upload per request.",
            "0006-00000103",
        )
    }

    /// `OSSAccessKeyId` (or a signature) without a `policy`. EC CONFIRMED (page
    /// 0002-00000702); status, code and message INFERRED.
    pub fn post_policy_missing() -> Self {
        Self::invalid_argument(
            "Bucket POST must contain a field named 'policy' when it is signed.",
            "0002-00000702",
        )
    }

    /// A policy that cannot be used. Code CONFIRMED (InvalidPolicyDocument, "PostObject
    /// common errors" page); `detail` and `ec` per defect: invalid base64 or JSON
    /// (0006-00000204), an unsupported top-level name (0006-00000206), no `conditions`
    /// (0006-00000207), a bad `content-length-range` (0006-00000221) — all CONFIRMED EC
    /// pages; other defects 0006-00000201 (the generic "invalid policy" page).
    pub fn invalid_policy_document(detail: &str, ec: &'static str) -> Self {
        Self::new(
            400,
            "InvalidPolicyDocument",
            format!("Invalid Policy: {detail}"),
            ec,
        )
    }

    /// The policy's `expiration` has passed. Code and message CONFIRMED ("PostObject common
    /// errors" page); EC INFERRED.
    pub fn post_policy_expired() -> Self {
        Self::new(
            403,
            "AccessDenied",
            "Invalid according to Policy: Policy expired.",
            "0006-00000005",
        )
    }

    /// A form field (or the bucket) fails a policy condition. Status, code, message form
    /// and EC CONFIRMED (EC page 0006-00000227, which shows the failing condition).
    pub fn post_condition_failed(condition: &str) -> Self {
        Self::new(
            403,
            "AccessDenied",
            format!("Invalid according to Policy: Policy Condition failed: {condition}"),
            "0006-00000227",
        )
    }

    /// The file is larger than `content-length-range` allows (or than 5 GB). EC CONFIRMED
    /// (page 0006-00000003); code and message as PutObject's EntityTooLarge (INFERRED).
    pub fn post_entity_too_large() -> Self {
        Self::entity_too_large().with_ec("0006-00000003")
    }

    /// The file is smaller than `content-length-range` allows. EC CONFIRMED (page
    /// 0006-00000004); code and message INFERRED.
    pub fn post_entity_too_small() -> Self {
        Self::new(
            400,
            "EntityTooSmall",
            "Your proposed upload is smaller than the minimum allowed size.",
            "0006-00000004",
        )
    }
}
