//! How the lab's ossutil sends a request and turns the answer into what ossutil prints on
//! failure. Shared by `ossutil.rs` (the command dispatcher) and `ossutil_acl.rs`, in a module
//! of its own so neither of those imports the other's helpers.

use super::lab::Source;
use super::requests;
use super::state::LabCtx;
use crate::console::ossutil_format::error_line;
use crate::wire::http::WireResponse;

/// Send one request as ossutil (it shows up in the request log with ossutil as its source).
pub(super) fn send(lab: LabCtx, req: requests::Req) -> WireResponse {
    lab.send(Source::Ossutil, req)
}

/// Nothing printed on success (ossutil's way for writes), the error line otherwise.
pub(super) fn done(resp: WireResponse) -> Result<String, String> {
    if resp.status >= 300 {
        Err(error_line(&resp))
    } else {
        Ok(String::new())
    }
}

/// Success, or the error line (for commands that go on to print what they read).
pub(super) fn ok(resp: &WireResponse) -> Result<(), String> {
    if resp.status >= 300 {
        Err(error_line(resp))
    } else {
        Ok(())
    }
}
