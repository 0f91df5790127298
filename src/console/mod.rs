//! The console's pure logic, tested natively: the raw-request form's text fields and the
//! ossutil command line (parsing, and printing answers in ossutil 1.x's format). The browser
//! panel (`ui/console.rs`, `ui/ossutil.rs`) sends the requests and shows the text.

pub mod ossutil;
pub mod ossutil_format;

/// `name=value` lines (a bare `name` is a sub-resource such as `versions`).
pub fn parse_query(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// `Name: value` lines; names lower-cased as the wire layer expects.
pub fn parse_headers(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_form_fields_parse() {
        assert_eq!(
            parse_query("versions\n max-keys = 2 \n\n"),
            [
                ("versions".into(), String::new()),
                ("max-keys".into(), "2".into())
            ]
        );
        assert_eq!(
            parse_headers("X-Oss-Storage-Class: Archive\nnot a header\n: empty"),
            [("x-oss-storage-class".to_string(), "Archive".to_string())]
        );
    }
}
