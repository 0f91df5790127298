//! The virtual clock: play, pause, speed up and jump, as a pure function of real time.
//!
//! The browser reads `Date.now()` and the server reads the system clock; both pass that
//! real time in here and hand the resulting virtual time to [`super::Engine::set_now`].

use serde::{Deserialize, Serialize};

use super::Millis;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct VirtualClock {
    /// Virtual time at the anchor.
    anchor_virtual: Millis,
    /// Real time at the anchor.
    anchor_real: Millis,
    /// Virtual milliseconds per real millisecond while playing.
    speed: f64,
    playing: bool,
}

impl VirtualClock {
    /// A clock that shows `virtual_now` at real time `real_now` and runs at real speed.
    pub fn new(virtual_now: Millis, real_now: Millis) -> Self {
        VirtualClock {
            anchor_virtual: virtual_now,
            anchor_real: real_now,
            speed: 1.0,
            playing: true,
        }
    }

    pub fn now(&self, real_now: Millis) -> Millis {
        if !self.playing {
            return self.anchor_virtual;
        }
        let elapsed = (real_now - self.anchor_real).max(0) as f64;
        self.anchor_virtual + (elapsed * self.speed) as Millis
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn is_playing(&self) -> bool {
        self.playing
    }

    fn reanchor(&mut self, real_now: Millis) {
        self.anchor_virtual = self.now(real_now);
        self.anchor_real = real_now;
    }

    /// Change speed without a jump in virtual time. Non-finite or negative speeds are ignored.
    pub fn set_speed(&mut self, speed: f64, real_now: Millis) {
        if speed.is_finite() && speed >= 0.0 {
            self.reanchor(real_now);
            self.speed = speed;
        }
    }

    pub fn set_playing(&mut self, playing: bool, real_now: Millis) {
        self.reanchor(real_now);
        self.playing = playing;
    }

    /// Jump forward; negative jumps are ignored (time never runs backwards).
    pub fn advance(&mut self, by: Millis, real_now: Millis) {
        self.reanchor(real_now);
        self.anchor_virtual += by.max(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::HOUR;

    #[test]
    fn plays_pauses_speeds_and_jumps() {
        let mut c = VirtualClock::new(1_000_000, 0);
        assert_eq!(c.now(500), 1_000_500);
        c.set_speed(3600.0, 1000); // 1 h per real second
        assert_eq!(c.now(2000), 1_001_000 + HOUR);
        c.set_playing(false, 2000);
        assert_eq!(c.now(99_999), 1_001_000 + HOUR);
        c.advance(HOUR, 99_999);
        assert_eq!(c.now(100_000), 1_001_000 + 2 * HOUR);
        c.advance(-5 * HOUR, 100_000);
        assert_eq!(c.now(100_000), 1_001_000 + 2 * HOUR);
        c.set_speed(f64::NAN, 100_000);
        assert_eq!(c.speed(), 3600.0);
    }
}
