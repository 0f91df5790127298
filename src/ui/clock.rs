//! The virtual clock in the header: time, play/pause, speed and jumps.
//!
//! Time is a pure function of real time (`VirtualClock`); a 250 ms timer only moves the
//! engine to it so restore progress and lifecycle effects show up live.

use std::time::Duration;

use leptos::prelude::*;

use super::lab::real_now;
use super::state::{use_lab, LabCtx};
use crate::engine::{Millis, DAY, HOUR, MINUTE};

/// The clock's words live in [`crate::present`] (shared with the lessons and ossutil).
pub use crate::present::{clock_text, duration_words, short_time};

/// Speeds offered, as virtual ms per real ms.
const SPEEDS: [(f64, &str); 4] = [
    (1.0, "1×"),
    (60.0, "60× (1 min/s)"),
    (3600.0, "1 h/s"),
    (86400.0, "1 day/s"),
];

/// Jumps offered: a minute is an Archive restore (lesson 7), an hour an Expedited Cold
/// Archive one.
const JUMPS: [(Millis, &str, &str); 4] = [
    (MINUTE, "+1 min", "jump-minute"),
    (HOUR, "+1 h", "jump-hour"),
    (DAY, "+1 day", "jump-day"),
    (30 * DAY, "+30 days", "jump-30d"),
];

/// Starts the timer that moves the engine with the clock; a re-render happens only when the
/// virtual time moved to a new second.
pub fn start_ticking(lab: LabCtx) {
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let (playing, next) =
                lab.read_untracked(|l| (l.clock.is_playing(), l.clock.now(real_now())));
            if playing && next / 1000 != lab.now.get_untracked() / 1000 {
                lab.update(|l| l.tick());
            }
        },
        Duration::from_millis(250),
    ) {
        on_cleanup(move || handle.clear());
    }
}

#[component]
pub fn Clock() -> impl IntoView {
    let lab = use_lab();
    let playing = move || {
        lab.now.track();
        lab.rev.track();
        lab.read_untracked(|l| l.clock.is_playing())
    };
    let speed = move || {
        lab.rev.track();
        lab.read_untracked(|l| l.clock.speed())
    };
    let toggle = move |_| {
        lab.update(|l| {
            let on = !l.clock.is_playing();
            l.clock.set_playing(on, real_now());
            l.tick()
        });
    };
    let set_speed = move |ev| {
        let v: f64 = event_target_value(&ev).parse().unwrap_or(1.0);
        lab.update(|l| {
            l.clock.set_speed(v, real_now());
            l.tick()
        });
    };
    view! {
        <div class="clock" role="group" aria-label="Virtual clock">
            <span class="clock-label" id="clock-label">"clock"</span>
            <time id="clock" data-testid="clock" aria-labelledby="clock-label"
                datetime=move || clock_text(lab.now.get())>
                {move || clock_text(lab.now.get())}
            </time>
            <button type="button" class="clock-play" data-testid="clock-play" on:click=toggle
                aria-pressed=move || playing().to_string()
                title="Play or pause the virtual clock">
                {move || if playing() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <label class="sr-only" for="clock-speed">"Clock speed"</label>
            <select id="clock-speed" data-testid="clock-speed" on:change=set_speed>
                {SPEEDS.iter().map(|(v, label)| {
                    let v = *v;
                    view! { <option value=v.to_string() selected=move || speed() == v>{*label}</option> }
                }).collect_view()}
            </select>
            {JUMPS.iter().map(|(ms, label, id)| {
                let ms = *ms;
                view! {
                    <button type="button" class="clock-jump" data-testid=*id
                        title=format!("Move the virtual clock forward {label}")
                        on:click=move |_| { lab.update(|l| l.advance(ms)); }>
                        {*label}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}
