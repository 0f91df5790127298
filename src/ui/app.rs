//! The whole page: header with the clock and "Act as", buckets on the left, objects and the
//! version stack in the middle, the protection toolkit under them, the request log and the
//! console below.

use leptos::prelude::*;

use super::access::ActAs;
use super::buckets::BucketList;
use super::clock::Clock;
use super::console::Console;
use super::lab::Lab;
use super::lessons::LessonsPanel;
use super::log::LogPanel;
use super::objects::ObjectsPanel;
use super::protection::ProtectionPanel;
use super::stack::StackPanel;
use super::state::{use_lab, LabCtx};
use super::storage::{StorageBar, StorageMenu};

/// Light / dark / system theme, set on `<html data-theme>` so the stylesheet can follow it.
#[component]
fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new("system");
    let cycle = move |_| {
        let next = match theme.get_untracked() {
            "system" => "light",
            "light" => "dark",
            _ => "system",
        };
        theme.set(next);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-theme", next);
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

#[component]
pub fn App() -> impl IntoView {
    let lab = LabCtx::new(Lab::load());
    provide_context(lab);
    super::api::install(lab);
    // Load the saved lab, then resolve `osslab.ready` and save every change.
    super::storage::start(lab);
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
            <StatusLine/>
            <StorageBar/>
            <LessonsPanel/>
            <main class="workspace" inert=move || lab.storage.loading()>
                <BucketList/>
                <ObjectsPanel/>
                <StackPanel/>
            </main>
            <div class="protection-row" inert=move || lab.storage.loading()>
                <ProtectionPanel/>
            </div>
            <div class="bill-row" inert=move || lab.storage.loading()>
                <super::bill::BillPanel/>
            </div>
            <section class="bottom" inert=move || lab.storage.loading()>
                <LogPanel/>
                <Console/>
            </section>
        </div>
    }
}
