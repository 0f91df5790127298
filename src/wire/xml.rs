//! OSS XML bodies: plain DTOs (strings, numbers, booleans; no engine types) and the two
//! conversions [`to_xml`] / [`from_xml`].
//!
//! Output fidelity rules (checked by the golden tests below against real captured OSS
//! responses, byte for byte including `Content-Length`):
//! * `<?xml version="1.0" encoding="UTF-8"?>` declaration, a newline, the document indented by
//!   two spaces, and a trailing newline;
//! * no `xmlns` attribute (oss2 parses with ElementTree and would not find namespaced children);
//! * element names and order exactly as OSS writes them: the field order of each DTO *is* the
//!   wire order; `Option` fields are omitted when `None`, empty strings are written as
//!   `<X></X>`; booleans are `true` / `false`;
//! * text values are written as given: keys must already be URL-encoded by the caller when the
//!   request had `encoding-type=url` (see [`super::format::url_encode_key`]), ETags must already
//!   carry their quotes (see [`super::format::quoted_etag`]), timestamps must already be
//!   formatted (see [`super::format::iso8601`]).
//!
//! Input rules: request bodies must be well-formed XML with exactly one root element (anything
//! else is an [`XmlError`], which the caller maps to 400 `MalformedXML`); children may come in any
//! order, repeated children need not be adjacent, unknown children are ignored (or, for
//! [`RestoreRequest`], reported), attributes such as `xmlns` are ignored, text is kept verbatim
//! (keys keep their spaces).

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The XML declaration OSS puts in front of every XML body.
pub const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why a request body could not be read. Every variant means 400 `MalformedXML` to OSS; the
/// text ([`XmlError::detail`]) is suitable for the error's `ErrorDetail` element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmlError {
    /// Not well-formed XML: syntax error, empty body, no or several root elements, text outside
    /// the root, a DOCTYPE.
    Syntax(String),
    /// Well-formed, but the root element is not the one the operation expects.
    WrongRoot { expected: String, found: String },
    /// Well-formed, but the content does not fit: a number or boolean that does not parse, a
    /// required child missing, a child that should be text but has elements.
    Invalid(String),
}

impl XmlError {
    /// Human-readable detail, e.g. `the root node is not named Delete.` (OSS's own wording for
    /// that case).
    pub fn detail(&self) -> String {
        match self {
            XmlError::Syntax(m) | XmlError::Invalid(m) => m.clone(),
            XmlError::WrongRoot { expected, .. } => {
                format!("the root node is not named {expected}.")
            }
        }
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlError::Syntax(m) => write!(f, "malformed XML: {m}"),
            XmlError::WrongRoot { expected, found } => {
                write!(f, "root element is <{found}>, expected <{expected}>")
            }
            XmlError::Invalid(m) => write!(f, "invalid XML content: {m}"),
        }
    }
}

impl std::error::Error for XmlError {}

// ---------------------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------------------

/// Serializes `value` as an OSS XML document whose root element is `root_name`: declaration,
/// newline, two-space indented body, trailing newline. A root without children is written
/// self-closed (`<VersioningConfiguration/>`).
///
/// # Panics
/// If `root_name` is not a valid XML name, or `T` is not representable in XML (a map with
/// non-string keys, a top-level sequence). The DTOs of this module are all representable.
pub fn to_xml<T: Serialize + ?Sized>(root_name: &str, value: &T) -> Vec<u8> {
    let mut body = String::new();
    let mut ser = quick_xml::se::Serializer::with_root(&mut body, Some(root_name))
        .unwrap_or_else(|e| panic!("invalid XML root name {root_name:?}: {e}"));
    ser.expand_empty_elements(true);
    ser.indent(' ', 2);
    value
        .serialize(ser)
        .unwrap_or_else(|e| panic!("cannot serialize <{root_name}>: {e}"));
    if body == format!("<{root_name}></{root_name}>") {
        body = format!("<{root_name}/>");
    }
    let mut out = String::with_capacity(XML_DECLARATION.len() + body.len() + 2);
    out.push_str(XML_DECLARATION);
    out.push('\n');
    out.push_str(&body);
    out.push('\n');
    out.into_bytes()
}

/// [`to_xml`] with the root name the DTO type declares.
pub fn to_xml_doc<T: XmlRoot + Serialize>(value: &T) -> Vec<u8> {
    to_xml(T::ROOT, value)
}

/// Parses an XML document into `T`. The document must be well-formed with a single root
/// element (of any name; see [`from_xml_root`] to check it). A leading UTF-8 BOM is skipped.
pub fn from_xml<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, XmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_document(bytes)?;
    deserialize(bytes)
}

/// [`from_xml`], and the root element must be named `root` (OSS answers `MalformedXML`,
/// "the root node is not named Delete.", otherwise).
pub fn from_xml_root<T: DeserializeOwned>(bytes: &[u8], root: &str) -> Result<T, XmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let found = check_document(bytes)?;
    if found != root {
        return Err(XmlError::WrongRoot {
            expected: root.to_string(),
            found,
        });
    }
    deserialize(bytes)
}

/// [`from_xml_root`] with the root name the DTO type declares: the way to read a request body.
pub fn parse_request<T: XmlRoot + DeserializeOwned>(bytes: &[u8]) -> Result<T, XmlError> {
    from_xml_root(bytes, T::ROOT)
}

fn deserialize<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, XmlError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| XmlError::Syntax(format!("body is not UTF-8: {e}")))?;
    quick_xml::de::from_str(text).map_err(|e| match e {
        quick_xml::DeError::InvalidXml(x) => XmlError::Syntax(x.to_string()),
        quick_xml::DeError::UnexpectedEof => XmlError::Syntax("unexpected end of document".into()),
        other => XmlError::Invalid(other.to_string()),
    })
}

/// Checks well-formedness (the serde reader alone accepts bare text or trailing elements) and
/// returns the root element's name.
fn check_document(bytes: &[u8]) -> Result<String, XmlError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut root: Option<String> = None;
    let mut closed = false;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| XmlError::Syntax(e.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if depth == 0 => {
                if closed {
                    return Err(XmlError::Syntax("more than one root element".into()));
                }
                root = Some(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                if matches!(event, Event::Start(_)) {
                    depth = 1;
                } else {
                    closed = true;
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    closed = true;
                }
            }
            Event::Text(t) if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err(XmlError::Syntax("text outside the root element".into()));
            }
            Event::CData(_) | Event::GeneralRef(_) if depth == 0 => {
                return Err(XmlError::Syntax("text outside the root element".into()));
            }
            Event::DocType(_) => return Err(XmlError::Syntax("DOCTYPE is not allowed".into())),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if depth != 0 {
        return Err(XmlError::Syntax("unexpected end of document".into()));
    }
    root.ok_or_else(|| XmlError::Syntax("no root element".into()))
}

/// The root element name OSS uses for a DTO.
pub trait XmlRoot {
    const ROOT: &'static str;
}

macro_rules! xml_root {
    ($($t:ty => $name:literal),* $(,)?) => {
        $(impl XmlRoot for $t { const ROOT: &'static str = $name; })*
    };
}

// ---------------------------------------------------------------------------------------------
// Order-lenient element reader for request bodies
// ---------------------------------------------------------------------------------------------

/// A DTO read child by child: any order, repeated children anywhere, unknown children skipped.
/// (Derived `Deserialize` rejects a repeated element that is not adjacent to its siblings.)
trait ElementFields: Default {
    const EXPECTING: &'static str;
    /// Consumes the value of child `name`. Unknown names must be skipped with
    /// [`skip_value`].
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error>;
    /// Called with the names of all children seen, to check required ones.
    fn finish(self, _seen: &[String]) -> Result<Self, String> {
        Ok(self)
    }
}

struct ElementVisitor<T>(PhantomData<T>);

impl<'de, T: ElementFields> Visitor<'de> for ElementVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        let mut seen = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            if name.starts_with('@') || name == "$text" {
                // attributes (xmlns, ...) and stray text between children
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            out.field(&name, &mut map)?;
            seen.push(name);
        }
        out.finish(&seen).map_err(de::Error::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        T::default().finish(&[]).map_err(de::Error::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        if v.trim().is_empty() {
            self.visit_unit()
        } else {
            Err(E::invalid_type(de::Unexpected::Str(v), &self))
        }
    }
}

macro_rules! deserialize_by_fields {
    ($($t:ty),* $(,)?) => {
        $(impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_map(ElementVisitor::<$t>(PhantomData))
            }
        })*
    };
}

fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Text of a child element, verbatim (an empty element gives `""`).
fn text_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<String, A::Error> {
    map.next_value::<String>()
}

fn number_value<'de, A: MapAccess<'de>, N: FromStr>(
    map: &mut A,
    name: &str,
) -> Result<N, A::Error> {
    let t = text_value(map)?;
    t.trim()
        .parse()
        .map_err(|_| de::Error::custom(format!("<{name}> is not a valid number: {t:?}")))
}

/// `true` / `false` in any letter case (oss2 writes Python's `True`).
pub fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn bool_value<'de, A: MapAccess<'de>>(map: &mut A, name: &str) -> Result<bool, A::Error> {
    let t = text_value(map)?;
    parse_bool(&t).ok_or_else(|| de::Error::custom(format!("<{name}> is not a boolean: {t:?}")))
}

fn require(seen: &[String], parent: &str, names: &[&str]) -> Result<(), String> {
    for n in names {
        if !seen.iter().any(|s| s == n) {
            return Err(format!("<{parent}> has no <{n}>"));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/// `<Owner><ID/><DisplayName/></Owner>` as in listings and ListAllMyBucketsResult.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "DisplayName")]
    pub display_name: String,
}

/// `<CommonPrefixes><Prefix/></CommonPrefixes>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommonPrefix {
    pub prefix: String,
}

// ---------------------------------------------------------------------------------------------
// Service / bucket responses
// ---------------------------------------------------------------------------------------------

/// GetService (ListBuckets) response, root `ListAllMyBucketsResult`. The paging elements appear
/// only when the request used `prefix` / `marker` / `max-keys`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAllMyBucketsResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_keys: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_truncated: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub owner: Owner,
    #[serde(default)]
    pub buckets: Buckets,
}

/// `<Buckets>` wrapper (written even when empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buckets {
    #[serde(rename = "Bucket", default)]
    pub bucket: Vec<BucketSummary>,
}

/// One `<Bucket>` of ListAllMyBucketsResult (OSS writes the children alphabetically).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketSummary {
    /// ISO 8601 `…000Z`.
    pub creation_date: String,
    pub extranet_endpoint: String,
    pub intranet_endpoint: String,
    /// e.g. `oss-cn-hangzhou`.
    pub location: String,
    pub name: String,
    /// e.g. `cn-hangzhou` (newer responses only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub storage_class: String,
}

/// GetBucketLocation response: `<LocationConstraint>oss-cn-hangzhou</LocationConstraint>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationConstraint {
    #[serde(rename = "$text", default)]
    pub location: String,
}

/// GetBucketInfo response, root `BucketInfo`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketInfo {
    #[serde(rename = "Bucket")]
    pub bucket: BucketInfoBucket,
}

/// The `<Bucket>` of GetBucketInfo, in the order of the OSS doc sample.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketInfoBucket {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_monitor: Option<String>,
    pub creation_date: String,
    pub extranet_endpoint: String,
    pub intranet_endpoint: String,
    pub location: String,
    pub storage_class: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_acceleration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_region_replication: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    pub owner: BucketInfoOwner,
    pub access_control_list: AccessControlList,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_redundancy_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `Enabled` / `Suspended`; OSS writes an empty element for a never-versioned bucket, so
    /// pass `Some("")` there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versioning: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption_rule: Option<ServerSideEncryptionRule>,
}

/// GetBucketInfo's owner: `DisplayName` before `ID` (unlike listings).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketInfoOwner {
    #[serde(rename = "DisplayName")]
    pub display_name: String,
    #[serde(rename = "ID")]
    pub id: String,
}

/// `<AccessControlList><Grant>private</Grant></AccessControlList>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessControlList {
    pub grant: String,
}

/// `<ServerSideEncryptionRule><SSEAlgorithm>None</SSEAlgorithm></ServerSideEncryptionRule>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSideEncryptionRule {
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: String,
}

/// GetBucketVersioning response and PutBucketVersioning request, root
/// `VersioningConfiguration`. `status` is `None` for a never-versioned bucket (no `Status`
/// child at all). See [`versioning_configuration_xml`] for the exact OSS bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersioningConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl ElementFields for VersioningConfiguration {
    const EXPECTING: &'static str = "a VersioningConfiguration element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Status" => self.status = Some(text_value(map)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

/// The GetBucketVersioning body exactly as OSS sends it. For a bucket that never had
/// versioning, the OSS doc sample is a bare, namespaced, self-closed root with no XML
/// declaration (`Content-Length: 74`); otherwise the usual document.
pub fn versioning_configuration_xml(status: Option<&str>) -> Vec<u8> {
    match status {
        None => br#"<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"/>"#
            .to_vec(),
        Some(s) => to_xml_doc(&VersioningConfiguration {
            status: Some(s.to_string()),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Listings
// ---------------------------------------------------------------------------------------------

/// One `<Contents>` of ListObjects / ListObjectsV2.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectSummary {
    pub key: String,
    /// ISO 8601 `…000Z`.
    pub last_modified: String,
    /// Quoted.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// `Normal`, `Multipart`, `Appendable`, `Symlink`.
    #[serde(rename = "Type")]
    pub object_type: String,
    pub size: u64,
    pub storage_class: String,
    /// Same text as the `x-oss-restore` header: `ongoing-request="true"` or
    /// `ongoing-request="false", expiry-date="<RFC 1123>"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_info: Option<String>,
    /// ISO 8601; only for objects moved to (Deep) Cold Archive by lifecycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition_time: Option<String>,
    /// Always present in ListObjects; in ListObjectsV2 only with `fetch-owner=true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
}

/// ListObjects (GetBucket, V1) response, root `ListBucketResult`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketResult {
    pub name: String,
    pub prefix: String,
    pub marker: String,
    pub max_keys: u32,
    pub delimiter: String,
    /// `Some("url")` when the request had `encoding-type=url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    pub is_truncated: bool,
    /// Only when truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    #[serde(default)]
    pub contents: Vec<ObjectSummary>,
    #[serde(default)]
    pub common_prefixes: Vec<CommonPrefix>,
}

/// ListObjectsV2 (GetBucketV2) response, also root `ListBucketResult`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketResultV2 {
    pub name: String,
    pub prefix: String,
    /// Echo of the request's `continuation-token`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    /// Echo of the request's `start-after`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_after: Option<String>,
    pub max_keys: u32,
    /// Only when the request had a delimiter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    pub is_truncated: bool,
    /// Only when truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
    #[serde(default)]
    pub contents: Vec<ObjectSummary>,
    #[serde(default)]
    pub common_prefixes: Vec<CommonPrefix>,
    /// Number of `Contents` plus `CommonPrefixes` returned.
    pub key_count: u32,
}

/// One `<Version>` of ListObjectVersions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectVersion {
    pub key: String,
    /// `null` for the null version.
    pub version_id: String,
    pub is_latest: bool,
    pub last_modified: String,
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(rename = "Type")]
    pub object_type: String,
    pub size: u64,
    pub storage_class: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition_time: Option<String>,
    pub owner: Owner,
}

/// One `<DeleteMarker>` of ListObjectVersions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMarkerEntry {
    pub key: String,
    pub version_id: String,
    pub is_latest: bool,
    pub last_modified: String,
    pub owner: Owner,
}

/// A ListObjectVersions entry; the variant name is the element name, so a `Vec` of these is
/// written `<Version>`/`<DeleteMarker>` interleaved in vector order (keys ascending, each key's
/// versions and markers newest first, as OSS returns them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionEntry {
    Version(ObjectVersion),
    DeleteMarker(DeleteMarkerEntry),
}

/// ListObjectVersions (GetBucketVersions) response, root `ListVersionsResult`.
///
/// oss2 needs `Name`, `Prefix`, `KeyMarker`, `VersionIdMarker`, `MaxKeys`, `Delimiter` and
/// `IsTruncated` present even when empty, hence plain `String`s.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListVersionsResult {
    pub name: String,
    pub prefix: String,
    pub key_marker: String,
    pub version_id_marker: String,
    pub max_keys: u32,
    pub delimiter: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    pub is_truncated: bool,
    /// Only when truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_key_marker: Option<String>,
    /// Only when truncated; may be `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_version_id_marker: Option<String>,
    /// `<Version>` and `<DeleteMarker>` in one ordered stream.
    #[serde(rename = "$value", default)]
    pub entries: Vec<VersionEntry>,
    #[serde(default)]
    pub common_prefixes: Vec<CommonPrefix>,
}

// ---------------------------------------------------------------------------------------------
// Object write responses
// ---------------------------------------------------------------------------------------------

/// DeleteMultipleObjects response, root `DeleteResult`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    #[serde(default)]
    pub deleted: Vec<DeletedEntry>,
}

/// One `<Deleted>` of DeleteResult.
///
/// * unversioned bucket: `Key` only;
/// * delete without version ID in a versioned bucket: `Key`, `DeleteMarker=true`,
///   `DeleteMarkerVersionId` (the new marker);
/// * delete of a specific version: `Key`, `VersionId` (plus `DeleteMarker`/`DeleteMarkerVersionId`
///   when that version was a marker).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletedEntry {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_marker: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_marker_version_id: Option<String>,
}

/// CopyObject response, root `CopyObjectResult` (`ETag` first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectResult {
    #[serde(rename = "ETag")]
    pub etag: String,
    pub last_modified: String,
}

/// UploadPartCopy response, root `CopyPartResult` (`LastModified` first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyPartResult {
    pub last_modified: String,
    #[serde(rename = "ETag")]
    pub etag: String,
}

/// InitiateMultipartUpload response, root `InitiateMultipartUploadResult`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateMultipartUploadResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
}

/// CompleteMultipartUpload response, root `CompleteMultipartUploadResult`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompleteMultipartUploadResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    /// `http://<bucket>.<endpoint>/<key>`.
    pub location: String,
    pub bucket: String,
    pub key: String,
    /// Quoted multipart ETag, `"<HEX>-<N>"`.
    #[serde(rename = "ETag")]
    pub etag: String,
}

/// ListParts response, root `ListPartsResult`. oss2 needs `IsTruncated` and
/// `NextPartNumberMarker` present.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListPartsResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    pub part_number_marker: u32,
    pub next_part_number_marker: u32,
    pub max_parts: u32,
    pub is_truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    #[serde(rename = "Part", default)]
    pub parts: Vec<PartSummary>,
}

/// One `<Part>` of ListPartsResult.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PartSummary {
    pub part_number: u32,
    pub last_modified: String,
    #[serde(rename = "ETag")]
    pub etag: String,
    /// Decimal CRC-64 of the part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash_crc64ecma: Option<String>,
    pub size: u64,
}

/// ListMultipartUploads response, root `ListMultipartUploadsResult`. oss2 needs
/// `IsTruncated`, `NextKeyMarker` and `NextUploadIdMarker` present even when not truncated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMultipartUploadsResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    pub bucket: String,
    pub key_marker: String,
    pub upload_id_marker: String,
    pub next_key_marker: String,
    pub next_upload_id_marker: String,
    pub delimiter: String,
    pub prefix: String,
    pub max_uploads: u32,
    pub is_truncated: bool,
    #[serde(rename = "Upload", default)]
    pub uploads: Vec<UploadSummary>,
    #[serde(default)]
    pub common_prefixes: Vec<CommonPrefix>,
}

/// One `<Upload>` of ListMultipartUploadsResult.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadSummary {
    pub key: String,
    pub upload_id: String,
    /// ISO 8601 `…000Z`.
    pub initiated: String,
}

// ---------------------------------------------------------------------------------------------
// Error
// ---------------------------------------------------------------------------------------------

/// The error body, root `Error`: `Code`, `Message`, `RequestId`, `HostId`, then any
/// operation-specific children in the given order (`Key`, `BucketName`, `StringToSign`,
/// `OSSAccessKeyId`, `ResourceType`, `Method`, `ErrorDetail`, …), then `EC` and `RecommendDoc`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorResponse {
    pub code: String,
    pub message: String,
    /// 24 upper-case hex characters.
    pub request_id: String,
    /// The requested host (e.g. `bucket.oss-cn-hangzhou.aliyuncs.com`).
    pub host_id: String,
    /// Extra children as (element name, text).
    pub extra: Vec<(String, String)>,
    /// `NNNN-NNNNNNNN`; also sent as the `x-oss-ec` header.
    pub ec: Option<String>,
    /// `https://api.aliyun.com/troubleshoot?q=<EC>`.
    pub recommend_doc: Option<String>,
}

impl ErrorResponse {
    pub fn new(code: &str, message: &str, request_id: &str, host_id: &str) -> Self {
        ErrorResponse {
            code: code.to_string(),
            message: message.to_string(),
            request_id: request_id.to_string(),
            host_id: host_id.to_string(),
            ..Default::default()
        }
    }

    /// Sets `EC` and the matching `RecommendDoc` link.
    pub fn with_ec(mut self, ec: &str) -> Self {
        self.recommend_doc = Some(format!("https://api.aliyun.com/troubleshoot?q={ec}"));
        self.ec = Some(ec.to_string());
        self
    }

    /// Appends an extra child element (written after `HostId`, before `EC`).
    pub fn with_extra(mut self, name: &str, value: &str) -> Self {
        self.extra.push((name.to_string(), value.to_string()));
        self
    }

    /// The value of an extra child, if present.
    pub fn extra(&self, name: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for ErrorResponse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("Code", &self.code)?;
        m.serialize_entry("Message", &self.message)?;
        m.serialize_entry("RequestId", &self.request_id)?;
        m.serialize_entry("HostId", &self.host_id)?;
        for (name, value) in &self.extra {
            m.serialize_entry(name, value)?;
        }
        if let Some(ec) = &self.ec {
            m.serialize_entry("EC", ec)?;
        }
        if let Some(doc) = &self.recommend_doc {
            m.serialize_entry("RecommendDoc", doc)?;
        }
        m.end()
    }
}

impl ElementFields for ErrorResponse {
    const EXPECTING: &'static str = "an Error element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        let v = text_value(map)?;
        match name {
            "Code" => self.code = v,
            "Message" => self.message = v,
            "RequestId" => self.request_id = v,
            "HostId" => self.host_id = v,
            "EC" => self.ec = Some(v),
            "RecommendDoc" => self.recommend_doc = Some(v),
            _ => self.extra.push((name.to_string(), v)),
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

/// CreateBucket (PutBucket) body, root `CreateBucketConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_redundancy_type: Option<String>,
}

impl ElementFields for CreateBucketConfiguration {
    const EXPECTING: &'static str = "a CreateBucketConfiguration element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "StorageClass" => self.storage_class = Some(text_value(map)?),
            "DataRedundancyType" => self.data_redundancy_type = Some(text_value(map)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

/// DeleteMultipleObjects body, root `Delete`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRequest {
    /// `None` when absent (OSS default: not quiet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet: Option<bool>,
    #[serde(rename = "Object")]
    pub objects: Vec<DeleteObjectEntry>,
}

/// One `<Object>` of a Delete body. `Key` is required.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectEntry {
    pub key: String,
    /// As sent, possibly `""` (an empty `<VersionId/>`) or `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

impl ElementFields for DeleteRequest {
    const EXPECTING: &'static str = "a Delete element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Quiet" => self.quiet = Some(bool_value(map, name)?),
            "Object" => self.objects.push(map.next_value()?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for DeleteObjectEntry {
    const EXPECTING: &'static str = "an Object element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Key" => self.key = text_value(map)?,
            "VersionId" => self.version_id = Some(text_value(map)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
    fn finish(self, seen: &[String]) -> Result<Self, String> {
        require(seen, "Object", &["Key"])?;
        Ok(self)
    }
}

/// CompleteMultipartUpload body, root `CompleteMultipartUpload`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CompleteMultipartUpload {
    #[serde(rename = "Part")]
    pub parts: Vec<CompletePart>,
}

/// One `<Part>` of a CompleteMultipartUpload body. Both children are required.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompletePart {
    /// Signed so that out-of-range values reach the engine's validation (InvalidPart…).
    pub part_number: i64,
    /// As sent: SDKs send it quoted, accept both.
    #[serde(rename = "ETag")]
    pub etag: String,
}

impl ElementFields for CompleteMultipartUpload {
    const EXPECTING: &'static str = "a CompleteMultipartUpload element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Part" => self.parts.push(map.next_value()?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for CompletePart {
    const EXPECTING: &'static str = "a Part element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "PartNumber" => self.part_number = number_value(map, name)?,
            "ETag" => self.etag = text_value(map)?,
            _ => skip_value(map)?,
        }
        Ok(())
    }
    fn finish(self, seen: &[String]) -> Result<Self, String> {
        require(seen, "Part", &["PartNumber", "ETag"])?;
        Ok(self)
    }
}

/// RestoreObject body, root `RestoreRequest`:
/// `<RestoreRequest><Days>N</Days><JobParameters><Tier>Standard</Tier></JobParameters></RestoreRequest>`.
///
/// Range checks (Days 1–7 / 1–365, Tier values) belong to the caller. Children other than
/// `Days` and `JobParameters` are listed in `unknown_elements`, because OSS rejects e.g.
/// `GlacierJobParameters` (EC 0016-00000709).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestoreRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_parameters: Option<JobParameters>,
    #[serde(skip)]
    pub unknown_elements: Vec<String>,
}

/// `<JobParameters><Tier>Expedited|Standard|Bulk</Tier></JobParameters>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobParameters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

impl RestoreRequest {
    /// `JobParameters/Tier`, if given.
    pub fn tier(&self) -> Option<&str> {
        self.job_parameters.as_ref()?.tier.as_deref()
    }
}

impl ElementFields for RestoreRequest {
    const EXPECTING: &'static str = "a RestoreRequest element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Days" => self.days = Some(number_value(map, name)?),
            "JobParameters" => self.job_parameters = Some(map.next_value()?),
            _ => {
                skip_value(map)?;
                self.unknown_elements.push(name.to_string());
            }
        }
        Ok(())
    }
}

impl ElementFields for JobParameters {
    const EXPECTING: &'static str = "a JobParameters element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Tier" => self.tier = Some(text_value(map)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle (PutBucketLifecycle body and GetBucketLifecycle response)
// ---------------------------------------------------------------------------------------------

/// Root `LifecycleConfiguration`. Parsed leniently (SDKs write the rule children in different
/// orders: gov2 puts `Status` first, oss2 puts `Filter` last and `StorageClass` before `Days`);
/// written in the order of the DTO fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LifecycleConfiguration {
    #[serde(rename = "Rule")]
    pub rules: Vec<LifecycleRule>,
}

/// One `<Rule>`. Values are kept as sent; validation (ID length, Status values, mutually
/// exclusive actions, dates at midnight, ...) is the caller's job.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleRule {
    #[serde(rename = "ID", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `Enabled` / `Disabled`; `""` when the element was missing.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<LifecycleFilter>,
    #[serde(rename = "Tag")]
    pub tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<LifecycleExpiration>,
    #[serde(rename = "Transition")]
    pub transitions: Vec<LifecycleTransition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_multipart_upload: Option<LifecycleAbortMultipartUpload>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noncurrent_version_expiration: Option<NoncurrentVersionExpiration>,
    #[serde(rename = "NoncurrentVersionTransition")]
    pub noncurrent_version_transitions: Vec<NoncurrentVersionTransition>,
    /// GetBucketLifecycle only: when access-time tracking began (Unix seconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub atime_base: Option<i64>,
}

/// `<Tag><Key/><Value/></Tag>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// `<Filter>`: `Prefix?`, `Not*`, `ObjectSizeGreaterThan?`, `ObjectSizeLessThan?`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(rename = "Not")]
    pub not: Vec<LifecycleNot>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_size_greater_than: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_size_less_than: Option<i64>,
}

/// `<Not><Prefix/><Tag/></Not>` inside a Filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleNot {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<Tag>,
}

/// `<Expiration>` with one of `Days`, `Date` (legacy), `CreatedBeforeDate` (ISO 8601 midnight
/// UTC) or `ExpiredObjectDeleteMarker`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleExpiration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_before_date: Option<String>,
    /// Accepts `true`/`True`/`false`; written lower-case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired_object_delete_marker: Option<bool>,
}

/// `<Transition>`: `Days` or `CreatedBeforeDate`, `StorageClass`, and the access-time options.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleTransition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_before_date: Option<String>,
    /// `IA`, `Archive`, `ColdArchive`, `DeepColdArchive`; `""` when missing.
    pub storage_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_access_time: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_to_std_when_visit: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_small_file: Option<bool>,
}

/// `<AbortMultipartUpload>` with `Days` or `CreatedBeforeDate`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleAbortMultipartUpload {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_before_date: Option<String>,
}

/// `<NoncurrentVersionExpiration><NoncurrentDays/></NoncurrentVersionExpiration>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NoncurrentVersionExpiration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noncurrent_days: Option<i64>,
}

/// `<NoncurrentVersionTransition>`: `NoncurrentDays`, `StorageClass`, access-time options.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NoncurrentVersionTransition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noncurrent_days: Option<i64>,
    pub storage_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_access_time: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_to_std_when_visit: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_small_file: Option<bool>,
}

impl ElementFields for LifecycleConfiguration {
    const EXPECTING: &'static str = "a LifecycleConfiguration element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Rule" => self.rules.push(map.next_value()?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for LifecycleRule {
    const EXPECTING: &'static str = "a Rule element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "ID" => self.id = Some(text_value(map)?),
            "Prefix" => self.prefix = Some(text_value(map)?),
            "Status" => self.status = text_value(map)?,
            "Filter" => self.filter = Some(map.next_value()?),
            "Tag" => self.tags.push(map.next_value()?),
            "Expiration" => self.expiration = Some(map.next_value()?),
            "Transition" => self.transitions.push(map.next_value()?),
            "AbortMultipartUpload" => self.abort_multipart_upload = Some(map.next_value()?),
            "NoncurrentVersionExpiration" => {
                self.noncurrent_version_expiration = Some(map.next_value()?)
            }
            "NoncurrentVersionTransition" => {
                self.noncurrent_version_transitions.push(map.next_value()?)
            }
            "AtimeBase" => self.atime_base = Some(number_value(map, name)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for Tag {
    const EXPECTING: &'static str = "a Tag element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Key" => self.key = text_value(map)?,
            "Value" => self.value = text_value(map)?,
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for LifecycleFilter {
    const EXPECTING: &'static str = "a Filter element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Prefix" => self.prefix = Some(text_value(map)?),
            "Not" => self.not.push(map.next_value()?),
            "ObjectSizeGreaterThan" => {
                self.object_size_greater_than = Some(number_value(map, name)?)
            }
            "ObjectSizeLessThan" => self.object_size_less_than = Some(number_value(map, name)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for LifecycleNot {
    const EXPECTING: &'static str = "a Not element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Prefix" => self.prefix = Some(text_value(map)?),
            "Tag" => self.tag = Some(map.next_value()?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for LifecycleExpiration {
    const EXPECTING: &'static str = "an Expiration element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Days" => self.days = Some(number_value(map, name)?),
            "Date" => self.date = Some(text_value(map)?),
            "CreatedBeforeDate" => self.created_before_date = Some(text_value(map)?),
            "ExpiredObjectDeleteMarker" => {
                self.expired_object_delete_marker = Some(bool_value(map, name)?)
            }
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for LifecycleTransition {
    const EXPECTING: &'static str = "a Transition element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Days" => self.days = Some(number_value(map, name)?),
            "CreatedBeforeDate" => self.created_before_date = Some(text_value(map)?),
            "StorageClass" => self.storage_class = text_value(map)?,
            "IsAccessTime" => self.is_access_time = Some(bool_value(map, name)?),
            "ReturnToStdWhenVisit" => self.return_to_std_when_visit = Some(bool_value(map, name)?),
            "AllowSmallFile" => self.allow_small_file = Some(bool_value(map, name)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for LifecycleAbortMultipartUpload {
    const EXPECTING: &'static str = "an AbortMultipartUpload element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "Days" => self.days = Some(number_value(map, name)?),
            "CreatedBeforeDate" => self.created_before_date = Some(text_value(map)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for NoncurrentVersionExpiration {
    const EXPECTING: &'static str = "a NoncurrentVersionExpiration element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "NoncurrentDays" => self.noncurrent_days = Some(number_value(map, name)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

impl ElementFields for NoncurrentVersionTransition {
    const EXPECTING: &'static str = "a NoncurrentVersionTransition element";
    fn field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        match name {
            "NoncurrentDays" => self.noncurrent_days = Some(number_value(map, name)?),
            "StorageClass" => self.storage_class = text_value(map)?,
            "IsAccessTime" => self.is_access_time = Some(bool_value(map, name)?),
            "ReturnToStdWhenVisit" => self.return_to_std_when_visit = Some(bool_value(map, name)?),
            "AllowSmallFile" => self.allow_small_file = Some(bool_value(map, name)?),
            _ => skip_value(map)?,
        }
        Ok(())
    }
}

deserialize_by_fields!(
    VersioningConfiguration,
    ErrorResponse,
    CreateBucketConfiguration,
    DeleteRequest,
    DeleteObjectEntry,
    CompleteMultipartUpload,
    CompletePart,
    RestoreRequest,
    JobParameters,
    LifecycleConfiguration,
    LifecycleRule,
    Tag,
    LifecycleFilter,
    LifecycleNot,
    LifecycleExpiration,
    LifecycleTransition,
    LifecycleAbortMultipartUpload,
    NoncurrentVersionExpiration,
    NoncurrentVersionTransition,
);

xml_root!(
    ListAllMyBucketsResult => "ListAllMyBucketsResult",
    LocationConstraint => "LocationConstraint",
    BucketInfo => "BucketInfo",
    VersioningConfiguration => "VersioningConfiguration",
    ListBucketResult => "ListBucketResult",
    ListBucketResultV2 => "ListBucketResult",
    ListVersionsResult => "ListVersionsResult",
    DeleteResult => "DeleteResult",
    CopyObjectResult => "CopyObjectResult",
    CopyPartResult => "CopyPartResult",
    InitiateMultipartUploadResult => "InitiateMultipartUploadResult",
    CompleteMultipartUploadResult => "CompleteMultipartUploadResult",
    ListPartsResult => "ListPartsResult",
    ListMultipartUploadsResult => "ListMultipartUploadsResult",
    ErrorResponse => "Error",
    CreateBucketConfiguration => "CreateBucketConfiguration",
    DeleteRequest => "Delete",
    CompleteMultipartUpload => "CompleteMultipartUpload",
    RestoreRequest => "RestoreRequest",
    LifecycleConfiguration => "LifecycleConfiguration",
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Drops the indentation and line breaks between elements, so that samples written with
    /// any indentation compare equal to ours.
    fn norm(xml: &str) -> String {
        xml.lines().map(str::trim).collect::<Vec<_>>().concat()
    }

    fn doc<T: XmlRoot + Serialize>(v: &T) -> String {
        String::from_utf8(to_xml_doc(v)).unwrap()
    }

    fn owner(id: &str) -> Owner {
        Owner {
            id: id.into(),
            display_name: id.into(),
        }
    }

    // ----- byte-exact goldens: real OSS responses captured in aliyun-oss-python-sdk
    // ----- unittests/test_multipart.py, test_object.py and test_bucket.py; their
    // ----- Content-Length headers pin down indentation and the trailing newline.

    #[test]
    fn golden_initiate_multipart_upload_exact_bytes() {
        let got = doc(&InitiateMultipartUploadResult {
            encoding_type: None,
            bucket: "ming-oss-share".into(),
            key: "uosvelpvgjwtxaciqtxoplnx".into(),
            upload_id: "97BD544A65DB46F9A8735C93917A960F".into(),
        });
        let want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<InitiateMultipartUploadResult>\n\
\x20 <Bucket>ming-oss-share</Bucket>\n\
\x20 <Key>uosvelpvgjwtxaciqtxoplnx</Key>\n\
\x20 <UploadId>97BD544A65DB46F9A8735C93917A960F</UploadId>\n\
</InitiateMultipartUploadResult>\n";
        assert_eq!(got, want);
        assert_eq!(got.len(), 232); // Content-Length of the capture
    }

    #[test]
    fn golden_complete_multipart_upload_exact_bytes() {
        let got = doc(&CompleteMultipartUploadResult {
            encoding_type: None,
            location: "http://ming-oss-share.oss-cn-hangzhou.aliyuncs.com/pasncdoyuvuvuiyewfsobdwn"
                .into(),
            bucket: "ming-oss-share".into(),
            key: "pasncdoyuvuvuiyewfsobdwn".into(),
            etag: "\"1C787C506EABFB9B45EAAA8DB039F4B2-2\"".into(),
        });
        let want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<CompleteMultipartUploadResult>\n\
\x20 <Location>http://ming-oss-share.oss-cn-hangzhou.aliyuncs.com/pasncdoyuvuvuiyewfsobdwn</Location>\n\
\x20 <Bucket>ming-oss-share</Bucket>\n\
\x20 <Key>pasncdoyuvuvuiyewfsobdwn</Key>\n\
\x20 <ETag>\"1C787C506EABFB9B45EAAA8DB039F4B2-2\"</ETag>\n\
</CompleteMultipartUploadResult>\n";
        assert_eq!(got, want);
        assert_eq!(got.len(), 327);
    }

    #[test]
    fn golden_copy_results_exact_bytes() {
        let part = doc(&CopyPartResult {
            last_modified: "2015-12-12T00:36:26.000Z".into(),
            etag: "\"4DE8075FB607DF4D13FBC480EA488EFA\"".into(),
        });
        assert_eq!(
            part,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyPartResult>\n  \
<LastModified>2015-12-12T00:36:26.000Z</LastModified>\n  \
<ETag>\"4DE8075FB607DF4D13FBC480EA488EFA\"</ETag>\n</CopyPartResult>\n"
        );
        assert_eq!(part.len(), 180);

        let obj = doc(&CopyObjectResult {
            etag: "\"164F32EF262006C5EE6C8D1AA30DD2CD\"".into(),
            last_modified: "2015-12-12T00:37:53.000Z".into(),
        });
        assert_eq!(
            obj,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult>\n  \
<ETag>\"164F32EF262006C5EE6C8D1AA30DD2CD\"</ETag>\n  \
<LastModified>2015-12-12T00:37:53.000Z</LastModified>\n</CopyObjectResult>\n"
        );
        assert_eq!(obj.len(), 184);
    }

    #[test]
    fn golden_location_constraint_exact_bytes() {
        let got = doc(&LocationConstraint {
            location: "oss-cn-hangzhou".into(),
        });
        assert_eq!(
            got,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<LocationConstraint>oss-cn-hangzhou</LocationConstraint>\n"
        );
        assert_eq!(got.len(), 96);
        let back: LocationConstraint = parse_request(got.as_bytes()).unwrap();
        assert_eq!(back.location, "oss-cn-hangzhou");
    }

    #[test]
    fn golden_versioning_configuration() {
        // GetBucketVersioning doc: never-versioned bucket, Content-Length 74.
        let none = versioning_configuration_xml(None);
        assert_eq!(
            none,
            br#"<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"/>"#
        );
        assert_eq!(none.len(), 74);
        let parsed: VersioningConfiguration = parse_request(&none).unwrap();
        assert_eq!(parsed.status, None);

        let enabled = String::from_utf8(versioning_configuration_xml(Some("Enabled"))).unwrap();
        assert_eq!(
            norm(&enabled),
            norm(
                r#"<?xml version="1.0" encoding="UTF-8"?>
                <VersioningConfiguration>
                    <Status>Enabled</Status>
                </VersioningConfiguration>"#
            )
        );
        // The generic writer self-closes a childless root.
        assert_eq!(
            doc(&VersioningConfiguration::default()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration/>\n"
        );
    }

    // ----- whitespace-normalised goldens

    #[test]
    fn golden_list_objects_v1() {
        // oss2 unittests/test_iterator.py (captured response, first page of a truncated list).
        let sample = r#"<?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult>
          <Name>ming-spike</Name>
          <Prefix></Prefix>
          <Marker></Marker>
          <MaxKeys>1</MaxKeys>
          <Delimiter></Delimiter>
          <EncodingType>url</EncodingType>
          <IsTruncated>true</IsTruncated>
          <NextMarker>a.txt</NextMarker>
          <Contents>
            <Key>a.txt</Key>
            <LastModified>2016-01-07T11:10:00.000Z</LastModified>
            <ETag>"5EB63BBBE01EEED093CB22BB8F5ACDC3"</ETag>
            <Type>Normal</Type>
            <Size>11</Size>
            <StorageClass>Standard</StorageClass>
            <Owner>
              <ID>1047205513514293</ID>
              <DisplayName>1047205513514293</DisplayName>
            </Owner>
          </Contents>
        </ListBucketResult>"#;
        let v = ListBucketResult {
            name: "ming-spike".into(),
            prefix: "".into(),
            marker: "".into(),
            max_keys: 1,
            delimiter: "".into(),
            encoding_type: Some("url".into()),
            is_truncated: true,
            next_marker: Some("a.txt".into()),
            contents: vec![ObjectSummary {
                key: "a.txt".into(),
                last_modified: "2016-01-07T11:10:00.000Z".into(),
                etag: "\"5EB63BBBE01EEED093CB22BB8F5ACDC3\"".into(),
                object_type: "Normal".into(),
                size: 11,
                storage_class: "Standard".into(),
                restore_info: None,
                transition_time: None,
                owner: Some(owner("1047205513514293")),
            }],
            common_prefixes: vec![],
        };
        assert_eq!(norm(&doc(&v)), norm(sample));
        assert_eq!(from_xml::<ListBucketResult>(sample.as_bytes()).unwrap(), v);

        // Same file, directory listing: CommonPrefixes after Contents, encoded prefix.
        let dir = r#"<ListBucketResult><Name>ming-spike</Name><Prefix></Prefix><Marker></Marker>
          <MaxKeys>1000</MaxKeys><Delimiter>%2F</Delimiter><EncodingType>url</EncodingType>
          <IsTruncated>false</IsTruncated>
          <CommonPrefixes><Prefix>%E6%96%87%E4%BB%B6%2F</Prefix></CommonPrefixes>
          </ListBucketResult>"#;
        let parsed: ListBucketResult = from_xml(dir.as_bytes()).unwrap();
        assert_eq!(
            parsed.common_prefixes[0].prefix,
            crate::wire::format::url_encode_key("文件/")
        );
        assert_eq!(
            norm(&doc(&parsed)),
            norm(&format!("{XML_DECLARATION}{dir}"))
        );
    }

    #[test]
    fn golden_list_objects_v2() {
        // gov2 oss/api_op_bucket_test.go (ListObjectsV2 doc sample, first entry + tail), with
        // the TransitionTime/RestoreInfo entry written in our Contents order.
        let sample = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult>
<Name>examplebucket</Name>
    <Prefix></Prefix>
    <StartAfter>b</StartAfter>
    <MaxKeys>3</MaxKeys>
    <EncodingType>url</EncodingType>
    <IsTruncated>true</IsTruncated>
    <NextContinuationToken>CgJiYw--</NextContinuationToken>
    <Contents>
        <Key>b%2Fc</Key>
        <LastModified>2020-05-18T05:45:54.000Z</LastModified>
        <ETag>"35A27C2B9EAEEB6F48FD7FB5861D****"</ETag>
        <Type>Normal</Type>
        <Size>25</Size>
        <StorageClass>STANDARD</StorageClass>
        <Owner>
            <ID>1686240967192623</ID>
            <DisplayName>1686240967192623</DisplayName>
        </Owner>
    </Contents>
    <Contents>
        <Key>demo.jpg</Key>
        <LastModified>2024-10-23T05:25:24.000Z</LastModified>
        <ETag>"1C71822C6C732797FA709920F142****"</ETag>
        <Type>Normal</Type>
        <Size>21839</Size>
        <StorageClass>ColdArchive</StorageClass>
        <RestoreInfo>ongoing-request="false", expiry-date="Fri, 08 Nov 2024 08:15:52 GMT"</RestoreInfo>
        <TransitionTime>2024-10-31T00:24:17.000Z</TransitionTime>
    </Contents>
    <KeyCount>2</KeyCount>
</ListBucketResult>"#;
        let v = ListBucketResultV2 {
            name: "examplebucket".into(),
            prefix: "".into(),
            continuation_token: None,
            start_after: Some("b".into()),
            max_keys: 3,
            delimiter: None,
            encoding_type: Some("url".into()),
            is_truncated: true,
            next_continuation_token: Some("CgJiYw--".into()),
            contents: vec![
                ObjectSummary {
                    key: "b%2Fc".into(),
                    last_modified: "2020-05-18T05:45:54.000Z".into(),
                    etag: "\"35A27C2B9EAEEB6F48FD7FB5861D****\"".into(),
                    object_type: "Normal".into(),
                    size: 25,
                    storage_class: "STANDARD".into(),
                    restore_info: None,
                    transition_time: None,
                    owner: Some(owner("1686240967192623")),
                },
                ObjectSummary {
                    key: "demo.jpg".into(),
                    last_modified: "2024-10-23T05:25:24.000Z".into(),
                    etag: "\"1C71822C6C732797FA709920F142****\"".into(),
                    object_type: "Normal".into(),
                    size: 21839,
                    storage_class: "ColdArchive".into(),
                    restore_info: Some(
                        "ongoing-request=\"false\", expiry-date=\"Fri, 08 Nov 2024 08:15:52 GMT\""
                            .into(),
                    ),
                    transition_time: Some("2024-10-31T00:24:17.000Z".into()),
                    owner: None,
                },
            ],
            common_prefixes: vec![],
            key_count: 2,
        };
        assert_eq!(norm(&doc(&v)), norm(sample));
        assert_eq!(
            from_xml::<ListBucketResultV2>(sample.as_bytes()).unwrap(),
            v
        );
    }

    fn gov2_versions_sample() -> ListVersionsResult {
        ListVersionsResult {
            name: "demo-bucket".into(),
            prefix: "demo%2F".into(),
            key_marker: "".into(),
            version_id_marker: "".into(),
            max_keys: 20,
            delimiter: "%2F".into(),
            encoding_type: Some("url".into()),
            is_truncated: true,
            next_key_marker: Some("demo%2FREADME-CN.md".into()),
            next_version_id_marker: Some(
                "CAEQEhiBgICDzK6NnBgiIGRlZWJhYmNlMGUxZDQ4YTZhNTU2MzM4Mzk5NDBl****".into(),
            ),
            entries: vec![
                VersionEntry::DeleteMarker(DeleteMarkerEntry {
                    key: "demo%2F".into(),
                    version_id: "CAEQFxiBgIDh3b_tuRgiIGRjMjExMjVmMzcwMTQ2Njc4NjhhNTA0MzEzMDkx****"
                        .into(),
                    is_latest: true,
                    last_modified: "2023-04-01T05:52:31.000Z".into(),
                    owner: owner("150692521021****"),
                }),
                VersionEntry::Version(ObjectVersion {
                    key: "demo%2F".into(),
                    version_id: "CAEQFxiBgICI173TtRgiIDFlMmYyMzFjNmJmMDQ0NTBiNmIyYThkZjA1YjA5****"
                        .into(),
                    is_latest: false,
                    last_modified: "2023-03-06T03:02:28.000Z".into(),
                    etag: "\"D41D8CD98F00B204E9800998ECF8427E\"".into(),
                    object_type: "Normal".into(),
                    size: 0,
                    storage_class: "Standard".into(),
                    restore_info: None,
                    transition_time: None,
                    owner: owner("150692521021****"),
                }),
                VersionEntry::DeleteMarker(DeleteMarkerEntry {
                    key: "demo%2F".into(),
                    version_id: "CAEQFxiBgICHsJuXtRgiIDMzNzUxNWIwYzEwODRlYTg5MTgxMDhmYTUzNDQz****"
                        .into(),
                    is_latest: false,
                    last_modified: "2023-03-03T04:49:26.000Z".into(),
                    owner: owner("150692521021****"),
                }),
            ],
            common_prefixes: vec![CommonPrefix {
                prefix: "demo%2Fdir%2F".into(),
            }],
        }
    }

    #[test]
    fn golden_list_object_versions_interleaved() {
        // gov2 oss/api_op_bucket_test.go, ListObjectVersions with encoding-type=url (first three
        // entries of the sample; a CommonPrefixes entry added at the end as in its other sample).
        let sample = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListVersionsResult>
  <Name>demo-bucket</Name>
  <Prefix>demo%2F</Prefix>
  <KeyMarker></KeyMarker>
  <VersionIdMarker></VersionIdMarker>
  <MaxKeys>20</MaxKeys>
  <Delimiter>%2F</Delimiter>
  <EncodingType>url</EncodingType>
  <IsTruncated>true</IsTruncated>
  <NextKeyMarker>demo%2FREADME-CN.md</NextKeyMarker>
  <NextVersionIdMarker>CAEQEhiBgICDzK6NnBgiIGRlZWJhYmNlMGUxZDQ4YTZhNTU2MzM4Mzk5NDBl****</NextVersionIdMarker>
  <DeleteMarker>
    <Key>demo%2F</Key>
    <VersionId>CAEQFxiBgIDh3b_tuRgiIGRjMjExMjVmMzcwMTQ2Njc4NjhhNTA0MzEzMDkx****</VersionId>
    <IsLatest>true</IsLatest>
    <LastModified>2023-04-01T05:52:31.000Z</LastModified>
    <Owner>
      <ID>150692521021****</ID>
      <DisplayName>150692521021****</DisplayName>
    </Owner>
  </DeleteMarker>
  <Version>
    <Key>demo%2F</Key>
    <VersionId>CAEQFxiBgICI173TtRgiIDFlMmYyMzFjNmJmMDQ0NTBiNmIyYThkZjA1YjA5****</VersionId>
    <IsLatest>false</IsLatest>
    <LastModified>2023-03-06T03:02:28.000Z</LastModified>
    <ETag>"D41D8CD98F00B204E9800998ECF8427E"</ETag>
    <Type>Normal</Type>
    <Size>0</Size>
    <StorageClass>Standard</StorageClass>
    <Owner>
      <ID>150692521021****</ID>
      <DisplayName>150692521021****</DisplayName>
    </Owner>
  </Version>
  <DeleteMarker>
    <Key>demo%2F</Key>
    <VersionId>CAEQFxiBgICHsJuXtRgiIDMzNzUxNWIwYzEwODRlYTg5MTgxMDhmYTUzNDQz****</VersionId>
    <IsLatest>false</IsLatest>
    <LastModified>2023-03-03T04:49:26.000Z</LastModified>
    <Owner>
      <ID>150692521021****</ID>
      <DisplayName>150692521021****</DisplayName>
    </Owner>
  </DeleteMarker>
  <CommonPrefixes>
    <Prefix>demo%2Fdir%2F</Prefix>
  </CommonPrefixes>
</ListVersionsResult>"#;
        let v = gov2_versions_sample();
        assert_eq!(norm(&doc(&v)), norm(sample));
        assert_eq!(
            from_xml::<ListVersionsResult>(sample.as_bytes()).unwrap(),
            v
        );
    }

    #[test]
    fn version_and_delete_marker_interleaving_survives() {
        let mut v = gov2_versions_sample();
        let dm = v.entries[0].clone();
        let ver = v.entries[1].clone();
        // V, DM, DM, V, V, DM: no grouping by kind may happen on the way out or back in.
        v.entries = vec![
            ver.clone(),
            dm.clone(),
            dm.clone(),
            ver.clone(),
            ver.clone(),
            dm.clone(),
        ];
        let xml = doc(&v);
        let kinds: Vec<&str> = xml
            .lines()
            .map(str::trim)
            .filter(|l| *l == "<Version>" || *l == "<DeleteMarker>")
            .collect();
        assert_eq!(
            kinds,
            [
                "<Version>",
                "<DeleteMarker>",
                "<DeleteMarker>",
                "<Version>",
                "<Version>",
                "<DeleteMarker>"
            ]
        );
        // Entries come before CommonPrefixes.
        assert!(xml.rfind("</DeleteMarker>").unwrap() < xml.find("<CommonPrefixes>").unwrap());
        let back: ListVersionsResult = from_xml(xml.as_bytes()).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn list_versions_always_has_the_elements_oss2_requires() {
        let v = ListVersionsResult {
            name: "b".into(),
            max_keys: 100,
            ..Default::default()
        };
        let xml = doc(&v);
        for needed in [
            "<Name>b</Name>",
            "<Prefix></Prefix>",
            "<KeyMarker></KeyMarker>",
            "<VersionIdMarker></VersionIdMarker>",
            "<MaxKeys>100</MaxKeys>",
            "<Delimiter></Delimiter>",
            "<IsTruncated>false</IsTruncated>",
        ] {
            assert!(xml.contains(needed), "{needed} missing in {xml}");
        }
        assert!(!xml.contains("NextKeyMarker"));
        assert!(!xml.contains("EncodingType"));
    }

    #[test]
    fn golden_delete_result() {
        // gov2 oss/api_op_object_test.go: versioned bucket, keys without version → markers.
        let markers = r#"<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult>
  <EncodingType>url</EncodingType>
  <Deleted>
    <Key>key1.txt</Key>
    <DeleteMarker>true</DeleteMarker>
    <DeleteMarkerVersionId>CAEQHxiBgMCEld7a3hgiIDYyMmZlNWVhMDU5NDQ3ZTFhODI1ZjZhMTFlMGQz****</DeleteMarkerVersionId>
  </Deleted>
  <Deleted>
    <Key>key2.txt</Key>
    <VersionId>CAEQFxiBgIDztZ2IuRgiIDMyNzg1MTY1NWI5NjQyOGJiZWIwOTA0NTI0MmY1****</VersionId>
  </Deleted>
</DeleteResult>"#;
        let v = DeleteResult {
            encoding_type: Some("url".into()),
            deleted: vec![
                DeletedEntry {
                    key: "key1.txt".into(),
                    version_id: None,
                    delete_marker: Some(true),
                    delete_marker_version_id: Some(
                        "CAEQHxiBgMCEld7a3hgiIDYyMmZlNWVhMDU5NDQ3ZTFhODI1ZjZhMTFlMGQz****".into(),
                    ),
                },
                DeletedEntry {
                    key: "key2.txt".into(),
                    version_id: Some(
                        "CAEQFxiBgIDztZ2IuRgiIDMyNzg1MTY1NWI5NjQyOGJiZWIwOTA0NTI0MmY1****".into(),
                    ),
                    delete_marker: None,
                    delete_marker_version_id: None,
                },
            ],
        };
        assert_eq!(norm(&doc(&v)), norm(markers));
        assert_eq!(from_xml::<DeleteResult>(markers.as_bytes()).unwrap(), v);

        // Deleting a marker by its ID: VersionId, then DeleteMarker + DeleteMarkerVersionId.
        let both = doc(&DeleteResult {
            encoding_type: None,
            deleted: vec![DeletedEntry {
                key: "k".into(),
                version_id: Some("v1".into()),
                delete_marker: Some(true),
                delete_marker_version_id: Some("v1".into()),
            }],
        });
        assert_eq!(
            norm(&both),
            norm(&format!(
                "{XML_DECLARATION}<DeleteResult><Deleted><Key>k</Key><VersionId>v1</VersionId>\
                 <DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>v1</DeleteMarkerVersionId>\
                 </Deleted></DeleteResult>"
            ))
        );
        // Quiet mode with nothing to report.
        assert_eq!(
            doc(&DeleteResult::default()),
            format!("{XML_DECLARATION}\n<DeleteResult/>\n")
        );
    }

    #[test]
    fn golden_error_bodies() {
        // seed 003 (CleanRestoredObject doc), 409 ArchiveRestoreFileStale.
        let seed = r#"<?xml version="1.0" encoding="UTF-8"?>
      <Error>
        <Code>ArchiveRestoreFileStale</Code>
        <Message>The archive file or restore info stale</Message>
        <RequestId>5374A2880232A65C2300****</RequestId>
        <HostId>10.101.XX.XX</HostId>
      </Error>"#;
        let e = ErrorResponse::new(
            "ArchiveRestoreFileStale",
            "The archive file or restore info stale",
            "5374A2880232A65C2300****",
            "10.101.XX.XX",
        );
        assert_eq!(norm(&doc(&e)), norm(seed));
        assert_eq!(from_xml::<ErrorResponse>(seed.as_bytes()).unwrap(), e);

        // gov2 oss/api_op_object_test.go: extra element between HostId and EC.
        let malformed = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>MalformedXML</Code>
  <Message>The XML you provided was not well-formed or did not validate against our published schema.</Message>
  <RequestId>6555AC764311A73931E0****</RequestId>
  <HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId>
  <ErrorDetail>the root node is not named Delete.</ErrorDetail>
  <EC>0016-00000608</EC>
  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=0016-00000608</RecommendDoc>
</Error>"#;
        let detail = XmlError::WrongRoot {
            expected: "Delete".into(),
            found: "Remove".into(),
        }
        .detail();
        let e = ErrorResponse::new(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema.",
            "6555AC764311A73931E0****",
            "bucket.oss-cn-hangzhou.aliyuncs.com",
        )
        .with_extra("ErrorDetail", &detail)
        .with_ec("0016-00000608");
        assert_eq!(norm(&doc(&e)), norm(malformed));
        let back: ErrorResponse = from_xml(malformed.as_bytes()).unwrap();
        assert_eq!(back, e);
        assert_eq!(
            back.extra("ErrorDetail"),
            Some("the root node is not named Delete.")
        );

        // Escaping of text values.
        let x = doc(&ErrorResponse::new("C", "a < b & \"c\"", "R", "H"));
        assert!(x.contains("<Message>a &lt; b &amp; \"c\"</Message>"), "{x}");
    }

    #[test]
    fn golden_list_all_my_buckets() {
        // oss2 unittests/test_iterator.py (captured response).
        let sample = r#"<?xml version="1.0" encoding="UTF-8"?>
        <ListAllMyBucketsResult>
          <Owner>
            <ID>1047205513514293</ID>
            <DisplayName>1047205513514293</DisplayName>
          </Owner>
          <Buckets>
            <Bucket>
              <CreationDate>2015-12-12T00:35:31.000Z</CreationDate>
              <ExtranetEndpoint>oss-cn-hangzhou.aliyuncs.com</ExtranetEndpoint>
              <IntranetEndpoint>oss-cn-hangzhou-internal.aliyuncs.com</IntranetEndpoint>
              <Location>oss-cn-hangzhou</Location>
              <Name>bucket-1</Name>
              <StorageClass>Standard</StorageClass>
            </Bucket>
          </Buckets>
        </ListAllMyBucketsResult>"#;
        let v = ListAllMyBucketsResult {
            owner: owner("1047205513514293"),
            buckets: Buckets {
                bucket: vec![BucketSummary {
                    creation_date: "2015-12-12T00:35:31.000Z".into(),
                    extranet_endpoint: "oss-cn-hangzhou.aliyuncs.com".into(),
                    intranet_endpoint: "oss-cn-hangzhou-internal.aliyuncs.com".into(),
                    location: "oss-cn-hangzhou".into(),
                    name: "bucket-1".into(),
                    region: None,
                    storage_class: "Standard".into(),
                }],
            },
            ..Default::default()
        };
        assert_eq!(norm(&doc(&v)), norm(sample));
        assert_eq!(
            from_xml::<ListAllMyBucketsResult>(sample.as_bytes()).unwrap(),
            v
        );

        let mut with_region = v.clone();
        with_region.buckets.bucket[0].region = Some("cn-hangzhou".into());
        assert!(doc(&with_region).contains(
            "<Name>bucket-1</Name>\n      <Region>cn-hangzhou</Region>\n      <StorageClass>"
        ));
        // No buckets: the wrapper is still there.
        let empty = ListAllMyBucketsResult {
            owner: owner("1"),
            ..Default::default()
        };
        assert!(doc(&empty).contains("<Buckets></Buckets>"));
    }

    #[test]
    fn golden_multipart_listings() {
        // oss2 unittests/test_iterator.py (captured): EncodingType comes first.
        let uploads = r#"<?xml version="1.0" encoding="UTF-8"?>
        <ListMultipartUploadsResult>
          <EncodingType>url</EncodingType>
          <Bucket>ming-spike</Bucket>
          <KeyMarker></KeyMarker>
          <UploadIdMarker></UploadIdMarker>
          <NextKeyMarker></NextKeyMarker>
          <NextUploadIdMarker></NextUploadIdMarker>
          <Delimiter></Delimiter>
          <Prefix></Prefix>
          <MaxUploads>1000</MaxUploads>
          <IsTruncated>false</IsTruncated>
        </ListMultipartUploadsResult>"#;
        let v = ListMultipartUploadsResult {
            encoding_type: Some("url".into()),
            bucket: "ming-spike".into(),
            max_uploads: 1000,
            ..Default::default()
        };
        assert_eq!(norm(&doc(&v)), norm(uploads));
        assert_eq!(
            from_xml::<ListMultipartUploadsResult>(uploads.as_bytes()).unwrap(),
            v
        );

        // ListMultipartUploads doc sample (gov2 api_op_object_test.go), one upload.
        let one = ListMultipartUploadsResult {
            encoding_type: None,
            bucket: "oss-example".into(),
            next_key_marker: "oss.avi".into(),
            next_upload_id_marker: "0004B99B8E707874FC2D692FA5D77D3F".into(),
            max_uploads: 1000,
            uploads: vec![UploadSummary {
                key: "multipart.data".into(),
                upload_id: "0004B999EF518A1FE585B0C9360DC4C8".into(),
                initiated: "2012-02-23T04:18:23.000Z".into(),
            }],
            ..Default::default()
        };
        assert_eq!(
            norm(&doc(&one)),
            norm(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<ListMultipartUploadsResult>
    <Bucket>oss-example</Bucket>
    <KeyMarker></KeyMarker>
    <UploadIdMarker></UploadIdMarker>
    <NextKeyMarker>oss.avi</NextKeyMarker>
    <NextUploadIdMarker>0004B99B8E707874FC2D692FA5D77D3F</NextUploadIdMarker>
    <Delimiter></Delimiter>
    <Prefix></Prefix>
    <MaxUploads>1000</MaxUploads>
    <IsTruncated>false</IsTruncated>
    <Upload>
        <Key>multipart.data</Key>
        <UploadId>0004B999EF518A1FE585B0C9360DC4C8</UploadId>
        <Initiated>2012-02-23T04:18:23.000Z</Initiated>
    </Upload>
</ListMultipartUploadsResult>"#
            )
        );

        // ListParts doc sample (alibabacloud-oss-python-sdk-v2 tests/unit/models/test_object_basic.py)
        // plus the PartNumberMarker element.
        let parts = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListPartsResult>
    <Bucket>multipart_upload</Bucket>
    <Key>multipart.data</Key>
    <UploadId>0004B999EF5A239BB9138C6227D6****</UploadId>
    <PartNumberMarker>0</PartNumberMarker>
    <NextPartNumberMarker>5</NextPartNumberMarker>
    <MaxParts>1000</MaxParts>
    <IsTruncated>false</IsTruncated>
    <Part>
        <PartNumber>1</PartNumber>
        <LastModified>2012-02-23T07:01:34.000Z</LastModified>
        <ETag>"3349DC700140D7F86A0784842780****"</ETag>
        <Size>6291456</Size>
    </Part>
    <Part>
        <PartNumber>5</PartNumber>
        <LastModified>2012-02-23T07:02:03.000Z</LastModified>
        <ETag>"7265F4D211B56873A381D321F586****"</ETag>
        <HashCrc64ecma>11051210869376104954</HashCrc64ecma>
        <Size>1024</Size>
    </Part>
</ListPartsResult>"#;
        let v = ListPartsResult {
            encoding_type: None,
            bucket: "multipart_upload".into(),
            key: "multipart.data".into(),
            upload_id: "0004B999EF5A239BB9138C6227D6****".into(),
            part_number_marker: 0,
            next_part_number_marker: 5,
            max_parts: 1000,
            is_truncated: false,
            storage_class: None,
            parts: vec![
                PartSummary {
                    part_number: 1,
                    last_modified: "2012-02-23T07:01:34.000Z".into(),
                    etag: "\"3349DC700140D7F86A0784842780****\"".into(),
                    hash_crc64ecma: None,
                    size: 6291456,
                },
                PartSummary {
                    part_number: 5,
                    last_modified: "2012-02-23T07:02:03.000Z".into(),
                    etag: "\"7265F4D211B56873A381D321F586****\"".into(),
                    hash_crc64ecma: Some("11051210869376104954".into()),
                    size: 1024,
                },
            ],
        };
        assert_eq!(norm(&doc(&v)), norm(parts));
        assert_eq!(from_xml::<ListPartsResult>(parts.as_bytes()).unwrap(), v);
    }

    #[test]
    fn golden_bucket_info() {
        // GetBucketInfo doc sample as in oss2 unittests/test_xml_utils.py, plus Versioning.
        let sample = r#"<?xml version="1.0" encoding="UTF-8"?>
        <BucketInfo>
            <Bucket>
                <CreationDate>2013-07-31T10:56:21.000Z</CreationDate>
                <ExtranetEndpoint>oss-cn-hangzhou.aliyuncs.com</ExtranetEndpoint>
                <IntranetEndpoint>oss-cn-hangzhou-internal.aliyuncs.com</IntranetEndpoint>
                <Location>oss-cn-hangzhou</Location>
                <StorageClass>IA</StorageClass>
                <Name>oss-example</Name>
                <Owner>
                    <DisplayName>username</DisplayName>
                    <ID>27183473914****</ID>
                </Owner>
                <AccessControlList>
                    <Grant>private</Grant>
                </AccessControlList>
                <Versioning>Enabled</Versioning>
            </Bucket>
        </BucketInfo>"#;
        let v = BucketInfo {
            bucket: BucketInfoBucket {
                creation_date: "2013-07-31T10:56:21.000Z".into(),
                extranet_endpoint: "oss-cn-hangzhou.aliyuncs.com".into(),
                intranet_endpoint: "oss-cn-hangzhou-internal.aliyuncs.com".into(),
                location: "oss-cn-hangzhou".into(),
                storage_class: "IA".into(),
                name: "oss-example".into(),
                owner: BucketInfoOwner {
                    display_name: "username".into(),
                    id: "27183473914****".into(),
                },
                access_control_list: AccessControlList {
                    grant: "private".into(),
                },
                versioning: Some("Enabled".into()),
                ..Default::default()
            },
        };
        assert_eq!(norm(&doc(&v)), norm(sample));
        assert_eq!(from_xml::<BucketInfo>(sample.as_bytes()).unwrap(), v);
        let mut never = v.clone();
        never.bucket.versioning = Some(String::new());
        assert!(doc(&never).contains("<Versioning></Versioning>"));
    }

    // ----- request bodies

    #[test]
    fn parse_versioning_configuration_requests() {
        // PutBucketVersioning doc sample.
        let doc_sample = br#"<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration>
    <Status>Enabled</Status>
</VersioningConfiguration>"#;
        let v: VersioningConfiguration = parse_request(doc_sample).unwrap();
        assert_eq!(v.status.as_deref(), Some("Enabled"));
        // oss2: no declaration, no whitespace.
        let oss2 = b"<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>";
        let v: VersioningConfiguration = parse_request(oss2).unwrap();
        assert_eq!(v.status.as_deref(), Some("Suspended"));
        // Bad values are passed through for the caller to reject.
        let v: VersioningConfiguration = parse_request(
            b"<VersioningConfiguration><Status>On</Status></VersioningConfiguration>",
        )
        .unwrap();
        assert_eq!(v.status.as_deref(), Some("On"));
        let v: VersioningConfiguration = parse_request(b"<VersioningConfiguration/>").unwrap();
        assert_eq!(v.status, None);
        // Round trip through our own writer.
        let v2: VersioningConfiguration =
            parse_request(&versioning_configuration_xml(Some("Enabled"))).unwrap();
        assert_eq!(v2.status.as_deref(), Some("Enabled"));
    }

    #[test]
    fn parse_delete_requests() {
        // oss2 to_batch_delete_objects_version_request shape.
        let body = br#"<Delete><Quiet>false</Quiet><Object><Key>a b/c.txt</Key><VersionId>CAEQJhiBgIDVmYrr1RYiIGE5ZmUxMjViZDIwYjQwY2I5ODA1YWIxNmIyNDNjYjk4</VersionId></Object><Object><Key>  spaced  </Key></Object><Object><Key>x&amp;y</Key><VersionId>null</VersionId></Object></Delete>"#;
        let d: DeleteRequest = parse_request(body).unwrap();
        assert_eq!(d.quiet, Some(false));
        assert_eq!(d.objects.len(), 3);
        assert_eq!(d.objects[0].key, "a b/c.txt");
        assert_eq!(
            d.objects[0].version_id.as_deref(),
            Some("CAEQJhiBgIDVmYrr1RYiIGE5ZmUxMjViZDIwYjQwY2I5ODA1YWIxNmIyNDNjYjk4")
        );
        assert_eq!(d.objects[1].key, "  spaced  ");
        assert_eq!(d.objects[1].version_id, None);
        assert_eq!(d.objects[2].key, "x&y");
        assert_eq!(d.objects[2].version_id.as_deref(), Some("null"));

        // DeleteMultipleObjects doc sample: declaration, indentation, Quiet last is fine too,
        // and Objects need not be adjacent.
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Delete xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">
  <Object>
    <Key>multipart.data</Key>
    <VersionId>CAEQNRiBgIDyz.6C0BYiIGQ2NWEwNmVhNTA3ZTQ3MzM5ODliYjM1ZTdjYjA4****</VersionId>
  </Object>
  <Quiet>true</Quiet>
  <Object>
    <Key> </Key>
    <VersionId></VersionId>
  </Object>
</Delete>"#;
        let d: DeleteRequest = parse_request(body).unwrap();
        assert_eq!(d.quiet, Some(true));
        assert_eq!(d.objects.len(), 2);
        assert_eq!(d.objects[1].key, " ");
        assert_eq!(d.objects[1].version_id.as_deref(), Some(""));
        let d: DeleteRequest = parse_request(b"<Delete><Quiet>TRUE</Quiet></Delete>").unwrap();
        assert_eq!((d.quiet, d.objects.len()), (Some(true), 0));

        // Our own serialization parses back.
        let req = DeleteRequest {
            quiet: Some(true),
            objects: vec![DeleteObjectEntry {
                key: "k".into(),
                version_id: Some("v".into()),
            }],
        };
        assert_eq!(
            parse_request::<DeleteRequest>(&to_xml_doc(&req)).unwrap(),
            req
        );

        // Object without Key, bad Quiet, wrong root.
        assert!(matches!(
            parse_request::<DeleteRequest>(
                b"<Delete><Object><VersionId>v</VersionId></Object></Delete>"
            ),
            Err(XmlError::Invalid(_))
        ));
        assert!(matches!(
            parse_request::<DeleteRequest>(b"<Delete><Quiet>yes</Quiet></Delete>"),
            Err(XmlError::Invalid(_))
        ));
        let err = parse_request::<DeleteRequest>(b"<Remove><Object><Key>k</Key></Object></Remove>")
            .unwrap_err();
        assert_eq!(err.detail(), "the root node is not named Delete.");
    }

    #[test]
    fn parse_complete_multipart_upload_requests() {
        // oss2 unittests/test_multipart.py (request body as sent).
        let body = br#"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"4DE8075FB607DF4D13FBC480EA488EFA"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"AF947EC157726CEA88ED83B3C989063B"</ETag></Part></CompleteMultipartUpload>"#;
        let c: CompleteMultipartUpload = parse_request(body).unwrap();
        assert_eq!(
            c.parts,
            vec![
                CompletePart {
                    part_number: 1,
                    etag: "\"4DE8075FB607DF4D13FBC480EA488EFA\"".into()
                },
                CompletePart {
                    part_number: 2,
                    etag: "\"AF947EC157726CEA88ED83B3C989063B\"".into()
                },
            ]
        );
        // CompleteMultipartUpload doc sample style: declaration, indentation, ETag first.
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUpload>
    <Part>
        <ETag>"3349DC700140D7F86A0784842780****"</ETag>
        <PartNumber>5</PartNumber>
    </Part>
    <Part>
        <PartNumber>0</PartNumber>
        <ETag>8EFDA8BE206636A695359836FE0A****</ETag>
    </Part>
</CompleteMultipartUpload>"#;
        let c: CompleteMultipartUpload = parse_request(body).unwrap();
        assert_eq!(c.parts[0].part_number, 5);
        assert_eq!(c.parts[1].part_number, 0);
        assert_eq!(c.parts[1].etag, "8EFDA8BE206636A695359836FE0A****");
        assert_eq!(
            parse_request::<CompleteMultipartUpload>(&to_xml_doc(&c)).unwrap(),
            c
        );
        let empty: CompleteMultipartUpload =
            parse_request(b"<CompleteMultipartUpload></CompleteMultipartUpload>").unwrap();
        assert!(empty.parts.is_empty());

        for bad in [
            &b"<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>"[..],
            b"<CompleteMultipartUpload><Part><ETag>e</ETag></Part></CompleteMultipartUpload>",
            b"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
        ] {
            assert!(matches!(
                parse_request::<CompleteMultipartUpload>(bad),
                Err(XmlError::Invalid(_))
            ));
        }
    }

    #[test]
    fn parse_restore_requests() {
        // RestoreObject doc sample / oss2 to_put_restore_config.
        let r: RestoreRequest = parse_request(
            b"<RestoreRequest><Days>2</Days><JobParameters><Tier>Standard</Tier></JobParameters></RestoreRequest>",
        )
        .unwrap();
        assert_eq!(r.days, Some(2));
        assert_eq!(r.tier(), Some("Standard"));
        assert!(r.unknown_elements.is_empty());
        // Only JobParameters (gov1 omits Days=0).
        let r: RestoreRequest = parse_request(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RestoreRequest>\n  <JobParameters>\n    <Tier>Bulk</Tier>\n  </JobParameters>\n</RestoreRequest>",
        )
        .unwrap();
        assert_eq!((r.days, r.tier()), (None, Some("Bulk")));
        // S3-style body: detectable (EC 0016-00000709).
        let r: RestoreRequest = parse_request(
            b"<RestoreRequest><Days>1</Days><GlacierJobParameters><Tier>Standard</Tier></GlacierJobParameters></RestoreRequest>",
        )
        .unwrap();
        assert_eq!(r.unknown_elements, vec!["GlacierJobParameters".to_string()]);
        assert_eq!(r.tier(), None);
        // Out-of-range values are the caller's business; non-numbers are not.
        let r: RestoreRequest =
            parse_request(b"<RestoreRequest><Days>-3</Days></RestoreRequest>").unwrap();
        assert_eq!(r.days, Some(-3));
        assert!(parse_request::<RestoreRequest>(
            b"<RestoreRequest><Days>two</Days></RestoreRequest>"
        )
        .is_err());
        // Our own serialization.
        let req = RestoreRequest {
            days: Some(3),
            job_parameters: Some(JobParameters {
                tier: Some("Expedited".into()),
            }),
            unknown_elements: vec![],
        };
        assert_eq!(
            norm(&String::from_utf8(to_xml_doc(&req)).unwrap()),
            norm(&format!(
                "{XML_DECLARATION}<RestoreRequest><Days>3</Days><JobParameters><Tier>Expedited</Tier></JobParameters></RestoreRequest>"
            ))
        );
    }

    #[test]
    fn parse_create_bucket_configuration() {
        let c: CreateBucketConfiguration = parse_request(
            br#"<?xml version="1.0" encoding="UTF-8"?>
<CreateBucketConfiguration>
    <StorageClass>Standard</StorageClass>
    <DataRedundancyType>LRS</DataRedundancyType>
</CreateBucketConfiguration>"#,
        )
        .unwrap();
        assert_eq!(c.storage_class.as_deref(), Some("Standard"));
        assert_eq!(c.data_redundancy_type.as_deref(), Some("LRS"));
        let c: CreateBucketConfiguration =
            parse_request(b"<CreateBucketConfiguration><StorageClass>IA</StorageClass></CreateBucketConfiguration>")
                .unwrap();
        assert_eq!(
            (c.storage_class.as_deref(), c.data_redundancy_type),
            (Some("IA"), None)
        );
    }

    #[test]
    fn parse_lifecycle_as_oss2_writes_it() {
        // Shape of oss2 xml_utils.to_put_bucket_lifecycle: Expiration, AbortMultipartUpload,
        // Transition (StorageClass before Days), Tag, Noncurrent*, Filter last;
        // ExpiredObjectDeleteMarker as Python's `True`.
        let body = br#"<LifecycleConfiguration><Rule><ID>r1</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>True</ExpiredObjectDeleteMarker></Expiration><AbortMultipartUpload><Days>3</Days></AbortMultipartUpload><Transition><StorageClass>IA</StorageClass><IsAccessTime>true</IsAccessTime><ReturnToStdWhenVisit>false</ReturnToStdWhenVisit><AllowSmallFile>false</AllowSmallFile><Days>30</Days></Transition><Transition><StorageClass>Archive</StorageClass><CreatedBeforeDate>2024-01-03T00:00:00.000Z</CreatedBeforeDate></Transition><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k2</Key><Value></Value></Tag><NoncurrentVersionExpiration><NoncurrentDays>5</NoncurrentDays></NoncurrentVersionExpiration><NoncurrentVersionTransition><NoncurrentDays>10</NoncurrentDays><StorageClass>ColdArchive</StorageClass><IsAccessTime>false</IsAccessTime></NoncurrentVersionTransition><Filter><ObjectSizeGreaterThan>500</ObjectSizeGreaterThan><ObjectSizeLessThan>64000</ObjectSizeLessThan><Not><Prefix>logs/tmp</Prefix><Tag><Key>keep</Key><Value>yes</Value></Tag></Not></Filter></Rule><Rule><ID>r2</ID><Prefix></Prefix><Status>Disabled</Status><Expiration><CreatedBeforeDate>2023-12-01T00:00:00.000Z</CreatedBeforeDate></Expiration><AbortMultipartUpload><CreatedBeforeDate>2023-12-01T00:00:00.000Z</CreatedBeforeDate></AbortMultipartUpload></Rule></LifecycleConfiguration>"#;
        let c: LifecycleConfiguration = parse_request(body).unwrap();
        assert_eq!(c.rules.len(), 2);
        let r = &c.rules[0];
        assert_eq!(r.id.as_deref(), Some("r1"));
        assert_eq!(r.prefix.as_deref(), Some("logs/"));
        assert_eq!(r.status, "Enabled");
        assert_eq!(
            r.expiration,
            Some(LifecycleExpiration {
                expired_object_delete_marker: Some(true),
                ..Default::default()
            })
        );
        assert_eq!(r.abort_multipart_upload.as_ref().unwrap().days, Some(3));
        assert_eq!(
            r.transitions,
            vec![
                LifecycleTransition {
                    days: Some(30),
                    created_before_date: None,
                    storage_class: "IA".into(),
                    is_access_time: Some(true),
                    return_to_std_when_visit: Some(false),
                    allow_small_file: Some(false),
                },
                LifecycleTransition {
                    created_before_date: Some("2024-01-03T00:00:00.000Z".into()),
                    storage_class: "Archive".into(),
                    ..Default::default()
                },
            ]
        );
        assert_eq!(
            r.tags,
            vec![
                Tag {
                    key: "k1".into(),
                    value: "v1".into()
                },
                Tag {
                    key: "k2".into(),
                    value: "".into()
                }
            ]
        );
        assert_eq!(
            r.noncurrent_version_expiration,
            Some(NoncurrentVersionExpiration {
                noncurrent_days: Some(5)
            })
        );
        assert_eq!(
            r.noncurrent_version_transitions[0].noncurrent_days,
            Some(10)
        );
        assert_eq!(
            r.noncurrent_version_transitions[0].storage_class,
            "ColdArchive"
        );
        assert_eq!(
            r.noncurrent_version_transitions[0].is_access_time,
            Some(false)
        );
        let f = r.filter.as_ref().unwrap();
        assert_eq!(f.object_size_greater_than, Some(500));
        assert_eq!(f.object_size_less_than, Some(64000));
        assert_eq!(f.not[0].prefix.as_deref(), Some("logs/tmp"));
        assert_eq!(f.not[0].tag.as_ref().unwrap().key, "keep");
        let r2 = &c.rules[1];
        assert_eq!(r2.prefix.as_deref(), Some(""));
        assert_eq!(r2.status, "Disabled");
        assert_eq!(
            r2.expiration
                .as_ref()
                .unwrap()
                .created_before_date
                .as_deref(),
            Some("2023-12-01T00:00:00.000Z")
        );

        // Writing it back and parsing again gives the same configuration, with lower-case
        // booleans.
        let out = String::from_utf8(to_xml_doc(&c)).unwrap();
        assert!(out.contains("<ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker>"));
        assert_eq!(
            parse_request::<LifecycleConfiguration>(out.as_bytes()).unwrap(),
            c
        );
    }

    #[test]
    fn parse_lifecycle_in_other_orders() {
        // gov2 marshals Status before ID and Expiration before Transition; repeated elements
        // need not be adjacent.
        let body = br#"<LifecycleConfiguration><Rule><Status>Enabled</Status><ID>rule</ID><Prefix>log/</Prefix><Transition><Days>30</Days><StorageClass>IA</StorageClass></Transition><Expiration><Days>3600</Days></Expiration><Transition><Days>60</Days><StorageClass>Archive</StorageClass></Transition></Rule></LifecycleConfiguration>"#;
        let c: LifecycleConfiguration = parse_request(body).unwrap();
        let r = &c.rules[0];
        assert_eq!(
            (r.status.as_str(), r.id.as_deref()),
            ("Enabled", Some("rule"))
        );
        assert_eq!(r.transitions.len(), 2);
        assert_eq!(r.transitions[1].storage_class, "Archive");
        assert_eq!(r.expiration.as_ref().unwrap().days, Some(3600));

        // PutBucketLifecycle doc sample for versioned buckets.
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<LifecycleConfiguration>
  <Rule>
    <ID>rule</ID>
    <Prefix></Prefix>
    <Status>Enabled</Status>
    <Expiration>
      <ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker>
    </Expiration>
    <NoncurrentVersionExpiration>
      <NoncurrentDays>5</NoncurrentDays>
    </NoncurrentVersionExpiration>
    <NoncurrentVersionTransition>
      <NoncurrentDays>10</NoncurrentDays>
      <StorageClass>IA</StorageClass>
    </NoncurrentVersionTransition>
  </Rule>
</LifecycleConfiguration>"#;
        let c: LifecycleConfiguration = parse_request(body).unwrap();
        let r = &c.rules[0];
        assert_eq!(
            r.expiration.as_ref().unwrap().expired_object_delete_marker,
            Some(true)
        );
        assert_eq!(r.noncurrent_version_transitions[0].storage_class, "IA");
        // Our output for it, whitespace-normalised, is the doc sample.
        assert_eq!(
            norm(&String::from_utf8(to_xml_doc(&c)).unwrap()),
            norm(std::str::from_utf8(body).unwrap())
        );
        // A GetBucketLifecycle response with AtimeBase parses too.
        let c: LifecycleConfiguration = parse_request(
            b"<LifecycleConfiguration><Rule><ID>a</ID><Prefix>p/</Prefix><Status>Enabled</Status><Transition><Days>30</Days><StorageClass>IA</StorageClass><IsAccessTime>true</IsAccessTime><ReturnToStdWhenVisit>false</ReturnToStdWhenVisit></Transition><AtimeBase>1631698332</AtimeBase></Rule></LifecycleConfiguration>",
        )
        .unwrap();
        assert_eq!(c.rules[0].atime_base, Some(1631698332));
        // Bad numbers / booleans are errors.
        assert!(parse_request::<LifecycleConfiguration>(
            b"<LifecycleConfiguration><Rule><Expiration><Days>ten</Days></Expiration></Rule></LifecycleConfiguration>"
        )
        .is_err());
        assert!(parse_request::<LifecycleConfiguration>(
            b"<LifecycleConfiguration><Rule><Expiration><ExpiredObjectDeleteMarker>1</ExpiredObjectDeleteMarker></Expiration></Rule></LifecycleConfiguration>"
        )
        .is_err());
        let empty: LifecycleConfiguration = parse_request(b"<LifecycleConfiguration/>").unwrap();
        assert!(empty.rules.is_empty());
    }

    #[test]
    fn malformed_bodies_are_rejected() {
        let cases: &[&[u8]] = &[
            b"",
            b"   ",
            b"not xml",
            b"<Delete><Object><Key>k</Key></Object>",
            b"<Delete><Object><Key>k</Object></Delete>",
            b"<Delete></Delete><Delete></Delete>",
            b"<Delete></Delete>trailing",
            b"text<Delete></Delete>",
            b"<!DOCTYPE x [<!ENTITY a \"b\">]><Delete></Delete>",
            b"<Delete><Object><Key>&undefined;</Key></Object></Delete>",
            b"<Delete><Object><Key>\xff\xfe</Key></Object></Delete>",
            b"<Delete <Object/></Delete>",
        ];
        for body in cases {
            let r = parse_request::<DeleteRequest>(body);
            assert!(r.is_err(), "accepted {:?}", String::from_utf8_lossy(body));
        }
        assert!(matches!(
            from_xml::<DeleteRequest>(b"<Delete><Object><Key>k</Object></Delete>"),
            Err(XmlError::Syntax(_))
        ));
        // A BOM and an XML declaration are fine.
        let d: DeleteRequest = parse_request(
            b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Object><Key>k</Key></Object></Delete>",
        )
        .unwrap();
        assert_eq!(d.objects[0].key, "k");
        // from_xml does not care about the root name.
        let d: DeleteRequest =
            from_xml(b"<Whatever><Object><Key>k</Key></Object></Whatever>").unwrap();
        assert_eq!(d.objects.len(), 1);
        // Display / detail
        let e = XmlError::WrongRoot {
            expected: "Delete".into(),
            found: "X".into(),
        };
        assert_eq!(e.to_string(), "root element is <X>, expected <Delete>");
    }

    #[test]
    fn parse_bool_accepts_python_spelling() {
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool(" FALSE "), Some(false));
        assert_eq!(parse_bool("1"), None);
        assert_eq!(parse_bool(""), None);
    }

    #[test]
    fn keys_are_written_verbatim() {
        // Without encoding-type=url OSS writes keys raw; the writer must not alter spaces,
        // leading/trailing whitespace or non-ASCII.
        let v = ListBucketResult {
            name: "b".into(),
            max_keys: 100,
            contents: vec![ObjectSummary {
                key: " a  b/中文.txt ".into(),
                etag: "\"E\"".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let xml = doc(&v);
        assert!(xml.contains("<Key> a  b/中文.txt </Key>"), "{xml}");
        let back: ListBucketResult = from_xml(xml.as_bytes()).unwrap();
        assert_eq!(back.contents[0].key, " a  b/中文.txt ");
        // V2 without fetch-owner: no Owner element.
        let v2 = ListBucketResultV2 {
            name: "b".into(),
            max_keys: 100,
            contents: vec![ObjectSummary::default()],
            key_count: 1,
            ..Default::default()
        };
        let xml = doc(&v2);
        assert!(!xml.contains("<Owner>"));
        assert!(!xml.contains("<Delimiter>"));
        assert!(xml
            .trim_end()
            .ends_with("<KeyCount>1</KeyCount>\n</ListBucketResult>"));
    }
}
