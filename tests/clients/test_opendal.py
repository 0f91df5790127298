"""Apache OpenDAL's Python binding (`opendal`, service `oss`, path addressing) against
`osslab serve`: the operations an application built on OpenDAL performs, unversioned and
versioned."""

import asyncio
import os

import opendal
import pytest
import requests

from conftest import AK, SK


def operator(endpoint, bucket, **extra):
    return opendal.Operator(
        "oss",
        bucket=bucket.bucket_name,
        endpoint=endpoint,
        access_key_id=AK,
        access_key_secret=SK,
        addressing_style="path",
        root="/",
        **extra,
    )


def test_write_read_ranges_stat_and_listings(endpoint, bucket):
    op = operator(endpoint, bucket)
    op.write("dir/a.txt", b"0123456789", content_type="text/plain", user_metadata={"who": "dal"})
    op.write("dir/sub/b.txt", b"bee")
    op.write("top.txt", b"top")
    assert op.read("dir/a.txt") == b"0123456789"
    assert op.read("dir/a.txt", offset=2, size=3) == b"234"
    meta = op.stat("dir/a.txt")
    assert meta.content_length == 10
    assert meta.content_type == "text/plain"
    assert meta.user_metadata == {"who": "dal"}
    assert sorted(e.path for e in op.list("dir/")) == ["dir/", "dir/a.txt", "dir/sub/"] or sorted(
        e.path for e in op.list("dir/")
    ) == ["dir/a.txt", "dir/sub/"]
    everything = sorted(e.path for e in op.list("", recursive=True) if not e.path.endswith("/"))
    assert everything == ["dir/a.txt", "dir/sub/b.txt", "top.txt"]
    assert op.exists("top.txt") and not op.exists("nope.txt")


def test_conditional_writes_and_reads(endpoint, bucket):
    op = operator(endpoint, bucket)
    op.write("once.txt", b"first", if_not_exists=True)
    with pytest.raises(opendal.exceptions.ConditionNotMatch):
        op.write("once.txt", b"second", if_not_exists=True)
    assert op.read("once.txt") == b"first"
    etag = op.stat("once.txt").etag
    assert op.read("once.txt", if_match=etag) == b"first"
    with pytest.raises(opendal.exceptions.ConditionNotMatch):
        op.read("once.txt", if_match='"0000"')
    with pytest.raises(opendal.exceptions.ConditionNotMatch):
        op.read("once.txt", if_none_match=etag)


def test_chunked_concurrent_write_is_a_multipart_upload(endpoint, bucket):
    op = operator(endpoint, bucket)
    data = os.urandom(1024 * 1024 + 17)
    op.write("big.bin", data, chunk=256 * 1024, concurrent=4)
    assert op.read("big.bin") == data
    head = bucket.head_object("big.bin")
    assert head.object_type == "Multipart"


def test_append(endpoint, bucket):
    op = operator(endpoint, bucket)
    op.write("log.txt", b"one,", append=True)
    op.write("log.txt", b"two", append=True)
    assert op.read("log.txt") == b"one,two"
    assert bucket.head_object("log.txt").object_type == "Appendable"


def test_copy_rename_batch_delete_create_dir(endpoint, bucket):
    op = operator(endpoint, bucket)
    op.write("src.txt", b"src")
    op.copy("src.txt", "copy.txt")
    assert op.read("copy.txt") == b"src"
    # OpenDAL's oss service has no rename (OSS has no rename operation): the client says so
    # itself, before any request.
    with pytest.raises(opendal.exceptions.Unsupported):
        op.rename("copy.txt", "moved.txt")
    op.create_dir("empty/")
    assert op.stat("empty/").mode.is_dir()
    for i in range(5):
        op.write(f"many/{i}.txt", b"x")
    op.remove_all("many/")
    assert [e.path for e in op.list("many/", recursive=True) if not e.path.endswith("/")] == []


def test_presigned_read(endpoint, bucket):
    op = operator(endpoint, bucket)
    op.write("shared.txt", b"presigned")

    async def presign():
        return await op.to_async_operator().presign_read("shared.txt", 600)

    req = asyncio.run(presign())
    r = requests.request(req.method, req.url, headers=dict(req.headers))
    assert r.status_code == 200
    assert r.content == b"presigned"


def test_versions(endpoint, versioned):
    op = operator(endpoint, versioned, enable_versioning="true")
    op.write("v.txt", b"one")
    v1 = op.stat("v.txt").version
    op.write("v.txt", b"two")
    v2 = op.stat("v.txt").version
    assert v1 and v2 and v1 != v2
    assert op.read("v.txt", version=v1) == b"one"
    assert op.stat("v.txt", version=v1).content_length == 3
    op.delete("v.txt")
    assert not op.exists("v.txt")
    marker = versioned.list_object_versions(prefix="v.txt").delete_marker[0].versionid
    with_deleted = {e.metadata.version for e in op.list("", versions=True, deleted=True)}
    assert {v1, v2, marker} <= with_deleted
    versions_only = {e.metadata.version for e in op.list("", versions=True)}
    assert {v1, v2} <= versions_only and marker not in versions_only
    op.delete("v.txt", version=v1)
    with pytest.raises(opendal.exceptions.NotFound):
        op.read("v.txt", version=v1)
    assert op.read("v.txt", version=v2) == b"two"
