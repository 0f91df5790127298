//! Test vectors below were produced by the real SDKs, not by this module:
//!
//! * `oss2` 2.19.1 (PyPI) — `Auth` (V1), `AuthV2`, `AuthV4` (region `cn-hangzhou`),
//!   `Bucket.sign_url` for V1/V2/V4 presigned URLs, `Service.list_buckets`;
//! * `alibabacloud-oss-v2` 1.4.1 (PyPI) — its client (V4 default, and
//!   `signature_version="v1"`), `Client.presign`, and its `signer.v4.SignerV4` driven
//!   directly for a request with `AdditionalHeaders` (the 1.4.1 client does not pass
//!   `Config.additional_headers` to the signer).
//!
//! Fixed credentials: AccessKeyId `LTAI5tOsslabTestKey01`, secret
//! `osslab/Secret+Key=Z9yX8wV7uT6sR5q`. Fixed clock: 2024-06-15 08:30:00 UTC
//! (`Sat, 15 Jun 2024 08:30:00 GMT`, `20240615T083000Z`, epoch 1718440200), pinned by
//! patching the clock functions the SDK signer modules read. Each SDK sent its request to a
//! recording HTTP server on 127.0.0.1 (answering 403 so nothing is retried); `target` is the
//! raw request-target and `headers` the header lines exactly as received (names
//! lower-cased, as `WireRequest` holds them). `string_to_sign` was captured by wrapping
//! `hmac.new` inside the SDK signer modules. `expires` is the absolute `Expires` /
//! `x-oss-expires` epoch for V1/V2 URLs and the relative `x-oss-expires` for V4 URLs.
//! The generator script lives outside the repository (it only drives the SDKs).

mod malformed;
mod props;
mod sdk_vectors;
mod signers;

use super::canonical::*;
use super::sign::*;
use super::types::*;
use super::v1::*;
use super::v2::*;
use super::verify::*;
use crate::wire::http::WireRequest;

const AK: &str = "LTAI5tOsslabTestKey01";
const SK: &str = "osslab/Secret+Key=Z9yX8wV7uT6sR5q";
const HTTP_DATE: &str = "Sat, 15 Jun 2024 08:30:00 GMT";
const SIGNED_AT_MS: i64 = 1_718_440_200_000;

struct Vector {
    name: &'static str,
    sdk: &'static str,
    scheme: AuthScheme,
    method: &'static str,
    target: &'static str,
    headers: &'static [(&'static str, &'static str)],
    bucket: Option<&'static str>,
    key: Option<&'static str>,
    string_to_sign: &'static str,
    region: &'static str,
    x_oss_date: &'static str,
    expires: i64,
    additional: &'static [&'static str],
}

const VECTORS: &[Vector] = &[
    Vector {
        name: "oss2_v1_put_object",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "PUT",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-type", "text/plain"), ("content-md5", "XUFAKrxLKna5cZ2REBfFkg=="), ("x-oss-meta-foo", "Bar"), ("x-oss-forbid-overwrite", "true"), ("x-oss-storage-class", "Archive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:aAz1TyrJ34nbkYM4IcN3goITAYg="), ("content-length", "5")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "PUT\nXUFAKrxLKna5cZ2REBfFkg==\ntext/plain\nSat, 15 Jun 2024 08:30:00 GMT\nx-oss-forbid-overwrite:true\nx-oss-meta-foo:Bar\nx-oss-storage-class:Archive\n/mybucket/dir/a b+c.txt",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_get_object_version_unicode",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "GET",
        target: "/mybucket/%E7%9B%AE%E5%BD%95%2F%E6%96%87%E4%BB%B6%20%C3%BC.txt?versionId=CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:JheMVdmdDnVRLC62Zukjurtw8w4=")],
        bucket: Some("mybucket"),
        key: Some("目录/文件 ü.txt"),
        string_to_sign: "GET\n\n\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/目录/文件 ü.txt?versionId=CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_list_object_versions",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "GET",
        target: "/mybucket/?prefix=dir%2Fa+b&delimiter=%2F&key-marker=k%2B1&version-id-marker=&max-keys=50&encoding-type=url&versions=",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:zGrWrkPdg5YQ25q0CJhDnrsVG2E=")],
        bucket: Some("mybucket"),
        key: None,
        string_to_sign: "GET\n\n\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/?versions",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_restore_object",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "POST",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt?versionId=v%2B1%2F2&restore=",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:WG406Ro2B9PVQotiaLARcBXeRMQ="), ("content-length", "0")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "POST\n\n\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/dir/a b+c.txt?restore&versionId=v+1/2",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_initiate_multipart",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "POST",
        target: "/mybucket/x%2Fy~z%2A%281%29%21.bin?uploads=",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-type", "application/octet-stream"), ("x-oss-meta-part", "yes"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:no2VWLkzAj23TcKkmXSmUdgb7QU="), ("content-length", "0")],
        bucket: Some("mybucket"),
        key: Some("x/y~z*(1)!.bin"),
        string_to_sign: "POST\n\napplication/octet-stream\nSat, 15 Jun 2024 08:30:00 GMT\nx-oss-meta-part:yes\n/mybucket/x/y~z*(1)!.bin?uploads",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_upload_part",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "PUT",
        target: "/mybucket/x%2Fy~z%2A%281%29%21.bin?uploadId=0004B9894A22E5B1888A1E29F823%2A%2A%2A%2A&partNumber=3",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:aN5Ij6cgEMWxPvySwZEbmWM3OII="), ("content-length", "9")],
        bucket: Some("mybucket"),
        key: Some("x/y~z*(1)!.bin"),
        string_to_sign: "PUT\n\n\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/x/y~z*(1)!.bin?partNumber=3&uploadId=0004B9894A22E5B1888A1E29F823****",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_delete_multiple",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "POST",
        target: "/mybucket/?delete=&encoding-type=url",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-md5", "3vCIxu5cZuIFvCRmU/uJZQ=="), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:vZ4YRYJSsxcWjeT3LUSqub1BxLA="), ("content-length", "109")],
        bucket: Some("mybucket"),
        key: None,
        string_to_sign: "POST\n3vCIxu5cZuIFvCRmU/uJZQ==\n\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/?delete",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_clean_restored_object",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "POST",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt?cleanRestoredObject=",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:SkHrvBG8O6Dty0Au1wNp6WoWZcU="), ("content-length", "0")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "POST\n\n\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/dir/a b+c.txt",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_delete_object_version",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "DELETE",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt?versionId=CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:EXAhkE8jgXAeM/8rd8DI47pQFhE="), ("content-length", "0")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "DELETE\n\n\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/dir/a b+c.txt?versionId=CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_get_bucket_acl",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "GET",
        target: "/mybucket/?acl=",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:c+QO1eOBohX64iYCoY81VFHhNuQ=")],
        bucket: Some("mybucket"),
        key: None,
        string_to_sign: "GET\n\n\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/?acl",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_list_buckets",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Header,
        method: "GET",
        target: "/?prefix=my&marker=&max-keys=10",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:KtT3I6V7htGYMYe60fBZ4r8h7hM=")],
        bucket: None,
        key: None,
        string_to_sign: "GET\n\n\nSat, 15 Jun 2024 08:30:00 GMT\n/",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_url_get",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Query,
        method: "GET",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt?response-content-disposition=attachment%3B%20filename%3D%22%C3%BC%20b.txt%22&versionId=abc%2B%2F%3D&OSSAccessKeyId=LTAI5tOsslabTestKey01&Expires=1718443800&Signature=TFs9Y0LPv3D5Y5s444LdZUUFiHM%3D",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "GET\n\n\n1718443800\n/mybucket/dir/a b+c.txt?response-content-disposition=attachment; filename=\"ü b.txt\"&versionId=abc+/=",
        region: "",
        x_oss_date: "",
        expires: 1718443800,
        additional: &[],
    },
    Vector {
        name: "oss2_v1_url_put_slash_safe",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V1Query,
        method: "PUT",
        target: "/mybucket/%E7%9B%AE%E5%BD%95/%E6%96%87%E4%BB%B6%20%C3%BC.txt?OSSAccessKeyId=LTAI5tOsslabTestKey01&Expires=1718440800&Signature=JxqlCr7%2FbOrCM04sTbBU1PRHUDU%3D",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-type", "application/octet-stream"), ("x-oss-meta-a", "1"), ("content-length", "4")],
        bucket: Some("mybucket"),
        key: Some("目录/文件 ü.txt"),
        string_to_sign: "PUT\n\napplication/octet-stream\n1718440800\nx-oss-meta-a:1\n/mybucket/目录/文件 ü.txt",
        region: "",
        x_oss_date: "",
        expires: 1718440800,
        additional: &[],
    },
    Vector {
        name: "oss2_v2_get_object_range",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V2Header,
        method: "GET",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt?versionId=v+1",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("range", "bytes=0-9"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS2 AccessKeyId:LTAI5tOsslabTestKey01,AdditionalHeaders:range,Signature:xdfw8GjBDNxdTBS/E1aLOnVmuc9jfxUKpV2qVB+ZhWw=")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "GET\n\n\nSat, 15 Jun 2024 08:30:00 GMT\nrange:bytes=0-9\nrange\n%2Fmybucket%2Fdir%2Fa%20b%2Bc.txt?versionId=v%201",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v2_url_get",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V2Query,
        method: "GET",
        target: "/mybucket/%E7%9B%AE%E5%BD%95%2F%E6%96%87%E4%BB%B6%20%C3%BC.txt?response-content-type=text%2Fplain&x-oss-signature-version=OSS2&x-oss-expires=1718441100&x-oss-access-key-id=LTAI5tOsslabTestKey01&x-oss-signature=E%2FQO2B8Kdh7HZdiptoO7roLeeuoSpF8d4Qiu9SntmiQ%3D",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive")],
        bucket: Some("mybucket"),
        key: Some("目录/文件 ü.txt"),
        string_to_sign: "GET\n\n\n1718441100\n\n%2Fmybucket%2F%E7%9B%AE%E5%BD%95%2F%E6%96%87%E4%BB%B6%20%C3%BC.txt?response-content-type=text%2Fplain&x-oss-access-key-id=LTAI5tOsslabTestKey01&x-oss-expires=1718441100&x-oss-signature-version=OSS2",
        region: "",
        x_oss_date: "",
        expires: 1718441100,
        additional: &[],
    },
    Vector {
        name: "oss2_v4_put_object",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Header,
        method: "PUT",
        target: "/mybucket/%E7%9B%AE%E5%BD%95%2F%E6%96%87%E4%BB%B6%20%C3%BC.txt",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-type", "text/plain"), ("content-md5", "XUFAKrxLKna5cZ2REBfFkg=="), ("x-oss-meta-foo", "Bar Baz"), ("x-oss-object-acl", "private"), ("x-oss-date", "20240615T083000Z"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request, Signature=547e82578b14bb69c59aa7b162b6c49d33fc0059717a41700ad90f48f612777c"), ("content-length", "5")],
        bucket: Some("mybucket"),
        key: Some("目录/文件 ü.txt"),
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\ndd6c01b4be54bb35e30b4eaa559134647e484770197703165b3e89fe57ea38ba",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v4_list_objects_v2",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Header,
        method: "GET",
        target: "/mybucket/?list-type=2&prefix=dir%2Fa+b&delimiter=%2F&continuation-token=&start-after=a%2Bb%2Fc&fetch-owner=false&max-keys=20&encoding-type=url",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("x-oss-date", "20240615T083000Z"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request, Signature=2c015e7c7d1492d7a16232392698564c3505eea35760410a96489d2a9881ff24")],
        bucket: Some("mybucket"),
        key: None,
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\n7528df380205a0b9ca82911170d31d9af03643a27ede1362e1ee63ca998d5f1c",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v4_upload_part",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Header,
        method: "PUT",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt?uploadId=0004B9894A22E5B1888A1E29F823%2A%2A%2A%2A&partNumber=7",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("x-oss-date", "20240615T083000Z"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request, Signature=ba5c02c2e2077f44ee3d0e4ba174a81fea80d55f35febb23cbc82ad727d5e587"), ("content-length", "4")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\ndc63a56fad3456d2a878dd9f5a43e09427d51608c763a2cde7ef4d563cfbecd9",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v4_delete_multiple",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Header,
        method: "POST",
        target: "/mybucket/?delete=&encoding-type=url",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-md5", "3vCIxu5cZuIFvCRmU/uJZQ=="), ("x-oss-date", "20240615T083000Z"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request, Signature=e9eff6dfbe0112d11bc9d107b386a38531ed91f3090cd952edd8658a02a90ed8"), ("content-length", "109")],
        bucket: Some("mybucket"),
        key: None,
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\n52b8d4b0c44db0fa323cb44071216550c18738f75e1309d9fbf2811813c1a032",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v4_clean_restored_object",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Header,
        method: "POST",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt?cleanRestoredObject=",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("x-oss-date", "20240615T083000Z"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request, Signature=c3fc690f9f451c23deed94f961a3c380fdd5fc7cac40daaa971e5c561f221a5d"), ("content-length", "0")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\n4f347c171f46ad8187cdaca4fef4e471e366930ff94020190208d098f39e7848",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v4_list_object_versions",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Header,
        method: "GET",
        target: "/mybucket/?prefix=dir%2F&delimiter=&key-marker=dir%2Fa+b%2Bc.txt&version-id-marker=CAEQ%2F%2B%3D&max-keys=100&encoding-type=url&versions=",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("x-oss-date", "20240615T083000Z"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request, Signature=db85408ed0c2806680be3907d88e6f5237a63b8858266ec6e33f9dce72d0fe36")],
        bucket: Some("mybucket"),
        key: None,
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\n1ae319bb9042fb47beb02ec6b09dba304bd09a5aa14d02c7e110b3aff0d3575e",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v4_list_buckets",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Header,
        method: "GET",
        target: "/?prefix=my&marker=&max-keys=100",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("x-oss-date", "20240615T083000Z"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request, Signature=df16591f1124292de7e8629705a83bfab3a2680f1a3c580c8d0bfb706cbcc256")],
        bucket: None,
        key: None,
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\n091bb0113ec2249c3b3c03d3eac441892d41a2cb408f0ae1f129bc2ca7891b39",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "oss2_v4_url_get_host",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Query,
        method: "GET",
        target: "/mybucket/dir%2Fa%20b%2Bc.txt?versionId=abc%2B%2F%3D&response-content-disposition=inline&x-oss-date=20240615T083000Z&x-oss-expires=3600&x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=LTAI5tOsslabTestKey01%2F20240615%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-additional-headers=host&x-oss-signature=e3ff4f09e6621714ce5a550b60cd73e536acb88db7e654282384c7088380e987",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\ne59156e696f19f35e150e62a7206edd9c3a0719cce52472f7a2d973f976ac525",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 3600,
        additional: &["host"],
    },
    Vector {
        name: "oss2_v4_url_put",
        sdk: "oss2 2.19.1",
        scheme: AuthScheme::V4Query,
        method: "PUT",
        target: "/mybucket/%E7%9B%AE%E5%BD%95/%E6%96%87%E4%BB%B6%20%C3%BC.txt?x-oss-date=20240615T083000Z&x-oss-expires=600&x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=LTAI5tOsslabTestKey01%2F20240615%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-signature=b8de356a5c5db8bee24d5a227eb0dc8d098ac16811ff1dc56011bf099e4d4428",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "aliyun-sdk-python/2.19.1(Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-type", "application/octet-stream"), ("x-oss-meta-a", "1"), ("content-length", "4")],
        bucket: Some("mybucket"),
        key: Some("目录/文件 ü.txt"),
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\nea15c4d40acf3efeefc35e4554a9fa35b02c7196ff8348a6b0c27d5ce3bf2424",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 600,
        additional: &[],
    },
    Vector {
        name: "pyv2_v4_put_object",
        sdk: "alibabacloud-oss-v2 1.4.1",
        scheme: AuthScheme::V4Header,
        method: "PUT",
        target: "/mybucket/%E7%9B%AE%E5%BD%95/%E6%96%87%E4%BB%B6%20%C3%BC.txt",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "alibabacloud-python-sdk-v2/1.4.1 (Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("x-oss-meta-foo", "Bar"), ("content-type", "text/plain"), ("x-oss-date", "20240615T083000Z"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request,Signature=2ad426c6f064f2b558fcc783ad990da2c7feaf520097101bfae632b9dbc881bf"), ("content-length", "5")],
        bucket: Some("mybucket"),
        key: Some("目录/文件 ü.txt"),
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\n2b2761074f52e1433550f29174f8bcbdedbfbb96bc4a739a5a15ca07ea0ed3ec",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "pyv2_v4_list_objects_v2",
        sdk: "alibabacloud-oss-v2 1.4.1",
        scheme: AuthScheme::V4Header,
        method: "GET",
        target: "/mybucket/?encoding-type=url&list-type=2&delimiter=%2F&start-after=a%2Bb&prefix=dir%2Fa%20b",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "alibabacloud-python-sdk-v2/1.4.1 (Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-type", "application/octet-stream"), ("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg=="), ("x-oss-date", "20240615T083000Z"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request,Signature=4aa7b7c75ca06cef65ba3cba529b586d04435a37000a2a99b511890685836bcd")],
        bucket: Some("mybucket"),
        key: None,
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\n67e79b163ebe8aeb7c652ec7e09cf3ad1985bf4471bfa7fb5ade00d47c68caea",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "pyv2_v4_signer_additional_header",
        sdk: "alibabacloud-oss-v2 1.4.1",
        scheme: AuthScheme::V4Header,
        method: "GET",
        target: "/mybucket/dir/a%20b%2Bc.txt?versionId=v%2B1",
        headers: &[("host", "127.0.0.1:34965"), ("user-agent", "python-requests/2.34.2"), ("accept-encoding", "gzip, deflate"), ("accept", "*/*"), ("connection", "keep-alive"), ("x-osslab-trace", "t 1"), ("content-type", "text/plain"), ("x-oss-date", "20240615T083000Z"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"), ("authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tOsslabTestKey01/20240615/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=x-osslab-trace,Signature=cf12b5525a17ef09ac1ea18372b5168865d660e17df02cddb57f949194c3f737")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\nccc4fb9b4bd0d61a8fa17293309dfef6e6c2a65d81eb602488ac5d1aacddc161",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 0,
        additional: &["x-osslab-trace"],
    },
    Vector {
        name: "pyv2_v4_presign_get",
        sdk: "alibabacloud-oss-v2 1.4.1",
        scheme: AuthScheme::V4Query,
        method: "GET",
        target: "/mybucket/%E7%9B%AE%E5%BD%95/%E6%96%87%E4%BB%B6%20%C3%BC.txt?versionId=v%2F1&x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-date=20240615T083000Z&x-oss-expires=3600&x-oss-credential=LTAI5tOsslabTestKey01%2F20240615%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-signature=cce30260e1b6e579a5240e0371f522f472e721cf3edbdb385a0b92f80e415050",
        headers: &[("host", "127.0.0.1:34965"), ("user-agent", "python-requests/2.34.2"), ("accept-encoding", "gzip, deflate"), ("accept", "*/*"), ("connection", "keep-alive")],
        bucket: Some("mybucket"),
        key: Some("目录/文件 ü.txt"),
        string_to_sign: "OSS4-HMAC-SHA256\n20240615T083000Z\n20240615/cn-hangzhou/oss/aliyun_v4_request\ne5bf5a0e1bef5d8bf8745d631df084c95653eabed6fd2bc7eadcdf79f8426cd2",
        region: "cn-hangzhou",
        x_oss_date: "20240615T083000Z",
        expires: 3600,
        additional: &[],
    },
    Vector {
        name: "pyv2_v1_clean_restored_object",
        sdk: "alibabacloud-oss-v2 1.4.1",
        scheme: AuthScheme::V1Header,
        method: "POST",
        target: "/mybucket/dir/a%20b%2Bc.txt?cleanRestoredObject=",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "alibabacloud-python-sdk-v2/1.4.1 (Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("content-type", "application/xml"), ("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg=="), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:CwuzFN7Ns1boalt5jZt4FFI3z7c="), ("content-length", "0")],
        bucket: Some("mybucket"),
        key: Some("dir/a b+c.txt"),
        string_to_sign: "POST\n1B2M2Y8AsgTpgAmY7PhCfg==\napplication/xml\nSat, 15 Jun 2024 08:30:00 GMT\n/mybucket/dir/a b+c.txt?cleanRestoredObject",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
    Vector {
        name: "pyv2_v1_put_object",
        sdk: "alibabacloud-oss-v2 1.4.1",
        scheme: AuthScheme::V1Header,
        method: "PUT",
        target: "/mybucket/x/y~z%2A%281%29%21.bin",
        headers: &[("host", "127.0.0.1:34965"), ("accept-encoding", "identity"), ("user-agent", "alibabacloud-python-sdk-v2/1.4.1 (Linux/6.18.44-fc-v669/x86_64;3.11.7)"), ("accept", "*/*"), ("connection", "keep-alive"), ("x-oss-meta-k", "v"), ("content-type", "text/plain"), ("date", "Sat, 15 Jun 2024 08:30:00 GMT"), ("authorization", "OSS LTAI5tOsslabTestKey01:L8Ji5fvYSL2PCihEFn8LCs4HkxU="), ("content-length", "2")],
        bucket: Some("mybucket"),
        key: Some("x/y~z*(1)!.bin"),
        string_to_sign: "PUT\n\ntext/plain\nSat, 15 Jun 2024 08:30:00 GMT\nx-oss-meta-k:v\n/mybucket/x/y~z*(1)!.bin",
        region: "",
        x_oss_date: "",
        expires: 0,
        additional: &[],
    },
];

/// Decodes a query component the way the HTTP layer fills `WireRequest::query`:
/// percent-decoding with `+` as space.
fn form_decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

fn wire(v: &Vector) -> WireRequest {
    let (path, raw_query) = v.target.split_once('?').unwrap_or((v.target, ""));
    let query = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, val) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(val))
        })
        .collect();
    WireRequest {
        method: v.method.to_string(),
        path: path.to_string(),
        query,
        headers: v
            .headers
            .iter()
            .map(|(k, val)| (k.to_string(), val.to_string()))
            .collect(),
        body: Vec::new(),
    }
}

fn target(v: &Vector) -> SignTarget {
    SignTarget {
        bucket: v.bucket.map(str::to_string),
        key: v.key.map(str::to_string),
    }
}

fn creds() -> Credentials {
    Credentials {
        access_key_id: AK.to_string(),
        access_key_secret: SK.to_string(),
    }
}

fn known(ak: &str) -> Option<String> {
    (ak == AK).then(|| SK.to_string())
}

/// The signature the SDK put on the request.
fn provided_signature(v: &Vector) -> String {
    let req = wire(v);
    match v.scheme {
        AuthScheme::V1Header => req
            .header("authorization")
            .and_then(|a| a.rsplit_once(':'))
            .map(|(_, s)| s.to_string())
            .unwrap(),
        AuthScheme::V2Header => req
            .header("authorization")
            .and_then(|a| a.rsplit_once("Signature:"))
            .map(|(_, s)| s.to_string())
            .unwrap(),
        AuthScheme::V4Header => req
            .header("authorization")
            .and_then(|a| a.rsplit_once("Signature="))
            .map(|(_, s)| s.to_string())
            .unwrap(),
        AuthScheme::V1Query => req.query_param("Signature").unwrap().to_string(),
        AuthScheme::V2Query | AuthScheme::V4Query => {
            req.query_param("x-oss-signature").unwrap().to_string()
        }
    }
}

/// A clock inside every vector's validity window.
fn now_for(_v: &Vector) -> i64 {
    SIGNED_AT_MS + 60_000
}
