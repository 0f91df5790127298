"""Buckets, storage classes and x-oss-forbid-overwrite with the real oss2 SDK."""

import oss2
import pytest
from oss2.models import BucketCreateConfig, BucketVersioningConfig, PartInfo

from osstest import assert_oss_error

FORBID = {"x-oss-forbid-overwrite": "true"}


# ---- buckets ---------------------------------------------------------------------------------


def test_bucket_create_list_info_location_delete(bucket, service):
    r = bucket.create_bucket()
    assert r.status == 200
    names = [b.name for b in oss2.BucketIterator(service, prefix=bucket.bucket_name)]
    assert names == [bucket.bucket_name]
    listed = service.list_buckets(prefix=bucket.bucket_name).buckets[0]
    assert listed.location == "oss-cn-hangzhou"
    assert listed.storage_class == "Standard"

    info = bucket.get_bucket_info()
    assert info.name == bucket.bucket_name
    assert info.storage_class == "Standard"
    assert info.location == "oss-cn-hangzhou"
    # The endpoint the request reached (docs/fidelity.md §Findings of the oss2 integration suite).
    assert info.extranet_endpoint == bucket.endpoint.split("://", 1)[1]
    assert bucket.get_bucket_location().location == "oss-cn-hangzhou"

    with pytest.raises(oss2.exceptions.ServerError) as e:
        bucket.create_bucket()
    assert_oss_error(e.value, 409, "BucketAlreadyExists", "0015-00000104")

    assert bucket.delete_bucket().status == 204
    with pytest.raises(oss2.exceptions.NoSuchBucket) as e:
        bucket.get_bucket_info()
    assert_oss_error(e.value, 404, "NoSuchBucket", "0015-00000101")
    with pytest.raises(oss2.exceptions.NoSuchBucket):
        bucket.put_object("k", b"x")
    with pytest.raises(oss2.exceptions.NoSuchBucket) as e:
        bucket.delete_bucket()
    assert e.value.ec == "0015-00000101"


def test_delete_non_empty_bucket_is_409(new_bucket):
    b = new_bucket
    b.put_object("k", b"x")
    with pytest.raises(oss2.exceptions.BucketNotEmpty) as e:
        b.delete_bucket()
    assert_oss_error(e.value, 409, "BucketNotEmpty", "0015-00000301")


def test_bucket_with_only_markers_or_uploads_is_not_empty(versioned_bucket):
    b = versioned_bucket
    b.put_object("k", b"x")
    vid = b.head_object("k").versionid
    b.delete_object("k")
    b.delete_object("k", params={"versionId": vid})
    # Only a delete marker is left.
    with pytest.raises(oss2.exceptions.BucketNotEmpty):
        b.delete_bucket()
    marker = b.list_object_versions().delete_marker[0].versionid
    b.delete_object("k", params={"versionId": marker})
    upload_id = b.init_multipart_upload("u").upload_id
    with pytest.raises(oss2.exceptions.BucketNotEmpty):
        b.delete_bucket()
    b.abort_multipart_upload("u", upload_id)
    assert b.delete_bucket().status == 204


def test_bucket_storage_class_is_the_default_for_objects(bucket):
    bucket.create_bucket(input=BucketCreateConfig(oss2.BUCKET_STORAGE_CLASS_IA))
    assert bucket.get_bucket_info().storage_class == "IA"
    bucket.put_object("k", b"x")
    assert bucket.head_object("k").headers["x-oss-storage-class"] == "IA"


@pytest.mark.parametrize("cls", ["Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"])
def test_object_storage_classes(new_bucket, cls):
    b = new_bucket
    b.put_object("k", b"x", headers={"x-oss-storage-class": cls})
    assert b.head_object("k").headers["x-oss-storage-class"] == cls
    [obj] = b.list_objects().object_list
    assert obj.storage_class == cls
    if cls in ("Standard", "IA"):
        # Copy can change the class.
        b.copy_object(b.bucket_name, "k", "k2", headers={"x-oss-storage-class": "Archive"})
        assert b.head_object("k2").headers["x-oss-storage-class"] == "Archive"
        assert b.get_object("k").read() == b"x"
    else:
        # Frozen: reads and copies need a restore first; HEAD works.
        with pytest.raises(oss2.exceptions.ServerError) as e:
            b.get_object("k")
        assert_oss_error(e.value, 403, "InvalidObjectState", "0016-00000404")
        with pytest.raises(oss2.exceptions.ServerError) as e:
            b.copy_object(b.bucket_name, "k", "k2")
        assert_oss_error(e.value, 403, "InvalidObjectState", "0016-00000404")
        assert "x-oss-restore" not in b.head_object("k").headers


def test_unknown_storage_class_is_rejected(new_bucket):
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        new_bucket.put_object("k", b"x", headers={"x-oss-storage-class": "Glacier"})
    assert_oss_error(e.value, 400, "InvalidArgument", "0016-00000212")
    assert not new_bucket.object_exists("k")


# ---- forbid-overwrite --------------------------------------------------------------------------


def test_forbid_overwrite_put(new_bucket):
    b = new_bucket
    assert b.put_object("k", b"1", headers=FORBID).status == 200  # new key: allowed
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.put_object("k", b"2", headers=FORBID)
    assert_oss_error(e.value, 409, "FileAlreadyExists", "0026-00000002")
    assert b.get_object("k").read() == b"1"
    b.put_object("k", b"3", headers={"x-oss-forbid-overwrite": "false"})
    assert b.get_object("k").read() == b"3"
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        b.put_object("k", b"4", headers={"x-oss-forbid-overwrite": "abc"})
    assert_oss_error(e.value, 400, "InvalidArgument", "0017-00000279")
    # Once deleted, the key may be written again.
    b.delete_object("k")
    assert b.put_object("k", b"5", headers=FORBID).status == 200


def test_forbid_overwrite_copy(new_bucket):
    b = new_bucket
    b.put_object("src", b"s")
    b.put_object("dst", b"d")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.copy_object(b.bucket_name, "src", "dst", headers=FORBID)
    assert_oss_error(e.value, 409, "FileAlreadyExists", "0026-00000201")
    assert b.get_object("dst").read() == b"d"
    b.copy_object(b.bucket_name, "src", "new", headers=FORBID)
    assert b.get_object("new").read() == b"s"


def test_forbid_overwrite_multipart_initiate_and_complete(new_bucket):
    b = new_bucket
    b.put_object("exists", b"e")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.init_multipart_upload("exists", headers=FORBID)
    assert_oss_error(e.value, 409, "FileAlreadyExists", "0042-00000201")

    # The key appears between Initiate and Complete: Complete refuses.
    upload_id = b.init_multipart_upload("later", headers=FORBID).upload_id
    r = b.upload_part("later", upload_id, 1, b"part")
    b.put_object("later", b"sneaked in")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.complete_multipart_upload("later", upload_id, [PartInfo(1, r.etag)], headers=FORBID)
    assert_oss_error(e.value, 409, "FileAlreadyExists", "0042-00000214")
    assert b.get_object("later").read() == b"sneaked in"
    # Without the header the same upload completes.
    b.complete_multipart_upload("later", upload_id, [PartInfo(1, r.etag)])
    assert b.get_object("later").read() == b"part"


@pytest.mark.parametrize("status", ["Enabled", "Suspended"])
def test_forbid_overwrite_is_ignored_when_versioned(new_bucket, status):
    b = new_bucket
    b.put_bucket_versioning(BucketVersioningConfig(status))
    b.put_object("k", b"1")
    r = b.put_object("k", b"2", headers=FORBID)
    assert r.status == 200
    assert b.get_object("k").read() == b"2"
    b.copy_object(b.bucket_name, "k", "k", headers=FORBID)
    upload_id = b.init_multipart_upload("k", headers=FORBID).upload_id
    p = b.upload_part("k", upload_id, 1, b"3")
    b.complete_multipart_upload("k", upload_id, [PartInfo(1, p.etag)], headers=FORBID)
    assert b.get_object("k").read() == b"3"
    expected = 4 if status == "Enabled" else 1
    assert len(b.list_object_versions().versions) == expected
