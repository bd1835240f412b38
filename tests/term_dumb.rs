//! `TERM=dumb` (Emacs' shell, some CI logs) names a terminal that cannot move the cursor:
//! the full-screen app refuses it, as it refuses a pipe, with exit code 2 and a message
//! saying what to do, before drawing anything.

mod common;

use assert_cmd::Command;
use common::Pty;
use predicates::prelude::*;

const REFUSAL: &str = "proctor: TERM is `dumb`: this terminal cannot draw the full-screen app; run proctor in a \
                       terminal emulator (TERM=xterm-256color, for example), or for scripts use `proctor banks` or \
                       `proctor validate`\n";

/// Without a terminal too the refusal names TERM, because TERM is checked first; every
/// command that opens the app says the same, and writes nothing to stdout.
#[test]
fn term_dumb_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [&[][..], &["exam", "netfund-quick"], &["drill", "netfund-quick"]] {
        Command::cargo_bin("proctor")
            .expect("binary")
            .args(args)
            .env("TERM", "dumb")
            .env("PROCTOR_DATA_DIR", dir.path())
            .timeout(std::time::Duration::from_secs(10))
            .assert()
            .code(2)
            .stdout("")
            .stderr(REFUSAL);
    }
}

/// On a real terminal (where the app would otherwise start) `TERM=dumb` is refused before
/// the alternate screen or raw mode is touched.
#[test]
fn term_dumb_on_a_real_terminal_is_refused_before_drawing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = Pty::spawn_env(common::BIN, &[], dir.path(), 100, 30, &[("TERM", "dumb")]);
    assert_eq!(p.wait_exit(10), 2, "screen:\n{}", p.screen());
    assert!(p.screen().contains("TERM is `dumb`: this terminal cannot draw the full-screen app"), "{}", p.screen());
    assert!(!p.raw_text().contains("\u{1b}[?1049h"), "the alternate screen was entered: {:?}", p.raw_text());
}

/// The bank is resolved before a terminal is asked for: without one (a pipe, or
/// `TERM=dumb`), an unknown bank is reported as such, exit 1.
#[test]
fn exam_of_an_unknown_bank_without_a_terminal_reported_the_terminal_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    for cmd in ["exam", "drill"] {
        for term in ["dumb", "xterm-256color"] {
            Command::cargo_bin("proctor")
                .expect("binary")
                .args([cmd, "nosuchbank"])
                .env("TERM", term)
                .env("PROCTOR_DATA_DIR", dir.path())
                .current_dir(dir.path())
                .timeout(std::time::Duration::from_secs(10))
                .assert()
                .code(1)
                .stdout("")
                .stderr(predicate::str::starts_with(
                    "proctor: no bank `nosuchbank`: not a path, and the known bank ids are ",
                ))
                .stderr(predicate::str::contains("terminal").not());
        }
    }
}
