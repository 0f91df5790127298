"""AppendObject and symlinks through oss2 (`append_object` with `init_crc`, `put_symlink`,
`get_symlink`) and alibabacloud-oss-v2 (`append_object`, `append_file`, `put_symlink`,
`get_symlink`), in versioned and unversioned buckets (docs/fidelity.md §AppendObject,
PostObject and symlinks)."""

import alibabacloud_oss_v2 as oss
import oss2
import pytest

from osstest import assert_oss_error, service_error


def crc_of(data):
    c = oss2.utils.Crc64(0)
    c.update(data)
    return c.crc


# ---- oss2 ----------------------------------------------------------------------------------


def test_oss2_appends_with_crc_checks(new_bucket):
    b = new_bucket
    assert b.enable_crc
    r1 = b.append_object("log.txt", 0, b"hello ", init_crc=0)
    assert r1.next_position == 6
    assert r1.crc == crc_of(b"hello ")
    # init_crc: oss2 checks the CRC of the whole object after this append against the header.
    r2 = b.append_object("log.txt", r1.next_position, b"world", init_crc=r1.crc)
    assert r2.next_position == 11
    assert r2.crc == crc_of(b"hello world")
    assert r1.etag != r2.etag
    assert b.get_object("log.txt").read() == b"hello world"
    head = b.head_object("log.txt")
    assert head.object_type == "Appendable"
    assert head.content_length == 11
    assert int(head.headers["x-oss-next-append-position"]) == 11
    assert b.get_object_to_file("log.txt", "/dev/null")  # full download: oss2's CRC check


def test_oss2_wrong_position_and_not_appendable(new_bucket):
    b = new_bucket
    b.append_object("log.txt", 0, b"abc")
    with pytest.raises(oss2.exceptions.PositionNotEqualToLength) as e:
        b.append_object("log.txt", 1, b"x")
    assert e.value.next_position == 3
    assert_oss_error(e.value, 409, "PositionNotEqualToLength", "0026-00000016")
    b.put_object("plain.txt", b"normal")
    with pytest.raises(oss2.exceptions.ObjectNotAppendable) as e:
        b.append_object("plain.txt", 6, b"x")
    assert_oss_error(e.value, 409, "ObjectNotAppendable", "0026-00000017")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.append_object("cold.log", 0, b"x", headers={"x-oss-storage-class": "ColdArchive"})
    assert_oss_error(e.value, 400, "InvalidArgument", "0016-00000503")


def test_oss2_metadata_only_on_the_first_append(new_bucket):
    b = new_bucket
    b.append_object("m.txt", 0, b"a", headers={"Content-Type": "text/plain", "x-oss-meta-n": "1"})
    b.append_object("m.txt", 1, b"b", headers={"Content-Type": "image/png", "x-oss-meta-n": "2"})
    head = b.head_object("m.txt")
    assert head.content_type == "text/plain"
    assert head.headers["x-oss-meta-n"] == "1"


def test_oss2_versioned_append_rules(versioned_bucket):
    b = versioned_bucket
    r = b.append_object("k", 0, b"abc")
    vid = r.versionid
    assert vid
    assert b.append_object("k", 3, b"def").versionid == vid
    versions = b.list_object_versions(prefix="k").versions
    assert [v.versionid for v in versions] == [vid]
    # versionId on an append is refused. oss2's append_object cannot send one, so the
    # request goes through oss2's own signed request path.
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b._Bucket__do_object(
            "POST", "k", data=b"x", params={"append": "", "position": "6", "versionId": vid}
        )
    assert_oss_error(e.value, 400, "InvalidArgument", "0016-00000504")
    # A put on top keeps the Appendable as a previous version, closed for appends.
    top = b.put_object("k", b"normal").versionid
    with pytest.raises(oss2.exceptions.ObjectNotAppendable):
        b.append_object("k", 6, b"x")
    assert b.get_object("k", params={"versionId": vid}).read() == b"abcdef"
    b.delete_object("k", params={"versionId": top})
    with pytest.raises(oss2.exceptions.ObjectNotAppendable):
        b.append_object("k", 6, b"x")
    # A delete marker on top: a new Appendable version at position 0 only.
    b.delete_object("k")
    with pytest.raises(oss2.exceptions.PositionNotEqualToLength) as e:
        b.append_object("k", 6, b"x")
    assert e.value.next_position == 0
    fresh = b.append_object("k", 0, b"new").versionid
    assert fresh not in (vid, top)
    assert b.head_object("k").versionid == fresh


def test_oss2_symlinks(versioned_bucket):
    b = versioned_bucket
    b.put_object("dir/tä rget.txt", b"target one", headers={"Content-Type": "text/plain"})
    r = b.put_symlink("dir/tä rget.txt", "link", headers={"x-oss-meta-who": "me"})
    v1 = r.versionid
    assert v1
    assert b.get_symlink("link").target_key == "dir/tä rget.txt"
    got = b.get_object("link")
    assert got.read() == b"target one"
    assert got.headers["x-oss-object-type"] == "Symlink"
    assert b.head_object("link").content_length == len(b"target one")
    b.put_object("dir/tä rget.txt", b"target two")
    assert b.get_object("link").read() == b"target two"
    v2 = b.put_symlink("other", "link").versionid
    assert b.get_symlink("link").target_key == "other"
    assert b.get_symlink("link", params={"versionId": v1}).target_key == "dir/tä rget.txt"
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("link")
    assert_oss_error(e.value, 404, "SymlinkTargetNotExist", "0026-00000012")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_symlink("dir/tä rget.txt")
    assert_oss_error(e.value, 400, "NotSymlink", "0043-00000101")
    types = [(v.versionid, v.type) for v in b.list_object_versions(prefix="link").versions]
    assert types == [(v2, "Symlink"), (v1, "Symlink")]
    # A delete marker hides the link; removing it recovers the link.
    marker = b.delete_object("link").versionid
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.get_symlink("link")
    b.delete_object("link", params={"versionId": marker})
    assert b.get_symlink("link").target_key == "other"


def test_oss2_symlink_forbid_overwrite_in_an_unversioned_bucket(new_bucket):
    b = new_bucket
    b.put_object("x", b"x")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.put_symlink("y", "x", headers={"x-oss-forbid-overwrite": "true"})
    assert_oss_error(e.value, 409, "FileAlreadyExists", "0026-00000002")
    assert b.get_object("x").read() == b"x"


# ---- alibabacloud-oss-v2 ---------------------------------------------------------------------


@pytest.fixture
def v2_bucket(v2_client, bucket):
    v2_client.put_bucket(oss.PutBucketRequest(bucket=bucket.bucket_name))
    v2_client.put_bucket_versioning(
        oss.PutBucketVersioningRequest(
            bucket=bucket.bucket_name,
            versioning_configuration=oss.VersioningConfiguration(status="Enabled"),
        )
    )
    return bucket.bucket_name


def test_v2_append_object_and_errors(v2_client, v2_bucket):
    c, name = v2_client, v2_bucket
    r = c.append_object(oss.AppendObjectRequest(bucket=name, key="a.log", position=0, body=b"12345"))
    assert r.next_position == 5
    assert int(r.hash_crc64) == crc_of(b"12345")
    vid = r.version_id
    r2 = c.append_object(oss.AppendObjectRequest(bucket=name, key="a.log", position=5, body=b"678"))
    assert (r2.next_position, r2.version_id) == (8, vid)
    with pytest.raises(oss.exceptions.OperationError) as e:
        c.append_object(oss.AppendObjectRequest(bucket=name, key="a.log", position=2, body=b"x"))
    err = service_error(e)
    assert (err.status_code, err.code, err.ec) == (409, "PositionNotEqualToLength", "0026-00000016")
    head = c.head_object(oss.HeadObjectRequest(bucket=name, key="a.log"))
    assert head.object_type == "Appendable"
    assert head.content_length == 8


def test_v2_append_file(v2_client, v2_bucket):
    c, name = v2_client, v2_bucket
    with c.append_file(name, "f.log") as f:
        f.write(b"first,")
        f.write(b"second")
    with c.append_file(name, "f.log") as f:
        # Reopening continues at the object's length.
        assert f.tell() == 12
        f.write(b",third")
    got = c.get_object(oss.GetObjectRequest(bucket=name, key="f.log"))
    assert got.body.read() == b"first,second,third"


def test_v2_symlinks(v2_client, v2_bucket):
    c, name = v2_client, v2_bucket
    c.put_object(oss.PutObjectRequest(bucket=name, key="target", body=b"data"))
    v1 = c.put_symlink(oss.PutSymlinkRequest(bucket=name, key="ln", target="target")).version_id
    assert v1
    s = c.get_symlink(oss.GetSymlinkRequest(bucket=name, key="ln"))
    assert (s.target, s.version_id) == ("target", v1)
    got = c.get_object(oss.GetObjectRequest(bucket=name, key="ln"))
    assert got.body.read() == b"data"
    c.delete_object(oss.DeleteObjectRequest(bucket=name, key="target"))
    with pytest.raises(oss.exceptions.OperationError) as e:
        c.get_object(oss.GetObjectRequest(bucket=name, key="ln"))
    err = service_error(e)
    assert (err.status_code, err.code, err.ec) == (404, "SymlinkTargetNotExist", "0026-00000012")
