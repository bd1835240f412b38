//! The one clock that reads the system's time, owned by the event loop (and read once by
//! the command line to recover interrupted sessions). Everything below takes `now`.

use chrono::{DateTime, Duration, Utc};

use crate::engine::clock::Clock;

/// Wall-clock time anchored once at start-up and advanced by a clock that never goes
/// back and keeps running while the machine is suspended (CLOCK_BOOTTIME on Linux), so
/// the countdown cannot be stretched by changing the system time, nor by closing the lid:
/// in the real exam the clock does not stop either.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    wall: DateTime<Utc>,
    since: Elapsed,
}

impl SystemClock {
    pub fn new() -> Self {
        SystemClock { wall: Utc::now(), since: Elapsed::start() }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        self.wall + self.since.elapsed()
    }
}

/// Time elapsed since a start, suspend included where the system can measure it.
#[derive(Debug, Clone, Copy)]
struct Elapsed {
    #[cfg(target_os = "linux")]
    boot: rustix::time::Timespec,
    #[cfg(not(target_os = "linux"))]
    mono: std::time::Instant,
}

impl Elapsed {
    #[cfg(target_os = "linux")]
    fn start() -> Elapsed {
        Elapsed { boot: rustix::time::clock_gettime(rustix::time::ClockId::Boottime) }
    }

    #[cfg(target_os = "linux")]
    fn elapsed(&self) -> Duration {
        let now = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
        let secs = now.tv_sec.saturating_sub(self.boot.tv_sec);
        #[allow(clippy::unnecessary_cast)] // the field's type differs between platforms
        let nanos = (now.tv_nsec - self.boot.tv_nsec) as i64;
        Duration::try_seconds(secs).and_then(|d| d.checked_add(&Duration::nanoseconds(nanos))).unwrap_or(Duration::MAX)
    }

    #[cfg(not(target_os = "linux"))]
    fn start() -> Elapsed {
        Elapsed { mono: std::time::Instant::now() }
    }

    #[cfg(not(target_os = "linux"))]
    fn elapsed(&self) -> Duration {
        Duration::from_std(self.mono.elapsed()).unwrap_or(Duration::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_starts_at_the_wall_clock_and_never_goes_back() {
        let c = SystemClock::new();
        let a = c.now();
        let b = c.now();
        assert!(b >= a);
        assert!((a - Utc::now()).num_seconds().abs() < 5);
    }
}
