//! End to end: a short exam with known wrong answers, reviewed; every cause key sets the
//! cause of the question on screen, which lands in the journal and in `proctor export`,
//! and in `review --format json`.

mod common;

use std::fs;

use common::{Pty, fixture};

#[test]
fn review_sets_causes_that_reach_the_journal_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = Pty::proctor(&["exam", &fixture("banks/valid/mini.yaml"), "--seed", "3"], dir.path());
    p.wait_for("Exam rules", 10);
    p.send("\r");
    // Skip all four: each is wrong (unanswered).
    for n in 1..=4 {
        p.wait_for(&format!("Question {n} of 4"), 10);
        p.send("\r");
        p.wait_for("Submit without an answer?", 10);
        p.send("y");
    }
    p.wait_for("Results", 10);
    p.send("r");
    p.wait_for("1 of 4 · wrong and unanswered", 10);
    // A cause key sets the cause and stays on the question; → moves on.
    for (key, cause, n) in [("c", "concept", 2), ("t", "term", 3), ("m", "misread", 4)] {
        p.send(key);
        let s = p.wait_for(&format!("Confirmed: {cause}"), 10);
        assert!(s.contains(&format!("{} of 4 · wrong and unanswered", n - 1)), "stayed on the question:\n{s}");
        p.send("\u{1b}[C");
        p.wait_for(&format!("{n} of 4 · wrong and unanswered"), 10);
    }
    p.send("r");
    p.wait_for("Confirmed: reasoning", 10);
    p.send("n");
    p.wait_for("Note for question 4:", 10);
    p.send("read the stem twice");
    p.send("\r");
    p.wait_for("note: read the stem twice", 10);
    p.send("b");
    let s = p.wait_for("Breakdown", 10);
    assert!(s.contains("0 causes not yet confirmed"), "{s}");
    // Esc goes back a step at a time: the questions, then the results.
    p.send("\u{1b}");
    p.wait_for("4 of 4 · wrong and unanswered", 10);
    p.send("\u{1b}");
    p.wait_for("Results", 10);
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);

    let sessions = dir.path().join("sessions");
    let path = fs::read_dir(&sessions).expect("dir").next().expect("journal").expect("entry").path();
    let journal = fs::read_to_string(path).expect("read");
    for cause in ["concept", "term", "misread", "reasoning"] {
        assert!(
            journal.contains("\"type\":\"diagnosis\"") && journal.contains(&format!("\"cause\":\"{cause}\"")),
            "{cause}"
        );
    }
    assert!(journal.contains("\"note\":\"read the stem twice\""));

    let export = std::process::Command::new(common::BIN)
        .args(["export", "latest"])
        .env("PROCTOR_DATA_DIR", dir.path())
        .output()
        .expect("export");
    let text = String::from_utf8(export.stdout).expect("utf8");
    for cause in ["concept", "term", "misread", "reasoning"] {
        assert!(text.contains(&format!(",{cause},confirmed,")), "{cause} in:\n{text}");
    }
    let json = std::process::Command::new(common::BIN)
        .args(["review", "latest", "--format", "json"])
        .env("PROCTOR_DATA_DIR", dir.path())
        .output()
        .expect("review");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["breakdown"]["unconfirmed"], 0);
    assert_eq!(v["breakdown"]["errors"], 4);
    let history = std::process::Command::new(common::BIN)
        .args(["history"])
        .env("PROCTOR_DATA_DIR", dir.path())
        .output()
        .expect("history");
    assert!(!String::from_utf8_lossy(&history.stdout).contains("unconfirmed"));
}
