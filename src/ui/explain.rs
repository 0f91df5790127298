//! OSS errors in plain words for the panels: the explanations live in [`crate::present`]
//! (pure, tested natively); chosen by the operation and the error, never the code alone.

pub use crate::present::explain::explain;
pub use crate::present::response::{error_fields, reason, ErrorFields};
