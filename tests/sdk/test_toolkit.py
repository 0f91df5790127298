"""The data-protection toolkit with oss2: replication rules (put/get/progress/delete) applied on
the server's virtual clock, and a read-only identity (created through /_osslab/identities)
that can read but gets 403 AccessDenied for writes and deletes."""

import json
import urllib.request
import uuid

import oss2
import pytest
from oss2.models import BucketVersioningConfig, ReplicationRule

from conftest import ACCESS_KEY_ID, ACCESS_KEY_SECRET
from osstest import assert_oss_error, empty_and_delete

DELAY = 61  # the lab's replication delay is 60 s of virtual time


@pytest.fixture
def pair(endpoint, auth, bucket_name):
    """Two fresh buckets: (source, destination)."""
    src = oss2.Bucket(auth, endpoint, bucket_name, is_path_style=True)
    dst = oss2.Bucket(auth, endpoint, bucket_name[:50] + "-dst", is_path_style=True)
    src.create_bucket()
    dst.create_bucket()
    yield src, dst
    for b in (src, dst):
        try:
            for r in b.get_bucket_replication().rule_list:
                b.delete_bucket_replication(r.rule_id)
        except oss2.exceptions.OssError:
            pass
        empty_and_delete(b)


def rule(dst, action, rule_id="rule-1", historical=False, prefixes=None):
    return ReplicationRule(
        rule_id=rule_id,
        target_bucket_name=dst.bucket_name,
        target_bucket_location="oss-cn-hangzhou",
        action_list=[action],
        prefix_list=prefixes,
        is_enable_historical_object_replication=historical,
    )


def test_rule_round_trip_and_progress(pair, clock):
    src, dst = pair
    src.put_object("video/old.mp4", b"old")
    src.put_bucket_replication(rule(dst, ReplicationRule.PUT, historical=True, prefixes=["video/"]))
    got = src.get_bucket_replication().rule_list
    assert len(got) == 1
    r = got[0]
    assert (r.rule_id, r.target_bucket_name, r.action_list, r.prefix_list) == (
        "rule-1",
        dst.bucket_name,
        ["PUT"],
        ["video/"],
    )
    assert r.is_enable_historical_object_replication is True
    assert r.status == "starting"
    clock.advance(DELAY)
    p = src.get_bucket_replication_progress("rule-1").progress
    assert (p.status, p.historical_object_progress) == ("doing", 1.0)
    assert dst.get_object("video/old.mp4").read() == b"old"
    # oss2 maps this code to its own exception class.
    with pytest.raises(oss2.exceptions.NoSuchReplicationRule):
        src.get_bucket_replication_progress("no-such-rule")
    src.delete_bucket_replication("rule-1")
    with pytest.raises(oss2.exceptions.OssError) as e:
        src.get_bucket_replication()
    assert (e.value.status, e.value.code) == (404, "NoSuchReplicationConfiguration")


@pytest.mark.parametrize("action", ["ALL", "PUT"])
def test_versioned_deletes_follow_the_policy(pair, clock, action):
    src, dst = pair
    for b in pair:
        b.put_bucket_versioning(BucketVersioningConfig("Enabled"))
    src.put_bucket_replication(rule(dst, action))
    v1 = src.put_object("k", b"one").versionid
    v2 = src.put_object("k", b"two").versionid
    clock.advance(DELAY)
    assert dst.get_object("k").versionid == v2, "replicas keep the source's version id"
    src.delete_object("k", params={"versionId": v2})
    src.delete_object("other-missing")
    clock.advance(DELAY)
    expected = b"one" if action == "ALL" else b"two"
    assert dst.get_object("k").read() == expected
    src.delete_object("k")  # a delete marker: replicated under both policies
    clock.advance(DELAY)
    with pytest.raises(oss2.exceptions.NoSuchKey):
        dst.get_object("k")
    assert dst.get_object("k", params={"versionId": v1}).read() == b"one"


def test_unversioned_all_propagates_deletes(pair, clock):
    src, dst = pair
    src.put_bucket_replication(rule(dst, ReplicationRule.ALL))
    src.put_object("k", b"precious")
    clock.advance(DELAY)
    assert dst.get_object("k").read() == b"precious"
    src.delete_object("k")
    clock.advance(DELAY)
    with pytest.raises(oss2.exceptions.NoSuchKey):
        dst.get_object("k")


def test_versioning_states_must_match(pair):
    src, dst = pair
    src.put_bucket_versioning(BucketVersioningConfig("Enabled"))
    with pytest.raises(oss2.exceptions.OssError) as e:
        src.put_bucket_replication(rule(dst, ReplicationRule.ALL))
    assert_oss_error(e.value, 400, "InvalidArgument", "0031-00000053")


def _post_json(endpoint, path, payload):
    req = urllib.request.Request(
        f"{endpoint}{path}",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status


def test_read_only_identity(endpoint, new_bucket):
    ak = "LTAIreadonly" + uuid.uuid4().hex[:8]
    assert _post_json(
        endpoint,
        "/_osslab/identities",
        {"name": "reader", "access_key_id": ak, "access_key_secret": "s", "policy": "read-only"},
    ) == 201
    new_bucket.put_object("k", b"data")
    reader = oss2.Bucket(oss2.Auth(ak, "s"), endpoint, new_bucket.bucket_name, is_path_style=True)
    assert reader.get_object("k").read() == b"data"
    assert [o.key for o in reader.list_objects().object_list] == ["k"]
    for attempt in (
        lambda: reader.put_object("k", b"overwrite"),
        lambda: reader.delete_object("k"),
        lambda: reader.batch_delete_objects(["k"]),
        lambda: reader.put_bucket_versioning(BucketVersioningConfig("Enabled")),
    ):
        with pytest.raises(oss2.exceptions.AccessDenied) as e:
            attempt()
        assert_oss_error(e.value, 403, "AccessDenied", "0003-00000202")
    assert new_bucket.get_object("k").read() == b"data"
    # The owner's keys are unaffected.
    owner = oss2.Bucket(
        oss2.Auth(ACCESS_KEY_ID, ACCESS_KEY_SECRET), endpoint, new_bucket.bucket_name, is_path_style=True
    )
    owner.put_object("k", b"mine")
