//! Engine state storage behind a small trait.
