//! What persistence keeps of a bucket's meter, in a form JSON can carry.

use serde::{Deserialize, Serialize};

use super::{class_index, ByteMs, Line, Storage, CLASSES, TIERS};
use crate::engine::object::StorageClass;
use crate::engine::Millis;

/// What persistence keeps of a bucket's meter: the accumulators, the history and the costs
/// of removed versions. Everything else is rebuilt from the stored versions
/// ([`super::Meter::rebuild_bucket`]). Quantities are decimal text (they outgrow JSON's safe
/// integers); every field has a default so older records stay readable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterState {
    pub last: Millis,
    #[serde(default)]
    pub storage: Vec<Cell>,
    #[serde(default)]
    pub retrieval_bytes: [[u64; TIERS]; CLASSES],
    #[serde(default)]
    pub restore_requests: [[u64; TIERS]; CLASSES],
    #[serde(default)]
    pub put_requests: u64,
    #[serde(default)]
    pub get_requests: u64,
    #[serde(default)]
    pub history: Vec<PointState>,
    #[serde(default)]
    pub gone: Vec<(String, Vec<Cell>)>,
}

/// One nonzero storage quantity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell(
    pub StorageClass,
    pub Line,
    #[serde(with = "decimal")] pub ByteMs,
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointState {
    pub t: Millis,
    #[serde(default)]
    pub storage: Vec<Cell>,
}

/// u128 as decimal text.
mod decimal {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(D::Error::custom)
    }
}

pub(super) fn cells(storage: &Storage) -> Vec<Cell> {
    let mut out = Vec::new();
    for (c, class) in StorageClass::ALL.into_iter().enumerate() {
        for (l, line) in Line::ALL.into_iter().enumerate() {
            if storage[c][l] > 0 {
                out.push(Cell(class, line, storage[c][l]));
            }
        }
    }
    out
}

pub(super) fn from_cells(cells: &[Cell]) -> Storage {
    let mut s = Storage::default();
    for Cell(c, l, q) in cells {
        s[class_index(*c)][l.index()] += q;
    }
    s
}
