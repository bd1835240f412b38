//! Injected time. The engine never reads a clock itself: every transition takes `now`,
//! so strict timing, time-up and recovery are tested without sleeping.

use std::cell::Cell;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// A source of the current UTC time.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

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

/// A clock that only moves when told to, for tests.
#[derive(Debug)]
pub struct ManualClock(Cell<DateTime<Utc>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(Cell::new(at))
    }

    pub fn advance(&self, by: Duration) {
        self.0.set(self.0.get() + by);
    }

    pub fn set(&self, at: DateTime<Utc>) {
        self.0.set(at);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.get()
    }
}
