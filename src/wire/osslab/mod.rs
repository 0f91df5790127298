//! osslab's own endpoints under `/_osslab/` (JSON, not OSS; `_` cannot start a bucket name,
//! so none of them shadows an OSS path). [`endpoint`] is the one place that says which
//! endpoint a path names:
//!
//! * `/_osslab/identities[/<AccessKeyId>]`, `/_osslab/backups/<bucket>[/…]`: the
//!   data-protection toolkit ([`toolkit`]), served by [`Wire::handle`](super::Wire::handle);
//! * `/_osslab/bill`: the storage bill ([`bill`](super::bill)), served by `Wire::handle`;
//! * `/_osslab/clock`, `/_osslab/clock/advance`: the virtual clock ([`clock`]), which the
//!   native server owns and answers itself (the browser lab's clock is the page's);
//! * anything else under `/_osslab`: unknown, a 404 from the native server.

pub mod clock;
pub mod json;
pub mod toolkit;

use super::http::{WireRequest, WireResponse};
use crate::engine::Engine;
pub use toolkit::{BackupPlanJson, IdentityJson};

/// The osslab endpoint a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Identities,
    Backups,
    Bill,
    Clock,
    Unknown,
}

/// Which osslab endpoint `path` names; `None` outside `/_osslab`.
pub fn endpoint(path: &str) -> Option<Endpoint> {
    let p = path.split('?').next().unwrap_or("");
    if !p.starts_with("/_osslab") {
        return None;
    }
    Some(
        if p == "/_osslab/identities" || p.starts_with("/_osslab/identities/") {
            Endpoint::Identities
        } else if p.starts_with("/_osslab/backups/") {
            Endpoint::Backups
        } else if p == super::bill::BILL_PATH {
            Endpoint::Bill
        } else if p == clock::CLOCK_PATH || p == clock::ADVANCE_PATH {
            Endpoint::Clock
        } else {
            Endpoint::Unknown
        },
    )
}

/// Whether `path` names one of the toolkit's endpoints (identities, backups).
pub fn is_toolkit_path(path: &str) -> bool {
    matches!(
        endpoint(path),
        Some(Endpoint::Identities | Endpoint::Backups)
    )
}

/// The answer of an endpoint the engine serves (toolkit and bill); `None` for any other
/// request (OSS requests, and the clock and unknown paths the native server answers).
pub fn serve(engine: &mut Engine, req: &WireRequest) -> Option<WireResponse> {
    match endpoint(&req.path)? {
        Endpoint::Identities | Endpoint::Backups => Some(toolkit::osslab_endpoint(engine, req)),
        Endpoint::Bill => Some(super::bill::bill_endpoint(engine, req)),
        Endpoint::Clock | Endpoint::Unknown => None,
    }
}

/// A name for an osslab endpoint request, as the request log labels operations
/// (`osslab:CreateIdentity`, …); `None` for any other request.
pub fn osslab_op_name(req: &WireRequest) -> Option<&'static str> {
    if !is_toolkit_path(&req.path) {
        return None;
    }
    Some(
        match (req.method.as_str(), toolkit::osslab_parts(req).as_slice()) {
            ("GET", ["identities"]) => "osslab:ListIdentities",
            ("POST", ["identities"]) => "osslab:CreateIdentity",
            ("DELETE", ["identities", _]) => "osslab:RemoveIdentity",
            ("GET", ["backups", _]) => "osslab:GetBackup",
            ("PUT", ["backups", _]) => "osslab:PutBackupPlan",
            ("DELETE", ["backups", _]) => "osslab:DeleteBackupPlan",
            ("POST", ["backups", _, "snapshots"]) => "osslab:TakeSnapshot",
            ("POST", ["backups", _, "snapshots", _, "restore"]) => "osslab:RestoreSnapshot",
            _ => "osslab:?",
        },
    )
}
