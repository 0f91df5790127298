//! What every handler is given, and the shape of a handler.

use crate::engine::Engine;
use crate::wire::config::WireConfig;
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::route::Op;
use crate::wire::OssResult;

/// What a handler is given besides the engine: the request and what routing read from it.
pub(super) struct Call<'a> {
    pub req: &'a WireRequest,
    pub op: Op,
    /// The decoded bucket (`""` for a service-level request).
    pub bucket: &'a str,
    /// The decoded key (`""` for a bucket-level request).
    pub key: &'a str,
    /// The Host the request reached, without a virtual-hosted bucket's label
    /// ([`Target::endpoint`](crate::wire::route::Target::endpoint)).
    pub endpoint: Option<&'a str>,
    pub config: &'a WireConfig,
}

/// A handler: one OSS operation (or a few served by one function of its area).
pub(super) type Handler = fn(&mut Engine, &Call) -> OssResult<WireResponse>;
