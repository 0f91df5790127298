//! CORS on the wire: Put/Get/DeleteBucketCors, the `OPTIONS` preflight, and the
//! `Access-Control-*` headers on actual cross-origin requests (PutBucketCors and Options
//! pages). See `docs/fidelity.md`, "ACLs, tags, CORS, bucket statistics".

use super::http::{HeaderText, WireRequest, WireResponse};
use super::route::{resolve_target, Op};
use super::xml::{self, to_xml_doc, xml_element, XmlRoot};
use crate::engine::cors::{CorsConfig, CorsRule};
use crate::engine::Engine;
use crate::wire::{OssError, OssResult};

xml_element! {
    /// PutBucketCors body and GetBucketCors answer.
    pub struct CorsConfiguration {
        CORSRule => rules: Vec<CorsRuleXml>,
        ResponseVary => response_vary: Option<bool>,
    }
}

xml_element! {
    pub struct CorsRuleXml {
        AllowedOrigin => allowed_origins: Vec<String>,
        AllowedMethod => allowed_methods: Vec<String>,
        AllowedHeader => allowed_headers: Vec<String>,
        ExposeHeader => expose_headers: Vec<String>,
        /// Text: a bad value is InvalidArgument naming it, not MalformedXML.
        MaxAgeSeconds => max_age_seconds: Option<String>,
    }
}

impl XmlRoot for CorsConfiguration {
    const ROOT: &'static str = "CORSConfiguration";
}

fn from_xml(doc: CorsConfiguration) -> OssResult<CorsConfig> {
    let mut rules = Vec::with_capacity(doc.rules.len());
    for r in doc.rules {
        let max_age_seconds = match r.max_age_seconds {
            None => None,
            Some(v) => Some(
                v.trim()
                    .parse::<u64>()
                    .map_err(|_| OssError::invalid_cors_max_age(&v))?,
            ),
        };
        rules.push(CorsRule {
            allowed_origins: r.allowed_origins,
            allowed_methods: r.allowed_methods,
            allowed_headers: r.allowed_headers,
            expose_headers: r.expose_headers,
            max_age_seconds,
        });
    }
    Ok(CorsConfig {
        rules,
        response_vary: doc.response_vary.unwrap_or(false),
    })
}

fn to_xml(cfg: &CorsConfig) -> CorsConfiguration {
    CorsConfiguration {
        rules: cfg
            .rules
            .iter()
            .map(|r| CorsRuleXml {
                allowed_origins: r.allowed_origins.clone(),
                allowed_methods: r.allowed_methods.clone(),
                allowed_headers: r.allowed_headers.clone(),
                expose_headers: r.expose_headers.clone(),
                max_age_seconds: r.max_age_seconds.map(|a| a.to_string()),
            })
            .collect(),
        response_vary: Some(cfg.response_vary),
    }
}

fn empty(status: u16) -> WireResponse {
    WireResponse {
        status,
        headers: Vec::new(),
        body: Vec::new().into(),
    }
}

/// PutBucketCors, GetBucketCors, DeleteBucketCors.
pub(super) fn bucket_cors_op(
    engine: &mut Engine,
    req: &WireRequest,
    op: Op,
    bucket: &str,
) -> OssResult<WireResponse> {
    match op {
        Op::PutBucketCors => {
            let doc: CorsConfiguration =
                xml::parse_request(&req.body).map_err(|e| OssError::invalid_cors(&e.detail()))?;
            engine.put_cors(bucket, from_xml(doc)?)?;
            Ok(empty(200))
        }
        Op::GetBucketCors => {
            let doc = to_xml(engine.cors(bucket)?);
            Ok(WireResponse {
                status: 200,
                headers: vec![("Content-Type".into(), "application/xml".into())],
                body: to_xml_doc(&doc).into(),
            })
        }
        Op::DeleteBucketCors => {
            engine.delete_cors(bucket)?;
            Ok(empty(204))
        }
        _ => Err(OssError::method_not_allowed(&req.method)),
    }
}

/// The `Access-Control-*` headers of a matching rule (`Vary: Origin` when the configuration
/// asks for it with `ResponseVary`).
fn rule_headers(
    cfg: &CorsConfig,
    rule: &CorsRule,
    origin: &str,
    preflight_headers: Option<&str>,
) -> Vec<(HeaderText, HeaderText)> {
    let mut out: Vec<(HeaderText, HeaderText)> = vec![
        (
            "Access-Control-Allow-Origin".into(),
            origin.to_string().into(),
        ),
        (
            "Access-Control-Allow-Methods".into(),
            rule.allowed_methods.join(", ").into(),
        ),
    ];
    if let Some(hs) = preflight_headers.filter(|h| !h.trim().is_empty()) {
        out.push(("Access-Control-Allow-Headers".into(), hs.to_string().into()));
    }
    if !rule.expose_headers.is_empty() {
        out.push((
            "Access-Control-Expose-Headers".into(),
            rule.expose_headers.join(", ").into(),
        ));
    }
    if let Some(age) = rule.max_age_seconds {
        out.push(("Access-Control-Max-Age".into(), age.to_string().into()));
    }
    if cfg.response_vary {
        out.push(("Vary".into(), "Origin".into()));
    }
    out
}

/// `OPTIONS`: answered from the bucket's rules without a signature (browsers never sign a
/// preflight). No rule, or none that matches: 403 AccessForbidden.
pub(super) fn preflight(
    engine: &Engine,
    req: &WireRequest,
    bucket: &str,
) -> OssResult<WireResponse> {
    let b = engine.bucket(bucket)?;
    let origin = req
        .header("origin")
        .ok_or_else(|| OssError::cors_insufficient("Origin"))?;
    let method = req
        .header("access-control-request-method")
        .ok_or_else(|| OssError::cors_insufficient("Access-Control-Request-Method"))?;
    let requested = req.header("access-control-request-headers");
    let names: Vec<&str> = requested
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    let cfg = b.cors.as_ref().ok_or_else(OssError::cors_forbidden)?;
    let rule = cfg
        .preflight(origin, method, &names)
        .ok_or_else(OssError::cors_forbidden)?;
    let mut r = empty(200);
    r.headers = rule_headers(cfg, rule, origin, requested);
    Ok(r)
}

/// An actual request with an `Origin` header: the matching rule's headers go on the response,
/// error responses included (a page must be able to read a 404). No match: no CORS headers,
/// and the browser refuses the page the answer.
pub fn decorate(engine: &Engine, req: &WireRequest, suffixes: &[String], resp: &mut WireResponse) {
    if req.method == "OPTIONS" {
        return;
    }
    let Some(origin) = req.header("origin") else {
        return;
    };
    let Some(bucket) = resolve_target(req, suffixes).ok().and_then(|t| t.bucket) else {
        return;
    };
    let Some(cfg) = engine.bucket(&bucket).ok().and_then(|b| b.cors.as_ref()) else {
        return;
    };
    if let Some(rule) = cfg.actual(origin, &req.method) {
        resp.headers.extend(rule_headers(cfg, rule, origin, None));
    }
}
