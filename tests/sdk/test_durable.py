"""`osslab serve --data-dir DIR` through real SDKs: the state one sees before a clean stop and
before a SIGKILL is exactly the state after the restart (oss2 and alibabacloud-oss-v2), and
export/import move a lab between data directories. Bad data directories are refused with a
clear message.
"""

import hashlib
import json
import subprocess
import urllib.request

import alibabacloud_oss_v2 as oss
import oss2
import pytest

from durable_server import DurableServer, binary

AUTH = oss2.Auth("osslab-test-key", "osslab-test-secret")


def v2(url):
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider("k", "s")
    cfg.region = "cn-hangzhou"
    cfg.endpoint = url
    cfg.use_path_style = True
    cfg.retry_max_attempts = 1
    return oss.Client(cfg)


def clock_now(url):
    with urllib.request.urlopen(f"{url}/_osslab/clock", timeout=10) as r:
        return json.loads(r.read())["now"]


def advance(url, seconds):
    req = urllib.request.Request(
        f"{url}/_osslab/clock/advance?seconds={seconds}", method="POST", data=b""
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())["now"]


def build_lab(url):
    """A lab with versions, markers, null versions, an upload in progress, a restore and
    bucket settings, made through oss2 and the v2 SDK."""
    svc = oss2.Service(AUTH, url)
    b = oss2.Bucket(AUTH, url, "keep", is_path_style=True)
    b.create_bucket()
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    for body in (b"one", b"two", b"three"):
        b.put_object("doc.txt", body, headers={"Content-Type": "text/plain", "x-oss-meta-n": "1"})
    b.delete_object("doc.txt")  # marker
    b.put_object("other/key", b"x" * 3000)
    up = b.init_multipart_upload("big.bin").upload_id
    b.upload_part("big.bin", up, 1, b"p" * 120_000)
    b.upload_part("big.bin", up, 2, b"tail")
    done = b.init_multipart_upload("done.bin").upload_id
    r1 = b.upload_part("done.bin", done, 1, b"a" * 110_000)
    r2 = b.upload_part("done.bin", done, 2, b"b")
    b.complete_multipart_upload(
        "done.bin", done, [oss2.models.PartInfo(1, r1.etag), oss2.models.PartInfo(2, r2.etag)]
    )
    b.put_bucket_lifecycle(
        oss2.models.BucketLifecycle(
            [
                oss2.models.LifecycleRule(
                    "tmp", "tmp/", status="Enabled", expiration=oss2.models.LifecycleExpiration(days=30)
                )
            ]
        )
    )
    cold = oss2.Bucket(AUTH, url, "keep-cold", is_path_style=True)
    cold.create_bucket()
    cold.put_object("frozen", b"ice", headers={"x-oss-storage-class": "Archive"})
    cold.restore_object("frozen")
    plain = oss2.Bucket(AUTH, url, "keep-plain", is_path_style=True)
    plain.create_bucket()
    plain.put_object("k", b"first")
    plain.put_object("k", b"second")  # overwrite, unversioned
    c = v2(url)
    c.put_bucket(oss.PutBucketRequest(bucket="keep-v2"))
    c.put_bucket_versioning(
        oss.PutBucketVersioningRequest(
            bucket="keep-v2", versioning_configuration=oss.VersioningConfiguration(status="Suspended")
        )
    )
    c.put_object(oss.PutObjectRequest(bucket="keep-v2", key="n", body=b"null version"))
    advance(url, 30)
    assert len(svc.list_buckets().buckets) == 4


def state(url):
    """Everything a client can observe of the lab, via both SDKs, comparable with ==."""
    out = {}
    svc = oss2.Service(AUTH, url)
    out["buckets"] = sorted(b.name for b in svc.list_buckets().buckets)
    for name in out["buckets"]:
        b = oss2.Bucket(AUTH, url, name, is_path_style=True)
        listing = b.list_object_versions(max_keys=1000)
        versions = []
        for v in listing.versions:
            # Archive objects cannot be read before a restore completes: compare their listing.
            archived = v.storage_class in ("Archive", "ColdArchive", "DeepColdArchive")
            body = b"" if archived else b.get_object(v.key, params={"versionId": v.versionid}).read()
            versions.append(
                (v.key, v.versionid, v.etag, v.is_latest, v.size, v.storage_class,
                 hashlib.md5(body).hexdigest(), v.last_modified)
            )
        markers = [(m.key, m.versionid, m.is_latest) for m in listing.delete_marker]
        uploads = []
        for u in oss2.MultipartUploadIterator(b):
            parts = [(p.part_number, p.etag, p.size) for p in oss2.PartIterator(b, u.key, u.upload_id)]
            uploads.append((u.key, u.upload_id, parts))
        heads = {}
        for v in listing.versions:
            h = b.head_object(v.key, params={"versionId": v.versionid}).headers
            heads[f"{v.key}#{v.versionid}"] = {
                k: h.get(k)
                for k in ("ETag", "Content-Type", "x-oss-meta-n", "x-oss-restore",
                          "x-oss-hash-crc64ecma", "Last-Modified", "x-oss-storage-class")
            }
        cfg = {"versioning": b.get_bucket_versioning().status}
        try:
            cfg["lifecycle"] = [(r.id, r.prefix, r.status) for r in b.get_bucket_lifecycle().rules]
        except oss2.exceptions.NoSuchLifecycle:
            cfg["lifecycle"] = None
        out[name] = {"versions": versions, "markers": markers, "uploads": uploads,
                     "heads": heads, "config": cfg}
    c = v2(url)
    r = c.list_objects_v2(oss.ListObjectsV2Request(bucket="keep"))
    out["v2-current"] = sorted((o.key, o.etag, o.size) for o in r.contents or [])
    return out


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_state_survives_restart(tmp_path, how):
    server = DurableServer(tmp_path / "data")
    url = server.start()
    try:
        build_lab(url)
        before = state(url)
        clock_before = clock_now(url)
        url = server.restart(how)
        after = state(url)
        assert after == before
        # The clock kept its position (it runs on at real speed, so it can only be later).
        assert clock_now(url) >= clock_before
        # New version ids do not collide with the stored ones.
        b = oss2.Bucket(AUTH, url, "keep", is_path_style=True)
        new_id = b.put_object("doc.txt", b"after restart").versionid
        assert new_id not in {v[1] for v in before["keep"]["versions"]}
        assert new_id not in {m[1] for m in before["keep"]["markers"]}
        # An upload in progress can be completed after the restart.
        (key, upload_id, parts) = before["keep"]["uploads"][0]
        b.complete_multipart_upload(
            key, upload_id, [oss2.models.PartInfo(n, etag) for n, etag, _ in parts]
        )
        assert b.get_object(key).read() == b"p" * 120_000 + b"tail"
    finally:
        server.kill()


def test_export_import_round_trip(tmp_path):
    first = DurableServer(tmp_path / "a")
    url = first.start()
    try:
        build_lab(url)
        before = state(url)
    finally:
        first.stop()
    exported = tmp_path / "lab.osslab.json"
    run = lambda *args: subprocess.run([str(binary()), *args], capture_output=True, text=True, timeout=60)
    r = run("export", "--data-dir", str(tmp_path / "a"), str(exported))
    assert r.returncode == 0, r.stderr
    r = run("import", "--data-dir", str(tmp_path / "b"), str(exported))
    assert r.returncode == 0, r.stderr
    second = DurableServer(tmp_path / "b")
    url = second.start()
    try:
        assert state(url) == before
    finally:
        second.stop()

    # Damaged, truncated, foreign and newer files are refused and change nothing.
    text = exported.read_text()
    bad = {
        "truncated": (text[: len(text) // 2], "incomplete"),
        "foreign": ('{"name": "not a lab"}', "not an osslab lab export"),
        "newer": (text.replace('"version":2', '"version":99', 1), "newer osslab"),
        "damaged": (text.replace('"seq":', '"seq":"x","_":', 1), "damaged"),
    }
    for name, (content, says) in bad.items():
        f = tmp_path / f"{name}.json"
        f.write_text(content)
        r = run("import", "--data-dir", str(tmp_path / "b"), str(f))
        assert r.returncode != 0, name
        assert says in r.stderr, (name, r.stderr)
        assert "Nothing was changed" in r.stderr
    third = DurableServer(tmp_path / "b")
    url = third.start()
    try:
        assert state(url) == before
        # While a server holds the directory, export and import are refused.
        r = run("export", "--data-dir", str(tmp_path / "b"), str(tmp_path / "x.json"))
        assert r.returncode != 0 and "in use by another osslab process" in r.stderr, r.stderr
    finally:
        third.stop()


def test_bad_data_directories_are_refused_clearly(tmp_path):
    server = DurableServer(tmp_path / "data")
    server.start()
    try:
        second = subprocess.run(
            [str(binary()), "serve", "--addr", "127.0.0.1:0", "--data-dir", str(tmp_path / "data")],
            capture_output=True, text=True, timeout=30,
        )
        assert second.returncode != 0
        assert "in use by another osslab process" in second.stderr, second.stderr
        assert "panicked" not in second.stderr
    finally:
        server.stop()
    # A damaged database file.
    db = tmp_path / "data" / "osslab.sqlite"
    raw = bytearray(db.read_bytes())
    raw[:512] = b"\xa5" * 512
    db.write_bytes(bytes(raw))
    r = subprocess.run(
        [str(binary()), "serve", "--addr", "127.0.0.1:0", "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=30,
    )
    assert r.returncode != 0
    assert "osslab.sqlite" in r.stderr and "panicked" not in r.stderr, r.stderr
    # A path that cannot be a directory.
    plain = tmp_path / "plain"
    plain.write_text("x")
    r = subprocess.run(
        [str(binary()), "serve", "--addr", "127.0.0.1:0", "--data-dir", str(plain / "sub")],
        capture_output=True, text=True, timeout=30,
    )
    assert r.returncode != 0
    assert "cannot use data directory" in r.stderr and "panicked" not in r.stderr, r.stderr


def test_max_buckets(tmp_path):
    server = DurableServer(tmp_path / "data", "--max-buckets", "2")
    url = server.start()
    try:
        for name in ("mb-1", "mb-2"):
            oss2.Bucket(AUTH, url, name, is_path_style=True).create_bucket()
        with pytest.raises(oss2.exceptions.OssError) as e:
            oss2.Bucket(AUTH, url, "mb-3", is_path_style=True).create_bucket()
        assert e.value.code == "TooManyBuckets"
    finally:
        server.stop()
