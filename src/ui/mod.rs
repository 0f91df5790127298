//! The Leptos single-page lab (wasm only).
//!
//! For now this is the app shell: a header with the title and the clock, and an empty bucket
//! list. Stable `id`s and `data-testid`s are what the browser tests select on; keep them when
//! the real UI replaces the placeholders.

use leptos::prelude::*;

/// The clock shown in the header, as RFC 3339 UTC to the second (`2026-11-22T04:12:00Z`).
///
/// For now this is the browser's wall clock; the engine's virtual clock replaces it later.
pub fn clock_text() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    // `toISOString` gives `YYYY-MM-DDTHH:MM:SS.sssZ`; drop the milliseconds.
    match iso.split_once('.') {
        Some((seconds, _)) => format!("{seconds}Z"),
        None => iso,
    }
}

/// The virtual-clock display (`<time id="clock">`), refreshed every second.
#[component]
pub fn Clock() -> impl IntoView {
    let (now, set_now) = signal(clock_text());
    // The interval lives as long as the component; dropping the handle on cleanup stops it.
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(clock_text()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    view! {
        <span class="clock">
            <span class="clock-label">"clock"</span>
            <time id="clock" data-testid="clock" datetime=move || now.get()>
                {move || now.get()}
            </time>
        </span>
    }
}

/// The bucket list: empty until the engine is wired in.
#[component]
pub fn BucketList() -> impl IntoView {
    view! {
        <nav id="buckets" class="buckets" data-testid="bucket-list" aria-labelledby="buckets-title">
            <h2 id="buckets-title">"Buckets"</h2>
            <p class="empty" data-testid="bucket-list-empty">"No buckets yet."</p>
        </nav>
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div id="app" class="app" data-testid="app">
            <header class="topbar" data-testid="header">
                <h1 id="title" data-testid="title">"osslab"</h1>
                <Clock/>
            </header>
            <main class="workspace">
                <BucketList/>
            </main>
        </div>
    }
}

/// Entry point of the browser app: panic messages to the console, then mount on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
