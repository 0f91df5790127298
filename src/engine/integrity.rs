//! Checksums OSS reports: MD5 ETags, `Content-MD5` and `x-oss-hash-crc64ecma`.

use md5::{Digest, Md5};

use super::object::{Body, Etag};

pub fn md5(bytes: &[u8]) -> [u8; 16] {
    Md5::digest(bytes).into()
}

/// The MD5 of a stored body, hashed once per body on this thread: a body is hashed for its
/// ETag when it is written, and again for its content id when the version is saved (the
/// durable server saves it under the same engine lock; the browser soon after). A few recent
/// bodies are remembered by identity, holding them, so no other body can take the address of
/// one while it is remembered. Only small bodies are kept: hashing a large one costs little
/// next to copying it, and holding it would keep its memory after the version is gone.
pub fn body_md5(body: &Body) -> [u8; 16] {
    /// Bodies remembered per thread.
    const KEPT: usize = 8;
    /// Largest body remembered.
    const MAX_LEN: usize = 64 << 10;
    thread_local! {
        static RECENT: std::cell::RefCell<std::collections::VecDeque<(Body, [u8; 16])>> =
            Default::default();
    }
    if body.len() > MAX_LEN {
        return md5(body);
    }
    RECENT.with_borrow_mut(|recent| {
        if let Some((_, d)) = recent.iter().find(|(b, _)| std::sync::Arc::ptr_eq(b, body)) {
            return *d;
        }
        let d = md5(body);
        if recent.len() == KEPT {
            recent.pop_front();
        }
        recent.push_back((body.clone(), d));
        d
    })
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
    fn a_body_md5_is_the_md5_of_its_bytes_however_often_asked() {
        let bodies: Vec<Body> = (0..20u8)
            .map(|i| Body::from(vec![i; 100 + i as usize]))
            .chain([Body::from(vec![7u8; 100 << 10])]) // too large to remember
            .collect();
        // Asked twice each (the second answer may come from memory), in an order that
        // overflows the memo, and once more for a copy of the bytes in another body.
        for round in 0..2 {
            for b in bodies.iter().chain(bodies.iter().rev()) {
                assert_eq!(body_md5(b), md5(b), "round {round}");
                let copy = Body::from(b.to_vec());
                assert_eq!(body_md5(&copy), md5(b));
            }
        }
    }

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
