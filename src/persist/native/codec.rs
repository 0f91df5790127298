//! How keys and values are laid out in the database tables (see the table in [`super`]), and
//! the older layouts of version records, read still.

use std::sync::Arc;

use crate::engine::{Millis, ObjectMeta, ObjectType, StorageClass};
use crate::persist::records::{from_json, to_json, EntryRecord, ObjectRecord, RestoreRecord};
use crate::persist::schema::{Key, StoreName, Val};
use crate::persist::PersistError;

/// Leading byte of a version record in postcard (a JSON record starts with `{`).
const ENTRY_POSTCARD: u8 = 3;
/// Leading byte of a version record written before object records had the ACL and tags
/// fields (postcard is positional: such a record is read with [`ObjectLayout2`]).
const ENTRY_POSTCARD_V2: u8 = 2;
/// Leading byte of a version record written before object records had the Appendable and
/// Symlink fields (read with [`ObjectLayout1`]).
const ENTRY_POSTCARD_V1: u8 = 1;

/// The object of a version record in the first postcard layout ([`ENTRY_POSTCARD_V1`]).
#[derive(serde::Deserialize)]
struct ObjectLayout1 {
    body: String,
    etag: String,
    crc64: u64,
    object_type: ObjectType,
    storage_class: StorageClass,
    transition_time: Option<Millis>,
    meta: ObjectMeta,
    restore: Option<RestoreRecord>,
}

/// The object of a version record in the second postcard layout ([`ENTRY_POSTCARD_V2`]): the
/// first layout's fields, then the Appendable and Symlink fields. Postcard writes a struct as
/// its fields in order with nothing around them, so the nested struct reads the same bytes as
/// the flat record it was written from.
#[derive(serde::Deserialize)]
struct ObjectLayout2 {
    first: ObjectLayout1,
    appended: Option<Millis>,
    sealed: bool,
    symlink_target: Option<String>,
}

impl From<ObjectLayout1> for ObjectLayout2 {
    fn from(first: ObjectLayout1) -> Self {
        ObjectLayout2 {
            first,
            appended: None,
            sealed: false,
            symlink_target: None,
        }
    }
}

impl From<ObjectLayout2> for ObjectRecord {
    fn from(o: ObjectLayout2) -> Self {
        let f = o.first;
        ObjectRecord {
            body: f.body,
            etag: f.etag,
            crc64: f.crc64,
            object_type: f.object_type,
            storage_class: f.storage_class,
            transition_time: f.transition_time,
            meta: f.meta,
            restore: f.restore,
            appended: o.appended,
            sealed: o.sealed,
            symlink_target: o.symlink_target,
            // Every version was `default` and untagged before ACLs and tags existed.
            acl: Default::default(),
            tags: Vec::new(),
        }
    }
}

/// A version record as stored: an [`EntryRecord`] without what its key already holds
/// (bucket, object key, sequence), in postcard, its object in layout `O` (the current
/// [`ObjectRecord`], or an older one read with [`StoredEntry::upgrade`]).
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredEntry<O = ObjectRecord> {
    v: u32,
    created: Millis,
    null: bool,
    object: Option<O>,
}

impl<O: Into<ObjectLayout2>> StoredEntry<O> {
    fn upgrade(self) -> StoredEntry {
        StoredEntry {
            v: self.v,
            created: self.created,
            null: self.null,
            object: self.object.map(|o| ObjectRecord::from(o.into())),
        }
    }
}

/// The bucket, object key and sequence of an `entries` key.
pub(super) fn decode_entry_key(k: &[u8]) -> Option<(String, String, u64)> {
    let n = u16::from_be_bytes(k.get(..2)?.try_into().ok()?) as usize;
    let bucket = std::str::from_utf8(k.get(2..2 + n)?).ok()?;
    let rest = k.get(2 + n..)?;
    let split = rest.len().checked_sub(8)?;
    let key = std::str::from_utf8(&rest[..split]).ok()?;
    let seq = u64::from_be_bytes(rest[split..].try_into().ok()?);
    Some((bucket.to_string(), key.to_string(), seq))
}

fn prefixed(first: &str, rest: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(2 + first.len() + rest.len() + 8);
    k.extend_from_slice(&(first.len() as u16).to_be_bytes());
    k.extend_from_slice(first.as_bytes());
    k.extend_from_slice(rest);
    k
}

pub(super) fn encode_key(key: &Key) -> Vec<u8> {
    match key {
        Key::Name(n) => n.as_bytes().to_vec(),
        Key::Entry(b, k, seq) => {
            let mut v = prefixed(b, k.as_bytes());
            v.extend_from_slice(&seq.to_be_bytes());
            v
        }
        Key::Upload(b, u) => prefixed(b, u.as_bytes()),
        Key::Gen(g) => g.to_be_bytes().to_vec(),
    }
}

/// Readable text of a stored key, for problem reports.
pub(super) fn key_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(super) fn encode_val(store: StoreName, val: &Val) -> Result<Vec<u8>, PersistError> {
    Ok(match (store, val) {
        (StoreName::Entries, Val::Entry(rec)) => encode_entry(rec)?,
        (StoreName::Entries, Val::Text(json)) => encode_entry(
            &from_json(json).map_err(|e| PersistError::Corrupt(format!("entry: {e}")))?,
        )?,
        (_, Val::Text(t)) => t.as_bytes().to_vec(),
        (_, Val::Entry(r)) => to_json(&**r).into_bytes(),
        (_, Val::Bytes(b)) => b.to_vec(),
        (_, Val::Num(n)) => n.to_le_bytes().to_vec(),
    })
}

/// A version record as stored: postcard of [`StoredEntry`] behind its leading byte.
fn encode_entry(rec: &EntryRecord) -> Result<Vec<u8>, PersistError> {
    let stored = StoredEntryRef {
        v: rec.v,
        created: rec.created,
        null: rec.null,
        object: rec.object.as_ref(),
    };
    postcard::to_extend(&stored, vec![ENTRY_POSTCARD])
        .map_err(|e| PersistError::Corrupt(format!("entry: {e}")))
}

/// [`StoredEntry`] borrowing its object, to encode a record without copying it (the same
/// fields in the same order: postcard writes the same bytes).
#[derive(serde::Serialize)]
struct StoredEntryRef<'a> {
    v: u32,
    created: Millis,
    null: bool,
    object: Option<&'a ObjectRecord>,
}

/// A stored version record, with its key.
pub(super) fn decode_entry(key: &[u8], bytes: &[u8]) -> Result<EntryRecord, String> {
    match bytes.split_first() {
        Some((&tag @ (ENTRY_POSTCARD | ENTRY_POSTCARD_V2 | ENTRY_POSTCARD_V1), rest)) => {
            let s: StoredEntry = match tag {
                ENTRY_POSTCARD => postcard::from_bytes(rest).map_err(|e| e.to_string())?,
                ENTRY_POSTCARD_V2 => postcard::from_bytes::<StoredEntry<ObjectLayout2>>(rest)
                    .map_err(|e| e.to_string())?
                    .upgrade(),
                _ => postcard::from_bytes::<StoredEntry<ObjectLayout1>>(rest)
                    .map_err(|e| e.to_string())?
                    .upgrade(),
            };
            let (bucket, key, seq) = decode_entry_key(key).ok_or("undecodable key")?;
            Ok(EntryRecord {
                v: s.v,
                bucket,
                key,
                seq,
                created: s.created,
                null: s.null,
                object: s.object,
            })
        }
        Some((b'{', _)) => from_json(bytes).map_err(|e| e.to_string()),
        _ => Err("unknown record encoding".into()),
    }
}

pub(super) fn decode_val(store: StoreName, key: &[u8], bytes: &[u8]) -> Result<Val, PersistError> {
    let corrupt = |e: String| PersistError::Corrupt(format!("{}: {e}", store.as_str()));
    Ok(match store {
        StoreName::Bodies => Val::Bytes(Arc::from(bytes)),
        StoreName::Refs => Val::Num(u64::from_le_bytes(
            bytes
                .try_into()
                .map_err(|_| corrupt("bad reference count".into()))?,
        )),
        StoreName::Entries => Val::Entry(Box::new(decode_entry(key, bytes).map_err(corrupt)?)),
        _ => Val::Text(String::from_utf8(bytes.to_vec()).map_err(|e| corrupt(e.to_string()))?),
    })
}

#[cfg(test)]
mod legacy_tests {
    use super::*;

    /// A version record written before object records had the Appendable and Symlink fields
    /// (leading byte 1) still reads, with those fields absent.
    #[test]
    fn version_records_of_the_first_postcard_layout_still_read() {
        #[derive(serde::Serialize)]
        struct OldObject {
            body: String,
            etag: String,
            crc64: u64,
            object_type: crate::engine::ObjectType,
            storage_class: crate::engine::StorageClass,
            transition_time: Option<crate::engine::Millis>,
            meta: crate::engine::ObjectMeta,
            restore: Option<crate::persist::records::RestoreRecord>,
        }
        #[derive(serde::Serialize)]
        struct OldEntry {
            v: u32,
            created: crate::engine::Millis,
            null: bool,
            object: Option<OldObject>,
        }
        let old = OldEntry {
            v: 1,
            created: 42,
            null: false,
            object: Some(OldObject {
                body: "id".into(),
                etag: "5D41402ABC4B2A76B9719D911017C592".into(),
                crc64: 7,
                object_type: crate::engine::ObjectType::Normal,
                storage_class: crate::engine::StorageClass::IA,
                transition_time: None,
                meta: Default::default(),
                restore: None,
            }),
        };
        let bytes = postcard::to_extend(&old, vec![ENTRY_POSTCARD_V1]).unwrap();
        let key = encode_key(&Key::Entry("b".into(), "k".into(), 9));
        let rec = decode_entry(&key, &bytes).unwrap();
        assert_eq!(
            (rec.bucket.as_str(), rec.key.as_str(), rec.seq),
            ("b", "k", 9)
        );
        let o = rec.object.clone().unwrap();
        assert_eq!((o.crc64, o.appended, o.sealed), (7, None, false));
        // And the current layout round-trips, type fields included.
        let mut typed = rec;
        typed.object.as_mut().unwrap().symlink_target = Some("t".into());
        let json = to_json(&typed);
        let stored = encode_val(StoreName::Entries, &Val::Text(json)).unwrap();
        assert_eq!(stored[0], ENTRY_POSTCARD);
        assert_eq!(decode_entry(&key, &stored).unwrap(), typed);
    }

    /// A version record written before object records had the ACL and tags fields (leading
    /// byte 2) still reads, type fields kept, as a `default`, untagged version.
    #[test]
    fn version_records_of_the_second_postcard_layout_still_read() {
        #[derive(serde::Serialize)]
        struct OldObject {
            body: String,
            etag: String,
            crc64: u64,
            object_type: crate::engine::ObjectType,
            storage_class: crate::engine::StorageClass,
            transition_time: Option<crate::engine::Millis>,
            meta: crate::engine::ObjectMeta,
            restore: Option<crate::persist::records::RestoreRecord>,
            appended: Option<crate::engine::Millis>,
            sealed: bool,
            symlink_target: Option<String>,
        }
        #[derive(serde::Serialize)]
        struct OldEntry {
            v: u32,
            created: crate::engine::Millis,
            null: bool,
            object: Option<OldObject>,
        }
        let old = OldEntry {
            v: 1,
            created: 42,
            null: true,
            object: Some(OldObject {
                body: "id".into(),
                etag: "5D41402ABC4B2A76B9719D911017C592".into(),
                crc64: 7,
                object_type: crate::engine::ObjectType::Appendable,
                storage_class: crate::engine::StorageClass::Standard,
                transition_time: None,
                meta: Default::default(),
                restore: None,
                appended: Some(50),
                sealed: true,
                symlink_target: None,
            }),
        };
        let bytes = postcard::to_extend(&old, vec![ENTRY_POSTCARD_V2]).unwrap();
        let key = encode_key(&Key::Entry("b".into(), "k".into(), 9));
        let rec = decode_entry(&key, &bytes).unwrap();
        assert_eq!((rec.seq, rec.created, rec.null), (9, 42, true));
        let o = rec.object.clone().unwrap();
        assert_eq!(
            (o.crc64, o.appended, o.sealed, o.symlink_target.as_deref()),
            (7, Some(50), true, None)
        );
        assert_eq!(o.acl, crate::engine::acl::ObjectAcl::Default);
        assert!(o.tags.is_empty());
        // The current layout round-trips ACL and tags.
        let mut tagged = rec;
        let obj = tagged.object.as_mut().unwrap();
        obj.acl = crate::engine::acl::ObjectAcl::PublicRead;
        obj.tags = vec![("k".into(), "v".into())];
        let stored = encode_val(StoreName::Entries, &Val::Text(to_json(&tagged))).unwrap();
        assert_eq!(stored[0], ENTRY_POSTCARD);
        assert_eq!(decode_entry(&key, &stored).unwrap(), tagged);
    }
}
