//! Byte ranges of a read: what a request asks for (`Range: bytes=...`) and the bytes it
//! resolves to against an object's size; and the source range of an UploadPartCopy.

use super::error::{Error, Result};

/// A `Range: bytes=...` request, already parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=a-` or `bytes=a-b`.
    From { start: u64, end: Option<u64> },
    /// `bytes=-n`: the last n bytes.
    Suffix(u64),
}

impl ByteRange {
    /// Resolve against a size: the bytes to send, or [`Error::RangeNotSatisfiable`].
    pub fn resolve(&self, size: u64) -> Result<ByteSpan> {
        match *self {
            ByteRange::From { start, end } => {
                if start >= size || end.is_some_and(|e| e < start) {
                    return Err(Error::RangeNotSatisfiable);
                }
                Ok(ByteSpan {
                    first: start,
                    last: end.map_or(size - 1, |e| e.min(size - 1)),
                })
            }
            ByteRange::Suffix(n) => {
                if n == 0 || size == 0 {
                    return Err(Error::RangeNotSatisfiable);
                }
                Ok(ByteSpan {
                    first: size - n.min(size),
                    last: size - 1,
                })
            }
        }
    }
}

/// Bytes `first..=last` of an object: a resolved [`ByteRange`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteSpan {
    pub first: u64,
    pub last: u64,
}

impl ByteSpan {
    pub fn as_usize_range(&self) -> std::ops::RangeInclusive<usize> {
        self.first as usize..=self.last as usize
    }
}

/// The bytes of the source an UploadPartCopy takes: `start..=end`; no end (`bytes=a-`) runs
/// to the end of the source, as oss2's own test_multipart.py copies. Unlike a GET range, an
/// end past the source is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CopyRange {
    pub start: u64,
    pub end: Option<u64>,
}
