//! Cross-origin resource sharing: a bucket's CORS rules and how requests match them.
//!
//! PutBucketCors page: CORS is off until rules are put; a put replaces every rule; rules are
//! tried in order and the first that matches answers. A rule matches when the request's
//! `Origin` matches one `AllowedOrigin`, its method (or a preflight's
//! `Access-Control-Request-Method`) is one `AllowedMethod`, and every header named in a
//! preflight's `Access-Control-Request-Headers` matches one `AllowedHeader`. Origins and
//! headers may hold one `*` wildcard; headers match case-insensitively. See
//! `docs/fidelity.md`, "ACLs, tags, CORS, bucket statistics".

use serde::{Deserialize, Serialize};

use super::access::glob;
use super::error::{CorsProblem, Error, Result};
use super::{Change, Engine};

/// At most 10 rules per bucket (GetBucketCors page).
pub const MAX_CORS_RULES: usize = 10;
pub const CORS_METHODS: [&str; 5] = ["GET", "PUT", "DELETE", "POST", "HEAD"];

/// One CORS rule. Stored as it is (persist's bucket record), so a field added later needs
/// `#[serde(default)]` for the records written before it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsRule {
    pub allowed_origins: Vec<String>,
    pub allowed_methods: Vec<String>,
    #[serde(default)]
    pub allowed_headers: Vec<String>,
    #[serde(default)]
    pub expose_headers: Vec<String>,
    #[serde(default)]
    pub max_age_seconds: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsConfig {
    pub rules: Vec<CorsRule>,
    /// `ResponseVary`: answer `Vary: Origin` on CORS responses.
    #[serde(default)]
    pub response_vary: bool,
}

impl CorsRule {
    fn matches_origin(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| glob(o, origin, false))
    }

    fn matches_method(&self, method: &str) -> bool {
        self.allowed_methods.iter().any(|m| m == method)
    }

    fn matches_header(&self, header: &str) -> bool {
        self.allowed_headers.iter().any(|h| glob(h, header, true))
    }
}

impl CorsConfig {
    /// The checks PutBucketCors makes.
    pub fn validate(&self) -> Result<()> {
        if self.rules.is_empty() {
            return Err(Error::InvalidCors(CorsProblem::NoRules));
        }
        if self.rules.len() > MAX_CORS_RULES {
            return Err(Error::InvalidCors(CorsProblem::TooManyRules {
                max: MAX_CORS_RULES,
            }));
        }
        for r in &self.rules {
            if r.allowed_origins.is_empty() || r.allowed_methods.is_empty() {
                return Err(Error::InvalidCors(CorsProblem::RuleWithoutOriginOrMethod));
            }
            if let Some(m) = r
                .allowed_methods
                .iter()
                .find(|m| !CORS_METHODS.contains(&m.as_str()))
            {
                return Err(Error::InvalidCors(CorsProblem::UnknownMethod {
                    method: m.clone(),
                }));
            }
            let wild = r.allowed_origins.iter().chain(&r.allowed_headers);
            if let Some(w) = wild.into_iter().find(|s| s.matches('*').count() > 1) {
                return Err(Error::InvalidCors(CorsProblem::TwoWildcards {
                    pattern: w.clone(),
                }));
            }
            if let Some(h) = r.expose_headers.iter().find(|h| h.contains('*')) {
                return Err(Error::InvalidCors(CorsProblem::WildcardExposeHeader {
                    header: h.clone(),
                }));
            }
        }
        Ok(())
    }

    /// The rule answering a preflight, if any.
    pub fn preflight(&self, origin: &str, method: &str, headers: &[&str]) -> Option<&CorsRule> {
        self.rules.iter().find(|r| {
            r.matches_origin(origin)
                && r.matches_method(method)
                && headers.iter().all(|h| r.matches_header(h))
        })
    }

    /// The rule answering an actual cross-origin request, if any.
    pub fn actual(&self, origin: &str, method: &str) -> Option<&CorsRule> {
        self.rules
            .iter()
            .find(|r| r.matches_origin(origin) && r.matches_method(method))
    }
}

impl Engine {
    /// PutBucketCors: replaces every rule.
    pub fn put_cors(&mut self, bucket: &str, cfg: CorsConfig) -> Result<()> {
        cfg.validate()?;
        self.bucket_mut(bucket)?.cors = Some(cfg);
        self.record(|| Change::Bucket {
            bucket: bucket.to_string(),
        });
        Ok(())
    }

    /// GetBucketCors: 404 NoSuchCORSConfiguration when none is set.
    pub fn cors(&self, bucket: &str) -> Result<&CorsConfig> {
        self.bucket(bucket)?
            .cors
            .as_ref()
            .ok_or(Error::NoSuchCorsConfiguration)
    }

    /// DeleteBucketCors: 204 whether or not rules were set.
    pub fn delete_cors(&mut self, bucket: &str) -> Result<()> {
        self.bucket_mut(bucket)?.cors = None;
        self.record(|| Change::Bucket {
            bucket: bucket.to_string(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(origins: &[&str], methods: &[&str], headers: &[&str]) -> CorsRule {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
        CorsRule {
            allowed_origins: v(origins),
            allowed_methods: v(methods),
            allowed_headers: v(headers),
            ..Default::default()
        }
    }

    #[test]
    fn first_matching_rule_answers() {
        let cfg = CorsConfig {
            rules: vec![
                rule(&["http://a.example"], &["GET"], &[]),
                rule(
                    &["http://*.example"],
                    &["GET", "PUT"],
                    &["x-oss-*", "content-type"],
                ),
            ],
            response_vary: false,
        };
        cfg.validate().unwrap();
        assert_eq!(
            cfg.preflight("http://a.example", "GET", &[]),
            Some(&cfg.rules[0])
        );
        assert_eq!(
            cfg.preflight("http://b.example", "PUT", &["X-OSS-Date", "Content-Type"]),
            Some(&cfg.rules[1])
        );
        assert_eq!(cfg.preflight("http://b.example", "DELETE", &[]), None);
        assert_eq!(
            cfg.preflight("http://b.example", "PUT", &["authorization"]),
            None
        );
        assert_eq!(cfg.preflight("http://b.other", "GET", &[]), None);
        assert_eq!(cfg.actual("http://a.example", "PUT"), Some(&cfg.rules[1]));
    }

    #[test]
    fn malformed_rules_are_refused() {
        let bad = [
            CorsConfig::default(),
            CorsConfig {
                rules: vec![rule(&[], &["GET"], &[])],
                ..Default::default()
            },
            CorsConfig {
                rules: vec![rule(&["*"], &["PATCH"], &[])],
                ..Default::default()
            },
            CorsConfig {
                rules: vec![rule(&["http://*.*.example"], &["GET"], &[])],
                ..Default::default()
            },
            CorsConfig {
                rules: vec![rule(&["*"], &["GET"], &[]); 11],
                ..Default::default()
            },
        ];
        let why = [
            CorsProblem::NoRules,
            CorsProblem::RuleWithoutOriginOrMethod,
            CorsProblem::UnknownMethod {
                method: "PATCH".into(),
            },
            CorsProblem::TwoWildcards {
                pattern: "http://*.*.example".into(),
            },
            CorsProblem::TooManyRules { max: 10 },
        ];
        assert_eq!(bad.len(), why.len());
        for (cfg, why) in bad.into_iter().zip(why) {
            assert_eq!(cfg.validate(), Err(Error::InvalidCors(why)));
        }
    }
}
