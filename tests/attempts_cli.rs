//! `proctor attempt add|list|remove` through the real binary: a damaged `attempts.jsonl`
//! hides nothing but its bad line, impossible attempts are refused with their reason, and
//! an attempt recorded by mistake can be removed by its id without touching the others.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn proctor(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("proctor").expect("binary");
    c.env("PROCTOR_DATA_DIR", dir).current_dir(dir).timeout(Duration::from_secs(10));
    c
}

fn add(dir: &Path, bank: &str, date: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    proctor(dir).args(["attempt", "add", bank, "--date", date, "--result", "fail"]).args(extra).assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("utf-8")
}

fn list_json(dir: &Path) -> Value {
    let out = proctor(dir).args(["attempt", "list", "--format", "json"]).assert().success();
    serde_json::from_str(&stdout(&out)).expect("json")
}

/// One byte that is not UTF-8 hid every attempt: `attempt list` said none, the retake
/// planner computed the eligible date as if nothing had failed, and `attempt add` said
/// "recorded" while the list stayed empty.
#[test]
fn one_non_utf8_byte_in_attempts_hides_no_attempt() {
    let dir = tempfile::tempdir().expect("tempdir");
    add(dir.path(), "ccnp-scor", "2026-03-01", &[]).success();
    let path = dir.path().join("attempts.jsonl");
    let mut bytes = fs::read(&path).expect("read");
    bytes.extend_from_slice(b"\xff\n");
    fs::write(&path, &bytes).expect("write");
    let warning = format!(
        "proctor: warning: {}:2: corrupt record: not UTF-8 (byte 0xFF at column 1); fix or delete the line\n",
        path.display()
    );
    // The planner counts the failure of the 1st: Cisco's wait makes the 7th eligible.
    let out = proctor(dir.path()).args(["retake", "ccnp-scor", "--format", "json"]).assert().success();
    let plan: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(plan["eligibility"]["attempts"], 1);
    assert_eq!(plan["eligibility"]["earliest"], "2026-03-07");
    // A new attempt is recorded after the bad line and listed with the first.
    add(dir.path(), "ccnp-scor", "2026-03-08", &[])
        .success()
        .stdout(predicate::str::starts_with("recorded: ccnp-scor fail on 2026-03-08 (attempt "));
    let out = proctor(dir.path()).args(["attempt", "list"]).assert().success().stderr(warning.clone());
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0].contains("  2026-03-01  ccnp-scor      fail"), "{text}");
    assert!(rows[1].contains("  2026-03-08  ccnp-scor      fail"), "{text}");
    let doc = list_json(dir.path());
    assert_eq!(doc["attempts"].as_array().expect("attempts").len(), 2);
    assert_eq!(doc["problems"][0], warning.trim_end().trim_start_matches("proctor: warning: "));
    // The bad line is left where it was for the user to fix.
    assert!(fs::read(&path).expect("read").windows(2).any(|w| w == b"\xff\n"));
    // And doctor, which said nothing of this file, names the line and fails.
    proctor(dir.path())
        .arg("doctor")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("{}:2: corrupt record: not UTF-8", path.display())))
        .stdout(predicate::str::contains("0 journal(s) and 3 attempt record(s) checked, 1 problem(s)"));
}

/// Each impossible attempt is refused (exit 1) with what is wrong, and nothing is written.
#[test]
fn attempt_add_refuses_impossible_input_with_a_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    add(dir.path(), "netfund-quick", "2026-11-02", &["--domain", "services=40"]).success();
    let path = dir.path().join("attempts.jsonl");
    let before = fs::read(&path).expect("read");
    let id = list_json(dir.path())["attempts"][0]["id"].as_str().expect("id").to_owned();
    let today = chrono::Local::now().date_naive();
    let tomorrow = today.succ_opt().expect("tomorrow").to_string();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["--date", &tomorrow],
            format!("--date {tomorrow}: that is in the future (today is {today}); record an attempt once it is taken"),
        ),
        (vec!["--date", "1989-12-31"], "--date 1989-12-31: that is before 1990; check the year".into()),
        (vec!["--date", "26-1-1"], "--date 26-1-1: use YYYY-MM-DD with a four-digit year, such as 2026-03-01".into()),
        (
            vec!["--date", "2026-11-01", "--domain", "services=40", "--domain", "services=above"],
            "--domain services=above: domain `services` is given twice; give each domain once".into(),
        ),
        (
            vec!["--date", "2026-11-02", "--score", "700"],
            format!(
                "netfund-quick fail on 2026-11-02 is already recorded (attempt {id}); to correct it, run `proctor \
                 attempt remove {id}` and record it again"
            ),
        ),
    ];
    for (args, why) in cases {
        proctor(dir.path())
            .args(["attempt", "add", "netfund-quick", "--result", "fail"])
            .args(&args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(format!("proctor: {why}\n"));
    }
    assert_eq!(fs::read(&path).expect("read"), before, "nothing was written");
    // Today itself is fine.
    add(dir.path(), "netfund-quick", &today.to_string(), &[]).success();
}

/// `attempt remove ID` takes out exactly that attempt, rewriting the file atomically; the
/// ids `attempt list` shows stay the same for the others, and an unknown id is refused.
#[test]
fn attempt_remove_undoes_an_attempt_and_keeps_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Recorded out of order; listed oldest first.
    add(dir.path(), "netfund-quick", "2026-10-20", &["--domain", "switching=below"]).success();
    add(dir.path(), "netfund-quick", "2026-10-01", &["--score", "550"]).success();
    add(dir.path(), "secplus", "2026-10-21", &[]).success();
    let path = dir.path().join("attempts.jsonl");
    let lines: Vec<String> = fs::read_to_string(&path).expect("read").lines().map(str::to_owned).collect();
    let doc = list_json(dir.path());
    let ids: Vec<String> =
        doc["attempts"].as_array().expect("attempts").iter().map(|a| a["id"].as_str().expect("id").into()).collect();
    let dates: Vec<&str> =
        doc["attempts"].as_array().expect("attempts").iter().map(|a| a["date"].as_str().expect("date")).collect();
    assert_eq!(dates, ["2026-10-01", "2026-10-20", "2026-10-21"]);
    assert_eq!(
        doc["attempts"][1],
        serde_json::json!({
            "id": ids[1], "bank": "netfund-quick", "date": "2026-10-20", "result": "fail", "score": null,
            "domains": [{"id": "switching", "percent": null, "label": "needs-improvement"}],
        })
    );
    assert_eq!(doc["attempts"][0]["score"], 550);
    assert_eq!(doc["problems"], serde_json::json!([]));
    // `attempt list BANK` shows one bank's attempts, with the same ids.
    let out = proctor(dir.path()).args(["attempt", "list", "secplus"]).assert().success();
    assert!(stdout(&out).starts_with(&format!("{}  2026-10-21  secplus", ids[2])), "{}", stdout(&out));

    proctor(dir.path())
        .args(["attempt", "remove", &ids[1]])
        .assert()
        .success()
        .stdout(format!("removed: attempt {} (netfund-quick fail on 2026-10-20)\n", ids[1]));
    assert_eq!(fs::read_to_string(&path).expect("read"), format!("{}\n{}\n", lines[1], lines[2]));
    let after: Vec<Value> = list_json(dir.path())["attempts"].as_array().expect("attempts").clone();
    assert_eq!(after.iter().map(|a| a["id"].as_str().expect("id")).collect::<Vec<_>>(), [&ids[0], &ids[2]]);
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    proctor(dir.path())
        .args(["attempt", "remove", &ids[1]])
        .assert()
        .code(1)
        .stderr(format!("proctor: no attempt `{}` is recorded; `proctor attempt list` shows the ids\n", ids[1]));
    // Removed by mistake: recording it again gives it its id back.
    add(dir.path(), "netfund-quick", "2026-10-20", &["--domain", "switching=below"])
        .success()
        .stdout(format!("recorded: netfund-quick fail on 2026-10-20 (attempt {})\n", ids[1]));
}

/// Without any attempt recorded (or a data directory created), `remove` says so.
#[test]
fn attempt_remove_with_nothing_recorded_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("never-created");
    proctor(dir.path())
        .env("PROCTOR_DATA_DIR", &data)
        .args(["attempt", "remove", "0123abcd"])
        .assert()
        .code(1)
        .stderr("proctor: no attempt `0123abcd` is recorded; `proctor attempt list` shows the ids\n");
    assert!(!data.exists(), "removing nothing creates nothing");
}
