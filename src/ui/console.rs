//! The console: send any raw OSS request, or type the ossutil commands the docs use.

use leptos::prelude::*;

use super::explain::{error_fields, explain};
use super::lab::Source;
use super::state::use_lab;
use super::text::response_text;

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

const METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

#[component]
pub fn Console() -> impl IntoView {
    let mode = RwSignal::new(0_u8);
    view! {
        <section id="console" class="console panel" data-testid="console" aria-labelledby="console-title">
            <div class="console-head">
                <h2 id="console-title">"Console"</h2>
                <div class="segmented" role="group" aria-label="Console mode">
                    <button type="button" data-testid="console-mode-raw" aria-pressed=move || (mode.get() == 0).to_string()
                        on:click=move |_| mode.set(0)>"Raw request"</button>
                    <button type="button" data-testid="console-mode-ossutil" aria-pressed=move || (mode.get() == 1).to_string()
                        on:click=move |_| mode.set(1)>"ossutil"</button>
                </div>
            </div>
            <Show when=move || mode.get() == 0 fallback=|| view! { <OssutilConsole/> }>
                <RawConsole/>
            </Show>
        </section>
    }
}

#[component]
fn RawConsole() -> impl IntoView {
    let lab = use_lab();
    let method = RwSignal::new("GET".to_string());
    let path = RwSignal::new("/".to_string());
    let query = RwSignal::new(String::new());
    let headers = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let sign = RwSignal::new(true);
    let output = RwSignal::new(None::<(String, Option<String>)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut req = crate::wire::request::build(
            &method.get_untracked(),
            &path.get_untracked(),
            parse_query(&query.get_untracked()),
            parse_headers(&headers.get_untracked()),
            body.get_untracked().into_bytes(),
        );
        if sign.get_untracked() {
            lab.finish(&mut req);
        }
        let resp = lab.send_raw(Source::Console, req);
        let why = error_fields(&resp)
            .map(|(code, _, ec)| format!("{code} (EC {ec}): {}", explain(&code, &resp)));
        output.set(Some((response_text(&resp), why)));
    };
    view! {
        <form class="raw-form" on:submit=submit data-testid="raw-form">
            <div class="inline">
                <label class="sr-only" for="raw-method">"Method"</label>
                <select id="raw-method" data-testid="raw-method" on:change=move |ev| method.set(event_target_value(&ev))>
                    {METHODS.iter().map(|m| view! { <option value=*m>{*m}</option> }).collect_view()}
                </select>
                <label class="sr-only" for="raw-path">"Path"</label>
                <input id="raw-path" data-testid="raw-path" class="grow mono" type="text" spellcheck="false"
                    placeholder="/bucket/key" prop:value=move || path.get()
                    on:input=move |ev| path.set(event_target_value(&ev))/>
                <button type="submit" class="primary" data-testid="raw-send">"Send"</button>
            </div>
            <div class="raw-grid">
                <label>"Query (" <code>"name=value"</code> " per line; " <code>"versions"</code> " alone for a sub-resource)"
                    <textarea data-testid="raw-query" class="mono" rows="3" spellcheck="false"
                        prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))></textarea>
                </label>
                <label>"Headers (" <code>"Name: value"</code> " per line)"
                    <textarea data-testid="raw-headers" class="mono" rows="3" spellcheck="false"
                        prop:value=move || headers.get() on:input=move |ev| headers.set(event_target_value(&ev))></textarea>
                </label>
            </div>
            <label>"Body"
                <textarea data-testid="raw-body" class="mono" rows="3" spellcheck="false"
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || sign.get() on:change=move |ev| sign.set(event_target_checked(&ev))/>
                " Add Host, Date and a V4 signature like an SDK (as the identity you act as)"
            </label>
        </form>
        {move || output.get().map(|(text, why)| view! {
            {why.map(|w| view! { <p class="explain" data-testid="raw-explain"><span class="info-mark" aria-hidden="true">"i"</span>{w}</p> })}
            <pre class="raw" data-testid="raw-output">{text}</pre>
        })}
    }
}

#[component]
fn OssutilConsole() -> impl IntoView {
    let lab = use_lab();
    let line = RwSignal::new("ls oss://".to_string());
    let output = RwSignal::new(super::ossutil::HELP.to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cmd = line.get_untracked();
        let out = super::ossutil::run(lab, &cmd);
        output.set(format!("$ ossutil {cmd}\n{out}"));
    };
    view! {
        <form class="ossutil-form" on:submit=submit data-testid="ossutil-form">
            <div class="inline">
                <label for="ossutil-line" class="prompt mono">"$ ossutil"</label>
                <input id="ossutil-line" data-testid="ossutil-line" class="grow mono" type="text" spellcheck="false"
                    autocomplete="off" prop:value=move || line.get()
                    on:input=move |ev| line.set(event_target_value(&ev))/>
                <button type="submit" class="primary" data-testid="ossutil-run">"Run"</button>
            </div>
        </form>
        <pre class="raw terminal" data-testid="ossutil-output">{move || output.get()}</pre>
    }
}
