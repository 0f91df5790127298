//! Identifiers: version ids, upload ids, request ids.
//!
//! Real OSS version ids are 64 characters: base64 (with `.` and `_` in place of `+` and `/`)
//! of a small protobuf whose third field is `unix_ms << 20 | sequence` and whose fourth field
//! is 32 hex characters (docs/fidelity.md §Version ids). osslab builds its ids the same way from the
//! entry's creation time and the engine's global write sequence, so an id is a pure function
//! of (clock, sequence): lessons and tests are reproducible, and an id decodes back to the
//! sequence number, which locates the entry in its stack by binary search.

use base64::alphabet::Alphabet;
use base64::engine::{general_purpose::NO_PAD, GeneralPurpose};
use base64::Engine as _;

use super::error::{Error, Result};

/// Standard base64 with `.` for `+` and `_` for `/`, as seen in real OSS version ids.
const OSS_ID_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

/// Built at compile time: building the codec's tables per id cost more than the id itself.
const ID_CODEC: GeneralPurpose = GeneralPurpose::new(
    &match Alphabet::new(OSS_ID_ALPHABET) {
        Ok(a) => a,
        Err(_) => panic!("invalid version id alphabet"),
    },
    NO_PAD,
);

/// A version id as the engine stores it: either the single `null` version of a key or an
/// id derived from (creation ms, sequence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VersionId {
    Null,
    Id { ms: i64, seq: u64 },
}

/// splitmix64: a cheap, well-mixed deterministic hash for the id's hex tail.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn tail_hex(ms: i64, seq: u64) -> [u8; 32] {
    let a = mix(ms as u64 ^ seq.rotate_left(32));
    let b = mix(a ^ seq);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_be_bytes());
    bytes[8..].copy_from_slice(&b.to_be_bytes());
    let mut out = [0u8; 32];
    // 16 bytes always fit 32 hex digits.
    let _ = hex::encode_to_slice(bytes, &mut out);
    out
}

fn push_varint(buf: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            buf.push(byte);
            return;
        }
        buf.push(byte | 0x80);
    }
}

fn read_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*pos)?;
        *pos += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

const SEQ_BITS: u32 = 20;
const SEQ_MASK: u64 = (1 << SEQ_BITS) - 1;

impl VersionId {
    /// The text OSS puts in `x-oss-version-id` and `<VersionId>`.
    pub fn render(&self) -> String {
        match *self {
            VersionId::Null => "null".to_string(),
            VersionId::Id { ms, seq } => {
                // field 1 = 1; field 2 = high bits of the sequence (small, like OSS's);
                // field 3 = ms << 20 | low 20 bits of the sequence; field 4 = 32 hex chars.
                let mut buf = Vec::with_capacity(48);
                buf.extend_from_slice(&[0x08, 0x01, 0x10]);
                push_varint(&mut buf, seq >> SEQ_BITS);
                buf.push(0x18);
                push_varint(
                    &mut buf,
                    ((ms.max(0) as u64) << SEQ_BITS) | (seq & SEQ_MASK),
                );
                buf.extend_from_slice(&[0x22, 0x20]);
                buf.extend_from_slice(&tail_hex(ms, seq));
                ID_CODEC.encode(buf)
            }
        }
    }

    /// Parse a version id sent by a client. `Err` means it is not an id OSS could have
    /// issued (400 InvalidArgument); `Ok` may still name no entry (404 NoSuchVersion).
    pub fn parse(text: &str) -> Result<VersionId> {
        if text == "null" {
            return Ok(VersionId::Null);
        }
        Self::decode(text).ok_or_else(|| Error::InvalidVersionId {
            text: text.to_string(),
        })
    }

    fn decode(text: &str) -> Option<VersionId> {
        if text.len() > 128 {
            return None;
        }
        let bytes = ID_CODEC.decode(text).ok()?;
        let mut pos = 0;
        if bytes.get(..3)? != [0x08, 0x01, 0x10] {
            return None;
        }
        pos += 3;
        let high = read_varint(&bytes, &mut pos)?;
        if *bytes.get(pos)? != 0x18 {
            return None;
        }
        pos += 1;
        let field3 = read_varint(&bytes, &mut pos)?;
        if bytes.get(pos..pos + 2)? != [0x22, 0x20] || bytes.len() != pos + 2 + 32 {
            return None;
        }
        let tail = &bytes[pos + 2..];
        if !tail.iter().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let ms = (field3 >> SEQ_BITS) as i64;
        let seq = (high.checked_shl(SEQ_BITS)?) | (field3 & SEQ_MASK);
        Some(VersionId::Id { ms, seq })
    }

    pub fn is_null(&self) -> bool {
        matches!(self, VersionId::Null)
    }
}

/// Multipart upload id: 32 upper-case hex characters, as in the OSS samples. Time and sequence
/// lead, so ids sort in initiation order: ListMultipartUploads lists one key's uploads in
/// that order, which is also upload-id order, as oss2's test_iterator.py expects
/// (docs/fidelity.md §Findings of the oss2 integration suite).
pub fn upload_id(ms: i64, seq: u64) -> String {
    let time = (ms.max(0) as u64) & 0xFFFF_FFFF_FFFF; // 48 bits: 12 hex digits
    let seq_part = seq & 0xFF_FFFF_FFFF; // 40 bits: 10 hex digits
    let noise = mix(ms as u64 ^ 0x5555_0000_0000_0000 ^ seq) & 0xFF_FFFF_FFFF;
    format!("{time:012X}{seq_part:010X}{noise:010X}")
}

/// `x-oss-request-id`: 24 upper-case hex characters.
pub fn request_id(ms: i64, seq: u64) -> String {
    let a = mix(ms as u64 ^ seq.rotate_left(17));
    let mut id = String::with_capacity(24);
    push_hex_upper(&mut id, &((ms / 1000) as u32).to_be_bytes());
    push_hex_upper(&mut id, &a.to_be_bytes());
    id
}

/// Appends `bytes` as upper-case hex, as `format!("{:X}")` would, without the per-digit
/// formatting machinery (ids and ETags are written on every request).
pub fn push_hex_upper(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.chunks(16) {
        let mut buf = [0u8; 32];
        let hex = &mut buf[..chunk.len() * 2];
        if hex::encode_to_slice(chunk, hex).is_ok() {
            hex.make_ascii_uppercase();
            out.push_str(std::str::from_utf8(hex).unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_ids_look_like_oss_and_round_trip() {
        let ms = 1_763_800_000_123;
        for seq in [0u64, 1, 2, 1 << 20, (1 << 20) + 5, 123_456_789] {
            let id = VersionId::Id { ms, seq };
            let text = id.render();
            assert_eq!(text.len(), 64, "{text}");
            assert!(text.starts_with("CAEQ"), "{text}");
            assert!(text.chars().all(|c| OSS_ID_ALPHABET.contains(c)));
            assert_eq!(VersionId::parse(&text).unwrap(), id);
        }
    }

    #[test]
    fn real_oss_id_decodes() {
        // A real id from the oss2 test-suite: field 3 decodes to an April 2019 timestamp.
        let id =
            VersionId::parse("CAEQJhiBgIDVmYrr1RYiIGE5ZmUxMjViZDIwYjQwY2I5ODA1YWIxNmIyNDNjYjk4")
                .unwrap();
        match id {
            VersionId::Id { ms, .. } => {
                assert!((1_500_000_000_000..1_700_000_000_000).contains(&ms))
            }
            VersionId::Null => panic!("not null"),
        }
    }

    #[test]
    fn junk_is_invalid_argument() {
        for bad in [
            "",
            "234",
            "IllegalVersion",
            "CAEQ",
            "nul",
            "NULL",
            "CAEQJhiBgIDVmYrr1RYiIGE5ZmUxMjViZDIwYjQwY2I5ODA1YWIxNmIyNDNjYjk",
        ] {
            assert_eq!(
                VersionId::parse(bad),
                Err(Error::InvalidVersionId { text: bad.into() })
            );
        }
        assert_eq!(VersionId::parse("null").unwrap(), VersionId::Null);
    }

    #[test]
    fn distinct_sequences_give_distinct_ids() {
        let a = VersionId::Id { ms: 5, seq: 1 }.render();
        let b = VersionId::Id { ms: 5, seq: 2 }.render();
        assert_ne!(a, b);
        assert_eq!(upload_id(5, 1).len(), 32);
        // Later uploads sort after earlier ones, in the same millisecond or a later one.
        assert!(upload_id(5, 1) < upload_id(5, 2));
        assert!(upload_id(5, 9) < upload_id(6, 10));
        assert!(upload_id(1_763_800_000_123, 77) < upload_id(1_763_800_000_124, 78));
        assert_eq!(request_id(5, 1).len(), 24);
    }

    #[test]
    fn hex_digits_match_format() {
        for (ms, seq) in [
            (5, 1),
            (1_763_800_000_123, 77),
            (-1, 0),
            (i64::MAX, u64::MAX),
        ] {
            let a = mix(ms as u64 ^ seq.rotate_left(17));
            let old = format!("{:08X}{:016X}", (ms / 1000) as u32, a);
            assert_eq!(request_id(ms, seq), old);
        }
        let mut s = String::new();
        push_hex_upper(&mut s, &[0x00, 0x0f, 0xa5, 0xff]);
        assert_eq!(s, "000FA5FF");
        let long: Vec<u8> = (0..=255).collect();
        s.clear();
        push_hex_upper(&mut s, &long);
        assert_eq!(s, hex::encode_upper(&long));
    }
}
