//! Reading XML: the [`XmlError`] every malformed body becomes, the entry points that turn a
//! document into a DTO ([`from_xml`], [`from_xml_root`], [`parse_request`]) or into a generic
//! tree ([`read_document`], [`Node`]), and the helpers DTO readers share ([`read_element`],
//! [`parse_bool`]).

use std::fmt;

use quick_xml::escape::{resolve_predefined_entity, EscapeError};
use quick_xml::events::Event;

use super::{Element, XmlRoot};

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

/// Parses an XML document into `T`. The document must be well-formed with a single root
/// element (of any name; see [`from_xml_root`] to check it). A leading UTF-8 BOM is skipped.
pub fn from_xml<T: Element>(bytes: &[u8]) -> Result<T, XmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_document(bytes)?;
    read_element(&parse_tree(bytes)?)
}

/// [`from_xml`], and the root element must be named `root` (OSS answers `MalformedXML`,
/// "the root node is not named Delete.", otherwise).
pub fn from_xml_root<T: Element>(bytes: &[u8], root: &str) -> Result<T, XmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let found = check_document(bytes)?;
    if found != root {
        return Err(XmlError::WrongRoot {
            expected: root.to_string(),
            found,
        });
    }
    read_element(&parse_tree(bytes)?)
}

/// A whole document as a tree, for readers that want a few elements of a response without a
/// DTO (the lessons' captured values, the console's summaries).
pub fn read_document(bytes: &[u8]) -> Result<Node, XmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_document(bytes)?;
    parse_tree(bytes)
}

/// [`from_xml_root`] with the root name the DTO type declares: the way to read a request body.
pub fn parse_request<T: XmlRoot + Element>(bytes: &[u8]) -> Result<T, XmlError> {
    from_xml_root(bytes, T::ROOT)
}

/// Checks well-formedness and returns the root element's name.
fn check_document(bytes: &[u8]) -> Result<String, XmlError> {
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

// ---------------------------------------------------------------------------------------------
// Reading: a document as a tree of nodes
// ---------------------------------------------------------------------------------------------

/// An element of a parsed document: its local name (no namespace prefix), the text directly
/// inside it (entities resolved, CDATA included, comments left out), and its child elements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    /// The first element named `name` at or below this one, depth first in document order.
    pub fn find(&self, name: &str) -> Option<&Node> {
        if self.name == name {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(name))
    }

    /// The text of an element that holds a value (an empty element gives `""`).
    pub fn leaf_text(&self) -> Result<&str, XmlError> {
        if self.children.is_empty() {
            Ok(&self.text)
        } else {
            Err(XmlError::Invalid(format!(
                "<{}> should hold text, not elements",
                self.name
            )))
        }
    }
}

/// The root element of a document that [`check_document`] accepted.
fn parse_tree(bytes: &[u8]) -> Result<Node, XmlError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| XmlError::Syntax(format!("body is not UTF-8: {e}")))?;
    let syntax = |e: &dyn fmt::Display| XmlError::Syntax(e.to_string());
    let unbalanced = || XmlError::Syntax("unbalanced tags".into());
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    // The open elements, innermost last; the bottom one collects the root.
    let mut open = vec![Node::default()];
    loop {
        let event = reader.read_event().map_err(|e| syntax(&e))?;
        let node = open.last_mut().ok_or_else(unbalanced)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let child = Node {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    ..Node::default()
                };
                if matches!(event, Event::Start(_)) {
                    open.push(child);
                } else {
                    node.children.push(child);
                }
            }
            Event::End(_) => {
                let done = open.pop().ok_or_else(unbalanced)?;
                open.last_mut().ok_or_else(unbalanced)?.children.push(done);
            }
            Event::Text(t) => node
                .text
                .push_str(&t.xml_content().map_err(|e| syntax(&e))?),
            Event::CData(t) => node
                .text
                .push_str(&t.xml_content().map_err(|e| syntax(&e))?),
            Event::GeneralRef(r) => match r.resolve_char_ref().map_err(|e| syntax(&e))? {
                Some(c) => node.text.push(c),
                None => {
                    let name = r.decode().map_err(|e| syntax(&e))?;
                    let value = resolve_predefined_entity(&name).ok_or_else(|| {
                        let e = EscapeError::UnrecognizedEntity(0..name.len(), name.to_string());
                        XmlError::Syntax(e.to_string())
                    })?;
                    node.text.push_str(value);
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    match (open.pop(), open.is_empty()) {
        (Some(mut bottom), true) => bottom.children.pop().ok_or_else(unbalanced),
        _ => Err(unbalanced()),
    }
}

/// Reads an element DTO from its node: every child is offered to [`Element::read_child`], then
/// the required children are checked.
pub fn read_element<T: Element>(node: &Node) -> Result<T, XmlError> {
    let mut out = T::default();
    if node.children.is_empty() {
        out.read_text(node)?;
    }
    for child in &node.children {
        out.read_child(child)?;
    }
    for name in T::REQUIRED {
        if !node.children.iter().any(|c| c.name == *name) {
            return Err(XmlError::Invalid(format!(
                "<{}> has no <{name}>",
                node.name
            )));
        }
    }
    Ok(out)
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
