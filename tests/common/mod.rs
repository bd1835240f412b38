//! Shared helpers for tests that drive the real `proctor` binary in a pseudo-terminal.
//!
//! A reader thread drains the program's output into a vt100 parser and, after every chunk,
//! wakes whoever is waiting (a `Condvar`). Waits are on conditions, never on sleeps: they
//! return as soon as the screen shows what they wait for (or the output has gone quiet, for
//! `settle`), and every one is bounded by a deadline; a wait for the screen or for the exit
//! panics with the screen when its deadline passes.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const BIN: &str = env!("CARGO_BIN_EXE_proctor");

/// Output quiet for this long means the program has finished reacting: a frame arrives in
/// several writes, back to back.
pub const QUIET: Duration = Duration::from_millis(40);
/// What ends every frame the app draws: ratatui hides the cursor after the frame's cells
/// (the app never shows a cursor). Output that ends with it holds a whole frame, so waits
/// need not wait for quiet; other output (a shell's) is waited out for `QUIET`.
const END_OF_FRAME: &[u8] = b"\x1b[?25l";
/// After a write, how long `send` waits for the first byte of a reaction before taking it
/// that the keys changed nothing on screen. (Answers are fsynced before the next frame, so
/// the reaction can start late on a slow disk.)
pub const RESPONSE: Duration = Duration::from_millis(500);
/// Longest a settle waits in all (output that never goes quiet is not waited out).
pub const SETTLE_MAX: Duration = Duration::from_secs(3);
/// After the process exits, longest to wait for the end of its output.
const EOF_MAX: Duration = Duration::from_secs(2);

pub fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// What the program wrote so far, as the reader thread left it.
struct Output {
    parser: vt100::Parser,
    /// Everything the program wrote, raw.
    raw: Vec<u8>,
    /// Bytes received so far: changes whenever output arrives.
    bytes: u64,
    /// The output reached its end (every byte written has been parsed).
    eof: bool,
    /// The output so far ends with `END_OF_FRAME`.
    frame_end: bool,
}

struct Shared {
    out: Mutex<Output>,
    /// Notified after every chunk of output and at its end.
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Output> {
        // A panic in the reader must not hide the screen from the test's own message.
        self.out.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Marks the end of the output when the reader thread ends, however it ends.
struct EndOfOutput(Arc<Shared>);

impl Drop for EndOfOutput {
    fn drop(&mut self) {
        self.0.lock().eof = true;
        self.0.changed.notify_all();
    }
}

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    shared: Arc<Shared>,
    master: Box<dyn MasterPty + Send>,
}

/// A test that fails part-way must not leave its app running.
impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Pty {
    /// Runs `program args` in a `cols`x`rows` pseudo-terminal with a clean environment.
    pub fn spawn(program: &str, args: &[&str], data_dir: &Path, cols: u16, rows: u16) -> Pty {
        Pty::spawn_env(program, args, data_dir, cols, rows, &[])
    }

    /// As `spawn`, with extra environment variables.
    pub fn spawn_env(program: &str, args: &[&str], data_dir: &Path, cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        let pair =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("PROCTOR_DATA_DIR", data_dir);
        cmd.env_remove("NO_COLOR");
        cmd.cwd(data_dir);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let shared = Arc::new(Shared {
            out: Mutex::new(Output {
                parser: vt100::Parser::new(rows, cols, 0),
                raw: Vec::new(),
                bytes: 0,
                eof: false,
                frame_end: false,
            }),
            changed: Condvar::new(),
        });
        let end = EndOfOutput(Arc::clone(&shared));
        thread::spawn(move || {
            let end = end;
            let mut buf = [0u8; 8192];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    // EIO: every holder of the other end has closed it.
                    Err(_) => break,
                };
                let mut out = end.0.lock();
                out.parser.process(&buf[..n]);
                out.raw.extend_from_slice(&buf[..n]);
                out.bytes += n as u64;
                out.frame_end = out.raw.ends_with(END_OF_FRAME);
                drop(out);
                end.0.changed.notify_all();
            }
        });
        Pty { child, writer, shared, master: pair.master }
    }

    pub fn proctor(args: &[&str], data_dir: &Path) -> Pty {
        Pty::spawn(BIN, args, data_dir, 100, 30)
    }

    /// Resizes the terminal (and the screen model the tests read).
    pub fn resize(&self, cols: u16, rows: u16) {
        // The screen model first: the program repaints as soon as it sees the new size. It
        // stays at least 10x3, because the vt100 crate can panic on a 1x1 grid (a test-side
        // limit, not the program's).
        self.shared.lock().parser.screen_mut().set_size(rows.max(3), cols.max(10));
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resize");
    }

    /// Types `keys`, then waits for the program's reaction to be on screen: for its first
    /// byte (up to `RESPONSE`), then for the end of the frame or for the output to go quiet
    /// (`settle`). One batch of keys at a time, as a person types, so that `screen()` right
    /// after shows the result.
    pub fn send(&mut self, keys: &str) {
        let mark = self.shared.lock().bytes;
        let start = Instant::now();
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        let (out, reacted) = self.wait_state(start + RESPONSE, |o| o.eof || o.bytes != mark);
        let whole = reacted && out.frame_end;
        drop(out);
        if !whole {
            self.settle_by(start + SETTLE_MAX);
        }
    }

    /// Types `keys` without waiting for anything (to kill the program mid-reaction).
    pub fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Bytes of output received so far.
    pub fn output_len(&self) -> u64 {
        self.shared.lock().bytes
    }

    /// Waits until output has reached byte `n`, or a whole frame has arrived after byte
    /// `mark`, or the output ends; at most `secs`.
    pub fn wait_output(&self, mark: u64, n: u64, secs: u64) {
        let _ = self.wait_state(Instant::now() + Duration::from_secs(secs), |o| {
            o.eof || o.bytes >= n || (o.bytes > mark && o.frame_end)
        });
    }

    /// Waits until the output has been quiet for `QUIET` (at most `SETTLE_MAX`).
    pub fn settle(&self) {
        self.settle_by(Instant::now() + SETTLE_MAX);
    }

    fn settle_by(&self, deadline: Instant) {
        let mut seen = self.shared.lock().bytes;
        loop {
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            let (out, changed) = self.wait_state((now + QUIET).min(deadline), |o| o.eof || o.bytes != seen);
            if !changed || out.eof {
                return;
            }
            seen = out.bytes;
        }
    }

    /// Waits until `done` holds on the output or `deadline` passes: the locked output, and
    /// whether `done` held.
    fn wait_state(&self, deadline: Instant, mut done: impl FnMut(&Output) -> bool) -> (MutexGuard<'_, Output>, bool) {
        let mut out = self.shared.lock();
        loop {
            if done(&out) {
                return (out, true);
            }
            let now = Instant::now();
            if now >= deadline {
                return (out, false);
            }
            out = self.shared.changed.wait_timeout(out, deadline - now).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    pub fn screen(&self) -> String {
        self.shared.lock().parser.screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.shared.lock().parser.screen().alternate_screen()
    }

    /// Waits until `cond` holds on the screen's text; that screen, or `None` after `secs`
    /// (or at once when the output has ended without it).
    ///
    /// The chunk that makes `cond` hold may be only part of a frame: unless the output ends
    /// with a whole frame, it is let settle and `cond` checked again, so the screen returned
    /// is whole.
    pub fn try_wait_until(&self, mut cond: impl FnMut(&str) -> bool, secs: u64) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let (out, _) = self.wait_state(deadline, |o| o.eof || cond(&o.parser.screen().contents()));
            let (s, ended, whole) = (out.parser.screen().contents(), out.eof, out.frame_end);
            drop(out);
            if !cond(&s) {
                // The deadline passed, or the output ended without it.
                return None;
            }
            if ended || whole {
                return Some(s);
            }
            self.settle();
            let s = self.screen();
            if cond(&s) {
                return Some(s);
            }
            if Instant::now() >= deadline {
                return None;
            }
        }
    }

    /// Waits until `cond` holds on the screen's text; that screen. Panics with the screen
    /// after `secs`.
    pub fn wait_until(&self, cond: impl FnMut(&str) -> bool, secs: u64) -> String {
        self.try_wait_until(cond, secs).unwrap_or_else(|| {
            let why = if self.shared.lock().eof { "the output ended" } else { "timed out" };
            panic!("{why} before the screen met the condition; screen:\n{}", self.screen())
        })
    }

    /// Waits until the screen contains `text`; that screen. Panics with the screen after
    /// `secs`.
    pub fn wait_for(&self, text: &str, secs: u64) -> String {
        self.try_wait_until(|s| s.contains(text), secs).unwrap_or_else(|| {
            let why = if self.shared.lock().eof { "the output ended" } else { "timed out" };
            panic!("{why} waiting for {text:?}; screen:\n{}", self.screen())
        })
    }

    /// Waits for the process to exit, then for the end of its output (bounded, so that the
    /// last of it, such as leaving the alternate screen, is parsed); its exit code. Kills it
    /// and panics with the screen after `secs`.
    pub fn wait_exit(&mut self, secs: u64) -> u32 {
        let pid = self.child.process_id().expect("pid");
        let child = &mut self.child;
        let status = thread::scope(|scope| {
            let (tx, rx) = mpsc::channel();
            scope.spawn(move || {
                let _ = tx.send(child.wait());
            });
            match rx.recv_timeout(Duration::from_secs(secs)) {
                Ok(status) => Some(status.expect("wait")),
                Err(_) => {
                    // The waiting thread returns once the process is gone.
                    let _ = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status();
                    None
                }
            }
        });
        let Some(status) = status else { panic!("process did not exit; screen:\n{}", self.screen()) };
        drop(self.wait_state(Instant::now() + EOF_MAX, |o| o.eof));
        status.exit_code()
    }

    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.shared.lock().raw).into_owned()
    }

    pub fn signal(&self, sig: &str) {
        let pid = self.child.process_id().expect("pid");
        let ok =
            std::process::Command::new("kill").args([&format!("-{sig}"), &pid.to_string()]).status().expect("kill");
        assert!(ok.success());
    }
}
