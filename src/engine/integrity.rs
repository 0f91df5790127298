//! Checksums OSS reports: MD5 ETags, `Content-MD5` and `x-oss-hash-crc64ecma`.

use md5::{Digest, Md5};

use super::object::Etag;

pub fn md5(bytes: &[u8]) -> [u8; 16] {
    Md5::digest(bytes).into()
}

/// CRC-64/XZ (ECMA-182 polynomial, reflected, all-ones init and xor-out), as oss2's crcmod
/// configuration computes it; sent as an unsigned decimal. The server uses crc64fast's SIMD
/// path; the browser `crc`'s small table (see Cargo.toml), the same function.
#[cfg(not(target_arch = "wasm32"))]
pub fn crc64(bytes: &[u8]) -> u64 {
    let mut d = crc64fast::Digest::new();
    d.write(bytes);
    d.sum64()
}

#[cfg(target_arch = "wasm32")]
pub fn crc64(bytes: &[u8]) -> u64 {
    CRC64_XZ.checksum(bytes)
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const CRC64_XZ: crc::Crc<u64> = crc::Crc::<u64>::new(&crc::CRC_64_XZ);

/// The multipart ETag: MD5 of the concatenated upper-case hex ETags of the parts (not of
/// their binary digests, as S3 does), then `-<part count>`.
pub fn multipart_etag(part_etags: &[[u8; 16]]) -> Etag {
    let mut h = Md5::new();
    for e in part_etags {
        h.update(hex::encode_upper(e).as_bytes());
    }
    Etag::Multipart(h.finalize().into(), part_etags.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc64_matches_oss_check_values() {
        assert_eq!(crc64(b"123456789"), 11_051_210_869_376_104_954);
        assert_eq!(crc64(b""), 0);
        assert_eq!(crc64(b"hello"), 11_177_612_005_948_864_433);
        assert_eq!(crc64(b"a"), 3_675_645_893_302_102_789);
    }

    #[test]
    fn the_browser_crc_equals_the_server_crc() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for end in [0, 1, 7, 8, 9, 100, 4096, 5000] {
            assert_eq!(
                CRC64_XZ.checksum(&data[..end]),
                crc64(&data[..end]),
                "{end}"
            );
        }
    }

    #[test]
    fn multipart_etag_matches_a_real_oss_response() {
        let parts = [
            hex::decode("4DE8075FB607DF4D13FBC480EA488EFA")
                .unwrap()
                .try_into()
                .unwrap(),
            hex::decode("AF947EC157726CEA88ED83B3C989063B")
                .unwrap()
                .try_into()
                .unwrap(),
        ];
        assert_eq!(
            multipart_etag(&parts).text(),
            "1C787C506EABFB9B45EAAA8DB039F4B2-2"
        );
    }

    #[test]
    fn put_etag_is_upper_md5() {
        assert_eq!(
            Etag::Md5(md5(b"hello")).text(),
            "5D41402ABC4B2A76B9719D911017C592"
        );
    }
}
