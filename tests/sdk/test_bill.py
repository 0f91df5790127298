"""The storage bill over the wire (`GET /_osslab/bill?bucket=B`) after real oss2 operations and
moves of the server's virtual clock: noncurrent versions keep costing until a lifecycle rule
removes them, and cleaning a restored Cold Archive object ends its replica's charge."""

import json
import urllib.error
import urllib.request

import pytest
from oss2.models import (
    BucketLifecycle,
    LifecycleRule,
    NoncurrentVersionExpiration,
    RestoreConfiguration,
    RestoreJobParameters,
)

HOUR = 3600
DAY = 86400
# The virtual clock also follows real time: allow a minute of it per reading.
SLACK_HOURS = 1 / 60


def bill(endpoint, bucket):
    url = f"{endpoint}/_osslab/bill?bucket={bucket.bucket_name}"
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200
        assert r.headers["Content-Type"] == "application/json"
        return json.loads(r.read())


def byte_hours(b, cls, line):
    return sum(s["byte_hours"] for s in b["storage"] if s["class"] == cls and s["line"] == line)


def test_noncurrent_versions_bill_and_requests_are_counted(endpoint, versioned_bucket, clock):
    b = versioned_bucket
    b.put_object("k", b"a" * 1000)
    b.put_object("k", b"b" * 400)
    assert b.get_object("k").read() == b"b" * 400
    clock.advance(10 * HOUR)
    got = bill(endpoint, b)
    assert 1000 * 10 <= byte_hours(got, "Standard", "noncurrent") <= 1000 * (10 + SLACK_HOURS)
    assert 400 * 10 <= byte_hours(got, "Standard", "current") <= 400 * (10 + 2 * SLACK_HOURS)
    # PutBucket, PutBucketVersioning and two PutObject; one GetObject.
    assert got["requests"]["put"] == 4
    assert got["requests"]["get"] == 1
    assert got["currency"] == "CNY"
    assert got["total"] > 0
    assert got["top_keys"][0]["key"] == "k"


def test_a_noncurrent_expiration_rule_flattens_the_bill(endpoint, versioned_bucket, clock):
    b = versioned_bucket
    b.put_bucket_lifecycle(
        BucketLifecycle(
            [LifecycleRule("nc", "", status=LifecycleRule.ENABLED,
                           noncurrent_version_expiration=NoncurrentVersionExpiration(1))]
        )
    )
    b.put_object("k", b"a" * 1000)
    b.put_object("k", b"b" * 1000)
    clock.advance(5 * DAY)
    before = byte_hours(bill(endpoint, b), "Standard", "noncurrent")
    assert 0 < before <= 1000 * 48
    clock.advance(30 * DAY)
    after = bill(endpoint, b)
    assert byte_hours(after, "Standard", "noncurrent") == before
    assert not any(s["line"] == "noncurrent" for s in after["stored"])


def test_cleaning_a_restored_cold_object_stops_the_replica_charge(endpoint, new_bucket, clock):
    b = new_bucket
    size = 100 * 1024
    b.put_object("cold", b"c" * size, headers={"x-oss-storage-class": "ColdArchive"})
    b.restore_object(
        "cold", input=RestoreConfiguration(days=5, job_parameters=RestoreJobParameters("Expedited"))
    )
    clock.advance(2 * HOUR)  # completes after 1 hour
    b._do("POST", b.bucket_name, "cold", params={"cleanRestoredObject": ""})
    clock.advance(10 * DAY)
    got = bill(endpoint, b)
    replica = byte_hours(got, "ColdArchive", "restored_replica")
    assert size * 1 <= replica <= size * (1 + 2 * SLACK_HOURS)
    [r] = got["retrieval"]
    assert (r["class"], r["tier"], r["bytes"], r["requests"]) == ("ColdArchive", "Expedited", size, 1)
    # Expedited: 0.2 CNY/GB retrieved and 30 CNY per 10,000 requests (list prices).
    assert r["cost"] == pytest.approx(size / 2**30 * 0.2 + 30 / 10000)


def test_unknown_bucket_is_a_json_404(endpoint):
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{endpoint}/_osslab/bill?bucket=no-such-bucket-here", timeout=10)
    assert e.value.code == 404
    assert json.loads(e.value.read())["error"] == "NoSuchBucket"
