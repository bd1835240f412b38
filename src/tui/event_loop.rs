//! The only loop. It sleeps in `poll` until input arrives or the displayed countdown is
//! about to change, and draws only when something visible changed: idle means idle.

use std::io::{self, Read};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};

use super::effects::Runtime;
use super::state::{App, Screen};
use super::theme::Theme;
use super::views;
use crate::engine::clock::Clock;

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// A termination signal arrived (its number).
    Signal(i32),
    /// The terminal went away.
    HungUp,
}

/// Longest sleep without input or signals (signals wake the loop at once).
const MAX_SLEEP: Duration = Duration::from_millis(1000);

pub fn run(
    terminal: &mut DefaultTerminal,
    rt: &mut Runtime,
    clock: &dyn Clock,
    theme: Theme,
    signal: &AtomicUsize,
    wake: &UnixStream,
) -> io::Result<Exit> {
    let mut dirty = true;
    let mut shown_screen: Option<Screen> = None;
    let mut shown_clock = String::new();
    // Debug builds only: lets the test suite check that a panic while drawing restores the
    // terminal and leaves the journal intact.
    let panic_on_draw = cfg!(debug_assertions) && std::env::var_os("PROCTOR_TEST_PANIC_ON_DRAW").is_some();
    // crossterm sets up its input source, and with it the SIGWINCH handler that turns a
    // resize into `Event::Resize`, on its first poll. The loop sleeps in its own `wait`
    // until input arrives, so without this a resize before the first key found no handler
    // and was not redrawn until a key was pressed. (Keys typed ahead that this poll took
    // in are in crossterm's queue, no longer on stdin: they are read before any wait.)
    let mut typed_ahead = event::poll(Duration::ZERO)?;
    let mut size = terminal.size()?;
    rt.app.resize(size.into());
    loop {
        let now = clock.now();
        // Time-up is journaled here, and any write that failed is retried.
        if rt.tick(now) {
            dirty = true;
        }
        let app = &rt.app;
        let clock_now = countdown(app, now);
        if clock_now != shown_clock {
            shown_clock = clock_now;
            dirty = true;
        }
        // A new screen is painted whole: wide characters (emoji sequences, flags) that the
        // terminal measured differently from us must not leave fragments on the next one.
        if shown_screen != Some(app.screen) {
            if shown_screen.is_some() {
                forget_frames(terminal)?;
            }
            shown_screen = Some(app.screen);
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| {
                if panic_on_draw && app.screen == Screen::Question {
                    panic!("injected panic while drawing the question screen");
                }
                views::render(f, app, theme, now)
            })?;
            dirty = false;
        }
        // Banks listed from their cache heads are read whole once the first frame is up,
        // before any key is handled: the list did not wait for their questions.
        if rt.complete_banks() {
            dirty = true;
        }
        let app = &rt.app;
        match signal.load(Ordering::Relaxed) {
            0 => {}
            s => return Ok(Exit::Signal(s as i32)),
        }
        if app.quit {
            return Ok(Exit::Quit);
        }
        let sleep = sleep_for(app, now);
        let woke = if typed_ahead { Woke::Input } else { wait(wake, sleep)? };
        typed_ahead = false;
        match woke {
            Woke::HungUp => return Ok(Exit::HungUp),
            Woke::Timeout => continue,
            Woke::Signal => {
                drain(wake);
                // A resize that came before crossterm could see it is still a resize.
                let now_size = terminal.size()?;
                if now_size != size {
                    size = now_size;
                    rt.app.resize(size.into());
                    forget_frames(terminal)?;
                    dirty = true;
                }
            }
            Woke::Input => {}
        }
        // Input, a resize or a signal: take every event crossterm has ready, without waiting.
        while event::poll(Duration::ZERO)? {
            match event::read()? {
                // Each key is journaled (written and fsynced) before the next frame shows
                // the candidate moved on. Where the candidate types, `Runtime::key` gives the
                // keys the table does not bind to the text.
                Event::Key(k) if k.kind == KeyEventKind::Press => dirty |= rt.key(k, clock.now()),
                // The terminal may have rearranged or cut what was on screen (sizes in between
                // can be tiny), even when the size ends where it was: repaint everything.
                Event::Resize(w, h) => {
                    size = ratatui::layout::Size::new(w, h);
                    rt.app.resize(size.into());
                    forget_frames(terminal)?;
                    dirty = true;
                }
                _ => {}
            }
            if rt.app.suspend || rt.app.quit {
                break;
            }
        }
        if rt.app.suspend {
            rt.app.suspend = false;
            suspend(terminal)?;
            dirty = true;
        }
    }
}

/// What ended a wait.
enum Woke {
    Input,
    Signal,
    HungUp,
    Timeout,
}

/// Sleeps until the terminal has input, a signal arrives (through the self-pipe), the
/// terminal hangs up, or `timeout` passes. Sleeping here rather than in crossterm matters:
/// on a hung-up terminal crossterm reads end-of-file in a loop and never returns.
fn wait(wake: &UnixStream, timeout: Duration) -> io::Result<Woke> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN), PollFd::new(wake, PollFlags::IN)];
    let t = Timespec { tv_sec: timeout.as_secs() as i64, tv_nsec: i64::from(timeout.subsec_nanos()) };
    match poll(&mut fds, Some(&t)) {
        Ok(0) => Ok(Woke::Timeout),
        Ok(_) => {
            let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
            if fds[0].revents().intersects(gone) {
                Ok(Woke::HungUp)
            } else if fds[1].revents().contains(PollFlags::IN) {
                Ok(Woke::Signal)
            } else {
                Ok(Woke::Input)
            }
        }
        Err(rustix::io::Errno::INTR) => Ok(Woke::Signal),
        Err(e) => Err(e.into()),
    }
}

/// Empties the self-pipe (its bytes only say "a signal came").
fn drain(wake: &UnixStream) {
    let mut buf = [0u8; 64];
    while let Ok(n) = (&*wake).read(&mut buf) {
        if n < buf.len() {
            break;
        }
    }
}

/// The countdown as displayed, so a redraw happens exactly when it changes.
fn countdown(app: &App, now: chrono::DateTime<chrono::Utc>) -> String {
    app.exam
        .as_ref()
        .and_then(|e| e.session.remaining(now))
        .map(|r| views::clock_text((r.num_milliseconds() + 999) / 1000))
        .unwrap_or_default()
}

/// Until the displayed countdown next changes (a few ms after the second boundary).
fn sleep_for(app: &App, now: chrono::DateTime<chrono::Utc>) -> Duration {
    let Some(rem) = app.exam.as_ref().and_then(|e| e.session.remaining(now)) else { return MAX_SLEEP };
    let ms = rem.num_milliseconds();
    if ms <= 0 {
        return MAX_SLEEP;
    }
    let to_boundary = match ms % 1000 {
        0 => 1000,
        r => r,
    };
    Duration::from_millis(to_boundary as u64 + 2).min(MAX_SLEEP)
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`. The exam clock is
/// wall-clock based, so it keeps running while stopped.
fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    ratatui::restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    forget_frames(terminal)
}

/// Clears the screen and forgets both frames so the next draw repaints everything.
/// (`Terminal::clear` would ask the terminal for the cursor position, which not every
/// terminal answers.)
fn forget_frames(terminal: &mut DefaultTerminal) -> io::Result<()> {
    execute!(io::stdout(), Clear(ClearType::All))?;
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}
