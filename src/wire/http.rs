//! Transport-neutral HTTP request and response: what the native server receives from hyper
//! and what the browser UI builds for each click are both turned into these.

use std::borrow::Cow;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// A response header name or value: most are fixed text (`ETag`, `AliyunOSS`, `bytes`),
/// borrowed instead of allocated on every response.
pub type HeaderText = Cow<'static, str>;

/// One HTTP request as it arrives on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WireRequest {
    /// Upper-case method, e.g. `PUT`.
    pub method: String,
    /// The request path exactly as sent, still percent-encoded (`/bucket/dir%2Fa%20b.txt`).
    pub path: String,
    /// Query parameters, percent- and `+`-decoded, in the order sent. A bare sub-resource such
    /// as `?versions` or `?versions=` is `("versions", "")`.
    pub query: Vec<(String, String)>,
    /// Headers with lower-case names, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl WireRequest {
    /// First header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// First query parameter with this name; `Some("")` for a bare sub-resource.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Host header without port, if any.
    pub fn host(&self) -> Option<&str> {
        self.header("host")
    }
}

/// One HTTP response as it goes back on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WireResponse {
    pub status: u16,
    /// Header names as OSS spells them (`ETag`, `x-oss-version-id`, ...), in emit order.
    pub headers: Vec<(HeaderText, HeaderText)>,
    pub body: WireBody,
}

/// A response body: bytes a handler built, or (GetObject) a range of an object body the
/// engine holds, shared rather than copied. Reads as `&[u8]` either way.
#[derive(Clone)]
pub enum WireBody {
    Owned(Vec<u8>),
    Shared(Arc<[u8]>, Range<usize>),
}

impl WireBody {
    /// The bytes `range` of `body` (a valid range of it).
    pub fn shared(body: Arc<[u8]>, range: Range<usize>) -> Self {
        WireBody::Shared(body, range)
    }

    pub fn as_slice(&self) -> &[u8] {
        match self {
            WireBody::Owned(v) => v,
            WireBody::Shared(b, r) => &b[r.clone()],
        }
    }

    pub fn to_vec(&self) -> Vec<u8> {
        self.as_slice().to_vec()
    }
}

impl Default for WireBody {
    fn default() -> Self {
        WireBody::Owned(Vec::new())
    }
}

impl Deref for WireBody {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl From<Vec<u8>> for WireBody {
    fn from(v: Vec<u8>) -> Self {
        WireBody::Owned(v)
    }
}

/// Compared by content: a shared and an owned body with the same bytes are equal.
impl PartialEq for WireBody {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for WireBody {}

impl PartialEq<[u8]> for WireBody {
    fn eq(&self, other: &[u8]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<Vec<u8>> for WireBody {
    fn eq(&self, other: &Vec<u8>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const N: usize> PartialEq<&[u8; N]> for WireBody {
    fn eq(&self, other: &&[u8; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for WireBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

impl WireResponse {
    /// A response with no headers and no body (the common headers are added by `Wire`).
    pub fn empty(status: u16) -> Self {
        WireResponse {
            status,
            headers: Vec::new(),
            body: Vec::new().into(),
        }
    }

    /// First header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}
