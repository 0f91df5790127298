//! The OSS REST protocol: HTTP request → engine call → HTTP response.

pub mod auth;
pub mod http;
