"""Versioning with the real oss2 SDK: version ids, delete markers, null versions, recovery,
copy by version, batch delete, ranges and conditional reads."""

import re

import oss2
import pytest
from oss2.models import BatchDeleteObjectVersion, BatchDeleteObjectVersionList, BucketVersioningConfig

from osstest import assert_oss_error

VERSION_ID = re.compile(r"^[A-Za-z0-9._]{64}$")


# ---- configuration ---------------------------------------------------------------------------


def test_never_versioned_bucket_has_no_status(new_bucket):
    assert new_bucket.get_bucket_versioning().status is None
    resp = new_bucket._do("GET", new_bucket.bucket_name, "", params={"versioning": ""})
    body = resp.read()
    assert body == b'<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"/>'
    assert resp.headers["Content-Length"] == "74"
    assert new_bucket.get_bucket_info().versioning_status in (None, "")


def test_enable_then_suspend(new_bucket):
    r = new_bucket.put_bucket_versioning(BucketVersioningConfig("Enabled"))
    assert r.status == 200
    assert new_bucket.get_bucket_versioning().status == "Enabled"
    assert new_bucket.get_bucket_info().versioning_status == "Enabled"
    new_bucket.put_bucket_versioning(BucketVersioningConfig("Suspended"))
    assert new_bucket.get_bucket_versioning().status == "Suspended"


def test_versioning_cannot_be_disabled(new_bucket):
    with pytest.raises(oss2.exceptions.ServerError) as e:
        new_bucket.put_bucket_versioning(BucketVersioningConfig("Disabled"))
    assert_oss_error(e.value, 400, "MalformedXML", "0016-00000608")
    assert new_bucket.get_bucket_versioning().status is None


# ---- unversioned -----------------------------------------------------------------------------


def test_unversioned_bucket_sends_no_version_headers(new_bucket):
    put = new_bucket.put_object("k.txt", b"data")
    assert put.versionid is None
    assert "x-oss-version-id" not in put.headers
    got = new_bucket.get_object("k.txt")
    assert got.read() == b"data"
    assert got.versionid is None
    d = new_bucket.delete_object("k.txt")
    assert d.status == 204
    assert d.versionid is None
    assert "x-oss-delete-marker" not in d.headers
    # Deleting again (nothing there) is still 204.
    assert new_bucket.delete_object("k.txt").status == 204
    assert new_bucket.delete_object("k.txt", params={"versionId": "null"}).status == 204


# ---- versioned put / get / head / meta / exists / delete --------------------------------------


def test_put_get_head_meta_by_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("doc.txt", b"first").versionid
    v2 = b.put_object("doc.txt", b"second!").versionid
    assert VERSION_ID.match(v1) and VERSION_ID.match(v2) and v1 != v2

    got = b.get_object("doc.txt")
    assert (got.read(), got.versionid) == (b"second!", v2)
    got = b.get_object("doc.txt", params={"versionId": v1})
    assert (got.read(), got.versionid) == (b"first", v1)
    assert got.headers["x-oss-version-id"] == v1

    head = b.head_object("doc.txt", params={"versionId": v1})
    assert (head.content_length, head.versionid) == (5, v1)
    assert head.headers["x-oss-object-type"] == "Normal"
    assert head.headers["x-oss-storage-class"] == "Standard"
    assert head.headers["Content-MD5"]

    meta = b.get_object_meta("doc.txt", params={"versionId": v2})
    assert meta.content_length == 7
    assert meta.versionid == v2
    assert meta.etag == got_etag(b, "doc.txt", v2)
    assert b.object_exists("doc.txt")
    assert not b.object_exists("nothing.txt")


def got_etag(bucket, key, vid):
    return bucket.head_object(key, params={"versionId": vid}).etag


def test_delete_marker_semantics(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("k", b"v1").versionid
    d = b.delete_object("k")
    assert d.status == 204
    assert d.delete_marker is True
    assert d.headers["x-oss-delete-marker"] == "true"
    marker = d.versionid
    assert VERSION_ID.match(marker) and marker != v1

    with pytest.raises(oss2.exceptions.NoSuchKey) as e:
        b.get_object("k")
    assert_oss_error(e.value, 404, "NoSuchKey", "0026-00000001")
    assert e.value.headers["x-oss-delete-marker"] == "true"
    assert e.value.headers["x-oss-version-id"] == marker

    with pytest.raises(oss2.exceptions.NotFound) as e:
        b.head_object("k")
    assert_oss_error(e.value, 404, "NoSuchKey", "0026-00000001")
    assert e.value.headers["x-oss-delete-marker"] == "true"
    assert not b.object_exists("k")

    # GET / HEAD of the marker by id: 405.
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("k", params={"versionId": marker})
    assert_oss_error(e.value, 405, "MethodNotAllowed", "0017-00000002")
    assert e.value.headers["x-oss-delete-marker"] == "true"
    assert e.value.headers["x-oss-version-id"] == marker
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.head_object("k", params={"versionId": marker})
    assert_oss_error(e.value, 405, "MethodNotAllowed", "0017-00000002")

    # The old version is still readable by id.
    assert b.get_object("k", params={"versionId": v1}).read() == b"v1"

    # A second delete stacks another marker.
    d2 = b.delete_object("k")
    assert d2.delete_marker and d2.versionid not in (marker, v1)

    # Removing both markers by id brings v1 back.
    for m in (d2.versionid, marker):
        r = b.delete_object("k", params={"versionId": m})
        assert r.status == 204
        assert r.versionid == m
        assert r.delete_marker is True
    assert b.get_object("k").read() == b"v1"


def test_deleted_version_is_no_such_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("k", b"1").versionid
    v2 = b.put_object("k", b"2").versionid
    r = b.delete_object("k", params={"versionId": v1})
    assert (r.status, r.versionid) == (204, v1)
    assert "x-oss-delete-marker" not in r.headers
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("k", params={"versionId": v1})
    assert_oss_error(e.value, 404, "NoSuchVersion", "0012-00000203")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.head_object("k", params={"versionId": v1})
    assert_oss_error(e.value, 404, "NoSuchVersion", "0012-00000203")
    assert b.get_object("k").versionid == v2


@pytest.mark.parametrize("bad", ["", "IllegalVersion", "234"])
def test_invalid_version_ids(versioned_bucket, bad):
    b = versioned_bucket
    b.put_object("k", b"1")
    # The empty string has its own EC (0012-00000201); other junk is 0012-00000202.
    ec = "0012-00000201" if bad == "" else "0012-00000202"
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("k", params={"versionId": bad})
    assert_oss_error(e.value, 400, "InvalidArgument", ec)
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.delete_object("k", params={"versionId": bad})
    assert_oss_error(e.value, 400, "InvalidArgument", ec)


# ---- recovery --------------------------------------------------------------------------------


def test_recover_by_copying_a_previous_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("report.txt", b"good").versionid
    v2 = b.put_object("report.txt", b"bad").versionid
    r = b.copy_object(b.bucket_name, "report.txt", "report.txt", params={"versionId": v1})
    assert r.status == 200
    assert r.headers["x-oss-copy-source-version-id"] == v1
    v3 = r.versionid
    assert VERSION_ID.match(v3) and v3 not in (v1, v2)
    assert b.get_object("report.txt").read() == b"good"
    assert [v.versionid for v in b.list_object_versions().versions] == [v3, v2, v1]


def test_recover_by_deleting_the_current_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("report.txt", b"good").versionid
    v2 = b.put_object("report.txt", b"bad").versionid
    b.delete_object("report.txt", params={"versionId": v2})
    got = b.get_object("report.txt")
    assert (got.read(), got.versionid) == (b"good", v1)
    versions = b.list_object_versions().versions
    assert [(v.versionid, v.is_latest) for v in versions] == [(v1, True)]


def test_recover_from_a_delete_marker_by_deleting_it(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("k", b"x").versionid
    marker = b.delete_object("k").versionid
    b.delete_object("k", params={"versionId": marker})
    assert b.get_object("k").versionid == v1


def test_copy_without_version_reports_the_source_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("src", b"abc").versionid
    r = b.copy_object(b.bucket_name, "src", "dst")
    assert r.headers["x-oss-copy-source-version-id"] == v1
    assert r.versionid and r.versionid != v1
    assert r.etag == b.head_object("src").etag


def test_copy_of_a_delete_marker_fails(versioned_bucket):
    b = versioned_bucket
    b.put_object("src", b"abc")
    marker = b.delete_object("src").versionid
    with pytest.raises(oss2.exceptions.NoSuchKey) as e:
        b.copy_object(b.bucket_name, "src", "dst")
    assert_oss_error(e.value, 404, "NoSuchKey", "0016-00000307")
    with pytest.raises(oss2.exceptions.NoSuchKey) as e:
        b.copy_object(b.bucket_name, "src", "dst", params={"versionId": marker})
    assert_oss_error(e.value, 404, "NoSuchKey", "0016-00000307")


def test_copy_across_buckets_by_version(versioned_bucket, endpoint, auth, bucket_name):
    src = versioned_bucket
    v1 = src.put_object("a/b c+d.txt", b"one").versionid
    src.put_object("a/b c+d.txt", b"two")
    dst = oss2.Bucket(auth, endpoint, bucket_name[:50] + "-dst", is_path_style=True)
    dst.create_bucket()
    try:
        r = dst.copy_object(src.bucket_name, "a/b c+d.txt", "copy.txt", params={"versionId": v1})
        assert r.headers["x-oss-copy-source-version-id"] == v1
        assert r.versionid is None  # destination never versioned
        assert dst.get_object("copy.txt").read() == b"one"
    finally:
        dst.delete_object("copy.txt")
        dst.delete_bucket()


# ---- suspended: null versions -----------------------------------------------------------------


def test_suspended_put_copy_delete_use_the_null_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("k", b"enabled-1").versionid
    b.put_bucket_versioning(BucketVersioningConfig("Suspended"))

    p = b.put_object("k", b"null-a")
    assert p.versionid == "null"
    p = b.put_object("k", b"null-b")
    assert p.versionid == "null"
    listing = b.list_object_versions()
    assert [(v.versionid, v.is_latest) for v in listing.versions] == [("null", True), (v1, False)]
    assert b.get_object("k", params={"versionId": "null"}).read() == b"null-b"
    head = b.head_object("k")
    assert head.versionid == "null"

    # Copy in a suspended bucket overwrites the null version too.
    c = b.copy_object(b.bucket_name, "k", "k", params={"versionId": v1})
    assert c.versionid == "null"
    assert c.headers["x-oss-copy-source-version-id"] == v1
    assert b.get_object("k").read() == b"enabled-1"
    assert [v.versionid for v in b.list_object_versions().versions] == ["null", v1]

    # Delete without a version: a null delete marker replaces the null version.
    d = b.delete_object("k")
    assert (d.delete_marker, d.versionid) == (True, "null")
    listing = b.list_object_versions()
    assert [(m.versionid, m.is_latest) for m in listing.delete_marker] == [("null", True)]
    assert [(v.versionid, v.is_latest) for v in listing.versions] == [(v1, False)]

    # Delete with a version in a suspended bucket is permanent.
    r = b.delete_object("k", params={"versionId": v1})
    assert r.versionid == v1
    listing = b.list_object_versions()
    assert listing.versions == []
    assert [m.versionid for m in listing.delete_marker] == ["null"]


def test_pre_versioning_objects_become_null_versions(new_bucket):
    b = new_bucket
    b.put_object("old", b"before")
    b.put_bucket_versioning(BucketVersioningConfig("Enabled"))
    assert b.head_object("old").versionid == "null"
    v = b.put_object("old", b"after").versionid
    assert v != "null"
    assert b.get_object("old", params={"versionId": "null"}).read() == b"before"
    assert [x.versionid for x in b.list_object_versions().versions] == [v, "null"]


# ---- batch delete ----------------------------------------------------------------------------


def test_batch_delete_without_versions_creates_markers(versioned_bucket):
    b = versioned_bucket
    for k in ("a", "b/c", "d e"):
        b.put_object(k, k.encode())
    r = b.batch_delete_objects(["a", "b/c", "d e"])
    assert r.status == 200
    assert sorted(r.deleted_keys) == ["a", "b/c", "d e"]
    assert len(r.delete_versions) == 3
    for dv in r.delete_versions:
        assert dv.delete_marker is True
        assert VERSION_ID.match(dv.delete_marker_versionid)
        assert dv.versionid in (None, "")
    markers = {m.key: m.versionid for m in b.list_object_versions().delete_marker}
    assert markers == {dv.key: dv.delete_marker_versionid for dv in r.delete_versions}


def test_batch_delete_with_versions(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("a", b"1").versionid
    v2 = b.put_object("a", b"2").versionid
    marker = b.delete_object("a").versionid
    lst = BatchDeleteObjectVersionList(
        [BatchDeleteObjectVersion("a", v1), BatchDeleteObjectVersion("a", marker)]
    )
    r = b.delete_object_versions(lst)
    got = {dv.versionid: dv for dv in r.delete_versions}
    assert set(got) == {v1, marker}
    assert not got[v1].delete_marker
    assert got[marker].delete_marker is True
    assert got[marker].delete_marker_versionid == marker
    assert [v.versionid for v in b.list_object_versions().versions] == [v2]
    assert b.get_object("a").read() == b"2"


def test_batch_delete_invalid_version_is_rejected_whole(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("a", b"1").versionid
    lst = BatchDeleteObjectVersionList(
        [BatchDeleteObjectVersion("a", v1), BatchDeleteObjectVersion("a", "234")]
    )
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.delete_object_versions(lst)
    assert_oss_error(e.value, 400, "InvalidArgument", "0012-00000202")
    assert b.get_object("a").versionid == v1


# ---- ranges and conditional GETs --------------------------------------------------------------


def test_ranges(new_bucket):
    b = new_bucket
    b.put_object("r", b"0123456789")
    got = b.get_object("r", byte_range=(2, 5))
    assert got.status == 206
    assert got.read() == b"2345"
    assert got.headers["Content-Range"] == "bytes 2-5/10"
    got = b.get_object("r", byte_range=(7, None))
    assert (got.status, got.read()) == (206, b"789")
    got = b.get_object("r", byte_range=(None, 3))
    assert (got.status, got.read()) == (206, b"789")
    # Past the end: OSS ignores the range and sends the whole object (200) ...
    got = b.get_object("r", byte_range=(10, 20))
    assert (got.status, got.read()) == (200, b"0123456789")
    # ... unless the client opts in to standard behaviour, which gives 416.
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("r", byte_range=(10, 20), headers={"x-oss-range-behavior": "standard"})
    assert_oss_error(e.value, 416, "InvalidRange", "0016-00000203")
    # Range end past the size is clamped.
    got = b.get_object("r", byte_range=(8, 100))
    assert (got.status, got.read(), got.headers["Content-Range"]) == (206, b"89", "bytes 8-9/10")


def test_conditional_gets(new_bucket):
    b = new_bucket
    put = b.put_object("c", b"cond")
    etag = put.etag
    head = b.head_object("c")
    lm = head.headers["Last-Modified"]

    assert b.get_object("c", headers={"If-Match": f'"{etag}"'}).read() == b"cond"
    assert b.get_object("c", headers={"If-Match": etag}).read() == b"cond"
    with pytest.raises(oss2.exceptions.PreconditionFailed) as e:
        b.get_object("c", headers={"If-Match": '"0000"'})
    assert_oss_error(e.value, 412, "PreconditionFailed", "0016-00000304")
    with pytest.raises(oss2.exceptions.NotModified) as e:
        b.get_object("c", headers={"If-None-Match": f'"{etag}"'})
    assert e.value.status == 304
    with pytest.raises(oss2.exceptions.NotModified):
        b.get_object("c", headers={"If-Modified-Since": lm})
    assert b.get_object("c", headers={"If-Unmodified-Since": lm}).read() == b"cond"
    with pytest.raises(oss2.exceptions.PreconditionFailed):
        b.get_object("c", headers={"If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert (
        b.get_object("c", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).read()
        == b"cond"
    )


def test_object_headers_and_crc(new_bucket):
    b = new_bucket
    put = b.put_object("hello.txt", b"hello", headers={"x-oss-meta-color": "blue", "Cache-Control": "no-cache"})
    assert put.crc == 11177612005948864433
    assert put.etag == "5D41402ABC4B2A76B9719D911017C592"
    assert put.headers["Content-MD5"] == "XUFAKrxLKna5cZ2REBfFkg=="
    got = b.get_object("hello.txt")
    assert got.headers["x-oss-hash-crc64ecma"] == "11177612005948864433"
    assert got.headers["Content-Type"] == "text/plain"
    assert got.headers["x-oss-meta-color"] == "blue"
    assert got.headers["Cache-Control"] == "no-cache"
    assert got.headers["Accept-Ranges"] == "bytes"
    assert re.match(r"^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$", got.headers["Last-Modified"])
    assert re.match(r"^[0-9A-F]{24}$", got.request_id)
    assert got.headers["Server"] == "AliyunOSS"
    assert got.read() == b"hello"
