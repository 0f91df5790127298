//! The request log: every exchange as raw HTTP (status line, headers, the body's exact bytes,
//! so it matches Content-Length; indented XML is a second, labelled view), the oss2 call that
//! does the same, and errors explained in plain words next to OSS's Code and EC.

use leptos::prelude::*;

use super::clock::short_time;
use super::explain::{error_fields, explain};
use super::lab::LogEntry;
use super::state::use_lab;
use super::text::{
    oss2_snippet, ossutil_command, query_string, request_text, request_text_pretty, response_text,
    response_text_pretty,
};

/// The tab showing request and response side by side (the default).
const BOTH: u8 = 4;

/// Entries drawn (the lab keeps more; the newest are what a learner reads).
pub const LOG_SHOWN: usize = 60;

/// The log entry as drawn: computed once per entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LogView {
    pub id: u64,
    pub summary: String,
    pub status: u16,
    pub source: &'static str,
    pub op: &'static str,
    pub time: String,
    /// Who signed it, when not the account owner (demo key): the identity's name (or the
    /// AccessKeyId of an unknown key), and the AccessKeyId.
    pub signer: Option<(String, String)>,
    /// (Code, Message, EC, explanation) for errors.
    pub error: Option<(String, String, String, String)>,
    pub request: String,
    pub response: String,
    /// The same with the XML body indented (`None` when that changes nothing).
    pub request_pretty: Option<String>,
    pub response_pretty: Option<String>,
    pub oss2: String,
    pub ossutil: String,
}

impl LogView {
    pub fn new(e: &LogEntry, engine: &crate::engine::Engine) -> Self {
        let req = &e.request;
        LogView {
            id: e.id,
            summary: format!("{} {}{}", req.method, req.path, query_string(&req.query)),
            status: e.response.status,
            source: e.source.label(),
            op: e.op,
            time: short_time(e.at),
            signer: crate::wire::access::access_key_id(req)
                .filter(|ak| ak != super::requests::DEMO_AK)
                .map(|ak| {
                    let name = engine
                        .identity(&ak)
                        .map_or_else(|| ak.clone(), |i| i.name.clone());
                    (name, ak)
                }),
            error: error_fields(&e.response).map(|f| {
                let why = explain(e.op, &f.code, &e.response);
                (f.code, f.message, f.ec, why)
            }),
            request: request_text(req),
            response: response_text(&e.response),
            request_pretty: request_text_pretty(req),
            response_pretty: response_text_pretty(&e.response),
            oss2: oss2_snippet(req),
            ossutil: ossutil_command(req),
        }
    }
}

#[component]
pub fn LogPanel() -> impl IntoView {
    let lab = use_lab();
    let entries = Memo::new(move |_| {
        lab.read(|l| {
            l.log
                .iter()
                .take(LOG_SHOWN)
                .map(|e| e.id)
                .collect::<Vec<_>>()
        })
    });
    let count = move || lab.read(|l| l.log.len());
    view! {
        <section id="log" class="log panel" data-testid="log" aria-labelledby="log-title">
            <div class="log-head">
                <h2 id="log-title">"Request log"</h2>
                <span class="muted">{move || format!("{} requests, newest first", count())}</span>
            </div>
            <Show when=move || !entries.get().is_empty()
                fallback=|| view! { <p class="empty">"Every action sends a real OSS request; they appear here."</p> }>
                <ol class="log-list">
                    <For each=move || entries.get() key=|id| *id let:id>
                        {
                            let open = Signal::derive(move || entries.get().first() == Some(&id));
                            lab.read_untracked(|l| l.log.iter().find(|e| e.id == id).map(|e| LogView::new(e, &l.engine)))
                                .map(|v| view! { <LogItem entry=v open=open/> })
                        }
                    </For>
                </ol>
            </Show>
        </section>
    }
}

#[component]
pub fn LogItem(entry: LogView, open: Signal<bool>) -> impl IntoView {
    let ok = entry.status < 300;
    let status_class = if ok { "status ok" } else { "status err" };
    let icon = if ok { "✓" } else { "✗" };
    let tab = RwSignal::new(BOTH);
    let LogView {
        id,
        summary,
        status,
        source,
        op,
        time,
        signer,
        error,
        request,
        response,
        request_pretty,
        response_pretty,
        oss2,
        ossutil,
    } = entry;
    let code = error.as_ref().map(|e| e.0.clone()).unwrap_or_default();
    let pretty = RwSignal::new(false);
    let can_pretty = request_pretty.is_some() || response_pretty.is_some();
    let request_shown = move || match (&request_pretty, pretty.get()) {
        (Some(p), true) => p.clone(),
        _ => request.clone(),
    };
    let response_shown = move || match (&response_pretty, pretty.get()) {
        (Some(p), true) => p.clone(),
        _ => response.clone(),
    };
    view! {
        <li class="log-item" data-testid="log-entry" data-status=status.to_string() data-op=op data-code=code>
            <details open=move || open.get()>
                <summary>
                    <span class=status_class><span aria-hidden="true">{icon}" "</span>{status}</span>
                    <span class="log-op">{op}</span>
                    <span class="mono log-line">{summary}</span>
                    {error.as_ref().map(|(code, _, _, _)| view! { <span class="badge error-code">{code.clone()}</span> })}
                    <span class="muted log-meta">{format!("#{id} · {source} · {time}")}</span>
                    {signer.map(|(name, ak)| view! {
                        <span class="badge tone-identity" data-testid="log-signer" data-ak=ak.clone()
                            title=format!("Signed with AccessKeyId {ak}, not the account owner's")>
                            <span aria-hidden="true">"◉ "</span>{format!("as {name}")}
                        </span>
                    })}
                </summary>
                {error.map(|(code, message, ec, why)| view! {
                    <div class="explain" data-testid="log-explain">
                        <p><strong>{code}</strong>{if ec.is_empty() { String::new() } else { format!(" · EC {ec}") }}" — "{message}</p>
                        <p class="why"><span class="info-mark" aria-hidden="true">"i"</span>{why}</p>
                    </div>
                })}
                <div class="tabs" role="tablist" aria-label="Show">
                    {["Request", "Response", "oss2 (Python)", "ossutil"].into_iter().enumerate().map(|(i, name)| {
                        let i = i as u8;
                        view! {
                            <button type="button" role="tab" aria-selected=move || (tab.get() == i).to_string()
                                on:click=move |_| tab.set(i)>{name}</button>
                        }
                    }).collect_view()}
                    <button type="button" role="tab" aria-selected=move || (tab.get() == BOTH).to_string()
                        on:click=move |_| tab.set(BOTH)>"Both"</button>
                </div>
                {can_pretty.then(|| view! {
                    <div class="log-view-mode">
                        <button type="button" class="small" data-testid="log-pretty" aria-pressed=move || pretty.get().to_string()
                            on:click=move |_| pretty.update(|p| *p = !*p)>"Indent XML"</button>
                        <span class="hint" data-testid="log-view-label">{move || if pretty.get() {
                            "Indented for reading: NOT the bytes sent (Content-Length counts the exact bytes)."
                        } else {
                            "Exact bytes, as sent: the body matches Content-Length."
                        }}</span>
                    </div>
                })}
                <div class="log-body" class:both=move || tab.get() == BOTH>
                    <Show when=move || tab.get() == 0 || tab.get() == BOTH>
                        <pre class="raw" data-testid="log-request" data-view=move || if pretty.get() { "indented" } else { "exact" } tabindex="0">{request_shown.clone()}</pre>
                    </Show>
                    <Show when=move || tab.get() == 1 || tab.get() == BOTH>
                        <pre class="raw" data-testid="log-response" data-view=move || if pretty.get() { "indented" } else { "exact" } tabindex="0">{response_shown.clone()}</pre>
                    </Show>
                    <Show when=move || tab.get() == 2>
                        <pre class="raw" data-testid="log-oss2" tabindex="0">{oss2.clone()}</pre>
                    </Show>
                    <Show when=move || tab.get() == 3>
                        <pre class="raw" data-testid="log-ossutil" tabindex="0">{ossutil.clone()}</pre>
                    </Show>
                </div>
            </details>
        </li>
    }
}
