//! Request signatures: verifying what real OSS SDKs send, and producing the same signatures.
//!
//! Supported schemes (docs/fidelity.md §Signatures):
//!
//! * V1 header — `Authorization: OSS <ak>:<base64 HMAC-SHA1>`.
//! * V1 presigned URL — `OSSAccessKeyId`, `Expires`, `Signature` query parameters.
//! * V2 header / URL — `OSS2 AccessKeyId:…,AdditionalHeaders:…,Signature:…` and the
//!   `x-oss-signature-version=OSS2` query form (HMAC-SHA256, every query parameter signed).
//! * V4 header — `OSS4-HMAC-SHA256 Credential=…, AdditionalHeaders=…, Signature=…`.
//! * V4 presigned URL — `x-oss-signature-version=OSS4-HMAC-SHA256`, `x-oss-credential`,
//!   `x-oss-date`, `x-oss-expires`, `x-oss-signature`, optional `x-oss-additional-headers`.
//!
//! Everything is computed from the transport-neutral [`WireRequest`](crate::wire::http::WireRequest) plus the bucket and key the
//! router already decoded ([`SignTarget`]): the canonical resource of every scheme is built from
//! the *decoded* key, never from the percent-encoded path on the wire, because that is what the
//! SDKs sign (oss2 sends `dir%2Fa%20b.txt` but signs `/bucket/dir/a b.txt`).
//!
//! Nothing here panics on hostile input: every parse is fallible and arithmetic is checked,
//! because `verify` sits directly behind the socket.

mod canonical;
mod check;
mod failure;
mod sign;
mod types;
mod v1;
mod v2;
mod v4;
mod verify;
// proptest is a native-only dev-dependency, so the tests do not build for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub(crate) use canonical::ct_eq;
pub use sign::{
    encode_query, presign_v1, presign_v4, sign_v1_header, sign_v4_header, sign_v4_header_with,
};
pub(crate) use sign::{post_policy_signature_v1, post_policy_signature_v4};
pub use types::{AuthFailure, AuthOutcome, AuthScheme, Credentials, SignTarget};
pub use v1::string_to_sign_v1;
pub use v4::canonical_request_v4;
pub use verify::verify;
