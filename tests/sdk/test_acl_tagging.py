"""ACLs and tags per version, CORS rules and GetBucketStat through oss2 and alibabacloud-oss-v2.

ACLs and tags belong to object versions (a delete marker has neither); `default` inherits the
bucket's ACL; on a server that checks signatures an unsigned request may read what is public
and write only what is public-read-write (docs/fidelity.md, "ACLs, tags, CORS, bucket
statistics")."""

import alibabacloud_oss_v2 as oss
import oss2
import pytest
import requests
from oss2.models import BucketCors, CorsRule, Tagging, TaggingRule

from conftest import REGION, SIGNED_AK, SIGNED_SK
from osstest import assert_oss_error, empty_and_delete, service_error


def tagging(**pairs):
    rule = TaggingRule()
    for k, v in pairs.items():
        rule.add(k, v)
    return Tagging(rule)


def put_tagging_raw(bucket, key, pairs):
    """PutObjectTagging with a body oss2 would refuse to build (it checks lengths itself)."""
    tags = "".join(f"<Tag><Key>{k}</Key><Value>{v}</Value></Tag>" for k, v in pairs)
    body = f"<Tagging><TagSet>{tags}</TagSet></Tagging>"
    return bucket._do("PUT", bucket.bucket_name, key, params={"tagging": ""}, data=body)


def tags_of(bucket, key, version=None):
    params = {"versionId": version} if version else None
    return bucket.get_object_tagging(key, params=params).tag_set.tagging_rule


# ---- ACLs --------------------------------------------------------------------------------------


def test_bucket_acl_round_trip(bucket):
    bucket.create_bucket(oss2.BUCKET_ACL_PUBLIC_READ)
    assert bucket.get_bucket_acl().acl == oss2.BUCKET_ACL_PUBLIC_READ
    bucket.put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ_WRITE)
    assert bucket.get_bucket_acl().acl == oss2.BUCKET_ACL_PUBLIC_READ_WRITE
    assert bucket.get_bucket_info().acl.grant == oss2.BUCKET_ACL_PUBLIC_READ_WRITE
    with pytest.raises(oss2.exceptions.ServerError) as e:
        bucket.put_bucket_acl("public")
    assert_oss_error(e.value, 400, "InvalidArgument", "0015-00000204")
    assert bucket.get_bucket_acl().acl == oss2.BUCKET_ACL_PUBLIC_READ_WRITE


def test_object_acl_per_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("k", b"one", headers={"x-oss-object-acl": "public-read"}).versionid
    v2 = b.put_object("k", b"two").versionid
    assert b.get_object_acl("k").acl == oss2.OBJECT_ACL_DEFAULT
    assert b.get_object_acl("k", params={"versionId": v1}).acl == oss2.OBJECT_ACL_PUBLIC_READ
    r = b.put_object_acl("k", oss2.OBJECT_ACL_PRIVATE, params={"versionId": v1})
    assert r.versionid == v1
    assert b.get_object_acl("k", params={"versionId": v1}).acl == oss2.OBJECT_ACL_PRIVATE
    assert b.get_object_acl("k", params={"versionId": v2}).acl == oss2.OBJECT_ACL_DEFAULT
    # Changing an ACL makes no version and keeps Last-Modified.
    assert len(b.list_object_versions().versions) == 2
    # Bad version ids, as oss2's own integration test sends them.
    for bad in ("IllegalVersion", ""):
        with pytest.raises(oss2.exceptions.ServerError):
            b.get_object_acl("k", params={"versionId": bad})
        with pytest.raises(oss2.exceptions.ServerError):
            b.put_object_acl("k", oss2.OBJECT_ACL_DEFAULT, params={"versionId": bad})
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.put_object_acl("k", "public")
    assert_oss_error(e.value, 400, "InvalidArgument", "0017-00000104")


def test_a_delete_marker_has_no_acl(versioned_bucket):
    b = versioned_bucket
    b.put_object("k", b"x")
    marker = b.delete_object("k").versionid
    # No version id and a current marker: 404 NoSuchKey (PutObjectACL page).
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.put_object_acl("k", oss2.OBJECT_ACL_PRIVATE)
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.get_object_acl("k")
    # The marker by id: 405 for PutObjectACL, 404 for GetObjectACL (their pages).
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.put_object_acl("k", oss2.OBJECT_ACL_PRIVATE, params={"versionId": marker})
    assert (e.value.status, e.value.code) == (405, "MethodNotAllowed")
    with pytest.raises(oss2.exceptions.NoSuchKey) as e:
        b.get_object_acl("k", params={"versionId": marker})
    assert e.value.headers["x-oss-delete-marker"] == "true"


def test_acl_on_copy_and_multipart(versioned_bucket):
    b = versioned_bucket
    b.put_object("src", b"s", headers={"x-oss-object-acl": "public-read-write"})
    b.copy_object(b.bucket_name, "src", "dst", headers={"x-oss-object-acl": "public-read"})
    assert b.get_object_acl("dst").acl == oss2.OBJECT_ACL_PUBLIC_READ
    # Without the header the copy is `default`: the source's ACL is not copied.
    b.copy_object(b.bucket_name, "src", "dst2")
    assert b.get_object_acl("dst2").acl == oss2.OBJECT_ACL_DEFAULT
    upload = b.init_multipart_upload(
        "mp", headers={"x-oss-object-acl": "private", "x-oss-tagging": "a=1"}
    ).upload_id
    part = b.upload_part("mp", upload, 1, b"p")
    b.complete_multipart_upload("mp", upload, [oss2.models.PartInfo(1, part.etag)])
    assert b.get_object_acl("mp").acl == oss2.OBJECT_ACL_PRIVATE
    assert tags_of(b, "mp") == {"a": "1"}


def test_v2_sdk_acls(v2_client, bucket):
    name = bucket.bucket_name
    v2_client.put_bucket(oss.PutBucketRequest(bucket=name, acl="public-read"))
    assert v2_client.get_bucket_acl(oss.GetBucketAclRequest(bucket=name)).acl == "public-read"
    v2_client.put_bucket_acl(oss.PutBucketAclRequest(bucket=name, acl="private"))
    assert v2_client.get_bucket_acl(oss.GetBucketAclRequest(bucket=name)).acl == "private"
    v2_client.put_bucket_versioning(
        oss.PutBucketVersioningRequest(
            bucket=name, versioning_configuration=oss.VersioningConfiguration(status="Enabled")
        )
    )
    v1 = v2_client.put_object(
        oss.PutObjectRequest(bucket=name, key="k", body=b"1", acl="public-read")
    ).version_id
    v2_client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"2"))
    got = v2_client.get_object_acl(oss.GetObjectAclRequest(bucket=name, key="k", version_id=v1))
    assert (got.acl, got.version_id) == ("public-read", v1)
    v2_client.put_object_acl(
        oss.PutObjectAclRequest(bucket=name, key="k", acl="public-read-write", version_id=v1)
    )
    got = v2_client.get_object_acl(oss.GetObjectAclRequest(bucket=name, key="k", version_id=v1))
    assert got.acl == "public-read-write"
    assert v2_client.get_object_acl(oss.GetObjectAclRequest(bucket=name, key="k")).acl == "default"
    with pytest.raises(oss.exceptions.OperationError) as e:
        v2_client.put_object_acl(oss.PutObjectAclRequest(bucket=name, key="k", acl="Private"))
    err = service_error(e)
    assert (err.status_code, err.code, err.ec) == (400, "InvalidArgument", "0017-00000104")


# ---- anonymous access on a server that checks signatures ------------------------------------


@pytest.fixture
def owned(signed_endpoint, bucket_name):
    b = oss2.Bucket(oss2.Auth(SIGNED_AK, SIGNED_SK), signed_endpoint, bucket_name, is_path_style=True)
    b.create_bucket()
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    yield b
    empty_and_delete(b)


def test_anonymous_reads_follow_the_version_acl(signed_endpoint, owned):
    anon = oss2.Bucket(oss2.AnonymousAuth(), signed_endpoint, owned.bucket_name, is_path_style=True)
    old = owned.put_object("k", b"public old", headers={"x-oss-object-acl": "public-read"}).versionid
    owned.put_object("k", b"private new")
    # The current version is `default` in a private bucket: denied.
    with pytest.raises(oss2.exceptions.AccessDenied) as e:
        anon.get_object("k")
    assert_oss_error(e.value, 403, "AccessDenied", "0003-00000001")
    # The older version is public-read: a public link to it works, HEAD too.
    assert anon.get_object("k", params={"versionId": old}).read() == b"public old"
    assert anon.head_object("k", params={"versionId": old}).content_length == 10
    # Public-read is not public-write.
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.put_object("k", b"overwrite")
    # The bucket turns public-read: `default` versions follow it, listing too.
    owned.put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ)
    assert anon.get_object("k").read() == b"private new"
    assert [o.key for o in anon.list_objects().object_list] == ["k"]
    owned.put_object_acl("k", oss2.OBJECT_ACL_PRIVATE)
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.get_object("k")
    # ACL and configuration calls stay the owner's.
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.get_object_acl("k")
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ_WRITE)


def test_anonymous_writes_only_under_public_read_write(signed_endpoint, owned):
    anon = oss2.Bucket(oss2.AnonymousAuth(), signed_endpoint, owned.bucket_name, is_path_style=True)
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.put_object("drop", b"x")
    owned.put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ_WRITE)
    anon.put_object("drop", b"x")
    assert owned.get_object("drop").read() == b"x"
    # An object ACL narrows the bucket's: a private version cannot be overwritten anonymously.
    owned.put_object_acl("drop", oss2.OBJECT_ACL_PRIVATE)
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.put_object("drop", b"y")
    # ...and a public-read-write object in a private bucket can (object ACLs take precedence).
    owned.put_bucket_acl(oss2.BUCKET_ACL_PRIVATE)
    owned.put_object_acl("drop", oss2.OBJECT_ACL_PUBLIC_READ_WRITE)
    anon.put_object("drop", b"z")
    assert owned.get_object("drop").read() == b"z"


def test_v2_anonymous_client_on_signed_server(signed_endpoint, owned):
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.AnonymousCredentialsProvider()
    cfg.region = REGION
    cfg.endpoint = signed_endpoint
    cfg.use_path_style = True
    cfg.retry_max_attempts = 1
    anon = oss.Client(cfg)
    owned.put_object("pub", b"p", headers={"x-oss-object-acl": "public-read"})
    got = anon.get_object(oss.GetObjectRequest(bucket=owned.bucket_name, key="pub"))
    assert got.body.read() == b"p"
    with pytest.raises(oss.exceptions.OperationError) as e:
        anon.put_object(oss.PutObjectRequest(bucket=owned.bucket_name, key="pub", body=b"q"))
    assert service_error(e).code == "AccessDenied"


# ---- tags --------------------------------------------------------------------------------------


def test_tags_per_version(versioned_bucket):
    b = versioned_bucket
    v1 = b.put_object("k", b"1", headers={"x-oss-tagging": "project=lab&team=a%20b"}).versionid
    v2 = b.put_object("k", b"2").versionid
    assert tags_of(b, "k", v1) == {"project": "lab", "team": "a b"}
    assert tags_of(b, "k") == {}
    assert b.head_object("k", params={"versionId": v1}).headers["x-oss-tagging-count"] == "2"
    assert "x-oss-tagging-count" not in b.head_object("k").headers
    r = b.put_object_tagging("k", tagging(stage="prod"), params={"versionId": v2})
    assert r.versionid == v2
    assert tags_of(b, "k") == {"stage": "prod"}
    assert b.get_object("k").headers["x-oss-tagging-count"] == "1"
    b.delete_object_tagging("k", params={"versionId": v1})
    assert tags_of(b, "k", v1) == {}
    assert tags_of(b, "k") == {"stage": "prod"}
    # A delete marker has no tags: 404.
    marker = b.delete_object("k").versionid
    with pytest.raises(oss2.exceptions.NoSuchKey):
        tags_of(b, "k", marker)
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.put_object_tagging("k", tagging(a="1"))


def test_tag_limits(new_bucket):
    b = new_bucket
    b.put_object("k", b"x")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.put_object_tagging("k", tagging(**{f"k{i}": "v" for i in range(11)}))
    assert_oss_error(e.value, 400, "InvalidTag", "0010-00000217")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        put_tagging_raw(b, "k", [("k" * 129, "v")])
    assert_oss_error(e.value, 400, "InvalidTag", "0010-00000209")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        put_tagging_raw(b, "k", [("k", "v" * 257)])
    assert_oss_error(e.value, 400, "InvalidTag", "0010-00000217")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.put_object_tagging("k", tagging(k="a,b"))
    assert e.value.code == "InvalidTag"
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.put_object("bad", b"x", headers={"x-oss-tagging": "aa=bb=cc"})
    assert_oss_error(e.value, 400, "InvalidArgument", "0010-00000219")
    assert not b.object_exists("bad")
    b.put_object_tagging("k", tagging(**{"k" * 128: "v" * 256}))
    assert tags_of(b, "k") == {"k" * 128: "v" * 256}


def test_copy_tagging_directive(new_bucket):
    b = new_bucket
    b.put_object("src", b"s", headers={"x-oss-tagging": "a=1"})
    b.copy_object(b.bucket_name, "src", "copy")
    assert tags_of(b, "copy") == {"a": "1"}
    b.copy_object(
        b.bucket_name, "src", "replace",
        headers={"x-oss-tagging-directive": "Replace", "x-oss-tagging": "b=2"},
    )
    assert tags_of(b, "replace") == {"b": "2"}
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.copy_object(b.bucket_name, "src", "x", headers={"x-oss-tagging-directive": "Merge"})
    assert e.value.code == "InvalidArgument"


def test_v2_sdk_tags(v2_client, versioned_bucket):
    name = versioned_bucket.bucket_name
    v1 = v2_client.put_object(
        oss.PutObjectRequest(bucket=name, key="k", body=b"1", tagging="a=1&b=2")
    ).version_id
    got = v2_client.get_object_tagging(oss.GetObjectTaggingRequest(bucket=name, key="k", version_id=v1))
    assert [(t.key, t.value) for t in got.tag_set.tags] == [("a", "1"), ("b", "2")]
    assert got.version_id == v1
    head = v2_client.head_object(oss.HeadObjectRequest(bucket=name, key="k"))
    assert head.tagging_count == 2
    v2_client.put_object_tagging(
        oss.PutObjectTaggingRequest(
            bucket=name, key="k", version_id=v1,
            tagging=oss.Tagging(tag_set=oss.TagSet(tags=[oss.Tag(key="c", value="3")])),
        )
    )
    got = v2_client.get_object_tagging(oss.GetObjectTaggingRequest(bucket=name, key="k"))
    assert [(t.key, t.value) for t in got.tag_set.tags] == [("c", "3")]
    v2_client.delete_object_tagging(oss.DeleteObjectTaggingRequest(bucket=name, key="k", version_id=v1))
    got = v2_client.get_object_tagging(oss.GetObjectTaggingRequest(bucket=name, key="k"))
    assert not got.tag_set.tags


# ---- CORS --------------------------------------------------------------------------------------


def test_cors_rules_and_preflight(endpoint, new_bucket):
    b = new_bucket
    url = f"{endpoint}/{b.bucket_name}/k"
    pre = {"Origin": "http://app.example", "Access-Control-Request-Method": "PUT"}
    # No rules: GetBucketCors 404, preflight 403.
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.get_bucket_cors()
    assert (e.value.status, e.value.code) == (404, "NoSuchCORSConfiguration")
    r = requests.options(url, headers=pre, timeout=10)
    assert r.status_code == 403
    assert "<Code>AccessForbidden</Code>" in r.text
    assert "Access-Control-Allow-Origin" not in r.headers

    rule = CorsRule(
        allowed_origins=["http://*.example"],
        allowed_methods=["GET", "PUT"],
        allowed_headers=["x-oss-*", "content-type"],
        expose_headers=["ETag", "x-oss-version-id"],
        max_age_seconds=600,
    )
    b.put_bucket_cors(BucketCors([rule]))
    got = b.get_bucket_cors().rules
    assert [(r.allowed_origins, r.allowed_methods, r.max_age_seconds) for r in got] == [
        (["http://*.example"], ["GET", "PUT"], 600)
    ]
    r = requests.options(
        url, headers={**pre, "Access-Control-Request-Headers": "x-oss-date, Content-Type"}, timeout=10
    )
    assert r.status_code == 200, r.text
    assert r.headers["Access-Control-Allow-Origin"] == "http://app.example"
    assert r.headers["Access-Control-Allow-Methods"] == "GET, PUT"
    assert r.headers["Access-Control-Max-Age"] == "600"
    # A disallowed method or header: 403, no CORS headers.
    for bad in ({**pre, "Access-Control-Request-Method": "DELETE"},
                {**pre, "Access-Control-Request-Headers": "authorization"},
                {**pre, "Origin": "http://evil.test"}):
        r = requests.options(url, headers=bad, timeout=10)
        assert r.status_code == 403
        assert "Access-Control-Allow-Origin" not in r.headers
    # Actual requests carry the rule's headers, errors included.
    b.put_object("k", b"x")
    r = requests.get(url, headers={"Origin": "http://app.example"}, timeout=10)
    assert r.headers["Access-Control-Allow-Origin"] == "http://app.example"
    assert r.headers["Access-Control-Expose-Headers"] == "ETag, x-oss-version-id"
    r = requests.get(url + "-missing", headers={"Origin": "http://app.example"}, timeout=10)
    assert (r.status_code, r.headers["Access-Control-Allow-Origin"]) == (404, "http://app.example")
    r = requests.get(url, headers={"Origin": "http://evil.test"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in r.headers
    b.delete_bucket_cors()
    with pytest.raises(oss2.exceptions.ServerError):
        b.get_bucket_cors()


def test_v2_sdk_cors(v2_client, new_bucket):
    name = new_bucket.bucket_name
    v2_client.put_bucket_cors(
        oss.PutBucketCorsRequest(
            bucket=name,
            cors_configuration=oss.CORSConfiguration(
                cors_rules=[oss.CORSRule(allowed_origins=["*"], allowed_methods=["GET"], max_age_seconds=10)],
                response_vary=True,
            ),
        )
    )
    got = v2_client.get_bucket_cors(oss.GetBucketCorsRequest(bucket=name))
    rules = got.cors_configuration.cors_rules
    assert (rules[0].allowed_origins, rules[0].allowed_methods) == (["*"], ["GET"])
    assert got.cors_configuration.response_vary is True
    v2_client.delete_bucket_cors(oss.DeleteBucketCorsRequest(bucket=name))
    with pytest.raises(oss.exceptions.OperationError) as e:
        v2_client.get_bucket_cors(oss.GetBucketCorsRequest(bucket=name))
    assert service_error(e).status_code == 404


# ---- GetBucketStat -----------------------------------------------------------------------------


def test_bucket_stat_counts_every_version(versioned_bucket, v2_client):
    b = versioned_bucket
    b.put_object("k", b"12345")
    b.put_object("k", b"123")
    b.put_object("ia", b"1", headers={"x-oss-storage-class": "IA"})
    b.delete_object("k")
    b.init_multipart_upload("mp")
    s = b.get_bucket_stat()
    assert (s.storage_size_in_bytes, s.object_count, s.multi_part_upload_count) == (9, 3, 1)
    assert (s.standard_storage, s.standard_object_count) == (8, 2)
    assert (s.infrequent_access_storage, s.infrequent_access_real_storage) == (64 * 1024, 1)
    assert s.live_channel_count == 0
    r = v2_client.get_bucket_stat(oss.GetBucketStatRequest(bucket=b.bucket_name))
    assert (r.storage, r.object_count, r.delete_marker_count) == (9, 3, 1)


# ---- tag-filtered lifecycle on the virtual clock -------------------------------------------


def test_lifecycle_tag_filter_acts_only_on_matching_versions(versioned_bucket, clock):
    from oss2.models import BucketLifecycle, LifecycleExpiration, LifecycleRule, NoncurrentVersionExpiration

    b = versioned_bucket
    rule = LifecycleRule(
        "temp-only", "",
        expiration=LifecycleExpiration(days=1),
        noncurrent_version_expiration=NoncurrentVersionExpiration(1),
        tagging=tagging(temp="yes"),
    )
    b.put_bucket_lifecycle(BucketLifecycle([rule]))
    got = b.get_bucket_lifecycle().rules[0]
    assert got.tagging.tag_set.tagging_rule == {"temp": "yes"}
    b.put_object("a", b"temporary", headers={"x-oss-tagging": "temp=yes"})
    b.put_object("b", b"kept", headers={"x-oss-tagging": "temp=no"})
    old_c = b.put_object("c", b"old temp", headers={"x-oss-tagging": "temp=yes&x=1"}).versionid
    new_c = b.put_object("c", b"new, untagged").versionid
    assert "x-oss-expiration" in b.head_object("a").headers
    assert "x-oss-expiration" not in b.head_object("b").headers

    clock.advance(3 * 86400 + 60)
    with pytest.raises(oss2.exceptions.NoSuchKey) as e:
        b.get_object("a")
    assert e.value.headers["x-oss-delete-marker"] == "true"
    assert b.get_object("b").read() == b"kept"
    c_versions = [v.versionid for v in b.list_object_versions(prefix="c").versions]
    assert c_versions == [new_c], f"the tagged noncurrent version {old_c} should be gone"
    assert b.get_object("c").read() == b"new, untagged"


def test_v2_sdk_tag_filter_round_trip(v2_client, new_bucket):
    name = new_bucket.bucket_name
    v2_client.put_bucket_lifecycle(
        oss.PutBucketLifecycleRequest(
            bucket=name,
            lifecycle_configuration=oss.LifecycleConfiguration(
                rules=[
                    oss.LifecycleRule(
                        id="tagged", prefix="logs/", status="Enabled",
                        tags=[oss.Tag(key="temp", value="yes")],
                        expiration=oss.LifecycleRuleExpiration(days=2),
                    )
                ]
            ),
        )
    )
    got = v2_client.get_bucket_lifecycle(oss.GetBucketLifecycleRequest(bucket=name))
    rule = got.lifecycle_configuration.rules[0]
    assert [(t.key, t.value) for t in rule.tags] == [("temp", "yes")]
