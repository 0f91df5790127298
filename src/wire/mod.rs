//! The OSS REST protocol: HTTP request → engine call → HTTP response.

pub mod format;
pub mod http;
pub mod xml;
