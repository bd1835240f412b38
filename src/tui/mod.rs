//! The terminal layer: sets the terminal up and always restores it, runs the one event
//! loop, and maps keys to state updates. `state` holds what is on screen, `views/` draws
//! it, `keys` is the one key table, `effects` carries out what the state asks of the
//! store through the app layer.

pub mod clock;
pub mod drill_setup;
pub mod effects;
mod event_loop;
pub mod keys;
pub mod question_state;
pub mod review_state;
pub mod state;
#[cfg(test)]
pub(crate) mod test_support;
pub mod text_input;
pub mod theme;
pub mod views;

use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use anyhow::{Context as _, Result};

pub use event_loop::Exit;

/// Signals that end the app cleanly (terminal restored, exit code 128 + signal).
const EXIT_SIGNALS: [i32; 3] = [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT];

/// True when both ends are a terminal; the app refuses to draw into a pipe or file.
pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Runs `app` until the user quits or a signal arrives.
pub fn run(rt: &mut effects::Runtime) -> Result<Exit> {
    let signal = Arc::new(AtomicUsize::new(0));
    for s in EXIT_SIGNALS {
        signal_hook::flag::register_usize(s, Arc::clone(&signal), s as usize)
            .with_context(|| format!("cannot handle signal {s}"))?;
    }
    // Signals also wake the event loop at once through this self-pipe; SIGWINCH is here so
    // a resize redraws immediately.
    let (wake, wake_write) = std::os::unix::net::UnixStream::pair().context("cannot create the wake-up pipe")?;
    wake.set_nonblocking(true).context("cannot set up the wake-up pipe")?;
    wake_write.set_nonblocking(true).context("cannot set up the wake-up pipe")?;
    for s in EXIT_SIGNALS.into_iter().chain([signal_hook::consts::SIGWINCH]) {
        let w = wake_write.try_clone().context("cannot set up the wake-up pipe")?;
        signal_hook::low_level::pipe::register(s, w).with_context(|| format!("cannot handle signal {s}"))?;
    }
    let theme = theme::Theme::from_env();
    let clock = clock::SystemClock::new();
    // ratatui's hook restores the terminal before the default hook prints the panic.
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let result = event_loop::run(&mut terminal, rt, &clock, theme, &signal, &wake);
    // Restore without printing: the terminal may be gone (hung up, or the error itself),
    // and ratatui's own drop would report a failure on stderr, which then aborts.
    let _ = ratatui::try_restore();
    let _ = ratatui::crossterm::execute!(io::stdout(), ratatui::crossterm::cursor::Show);
    std::mem::forget(terminal);
    result.context("terminal error")
}
