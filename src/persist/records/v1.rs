//! Schema v1 (legacy): bodies inline in entries and parts; read once by the v1→v2 migration.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::{EntryRecord, PartRecord, UploadRecord};

// Written (by the test fixtures) with `flatten`; read by `parse` below instead of a derived
// decoder, because `flatten` decodes through serde's `Content` buffer: a second copy of the
// entry, object and upload decoders in the wasm just for a one-time migration.
#[derive(Clone, Debug, Serialize)]
pub struct EntryV1 {
    #[serde(flatten)]
    pub entry: EntryRecord,
    /// Base64 body of an object version (v1 only).
    pub body_b64: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PartV1 {
    #[serde(flatten)]
    pub part: PartRecord,
    pub body_b64: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct UploadV1 {
    #[serde(flatten)]
    pub upload: UploadRecord,
    pub parts_v1: Vec<PartV1>,
}

/// The v1-only fields, read from the same text as the v2 record (both readers skip the
/// fields they do not know).
#[derive(Deserialize)]
struct EntryExtra {
    #[serde(default)]
    body_b64: Option<String>,
}

#[derive(Deserialize)]
struct BodyB64 {
    body_b64: String,
}

#[derive(Deserialize)]
struct UploadExtra {
    #[serde(default)]
    parts_v1: Vec<BodyB64>,
}

#[derive(Deserialize)]
struct UploadParts {
    #[serde(default)]
    parts_v1: Vec<PartRecord>,
}

impl EntryV1 {
    pub fn parse(text: &str) -> serde_json::Result<EntryV1> {
        let entry = super::from_json(text)?;
        let EntryExtra { body_b64 } = super::from_json(text)?;
        Ok(EntryV1 { entry, body_b64 })
    }
}

impl UploadV1 {
    pub fn parse(text: &str) -> serde_json::Result<UploadV1> {
        let upload = super::from_json(text)?;
        let UploadParts { parts_v1: parts } = super::from_json(text)?;
        let UploadExtra { parts_v1: bodies } = super::from_json(text)?;
        let parts_v1 = parts
            .into_iter()
            .zip(bodies)
            .map(|(part, b)| PartV1 {
                part,
                body_b64: b.body_b64,
            })
            .collect();
        Ok(UploadV1 { upload, parts_v1 })
    }
}

/// Split a v1 entry into the v2 record and its body bytes.
pub fn split_entry(e: EntryV1) -> Result<(EntryRecord, Option<Vec<u8>>), String> {
    let body = match e.body_b64 {
        None => None,
        Some(b) => Some(B64.decode(b).map_err(|err| format!("v1 body: {err}"))?),
    };
    Ok((e.entry, body))
}

pub fn split_upload(u: UploadV1) -> Result<(UploadRecord, Vec<Vec<u8>>), String> {
    let mut rec = u.upload;
    let mut bodies = Vec::new();
    rec.parts.clear();
    for p in u.parts_v1 {
        bodies.push(
            B64.decode(&p.body_b64)
                .map_err(|e| format!("v1 part: {e}"))?,
        );
        rec.parts.push(p.part);
    }
    Ok((rec, bodies))
}

/// Write-side helpers (used to build v1 fixtures in tests).
pub fn entry_v1(mut rec: EntryRecord, body: Option<&[u8]>) -> EntryV1 {
    // v1 had no content ids: the body was only inline.
    if let Some(o) = rec.object.as_mut() {
        o.body = "inline".into();
    }
    EntryV1 {
        entry: rec,
        body_b64: body.map(|b| B64.encode(b)),
    }
}

pub fn upload_v1(rec: UploadRecord, bodies: &[&[u8]]) -> UploadV1 {
    let parts_v1 = rec
        .parts
        .iter()
        .zip(bodies)
        .map(|(p, b)| PartV1 {
            part: PartRecord {
                body: "inline".into(),
                ..p.clone()
            },
            body_b64: B64.encode(b),
        })
        .collect();
    let mut upload = rec;
    upload.parts.clear();
    UploadV1 { upload, parts_v1 }
}
