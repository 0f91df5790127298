//! What every handler uses to answer: the response builder and the texts responses share.

use crate::engine::Engine;
use crate::wire::format;
use crate::wire::http::{HeaderText, WireBody, WireResponse};
use crate::wire::xml::{self, to_xml_doc, XmlRoot};
use crate::wire::{OssError, OssResult};

/// Builds a response; OSS header names keep OSS's spelling.
pub(super) struct Resp(pub(super) WireResponse);

impl Resp {
    pub(super) fn new(status: u16) -> Self {
        Resp(WireResponse {
            status,
            // Room for a GET's headers and the four common ones: no regrowth on the way.
            headers: Vec::with_capacity(20),
            body: Vec::new().into(),
        })
    }

    pub(super) fn header(
        mut self,
        name: impl Into<HeaderText>,
        value: impl Into<HeaderText>,
    ) -> Self {
        self.0.headers.push((name.into(), value.into()));
        self
    }

    pub(super) fn opt(self, name: &'static str, value: Option<impl Into<HeaderText>>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => self,
        }
    }

    pub(super) fn xml<T: XmlRoot + xml::Element>(mut self, doc: &T) -> Self {
        self.0.body = to_xml_doc(doc).into();
        self.header("Content-Type", "application/xml")
    }

    pub(super) fn body(mut self, bytes: impl Into<WireBody>) -> Self {
        self.0.body = bytes.into();
        self
    }

    pub(super) fn done(self) -> OssResult<WireResponse> {
        Ok(self.0)
    }
}

pub(super) fn malformed(e: xml::XmlError) -> OssError {
    OssError::malformed_xml(&e.detail())
}

/// Text of an object key or prefix as a response shows it (`encoding-type=url` encodes).
pub(super) fn enc(url: bool, s: &str) -> String {
    if url {
        format::url_encode_key(s)
    } else {
        s.to_string()
    }
}

pub(super) fn owner(engine: &Engine) -> xml::Owner {
    let id = engine.settings().owner_id.clone();
    xml::Owner {
        display_name: id.clone(),
        id,
    }
}

/// A response with these headers and this body (the common headers are added by `Wire`).
pub(super) fn header_list(
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
) -> WireResponse {
    WireResponse {
        status,
        headers: headers
            .into_iter()
            .map(|(k, v)| (HeaderText::from(k), HeaderText::from(v)))
            .collect(),
        body: body.into(),
    }
}
