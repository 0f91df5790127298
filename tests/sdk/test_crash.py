"""Crash test of `osslab serve --data-dir`: acknowledged means on disk.

Several writer threads run puts, overwrites, deletes with and without version ids,
multipart uploads (initiate, parts, complete) and archive restores against a durable server;
each writer owns its keys, so the expected state of every key follows from the responses it
got. The server is SIGKILLed at random moments (OSSLAB_CRASH_KILLS times, default 24) and
restarted; after each restart every acknowledged write must be there (same version id, ETag
and body), the one request in flight per writer may have happened or not but never half,
and listings must agree with the versions. Raw HTTP (http.client), so that the driver knows
exactly which requests were answered.
"""

import hashlib
import http.client
import os
import random
import threading
import time
import traceback
import urllib.parse
import xml.etree.ElementTree as ET

from durable_server import DurableServer

KILLS = int(os.environ.get("OSSLAB_CRASH_KILLS", "24"))
WRITERS = 6
MAX_VERSIONS = 12  # per key; above it a writer deletes versions by id
PART = 100 * 1024  # OSS's minimum size of a part that is not the last
VERSIONING = b"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"


class Lost(Exception):
    """The server went away before answering."""


def request(url, method, path, body=b"", headers=None):
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    except (OSError, http.client.HTTPException) as e:
        raise Lost(repr(e)) from e
    finally:
        conn.close()


def etag_of(body):
    return hashlib.md5(body).hexdigest().upper()


def q(key):
    return urllib.parse.quote(key, safe="/")


def xml_text(data, tag):
    for el in ET.fromstring(data).iter():
        if el.tag == tag:
            return el.text
    return None


class Writer:
    """One client thread and the model of the keys it owns."""

    def __init__(self, n, seed):
        self.n = n
        self.rng = random.Random(seed)
        self.keys = [f"w{n}/k{i}" for i in range(3)]
        self.mp_key = f"w{n}/mp"
        self.plain_key = f"w{n}/p"
        self.cold_keys = [f"w{n}/a{i}" for i in range(2)]
        # key -> versions oldest first: {"id", "marker", "body", "etag"}
        self.versions = {k: [] for k in self.keys + [self.mp_key]}
        self.plain = None  # current body of the unversioned key
        self.upload = None  # {"id", "parts": {n: (etag, body)}}
        self.restored = set()
        self.maybe = None  # the request in flight when the server died
        self.acked = 0
        self.error = None

    # ---- operations ------------------------------------------------------------------------

    def step(self, url):
        r = self.rng.random()
        key = self.rng.choice(self.keys)
        live = self.versions[key]
        if len(live) >= MAX_VERSIONS or (r < 0.2 and live):
            return self.delete_version(url, key, self.rng.choice(live)["id"])
        if r < 0.55:
            return self.put(url, key)
        if r < 0.65:
            return self.delete_marker(url, key)
        if r < 0.8:
            return self.multipart(url)
        if r < 0.92:
            return self.overwrite_plain(url)
        return self.restore(url)

    def put(self, url, key):
        body = self.rng.randbytes(self.rng.randint(0, 3000))
        self.maybe = {"op": "put", "key": key, "body": body}
        s, h, _ = request(url, "PUT", f"/crash/{q(key)}", body)
        assert s == 200, (s, key)
        assert h["etag"].strip('"') == etag_of(body)
        self.versions[key].append(
            {"id": h["x-oss-version-id"], "marker": False, "body": body, "etag": etag_of(body)}
        )

    def delete_marker(self, url, key):
        self.maybe = {"op": "marker", "key": key}
        s, h, _ = request(url, "DELETE", f"/crash/{q(key)}")
        assert s == 204, (s, key)
        assert h.get("x-oss-delete-marker") == "true"
        self.versions[key].append(
            {"id": h["x-oss-version-id"], "marker": True, "body": None, "etag": None}
        )

    def delete_version(self, url, key, vid):
        self.maybe = {"op": "delete-version", "key": key, "id": vid}
        s, _, _ = request(url, "DELETE", f"/crash/{q(key)}?versionId={q(vid)}")
        assert s == 204, (s, key, vid)
        self.versions[key] = [v for v in self.versions[key] if v["id"] != vid]

    def multipart(self, url):
        key = self.mp_key
        if self.upload is None:
            self.maybe = {"op": "initiate"}
            s, _, data = request(url, "POST", f"/crash/{q(key)}?uploads")
            assert s == 200, s
            self.upload = {"id": xml_text(data, "UploadId"), "parts": {}}
        elif len(self.upload["parts"]) < 2:
            n = len(self.upload["parts"]) + 1
            body = self.rng.randbytes(PART if n == 1 else self.rng.randint(1, 500))
            uid = self.upload["id"]
            self.maybe = {"op": "part", "n": n, "body": body}
            s, h, _ = request(url, "PUT", f"/crash/{q(key)}?partNumber={n}&uploadId={uid}", body)
            assert s == 200, s
            self.upload["parts"][n] = (h["etag"].strip('"'), body)
        else:
            parts = self.upload["parts"]
            xml = "<CompleteMultipartUpload>" + "".join(
                f"<Part><PartNumber>{n}</PartNumber><ETag>\"{e}\"</ETag></Part>"
                for n, (e, _) in sorted(parts.items())
            ) + "</CompleteMultipartUpload>"
            body = b"".join(b for _, (_, b) in sorted(parts.items()))
            # OSS: MD5 of the parts' upper-case hex ETags, then -<part count>.
            digest = hashlib.md5("".join(e for _, (e, _) in sorted(parts.items())).encode())
            etag = f"{digest.hexdigest().upper()}-{len(parts)}"
            self.maybe = {"op": "complete", "key": key, "body": body, "etag": etag,
                          "upload": self.upload["id"]}
            s, h, data = request(url, "POST", f"/crash/{q(key)}?uploadId={self.upload['id']}",
                                 xml.encode())
            assert s == 200, (s, data)
            assert xml_text(data, "ETag").strip('"') == etag
            self.versions[key].append(
                {"id": h["x-oss-version-id"], "marker": False, "body": body, "etag": etag}
            )
            self.upload = None

    def overwrite_plain(self, url):
        body = self.rng.randbytes(self.rng.randint(1, 2000))
        self.maybe = {"op": "plain", "body": body}
        s, _, _ = request(url, "PUT", f"/crash-plain/{q(self.plain_key)}", body)
        assert s == 200, s
        self.plain = body

    def restore(self, url):
        key = self.rng.choice(self.cold_keys)
        self.maybe = {"op": "restore", "key": key}
        s, _, data = request(url, "POST", f"/crash-cold/{q(key)}?restore")
        # 202 started; 409 already in progress; 200 already restored (extended).
        assert s in (200, 202, 409), (s, data)
        self.restored.add(key)

    def run(self, url, stop):
        try:
            while not stop.is_set():
                self.step(url)
                self.maybe = None
                self.acked += 1
        except Lost:
            pass  # killed: self.maybe stays, the verification decides
        except AssertionError:
            if not stop.is_set():
                self.error = traceback.format_exc()

    # ---- verification after a restart ------------------------------------------------------

    def verify(self, url):
        m = self.maybe or {}
        for key in self.versions:
            self.verify_key(url, key, m)
        self.verify_plain(url, m)
        self.verify_upload(url, m)
        for key in self.cold_keys:
            _, h, _ = request(url, "HEAD", f"/crash-cold/{q(key)}")
            restoring = "x-oss-restore" in h
            if key not in self.restored and restoring:
                assert m.get("op") == "restore" and m["key"] == key, f"{key}: restore never asked"
                self.restored.add(key)
            assert restoring == (key in self.restored), key
        self.maybe = None

    def verify_key(self, url, key, m):
        s, _, data = request(url, "GET", f"/crash?versions&prefix={q(key)}&max-keys=1000")
        assert s == 200
        seen = []  # newest first, as listed
        for el in ET.fromstring(data):
            if el.tag in ("Version", "DeleteMarker") and el.findtext("Key") == key:
                seen.append({"id": el.findtext("VersionId"), "marker": el.tag == "DeleteMarker",
                             "latest": el.findtext("IsLatest") == "true",
                             "etag": (el.findtext("ETag") or "").strip('"') or None})
        seen.reverse()
        model = self.versions[key]
        ids = [v["id"] for v in model]
        got = [v["id"] for v in seen]
        if m.get("key") == key and m["op"] == "delete-version" and got == [i for i in ids if i != m["id"]]:
            model = [v for v in model if v["id"] != m["id"]]
        elif m.get("key") == key and m["op"] in ("put", "marker", "complete") and got[:-1] == ids and len(got) == len(ids) + 1:
            new = seen[-1]
            body = m.get("body")
            etag = m.get("etag") or (etag_of(body) if body is not None else None)
            assert new["marker"] == (m["op"] == "marker"), (key, new, m["op"])
            model = model + [{"id": new["id"], "marker": new["marker"], "body": body,
                              "etag": None if new["marker"] else etag}]
            if m["op"] == "complete":
                self.upload = None
        assert [v["id"] for v in model] == got, f"{key}: listed {got}, expected {ids} (in flight: {m.get('op')})"
        for v, listed in zip(model, seen):
            assert v["marker"] == listed["marker"], (key, v["id"])
            assert listed["latest"] == (v is model[-1]), (key, v["id"])
            if v["marker"]:
                continue
            assert listed["etag"] == v["etag"], (key, v["id"])
            s, h, body = request(url, "GET", f"/crash/{q(key)}?versionId={q(v['id'])}")
            assert s == 200, (key, v["id"], s)
            assert body == v["body"], (key, v["id"])
            assert h["etag"].strip('"') == v["etag"]
        # The current listing agrees with the newest version.
        s, _, data = request(url, "GET", f"/crash?prefix={q(key)}")
        current = [el for el in ET.fromstring(data).iter("Contents") if el.findtext("Key") == key]
        if model and not model[-1]["marker"]:
            assert len(current) == 1 and current[0].findtext("ETag").strip('"') == model[-1]["etag"]
        else:
            assert current == [], key
        self.versions[key] = model

    def verify_plain(self, url, m):
        s, _, body = request(url, "GET", f"/crash-plain/{q(self.plain_key)}")
        if self.plain is None and s == 404:
            return
        assert s == 200, s
        if body != self.plain:
            assert m.get("op") == "plain" and body == m["body"], "plain key: neither acked nor in-flight body"
        self.plain = body

    def verify_upload(self, url, m):
        s, _, data = request(url, "GET", f"/crash?uploads&prefix={q(self.mp_key)}")
        assert s == 200
        listed = [el.findtext("UploadId") for el in ET.fromstring(data).iter("Upload")]
        if self.upload is None:
            if m.get("op") == "initiate" and len(listed) == 1:
                self.upload = {"id": listed[0], "parts": {}}
            else:
                assert listed == [], listed
                return
        assert listed == [self.upload["id"]], (listed, self.upload["id"])
        uid = self.upload["id"]
        s, _, data = request(url, "GET", f"/crash/{q(self.mp_key)}?uploadId={uid}")
        assert s == 200
        parts = {int(p.findtext("PartNumber")): p.findtext("ETag").strip('"')
                 for p in ET.fromstring(data).iter("Part")}
        expected = {n: e for n, (e, _) in self.upload["parts"].items()}
        if parts != expected and m.get("op") == "part":
            assert parts == {**expected, m["n"]: etag_of(m["body"])}, parts
            self.upload["parts"][m["n"]] = (etag_of(m["body"]), m["body"])
        else:
            assert parts == expected, (parts, expected)


def setup_buckets(url, writers):
    for name in ("crash", "crash-plain", "crash-cold"):
        assert request(url, "PUT", f"/{name}")[0] == 200
    assert request(url, "PUT", "/crash?versioning", VERSIONING)[0] == 200
    for w in writers:
        for key in w.cold_keys:
            s, _, _ = request(url, "PUT", f"/crash-cold/{q(key)}", b"frozen " + key.encode(),
                              {"x-oss-storage-class": "Archive"})
            assert s == 200


def test_acknowledged_writes_survive_sigkill(tmp_path):
    seed = int(os.environ.get("OSSLAB_CRASH_SEED", time.time_ns() % 1_000_000))
    print(f"crash test seed {seed} (OSSLAB_CRASH_SEED={seed} repeats it)")
    rng = random.Random(seed)
    server = DurableServer(tmp_path / "data")
    url = server.start()
    writers = [Writer(n, rng.random()) for n in range(WRITERS)]
    started = time.monotonic()
    try:
        setup_buckets(url, writers)
        for kill in range(KILLS):
            stop = threading.Event()
            threads = [threading.Thread(target=w.run, args=(url, stop)) for w in writers]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.05, 0.8))
            server.kill()
            stop.set()
            for t in threads:
                t.join(timeout=30)
            for w in writers:
                assert w.error is None, f"writer {w.n}: {w.error}"
            url = server.start()
            for w in writers:
                w.verify(url)
        total = sum(w.acked for w in writers)
        print(f"{KILLS} kills, {total} acknowledged writes verified, "
              f"{time.monotonic() - started:.1f} s")
        assert total > KILLS, "the writers got almost nothing done"
        # A clean stop keeps everything too.
        url = server.restart("stop")
        for w in writers:
            w.verify(url)
    finally:
        server.kill()
