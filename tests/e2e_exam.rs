//! End to end: the real binary in a pseudo-terminal, through a short exam to the
//! results, with the countdown on screen, time-up, signals and a restored terminal.

mod common;

use common::{Pty, fixture};

const MINI: &str = "banks/valid/mini.yaml";

#[test]
fn rules_answers_results_and_restored_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = fixture(MINI);
    // `stty` after exit shows whether the terminal was restored (canonical mode and echo).
    let script = format!("'{}' exam '{bank}' --seed 3; echo EXIT=$?; stty -a", common::BIN);
    let mut p = Pty::spawn("sh", &["-c", &script], dir.path(), 100, 30);
    p.wait_for("Exam rules", 10);
    assert!(p.screen().contains("No going back: once you submit an answer you cannot return to it"));
    p.send("\r");
    let s = p.wait_for("Question 1 of 4", 10);
    assert!(s.contains("10:00") || s.contains("09:59"), "countdown shown: {s}");
    // The countdown moves on its own.
    p.wait_for("09:5", 5);
    for n in 1..=4 {
        p.send("a");
        p.send("b");
        p.send("\r");
        // Either a confirmation or the next screen.
        let next = if n < 4 { format!("Question {} of 4", n + 1) } else { "Results".to_owned() };
        let confirm = |s: &str| s.contains("Submit an incomplete") || s.contains("Submit without");
        let s = p.wait_until(|s| confirm(s) || s.contains(&next), 10);
        if confirm(&s) {
            p.send("y");
        }
    }
    let s = p.wait_for("Results", 10);
    assert!(s.contains("passing 70%") && s.contains("target 80%"), "{s}");
    assert!(s.contains("Network Security") && s.contains("Securing the Cloud"));
    p.send("q");
    p.wait_for("EXIT=0", 10);
    assert!(!p.alternate_screen(), "left the alternate screen");
    p.wait_for("speed", 5);
    let after = p.screen();
    assert!(after.contains(" icanon") && after.contains(" echo"), "terminal restored: {after}");
}

#[test]
fn time_up_finishes_the_exam() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = fixture(MINI);
    let mut p = Pty::proctor(&["exam", &bank, "--seconds", "3", "--seed", "1"], dir.path());
    p.wait_for("Exam rules", 10);
    p.send("\r");
    p.wait_for("Question 1 of 4", 10);
    p.send("a");
    p.wait_for("Time is up", 10);
    p.send("\r");
    let s = p.wait_for("Results", 10);
    assert!(s.contains("time ran out"), "{s}");
    assert!(s.contains("unanswered 4 (4 when time ran out)"), "{s}");
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = Pty::proctor(&["exam", &fixture(MINI)], dir.path());
    p.wait_for("Exam rules", 10);
    p.send("\r");
    p.wait_for("Question 1 of 4", 10);
    p.signal("TERM");
    assert_eq!(p.wait_exit(10), 143);
    assert!(!p.alternate_screen());
}

#[test]
fn sighup_exits_129() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = Pty::proctor(&[], dir.path());
    p.wait_for("Banks", 10);
    p.signal("HUP");
    assert_eq!(p.wait_exit(10), 129);
    assert!(!p.alternate_screen());
}

#[test]
fn not_a_terminal_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A capable TERM: `TERM=dumb` (tests/term_dumb.rs) is refused first, with its own message.
    let out = std::process::Command::new(common::BIN)
        .env("PROCTOR_DATA_DIR", dir.path())
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no escape bytes on stdout");
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs an interactive terminal"));
}
