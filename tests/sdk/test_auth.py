"""Signature verification: a second server started with --access-key-id/--access-key-secret.

Right keys pass with V1 (oss2.Auth) and V4 (oss2.AuthV4 + region) and with the v2 SDK; a wrong
secret is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId; presigned URLs work until
they expire on the server's virtual clock."""

import datetime

import alibabacloud_oss_v2 as oss
import oss2
import pytest
import requests
from oss2.models import BucketVersioningConfig, PartInfo

from conftest import REGION, SIGNED_AK, SIGNED_SK
from osstest import Clock, assert_oss_error, empty_and_delete, service_error

AUTHS = {
    "v1": lambda ak, sk: oss2.Auth(ak, sk),
    "v4": lambda ak, sk: oss2.AuthV4(ak, sk),
}
MISMATCH_EC = {"v1": "0002-00000040", "v4": "0002-00000201"}


def signed_bucket(endpoint, name, version, ak=SIGNED_AK, sk=SIGNED_SK):
    return oss2.Bucket(AUTHS[version](ak, sk), endpoint, name, is_path_style=True, region=REGION)


@pytest.fixture
def owned(signed_endpoint, bucket_name):
    """A bucket on the signing server, created and cleaned up with the right V1 keys."""
    b = signed_bucket(signed_endpoint, bucket_name, "v1")
    b.create_bucket()
    yield b
    empty_and_delete(b)


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_right_keys_pass(signed_endpoint, owned, version):
    b = signed_bucket(signed_endpoint, owned.bucket_name, version)
    b.put_bucket_versioning(BucketVersioningConfig("Enabled"))
    key = "dir/a b+c€.txt"
    v1 = b.put_object(key, b"one", headers={"x-oss-meta-who": "me", "Content-Type": "text/plain"}).versionid
    b.put_object(key, b"two")
    assert b.get_object(key, params={"versionId": v1}).read() == b"one"
    assert b.head_object(key).content_length == 3
    assert b.get_object_meta(key).content_length == 3
    b.copy_object(b.bucket_name, key, "copy", params={"versionId": v1})
    assert [o.key for o in b.list_objects(prefix="dir/", delimiter="/").object_list] == [key]
    assert len(b.list_objects_v2(prefix="d").object_list) == 1
    assert len(b.list_object_versions(prefix="dir/").versions) == 2
    upload_id = b.init_multipart_upload("mp").upload_id
    p = b.upload_part("mp", upload_id, 1, b"part")
    b.list_parts("mp", upload_id)
    b.list_multipart_uploads()
    b.complete_multipart_upload("mp", upload_id, [PartInfo(1, p.etag)])
    r = b.batch_delete_objects(["copy", "mp"])
    assert sorted(r.deleted_keys) == ["copy", "mp"]
    b.put_object("cold", b"c", headers={"x-oss-storage-class": "Archive"})
    assert b.restore_object("cold").status == 202
    # CleanRestoredObject: oss2's V1 signer leaves the sub-resource out; V4 signs all params.
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b._do("POST", b.bucket_name, "cold", params={"cleanRestoredObject": ""})
    assert e.value.code == "ArchiveRestoreNotFinished"
    assert b.delete_object(key).delete_marker


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_wrong_secret_is_signature_does_not_match(signed_endpoint, owned, version):
    b = signed_bucket(signed_endpoint, owned.bucket_name, version, sk="not-the-secret")
    with pytest.raises(oss2.exceptions.SignatureDoesNotMatch) as e:
        b.put_object("k", b"x")
    assert_oss_error(e.value, 403, "SignatureDoesNotMatch", MISMATCH_EC[version])
    assert e.value.details["OSSAccessKeyId"] == SIGNED_AK
    assert "StringToSign" in e.value.details
    # HEAD: the error document travels in x-oss-err.
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.head_object("k")
    assert_oss_error(e.value, 403, "SignatureDoesNotMatch", MISMATCH_EC[version])
    assert not owned.object_exists("k")


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_unknown_access_key(signed_endpoint, owned, version):
    b = signed_bucket(signed_endpoint, owned.bucket_name, version, ak="LTAIunknown", sk=SIGNED_SK)
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_object("k")
    assert_oss_error(e.value, 403, "InvalidAccessKeyId", "0002-00000902")
    assert e.value.message == "The OSS Access Key Id you provided does not exist in our records."


def test_anonymous_request_is_denied(signed_endpoint, owned):
    owned.put_object("k", b"secret")
    anon = oss2.Bucket(oss2.AnonymousAuth(), signed_endpoint, owned.bucket_name, is_path_style=True)
    with pytest.raises(oss2.exceptions.AccessDenied) as e:
        anon.get_object("k")
    assert_oss_error(e.value, 403, "AccessDenied", "0003-00000001")
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.put_object("k", b"overwritten")
    assert owned.get_object("k").read() == b"secret"


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_presigned_url_then_expiry_on_the_virtual_clock(signed_endpoint, owned, version):
    owned.put_object("shared.txt", b"presigned body")
    b = signed_bucket(signed_endpoint, owned.bucket_name, version)
    clock = Clock(signed_endpoint)
    # The URL's expiry is client time + expires; the server judges it by its virtual clock,
    # which earlier tests may have moved ahead. Sign for 60 s of server time.
    skew = (clock.now() - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    lifetime = int(skew) + 60
    url = b.sign_url("GET", "shared.txt", lifetime)
    r = requests.get(url, timeout=10)
    assert r.status_code == 200
    assert r.content == b"presigned body"

    put_url = b.sign_url("PUT", "uploaded.txt", lifetime)
    assert requests.put(put_url, data=b"via url", timeout=10).status_code == 200
    assert owned.get_object("uploaded.txt").read() == b"via url"

    clock.advance(120)
    r = requests.get(url, timeout=10)
    assert r.status_code == 403
    assert "<Code>AccessDenied</Code>" in r.text
    assert "<Message>Request has expired.</Message>" in r.text
    ec = "0002-00000236" if version == "v4" else "0002-00000069"
    assert r.headers["x-oss-ec"] == ec
    assert f"<EC>{ec}</EC>" in r.text


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_presigned_urls_for_awkward_keys(signed_endpoint, owned, version):
    b = signed_bucket(signed_endpoint, owned.bucket_name, version)
    clock = Clock(signed_endpoint)
    skew = (clock.now() - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    for key in ("dir/a b+c€.txt", "ünï/日本.bin", "q?x=1&y"):
        owned.put_object(key, key.encode())
        url = b.sign_url("GET", key, int(skew) + 600)
        r = requests.get(url, timeout=10)
        assert (r.status_code, r.content) == (200, key.encode()), r.text


def test_tampered_presigned_url(signed_endpoint, owned):
    owned.put_object("a.txt", b"a")
    owned.put_object("b.txt", b"b")
    url = owned.sign_url("GET", "a.txt", 600)
    r = requests.get(url.replace("a.txt", "b.txt"), timeout=10)
    assert r.status_code == 403
    assert r.headers["x-oss-ec"] == "0002-00000040"


@pytest.mark.parametrize("sig", ["v4", "v1"])
def test_v2_sdk_signed(signed_endpoint, owned, sig):
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(SIGNED_AK, SIGNED_SK)
    cfg.region = REGION
    cfg.endpoint = signed_endpoint
    cfg.use_path_style = True
    cfg.signature_version = sig
    cfg.retry_max_attempts = 1
    client = oss.Client(cfg)
    name = owned.bucket_name
    r = client.put_object(oss.PutObjectRequest(bucket=name, key="v2/k y.txt", body=b"v2"))
    assert r.status_code == 200
    got = client.get_object(oss.GetObjectRequest(bucket=name, key="v2/k y.txt"))
    assert got.body.read() == b"v2"
    lst = client.list_objects_v2(oss.ListObjectsV2Request(bucket=name, prefix="v2/"))
    assert [o.key for o in lst.contents] == ["v2/k y.txt"]

    # CleanRestoredObject: the v2 SDK signs the sub-resource (V1 and V4).
    client.put_object(oss.PutObjectRequest(bucket=name, key="cold", body=b"c", storage_class="ColdArchive"))
    with pytest.raises(oss.exceptions.OperationError) as e:
        client.clean_restored_object(oss.CleanRestoredObjectRequest(bucket=name, key="cold"))
    assert service_error(e).code == "ArchiveRestoreFileStale"

    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(SIGNED_AK, "wrong")
    bad = oss.Client(cfg)
    with pytest.raises(oss.exceptions.OperationError) as e:
        bad.get_object(oss.GetObjectRequest(bucket=name, key="v2/k y.txt"))
    err = service_error(e)
    assert (err.status_code, err.code) == (403, "SignatureDoesNotMatch")
    assert err.ec == ("0002-00000201" if sig == "v4" else "0002-00000040")
