//! OSS XML bodies: plain DTOs (strings, numbers, booleans; no engine types) and the two
//! conversions [`to_xml`] / [`from_xml`].
//!
//! Each DTO is declared with `xml_element!`: its fields are its child elements, in wire
//! order, each with the element name OSS uses, and the field's type says how the child is
//! written and read ([`XmlValue`]). One small writer ([`XmlWriter`]) and one small reader
//! ([`Node`], built from quick-xml events) serve every DTO. (serde with quick-xml's
//! `serialize` feature did the same job with a serializer and a deserializer instantiated per
//! DTO: several hundred KB of the browser app for a few dozen small documents.)
//!
//! Output fidelity rules (checked by the golden tests below against real captured OSS
//! responses, byte for byte including `Content-Length`):
//! * `<?xml version="1.0" encoding="UTF-8"?>` declaration, a newline, the document indented by
//!   two spaces, and a trailing newline;
//! * no `xmlns` attribute (oss2 parses with ElementTree and would not find namespaced children);
//! * element names and order exactly as OSS writes them: the field order of each DTO *is* the
//!   wire order; `Option` fields are omitted when `None`, empty strings are written as
//!   `<X></X>`; booleans are `true` / `false`; `&`, `<` and `>` in text are escaped;
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

//! Files, by concern:
//! * `read.rs`: [`XmlError`], [`from_xml`] / [`parse_request`] / [`read_document`], [`Node`];
//! * `write.rs`: [`to_xml`] / [`to_xml_doc`] and [`XmlWriter`] (indentation, escaping);
//! * `model.rs`: the [`Element`] / [`XmlValue`] / [`XmlRoot`] traits and `xml_element!`;
//! * `bucket.rs`: shared pieces and the service / bucket responses;
//! * `listing.rs`: object, version and multipart listings;
//! * `object.rs`: object write responses and the error body;
//! * `request.rs`: request bodies (delete, complete-multipart, restore, lifecycle, …);
//! * `tests/`: goldens and parsing tests, by theme.

mod bucket;
mod listing;
mod model;
mod object;
mod read;
mod request;
mod write;

pub use bucket::*;
pub use listing::*;
pub(crate) use model::xml_element;
pub use model::{Element, XmlRoot, XmlValue};
pub use object::*;
pub use read::*;
pub use request::*;
pub use write::*;

/// The XML declaration OSS puts in front of every XML body.
pub const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

macro_rules! xml_root {
    ($($t:ty => $name:literal),* $(,)?) => {
        $(impl XmlRoot for $t { const ROOT: &'static str = $name; })*
    };
}

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
mod tests;
