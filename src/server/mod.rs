//! The native OSS endpoint (axum) that real SDKs talk to.
