//! SIGKILL of the terminal app itself at random moments of an exam — between keys, while
//! an answer is being journaled, during the final answer and the index rewrite — then a
//! restart: every answer the app showed as taken is in the journal, and every session is
//! in the history afterwards. `PROCTOR_CRASH_RUNS` sets the number of kills (30 by
//! default; the long run uses 200 or more).

mod common;

use std::fs;
use std::path::Path;

use common::Pty;

/// A small deterministic generator (the test must be repeatable, not clever).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

/// Answer lines across every journal of the store at `dir`.
fn journaled_answers(dir: &Path) -> usize {
    let Ok(rd) = fs::read_dir(dir.join("sessions")) else { return 0 };
    rd.filter_map(Result::ok)
        .filter_map(|e| fs::read_to_string(e.path()).ok())
        .map(|t| t.lines().filter(|l| l.contains("\"type\":\"answer\"")).count())
        .sum()
}

fn history_len(dir: &Path) -> usize {
    let out = std::process::Command::new(common::BIN)
        .args(["history", "--format", "json"])
        .env("PROCTOR_DATA_DIR", dir)
        .current_dir(dir)
        .output()
        .expect("history");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array().map_or(0, Vec::len)
}

#[test]
fn sigkill_of_the_app_at_random_moments_loses_no_answer_and_no_session() {
    let runs: u64 = std::env::var("PROCTOR_CRASH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rng = Lcg(0x5eed);
    let mut sessions = 0;
    for run in 0..runs {
        let seed = run.to_string();
        let mut p = Pty::proctor(&["exam", "netfund-quick", "--seed", &seed], dir.path());
        // An earlier run's session may be waiting: it is scored as abandoned first.
        let s = p.wait_until(|s| s.contains("Exam rules") || s.contains("Interrupted exam"), 10);
        if s.contains("Interrupted exam") {
            p.send("n");
            // The rules of the bank asked for (or home with that bank selected).
            let s = p.wait_until(|s| s.contains("Exam rules") || s.contains("Banks"), 10);
            if !s.contains("Exam rules") {
                p.send("\r");
                p.wait_for("Exam rules", 10);
            }
        }
        p.send("\r");
        p.wait_for("Question 1 of 12", 10);
        sessions += 1;
        let before = journaled_answers(dir.path());
        // Kill while answering question `at` (12 = the final answer, with its finish and
        // the index rewrite).
        let at = 1 + rng.next(12);
        let mut shown = 0;
        for n in 1..=at {
            p.send("a");
            let mark = p.output_len();
            p.type_keys("\r");
            if n == at {
                // A random moment of the reaction: after 0 to 2000 bytes of the next frame
                // (or the whole frame, when it is shorter).
                let bytes = rng.next(2000);
                if bytes > 0 {
                    p.wait_output(mark, mark + bytes, 5);
                }
                // What the screen shows now is what the candidate was told.
                let s = p.screen();
                if s.contains(&format!("Question {} of 12", n + 1)) || s.contains("Results") {
                    shown = n;
                }
                break;
            }
            let s = p.wait_until(
                |s| s.contains(&format!("Question {} of 12", n + 1)) || s.contains("Submit an incomplete"),
                10,
            );
            if s.contains("Submit an incomplete") {
                p.send("y");
                p.wait_until(|s| s.contains(&format!("Question {} of 12", n + 1)) || s.contains("Results"), 10);
            }
            shown = n;
        }
        p.signal("KILL");
        p.wait_exit(10);
        let after = journaled_answers(dir.path());
        assert!(
            after - before >= shown as usize,
            "run {run}: {shown} answer(s) shown as taken, {} journaled",
            after - before
        );
    }
    // Restart once more: the last interrupted session is closed, and every session taken
    // is in the history.
    let mut p = Pty::proctor(&[], dir.path());
    let s = p.wait_until(|s| s.contains("Banks") || s.contains("Interrupted exam"), 10);
    if s.contains("Interrupted exam") {
        p.send("n");
        p.wait_for("Banks", 10);
    }
    p.send("q");
    p.wait_exit(10);
    assert_eq!(history_len(dir.path()), sessions, "every session is in the history");
}
