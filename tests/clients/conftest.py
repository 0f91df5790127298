"""Independent clients (Apache OpenDAL's Python binding, fsspec's ossfs) against a local
`osslab serve`. This suite has its own venv (ossfs pins oss2 2.18.4; tests/sdk pins 2.19.1), so
it starts the server itself rather than importing tests/sdk's fixtures. OSSLAB_BIN names the
binary (scripts/test builds it with the `server` profile)."""

import os
import pathlib
import re
import subprocess
import threading
import uuid

import oss2
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")
AK = "LTAIclients"
SK = "clients-secret"


@pytest.fixture(scope="session")
def endpoint():
    binary = os.environ.get("OSSLAB_BIN") or str(ROOT / "target" / "server" / "osslab")
    proc = subprocess.Popen(
        [binary, "serve", "--addr", "127.0.0.1:0"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    found = {}

    def read():
        for line in proc.stdout:
            m = LISTENING.search(line)
            if m:
                found["url"] = m.group(1)
                break

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(timeout=30)
    if "url" not in found:
        proc.kill()
        pytest.fail(f"{binary} serve printed no 'listening on' line", pytrace=False)
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    yield found["url"]
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def bucket(endpoint, request):
    """A fresh bucket (oss2, path style), emptied of every version and removed afterwards."""
    stem = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:30].strip("-")
    b = oss2.Bucket(oss2.Auth(AK, SK), endpoint, f"c-{stem}-{uuid.uuid4().hex[:10]}", is_path_style=True)
    b.create_bucket()
    yield b
    while True:
        listing = b.list_object_versions(max_keys=1000)
        entries = [(v.key, v.versionid) for v in listing.versions]
        entries += [(m.key, m.versionid) for m in listing.delete_marker]
        if not entries:
            break
        for key, vid in entries:
            b.delete_object(key, params={"versionId": vid})
    for u in oss2.MultipartUploadIterator(b):
        b.abort_multipart_upload(u.key, u.upload_id)
    b.delete_bucket()


@pytest.fixture
def versioned(bucket):
    bucket.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    return bucket
