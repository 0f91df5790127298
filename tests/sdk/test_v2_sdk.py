"""The same behaviour through alibabacloud-oss-v2 (path-style, static credentials, V4 signing):
buckets, versioning, markers, copy by version, batch delete, multipart, listings, paginators,
forbid-overwrite, ranges."""

import hashlib
import os

import alibabacloud_oss_v2 as oss
import pytest

from osstest import service_error


@pytest.fixture
def name(v2_client, bucket):
    """A fresh bucket created with the v2 SDK (removed by the `bucket` fixture's cleanup)."""
    r = v2_client.put_bucket(oss.PutBucketRequest(bucket=bucket.bucket_name))
    assert r.status_code == 200
    return bucket.bucket_name


def versioning(client, name, status):
    client.put_bucket_versioning(
        oss.PutBucketVersioningRequest(
            bucket=name, versioning_configuration=oss.VersioningConfiguration(status=status)
        )
    )


def err_of(fn):
    with pytest.raises(oss.exceptions.OperationError) as e:
        fn()
    return service_error(e)


def test_buckets(v2_client, name):
    info = v2_client.get_bucket_info(oss.GetBucketInfoRequest(bucket=name)).bucket_info
    assert info.name == name
    assert info.storage_class == "Standard"
    assert v2_client.get_bucket_location(oss.GetBucketLocationRequest(bucket=name)).location == "oss-cn-hangzhou"
    names = [
        b.name
        for page in v2_client.list_buckets_paginator().iter_page(oss.ListBucketsRequest(prefix=name))
        for b in page.buckets
    ]
    assert names == [name]
    assert v2_client.is_bucket_exist(name)
    v2_client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"x"))
    e = err_of(lambda: v2_client.delete_bucket(oss.DeleteBucketRequest(bucket=name)))
    assert (e.status_code, e.code, e.ec) == (409, "BucketNotEmpty", "0015-00000301")
    v2_client.delete_object(oss.DeleteObjectRequest(bucket=name, key="k"))
    assert v2_client.delete_bucket(oss.DeleteBucketRequest(bucket=name)).status_code == 204
    e = err_of(lambda: v2_client.get_bucket_info(oss.GetBucketInfoRequest(bucket=name)))
    assert (e.status_code, e.code, e.ec) == (404, "NoSuchBucket", "0015-00000101")


def test_versioning_markers_and_recovery(v2_client, name):
    r = v2_client.get_bucket_versioning(oss.GetBucketVersioningRequest(bucket=name))
    assert r.version_status is None
    versioning(v2_client, name, "Enabled")
    r = v2_client.get_bucket_versioning(oss.GetBucketVersioningRequest(bucket=name))
    assert r.version_status == "Enabled"

    v1 = v2_client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"one")).version_id
    v2 = v2_client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"two")).version_id
    assert len(v1) == 64 and v1 != v2
    got = v2_client.get_object(oss.GetObjectRequest(bucket=name, key="k", version_id=v1))
    assert (got.body.read(), got.version_id) == (b"one", v1)
    head = v2_client.head_object(oss.HeadObjectRequest(bucket=name, key="k"))
    assert (head.version_id, head.content_length, head.object_type) == (v2, 3, "Normal")
    meta = v2_client.get_object_meta(oss.GetObjectMetaRequest(bucket=name, key="k", version_id=v1))
    assert meta.content_length == 3

    d = v2_client.delete_object(oss.DeleteObjectRequest(bucket=name, key="k"))
    assert d.status_code == 204
    assert d.delete_marker is True
    marker = d.version_id
    e = err_of(lambda: v2_client.get_object(oss.GetObjectRequest(bucket=name, key="k")))
    assert (e.status_code, e.code, e.ec) == (404, "NoSuchKey", "0026-00000001")
    assert e.headers.get("x-oss-delete-marker") == "true"
    e = err_of(lambda: v2_client.head_object(oss.HeadObjectRequest(bucket=name, key="k", version_id=marker)))
    assert (e.status_code, e.code, e.ec) == (405, "MethodNotAllowed", "0017-00000002")
    assert not v2_client.is_object_exist(name, "k")

    c = v2_client.copy_object(
        oss.CopyObjectRequest(bucket=name, key="k", source_key="k", source_version_id=v1)
    )
    assert c.source_version_id == v1
    assert c.version_id not in (v1, v2, marker)
    assert v2_client.get_object(oss.GetObjectRequest(bucket=name, key="k")).body.read() == b"one"

    v2_client.delete_object(oss.DeleteObjectRequest(bucket=name, key="k", version_id=c.version_id))
    v2_client.delete_object(oss.DeleteObjectRequest(bucket=name, key="k", version_id=marker))
    got = v2_client.get_object(oss.GetObjectRequest(bucket=name, key="k"))
    assert got.version_id == v2

    e = err_of(lambda: v2_client.get_object(oss.GetObjectRequest(bucket=name, key="k", version_id=c.version_id)))
    assert (e.status_code, e.code) == (404, "NoSuchVersion")

    # Suspended: null versions.
    versioning(v2_client, name, "Suspended")
    assert v2_client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"n")).version_id == "null"
    d = v2_client.delete_object(oss.DeleteObjectRequest(bucket=name, key="k"))
    assert (d.delete_marker, d.version_id) == (True, "null")


def test_batch_delete(v2_client, name):
    versioning(v2_client, name, "Enabled")
    v1 = v2_client.put_object(oss.PutObjectRequest(bucket=name, key="a", body=b"1")).version_id
    v2_client.put_object(oss.PutObjectRequest(bucket=name, key="b c", body=b"2"))
    r = v2_client.delete_multiple_objects(
        oss.DeleteMultipleObjectsRequest(
            bucket=name,
            objects=[oss.DeleteObject(key="a", version_id=v1), oss.DeleteObject(key="b c")],
        )
    )
    by_key = {d.key: d for d in r.deleted_objects}
    assert by_key["a"].version_id == v1
    assert not by_key["a"].delete_marker
    assert by_key["b c"].delete_marker is True
    assert len(by_key["b c"].delete_marker_version_id) == 64
    lst = v2_client.list_object_versions(oss.ListObjectVersionsRequest(bucket=name))
    assert [v.key for v in lst.version] == ["b c"]
    assert [(m.key, m.version_id, m.is_latest) for m in lst.delete_marker] == [
        ("b c", by_key["b c"].delete_marker_version_id, True)
    ]


def test_list_object_versions_paginator(v2_client, name):
    versioning(v2_client, name, "Enabled")
    expected = set()
    for i in range(9):
        key = f"p/{i % 3} é+"
        expected.add(v2_client.put_object(oss.PutObjectRequest(bucket=name, key=key, body=b"x")).version_id)
        if i % 4 == 0:
            expected.add(v2_client.delete_object(oss.DeleteObjectRequest(bucket=name, key=key)).version_id)
    seen, latest = [], {}
    for page in v2_client.list_object_versions_paginator(limit=2).iter_page(
        oss.ListObjectVersionsRequest(bucket=name, prefix="p/")
    ):
        for v in (page.version or []) + (page.delete_marker or []):
            seen.append(v.version_id)
            if v.is_latest:
                assert v.key not in latest
                latest[v.key] = v.version_id
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(expected)
    assert sorted(latest) == ["p/0 é+", "p/1 é+", "p/2 é+"]


def test_listings_and_paginators(v2_client, name):
    keys = ["a/1", "a/2", "b", "c d", "e+f", "ü/x"]
    for k in keys:
        v2_client.put_object(oss.PutObjectRequest(bucket=name, key=k, body=k.encode()))
    r = v2_client.list_objects(oss.ListObjectsRequest(bucket=name, delimiter="/"))
    assert [o.key for o in r.contents] == ["b", "c d", "e+f"]
    assert [p.prefix for p in r.common_prefixes] == ["a/", "ü/"]
    got = [
        o.key
        for page in v2_client.list_objects_v2_paginator(limit=2).iter_page(oss.ListObjectsV2Request(bucket=name))
        for o in page.contents
    ]
    assert got == sorted(keys, key=lambda s: s.encode())
    got = [
        o.key
        for page in v2_client.list_objects_paginator(limit=4).iter_page(oss.ListObjectsRequest(bucket=name))
        for o in page.contents
    ]
    assert got == sorted(keys, key=lambda s: s.encode())


def test_multipart_and_part_copy(v2_client, name):
    data = os.urandom(100 * 1024)
    v2_client.put_object(oss.PutObjectRequest(bucket=name, key="src", body=data))
    init = v2_client.initiate_multipart_upload(oss.InitiateMultipartUploadRequest(bucket=name, key="mp"))
    up = init.upload_id
    p1 = v2_client.upload_part(oss.UploadPartRequest(bucket=name, key="mp", upload_id=up, part_number=1, body=data))
    assert p1.etag.strip('"') == hashlib.md5(data).hexdigest().upper()
    p2 = v2_client.upload_part_copy(
        oss.UploadPartCopyRequest(
            bucket=name, key="mp", upload_id=up, part_number=2, source_key="src", source_range="bytes=0-9"
        )
    )
    parts = v2_client.list_parts(oss.ListPartsRequest(bucket=name, key="mp", upload_id=up)).parts
    assert [(p.part_number, p.size) for p in parts] == [(1, len(data)), (2, 10)]
    uploads = v2_client.list_multipart_uploads(oss.ListMultipartUploadsRequest(bucket=name)).uploads
    assert [(u.key, u.upload_id) for u in uploads] == [("mp", up)]
    done = v2_client.complete_multipart_upload(
        oss.CompleteMultipartUploadRequest(
            bucket=name,
            key="mp",
            upload_id=up,
            complete_multipart_upload=oss.CompleteMultipartUpload(
                parts=[
                    oss.UploadPart(part_number=1, etag=p1.etag),
                    oss.UploadPart(part_number=2, etag=p2.etag),
                ]
            ),
        )
    )
    assert done.etag.strip('"').endswith("-2")
    got = v2_client.get_object(oss.GetObjectRequest(bucket=name, key="mp"))
    assert got.body.read() == data + data[:10]

    up = v2_client.initiate_multipart_upload(oss.InitiateMultipartUploadRequest(bucket=name, key="x")).upload_id
    assert v2_client.abort_multipart_upload(
        oss.AbortMultipartUploadRequest(bucket=name, key="x", upload_id=up)
    ).status_code == 204
    e = err_of(lambda: v2_client.abort_multipart_upload(oss.AbortMultipartUploadRequest(bucket=name, key="x", upload_id=up)))
    assert (e.status_code, e.code, e.ec) == (404, "NoSuchUpload", "0042-00000002")


def test_complete_all_with_body_v2(v2_client, name):
    up = v2_client.initiate_multipart_upload(oss.InitiateMultipartUploadRequest(bucket=name, key="k")).upload_id
    p = v2_client.upload_part(oss.UploadPartRequest(bucket=name, key="k", upload_id=up, part_number=1, body=b"a"))
    e = err_of(
        lambda: v2_client.complete_multipart_upload(
            oss.CompleteMultipartUploadRequest(
                bucket=name,
                key="k",
                upload_id=up,
                complete_all="yes",
                complete_multipart_upload=oss.CompleteMultipartUpload(
                    parts=[oss.UploadPart(part_number=1, etag=p.etag)]
                ),
            )
        )
    )
    assert (e.status_code, e.code, e.ec) == (400, "InvalidArgument", "0042-00000216")
    done = v2_client.complete_multipart_upload(
        oss.CompleteMultipartUploadRequest(bucket=name, key="k", upload_id=up, complete_all="yes")
    )
    assert done.status_code == 200


def test_uploader_and_downloader(v2_client, name, tmp_path):
    data = os.urandom(7 * 1024 * 1024 + 5)
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    up = v2_client.uploader(part_size=1024 * 1024, parallel_num=2)
    r = up.upload_file(oss.PutObjectRequest(bucket=name, key="big"), filepath=str(src))
    assert r.status_code == 200
    head = v2_client.head_object(oss.HeadObjectRequest(bucket=name, key="big"))
    assert head.object_type == "Multipart"
    dst = tmp_path / "dst.bin"
    down = v2_client.downloader(part_size=2 * 1024 * 1024, parallel_num=2)
    down.download_file(oss.GetObjectRequest(bucket=name, key="big"), filepath=str(dst))
    assert dst.read_bytes() == data


def test_forbid_overwrite_and_ranges(v2_client, name):
    v2_client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"0123456789"))
    e = err_of(
        lambda: v2_client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"z", forbid_overwrite=True))
    )
    assert (e.status_code, e.code, e.ec) == (409, "FileAlreadyExists", "0026-00000002")
    got = v2_client.get_object(oss.GetObjectRequest(bucket=name, key="k", range_header="bytes=3-5"))
    assert (got.status_code, got.body.read(), got.content_range) == (206, b"345", "bytes 3-5/10")
    e = err_of(lambda: v2_client.get_object(oss.GetObjectRequest(bucket=name, key="k", if_match='"nope"')))
    assert (e.status_code, e.code, e.ec) == (412, "PreconditionFailed", "0016-00000304")


def test_anonymous_client_on_the_open_server(v2_anonymous, name):
    """Without keys configured the server accepts unsigned requests."""
    r = v2_anonymous.put_object(oss.PutObjectRequest(bucket=name, key="anon", body=b"a"))
    assert r.status_code == 200
    assert v2_anonymous.get_object(oss.GetObjectRequest(bucket=name, key="anon")).body.read() == b"a"
