//! A line on the terminal while a slow start-up step runs: the first start with large
//! banks parses and validates them all (later starts read a cache), and a screen that
//! stays blank meanwhile reads as a hang. Said only after a moment, so that an ordinary
//! start shows nothing, and only on a terminal; cleared before the app draws.

use std::io::{IsTerminal, Write};
use std::sync::mpsc;
use std::time::Duration;

/// How long a step may run before the notice shows.
const AFTER: Duration = Duration::from_millis(250);

/// Runs `step`; if it takes longer than `AFTER` and stderr is a terminal, `text` shows on
/// stderr until it ends.
pub fn while_slow<T>(text: &str, step: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return step();
    }
    let (done, finished) = mpsc::channel::<()>();
    let text = text.to_owned();
    let shower = std::thread::spawn(move || {
        if finished.recv_timeout(AFTER).is_ok() {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{text}");
        let _ = err.flush();
        let _ = finished.recv();
        // Back to the start of the line, and clear it.
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    });
    let out = step();
    let _ = done.send(());
    let _ = shower.join();
    out
}
