//! The OSS REST protocol: HTTP request → engine call → HTTP response.
//!
//! The browser lab and the native server both call [`Wire::handle`], so the request log in
//! the UI shows exactly what an SDK would exchange with the server.

pub mod access;
pub mod acl_tagging;
pub mod auth;
pub mod bill;
mod config;
pub mod cors;
pub mod error;
pub mod format;
mod handlers;
pub mod headers;
pub mod http;
pub mod osslab;
pub mod request;
pub mod route;
pub mod xml;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use crate::engine::{ids, Engine};
pub use config::WireConfig;
pub use error::{OssError, OssResult};
use http::{HeaderText, WireRequest, WireResponse};

/// The protocol layer: request ids and configuration around the stateless handlers.
#[derive(Clone, Debug, Default)]
pub struct Wire {
    config: WireConfig,
    requests: u64,
    /// The `Date` header of the last response and the second it names: every response in the
    /// same second of engine time reuses the text instead of formatting the date again.
    date: Option<(i64, HeaderText)>,
    /// Judge unsigned requests by the ACLs even though no key pair is configured (the lab's
    /// "Act as: anonymous"): what a public link can and cannot do. With credentials
    /// configured, unsigned requests are always judged so.
    unsigned_is_anonymous: bool,
}

impl Wire {
    pub fn new(config: WireConfig) -> Self {
        Wire {
            config,
            ..Wire::default()
        }
    }

    fn date_header(&mut self, now: crate::engine::Millis) -> HeaderText {
        let second = now.div_euclid(1000);
        match &self.date {
            Some((s, text)) if *s == second => text.clone(),
            _ => {
                let text: HeaderText = format::http_date(now).into();
                self.date = Some((second, text.clone()));
                text
            }
        }
    }

    pub fn config(&self) -> &WireConfig {
        &self.config
    }

    pub fn set_unsigned_is_anonymous(&mut self, on: bool) {
        self.unsigned_is_anonymous = on;
    }

    fn next_request_id(&mut self, engine: &Engine) -> String {
        self.requests += 1;
        ids::request_id(engine.now(), self.requests)
    }

    /// Serve one request. Never panics on bad input: every failure is an OSS error response.
    pub fn handle(&mut self, engine: &mut Engine, req: &WireRequest) -> WireResponse {
        let request_id = self.next_request_id(engine);
        if let Some(mut resp) = osslab::serve(engine, req) {
            // osslab's own JSON endpoints (identities, backups, bill): not OSS, no OSS
            // envelope.
            let date = self.date_header(engine.now());
            common_headers(&mut resp, date, request_id);
            return resp;
        }
        let result = handlers::dispatch(engine, req, &self.config, self.unsigned_is_anonymous);
        if let Ok(r) = &result {
            bill::count(engine, req, &self.config, r.status);
        }
        let mut resp = match result {
            Ok(r) => r,
            Err(e) => error_body(req, &e, &request_id),
        };
        cors::decorate(engine, req, &self.config.virtual_host_suffixes, &mut resp);
        let date = self.date_header(engine.now());
        common_headers(&mut resp, date, request_id);
        resp
    }

    /// An error response for a request that never reached the handlers (e.g. a body over
    /// the size limit).
    pub fn error_response(&mut self, req: &WireRequest, e: OssError) -> WireResponse {
        let request_id = self.next_request_id(&Engine::default());
        let mut resp = error_body(req, &e, &request_id);
        resp.headers
            .insert(0, ("x-oss-request-id".into(), request_id.into()));
        resp
    }
}

/// `Server`, `Date` and `x-oss-request-id` lead every OSS response; `Content-Length`
/// follows the body (a HEAD's was set from the object by its handler).
fn common_headers(resp: &mut WireResponse, date: HeaderText, request_id: String) {
    let server = ("Server".into(), "AliyunOSS".into());
    let date = ("Date".into(), date);
    let id = ("x-oss-request-id".into(), request_id.into());
    // In place, in front (handlers leave room): no second list.
    if resp.header("content-length").is_none() {
        let length = ("Content-Length".into(), resp.body.len().to_string().into());
        resp.headers.splice(0..0, [server, date, length, id]);
    } else {
        resp.headers.splice(0..0, [server, date, id]);
    }
}

/// The OSS error document: `<Error>` with Code, Message, RequestId, HostId, details, EC;
/// `x-oss-ec` as a header. HEAD responses carry no body, so the document goes base64 in
/// `x-oss-err`; 304 carries neither.
fn error_body(req: &WireRequest, e: &OssError, request_id: &str) -> WireResponse {
    let host = req.host().unwrap_or("localhost");
    let mut doc = xml::ErrorResponse::new(e.code, &e.message, request_id, host).with_ec(e.ec);
    for (name, value) in &e.details {
        doc = doc.with_extra(name, value);
    }
    let body = xml::to_xml_doc(&doc);
    let mut headers: Vec<(HeaderText, HeaderText)> = Vec::new();
    if e.status == 304 {
        return WireResponse {
            status: 304,
            headers,
            body: Vec::new().into(),
        };
    }
    headers.push(("Content-Type".into(), "application/xml".into()));
    headers.push(("x-oss-ec".into(), e.ec.into()));
    headers.extend(
        e.headers
            .iter()
            .map(|(k, v)| ((*k).into(), v.clone().into())),
    );
    if req.method == "HEAD" {
        headers.push(("x-oss-err".into(), B64.encode(&body).into()));
        headers.push(("Content-Length".into(), "0".into()));
        return WireResponse {
            status: e.status,
            headers,
            body: Vec::new().into(),
        };
    }
    WireResponse {
        status: e.status,
        headers,
        body: body.into(),
    }
}
