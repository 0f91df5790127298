//! OSS's error responses, in one table: each constructor is one row (HTTP status, `Code`,
//! `Message`, `EC`, extra `<Error>` elements and response headers). Where the public
//! references do not show a value, the row says `INFERRED` and why (see `docs/fidelity.md`)
//! — change it here and nowhere else. The rows of AppendObject, symlinks and PostObject are
//! the second part of this table, in `writes.rs`; `from_engine.rs` says which row answers each
//! of the engine's semantic errors (`engine::Error`).

use std::fmt;

/// An OSS error response, ready to be rendered by the wire layer and explained by the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OssError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub ec: &'static str,
    /// Extra child elements of `<Error>` after `HostId` (e.g. `StringToSign`, `Method`).
    pub details: Vec<(&'static str, String)>,
    /// Extra response headers (e.g. `x-oss-delete-marker` on a 404 for a marked key).
    pub headers: Vec<(&'static str, String)>,
}

impl fmt::Display for OssError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} (EC {})",
            self.status, self.code, self.message, self.ec
        )
    }
}

impl std::error::Error for OssError {}

pub type OssResult<T> = Result<T, OssError>;

mod from_engine;
mod writes;

impl OssError {
    pub fn new(
        status: u16,
        code: &'static str,
        message: impl Into<String>,
        ec: &'static str,
    ) -> Self {
        OssError {
            status,
            code,
            message: message.into(),
            ec,
            details: Vec::new(),
            headers: Vec::new(),
        }
    }

    pub fn with_detail(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.details.push((name, value.into()));
        self
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    // ---- buckets -------------------------------------------------------------------------

    pub fn no_such_bucket(bucket: &str) -> Self {
        Self::new(
            404,
            "NoSuchBucket",
            "The specified bucket does not exist.",
            "0015-00000101",
        )
        .with_detail("BucketName", bucket)
    }

    /// Creating a bucket whose name is taken. OSS answers 409 BucketAlreadyExists both for
    /// another owner's bucket and, in this single-owner emulator, for one's own.
    pub fn bucket_already_exists(bucket: &str) -> Self {
        Self::new(
            409,
            "BucketAlreadyExists",
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
            "0015-00000104",
        )
        .with_detail("BucketName", bucket)
    }

    pub fn bucket_not_empty(bucket: &str) -> Self {
        Self::new(
            409,
            "BucketNotEmpty",
            "The bucket has objects. Please delete them first.",
            "0015-00000301",
        )
        .with_detail("BucketName", bucket)
    }

    pub fn invalid_bucket_name(bucket: &str) -> Self {
        Self::new(
            400,
            "InvalidBucketName",
            "The specified bucket is not valid.",
            "0015-00000001",
        )
        .with_detail("BucketName", bucket)
    }

    /// Status, code and message CONFIRMED by OSS's "HTTP status code 400" error page (the cap
    /// is 100 buckets per account and region); EC INFERRED.
    pub fn too_many_buckets() -> Self {
        Self::new(
            400,
            "TooManyBuckets",
            "You have attempted to create more buckets than allowed.",
            "0015-00000204",
        )
    }

    pub fn no_such_lifecycle() -> Self {
        Self::new(
            404,
            "NoSuchLifecycle",
            "No Row found in Lifecycle Table.",
            "0034-00000001",
        )
    }

    // ---- objects -------------------------------------------------------------------------

    pub fn no_such_key(key: &str) -> Self {
        Self::new(
            404,
            "NoSuchKey",
            "The specified key does not exist.",
            "0026-00000001",
        )
        .with_detail("Key", key)
    }
    /// A well-formed version id that names no entry of the key. Code (Java SDK tests),
    /// message (OSS 404 page) and EC (0012-00000203 page) CONFIRMED.
    pub fn no_such_version(key: &str, version_id: &str) -> Self {
        Self::new(
            404,
            "NoSuchVersion",
            "The specified version does not exist.",
            "0012-00000203",
        )
        .with_detail("Key", key)
        .with_detail("VersionId", version_id)
    }
    /// GET/HEAD of a delete marker by version id: 405 is CONFIRMED (D-GETN); the code is the
    /// only 405 code OSS documents; EC 0017-00000002 ("operation not supported on a delete
    /// marker") and the extra elements are INFERRED.
    pub fn delete_marker_method_not_allowed(method: &str, version_id: &str) -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            "0017-00000002",
        )
        .with_detail("Method", method)
        .with_detail("ResourceType", "DeleteMarker")
        .with_header("x-oss-delete-marker", "true")
        .with_header("x-oss-version-id", version_id)
    }

    pub fn method_not_allowed(method: &str) -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            "0003-00000001",
        )
        .with_detail("Method", method)
    }
    /// A key that starts with `/` or `\`: CONFIRMED code and EC (OSS EC page 0016-00000005);
    /// message INFERRED (the one of the other InvalidObjectName errors).
    pub fn object_name_bad_start() -> Self {
        Self::new(
            400,
            "InvalidObjectName",
            "The specified object is not valid.",
            "0016-00000005",
        )
    }

    /// A V4 signature whose credential scope names another region than the server's.
    /// CONFIRMED code, message and EC (oss2's test_exception_ec.py, run against real OSS).
    pub fn invalid_signing_region() -> Self {
        Self::new(
            400,
            "InvalidArgument",
            "Invalid signing region in Authorization header.",
            "0002-00000226",
        )
    }

    /// A key that is not valid UTF-8 (or otherwise unusable). CONFIRMED message and EC.
    pub fn invalid_object_name() -> Self {
        Self::new(
            400,
            "InvalidObjectName",
            "The specified object is not valid.",
            "0016-00000002",
        )
    }

    /// CONFIRMED message; EC INFERRED (same family as the other name errors).
    pub fn empty_object_name() -> Self {
        Self::new(
            400,
            "InvalidObjectName",
            "The Object name can not be empty.",
            "0016-00000002",
        )
    }

    /// Keys are at most 1023 bytes. CONFIRMED message and EC.
    pub fn key_too_long() -> Self {
        Self::new(
            400,
            "InvalidObjectName",
            "The Length of Object name must be less than 1024.",
            "0016-00000003",
        )
    }

    /// `versionId` on a bucket that never had versioning (other than `null`). EC CONFIRMED
    /// (0012-00000301 page); status and code INFERRED.
    pub fn versioning_not_enabled(version_id: &str) -> Self {
        Self::invalid_argument_named(
            "versionId",
            version_id,
            "Versioning is not enabled for the requested bucket.",
            "0012-00000301",
        )
    }

    pub fn file_already_exists_put() -> Self {
        Self::new(
            409,
            "FileAlreadyExists",
            "The object you specified already exists and can not be overwritten.",
            "0026-00000002",
        )
    }

    pub fn file_already_exists_copy() -> Self {
        Self::new(
            409,
            "FileAlreadyExists",
            "The object you specified already exists and can not be overwritten.",
            "0026-00000201",
        )
    }

    /// INFERRED EC for InitiateMultipartUpload (the docs list only Put, Copy and Complete).
    pub fn file_already_exists_initiate() -> Self {
        Self::new(
            409,
            "FileAlreadyExists",
            "The object you specified already exists and can not be overwritten.",
            "0042-00000201",
        )
    }

    pub fn file_already_exists_complete() -> Self {
        Self::new(
            409,
            "FileAlreadyExists",
            "The object you specified already exists and can not be overwritten.",
            "0042-00000214",
        )
    }

    /// Reading (GET, copy source, part-copy source) a frozen Archive / ColdArchive /
    /// DeepColdArchive object: 403, message CONFIRMED (D-IOS), EC CONFIRMED for GET
    /// (0016-00000404) and used for copies too (INFERRED).
    pub fn invalid_object_state() -> Self {
        Self::new(
            403,
            "InvalidObjectState",
            "The operation is not valid for the object's state",
            "0016-00000404",
        )
    }

    /// The copy source (current version, or the version named) is a delete marker. EC
    /// CONFIRMED (0016-00000307 page); status 404 from the CopyObject doc.
    pub fn copy_source_is_delete_marker() -> Self {
        Self::new(
            404,
            "NoSuchKey",
            "The version id in x-oss-copy-source can not be a delete marker.",
            "0016-00000307",
        )
    }
    /// Content-MD5 does not match the body. CONFIRMED code, message and EC.
    pub fn invalid_digest() -> Self {
        Self::new(
            400,
            "InvalidDigest",
            "The Content-MD5 you specified was invalid.",
            "0017-00000503",
        )
    }

    /// Content-MD5 is not base64 of 16 bytes. EC CONFIRMED; code INFERRED.
    pub fn malformed_digest() -> Self {
        Self::new(
            400,
            "InvalidDigest",
            "The Content-MD5 you specified was invalid.",
            "0017-00000502",
        )
    }

    /// A request that must carry an argument (e.g. Content-MD5 on DeleteMultipleObjects)
    /// does not. Code and message from the OSS error sample; EC INFERRED.
    pub fn missing_argument(name: &str) -> Self {
        Self::new(
            400,
            "MissingArgument",
            "Missing Some Required Arguments.",
            "0016-00000502",
        )
        .with_detail("ArgumentName", name)
    }

    pub fn invalid_range() -> Self {
        Self::new(
            416,
            "InvalidRange",
            "The requested range cannot be satisfied",
            "0016-00000203",
        )
    }

    pub fn precondition_failed(condition: &str) -> Self {
        Self::new(
            412,
            "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold",
            "0016-00000304",
        )
        .with_detail("Condition", condition)
    }

    pub fn not_modified() -> Self {
        Self::new(304, "NotModified", "", "0016-00000305")
    }

    pub fn entity_too_large() -> Self {
        Self::new(
            400,
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed size.",
            "0016-00000102",
        )
    }

    /// `osslab serve --data-dir` could not commit a request to disk (disk full, I/O error):
    /// OSS answers 500 `InternalError` when the service fails; the message says why, so a
    /// user can fix the disk. EC INFERRED (OSS documents none for this local condition);
    /// see `docs/fidelity.md` §"Storage of the native endpoint".
    pub fn internal_error(why: &str) -> Self {
        Self::new(
            500,
            "InternalError",
            format!("We encountered an internal error. Please try again. ({why})"),
            "0002-00000000",
        )
    }

    // ---- multipart -----------------------------------------------------------------------

    pub fn no_such_upload(upload_id: &str, ec: &'static str) -> Self {
        Self::new(
            404,
            "NoSuchUpload",
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            ec,
        )
        .with_detail("UploadId", upload_id)
    }

    pub fn invalid_part(part_number: u32) -> Self {
        Self::new(
            400,
            "InvalidPart",
            "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
            "0042-00000207", // INFERRED
)
        .with_detail("PartNumber", part_number.to_string())
    }

    pub fn invalid_part_order() -> Self {
        Self::new(
            400,
            "InvalidPartOrder",
            "The list of parts was not in ascending order. The parts list must be specified in order by part number.",
            "0042-00000209",
        )
    }

    pub fn entity_too_small() -> Self {
        Self::new(
            400,
            "EntityTooSmall",
            "Your proposed upload smaller than the minimum allowed size.",
            "0042-00000213",
        )
    }

    /// A part number outside 1–10000 or not a number: CONFIRMED body (EC 0017-00000220 page).
    pub fn invalid_part_number(value: &str) -> Self {
        Self::invalid_argument_named(
            "PartNumber",
            value,
            "Part number must be an integer between 1 and 10000, inclusive.",
            "0017-00000220",
        )
    }

    // ---- archive -------------------------------------------------------------------------

    pub fn restore_already_in_progress() -> Self {
        Self::new(
            409,
            "RestoreAlreadyInProgress",
            "The restore operation is in progress.",
            "0016-00000701",
        )
    }
    /// RestoreObject on a Standard or IA object: status, code, message, Detail and EC as in
    /// a captured OSS response (Go SDK v2 tests).
    pub fn restore_not_archive() -> Self {
        Self::new(
            400,
            "OperationNotSupported",
            "The operation is not supported for this resource",
            "0016-00000702",
        )
        .with_detail(
            "Detail",
            "RestoreObject operation does not support this object storage class",
        )
    }

    /// A RestoreRequest with JobParameters for an Archive object (which has no tiers):
    /// MalformedXML, CONFIRMED by oss2's integration test; EC INFERRED (restore body family).
    pub fn restore_tier_on_archive() -> Self {
        Self::malformed_xml(
            "JobParameters is only valid for ColdArchive and DeepColdArchive objects.",
        )
        .with_ec("0016-00000709")
    }

    pub fn invalid_restore_tier(tier: &str) -> Self {
        Self::new(
            400,
            "InvalidArgument",
            format!("The restore tier {tier} is invalid."),
            "0016-00000703",
        )
    }

    pub fn invalid_restore_days_cold() -> Self {
        Self::new(400, "InvalidArgument", "The restore days must be between 1 and 365 for ColdArchive and DeepColdArchive objects.", "0016-00000704")
    }

    pub fn invalid_restore_days_archive() -> Self {
        Self::new(
            400,
            "InvalidArgument",
            "The restore days must be between 1 and 7 for Archive objects.",
            "0016-00000708",
        )
    }

    pub fn invalid_restore_element(name: &str) -> Self {
        Self::new(
            400,
            "MalformedXML",
            format!("The restore request contains an unsupported element: {name}."),
            "0016-00000709",
        )
    }
    /// Lowering the tier of a restore in progress. EC CONFIRMED; status and code INFERRED as
    /// 400 InvalidArgument, like the other RestoreRequest argument errors (703/704/708).
    pub fn restore_tier_lowered() -> Self {
        Self::invalid_argument(
            "The restore priority can only be raised while the restore is in progress.",
            "0016-00000715",
        )
    }

    pub fn archive_restore_file_stale() -> Self {
        Self::new(
            409,
            "ArchiveRestoreFileStale",
            "The archive file or restore info stale",
            "0016-00000718",
        )
    }

    pub fn archive_restore_not_finished() -> Self {
        Self::new(
            409,
            "ArchiveRestoreNotFinished",
            "The archive file's restore is not finished.",
            "0016-00000719",
        )
    }

    // ---- requests ------------------------------------------------------------------------

    pub fn invalid_argument(message: impl Into<String>, ec: &'static str) -> Self {
        Self::new(400, "InvalidArgument", message, ec)
    }

    pub fn invalid_argument_named(
        name: &str,
        value: &str,
        message: impl Into<String>,
        ec: &'static str,
    ) -> Self {
        Self::invalid_argument(message, ec)
            .with_detail("ArgumentName", name)
            .with_detail("ArgumentValue", value)
    }
    /// A version id that cannot be one OSS issued (`234`, `IllegalVersion`); the empty string
    /// has its own message. Both CONFIRMED (OSS 400 page, EC pages 0012-00000201/202).
    pub fn invalid_version_id(value: &str) -> Self {
        if value.is_empty() {
            return Self::invalid_argument_named(
                "versionId",
                value,
                "Version id can not be the empty string.",
                "0012-00000201",
            );
        }
        Self::invalid_argument_named(
            "versionId",
            value,
            "Invalid version id specified.",
            "0012-00000202",
        )
    }

    pub fn malformed_xml(detail: &str) -> Self {
        Self::new(
            400,
            "MalformedXML",
            format!("The XML you provided was not well-formed or did not validate against our published schema. {detail}").trim_end().to_string(),
            "0016-00000608",
        )
    }
    /// Replace the EC (for errors whose code is shared but whose EC is operation-specific).
    pub fn with_ec(mut self, ec: &'static str) -> Self {
        self.ec = ec;
        self
    }

    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new(403, "AccessDenied", message, "0003-00000001")
    }
    // ---- ACLs, tags, CORS (docs/fidelity.md, "ACLs, tags, CORS, bucket statistics") ------

    /// An unknown `x-oss-acl` (PutBucket, PutBucketAcl). EC CONFIRMED (EC page 0015-00000204:
    /// only private, public-read and public-read-write); status and code CONFIRMED by the same
    /// page's family (invalid argument); message INFERRED.
    pub fn invalid_bucket_acl(value: &str) -> Self {
        Self::invalid_argument_named(
            "x-oss-acl",
            value,
            "no such bucket access control exists",
            "0015-00000204",
        )
    }

    /// An unknown `x-oss-object-acl` (`public`, `Private`). EC CONFIRMED (EC page
    /// 0017-00000104); message INFERRED.
    pub fn invalid_object_acl(value: &str) -> Self {
        Self::invalid_argument_named(
            "x-oss-object-acl",
            value,
            "no such object access control exists",
            "0017-00000104",
        )
    }

    /// PutObjectACL without `x-oss-object-acl`, or with an empty one. EC CONFIRMED (EC page
    /// 0017-00000105); message INFERRED.
    pub fn missing_object_acl() -> Self {
        Self::invalid_argument_named(
            "x-oss-object-acl",
            "",
            "The x-oss-object-acl header is missing or empty.",
            "0017-00000105",
        )
    }

    /// The version addressed is a delete marker. GET/HEAD of a key whose current version is
    /// a marker: 404 NoSuchKey with `x-oss-delete-marker: true` (CONFIRMED); the marker's
    /// version id alongside is INFERRED (S3 does the same). GetObjectACL /
    /// Get/Put/DeleteObjectTagging naming a marker by id: 404 CONFIRMED (those pages: "If the
    /// specified version is a delete marker, OSS returns 404 Not Found"); code NoSuchKey and
    /// the marker headers INFERRED (as GET of a current marker).
    pub fn delete_marker_not_found(key: &str, version_id: &str) -> Self {
        Self::no_such_key(key)
            .with_header("x-oss-delete-marker", "true")
            .with_header("x-oss-version-id", version_id)
    }

    /// A tag set OSS refuses: more than 10 tags, a duplicate or empty key, a value over 256
    /// characters, a character outside letters, digits, space and `+ - = . _ : /`. EC
    /// CONFIRMED (EC page 0010-00000217 lists exactly these causes); code and messages
    /// INFERRED (S3's InvalidTag wording).
    pub fn invalid_tag(message: &str) -> Self {
        Self::new(400, "InvalidTag", message, "0010-00000217")
    }

    /// A tag key over 128 characters in a PutObjectTagging body. EC CONFIRMED (EC page
    /// 0010-00000209); code and message INFERRED.
    pub fn tag_key_too_long() -> Self {
        Self::new(
            400,
            "InvalidTag",
            "The TagKey you have provided is too long, max 128.",
            "0010-00000209",
        )
    }

    /// `x-oss-tagging` not in `key` or `key=value` form (`aa=bb=cc`). EC CONFIRMED (EC page
    /// 0010-00000219); status, code and message INFERRED.
    pub fn invalid_tagging_header(value: &str) -> Self {
        Self::invalid_argument_named(
            "x-oss-tagging",
            value,
            "The x-oss-tagging header must be key1=value1&key2=value2.",
            "0010-00000219",
        )
    }

    /// `x-oss-tagging-directive` other than Copy or Replace. INFERRED (like the metadata
    /// directive's error).
    pub fn invalid_tagging_directive(value: &str) -> Self {
        Self::invalid_argument_named(
            "x-oss-tagging-directive",
            value,
            "The x-oss-tagging-directive must be Copy or Replace.",
            "0016-00000302",
        )
    }

    /// GetBucketCors on a bucket without rules. EC CONFIRMED (EC page 0034-00000001: "No CORS
    /// rule is configured for the bucket"); status, code and message INFERRED (S3's).
    pub fn no_such_cors_configuration() -> Self {
        Self::new(
            404,
            "NoSuchCORSConfiguration",
            "The CORS Configuration does not exist.",
            "0034-00000001",
        )
    }

    /// A CORS request (preflight or actual) that no rule allows, or a bucket without rules.
    /// Status, code and the message's start CONFIRMED (OSS's 403 troubleshooting page:
    /// AccessForbidden, "CORSResponse: This CORS request is not allowed..."); the rest of the
    /// sentence and the EC INFERRED.
    pub fn cors_forbidden() -> Self {
        Self::new(
            403,
            "AccessForbidden",
            "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec.",
            "0003-00000003",
        )
    }

    /// A preflight without `Origin` or `Access-Control-Request-Method`. INFERRED (S3 answers
    /// "Insufficient information. Origin request header needed.").
    pub fn cors_insufficient(header: &str) -> Self {
        Self::new(
            403,
            "AccessForbidden",
            format!("Insufficient information. {header} request header needed."),
            "0003-00000003",
        )
    }

    /// A CORS configuration OSS refuses (no rule, more than 10 rules, a rule without origin or
    /// method, an unknown method, two wildcards). The empty case's EC is CONFIRMED (EC page
    /// 0034-00000002: a CORSConfiguration without CORSRule); the others reuse it (INFERRED).
    pub fn invalid_cors(detail: &str) -> Self {
        Self::malformed_xml(detail).with_ec("0034-00000002")
    }

    /// `MaxAgeSeconds` that is not a whole number of seconds (`-1`): 400 InvalidArgument with
    /// ArgumentName/ArgumentValue, CONFIRMED by oss2's integration test
    /// `test_bucket.py::test_invalid_argument`; message and EC INFERRED.
    pub fn invalid_cors_max_age(value: &str) -> Self {
        Self::invalid_argument_named(
            "MaxAgeSeconds",
            value,
            "MaxAgeSeconds must be a non-negative integer.",
            "0034-00000003",
        )
    }

    /// An anonymous request the ACLs do not allow: 403 AccessDenied, message as OSS answers
    /// an unsigned request to a private bucket (INFERRED wording), EC 0003-00000001.
    pub fn anonymous_denied() -> Self {
        Self::access_denied("You have no right to access this object because of bucket acl.")
    }

    // ---- data protection toolkit: replication, access control, backup --------------------

    /// Source and destination must both be versioned or both unversioned. EC CONFIRMED (EC
    /// page 0031-00000053); status, code and message INFERRED.
    pub fn replication_versioning_mismatch() -> Self {
        Self::invalid_argument(
            "The versioning status of the source bucket and the destination bucket must be the same.",
            "0031-00000053",
        )
    }

    /// Changing a bucket between versioned and unversioned while it is the source or the
    /// destination of a replication rule. INFERRED (D-CRR says not to; the error is a guess).
    pub fn replication_versioning_locked() -> Self {
        Self::new(
            409,
            "OperationNotSupported",
            "The versioning status of a bucket cannot be changed while the bucket is used by a data replication rule.",
            "0031-00000053",
        )
    }

    /// Only one rule per source/destination pair. EC CONFIRMED (EC page 0031-00000044); status,
    /// code and message INFERRED.
    pub fn replication_rule_exists() -> Self {
        Self::invalid_argument(
            "A data replication rule already exists between the source bucket and the destination bucket.",
            "0031-00000044",
        )
    }

    /// Overlapping prefixes in one PrefixSet. EC CONFIRMED (EC page 0031-00000019); message
    /// INFERRED.
    pub fn replication_prefix_overlap() -> Self {
        Self::invalid_argument(
            "The prefixes in the PrefixSet overlap with each other.",
            "0031-00000019",
        )
    }

    /// HistoricalObjectReplication is neither `enabled` nor `disabled`. EC CONFIRMED (EC page
    /// 0031-00000011); message INFERRED.
    pub fn replication_invalid_historical(value: &str) -> Self {
        Self::invalid_argument_named(
            "HistoricalObjectReplication",
            value,
            "HistoricalObjectReplication must be enabled or disabled.",
            "0031-00000011",
        )
    }

    /// INFERRED (message and EC): Action other than ALL or PUT.
    pub fn replication_invalid_action(value: &str) -> Self {
        Self::invalid_argument_named(
            "Action",
            value,
            "Action must be ALL or PUT.",
            "0031-00000012",
        )
    }

    /// INFERRED (message and EC): more than 10 prefixes in a rule.
    pub fn replication_too_many_prefixes() -> Self {
        Self::invalid_argument(
            "A data replication rule can have at most 10 prefixes.",
            "0031-00000018",
        )
    }

    /// The docs say source and destination "cannot have the same name"; the error is INFERRED.
    pub fn replication_same_bucket() -> Self {
        Self::invalid_argument(
            "The source bucket and the destination bucket cannot be the same.",
            "0031-00000042",
        )
    }

    /// INFERRED: the destination bucket does not exist.
    pub fn replication_no_destination(bucket: &str) -> Self {
        Self::invalid_argument_named(
            "Destination.Bucket",
            bucket,
            "The destination bucket does not exist.",
            "0031-00000043",
        )
    }

    /// GetBucketReplication on a bucket without rules. Status and code CONFIRMED by the error
    /// table of OSS's GetBucketReplicationProgress page (404 NoSuchReplicationConfiguration,
    /// "no CRR rules are configured"), message CONFIRMED by OSS's error-code reference
    /// ("The bucket you specified does not have replication configuration."); EC INFERRED.
    pub fn no_such_replication_configuration() -> Self {
        Self::new(
            404,
            "NoSuchReplicationConfiguration",
            "The bucket you specified does not have replication configuration.",
            "0031-00000001",
        )
    }

    /// GetBucketReplicationProgress with a `rule-id` the bucket has no rule for. Status and
    /// code CONFIRMED by that page's error table (404 NoSuchReplicationRule), message CONFIRMED
    /// by OSS's error-code reference; EC INFERRED (next to NoSuchReplicationConfiguration's).
    pub fn no_such_replication_rule() -> Self {
        Self::new(
            404,
            "NoSuchReplicationRule",
            "The BucketReplicationRule you specified does not exist.",
            "0031-00000002",
        )
    }

    /// A request the caller's policies do not allow (no Allow statement matches: "implicit
    /// deny"). Status and code CONFIRMED (403 AccessDenied); EC CONFIRMED by the EC page
    /// 0003-00000202 ("not the resource owner and lacks the required permissions in RAM
    /// policies"); the message wording is INFERRED (older OSS answers read "You are forbidden
    /// to list buckets."). `AuthAction` mirrors OSS's AccessDeniedDetail/AuthAction, flattened.
    pub fn access_denied_implicit(action: &str) -> Self {
        Self::new(
            403,
            "AccessDenied",
            format!("You are forbidden to {action}."),
            "0003-00000202",
        )
        .with_detail("AuthAction", action)
    }

    /// A Deny statement matched ("explicit deny"). Message and EC CONFIRMED (EC page
    /// 0003-00000201 sample: "Access denied by bucket policy.").
    pub fn access_denied_explicit(action: &str) -> Self {
        Self::new(
            403,
            "AccessDenied",
            "Access denied by bucket policy.",
            "0003-00000201",
        )
        .with_detail("AuthAction", action)
    }

    /// osslab-only (identity administration of the lab): an access key id already in use.
    pub fn identity_exists(access_key_id: &str) -> Self {
        Self::new(
            409,
            "IdentityAlreadyExists",
            format!("An identity with AccessKeyId {access_key_id} already exists."),
            "0000-00000000",
        )
    }

    /// osslab-only: no identity has this access key id.
    pub fn no_such_identity(access_key_id: &str) -> Self {
        Self::new(
            404,
            "NoSuchIdentity",
            format!("No identity has AccessKeyId {access_key_id}."),
            "0000-00000000",
        )
    }

    /// osslab-only (backups are Cloud Backup's business, not an OSS API): bad schedule.
    pub fn invalid_backup_plan(message: &str) -> Self {
        Self::invalid_argument(message.to_string(), "0000-00000000")
    }

    /// osslab-only: no such snapshot for this bucket.
    pub fn no_such_snapshot(bucket: &str, id: u64) -> Self {
        Self::new(
            404,
            "NoSuchSnapshot",
            format!("Bucket {bucket} has no backup snapshot {id}."),
            "0000-00000000",
        )
    }

    /// osslab-only: the snapshot does not hold this key.
    pub fn snapshot_has_no_key(key: &str) -> Self {
        Self::new(
            404,
            "NoSuchKey",
            "The specified key does not exist in the snapshot.",
            "0026-00000001",
        )
        .with_detail("Key", key)
    }
}
