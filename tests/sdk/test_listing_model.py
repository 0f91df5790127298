"""Listings cross-checked against a client-side model: random writes and deletes over keys
that nest under a delimiter, then every prefix/delimiter/max-keys combination paged to the
end must give exactly what the model predicts."""

import random
import xml.etree.ElementTree as ET

import oss2
import pytest

NAMES = ["a", "a/b", "a/b/c", "a/d", "b", "b/x/y", "c/", "c/z", "d e/f", "é/1", "é2", "+/p"]
SHAPES = [("", "/"), ("a/", "/"), ("", ""), ("b", "/"), ("", "b"), ("é", "/")]


def model(expected, prefix, delimiter):
    """The stream a listing should give: ('v', key, vid, is_latest) and ('p', prefix)."""
    out, seen = [], set()
    for k in sorted(expected, key=lambda s: s.encode()):
        if not k.startswith(prefix) or not expected[k]:
            continue
        rest = k[len(prefix):]
        if delimiter and delimiter in rest:
            p = prefix + rest[: rest.index(delimiter) + len(delimiter)]
            if p not in seen:
                seen.add(p)
                out.append(("p", p))
            continue
        for i, vid in enumerate(expected[k]):
            out.append(("v", k, vid, "true" if i == 0 else "false"))
    return out


def versions_stream(bucket, prefix, delimiter, max_keys):
    got, km, vm = [], "", ""
    for _ in range(500):
        q = {"versions": "", "encoding-type": "url", "max-keys": str(max_keys)}
        for name, value in (("prefix", prefix), ("delimiter", delimiter), ("key-marker", km), ("version-id-marker", vm)):
            if value:
                q[name] = value
        root = ET.fromstring(bucket._do("GET", bucket.bucket_name, "", params=q).read())
        page = []
        for el in root:
            if el.tag in ("Version", "DeleteMarker"):
                page.append(
                    ("v", oss2.compat.urlunquote(el.findtext("Key")), el.findtext("VersionId"), el.findtext("IsLatest"))
                )
            elif el.tag == "CommonPrefixes":
                page.append(("p", oss2.compat.urlunquote(el.findtext("Prefix"))))
        assert len(page) <= max_keys
        got += page
        if root.findtext("IsTruncated") != "true":
            return got
        assert len(page) == max_keys
        km = oss2.compat.urlunquote(root.findtext("NextKeyMarker"))
        vm = root.findtext("NextVersionIdMarker") or ""
    raise AssertionError("listing never ended")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_list_object_versions_match_the_model(versioned_bucket, seed):
    b = versioned_bucket
    rng = random.Random(seed)
    expected = {}
    for _ in range(50):
        k = rng.choice(NAMES)
        r = rng.random()
        if r < 0.2:
            vid = b.delete_object(k).versionid
        elif r < 0.3 and expected.get(k):
            vid = rng.choice(expected[k])
            b.delete_object(k, params={"versionId": vid})
            expected[k].remove(vid)
            continue
        else:
            vid = b.put_object(k, b"x").versionid
        expected.setdefault(k, []).insert(0, vid)
    for prefix, delimiter in SHAPES:
        want = model(expected, prefix, delimiter)
        for max_keys in (1, 2, 5, 1000):
            got = versions_stream(b, prefix, delimiter, max_keys)
            # Entries and prefixes each in listing order; OSS groups CommonPrefixes after the
            # entries of a page, so compare the two kinds separately.
            assert [g for g in got if g[0] == "v"] == [w for w in want if w[0] == "v"], (prefix, delimiter, max_keys)
            assert [g for g in got if g[0] == "p"] == [w for w in want if w[0] == "p"], (prefix, delimiter, max_keys)


@pytest.mark.parametrize("seed", [4, 5])
def test_list_objects_v1_and_v2_match_the_model(versioned_bucket, seed):
    b = versioned_bucket
    rng = random.Random(seed)
    live = set()
    for _ in range(40):
        k = rng.choice(NAMES)
        if rng.random() < 0.3:
            b.delete_object(k)
            live.discard(k)
        else:
            b.put_object(k, b"x")
            live.add(k)
    for prefix, delimiter in SHAPES:
        want = [t[:2] for t in model({k: ["x"] for k in live}, prefix, delimiter)]
        for max_keys in (1, 2, 5):
            got, marker = [], ""
            for _ in range(500):
                r = b.list_objects(prefix=prefix, delimiter=delimiter, marker=marker, max_keys=max_keys)
                assert len(r.object_list) + len(r.prefix_list) <= max_keys
                got += [("v", o.key) for o in r.object_list] + [("p", p) for p in r.prefix_list]
                if not r.is_truncated:
                    break
                marker = r.next_marker
            assert sorted(got) == sorted(want), (prefix, delimiter, max_keys)
            assert len(got) == len(want)
            got2, token = [], ""
            for _ in range(500):
                r = b.list_objects_v2(
                    prefix=prefix, delimiter=delimiter, continuation_token=token, max_keys=max_keys
                )
                got2 += [("v", o.key) for o in r.object_list] + [("p", p) for p in r.prefix_list]
                if not r.is_truncated:
                    break
                token = r.next_continuation_token
            assert sorted(got2) == sorted(want), (prefix, delimiter, max_keys)
            assert len(got2) == len(want)
