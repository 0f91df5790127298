//! Object tags: a small key/value set per object *version*.
//!
//! OSS's rules (PutObjectTagging page and EC pages 0010-00000209 / 0010-00000217): at most 10
//! tags, unique keys, keys of 1–128 and values of 0–256 characters, made only of letters,
//! digits, spaces and `+ - = . _ : /`, case-sensitive. Changing tags does not change
//! Last-Modified and makes no new version. A delete marker has no tags: asking for a marker's
//! tags is 404 (PutObjectTagging page: "If the specified version is a delete marker, OSS
//! returns 404 Not Found"). See `docs/fidelity.md`, "ACLs, tags, CORS, bucket statistics".

use std::sync::Arc;

use super::error::{Error, Result, TagProblem};
use super::ids::VersionId;
use super::objects::locate_object_for_read;
use super::Engine;

pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_KEY: usize = 128;
pub const MAX_TAG_VALUE: usize = 256;

/// The tags of a version, in the order they were given. Shared between versions that carry
/// the same set (a copy keeps the source's), and one pointer wide when empty, which most
/// versions are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tags(Option<Arc<Vec<(String, String)>>>);

impl Tags {
    /// A checked tag set (see [`validate`]).
    pub fn new(tags: Vec<(String, String)>) -> Result<Tags> {
        validate(&tags)?;
        Ok(Self::from_trusted(tags))
    }

    /// Tags already checked (stored records, replicas).
    pub fn from_trusted(tags: Vec<(String, String)>) -> Tags {
        if tags.is_empty() {
            Tags(None)
        } else {
            Tags(Some(Arc::new(tags)))
        }
    }

    pub fn as_slice(&self) -> &[(String, String)] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.as_slice()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every `(key, value)` of `filter` is among these tags (a lifecycle rule's `<Tag>`s).
    pub fn contains_all(&self, filter: &[(String, String)]) -> bool {
        filter.iter().all(|(k, v)| self.get(k) == Some(v.as_str()))
    }

    /// `k1=v1&k2=v2` as `x-oss-tagging` carries them, keys and values URL-encoded.
    pub fn to_query(&self) -> String {
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        self.as_slice()
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn allowed_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '+' | '-' | '=' | '.' | '_' | ':' | '/')
}

/// OSS's limits on an object's tag set. DECISION: "letters" are Unicode letters (OSS's
/// console accepts Chinese tag text); lengths count characters, not bytes.
pub fn validate(tags: &[(String, String)]) -> Result<()> {
    if tags.len() > MAX_TAGS {
        return Err(Error::InvalidTags(TagProblem::TooMany { max: MAX_TAGS }));
    }
    for (i, (k, v)) in tags.iter().enumerate() {
        if k.is_empty() {
            return Err(Error::InvalidTags(TagProblem::EmptyKey));
        }
        if k.chars().count() > MAX_TAG_KEY {
            return Err(Error::InvalidTags(TagProblem::KeyTooLong {
                max: MAX_TAG_KEY,
            }));
        }
        if v.chars().count() > MAX_TAG_VALUE {
            return Err(Error::InvalidTags(TagProblem::ValueTooLong {
                max: MAX_TAG_VALUE,
            }));
        }
        if !k.chars().all(allowed_char) || !v.chars().all(allowed_char) {
            return Err(Error::InvalidTags(TagProblem::BadCharacter));
        }
        if tags[..i].iter().any(|(other, _)| other == k) {
            return Err(Error::InvalidTags(TagProblem::DuplicateKey {
                key: k.clone(),
            }));
        }
    }
    Ok(())
}

/// `x-oss-tagging: k1=v1&k2` → tags (a bare key has an empty value). Keys and values are
/// percent-decoded; `+` stays `+` (it is a valid tag character). More than one `=` in a pair
/// is EC 0010-00000219; the set must then pass [`validate`].
pub fn parse_header(text: &str) -> Result<Tags> {
    let mut tags = Vec::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if v.contains('=') {
            return Err(Error::InvalidTaggingHeader {
                text: text.to_string(),
            });
        }
        let dec = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| Error::InvalidTaggingHeader {
                    text: text.to_string(),
                })
        };
        tags.push((dec(k)?, dec(v)?));
    }
    Tags::new(tags)
}

/// What a tagging call answers: the version's tags and, in a versioned bucket, its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggingResult {
    pub tags: Tags,
    pub version_id: Option<String>,
}

impl Engine {
    /// GetObjectTagging: the tags of the current version or of the version named.
    pub fn object_tagging(
        &self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
    ) -> Result<TaggingResult> {
        let b = self.bucket(bucket)?;
        let (e, o) = locate_object_for_read(b, key, version)?;
        Ok(TaggingResult {
            tags: o.tags.clone(),
            version_id: b.versioning.is_versioned().then(|| e.version_id().render()),
        })
    }

    /// PutObjectTagging (replaces the whole set) and DeleteObjectTagging (an empty set).
    pub fn set_object_tagging(
        &mut self,
        bucket: &str,
        key: &str,
        version: Option<VersionId>,
        tags: Tags,
    ) -> Result<Option<String>> {
        let b = self.bucket(bucket)?;
        let versioned = b.versioning.is_versioned();
        let vid = locate_object_for_read(b, key, version)?.0.version_id();
        let b = self.bucket_mut(bucket)?;
        let entry = b.objects.get_mut(key).and_then(|s| s.get_mut(vid));
        let Some(entry) = entry else {
            return Err(Error::NoSuchKey {
                key: key.to_string(),
            });
        };
        let seq = entry.seq;
        if let Some(o) = entry.object_mut() {
            o.tags = tags;
        }
        self.record_entry(bucket, key, seq);
        Ok(versioned.then(|| vid.render()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn limits() {
        assert!(validate(&t(&[("a b", "c+d=e.f_g:h/i"), ("中文", "")])).is_ok());
        let eleven: Vec<_> = (0..11).map(|i| (format!("k{i}"), String::new())).collect();
        let invalid = |p| Err(Error::InvalidTags(p));
        assert_eq!(validate(&eleven), invalid(TagProblem::TooMany { max: 10 }));
        assert_eq!(
            validate(&t(&[(&"k".repeat(129), "v")])),
            invalid(TagProblem::KeyTooLong { max: 128 })
        );
        assert!(validate(&t(&[(&"k".repeat(128), &"v".repeat(256))])).is_ok());
        assert_eq!(
            validate(&t(&[("k", &"v".repeat(257))])),
            invalid(TagProblem::ValueTooLong { max: 256 })
        );
        assert_eq!(
            validate(&t(&[("k", "a,b")])),
            invalid(TagProblem::BadCharacter)
        );
        assert_eq!(
            validate(&t(&[("k", "1"), ("k", "2")])),
            invalid(TagProblem::DuplicateKey { key: "k".into() })
        );
        assert_eq!(validate(&t(&[("", "v")])), invalid(TagProblem::EmptyKey));
    }

    #[test]
    fn header_round_trip() {
        let tags = parse_header("a=1&b%20c=d%2Be&e").unwrap();
        assert_eq!(tags.as_slice(), t(&[("a", "1"), ("b c", "d+e"), ("e", "")]));
        assert_eq!(parse_header(&tags.to_query()).unwrap(), tags);
        assert_eq!(
            parse_header("aa=bb=cc"),
            Err(Error::InvalidTaggingHeader {
                text: "aa=bb=cc".into()
            })
        );
        assert!(parse_header("").unwrap().is_empty());
    }
}
