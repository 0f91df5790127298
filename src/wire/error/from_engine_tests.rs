//! The rows the engine's semantic errors map to: status, Code, EC and the extra headers and
//! elements (these were the engine tests' assertions before the engine stopped speaking
//! HTTP; the wire tests and the SDK suites check the same through whole responses).

use super::*;
use crate::engine::{StorageClass, VersionId};

fn row(e: Error) -> (u16, &'static str, &'static str) {
    let o = OssError::from(e);
    (o.status, o.code, o.ec)
}

const MARKER: VersionId = VersionId::Id { ms: 1, seq: 2 };

#[test]
fn delete_markers_carry_their_headers() {
    let o = OssError::from(Error::DeleteMarker {
        key: "k".into(),
        marker: MARKER,
    });
    assert_eq!(
        (o.status, o.code, o.ec),
        (404, "NoSuchKey", "0026-00000001")
    );
    assert_eq!(
        o.headers,
        vec![
            ("x-oss-delete-marker", "true".to_string()),
            ("x-oss-version-id", MARKER.render()),
        ]
    );
    for (op, method) in [
        (ObjectOp::GetObject, "GET"),
        (ObjectOp::HeadObject, "HEAD"),
        (ObjectOp::GetSymlink, "GET"),
        (ObjectOp::RestoreObject, "POST"),
        (ObjectOp::CleanRestoredObject, "POST"),
        (ObjectOp::PutObjectAcl, "PUT"),
    ] {
        let o = OssError::from(Error::DeleteMarkerNotAllowed { op, marker: MARKER });
        assert_eq!((o.status, o.code), (405, "MethodNotAllowed"));
        assert!(o.details.contains(&("Method", method.to_string())));
        assert!(o
            .headers
            .contains(&("x-oss-delete-marker", "true".to_string())));
    }
    assert_eq!(
        row(Error::CopySourceIsDeleteMarker),
        (404, "NoSuchKey", "0016-00000307")
    );
}

#[test]
fn overwrite_protection_has_an_ec_per_write() {
    for (write, ec) in [
        (WriteOp::PutObject, "0026-00000002"),
        (WriteOp::CopyObject, "0026-00000201"),
        (WriteOp::InitiateMultipartUpload, "0042-00000201"),
        (WriteOp::CompleteMultipartUpload, "0042-00000214"),
    ] {
        assert_eq!(
            row(Error::ObjectExists { write }),
            (409, "FileAlreadyExists", ec)
        );
    }
    assert_eq!(
        row(Error::ObjectExists {
            write: WriteOp::PutSymlink
        })
        .1,
        "FileAlreadyExists"
    );
}

#[test]
fn append_rows() {
    let o = OssError::from(Error::PositionNotEqualToLength { length: 3 });
    assert_eq!((o.status, o.code), (409, "PositionNotEqualToLength"));
    assert_eq!(
        o.headers,
        vec![("x-oss-next-append-position", "3".to_string())]
    );
    assert_eq!(
        row(Error::ObjectNotAppendable),
        (409, "ObjectNotAppendable", "0026-00000017")
    );
    assert_eq!(
        row(Error::AppendStorageClass {
            class: StorageClass::ColdArchive
        })
        .0,
        400
    );
    assert_eq!(
        row(Error::AppendStorageClass {
            class: StorageClass::DeepColdArchive
        })
        .2,
        "0016-00000503"
    );
    assert_eq!(row(Error::AppendTooLarge).1, "EntityTooLarge");
    assert_eq!(row(Error::DigestMismatch).1, "InvalidDigest");
}

#[test]
fn archive_rows() {
    let days = |class| row(Error::RestoreDaysOutOfRange { class }).2;
    assert_eq!(days(StorageClass::Archive), "0016-00000708");
    assert_eq!(days(StorageClass::ColdArchive), "0016-00000704");
    assert_eq!(
        row(Error::InvalidRestoreTier {
            tier: "Bulk".into()
        })
        .2,
        "0016-00000703"
    );
    assert_eq!(row(Error::RestoreNotArchive).2, "0016-00000702");
    assert_eq!(row(Error::RestoreTierLowered).2, "0016-00000715");
    assert_eq!(row(Error::RestoreAlreadyInProgress).2, "0016-00000701");
    assert_eq!(
        row(Error::ArchiveRestoreFileStale),
        (409, "ArchiveRestoreFileStale", "0016-00000718")
    );
    assert_eq!(
        row(Error::ArchiveRestoreNotFinished),
        (409, "ArchiveRestoreNotFinished", "0016-00000719")
    );
    assert_eq!(row(Error::RestoreTierOnArchive).1, "MalformedXML");
    assert_eq!(
        row(Error::ObjectFrozen),
        (403, "InvalidObjectState", "0016-00000404")
    );
}

#[test]
fn reads_and_versions() {
    assert_eq!(
        row(Error::NoSuchKey { key: "k".into() }),
        (404, "NoSuchKey", "0026-00000001")
    );
    assert_eq!(
        row(Error::NoSuchVersion {
            key: "k".into(),
            version: MARKER
        }),
        (404, "NoSuchVersion", "0012-00000203")
    );
    assert_eq!(
        row(Error::VersioningNotEnabled { version: MARKER }),
        (400, "InvalidArgument", "0012-00000301")
    );
    assert_eq!(
        row(Error::InvalidVersionId { text: "234".into() }),
        (400, "InvalidArgument", "0012-00000202")
    );
    assert_eq!(
        row(Error::InvalidKey(KeyProblem::TooLong)),
        (400, "InvalidObjectName", "0016-00000003")
    );
    assert_eq!(row(Error::RangeNotSatisfiable).0, 416);
    assert_eq!(row(Error::NotModified).0, 304);
    for (condition, header) in [
        (Condition::IfMatch, "If-Match"),
        (Condition::IfNoneMatch, "If-None-Match"),
        (Condition::IfModifiedSince, "If-Modified-Since"),
        (Condition::IfUnmodifiedSince, "If-Unmodified-Since"),
    ] {
        let o = OssError::from(Error::PreconditionFailed { condition });
        assert_eq!(o.status, 412);
        assert_eq!(o.details, vec![("Condition", header.to_string())]);
    }
    assert_eq!(
        row(Error::InvalidMaxKeys {
            argument: "max-keys".into(),
            value: "0".into()
        }),
        (400, "InvalidArgument", "0017-00000101")
    );
}

#[test]
fn multipart_rows() {
    let upload = |op| {
        row(Error::NoSuchUpload {
            upload_id: "u".into(),
            op,
        })
    };
    assert_eq!(
        upload(UploadOp::Abort),
        (404, "NoSuchUpload", "0042-00000002")
    );
    assert_eq!(upload(UploadOp::UploadPart).2, "0042-00000104");
    assert_eq!(upload(UploadOp::UploadPartCopy).2, "0042-00000311");
    assert_eq!(
        row(Error::InvalidPartNumber { number: 0 }).2,
        "0017-00000220"
    );
    assert_eq!(row(Error::InvalidPartOrder).1, "InvalidPartOrder");
    assert_eq!(row(Error::InvalidPart { part_number: 1 }).1, "InvalidPart");
    assert_eq!(row(Error::PartTooSmall).1, "EntityTooSmall");
    assert_eq!(row(Error::EmptyPartList).1, "MalformedXML");
}

#[test]
fn acl_tag_and_access_rows() {
    assert_eq!(
        row(Error::InvalidObjectAcl {
            value: "Private".into()
        })
        .2,
        "0017-00000104"
    );
    assert_eq!(row(Error::MissingObjectAcl).2, "0017-00000105");
    assert_eq!(
        row(Error::InvalidBucketAcl {
            value: "default".into()
        })
        .2,
        "0015-00000204"
    );
    assert_eq!(
        row(Error::InvalidTags(TagProblem::TooMany { max: 10 })).1,
        "InvalidTag"
    );
    assert_eq!(
        row(Error::InvalidTags(TagProblem::KeyTooLong { max: 128 })).2,
        "0010-00000209"
    );
    assert_eq!(
        row(Error::InvalidTags(TagProblem::ValueTooLong { max: 256 })).2,
        "0010-00000217"
    );
    assert_eq!(
        row(Error::InvalidTaggingHeader {
            text: "aa=bb=cc".into()
        })
        .2,
        "0010-00000219"
    );
    let denied = |by| {
        OssError::from(Error::AccessDenied {
            action: "oss:PutObject".into(),
            by,
        })
    };
    let implicit = denied(Denial::Implicit);
    assert_eq!(
        (implicit.status, implicit.code, implicit.ec),
        (403, "AccessDenied", "0003-00000202")
    );
    assert!(implicit
        .details
        .contains(&("AuthAction", "oss:PutObject".to_string())));
    assert_eq!(denied(Denial::Explicit).ec, "0003-00000201");
    assert_eq!(
        row(Error::IdentityExists {
            access_key_id: "AK".into()
        })
        .0,
        409
    );
    assert_eq!(
        row(Error::NoSuchIdentity {
            access_key_id: "AK".into()
        })
        .0,
        404
    );
}

#[test]
fn configuration_rows() {
    assert_eq!(
        row(Error::InvalidCors(CorsProblem::NoRules)),
        (400, "MalformedXML", "0034-00000002")
    );
    let replication = |p| row(Error::InvalidReplication(p));
    assert_eq!(
        replication(ReplicationProblem::VersioningMismatch),
        (400, "InvalidArgument", "0031-00000053")
    );
    assert_eq!(
        replication(ReplicationProblem::SameBucket).1,
        "InvalidArgument"
    );
    assert_eq!(
        replication(ReplicationProblem::NoDestination {
            bucket: "nope".into()
        })
        .0,
        400
    );
    assert_eq!(
        replication(ReplicationProblem::PrefixOverlap).2,
        "0031-00000019"
    );
    assert_eq!(replication(ReplicationProblem::TooManyPrefixes).0, 400);
    assert_eq!(
        replication(ReplicationProblem::RuleExists).2,
        "0031-00000044"
    );
    assert_eq!(row(Error::ReplicationVersioningLocked).0, 409);
    let lifecycle = |p| row(Error::InvalidLifecycle(p));
    assert_eq!(
        lifecycle(LifecycleProblem::NoAction),
        (400, "InvalidArgument", "0034-00000002")
    );
    assert_eq!(lifecycle(LifecycleProblem::RuleCount).1, "MalformedXML");
    assert_eq!(
        lifecycle(LifecycleProblem::TagKeyCharacter).2,
        "0014-00000031"
    );
    assert_eq!(
        lifecycle(LifecycleProblem::MixedTimeKinds).1,
        "InvalidRequest"
    );
    assert_eq!(
        row(Error::InvalidBackupPlan(BackupPlanProblem::NoPlan)).0,
        400
    );
    assert_eq!(
        row(Error::NoSuchSnapshot {
            bucket: "b".into(),
            id: 99
        })
        .0,
        404
    );
    assert_eq!(
        row(Error::SnapshotHasNoKey { key: "k".into() }).1,
        "NoSuchKey"
    );
    assert_eq!(row(Error::VersioningCannotBeUnset).1, "MalformedXML");
}
