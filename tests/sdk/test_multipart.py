"""Multipart upload with the real oss2 SDK, CRC checks left on (oss2's default enable_crc)."""

import hashlib
import os
import re

import oss2
import pytest
from oss2 import SizedFileAdapter
from oss2.models import BucketVersioningConfig, PartInfo

from osstest import assert_oss_error

KB = 1024
MB = 1024 * KB


def multipart_etag(part_etags):
    """OSS: MD5 of the concatenated upper-case hex part ETags, then -N."""
    joined = "".join(e.strip('"').upper() for e in part_etags)
    return f"{hashlib.md5(joined.encode()).hexdigest().upper()}-{len(part_etags)}"


def test_multipart_lifecycle_with_crc(new_bucket):
    b = new_bucket
    assert b.enable_crc
    key = "big/file.bin"
    p1 = os.urandom(100 * KB)
    p2 = os.urandom(100 * KB + 1)
    p3 = b"tail"
    init = b.init_multipart_upload(key, headers={"x-oss-meta-purpose": "test", "Content-Type": "application/x-test"})
    upload_id = init.upload_id
    assert re.match(r"^[0-9A-F]{32}$", upload_id)

    parts = []
    for n, data in ((1, p1), (2, p2), (3, p3)):
        r = b.upload_part(key, upload_id, n, data)
        assert r.etag == hashlib.md5(data).hexdigest().upper()
        assert r.crc is not None  # oss2 compared it with its own CRC
        assert r.headers["Content-MD5"]
        parts.append(PartInfo(n, r.etag, size=len(data), part_crc=r.crc))

    listed = b.list_parts(key, upload_id)
    assert [(p.part_number, p.size, p.etag) for p in listed.parts] == [
        (1, len(p1), parts[0].etag),
        (2, len(p2), parts[1].etag),
        (3, len(p3), parts[2].etag),
    ]
    assert listed.is_truncated is False
    page = b.list_parts(key, upload_id, max_parts=2)
    assert [p.part_number for p in page.parts] == [1, 2]
    assert (page.is_truncated, str(page.next_marker)) == (True, "2")
    page = b.list_parts(key, upload_id, marker=page.next_marker, max_parts=2)
    assert [p.part_number for p in page.parts] == [3]

    uploads = b.list_multipart_uploads()
    assert [(u.key, u.upload_id) for u in uploads.upload_list] == [(key, upload_id)]

    done = b.complete_multipart_upload(key, upload_id, parts)
    assert done.status == 200
    assert done.etag == multipart_etag([p.etag for p in parts])
    assert done.crc is not None  # oss2 checked the combined CRC against the header

    head = b.head_object(key)
    assert head.headers["x-oss-object-type"] == "Multipart"
    assert head.content_length == len(p1) + len(p2) + len(p3)
    assert head.headers["x-oss-meta-purpose"] == "test"
    assert head.content_type == "application/x-test"
    assert "Content-MD5" not in head.headers
    assert b.get_object(key).read() == p1 + p2 + p3
    assert b.list_multipart_uploads().upload_list == []

    # The upload is gone once completed.
    with pytest.raises(oss2.exceptions.NoSuchUpload) as e:
        b.abort_multipart_upload(key, upload_id)
    assert_oss_error(e.value, 404, "NoSuchUpload", "0042-00000002")


def test_multipart_in_versioned_bucket_makes_a_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("m", b"simple").versionid
    upload_id = b.init_multipart_upload("m").upload_id
    r = b.upload_part("m", upload_id, 1, b"only part")
    done = b.complete_multipart_upload("m", upload_id, [PartInfo(1, r.etag)])
    assert done.versionid and done.versionid != v1
    assert [v.versionid for v in b.list_object_versions().versions] == [done.versionid, v1]


def test_small_non_last_part_is_entity_too_small(new_bucket):
    b = new_bucket
    upload_id = b.init_multipart_upload("m").upload_id
    r1 = b.upload_part("m", upload_id, 1, b"x" * 10)
    r2 = b.upload_part("m", upload_id, 2, b"y")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.complete_multipart_upload("m", upload_id, [PartInfo(1, r1.etag), PartInfo(2, r2.etag)])
    assert_oss_error(e.value, 400, "EntityTooSmall", "0042-00000213")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.complete_multipart_upload("m", upload_id, [PartInfo(1, '"0123"')])
    assert_oss_error(e.value, 400, "InvalidPart", "0042-00000207")
    assert b.abort_multipart_upload("m", upload_id).status == 204


def test_upload_part_copy_with_range_and_version(versioned_bucket):
    b = versioned_bucket
    old = os.urandom(200 * KB)
    v1 = b.put_object("src", old).versionid
    b.put_object("src", b"newer")
    upload_id = b.init_multipart_upload("dst").upload_id
    r1 = b.upload_part_copy(
        b.bucket_name, "src", (0, 100 * KB - 1), "dst", upload_id, 1, params={"versionId": v1}
    )
    assert r1.headers["x-oss-copy-source-version-id"] == v1
    assert r1.etag == hashlib.md5(old[: 100 * KB]).hexdigest().upper()
    r2 = b.upload_part_copy(
        b.bucket_name, "src", (100 * KB, 200 * KB - 1), "dst", upload_id, 2, params={"versionId": v1}
    )
    r3 = b.upload_part_copy(b.bucket_name, "src", None, "dst", upload_id, 3)
    parts = b.list_parts("dst", upload_id).parts
    assert [p.size for p in parts] == [100 * KB, 100 * KB, 5]
    b.complete_multipart_upload(
        "dst", upload_id, [PartInfo(1, r1.etag), PartInfo(2, r2.etag), PartInfo(3, r3.etag)]
    )
    assert b.get_object("dst").read() == old + b"newer"


def test_complete_all(new_bucket):
    b = new_bucket
    upload_id = b.init_multipart_upload("all").upload_id
    b.upload_part("all", upload_id, 2, b"B" * (100 * KB))
    b.upload_part("all", upload_id, 5, b"E")
    done = b.complete_multipart_upload("all", upload_id, None, headers={"x-oss-complete-all": "yes"})
    assert done.status == 200
    assert b.get_object("all").read() == b"B" * (100 * KB) + b"E"


def test_complete_all_with_a_body_is_rejected(new_bucket):
    b = new_bucket
    upload_id = b.init_multipart_upload("all").upload_id
    r = b.upload_part("all", upload_id, 1, b"A")
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        b.complete_multipart_upload(
            "all", upload_id, [PartInfo(1, r.etag)], headers={"x-oss-complete-all": "yes"}
        )
    assert_oss_error(e.value, 400, "InvalidArgument", "0042-00000216")
    assert e.value.message == "Should not speficy both complete all header and http body."
    # Nothing happened: the upload is still there.
    assert [p.part_number for p in b.list_parts("all", upload_id).parts] == [1]


def test_abort_and_unknown_uploads(new_bucket):
    b = new_bucket
    upload_id = b.init_multipart_upload("x").upload_id
    b.upload_part("x", upload_id, 1, b"1")
    r = b.abort_multipart_upload("x", upload_id)
    assert r.status == 204
    with pytest.raises(oss2.exceptions.NoSuchUpload) as e:
        b.upload_part("x", upload_id, 2, b"2")
    assert_oss_error(e.value, 404, "NoSuchUpload", "0042-00000104")
    with pytest.raises(oss2.exceptions.NoSuchUpload) as e:
        b.list_parts("x", upload_id)
    assert_oss_error(e.value, 404, "NoSuchUpload", "0042-00000401")
    with pytest.raises(oss2.exceptions.NoSuchUpload) as e:
        b.complete_multipart_upload("x", upload_id, [PartInfo(1, "X")])
    assert_oss_error(e.value, 404, "NoSuchUpload", "0042-00000202")
    with pytest.raises(oss2.exceptions.NoSuchUpload) as e:
        b.upload_part_copy(b.bucket_name, "x", None, "x", upload_id, 1)
    assert e.value.status == 404
    assert not b.object_exists("x")


def test_list_multipart_uploads_paging_and_delimiter(new_bucket):
    b = new_bucket
    ids = {}
    for k in ("a/1", "a/2", "b", "c", "c"):
        ids.setdefault(k, []).append(b.init_multipart_upload(k).upload_id)
    r = b.list_multipart_uploads(delimiter="/")
    assert r.prefix_list == ["a/"]
    assert [(u.key, u.upload_id) for u in r.upload_list] == [("b", ids["b"][0])] + [
        ("c", i) for i in ids["c"]
    ]
    seen = []
    key_marker, id_marker = "", ""
    while True:
        r = b.list_multipart_uploads(key_marker=key_marker, upload_id_marker=id_marker, max_uploads=2)
        seen += [(u.key, u.upload_id) for u in r.upload_list]
        if not r.is_truncated:
            break
        key_marker, id_marker = r.next_key_marker, r.next_upload_id_marker
    assert seen == [(k, i) for k in ("a/1", "a/2", "b", "c") for i in ids[k]]


def test_resumable_upload_and_download(new_bucket, tmp_path):
    b = new_bucket
    data = os.urandom(10 * MB + 123 * KB)
    src = tmp_path / "big.bin"
    src.write_bytes(data)
    store = oss2.ResumableStore(root=str(tmp_path / "store"))
    r = oss2.resumable_upload(b, "big.bin", str(src), store=store, num_threads=2)
    assert r.status == 200
    head = b.head_object("big.bin")
    assert head.headers["x-oss-object-type"] == "Multipart"
    assert head.content_length == len(data)
    # default part size of resumable_upload: 10 MB → 2 parts
    assert head.etag.endswith("-2")

    dst = tmp_path / "back.bin"
    oss2.resumable_download(
        b,
        "big.bin",
        str(dst),
        multiget_threshold=1 * MB,
        part_size=3 * MB,
        num_threads=2,
        store=oss2.ResumableDownloadStore(root=str(tmp_path / "dstore")),
    )
    assert dst.read_bytes() == data


def test_manual_multipart_from_file(new_bucket, tmp_path):
    """The doc's sequence: determine_part_size + SizedFileAdapter."""
    b = new_bucket
    data = os.urandom(350 * KB)
    f = tmp_path / "f.bin"
    f.write_bytes(data)
    part_size = oss2.determine_part_size(len(data), preferred_size=100 * KB)
    upload_id = b.init_multipart_upload("f.bin").upload_id
    parts = []
    with open(f, "rb") as fh:
        offset, n = 0, 1
        while offset < len(data):
            size = min(part_size, len(data) - offset)
            r = b.upload_part("f.bin", upload_id, n, SizedFileAdapter(fh, size))
            parts.append(PartInfo(n, r.etag, size=size, part_crc=r.crc))
            offset += size
            n += 1
    b.complete_multipart_upload("f.bin", upload_id, parts)
    assert b.get_object("f.bin").read() == data
    assert len(parts) == 4
