//! GetBucketStat: storage and counts of a bucket, every version counted as OSS bills it.
//!
//! OSS bills every stored version (noncurrent ones included) and counts delete markers
//! separately (`DeleteMarkerCount`); `ObjectCount` counts object versions. IA and archive
//! classes bill at least 64 KB per object (`*Storage`) next to the real size
//! (`*RealStorage`). OSS's figures lag by up to an hour; osslab's are exact at the moment of
//! the request (DECISION: a lab shows cause and effect at once). osslab has no LiveChannel, so
//! `LiveChannelCount` is 0. See `docs/fidelity.md`, "ACLs, tags, CORS, bucket statistics".

use std::collections::BTreeMap;

use super::error::Result;
use super::object::StorageClass;
use super::{Engine, Millis};

/// The smallest billable size of an IA / Archive / Cold Archive / Deep Cold Archive object.
pub const MIN_BILLABLE: u64 = 64 * 1024;

/// Size and count of one storage class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClassStat {
    /// Billed bytes (the 64 KB minimum applied to every class but Standard).
    pub storage: u64,
    pub real_storage: u64,
    pub object_count: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BucketStat {
    /// Real bytes of every object version.
    pub storage: u64,
    pub object_count: u64,
    pub multipart_upload_count: u64,
    pub live_channel_count: u64,
    pub multipart_part_count: u64,
    pub multipart_part_storage: u64,
    pub delete_marker_count: u64,
    /// When these figures were taken (engine time, ms).
    pub last_modified: Millis,
    pub classes: BTreeMap<StorageClass, ClassStat>,
}

impl BucketStat {
    pub fn class(&self, c: StorageClass) -> ClassStat {
        self.classes.get(&c).copied().unwrap_or_default()
    }
}

impl Engine {
    pub fn bucket_stat(&self, bucket: &str) -> Result<BucketStat> {
        let b = self.bucket(bucket)?;
        let mut s = BucketStat {
            last_modified: self.now,
            ..Default::default()
        };
        for e in b.objects.values().flat_map(|st| st.oldest_first()) {
            let Some(o) = e.object() else {
                s.delete_marker_count += 1;
                continue;
            };
            let size = o.body.len() as u64;
            s.storage += size;
            s.object_count += 1;
            let c = s.classes.entry(o.storage_class).or_default();
            c.real_storage += size;
            c.storage += if o.storage_class == StorageClass::Standard {
                size
            } else {
                size.max(MIN_BILLABLE)
            };
            c.object_count += 1;
        }
        for u in b.uploads.values() {
            s.multipart_upload_count += 1;
            s.multipart_part_count += u.parts.len() as u64;
            s.multipart_part_storage += u.parts.values().map(|p| p.body.len() as u64).sum::<u64>();
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::objects::PutObject;
    use crate::engine::Versioning;

    #[test]
    fn counts_every_version_and_marker() {
        let mut e = Engine::new(5_000);
        e.create_bucket("bk1", StorageClass::Standard).unwrap();
        e.set_versioning("bk1", Versioning::Enabled).unwrap();
        for (body, class) in [
            (&b"12345"[..], None),
            (&b"123"[..], None),
            (&b"1"[..], Some(StorageClass::IA)),
        ] {
            e.put_object(PutObject {
                bucket: "bk1".into(),
                key: "k".into(),
                body: body.to_vec().into(),
                storage_class: class,
                ..Default::default()
            })
            .unwrap();
        }
        e.delete_object("bk1", "k", None).unwrap();
        let s = e.bucket_stat("bk1").unwrap();
        assert_eq!(
            (s.storage, s.object_count, s.delete_marker_count),
            (9, 3, 1)
        );
        assert_eq!(
            s.class(StorageClass::Standard),
            ClassStat {
                storage: 8,
                real_storage: 8,
                object_count: 2
            }
        );
        assert_eq!(
            s.class(StorageClass::IA),
            ClassStat {
                storage: MIN_BILLABLE,
                real_storage: 1,
                object_count: 1
            }
        );
        assert_eq!(s.last_modified, 5_000);
    }
}
