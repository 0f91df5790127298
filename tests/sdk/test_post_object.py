"""PostObject (browser form upload) against `osslab serve` with a plain HTTP form client
(requests' multipart encoder), V1 and V4 signed policies, in a versioned bucket
(docs/fidelity.md §AppendObject, PostObject and symlinks). oss2 and alibabacloud-oss-v2 have
no form-upload helper, so the policy is signed here as OSS documents it."""

import base64
import datetime
import hashlib
import hmac
import json

import oss2
import pytest
import requests

from conftest import REGION, SIGNED_AK, SIGNED_SK
from osstest import empty_and_delete

FAR = "2099-01-01T00:00:00.000Z"


def encode_policy(conditions, expiration=FAR):
    return base64.b64encode(json.dumps({"expiration": expiration, "conditions": conditions}).encode()).decode()


def v1_fields(policy):
    sig = base64.b64encode(hmac.new(SIGNED_SK.encode(), policy.encode(), hashlib.sha1).digest()).decode()
    return {"OSSAccessKeyId": SIGNED_AK, "policy": policy, "Signature": sig}


def v4_fields(policy):
    now = datetime.datetime.now(datetime.timezone.utc)
    date = now.strftime("%Y%m%d")
    key = ("aliyun_v4" + SIGNED_SK).encode()
    for part in (date, REGION, "oss", "aliyun_v4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, policy.encode(), hashlib.sha256).hexdigest()
    return {
        "policy": policy,
        "x-oss-signature-version": "OSS4-HMAC-SHA256",
        "x-oss-credential": f"{SIGNED_AK}/{date}/{REGION}/oss/aliyun_v4_request",
        "x-oss-date": now.strftime("%Y%m%dT%H%M%SZ"),
        "x-oss-signature": sig,
    }


@pytest.fixture
def signed(signed_endpoint, bucket_name):
    b = oss2.Bucket(oss2.Auth(SIGNED_AK, SIGNED_SK), signed_endpoint, bucket_name, is_path_style=True)
    b.create_bucket()
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    yield b
    empty_and_delete(b)


def form_post(endpoint, bucket, fields, filename, data):
    # requests sends the data fields first and the file last, as OSS requires.
    return requests.post(f"{endpoint}/{bucket}", data=fields, files={"file": (filename, data)})


@pytest.mark.parametrize("signer", [v1_fields, v4_fields])
def test_signed_form_upload_makes_versions(signed_endpoint, signed, signer):
    policy = encode_policy([{"bucket": signed.bucket_name}, ["starts-with", "$key", "in/"], ["content-length-range", 1, 100]])
    fields = {"key": "in/${filename}", "x-oss-meta-who": "form", "Content-Type": "text/plain", "success_action_status": "201"}
    fields.update(signer(policy))
    r1 = form_post(signed_endpoint, signed.bucket_name, fields, "a.txt", b"first")
    assert r1.status_code == 201, r1.text
    assert "<Key>in/a.txt</Key>" in r1.text
    r2 = form_post(signed_endpoint, signed.bucket_name, fields, "a.txt", b"second")
    assert r2.status_code == 201, r2.text
    v1, v2 = r1.headers["x-oss-version-id"], r2.headers["x-oss-version-id"]
    assert v1 != v2
    assert signed.get_object("in/a.txt").read() == b"second"
    assert signed.get_object("in/a.txt", params={"versionId": v1}).read() == b"first"
    head = signed.head_object("in/a.txt")
    assert head.content_type == "text/plain"
    assert head.headers["x-oss-meta-who"] == "form"


def test_form_violations(signed_endpoint, signed):
    name = signed.bucket_name
    policy = encode_policy([["starts-with", "$key", "in/"], ["content-length-range", 1, 4]])
    ok = {"key": "in/x", **v1_fields(policy)}

    def err(fields, data=b"abc"):
        r = form_post(signed_endpoint, name, fields, "f", data)
        return r.status_code, r.headers.get("x-oss-ec"), r.text

    status, ec, text = err({**ok, "key": "out/x"})
    assert (status, ec) == (403, "0006-00000227"), text
    assert "Policy Condition failed" in text
    assert err(ok, b"too big")[:2] == (400, "0006-00000003")
    assert err({**ok, "Signature": "AAAA"})[:2] == (403, "0002-00000040")
    expired = encode_policy([], expiration="2001-01-01T00:00:00.000Z")
    assert err({"key": "in/x", **v1_fields(expired)})[:2] == (403, "0006-00000005")
    assert err({"key": "in/x"})[0] == 403  # unsigned, keys configured
    r = requests.post(f"{signed_endpoint}/{name}", files={"file": ("f", b"x")}, data={"key": "k"})
    assert r.status_code == 403
    # Nothing was written.
    assert [o.key for o in oss2.ObjectIterator(signed)] == []


def test_open_lab_redirect_and_204(endpoint, new_bucket):
    name = new_bucket.bucket_name
    r = requests.post(f"{endpoint}/{name}", data={"key": "k"}, files={"file": ("f", b"x")}, allow_redirects=False)
    assert r.status_code == 204
    r = requests.post(
        f"{endpoint}/{name}",
        data={"key": "r", "success_action_redirect": "http://example.test/ok"},
        files={"file": ("f", b"x")},
        allow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["Location"].startswith("http://example.test/ok?bucket=")
    assert new_bucket.get_object("r").read() == b"x"
