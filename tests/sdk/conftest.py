"""SDK conformance fixtures: real OSS SDKs against a local `osslab serve`.

The session starts the native binary built by scripts/test (`cargo build --profile server --bin
osslab`); nothing is built here. Override the binary with OSSLAB_BIN.
"""

import os
import pathlib
import re
import subprocess
import threading
import uuid

import alibabacloud_oss_v2 as oss
import oss2
import pytest

from osstest import Clock, empty_and_delete

ROOT = pathlib.Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")

# Any credentials will do for the local endpoint.
ACCESS_KEY_ID = "osslab-test-key"
ACCESS_KEY_SECRET = "osslab-test-secret"


def _binary() -> pathlib.Path:
    if os.environ.get("OSSLAB_BIN"):
        return pathlib.Path(os.environ["OSSLAB_BIN"])
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return target / "server" / "osslab"


def _serve(*extra_args):
    """Starts `osslab serve --addr 127.0.0.1:0 EXTRA...`, yields `http://127.0.0.1:PORT`, stops it."""
    binary = _binary()
    if not binary.exists():
        pytest.fail(
            f"{binary} not found: run `cargo build --profile server --bin osslab`",
            pytrace=False,
        )
    proc = subprocess.Popen(
        [str(binary), "serve", "--addr", "127.0.0.1:0", *extra_args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=None,  # the server's log goes to pytest's captured stderr
        text=True,
        bufsize=1,
    )
    seen = []
    found = {}

    def read_until_listening():
        for line in proc.stdout:
            seen.append(line.rstrip("\n"))
            match = LISTENING.search(line)
            if match:
                found["url"] = match.group(1)
                break

    reader = threading.Thread(target=read_until_listening, daemon=True)
    reader.start()
    reader.join(timeout=30)
    try:
        if "url" not in found:
            proc.kill()
            proc.wait(timeout=10)
            pytest.fail(
                f"`{binary} serve --addr 127.0.0.1:0` printed no 'listening on http://127.0.0.1:PORT' "
                f"line (exit code {proc.returncode}); stdout was: {seen!r}",
                pytrace=False,
            )
        # Keep draining stdout so the server never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        yield found["url"]
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="session")
def endpoint():
    """The open server (no signature checks): `http://127.0.0.1:PORT`."""
    yield from _serve()


# Key pair the signing server (`signed_endpoint`) accepts.
SIGNED_AK = "LTAIosslabSigned"
SIGNED_SK = "osslab-signed-secret-0123456789"
REGION = "cn-hangzhou"


@pytest.fixture(scope="session")
def signed_endpoint():
    """A second server that verifies V1/V4 signatures against SIGNED_AK / SIGNED_SK."""
    yield from _serve("--access-key-id", SIGNED_AK, "--access-key-secret", SIGNED_SK)


@pytest.fixture(scope="session")
def auth():
    return oss2.Auth(ACCESS_KEY_ID, ACCESS_KEY_SECRET)


@pytest.fixture
def bucket_name(request):
    """A fresh, valid, unique bucket name per test (3-63 chars, lower-case, digits, '-')."""
    stem = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40].strip("-")
    return f"t-{stem}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def bucket(endpoint, auth, bucket_name):
    """An `oss2.Bucket` for a fresh bucket name, path-style (`http://127.0.0.1:PORT/bucket/key`).

    The bucket itself is not created: tests call `bucket.create_bucket()` when they need it.
    Afterwards it is emptied (every version, marker and upload) and deleted, because the
    server allows 100 buckets, like OSS.
    """
    b = oss2.Bucket(auth, endpoint, bucket_name, is_path_style=True)
    yield b
    empty_and_delete(b)


@pytest.fixture
def service(endpoint, auth):
    """An `oss2.Service` (ListBuckets) on the same endpoint."""
    return oss2.Service(auth, endpoint)


@pytest.fixture(scope="session")
def clock(endpoint):
    """Advance the open server's virtual clock: `clock.advance(seconds)` (never backwards).

    The clock is shared by every test of the session: tests that move it only rely on
    relative time from their own starting point.
    """
    return Clock(endpoint)


@pytest.fixture
def new_bucket(bucket):
    """`bucket`, created (unversioned)."""
    bucket.create_bucket()
    return bucket


@pytest.fixture
def versioned_bucket(bucket):
    """`bucket`, created with versioning Enabled."""
    bucket.create_bucket()
    bucket.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    return bucket


@pytest.fixture
def v2_client(endpoint):
    """An alibabacloud-oss-v2 client, path-style, static credentials, V4 signing."""
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(
        ACCESS_KEY_ID, ACCESS_KEY_SECRET
    )
    cfg.region = REGION
    cfg.endpoint = endpoint
    cfg.use_path_style = True
    cfg.retry_max_attempts = 1
    return oss.Client(cfg)


@pytest.fixture
def v2_anonymous(endpoint):
    """An alibabacloud-oss-v2 client without credentials (unsigned requests)."""
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.AnonymousCredentialsProvider()
    cfg.region = REGION
    cfg.endpoint = endpoint
    cfg.use_path_style = True
    cfg.retry_max_attempts = 1
    return oss.Client(cfg)


