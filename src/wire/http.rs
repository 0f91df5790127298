//! Transport-neutral HTTP request and response: what the native server receives from hyper
//! and what the browser UI builds for each click are both turned into these.

use std::borrow::Cow;

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
    pub body: Vec<u8>,
}

impl WireResponse {
    /// First header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}
