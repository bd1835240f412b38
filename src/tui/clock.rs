//! The one clock that reads the system's time, owned by the event loop (and read once by
//! the command line to recover interrupted sessions). Everything below takes `now`.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

use crate::engine::clock::Clock;

/// Wall-clock time anchored once at start-up and advanced by the monotonic clock, so
/// the countdown cannot be stretched by changing the system time while an exam runs.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    wall: DateTime<Utc>,
    mono: Instant,
}

impl SystemClock {
    pub fn new() -> Self {
        SystemClock { wall: Utc::now(), mono: Instant::now() }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        self.wall + Duration::from_std(self.mono.elapsed()).unwrap_or(Duration::MAX)
    }
}
