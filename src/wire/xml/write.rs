//! Writing XML: [`to_xml`] / [`to_xml_doc`] (declaration, indented body, trailing newline)
//! and the [`XmlWriter`] every DTO writes its children with.

use quick_xml::escape::partial_escape;

use super::{Element, XmlRoot, XML_DECLARATION};

/// Writes `value` as an OSS XML document whose root element is `root_name`: declaration,
/// newline, two-space indented body, trailing newline. A root without children is written
/// self-closed (`<VersioningConfiguration/>`).
pub fn to_xml<T: Element>(root_name: &str, value: &T) -> Vec<u8> {
    let mut w = XmlWriter::default();
    w.element(root_name, value);
    let body = if w.out.len() == 2 * root_name.len() + 5 {
        format!("<{root_name}/>") // it was `<X></X>`: nothing inside
    } else {
        w.out
    };
    let mut out = String::with_capacity(XML_DECLARATION.len() + body.len() + 2);
    out.push_str(XML_DECLARATION);
    out.push('\n');
    out.push_str(&body);
    out.push('\n');
    out.into_bytes()
}

/// [`to_xml`] with the root name the DTO type declares.
pub fn to_xml_doc<T: XmlRoot + Element>(value: &T) -> Vec<u8> {
    to_xml(T::ROOT, value)
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Writes elements one per line, indented by two spaces per level, text escaped.
#[derive(Default)]
pub struct XmlWriter {
    out: String,
    depth: usize,
    /// Lines started so far: tells an element whether its children went on lines of their own.
    lines: usize,
}

impl XmlWriter {
    /// A new line at the current depth (none before the first element).
    fn new_line(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
            self.lines += 1;
        }
    }

    fn tag(&mut self, close: bool, name: &str) {
        self.out.push_str(if close { "</" } else { "<" });
        self.out.push_str(name);
        self.out.push('>');
    }

    /// `<name>text</name>` on a line of its own.
    pub fn text_element(&mut self, name: &str, text: &str) {
        self.new_line();
        self.tag(false, name);
        self.out.push_str(&partial_escape(text));
        self.tag(true, name);
    }

    /// `<name>`, the children of `value` one level deeper, `</name>` (right after the start tag
    /// when no child element was written).
    pub fn element<T: Element>(&mut self, name: &str, value: &T) {
        self.new_line();
        self.tag(false, name);
        let lines = self.lines;
        self.depth += 1;
        value.write_children(self);
        self.depth -= 1;
        if self.lines > lines {
            self.new_line();
        }
        self.tag(true, name);
    }

    /// Escaped text directly inside the element being written (for elements that hold text
    /// only, such as `LocationConstraint`).
    pub fn text(&mut self, text: &str) {
        self.out.push_str(&partial_escape(text));
    }
}
