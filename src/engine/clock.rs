//! Injected time. The engine never reads a clock itself: every transition takes `now`,
//! so strict timing, time-up and recovery are tested without sleeping. The one clock that
//! reads the system's time is the terminal layer's (`tui::clock`).

use std::cell::Cell;

use chrono::{DateTime, Duration, Utc};

/// A source of the current UTC time.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
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
