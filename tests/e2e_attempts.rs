//! End to end: a failed real attempt with domain results makes `drill --weak` pick those
//! domains from the first day; `attempt list` and `retake` report it; the progress screen
//! lists the attempts and removes one.

mod common;

use std::fs;

use assert_cmd::Command;
use common::Pty;
use predicates::prelude::*;
use serde_json::Value;

fn proctor(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("proctor").expect("binary");
    c.env("PROCTOR_DATA_DIR", dir);
    c
}

#[test]
fn a_failed_attempt_steers_the_weak_drill() {
    let dir = tempfile::tempdir().expect("tempdir");
    proctor(dir.path())
        .args(["attempt", "add", "netfund-quick", "--date", "2026-11-02", "--result", "fail", "--score", "61"])
        .args(["--domain", "switching=below", "--domain", "services=40", "--domain", "models=above"])
        .assert()
        .success()
        .stdout(predicate::str::contains("recorded: netfund-quick fail on 2026-11-02"));
    proctor(dir.path())
        .args(["attempt", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("switching=Needs improvement services=40%"));
    proctor(dir.path())
        .args(["attempt", "add", "netfund-quick", "--date", "2026-13-02", "--result", "fail"])
        .assert()
        .failure();
    proctor(dir.path())
        .args(["attempt", "add", "netfund-quick", "--date", "2026-11-02", "--result", "fail", "--domain", "nope=3"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no domain `nope`"));

    let mut p = Pty::proctor(&["drill", "netfund-quick", "--seed", "4"], dir.path());
    let s = p.wait_for("70% on the weak domains", 10);
    assert!(s.contains("Network Services and Troubleshooting") && s.contains("Switching and Routing"), "{s}");
    p.send("\r");
    p.wait_for("Question 1 of 20", 10);
    let entry = fs::read_dir(dir.path().join("sessions")).expect("dir").next().expect("journal").expect("entry");
    let text = fs::read_to_string(entry.path()).expect("read");
    let start: Value = serde_json::from_str(text.lines().next().expect("start")).expect("json");
    let domains: Vec<&str> =
        start["paper"].as_array().expect("paper").iter().map(|i| i["domain"].as_str().expect("d")).collect();
    let n = |d: &str| domains.iter().filter(|x| **x == d).count();
    // 14 of 20 on the two weak domains, split by rank (services 1000 : switching 625).
    assert_eq!(n("services") + n("switching"), 14, "{domains:?}");
    assert!(n("services") > n("switching"), "{domains:?}");
    p.signal("TERM");
    assert_eq!(p.wait_exit(10), 143);
}

#[test]
fn retake_plan_follows_the_vendor_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    proctor(dir.path())
        .args(["attempt", "add", "ccnp-scor", "--date", "2026-03-01", "--result", "fail"])
        .assert()
        .success();
    let out = proctor(dir.path())
        .args(["retake", "ccnp-scor", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["eligibility"]["earliest"], "2026-03-07");
    assert_eq!(v["ready"], false);
    // The verdict's own reason, in the words `progress` uses, and a date already past as "now".
    let suggestion = v["suggestion"].as_str().expect("s");
    assert!(suggestion.starts_with("not yet: 0 of the 3 full-length timed simulations needed so far"), "{suggestion}");
    assert!(suggestion.ends_with("(eligible now)"), "{suggestion}");
    proctor(dir.path())
        .args(["retake", "ccnp-scor"])
        .assert()
        .success()
        .stdout(predicate::str::contains("last checked 2026-11-01"));
    // A bank without a vendor has no retake rules.
    proctor(dir.path())
        .args(["retake", "netfund-quick"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("names no `vendor:`"));
}

/// The progress screen lists the attempts recorded with `proctor attempt add`, and `x`
/// then `y` removes the chosen one from `attempts.jsonl` (Enter keeps it).
#[test]
fn attempts_are_listed_and_removed_on_the_progress_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (date, score) in [("2026-08-10", "55"), ("2026-11-02", "61")] {
        proctor(dir.path())
            .args(["attempt", "add", "netfund-quick", "--date", date, "--result", "fail", "--score", score])
            .assert()
            .success();
    }
    let mut p = Pty::proctor(&[], dir.path());
    p.wait_for("▸ ccnp-scor", 10);
    p.send("\x1b[B");
    p.send("\x1b[B");
    p.wait_for("▸ netfund-quick", 10);
    p.send("p");
    p.wait_for("Progress ·", 10);
    for _ in 0..30 {
        p.send("\x1b[6~");
    }
    let s = p.wait_for("Real exam attempts", 10);
    assert!(s.contains("› 2026-11-02  fail 61"), "newest first, chosen: {s}");
    p.send("\x1b[C");
    p.wait_for("› 2026-08-10", 10);
    p.send("x");
    p.wait_for("Remove the real exam attempt of 2026-08-10 fail 55?", 10);
    p.send("\r");
    p.wait_until(|s| !s.contains("Remove the real exam attempt"), 10);
    assert_eq!(fs::read_to_string(dir.path().join("attempts.jsonl")).expect("attempts").lines().count(), 2);
    p.send("x");
    p.wait_for("Remove the real exam attempt of 2026-08-10 fail 55?", 10);
    p.send("y");
    p.wait_for("Removed the attempt of 2026-08-10.", 10);
    let left = fs::read_to_string(dir.path().join("attempts.jsonl")).expect("attempts");
    assert_eq!(left.lines().count(), 1, "{left}");
    assert!(left.contains("2026-11-02"), "{left}");
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
}
