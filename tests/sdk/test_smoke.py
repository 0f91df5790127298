"""Smoke test: the oss2 SDK can create a bucket, put an object and get it back."""


def test_create_bucket_put_get(bucket):
    bucket.create_bucket()

    put = bucket.put_object("hello.txt", b"hello, osslab\n")
    assert put.status == 200
    assert put.etag

    got = bucket.get_object("hello.txt")
    assert got.status == 200
    assert got.read() == b"hello, osslab\n"
    assert got.etag == put.etag
