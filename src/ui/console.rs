//! The console: send any raw OSS request, or type the ossutil commands the docs use.

use leptos::prelude::*;

use leptos::html;

use super::explain::{error_fields, explain};
use super::lab::Source;
use super::state::use_lab;
use super::text::response_text;
use crate::console::{parse_headers, parse_query};

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
        let op = lab.read_untracked(|l| l.log.front().map_or("?", |e| e.op));
        let why = error_fields(&resp)
            .map(|e| format!("{} (EC {}): {}", e.code, e.ec, explain(op, &e.code, &resp)));
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

/// Commands and outputs the ossutil console keeps (older ones scroll away).
const SCROLLBACK: usize = 100;

/// One command and what it printed.
#[derive(Clone, Debug, PartialEq)]
struct Exchange {
    id: u64,
    command: String,
    output: String,
}

/// Where ↑/↓ move in `history` (newest last) from `at` (`None`: the line being typed).
fn recall(history: &[String], at: Option<usize>, up: bool) -> Option<usize> {
    match (at, up) {
        (_, true) if history.is_empty() => None,
        (None, true) => Some(history.len() - 1),
        (Some(i), true) => Some(i.saturating_sub(1)),
        (Some(i), false) if i + 1 < history.len() => Some(i + 1),
        _ => None,
    }
}

#[component]
fn OssutilConsole() -> impl IntoView {
    let lab = use_lab();
    let line = RwSignal::new("ls oss://".to_string());
    let exchanges = RwSignal::new(vec![Exchange {
        id: 0,
        command: "help".into(),
        output: crate::console::ossutil::HELP.to_string(),
    }]);
    let history = StoredValue::new(Vec::<String>::new());
    let at = StoredValue::new(None::<usize>);
    let draft = StoredValue::new(String::new());
    let scroller = NodeRef::<html::Div>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cmd = line.get_untracked();
        let output = super::ossutil::run(lab, &cmd);
        if !cmd.trim().is_empty() {
            history.update_value(|h| {
                if h.last() != Some(&cmd) {
                    h.push(cmd.clone());
                }
            });
        }
        at.set_value(None);
        exchanges.update(|x| {
            let id = x.last().map_or(0, |e| e.id + 1);
            x.push(Exchange {
                id,
                command: cmd,
                output,
            });
            let over = x.len().saturating_sub(SCROLLBACK);
            x.drain(..over);
        });
        line.set(String::new());
        request_animation_frame(move || {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let up = match ev.key().as_str() {
            "ArrowUp" => true,
            "ArrowDown" => false,
            _ => return,
        };
        ev.prevent_default();
        let current = at.get_value();
        if current.is_none() {
            draft.set_value(line.get_untracked());
        }
        let next = history.with_value(|h| recall(h, current, up));
        at.set_value(next);
        let text = match next {
            Some(i) => history.with_value(|h| h[i].clone()),
            None => draft.get_value(),
        };
        line.set(text);
    };
    view! {
        <div class="terminal-scroll" node_ref=scroller data-testid="ossutil-scrollback" tabindex="0"
            role="log" aria-label="ossutil output">
            <For each=move || exchanges.get() key=|e| e.id let:e>
                <pre class="terminal-entry" data-testid="ossutil-entry">
                    <span class="terminal-command">{format!("$ ossutil {}", e.command)}</span>
                    "\n"
                    // The newest output keeps the id tests and scripts read.
                    <span data-testid=move || {
                        let newest = exchanges.with(|x| x.last().map(|l| l.id)) == Some(e.id);
                        if newest { "ossutil-output" } else { "ossutil-earlier-output" }
                    }>{e.output.clone()}</span>
                </pre>
            </For>
        </div>
        <form class="ossutil-form" on:submit=submit data-testid="ossutil-form">
            <div class="inline">
                <label for="ossutil-line" class="prompt mono">"$ ossutil"</label>
                <input id="ossutil-line" data-testid="ossutil-line" class="grow mono" type="text" spellcheck="false"
                    autocomplete="off" prop:value=move || line.get()
                    aria-describedby="ossutil-keys"
                    on:keydown=keydown
                    on:input=move |ev| line.set(event_target_value(&ev))/>
                <button type="submit" class="primary" data-testid="ossutil-run">"Run"</button>
            </div>
            <p id="ossutil-keys" class="hint">"↑ / ↓ recall earlier commands; type help for the list."</p>
        </form>
    }
}
