//! How an endpoint is set up: the one configuration the wire layer reads.

use super::auth::Credentials;

/// How the endpoint is set up.
#[derive(Clone, Debug, Default)]
pub struct WireConfig {
    /// Key pairs whose signatures are accepted. Empty: any (or no) credentials are accepted.
    pub credentials: Vec<Credentials>,
    /// Host suffixes for virtual-hosted addressing (`<bucket>.<suffix>`).
    pub virtual_host_suffixes: Vec<String>,
}
