"""Archive / Cold Archive / Deep Cold Archive: RestoreObject and CleanRestoredObject with the real
SDKs, time moved with the server's virtual clock (`POST /_osslab/clock/advance`)."""

import datetime
import email.utils
import re

import alibabacloud_oss_v2 as oss
import oss2
import pytest
from oss2.models import BucketVersioningConfig, RestoreConfiguration, RestoreJobParameters

from osstest import assert_oss_error, service_error

DAY = 86400
IN_PROGRESS = 'ongoing-request="true"'
RESTORED = re.compile(r'^ongoing-request="false", expiry-date="([A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT)"$')


def expiry_of(header):
    m = RESTORED.match(header or "")
    assert m, f"x-oss-restore {header!r} is not the restored form"
    return email.utils.parsedate_to_datetime(m.group(1))


def assert_expiry_between(header, earliest, latest):
    """The expiry date, to the second, lies in [earliest, latest] (the request's own time
    is only known between the clock reads around it)."""
    exp = expiry_of(header)
    lo = earliest.replace(microsecond=0)
    hi = latest.replace(microsecond=0) + datetime.timedelta(seconds=1)
    assert lo <= exp <= hi, f"{exp} not in [{lo}, {hi}]"
    return exp


def restore_header(bucket, key, **kw):
    return bucket.head_object(key, **kw).headers.get("x-oss-restore")


def clean(bucket, key, params=None):
    p = {"cleanRestoredObject": ""}
    p.update(params or {})
    return bucket._do("POST", bucket.bucket_name, key, params=p)


def test_archive_restore_cycle(new_bucket, clock):
    b = new_bucket
    b.put_object("frozen.txt", b"archived bytes", headers={"x-oss-storage-class": "Archive"})
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("frozen.txt")
    assert_oss_error(e.value, 403, "InvalidObjectState", "0016-00000404")
    assert restore_header(b, "frozen.txt") is None
    assert b.list_objects().object_list[0].restore_info is None

    t_a = clock.now()
    r = b.restore_object("frozen.txt")
    t_b = clock.now()
    assert r.status == 202
    assert "x-oss-object-restore-priority" not in r.headers  # Archive has no tiers
    with pytest.raises(oss2.exceptions.RestoreAlreadyInProgress) as e:
        b.restore_object("frozen.txt")
    assert_oss_error(e.value, 409, "RestoreAlreadyInProgress", "0016-00000701")
    assert e.value.message == "The restore operation is in progress."

    assert restore_header(b, "frozen.txt") == IN_PROGRESS
    assert b.list_objects().object_list[0].restore_info == IN_PROGRESS
    assert b.list_object_versions().versions[0].restore_info == IN_PROGRESS
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("frozen.txt")
    assert_oss_error(e.value, 403, "InvalidObjectState", "0016-00000404")

    clock.advance(61)  # Archive restores take a minute
    header = restore_header(b, "frozen.txt")
    restored_for = datetime.timedelta(seconds=60 + DAY)
    exp = assert_expiry_between(header, t_a + restored_for, t_b + restored_for)
    assert b.list_objects().object_list[0].restore_info == header
    assert b.list_objects_v2().object_list[0].restore_info == header
    assert b.get_object("frozen.txt").read() == b"archived bytes"
    b.copy_object(b.bucket_name, "frozen.txt", "thawed.txt", headers={"x-oss-storage-class": "Standard"})
    assert b.get_object("thawed.txt").read() == b"archived bytes"

    # Restoring a restored object extends it: 200, one more day.
    r = b.restore_object("frozen.txt", input=RestoreConfiguration(days=1))
    assert r.status == 200
    assert expiry_of(restore_header(b, "frozen.txt")) == exp + datetime.timedelta(days=1)

    # Past the expiry the object is frozen again.
    clock.advance(3 * DAY)
    assert restore_header(b, "frozen.txt") is None
    assert b.list_objects().object_list[0].restore_info is None
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("frozen.txt")
    assert e.value.code == "InvalidObjectState"
    assert b.restore_object("frozen.txt").status == 202


def test_restore_days_limits(new_bucket):
    b = new_bucket
    b.put_object("a", b"x", headers={"x-oss-storage-class": "Archive"})
    b.put_object("c", b"x", headers={"x-oss-storage-class": "ColdArchive"})
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        b.restore_object("a", input=RestoreConfiguration(days=8))
    assert_oss_error(e.value, 400, "InvalidArgument", "0016-00000708")
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        b.restore_object("c", input=RestoreConfiguration(days=366))
    assert_oss_error(e.value, 400, "InvalidArgument", "0016-00000704")
    assert b.restore_object("a", input=RestoreConfiguration(days=7)).status == 202
    assert b.restore_object("c", input=RestoreConfiguration(days=365)).status == 202


def test_cold_archive_tiers_and_priority(new_bucket, clock):
    b = new_bucket
    b.put_object("cold", b"brr", headers={"x-oss-storage-class": "ColdArchive"})
    r = b.restore_object(
        "cold", input=RestoreConfiguration(days=2, job_parameters=RestoreJobParameters("Bulk"))
    )
    assert r.status == 202
    assert r.headers["x-oss-object-restore-priority"] == "Bulk"
    # Raising the priority while restoring is accepted.
    t_a = clock.now()
    r = b.restore_object(
        "cold", input=RestoreConfiguration(days=2, job_parameters=RestoreJobParameters("Expedited"))
    )
    t_b = clock.now()
    assert r.status == 202
    assert r.headers["x-oss-object-restore-priority"] == "Expedited"
    # Lowering it is refused; the same tier is "in progress".
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.restore_object(
            "cold", input=RestoreConfiguration(days=2, job_parameters=RestoreJobParameters("Standard"))
        )
    assert_oss_error(e.value, 400, "InvalidArgument", "0016-00000715")
    with pytest.raises(oss2.exceptions.RestoreAlreadyInProgress) as e:
        b.restore_object(
            "cold", input=RestoreConfiguration(days=2, job_parameters=RestoreJobParameters("Expedited"))
        )
    assert_oss_error(e.value, 409, "RestoreAlreadyInProgress", "0016-00000701")
    assert restore_header(b, "cold") == IN_PROGRESS

    clock.advance(3599 - 5)
    # Expedited takes an hour from the raise: not yet (the raise happened at most a few
    # seconds before t_b).
    assert restore_header(b, "cold") == IN_PROGRESS
    clock.advance(10)
    span = datetime.timedelta(hours=1, days=2)
    assert_expiry_between(restore_header(b, "cold"), t_a + span, t_b + span)
    assert b.get_object("cold").read() == b"brr"


def test_deep_cold_archive_tiers(new_bucket):
    b = new_bucket
    b.put_object("deep", b"x", headers={"x-oss-storage-class": "DeepColdArchive"})
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        b.restore_object("deep", input=RestoreConfiguration(days=1, job_parameters=RestoreJobParameters("Bulk")))
    assert_oss_error(e.value, 400, "InvalidArgument", "0016-00000703")
    r = b.restore_object("deep", input=RestoreConfiguration(days=1))
    assert (r.status, r.headers["x-oss-object-restore-priority"]) == (202, "Standard")


def test_restore_errors(new_bucket):
    b = new_bucket
    b.put_object("std", b"x")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.restore_object("std")
    assert_oss_error(e.value, 400, "OperationNotSupported", "0016-00000702")
    with pytest.raises(oss2.exceptions.NoSuchKey) as e:
        b.restore_object("missing")
    assert_oss_error(e.value, 404, "NoSuchKey", "0026-00000001")


def test_restore_a_specific_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("k", b"old", headers={"x-oss-storage-class": "Archive"}).versionid
    v2 = b.put_object("k", b"new").versionid
    r = b.restore_object("k", params={"versionId": v1})
    assert (r.status, r.versionid) == (202, v1)
    assert restore_header(b, "k", params={"versionId": v1}) == IN_PROGRESS
    assert restore_header(b, "k") is None
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.restore_object("k")  # the current version is Standard
    assert e.value.ec == "0016-00000702"
    assert b.get_object("k").versionid == v2


def test_clean_restored_object_three_outcomes(new_bucket, clock):
    b = new_bucket
    b.put_object("cold", b"c", headers={"x-oss-storage-class": "ColdArchive"})
    # 1. never restored
    with pytest.raises(oss2.exceptions.ServerError) as e:
        clean(b, "cold")
    assert_oss_error(e.value, 409, "ArchiveRestoreFileStale", "0016-00000718")
    assert e.value.message == "The archive file or restore info stale"
    # 2. restoring
    b.restore_object("cold", input=RestoreConfiguration(days=1, job_parameters=RestoreJobParameters("Expedited")))
    with pytest.raises(oss2.exceptions.ServerError) as e:
        clean(b, "cold")
    assert_oss_error(e.value, 409, "ArchiveRestoreNotFinished", "0016-00000719")
    assert e.value.message == "The archive file's restore is not finished."
    # 3. restored → 200, empty body, frozen again
    clock.advance(3601)
    assert b.get_object("cold").read() == b"c"
    resp = clean(b, "cold")
    assert resp.status == 200
    assert resp.read() == b""
    assert restore_header(b, "cold") is None
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("cold")
    assert e.value.code == "InvalidObjectState"
    # Cleaning again: stale.
    with pytest.raises(oss2.exceptions.ServerError) as e:
        clean(b, "cold")
    assert e.value.ec == "0016-00000718"
    # A Standard object has no restore info: stale as well (osslab decision).
    b.put_object("std", b"s")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        clean(b, "std")
    assert_oss_error(e.value, 409, "ArchiveRestoreFileStale", "0016-00000718")


def test_clean_restored_object_by_version(versioned_bucket, clock):
    b = versioned_bucket
    v1 = b.put_object("k", b"1", headers={"x-oss-storage-class": "Archive"}).versionid
    b.put_object("k", b"2", headers={"x-oss-storage-class": "Archive"})
    b.restore_object("k", params={"versionId": v1})
    clock.advance(61)
    resp = clean(b, "k", params={"versionId": v1})
    assert resp.status == 200
    assert resp.headers["x-oss-version-id"] == v1
    assert restore_header(b, "k", params={"versionId": v1}) is None


# ---- the v2 SDK --------------------------------------------------------------------------------


def test_v2_restore_and_clean(v2_client, new_bucket, clock):
    name = new_bucket.bucket_name
    v2_client.put_object(
        oss.PutObjectRequest(bucket=name, key="cold.bin", body=b"v2 cold", storage_class="ColdArchive")
    )
    with pytest.raises(oss.exceptions.OperationError) as e:
        v2_client.clean_restored_object(oss.CleanRestoredObjectRequest(bucket=name, key="cold.bin"))
    err = service_error(e)
    assert (err.status_code, err.code, err.ec) == (409, "ArchiveRestoreFileStale", "0016-00000718")

    r = v2_client.restore_object(
        oss.RestoreObjectRequest(
            bucket=name,
            key="cold.bin",
            restore_request=oss.RestoreRequest(days=3, tier="Expedited"),
        )
    )
    assert r.status_code == 202
    assert r.restore_priority == "Expedited"
    with pytest.raises(oss.exceptions.OperationError) as e:
        v2_client.restore_object(oss.RestoreObjectRequest(bucket=name, key="cold.bin"))
    err = service_error(e)
    assert (err.status_code, err.code, err.ec) == (409, "RestoreAlreadyInProgress", "0016-00000701")
    head = v2_client.head_object(oss.HeadObjectRequest(bucket=name, key="cold.bin"))
    assert head.restore == IN_PROGRESS
    with pytest.raises(oss.exceptions.OperationError) as e:
        v2_client.clean_restored_object(oss.CleanRestoredObjectRequest(bucket=name, key="cold.bin"))
    err = service_error(e)
    assert (err.status_code, err.code, err.ec) == (409, "ArchiveRestoreNotFinished", "0016-00000719")

    clock.advance(3601)
    head = v2_client.head_object(oss.HeadObjectRequest(bucket=name, key="cold.bin"))
    assert RESTORED.match(head.restore)
    got = v2_client.get_object(oss.GetObjectRequest(bucket=name, key="cold.bin"))
    assert got.body.read() == b"v2 cold"
    r = v2_client.clean_restored_object(oss.CleanRestoredObjectRequest(bucket=name, key="cold.bin"))
    assert r.status_code == 200
    head = v2_client.head_object(oss.HeadObjectRequest(bucket=name, key="cold.bin"))
    assert head.restore is None
