//! Tests of the XML DTOs, by theme: byte-exact and normalised goldens of single documents,
//! goldens of the listings, and request-body parsing.

mod golden_documents;
mod golden_listings;
mod parse;

use super::*;

/// Drops the indentation and line breaks between elements, so that samples written with
/// any indentation compare equal to ours.
fn norm(xml: &str) -> String {
    xml.lines().map(str::trim).collect::<Vec<_>>().concat()
}

fn doc<T: XmlRoot + Element>(v: &T) -> String {
    String::from_utf8(to_xml_doc(v)).unwrap()
}

fn owner(id: &str) -> Owner {
    Owner {
        id: id.into(),
        display_name: id.into(),
    }
}
