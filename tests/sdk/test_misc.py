"""Odds and ends through oss2: whole-file transfers with CRC checks, operations osslab does not
emulate (501, never a silent fallback), null versions from multipart, HEAD errors."""

import os

import oss2
import pytest
from oss2.models import BucketVersioningConfig, PartInfo

from osstest import assert_oss_error


def test_file_transfers_check_crc(new_bucket, tmp_path):
    b = new_bucket
    data = os.urandom(300 * 1024)
    src = tmp_path / "in.bin"
    src.write_bytes(data)
    r = b.put_object_from_file("f.bin", str(src))
    assert r.crc is not None
    dst = tmp_path / "out.bin"
    got = b.get_object_to_file("f.bin", str(dst))  # oss2 compares the whole-object CRC
    assert got.status == 200
    assert dst.read_bytes() == data


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.get_bucket_tagging(),
        lambda b: b.get_bucket_policy(),
        lambda b: b.get_bucket_referer(),
        lambda b: b.get_bucket_website(),
    ],
    ids=["bucket-tagging", "policy", "referer", "website"],
)
def test_unemulated_operations_are_501(new_bucket, call):
    new_bucket.put_object("k", b"keep")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        call(new_bucket)
    assert_oss_error(e.value, 501, "NotImplemented", "0003-00000501")
    # Nothing was overwritten by a fallback to another operation.
    assert new_bucket.get_object("k").read() == b"keep"
    assert [o.key for o in new_bucket.list_objects().object_list] == ["k"]


def test_null_version_reads_in_an_unversioned_bucket(new_bucket):
    b = new_bucket
    b.put_object("k", b"v")
    got = b.get_object("k", params={"versionId": "null"})
    assert got.read() == b"v"
    assert "x-oss-version-id" not in got.headers


def test_suspended_multipart_and_restore_use_null(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("k", b"enabled").versionid
    b.put_bucket_versioning(BucketVersioningConfig("Suspended"))
    upload_id = b.init_multipart_upload("k", headers={"x-oss-storage-class": "Archive"}).upload_id
    p = b.upload_part("k", upload_id, 1, b"mp")
    done = b.complete_multipart_upload("k", upload_id, [PartInfo(1, p.etag)])
    assert done.versionid == "null"
    head = b.head_object("k")
    assert (head.versionid, head.headers["x-oss-storage-class"]) == ("null", "Archive")
    r = b.restore_object("k")
    assert (r.status, r.versionid) == (202, "null")
    assert [v.versionid for v in b.list_object_versions().versions] == ["null", v1]


def test_head_errors_decode_from_x_oss_err(new_bucket, endpoint, auth):
    missing = oss2.Bucket(auth, endpoint, new_bucket.bucket_name + "-none", is_path_style=True)
    with pytest.raises(oss2.exceptions.NoSuchBucket) as e:
        missing.head_object("k")
    assert_oss_error(e.value, 404, "NoSuchBucket", "0015-00000101")
    with pytest.raises(oss2.exceptions.NoSuchKey) as e:
        new_bucket.head_object("nothing")
    assert_oss_error(e.value, 404, "NoSuchKey", "0026-00000001")
    assert e.value.headers["Content-Length"] == "0"
    assert not new_bucket.object_exists("nothing")
    with pytest.raises(oss2.exceptions.NoSuchBucket):
        missing.object_exists("k")
