"""Helpers shared by the SDK conformance suites (fixtures live in conftest.py)."""

import datetime
import json
import urllib.request

import alibabacloud_oss_v2 as oss
import oss2

class Clock:
    """The server's virtual clock over HTTP (`/_osslab/clock`)."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    def now(self):
        with urllib.request.urlopen(f"{self.endpoint}/_osslab/clock", timeout=10) as r:
            assert r.status == 200
            return _parse_rfc3339(json.loads(r.read())["now"])

    def advance(self, seconds):
        req = urllib.request.Request(
            f"{self.endpoint}/_osslab/clock/advance?seconds={int(seconds)}", method="POST", data=b""
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200
            return _parse_rfc3339(json.loads(r.read())["now"])


def _parse_rfc3339(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def service_error(exc_info):
    """The v2 SDK's ServiceError inside an OperationError."""
    err = exc_info.value
    while not isinstance(err, oss.exceptions.ServiceError):
        inner = err.unwrap() if hasattr(err, "unwrap") else None
        assert inner is not None, f"no ServiceError in {exc_info.value!r}"
        err = inner
    return err


def assert_oss_error(exc, status, code, ec):
    """oss2 exception: status, Code and EC exactly (EC from the body or x-oss-ec)."""
    assert (exc.status, exc.code) == (status, code), f"{exc.status} {exc.code}: {exc.message}"
    assert exc.ec == ec, f"EC {exc.ec!r} != {ec!r} ({exc.code}: {exc.message})"


def empty_and_delete(bucket):
    """Remove every version, delete marker and multipart upload, then the bucket itself."""
    try:
        while True:
            listing = bucket.list_object_versions(max_keys=1000)
            entries = [(v.key, v.versionid) for v in listing.versions] + [
                (m.key, m.versionid) for m in listing.delete_marker
            ]
            if not entries:
                break
            for key, vid in entries:
                bucket.delete_object(key, params={"versionId": vid})
        for upload in oss2.MultipartUploadIterator(bucket):
            bucket.abort_multipart_upload(upload.key, upload.upload_id)
        bucket.delete_bucket()
    except oss2.exceptions.NoSuchBucket:
        pass
