//! The first start with a large bank: while it is read (parsed and validated, before the
//! cache exists) a line says so, instead of a blank terminal, and it is cleared before the
//! app draws.

mod common;

use std::fmt::Write as _;
use std::fs;

use common::Pty;

/// A valid bank of `n` questions.
fn large_bank(n: usize) -> String {
    let mut out = String::from(
        "exam:\n  id: large\n  title: A large bank\n  minutes: 60\n  questions: 40\n  passing_score: 70\n\
         domains:\n  - id: a\n    name: Domain A\n    weight: 50\n  - id: b\n    name: Domain B\n    weight: 50\n\
         questions:\n",
    );
    for i in 0..n {
        let d = if i % 2 == 0 { "a" } else { "b" };
        let _ = write!(
            out,
            "  - id: q-{i:06}\n    domain: {d}\n    stem: |\n      Which statement about item {i} holds in practice?\n    options:\n"
        );
        for (k, word) in ["first", "second", "third", "fourth"].iter().enumerate() {
            let _ = writeln!(out, "      - text: \"The {word} statement about item {i}\"");
            if k == 0 {
                out.push_str("        correct: true\n");
            }
            let _ = writeln!(out, "        why: \"Because of the {word} rule of item {i}.\"");
        }
        let _ = write!(out, "    explanation: |\n      Item {i} is about the first statement.\n");
    }
    out
}

/// Runs `args` in `dir` until the exam rules show, and checks that the notice was said,
/// then cleared before the app drew.
fn says_it_is_reading(args: &[&str], dir: &std::path::Path) {
    let mut p = Pty::proctor(args, dir);
    p.wait_for("Exam rules", 120);
    let raw = p.raw_text();
    let notice = raw.find("Reading the question banks… (the first time takes a moment)").expect("the notice");
    let cleared = raw[notice..].find("\r\x1b[2K").expect("the notice is cleared");
    // The app draws on the alternate screen, entered after the notice is gone.
    let drawn = raw.find("\x1b[?1049h").expect("the app's screen");
    assert!(notice + cleared < drawn, "cleared before the app draws");
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
}

#[test]
fn the_first_start_with_a_large_bank_says_it_is_reading_the_banks() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("banks")).expect("banks dir");
    // About 14 MB: read for well over the notice's quarter second, even optimised.
    fs::write(dir.path().join("banks/large.yaml"), large_bank(24_000)).expect("write bank");
    says_it_is_reading(&["exam", "large"], dir.path());
}

/// `exam PATH` read the bank it names without the notice: the terminal stayed blank.
#[test]
fn a_large_bank_named_by_its_path_says_it_is_reading_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = dir.path().join("elsewhere.yaml");
    fs::write(&bank, large_bank(24_000)).expect("write bank");
    says_it_is_reading(&["exam", bank.to_str().expect("utf-8 path")], dir.path());
}
