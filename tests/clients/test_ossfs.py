"""fsspec's `ossfs` (OSSFileSystem) against `osslab serve`: the filesystem calls a data tool
makes. ossfs writes files through AppendObject."""

import os

import ossfs
import pytest

from conftest import AK, SK


@pytest.fixture
def fs(endpoint):
    return ossfs.OSSFileSystem(endpoint=endpoint, key=AK, secret=SK, skip_instance_cache=True)


def test_pipe_cat_ls_info_find_du(fs, bucket):
    b = bucket.bucket_name
    fs.pipe(f"/{b}/d/a.txt", b"alpha")
    fs.pipe(f"/{b}/d/sub/b.txt", b"bravo!")
    assert fs.cat(f"/{b}/d/a.txt") == b"alpha"
    names = sorted(p.strip("/") for p in fs.ls(f"/{b}/d", detail=False))
    assert names == [f"{b}/d/a.txt", f"{b}/d/sub"]
    info = fs.info(f"/{b}/d/a.txt")
    assert info["size"] == 5 and info["type"] == "file"
    assert sorted(p.strip("/") for p in fs.find(f"/{b}/d")) == [f"{b}/d/a.txt", f"{b}/d/sub/b.txt"]
    assert fs.du(f"/{b}/d") == 11


def test_open_seek_read_and_large_write(fs, bucket):
    b = bucket.bucket_name
    data = os.urandom(3 * 1024 * 1024 + 5)
    with fs.open(f"/{b}/big.bin", "wb") as f:
        for i in range(0, len(data), 700 * 1024):
            f.write(data[i : i + 700 * 1024])
    assert fs.info(f"/{b}/big.bin")["size"] == len(data)
    # ossfs writes through AppendObject (which answered 501 before osslab had it).
    assert bucket.head_object("big.bin").object_type == "Appendable"
    with fs.open(f"/{b}/big.bin", "rb") as f:
        f.seek(1024 * 1024)
        assert f.read(10) == data[1024 * 1024 : 1024 * 1024 + 10]
        f.seek(-5, 2)
        assert f.read() == data[-5:]


def test_copy_mv_rm_recursive(fs, bucket):
    b = bucket.bucket_name
    fs.pipe(f"/{b}/src/x.txt", b"x")
    fs.pipe(f"/{b}/src/y/z.txt", b"z")
    fs.copy(f"/{b}/src/x.txt", f"/{b}/dst/x.txt")
    assert fs.cat(f"/{b}/dst/x.txt") == b"x"
    fs.mv(f"/{b}/dst/x.txt", f"/{b}/moved.txt")
    assert not fs.exists(f"/{b}/dst/x.txt")
    assert fs.cat(f"/{b}/moved.txt") == b"x"
    fs.rm(f"/{b}/src", recursive=True)
    assert not fs.find(f"/{b}/src")
    assert sorted(o.key for o in bucket.list_objects().object_list) == ["moved.txt"]
