//! The versioned store: a pure, deterministic state machine (no I/O, no clock reads).
