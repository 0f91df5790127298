"""What oss2's own integration suite (the oss2-suite stage) revealed, pinned by osslab's own tests.

The SDK suite is the detector; these tests hold each fix in place with exact assertions, with
the project's fixtures. docs/fidelity.md §Findings of the oss2 integration suite gives the
source of each rule.
"""

import datetime

import oss2
import pytest
from oss2.models import (
    BucketLifecycle,
    LifecycleExpiration,
    LifecycleRule,
    NoncurrentVersionExpiration,
    NoncurrentVersionStorageTransition,
    PartInfo,
    StorageTransition,
)

from conftest import REGION, SIGNED_AK, SIGNED_SK
from osstest import assert_oss_error, empty_and_delete


def host_of(endpoint):
    return endpoint.split("://", 1)[1]


# ---- GetBucketInfo / ListBuckets -------------------------------------------------------------


def test_bucket_info_has_the_elements_oss_always_sends(new_bucket):
    info = new_bucket.get_bucket_info()
    # oss2 reads ServerSideEncryptionRule unconditionally; `None` means no default encryption.
    assert info.bucket_encryption_rule is not None
    assert info.bucket_encryption_rule.sse_algorithm is None
    assert info.comment == ""
    assert info.data_redundancy_type == "LRS"
    assert (info.access_monitor, info.transfer_acceleration, info.cross_region_replication) == (
        "Disabled",
        "Disabled",
        "Disabled",
    )
    # Never versioned: no Versioning element at all (oss2 reads None, not "").
    assert info.versioning_status is None
    new_bucket.put_bucket_versioning(oss2.models.BucketVersioningConfig("Suspended"))
    assert new_bucket.get_bucket_info().versioning_status == "Suspended"


def test_endpoints_name_the_server_the_request_reached(new_bucket, service, endpoint):
    info = new_bucket.get_bucket_info()
    assert info.extranet_endpoint == info.intranet_endpoint == host_of(endpoint)
    listed = service.list_buckets(prefix=new_bucket.bucket_name).buckets[0]
    assert listed.extranet_endpoint == listed.intranet_endpoint == host_of(endpoint)
    # A client that follows the endpoint (the suite's clean-up does) stays on this server.
    follower = oss2.Bucket(new_bucket.auth, listed.extranet_endpoint, listed.name)
    follower.put_object("k", b"x")
    assert new_bucket.get_object("k").read() == b"x"


# ---- parameter checks ------------------------------------------------------------------------


def test_list_object_versions_refuses_a_delimiter_over_1023_bytes(versioned_bucket):
    for kwargs in ({"delimiter": "a" * 1024}, {"prefix": "a" * 1024}, {"key_marker": "a" * 1024}):
        with pytest.raises(oss2.exceptions.InvalidArgument) as e:
            versioned_bucket.list_object_versions(**kwargs)
        assert_oss_error(e.value, 400, "InvalidArgument", "0017-00000103")
    assert versioned_bucket.list_object_versions(delimiter="a" * 1023).status == 200


@pytest.mark.parametrize("key", ["\\invalid-object-name", "\\"])
def test_a_key_starting_with_a_backslash_is_invalid(new_bucket, key):
    with pytest.raises(oss2.exceptions.InvalidObjectName) as e:
        new_bucket.put_object(key, b"x")
    assert_oss_error(e.value, 400, "InvalidObjectName", "0016-00000005")
    assert [o.key for o in oss2.ObjectIterator(new_bucket)] == []


def test_upload_part_copy_with_an_open_range_copies_to_the_end(new_bucket):
    content = bytes(range(256)) * 800
    new_bucket.put_object("src", content)
    upload_id = new_bucket.init_multipart_upload("dst").upload_id
    half = len(content) // 2
    p1 = new_bucket.upload_part_copy(new_bucket.bucket_name, "src", (0, half - 1), "dst", upload_id, 1)
    p2 = new_bucket.upload_part_copy(new_bucket.bucket_name, "src", (half, None), "dst", upload_id, 2)
    new_bucket.complete_multipart_upload("dst", upload_id, [PartInfo(1, p1.etag), PartInfo(2, p2.etag)])
    assert new_bucket.get_object("dst").read() == content
    upload_id = new_bucket.init_multipart_upload("dst2").upload_id
    with pytest.raises(oss2.exceptions.ServerError) as e:
        new_bucket.upload_part_copy(new_bucket.bucket_name, "src", (len(content), None), "dst2", upload_id, 1)
    assert_oss_error(e.value, 416, "InvalidRange", "0016-00000203")


# ---- lifecycle -------------------------------------------------------------------------------


def lifecycle(**kwargs):
    return BucketLifecycle([LifecycleRule("r", "p/", status=LifecycleRule.ENABLED, **kwargs)])


def test_lifecycle_transitions_must_reach_colder_classes_later(new_bucket):
    archive_before_ia = lifecycle(expiration=LifecycleExpiration(days=30))
    archive_before_ia.rules[0].storage_transitions = [
        StorageTransition(days=10, storage_class=oss2.BUCKET_STORAGE_CLASS_IA),
        StorageTransition(days=5, storage_class=oss2.BUCKET_STORAGE_CLASS_ARCHIVE),
    ]
    noncurrent = lifecycle(
        noncurrent_version_expiration=NoncurrentVersionExpiration(30),
        noncurrent_version_sotrage_transitions=[
            NoncurrentVersionStorageTransition(20, oss2.BUCKET_STORAGE_CLASS_IA),
            NoncurrentVersionStorageTransition(12, oss2.BUCKET_STORAGE_CLASS_ARCHIVE),
        ],
    )
    for cfg in (archive_before_ia, noncurrent):
        with pytest.raises(oss2.exceptions.InvalidArgument) as e:
            new_bucket.put_bucket_lifecycle(cfg)
        assert_oss_error(e.value, 400, "InvalidArgument", "0034-00000002")
    with pytest.raises(oss2.exceptions.NoSuchLifecycle):
        new_bucket.get_bucket_lifecycle()
    # In order, both are accepted.
    archive_before_ia.rules[0].storage_transitions[1].days = 20
    new_bucket.put_bucket_lifecycle(archive_before_ia)
    days = [t.days for t in new_bucket.get_bucket_lifecycle().rules[0].storage_transitions]
    assert days == [10, 20]


def test_lifecycle_rule_cannot_mix_days_and_dates(new_bucket):
    cfg = lifecycle(expiration=LifecycleExpiration(created_before_date=datetime.date(2016, 12, 25)))
    cfg.rules[0].storage_transitions = [StorageTransition(days=356, storage_class=oss2.BUCKET_STORAGE_CLASS_IA)]
    with pytest.raises(oss2.exceptions.InvalidRequest) as e:
        new_bucket.put_bucket_lifecycle(cfg)
    assert_oss_error(e.value, 400, "InvalidRequest", "0034-00000002")


# ---- multipart listing -----------------------------------------------------------------------


def test_upload_listing_is_in_upload_id_order_and_pages_prefixes_once(new_bucket):
    ids = [new_bucket.init_multipart_upload("p/k").upload_id for _ in range(5)]
    dirs = [f"p/{d}/" for d in ("b", "a", "c")]
    for d in dirs:
        new_bucket.init_multipart_upload(d + "x")
    uploads, prefixes = [], []
    for u in oss2.MultipartUploadIterator(new_bucket, prefix="p/", delimiter="/", max_uploads=2):
        (prefixes if u.is_prefix() else uploads).append(u.key if u.is_prefix() else u.upload_id)
    assert uploads == ids == sorted(ids)
    assert prefixes == sorted(dirs)


# ---- signatures ------------------------------------------------------------------------------


def test_v4_signature_for_another_region_is_refused(signed_endpoint, bucket_name):
    owner = oss2.Bucket(oss2.Auth(SIGNED_AK, SIGNED_SK), signed_endpoint, bucket_name, is_path_style=True)
    owner.create_bucket()
    try:
        elsewhere = oss2.Bucket(
            oss2.AuthV4(SIGNED_AK, SIGNED_SK), signed_endpoint, bucket_name, region="cn-hangzhou-test-1"
        )
        for call in (lambda: elsewhere.head_object("a.txt"), lambda: elsewhere.get_object("a.txt")):
            with pytest.raises(oss2.exceptions.OssError) as e:
                call()
            assert_oss_error(e.value, 400, "InvalidArgument", "0002-00000226")
            assert e.value.headers.get("x-oss-ec") == "0002-00000226"
        e = pytest.raises(oss2.exceptions.OssError, elsewhere.get_object, "a.txt").value
        assert e.message == "Invalid signing region in Authorization header."
        # The server's own region passes.
        here = oss2.Bucket(oss2.AuthV4(SIGNED_AK, SIGNED_SK), signed_endpoint, bucket_name, region=REGION)
        here.put_object("a.txt", b"x")
        assert here.get_object("a.txt").read() == b"x"
    finally:
        empty_and_delete(owner)
