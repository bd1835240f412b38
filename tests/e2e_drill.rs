//! End to end: two short simulations in which one domain is answered wrongly, then a
//! `--weak` drill that must draw mostly from that domain. The right answers are read from
//! the journal's frozen paper, as a candidate who knows them would pick them.

mod common;

use std::fs;
use std::path::Path;

use common::Pty;
use serde_json::Value;

fn start_records(dir: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir.join("sessions")) else { return out };
    for e in entries {
        let text = fs::read_to_string(e.expect("entry").path()).expect("read");
        let first = text.lines().next().expect("start line");
        out.push(serde_json::from_str(first).expect("json"));
    }
    out
}

/// Takes one short simulation, answering every question right except those of `wrong`.
fn simulate(dir: &Path, seed: &str, wrong: &str) {
    let before = start_records(dir).len();
    let mut p = Pty::proctor(&["exam", "netfund-quick", "--questions", "8", "--seed", seed], dir);
    p.wait_for("Exam rules", 10);
    p.send("\r");
    p.wait_for("Question 1 of 8", 10);
    let starts = start_records(dir);
    assert_eq!(starts.len(), before + 1);
    let start = starts.into_iter().find(|s| s["seed"] == seed.parse::<u64>().expect("seed")).expect("this session");
    let paper = start["paper"].as_array().expect("paper").clone();
    for (i, item) in paper.iter().enumerate() {
        p.wait_for(&format!("Question {} of 8", i + 1), 10);
        let order: Vec<u64> =
            item["order"].as_array().expect("order").iter().map(|v| v.as_u64().expect("u64")).collect();
        let correct: Vec<u64> =
            item["correct"].as_array().expect("correct").iter().map(|v| v.as_u64().expect("u64")).collect();
        let keys: Vec<char> = if item["domain"] == wrong {
            let pos = order.iter().position(|o| !correct.contains(o)).expect("a wrong option");
            vec![(b'a' + pos as u8) as char]
        } else {
            order
                .iter()
                .enumerate()
                .filter(|(_, o)| correct.contains(o))
                .map(|(p, _)| (b'a' + p as u8) as char)
                .collect()
        };
        for k in keys {
            p.send(&k.to_string());
        }
        p.send("\r");
        let next = if i + 1 < paper.len() { format!("Question {} of 8", i + 2) } else { "Results".to_owned() };
        let s = p.wait_until(|s| s.contains("Submit an incomplete") || s.contains(&next), 10);
        if s.contains("Submit an incomplete") {
            p.send("y");
        }
    }
    let s = p.wait_for("Results", 10);
    assert!(s.contains("IP Addressing and Subnet"), "{s}");
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
}

#[test]
fn weak_drill_draws_mostly_from_the_worst_domain() {
    let dir = tempfile::tempdir().expect("tempdir");
    simulate(dir.path(), "11", "addressing");
    simulate(dir.path(), "12", "addressing");

    let progress = std::process::Command::new(common::BIN)
        .args(["progress", "netfund-quick", "--format", "json"])
        .env("PROCTOR_DATA_DIR", dir.path())
        .output()
        .expect("progress");
    let v: Value = serde_json::from_slice(&progress.stdout).expect("json");
    let weak: Vec<&str> = v["ranking"]
        .as_array()
        .expect("ranking")
        .iter()
        .filter(|w| w["weak"] == true)
        .map(|w| w["id"].as_str().expect("id"))
        .collect();
    assert_eq!(weak, vec!["addressing"]);

    let mut p = Pty::proctor(&["drill", "netfund-quick", "--weak", "--seed", "5"], dir.path());
    let s = p.wait_for("70% on the weak domains: IP Addressing and Subnetting", 10);
    assert!(s.contains("Questions:      20"), "{s}");
    p.send("\r");
    let s = p.wait_for("Question 1 of 20", 10);
    // Drills show the domain on the question screen.
    assert!(
        ["Network Models", "IP Addressing", "Switching and Routing", "Network Services"].iter().any(|d| s.contains(d)),
        "{s}"
    );
    let drill = start_records(dir.path()).into_iter().find(|s| s["mode"] == "drill").expect("drill journal");
    let domains: Vec<&str> =
        drill["paper"].as_array().expect("paper").iter().map(|i| i["domain"].as_str().expect("domain")).collect();
    let count = |d: &str| domains.iter().filter(|x| **x == d).count();
    // 70% of 20 is 14, but the domain holds 12: all 12, the rest lent to the others.
    assert_eq!(count("addressing"), 12, "{domains:?}");
    for other in ["models", "switching", "services"] {
        assert!(count(other) < count("addressing"), "{domains:?}");
    }
    p.signal("TERM");
    assert_eq!(p.wait_exit(10), 143);
}

/// The drill options from home: a five-question untimed drill of one chosen domain, set
/// with the arrows and Space, lands in the journal as chosen.
#[test]
fn drill_options_from_home_reach_the_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = Pty::proctor(&[], dir.path());
    p.wait_for("netfund-quick", 10);
    p.send("\x1b[B");
    p.send("\x1b[B");
    p.wait_for("▸ netfund-quick", 10);
    p.send("d");
    p.wait_for("What to drill", 10);
    // Chosen domains; tick the first (Network Models and Protocols).
    p.send("\x1b[C");
    p.wait_for("[ ] Network Models and Protocols", 10);
    p.send("\x1b[B");
    p.send(" ");
    p.wait_for("[x] Network Models and Protocols", 10);
    // Down past the other three domains to the count: 20, within the domain's 12, → 10 → 5.
    for _ in 0..4 {
        p.send("\x1b[B");
    }
    p.wait_for("◀ 12 ▶  of 12 in the ticked domains", 10);
    for _ in 0..2 {
        p.send("\x1b[D");
    }
    p.wait_for("◀ 5 ▶", 10);
    p.send("\x1b[B");
    p.send(" ");
    p.wait_for("◀ untimed ▶", 10);
    p.send("\r");
    let rules = p.wait_for("on Network Models and Protocols", 10);
    assert!(rules.contains("Questions:      5"), "{rules}");
    assert!(rules.contains("untimed"), "{rules}");
    // Esc on the rules is back to the options, as they were set.
    p.send("\x1b");
    p.wait_for("◀ untimed ▶", 10);
    p.send("\r");
    p.wait_for("on Network Models and Protocols", 10);
    p.send("\r");
    p.wait_for("Question 1 of 5", 10);
    let drill = start_records(dir.path()).into_iter().find(|s| s["mode"] == "drill").expect("drill journal");
    let domains: Vec<&str> =
        drill["paper"].as_array().expect("paper").iter().map(|i| i["domain"].as_str().expect("domain")).collect();
    assert_eq!(domains, vec!["models"; 5]);
    assert!(drill["deadline"].is_null(), "untimed: {drill}");
    p.signal("TERM");
    assert_eq!(p.wait_exit(10), 143);
}
