//! The whole page: header with the clock and "Act as", buckets on the left, objects and the
//! version stack in the middle, the protection toolkit under them, the request log and the
//! console below.

use leptos::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::access::ActAs;
use super::buckets::BucketList;
use super::clock::Clock;
use super::console::Console;
use super::lab::BrowserLab;
use super::lessons::LessonsPanel;
use super::log::LogPanel;
use super::objects::ObjectsPanel;
use super::protection::ProtectionPanel;
use super::stack::StackPanel;
use super::state::{use_lab, LabCtx};
use super::storage::{StorageBar, StorageMenu};

/// Where the theme choice is kept across reloads.
const THEME_KEY: &str = "osslab-theme";

fn saved_theme() -> &'static str {
    let saved = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    match saved.as_deref() {
        Some("light") => "light",
        Some("dark") => "dark",
        _ => "system",
    }
}

fn apply_theme(theme: &str) {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-theme", theme);
    }
}

/// Light / dark / system theme, set on `<html data-theme>` so the stylesheet can follow it,
/// and kept in `localStorage` across reloads.
#[component]
fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(saved_theme());
    apply_theme(theme.get_untracked());
    let cycle = move |_| {
        let next = match theme.get_untracked() {
            "system" => "light",
            "light" => "dark",
            _ => "system",
        };
        theme.set(next);
        apply_theme(next);
        if let Ok(Some(s)) = window().local_storage() {
            let _ = s.set_item(THEME_KEY, next);
        }
    };
    view! {
        <button type="button" class="theme-toggle" data-testid="theme-toggle" on:click=cycle
            title="Switch between the system theme, light and dark">
            {move || match theme.get() {
                "light" => "☀ Light",
                "dark" => "☾ Dark",
                _ => "◐ System theme",
            }}
        </button>
    }
}

/// The last action's outcome, read out by screen readers.
#[component]
fn StatusLine() -> impl IntoView {
    let lab = use_lab();
    view! {
        <div class="status-line" role="status" aria-live="polite" data-testid="status">
            {move || lab.notice.get().map(|n| {
                let icon = if n.ok { "✓" } else { "⚠" };
                view! {
                    <p class="notice" class:notice-error=!n.ok class:notice-ok=n.ok>
                        <span class="notice-icon" aria-hidden="true">{icon}</span>
                        <span>{n.text}</span>
                    </p>
                }
            })}
        </div>
    }
}

/// The page is drawn in parts, top to bottom, each in a task of its own once the part above has
/// painted: drawn at once, the whole page is one task that blocks a phone for half a second
/// (Lighthouse's total blocking time, BENCHMARKS.md). Each part only adds below what is on
/// screen, so nothing moves (no layout shift).
const PARTS: u8 = 5;

/// Resolves in the first task after the next frame is painted (at once when the tab is hidden
/// and paints nothing).
async fn after_next_paint() {
    if !document().hidden() {
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().request_animation_frame(&resolve);
        });
        let _ = JsFuture::from(frame).await;
    }
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[component]
pub fn App() -> impl IntoView {
    let lab = LabCtx::new(BrowserLab::load());
    provide_context(lab);
    super::api::install(lab);
    let drawn = RwSignal::new(1u8);
    spawn_local(async move {
        for part in 2..=PARTS {
            after_next_paint().await;
            drawn.set(part);
        }
        // Load the saved lab, then resolve `osslab.ready` (so it still means "all drawn") and
        // save every change.
        super::storage::start(lab);
    });
    // The request log from before a reload (the engine comes back through storage).
    super::log_store::start(lab);
    let drawn_from = move |part: u8| move || drawn.get() >= part;
    // The clock moves the engine (restore progress, lifecycle) while playing.
    super::clock::start_ticking(lab);
    view! {
        <div id="app" class="app" data-testid="app">
            <a class="skip-link" href="#objects">"Skip to objects"</a>
            <header class="topbar" data-testid="header">
                <h1 id="title" data-testid="title">"osslab"</h1>
                <p class="tagline">"OSS versioning, delete markers and archive restore, on a clock you control"</p>
                <Clock/>
                <div class="topbar-tools">
                    <ActAs/>
                    <StorageMenu/>
                    <ThemeToggle/>
                </div>
            </header>
            // The outcome of the last action and the save status: a labelled region, so all
            // content sits in a landmark.
            <div role="region" aria-label="Status" class="status-region">
                <StatusLine/>
                <StorageBar/>
            </div>
            <Show when=drawn_from(2)>
                <LessonsPanel/>
            </Show>
            <Show when=drawn_from(3)>
                <main class="workspace" inert=move || lab.storage.loading()>
                    <BucketList/>
                    <ObjectsPanel/>
                    <StackPanel/>
                </main>
            </Show>
            <Show when=drawn_from(4)>
                <div class="protection-row" inert=move || lab.storage.loading()>
                    <ProtectionPanel/>
                </div>
                <div class="bill-row" inert=move || lab.storage.loading()>
                    <super::bill::BillPanel/>
                </div>
            </Show>
            <Show when=drawn_from(5)>
                <section class="bottom" inert=move || lab.storage.loading()>
                    <LogPanel/>
                    <Console/>
                </section>
            </Show>
        </div>
    }
}
