//! Engine rule tests, grouped by theme. Ported ideas from ceph/s3-tests (test_versioning_*,
//! test_delete_marker_*), rewritten for OSS semantics.
