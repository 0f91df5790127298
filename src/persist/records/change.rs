//! The records a [`Change`](crate::engine::Change) names.

use super::*;

// ---- the records a change names ----------------------------------------------------------

/// A record named by a change, whatever happened to it: the store writes the record's
/// current state (or deletes it when the engine no longer has it).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordId {
    Bucket(String),
    Entry(String, String, u64),
    Upload(String, String),
    /// Replication rules and queue, identities, backup plans and snapshots (schema v3).
    Toolkit(ToolkitId),
}

impl RecordId {
    /// Every record a change names: its own, and for a change to a bucket's entries or
    /// uploads the bucket's storage meter, which moved with it (and for a removed version
    /// the storage of its key's removed versions).
    pub fn named_by(c: &crate::engine::Change) -> impl Iterator<Item = RecordId> {
        use crate::engine::Change as C;
        let bill = match c {
            C::Entry { bucket, .. }
            | C::EntryRemoved { bucket, .. }
            | C::Upload { bucket, .. }
            | C::UploadRemoved { bucket, .. } => {
                Some(RecordId::Toolkit(ToolkitId::Bill(bucket.clone())))
            }
            _ => None,
        };
        let gone = match c {
            C::EntryRemoved { bucket, key, .. } => Some(RecordId::Toolkit(ToolkitId::Gone(
                bucket.clone(),
                key.clone(),
            ))),
            _ => None,
        };
        std::iter::once(RecordId::of(c)).chain(bill).chain(gone)
    }

    /// The record a change names.
    pub fn of(c: &crate::engine::Change) -> RecordId {
        use crate::engine::Change as C;
        match c {
            C::Bucket { bucket } | C::BucketRemoved { bucket } => RecordId::Bucket(bucket.clone()),
            C::Entry { bucket, key, seq } | C::EntryRemoved { bucket, key, seq } => {
                RecordId::Entry(bucket.clone(), key.clone(), *seq)
            }
            C::Upload { bucket, upload_id } | C::UploadRemoved { bucket, upload_id } => {
                RecordId::Upload(bucket.clone(), upload_id.clone())
            }
            C::Replication { bucket } => RecordId::Toolkit(ToolkitId::Replication(bucket.clone())),
            C::ReplicationQueue => RecordId::Toolkit(ToolkitId::ReplicationQueue),
            C::Identity { access_key_id } | C::IdentityRemoved { access_key_id } => {
                RecordId::Toolkit(ToolkitId::Identity(access_key_id.clone()))
            }
            C::BackupPlan { bucket } => RecordId::Toolkit(ToolkitId::BackupPlan(bucket.clone())),
            C::Snapshot { bucket, id } | C::SnapshotRemoved { bucket, id } => {
                RecordId::Toolkit(ToolkitId::Snapshot(bucket.clone(), *id))
            }
        }
    }
}
