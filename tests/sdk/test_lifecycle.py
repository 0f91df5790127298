"""Lifecycle rules with the real oss2 SDK, and their effect after moving the virtual clock."""

import datetime
import email.utils

import oss2
import pytest
from oss2.models import (
    BucketLifecycle,
    LifecycleExpiration,
    LifecycleRule,
    NoncurrentVersionExpiration,
)

from osstest import assert_oss_error

DAY = 86400


def test_put_get_delete_lifecycle(new_bucket):
    b = new_bucket
    with pytest.raises(oss2.exceptions.NoSuchLifecycle) as e:
        b.get_bucket_lifecycle()
    assert_oss_error(e.value, 404, "NoSuchLifecycle", "0034-00000001")
    rules = [
        LifecycleRule("expire-logs", "logs/", status=LifecycleRule.ENABLED, expiration=LifecycleExpiration(days=3)),
        LifecycleRule(
            "old-versions",
            "data/",
            status=LifecycleRule.DISABLED,
            noncurrent_version_expiration=NoncurrentVersionExpiration(5),
        ),
        LifecycleRule("markers", "", expiration=LifecycleExpiration(expired_detete_marker=True)),
    ]
    assert b.put_bucket_lifecycle(BucketLifecycle(rules)).status == 200
    got = b.get_bucket_lifecycle().rules
    assert [(r.id, r.prefix, r.status) for r in got] == [
        ("expire-logs", "logs/", "Enabled"),
        ("old-versions", "data/", "Disabled"),
        ("markers", "", "Enabled"),
    ]
    assert got[0].expiration.days == 3
    assert got[1].noncurrent_version_expiration.noncurrent_days == 5
    assert got[2].expiration.expired_detete_marker is True
    assert b.delete_bucket_lifecycle().status == 204
    with pytest.raises(oss2.exceptions.NoSuchLifecycle):
        b.get_bucket_lifecycle()


def test_invalid_lifecycle_is_rejected(new_bucket):
    b = new_bucket
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        b.put_bucket_lifecycle(
            BucketLifecycle([LifecycleRule("zero", "x/", expiration=LifecycleExpiration(days=0))])
        )
    assert_oss_error(e.value, 400, "InvalidArgument", "0034-00000002")
    with pytest.raises(oss2.exceptions.NoSuchLifecycle):
        b.get_bucket_lifecycle()


def midnight_after(t):
    day = t.replace(hour=0, minute=0, second=0, microsecond=0)
    return day if day == t else day + datetime.timedelta(days=1)


def test_expiration_header_and_effect_in_a_versioned_bucket(versioned_bucket, clock):
    b = versioned_bucket
    b.put_bucket_lifecycle(
        BucketLifecycle([LifecycleRule("r1", "logs/", expiration=LifecycleExpiration(days=1))])
    )
    t = clock.now()
    v1 = b.put_object("logs/a.log", b"log").versionid
    keep = b.put_object("keep.txt", b"k").versionid
    exp = b.head_object("logs/a.log").headers["x-oss-expiration"]
    expected_date = midnight_after(t) + datetime.timedelta(days=1)
    assert exp == f'expiry-date="{email.utils.format_datetime(expected_date, usegmt=True)}", rule-id="r1"'
    assert "x-oss-expiration" not in b.head_object("keep.txt").headers

    clock.advance(2 * DAY + 60)
    # Expiration in an Enabled bucket: a delete marker on top, the data kept as noncurrent.
    listing = b.list_object_versions(prefix="logs/")
    assert [(v.versionid, v.is_latest) for v in listing.versions] == [(v1, False)]
    assert [m.is_latest for m in listing.delete_marker] == [True]
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.get_object("logs/a.log")
    assert b.get_object("logs/a.log", params={"versionId": v1}).read() == b"log"
    assert b.get_object("keep.txt").versionid == keep


def test_noncurrent_expiration_and_expired_markers(versioned_bucket, clock):
    b = versioned_bucket
    b.put_bucket_lifecycle(
        BucketLifecycle(
            [
                LifecycleRule(
                    "nc",
                    "",
                    noncurrent_version_expiration=NoncurrentVersionExpiration(1),
                    expiration=LifecycleExpiration(expired_detete_marker=True),
                )
            ]
        )
    )
    b.put_object("k", b"1")
    v2 = b.put_object("k", b"2").versionid
    b.put_object("gone", b"g")
    b.delete_object("gone")
    clock.advance(2 * DAY + 60)
    listing = b.list_object_versions()
    # k: the noncurrent version expired, the current one stays.
    assert [(v.key, v.versionid, v.is_latest) for v in listing.versions] == [("k", v2, True)]
    # gone: its data version expired as noncurrent, leaving a lone ("expired") marker...
    assert [m.key for m in listing.delete_marker] in (["gone"], [])
    # ...which the ExpiredObjectDeleteMarker action removes at a following daily run.
    clock.advance(DAY)
    listing = b.list_object_versions()
    assert listing.delete_marker == []
    assert [v.versionid for v in listing.versions] == [v2]


def test_expiration_in_an_unversioned_bucket_deletes(new_bucket, clock):
    b = new_bucket
    b.put_bucket_lifecycle(
        BucketLifecycle([LifecycleRule("tmp", "tmp/", expiration=LifecycleExpiration(days=1))])
    )
    b.put_object("tmp/x", b"x")
    b.put_object("other", b"o")
    clock.advance(2 * DAY + 60)
    assert [o.key for o in b.list_objects().object_list] == ["other"]
    assert b.list_object_versions().delete_marker == []


def test_transition_to_cold_archive_and_abort_uploads(new_bucket, clock):
    b = new_bucket
    b.put_bucket_lifecycle(
        BucketLifecycle(
            [
                LifecycleRule(
                    "cold",
                    "data/",
                    storage_transitions=[
                        oss2.models.StorageTransition(days=1, storage_class=oss2.BUCKET_STORAGE_CLASS_COLD_ARCHIVE)
                    ],
                    abort_multipart_upload=oss2.models.AbortMultipartUpload(days=1),
                )
            ]
        )
    )
    b.put_object("data/x", b"x")
    b.put_object("other", b"o")
    b.init_multipart_upload("data/upload")
    b.init_multipart_upload("keep/upload")
    clock.advance(2 * DAY + 60)
    head = b.head_object("data/x")
    assert head.headers["x-oss-storage-class"] == "ColdArchive"
    assert email.utils.parsedate_to_datetime(head.headers["x-oss-transition-time"])
    assert b.head_object("other").headers["x-oss-storage-class"] == "Standard"
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("data/x")
    assert e.value.code == "InvalidObjectState"
    resp = b._do("GET", b.bucket_name, "", params={"list-type": "2", "prefix": "data/"})
    body = resp.read().decode()
    assert "<StorageClass>ColdArchive</StorageClass>" in body
    assert "<TransitionTime>" in body and ".000Z</TransitionTime>" in body
    assert [u.key for u in b.list_multipart_uploads().upload_list] == ["keep/upload"]


def test_expiration_in_a_suspended_bucket_adds_a_null_marker(versioned_bucket, clock):
    """Suspended: expiring the current null version replaces it with a null delete marker;
    older (non-null) versions stay."""
    b = versioned_bucket
    v1 = b.put_object("logs/a", b"enabled").versionid
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Suspended"))
    b.put_object("logs/a", b"null")
    b.put_bucket_lifecycle(
        BucketLifecycle([LifecycleRule("r", "logs/", expiration=LifecycleExpiration(days=1))])
    )
    clock.advance(2 * DAY + 60)
    listing = b.list_object_versions()
    assert [(m.versionid, m.is_latest) for m in listing.delete_marker] == [("null", True)]
    assert [(v.versionid, v.is_latest) for v in listing.versions] == [(v1, False)]


def test_noncurrent_days_count_from_when_the_version_became_noncurrent(versioned_bucket, clock):
    b = versioned_bucket
    b.put_bucket_lifecycle(
        BucketLifecycle(
            [LifecycleRule("nc", "", noncurrent_version_expiration=NoncurrentVersionExpiration(3))]
        )
    )
    v1 = b.put_object("k", b"old").versionid
    clock.advance(10 * DAY)  # v1 is old, but still current: nothing happens
    assert [v.versionid for v in b.list_object_versions().versions] == [v1]
    v2 = b.put_object("k", b"new").versionid  # v1 noncurrent from now
    clock.advance(2 * DAY)
    assert [v.versionid for v in b.list_object_versions().versions] == [v2, v1]
    clock.advance(3 * DAY)
    assert [v.versionid for v in b.list_object_versions().versions] == [v2]
