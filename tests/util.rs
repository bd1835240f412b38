//! Shared helpers for tests that drive the real `proctor` binary in a pseudo-terminal:
//! output is drained on a thread into a vt100 parser, and every wait is bounded.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const BIN: &str = env!("CARGO_BIN_EXE_proctor");

pub fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, raw.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// The output reached its end (every byte written has been parsed).
    eof: Arc<std::sync::atomic::AtomicBool>,
    _master: Box<dyn MasterPty + Send>,
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
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        let eof = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let done = Arc::clone(&eof);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().expect("parser").process(&buf[..n]);
                r.lock().expect("raw").extend_from_slice(&buf[..n]);
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Pty { child, writer, parser, raw, eof, _master: pair.master }
    }

    pub fn proctor(args: &[&str], data_dir: &Path) -> Pty {
        Pty::spawn(BIN, args, data_dir, 100, 30)
    }

    /// Resizes the terminal (and the screen model the tests read).
    pub fn resize(&self, cols: u16, rows: u16) {
        // The screen model first: the program repaints as soon as it sees the new size. It
        // stays at least 10x3, because the vt100 crate can panic on a 1x1 grid (a test-side
        // limit, not the program's).
        self.parser.lock().expect("parser").screen_mut().set_size(rows.max(3), cols.max(10));
        self._master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resize");
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        // Let the app read keys one batch at a time, as a person types.
        thread::sleep(Duration::from_millis(60));
    }

    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().expect("parser").screen().alternate_screen()
    }

    /// Waits until the screen contains `text`; panics with the screen after `secs`.
    pub fn wait_for(&self, text: &str, secs: u64) -> String {
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if Instant::now() > end {
                panic!("timed out waiting for {text:?}; screen:\n{s}");
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits for the process to exit; its exit code.
    pub fn wait_exit(&mut self, secs: u64) -> u32 {
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader parse what the program wrote last (it may still be
                // leaving the alternate screen), without waiting on other holders of the pty.
                let until = Instant::now() + Duration::from_millis(500);
                while !self.eof.load(std::sync::atomic::Ordering::SeqCst) && Instant::now() < until {
                    thread::sleep(Duration::from_millis(10));
                }
                return status.exit_code();
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!("process did not exit; screen:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().expect("raw")).into_owned()
    }

    pub fn signal(&self, sig: &str) {
        let pid = self.child.process_id().expect("pid");
        let ok =
            std::process::Command::new("kill").args([&format!("-{sig}"), &pid.to_string()]).status().expect("kill");
        assert!(ok.success());
    }
}
