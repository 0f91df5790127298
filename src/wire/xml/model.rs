//! The element model: the traits a DTO implements to be written and read ([`XmlRoot`],
//! [`Element`], [`XmlValue`] for each field type) and the `xml_element!` macro that declares
//! an element DTO.

use std::str::FromStr;

use super::{parse_bool, read_element, Node, XmlError, XmlWriter};

// ---------------------------------------------------------------------------------------------
// The element model: how DTOs and their fields are written and read
// ---------------------------------------------------------------------------------------------

/// The root element name OSS uses for a DTO.
pub trait XmlRoot {
    const ROOT: &'static str;
}

/// A DTO that is an element with children (declared with `xml_element!`, or by hand for the
/// few irregular ones).
pub trait Element: Default {
    /// Children that must be present when reading.
    const REQUIRED: &'static [&'static str] = &[];
    /// Writes the children, in wire order.
    fn write_children(&self, w: &mut XmlWriter);
    /// Takes in one child; children it does not know are ignored.
    fn read_child(&mut self, child: &Node) -> Result<(), XmlError>;
    /// Takes in the text of an element without children. An element made of children
    /// accepts only blank text (`<Delete>  </Delete>`, `<Delete/>`).
    fn read_text(&mut self, node: &Node) -> Result<(), XmlError> {
        if node.text.trim().is_empty() {
            Ok(())
        } else {
            Err(XmlError::Invalid(format!(
                "<{}> should hold elements, not text",
                node.name
            )))
        }
    }
}

/// A field of an element DTO: how it is written as the child `name`, and how a child element
/// is read into it.
pub trait XmlValue {
    fn write_xml(&self, name: &str, w: &mut XmlWriter);
    fn read_xml(&mut self, node: &Node) -> Result<(), XmlError>;
}

impl XmlValue for String {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        w.text_element(name, self);
    }
    fn read_xml(&mut self, node: &Node) -> Result<(), XmlError> {
        node.leaf_text()?.clone_into(self);
        Ok(())
    }
}

impl XmlValue for bool {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        w.text_element(name, if *self { "true" } else { "false" });
    }
    fn read_xml(&mut self, node: &Node) -> Result<(), XmlError> {
        let t = node.leaf_text()?;
        *self = parse_bool(t)
            .ok_or_else(|| XmlError::Invalid(format!("<{}> is not a boolean: {t:?}", node.name)))?;
        Ok(())
    }
}

fn read_number<N: FromStr>(node: &Node) -> Result<N, XmlError> {
    let t = node.leaf_text()?;
    t.trim()
        .parse()
        .map_err(|_| XmlError::Invalid(format!("<{}> is not a valid number: {t:?}", node.name)))
}

macro_rules! number_value {
    ($($t:ty),*) => {$(
        impl XmlValue for $t {
            fn write_xml(&self, name: &str, w: &mut XmlWriter) {
                w.text_element(name, &self.to_string());
            }
            fn read_xml(&mut self, node: &Node) -> Result<(), XmlError> {
                *self = read_number(node)?;
                Ok(())
            }
        }
    )*};
}
number_value!(u32, u64, i64);

/// Omitted when `None`.
impl<T: XmlValue + Default> XmlValue for Option<T> {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        if let Some(v) = self {
            v.write_xml(name, w);
        }
    }
    fn read_xml(&mut self, node: &Node) -> Result<(), XmlError> {
        let mut v = T::default();
        v.read_xml(node)?;
        *self = Some(v);
        Ok(())
    }
}

/// One child per item; each child read is appended.
impl<T: XmlValue + Default> XmlValue for Vec<T> {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        for v in self {
            v.write_xml(name, w);
        }
    }
    fn read_xml(&mut self, node: &Node) -> Result<(), XmlError> {
        let mut v = T::default();
        v.read_xml(node)?;
        self.push(v);
        Ok(())
    }
}

/// A nested element.
impl<T: Element> XmlValue for T {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        w.element(name, self);
    }
    fn read_xml(&mut self, node: &Node) -> Result<(), XmlError> {
        *self = read_element(node)?;
        Ok(())
    }
}

/// Declares an element DTO: `ElementName => field: Type` per child, in wire order. The struct
/// gets the usual derives and an [`Element`] implementation that writes and reads the children
/// through their types' [`XmlValue`]. `[required]` after a field makes reading fail when the
/// child is missing. `A | B => field: Vec<E>` reads children of either name into one field
/// (the item type's writer picks the name per item).
macro_rules! xml_element {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_attr:meta])*
                $xml:ident $(| $alt:ident)* => $field:ident : $ty:ty $([$required:ident])?
            ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$field_attr])* pub $field: $ty, )*
        }

        impl $crate::wire::xml::Element for $name {
            const REQUIRED: &'static [&'static str] =
                &[$($($crate::wire::xml::xml_element!(@required $required $xml),)?)*];

            fn write_children(&self, w: &mut $crate::wire::xml::XmlWriter) {
                $( $crate::wire::xml::XmlValue::write_xml(&self.$field, stringify!($xml), w); )*
            }

            fn read_child(
                &mut self,
                child: &$crate::wire::xml::Node,
            ) -> Result<(), $crate::wire::xml::XmlError> {
                match child.name.as_str() {
                    $( stringify!($xml) $(| stringify!($alt))* => {
                        $crate::wire::xml::XmlValue::read_xml(&mut self.$field, child)
                    } )*
                    _ => Ok(()),
                }
            }
        }
    };
    (@required required $xml:ident) => { stringify!($xml) };
}
pub(crate) use xml_element;
