//! The one way osslab builds a [`WireRequest`] from parts: the browser's
//! `window.osslab.request` and raw console, the page's SDK-style requests, the lessons and
//! the tests all call [`build`], so every request the wire layer sees from inside osslab has
//! the same shape as one arriving on the socket.

use super::http::WireRequest;

/// A request from its parts, normalised as the native server's HTTP layer normalises what
/// arrives on the socket: the method upper-case (`put` → `PUT`) and header names lower-case
/// (what [`WireRequest::header`] looks up), both in the order given. `path` is kept as sent
/// (still percent-encoded, e.g. `/bucket/dir%2Fa.txt`) and `query` holds decoded pairs (a
/// bare sub-resource such as `?versions` is `("versions", "")`).
///
/// ```
/// use osslab::wire::request::build;
///
/// let req = build(
///     "put",
///     "/photos/cat.jpg",
///     vec![],
///     vec![("X-Oss-Storage-Class".into(), "Archive".into())],
///     b"meow".to_vec(),
/// );
/// assert_eq!(req.method, "PUT");
/// assert_eq!(req.header("x-oss-storage-class"), Some("Archive"));
/// ```
pub fn build(
    method: &str,
    path: &str,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) -> WireRequest {
    WireRequest {
        method: method.to_ascii_uppercase(),
        path: path.to_string(),
        query,
        headers: headers
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect(),
        body,
    }
}
