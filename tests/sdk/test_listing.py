"""ListObjects, ListObjectsV2 and ListObjectVersions with the real oss2 SDK: prefixes,
delimiters, paging, awkward keys, and every version exactly once across pages."""

import random
import xml.etree.ElementTree as ET

import oss2
import pytest

AWKWARD = [
    "plain.txt",
    "dir/sub/file.txt",
    "dir/other.txt",
    "with space.txt",
    "plus+sign.txt",
    "percent%20literal",
    "ünïcödé/日本語.txt",
    "emoji-😀",
    "question?mark",
    "amp&lt;.xml",
    "tilde~and*star",
    "a//double",
]


def test_awkward_keys_round_trip(new_bucket):
    b = new_bucket
    for k in AWKWARD:
        b.put_object(k, k.encode())
    for k in AWKWARD:
        assert b.get_object(k).read() == k.encode(), k
        assert b.object_exists(k)
    listed = [o.key for o in oss2.ObjectIterator(b)]
    assert listed == sorted(AWKWARD, key=lambda s: s.encode())
    listed_v2 = [o.key for o in oss2.ObjectIteratorV2(b)]
    assert listed_v2 == listed
    versions = [v.key for v in b.list_object_versions().versions]
    assert versions == listed
    # Copy and batch delete with awkward keys.
    for k in AWKWARD:
        b.copy_object(b.bucket_name, k, "copy/" + k)
        assert b.get_object("copy/" + k).read() == k.encode()
    r = b.batch_delete_objects(["copy/" + k for k in AWKWARD])
    assert sorted(r.deleted_keys) == sorted("copy/" + k for k in AWKWARD)


def test_list_objects_prefix_delimiter_paging(new_bucket):
    b = new_bucket
    keys = ["a/1", "a/2", "a/b/3", "b/1", "c", "d/", "d/x"]
    for k in keys:
        b.put_object(k, b"x")
    r = b.list_objects(delimiter="/")
    assert [o.key for o in r.object_list] == ["c"]
    assert r.prefix_list == ["a/", "b/", "d/"]
    r = b.list_objects(prefix="a/", delimiter="/")
    assert [o.key for o in r.object_list] == ["a/1", "a/2"]
    assert r.prefix_list == ["a/b/"]
    # Paging with max-keys 2: prefixes count as entries.
    pages, marker = [], ""
    while True:
        r = b.list_objects(delimiter="/", marker=marker, max_keys=2)
        pages.append(([o.key for o in r.object_list], r.prefix_list))
        if not r.is_truncated:
            break
        marker = r.next_marker
    assert pages == [([], ["a/", "b/"]), (["c"], ["d/"])]
    # Without delimiter, every key, in byte order.
    all_keys = [o.key for o in oss2.ObjectIterator(b, max_keys=3)]
    assert all_keys == sorted(keys)
    # Marker that names no key: strictly after it.
    assert [o.key for o in b.list_objects(marker="a/b").object_list] == ["a/b/3", "b/1", "c", "d/", "d/x"]


def test_list_objects_v2_tokens_and_start_after(new_bucket):
    b = new_bucket
    keys = [f"k{i:02d}" for i in range(7)]
    for k in keys:
        b.put_object(k, b"x")
    seen, token = [], ""
    while True:
        r = b.list_objects_v2(continuation_token=token, max_keys=3)
        seen += [o.key for o in r.object_list]
        if not r.is_truncated:
            break
        token = r.next_continuation_token
    assert seen == keys
    r = b.list_objects_v2(start_after="k04")
    assert [o.key for o in r.object_list] == ["k05", "k06"]
    r = b.list_objects_v2(max_keys=1)
    assert r.object_list[0].owner is None
    r = b.list_objects_v2(max_keys=1, fetch_owner=True)
    assert r.object_list[0].owner.id


def test_list_objects_hides_delete_markers_and_old_versions(versioned_bucket):
    b = versioned_bucket
    b.put_object("live", b"1")
    b.put_object("live", b"2")
    b.put_object("dead", b"1")
    b.delete_object("dead")
    assert [o.key for o in b.list_objects().object_list] == ["live"]
    assert [o.key for o in b.list_objects_v2().object_list] == ["live"]
    assert [o.size for o in b.list_objects().object_list] == [1]


def raw_versions_page(bucket, **params):
    """A ListObjectVersions page parsed from the raw XML, keeping document order."""
    q = {"versions": "", "encoding-type": "url"}
    q.update({k: str(v) for k, v in params.items() if v not in ("", None)})
    resp = bucket._do("GET", bucket.bucket_name, "", params=q)
    root = ET.fromstring(resp.read())
    items = []
    for el in root:
        if el.tag in ("Version", "DeleteMarker"):
            items.append(
                (
                    oss2.compat.urlunquote(el.findtext("Key")),
                    el.findtext("VersionId"),
                    el.findtext("IsLatest"),
                    el.tag == "DeleteMarker",
                )
            )
    return root, items


def test_list_object_versions_paging_every_entry_once(versioned_bucket):
    """Many versions and markers over several keys; small pages; each entry exactly once,
    newest first within a key, IsLatest only on the newest, across page boundaries."""
    b = versioned_bucket
    rng = random.Random(7)
    expected = {}  # key -> [(vid, is_marker)] newest first
    keys = ["a", "b/c", "b/d", "e f", "g+h", "ü"]
    for _ in range(60):
        k = rng.choice(keys)
        if rng.random() < 0.3:
            vid = b.delete_object(k).versionid
            expected.setdefault(k, []).insert(0, (vid, True))
        else:
            vid = b.put_object(k, rng.randbytes(rng.randint(0, 20))).versionid
            expected.setdefault(k, []).insert(0, (vid, False))
    want = [
        (k, vid, "true" if i == 0 else "false", marker)
        for k in sorted(expected, key=lambda s: s.encode())
        for i, (vid, marker) in enumerate(expected[k])
    ]
    for max_keys in (1, 2, 3, 7, 1000):
        got, key_marker, vid_marker, pages = [], "", "", 0
        while True:
            root, items = raw_versions_page(
                b, **{"max-keys": max_keys, "key-marker": key_marker, "version-id-marker": vid_marker}
            )
            pages += 1
            assert len(items) <= max_keys
            got += items
            if root.findtext("IsTruncated") != "true":
                assert root.find("NextKeyMarker") is None
                break
            assert len(items) == max_keys
            key_marker = oss2.compat.urlunquote(root.findtext("NextKeyMarker"))
            vid_marker = root.findtext("NextVersionIdMarker")
            assert (key_marker, vid_marker) == items[-1][:2]
        assert got == want, f"max-keys {max_keys}"
        assert pages == -(-len(want) // max_keys) or max_keys == 1000


def test_list_object_versions_with_oss2_parser(versioned_bucket):
    """oss2's own parser across pages: versions + markers collected exactly once."""
    b = versioned_bucket
    ids = set()
    for i in range(5):
        ids.add(b.put_object("k", str(i).encode()).versionid)
        if i % 2:
            ids.add(b.delete_object("k").versionid)
    seen, key_marker, vid_marker = [], "", ""
    while True:
        r = b.list_object_versions(key_marker=key_marker, versionid_marker=vid_marker, max_keys=2)
        seen += [v.versionid for v in r.versions] + [m.versionid for m in r.delete_marker]
        assert r.key_marker == key_marker
        if not r.is_truncated:
            break
        key_marker, vid_marker = r.next_key_marker, r.next_versionid_marker
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(ids) == 7


def test_list_object_versions_delimiter_and_prefix(versioned_bucket):
    b = versioned_bucket
    for k in ("dir/a", "dir/a", "dir/sub/x", "top"):
        b.put_object(k, b"1")
    r = b.list_object_versions(prefix="dir/", delimiter="/")
    assert [v.key for v in r.versions] == ["dir/a", "dir/a"]
    assert r.common_prefix == ["dir/sub/"]
    assert [v.is_latest for v in r.versions] == [True, False]
    r = b.list_object_versions(delimiter="/")
    assert r.common_prefix == ["dir/"]
    assert [v.key for v in r.versions] == ["top"]


def test_unversioned_bucket_lists_null_versions(new_bucket):
    b = new_bucket
    b.put_object("x", b"1")
    r = b.list_object_versions()
    assert [(v.key, v.versionid, v.is_latest) for v in r.versions] == [("x", "null", True)]
    assert (r.key_marker, r.next_key_marker) == ("", "")


@pytest.mark.parametrize("max_keys", [0, 1001])
def test_max_keys_out_of_range(new_bucket, max_keys):
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        new_bucket.list_objects(max_keys=max_keys)
    assert (e.value.status, e.value.code, e.value.ec) == (400, "InvalidArgument", "0017-00000101")
    with pytest.raises(oss2.exceptions.InvalidArgument) as e:
        new_bucket.list_object_versions(max_keys=max_keys)
    assert e.value.ec == "0017-00000101"


def test_prefixes_and_markers_with_space_plus_and_unicode(versioned_bucket):
    """Query values arrive form-encoded (space as '+', '+' as %2B): both must survive."""
    b = versioned_bucket
    for k in ("a b/1", "a+b/1", "a b/2", "ü x/1", "ab"):
        b.put_object(k, b"x")
    assert [o.key for o in b.list_objects(prefix="a b/").object_list] == ["a b/1", "a b/2"]
    assert [o.key for o in b.list_objects(prefix="a+b/").object_list] == ["a+b/1"]
    assert [o.key for o in b.list_objects_v2(prefix="ü x").object_list] == ["ü x/1"]
    assert [v.key for v in b.list_object_versions(prefix="a b").versions] == ["a b/1", "a b/2"]
    assert [v.key for v in b.list_object_versions(key_marker="a b/1").versions] == ["a b/2", "a+b/1", "ab", "ü x/1"]
    r = b.list_objects(delimiter="/")
    assert r.prefix_list == ["a b/", "a+b/", "ü x/"]
    assert [o.key for o in b.list_objects(marker="a b/2").object_list] == ["a+b/1", "ab", "ü x/1"]


def test_paging_resumes_after_a_null_version(new_bucket):
    """NextVersionIdMarker can be `null`; resuming from it continues with the older versions."""
    b = new_bucket
    b.put_object("k", b"pre-versioning")  # becomes the null version
    b.put_object("z", b"z")
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    v2 = b.put_object("k", b"enabled").versionid
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Suspended"))
    b.delete_object("z")  # a null marker replaces z's null version
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    v3 = b.put_object("k", b"latest").versionid
    r = b.list_object_versions(max_keys=3)
    assert [(v.key, v.versionid) for v in r.versions] == [("k", v3), ("k", v2), ("k", "null")]
    assert r.is_truncated
    assert (r.next_key_marker, r.next_versionid_marker) == ("k", "null")
    r = b.list_object_versions(key_marker="k", versionid_marker="null", max_keys=3)
    assert r.versions == []
    assert [(m.key, m.versionid, m.is_latest) for m in r.delete_marker] == [("z", "null", True)]
    assert not r.is_truncated
