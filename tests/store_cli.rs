//! `proctor history`, `export` and `doctor` over a store written through the library.

use std::fs;
use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use chrono::{Duration, TimeZone, Utc};
use predicates::prelude::*;
use proctor::engine::bank::load::load_path;
use proctor::engine::blueprint::{draw, full_counts, rng_from_seed};
use proctor::engine::history::{Body, Journal, Recorder, Store};
use proctor::engine::session::{Command as Cmd, Event, Mode, Session, Settings};

fn mini() -> String {
    format!("{}/tests/fixtures/banks/valid/mini.yaml", env!("CARGO_MANIFEST_DIR"))
}

/// Takes a whole session with the engine and journals it, as the app does: every event
/// the session returns goes through the recorder to the journal.
fn write_session(dir: &Path, seed: u64, minute: u32, pick: usize) {
    write_session_of(dir, seed, minute, pick, Mode::Simulation, true);
}

/// `write_session` in the mode given, full-length or not.
fn write_session_of(dir: &Path, seed: u64, minute: u32, pick: usize, mode: Mode, full_length: bool) {
    let loaded = load_path(Path::new(&mini()), &Default::default()).expect("bank");
    let bank = &loaded.bank;
    let paper = draw(bank, &full_counts(bank, 4), &mut rng_from_seed(seed)).expect("draw");
    let settings = Settings { mode, limit_secs: Some(600), feedback: false, full_length };
    let mut s = Session::new(bank, paper, settings);
    let mut recorder = Recorder::new(&loaded, &s, seed);
    let store = Store::open(dir).expect("store");
    let mut journal: Option<Journal> = None;
    let mut write = |event: Event, s: &Session| {
        for mut rec in recorder.record(event, s) {
            match (&mut rec.body, journal.as_mut()) {
                (Body::Start(start), None) => journal = Some(store.begin_unique(start).expect("begin")),
                (_, Some(j)) => j.append(&rec).expect("append"),
                (_, None) => panic!("a record before the start"),
            }
        }
    };
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, minute, 0).single().expect("date");
    let started = s.apply(Cmd::Start, t0).expect("start");
    write(started, &s);
    let mut now = t0;
    while !s.is_finished() {
        now += Duration::seconds(30);
        let _ = s.apply(Cmd::Select(pick), now);
        let submitted = match s.apply(Cmd::Submit { confirmed: false }, now) {
            Ok(e) => e,
            Err(_) => s.apply(Cmd::Submit { confirmed: true }, now).expect("submit"),
        };
        write(submitted, &s);
    }
}

fn proctor(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("proctor").expect("binary");
    c.env("PROCTOR_DATA_DIR", dir).current_dir(dir);
    c
}

#[test]
fn history_lists_newest_first_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 1, 0, 0);
    write_session(dir.path(), 2, 30, 1);
    let out = proctor(dir.path()).args(["history"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).expect("utf8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("SESSION"));
    assert!(lines[1].contains("-093000-mini-") && lines[2].contains("-090000-mini-"), "{text}");
    let json = proctor(dir.path()).args(["history", "--format", "json"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    proctor(dir.path())
        .args(["history", "mini", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("session,bank,mode").and(predicate::str::contains(",completed,4,")));
    proctor(dir.path())
        .args(["history", "ccnp-scor"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No sessions"));
}

#[test]
fn export_names_each_answer_with_a_cause() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 3, 0, 1);
    let out = proctor(dir.path()).args(["export", "latest"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).expect("utf8");
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.lines().skip(1).all(|l| l.starts_with("2026")), "{text}");
    // Every wrong answer gets a suggested cause.
    let header: Vec<&str> = text.lines().next().unwrap_or_default().split(',').collect();
    let correct = header.iter().position(|h| *h == "correct").expect("a correct column");
    assert_eq!(header[5..9], ["type", "selection", "correct", "credit"], "{text}");
    let wrong: Vec<&str> = text.lines().skip(1).filter(|l| l.split(',').nth(correct) == Some("false")).collect();
    assert!(!wrong.is_empty(), "{text}");
    for l in wrong {
        assert!(l.contains(",suggested"), "{l}");
    }
    let json = proctor(dir.path())
        .args(["export", "--all", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(4));
    // What does not apply is null, not an empty string.
    let answered = v.as_array().into_iter().flatten().find(|r| r["correct"] == true).expect("a right answer");
    for field in ["unanswered", "cause", "cause_source", "reason", "note"] {
        assert!(answered[field].is_null(), "{field} in {answered}");
    }
    assert_eq!(answered["type"], "choice");
    assert_eq!(answered["credit"], 1.0);
    proctor(dir.path())
        .args(["export", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no session `nope`"));
}

#[test]
fn doctor_finds_corruption_and_rebuilds_the_index_identically() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 1, 0, 0);
    write_session(dir.path(), 2, 10, 1);
    proctor(dir.path()).args(["doctor", "--rebuild-index"]).assert().success();
    let index = fs::read(dir.path().join("index.json")).expect("index");
    proctor(dir.path()).args(["doctor"]).assert().success().stdout(predicate::str::contains("0 problem(s)"));
    fs::remove_file(dir.path().join("index.json")).expect("rm");
    proctor(dir.path()).args(["doctor"]).assert().code(1).stdout(predicate::str::contains("missing"));
    proctor(dir.path()).args(["doctor", "--rebuild-index"]).assert().success();
    assert_eq!(fs::read(dir.path().join("index.json")).expect("index"), index);

    // A corrupt record in the middle of one journal: reported with file:line, file untouched.
    let sessions = dir.path().join("sessions");
    let mut paths: Vec<_> = fs::read_dir(&sessions).expect("dir").map(|e| e.expect("entry").path()).collect();
    paths.sort();
    let text = fs::read_to_string(&paths[0]).expect("read");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2] = "{\"v\":1,\"type\":\"answer\",oops}";
    let broken = lines.join("\n") + "\n";
    fs::File::create(&paths[0]).expect("create").write_all(broken.as_bytes()).expect("write");
    proctor(dir.path()).args(["doctor"]).assert().code(1).stdout(predicate::str::contains(".jsonl:3: corrupt record"));
    assert_eq!(fs::read_to_string(&paths[0]).expect("read"), broken);
    // The other session is still listed.
    proctor(dir.path()).args(["history"]).assert().success().stdout(predicate::str::contains("-091000-mini-"));
}

#[test]
fn no_home_directory_asks_for_data_dir() {
    let mut c = Command::cargo_bin("proctor").expect("binary");
    c.env_clear().env("PATH", "/usr/bin:/bin").args(["history"]);
    c.assert().code(1).stderr(predicate::str::contains("--data-dir"));
}

/// The journal of the only session in `dir`.
fn only_journal(dir: &Path) -> std::path::PathBuf {
    let sessions: Vec<_> = fs::read_dir(dir.join("sessions")).expect("sessions").filter_map(Result::ok).collect();
    assert_eq!(sessions.len(), 1);
    sessions[0].path()
}

/// Makes the session in `dir` interrupted: its finish record removed.
fn interrupt(dir: &Path) -> std::path::PathBuf {
    let path = only_journal(dir);
    let text = fs::read_to_string(&path).expect("journal");
    let kept: String = text.lines().filter(|l| !l.contains("\"type\":\"finish\"")).map(|l| format!("{l}\n")).collect();
    fs::write(&path, kept).expect("write");
    path
}

#[test]
fn history_lists_interrupted_sessions_with_their_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 1, 0, 0);
    interrupt(dir.path());
    let out = proctor(dir.path()).args(["history"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).expect("utf8");
    assert!(!text.contains("No sessions yet"), "{text}");
    assert!(text.contains("interrupted") && text.contains("4 of 4 answered"), "{text}");
}

#[test]
fn doctor_is_quiet_about_a_session_in_progress_or_interrupted() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 1, 0, 0);
    proctor(dir.path()).args(["doctor", "--rebuild-index"]).assert().success();
    write_session(dir.path(), 2, 30, 1);
    let path = dir.path().join("sessions");
    // The newer session is interrupted (or still being taken in another window).
    let newest =
        fs::read_dir(&path).expect("sessions").filter_map(Result::ok).map(|e| e.path()).max().expect("a journal");
    let text = fs::read_to_string(&newest).expect("journal");
    let kept: String = text.lines().filter(|l| !l.contains("\"type\":\"finish\"")).map(|l| format!("{l}\n")).collect();
    fs::write(&newest, kept).expect("write");
    proctor(dir.path())
        .args(["doctor"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 session(s) in progress or interrupted"))
        .stdout(predicate::str::contains("out of date").not());
}

#[test]
fn doctor_reports_a_copied_journal_and_history_counts_it_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 1, 0, 0);
    let path = only_journal(dir.path());
    fs::copy(&path, dir.path().join("sessions").join("copy.jsonl")).expect("copy");
    proctor(dir.path())
        .args(["doctor"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("copy.jsonl: the same session as"));
    let out = proctor(dir.path()).args(["history", "--format", "json"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
}

#[test]
fn a_finished_session_missing_from_the_index_shows_in_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 1, 0, 0);
    proctor(dir.path()).args(["doctor", "--rebuild-index"]).assert().success();
    // A second session whose index update never happened (killed, or the disk was full).
    write_session(dir.path(), 2, 30, 1);
    let out = proctor(dir.path()).args(["history", "--format", "json"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(2), "{v}");
    proctor(dir.path()).args(["doctor"]).assert().success();
}

#[test]
fn rebuild_index_refuses_to_write_an_empty_index_over_a_good_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 1, 0, 0);
    proctor(dir.path()).args(["doctor", "--rebuild-index"]).assert().success();
    let index = fs::read_to_string(dir.path().join("index.json")).expect("index");
    fs::rename(dir.path().join("sessions"), dir.path().join("elsewhere")).expect("move");
    proctor(dir.path())
        .args(["doctor", "--rebuild-index"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("was kept"));
    assert_eq!(fs::read_to_string(dir.path().join("index.json")).expect("index"), index);
}

#[test]
fn doctor_names_a_journal_written_by_a_newer_proctor() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 1, 0, 0);
    let path = only_journal(dir.path());
    let text = fs::read_to_string(&path).expect("journal").replacen("\"v\":1", "\"v\":99", 1);
    fs::write(&path, text).expect("write");
    proctor(dir.path())
        .args(["doctor"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("written by a newer Proctor"));
}

#[test]
fn progress_json_has_the_estimate_and_what_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (seed, minute) in [(1, 0), (2, 20), (3, 40)] {
        write_session(dir.path(), seed, minute, 0);
    }
    let out = proctor(dir.path())
        .args(["progress", &mini(), "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let e = &v["readiness"]["estimate"];
    assert!(e.get("pass_probability").is_some() && e.get("interval").is_some(), "{e}");
    assert_eq!(e["answers_used"], 12);
    assert_eq!(v["readiness"]["estimate_trend"].as_array().map(Vec::len), Some(3), "one per counted simulation");
    let scores = v["readiness"]["scores"].as_array().expect("scores");
    assert_eq!(scores.len(), 3);
    for s in scores {
        assert_eq!(s["counted"], true);
        assert!(s["reason"].is_null() && s.get("new_questions").is_some() && s.get("fresh_score").is_some(), "{s}");
    }
}

#[test]
fn a_real_exam_score_is_set_against_what_practice_said_and_can_adjust_the_estimate() {
    let dir = tempfile::tempdir().expect("tempdir");
    for k in 0..24u32 {
        write_session(dir.path(), u64::from(k) + 1, k * 2, (k % 2) as usize);
    }
    proctor(dir.path())
        .args(["attempt", "add", &mini(), "--date", "2026-03-05", "--result", "fail", "--score", "20%"])
        .assert()
        .success();
    let bank = mini();
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["progress", bank.as_str(), "--format", "json"];
        args.extend_from_slice(extra);
        let out = proctor(dir.path()).args(&args).assert().success().get_output().stdout.clone();
        serde_json::from_slice(&out).expect("json")
    };
    let v = json(&[]);
    let c = &v["calibration"][0];
    assert_eq!(c["exam"], 20.0, "{v}");
    let practice = c["practice"].as_f64().expect("practice");
    let gap = c["gap"].as_f64().expect("gap");
    assert!((practice - 20.0 - gap).abs() < 0.11, "{c}");
    let reasons = v["readiness"]["verdict"]["reasons"].to_string();
    assert!(reasons.contains("the exam on 2026-03-05 said 20.0%"), "{reasons}");
    let before = v["readiness"]["estimate"]["expected_score"].as_f64().expect("estimate");
    let adjusted = json(&["--adjust"]);
    assert_eq!(adjusted["adjusted_by"], gap);
    let after = adjusted["readiness"]["estimate"]["expected_score"].as_f64().expect("adjusted");
    assert!((before - gap - after).abs() < 0.11 || after == 0.0, "{before} - {gap} != {after}");
}

#[test]
fn review_format_text_was_accepted_then_failed_for_want_of_a_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 4, 0, 0);
    write_session(dir.path(), 5, 30, 1);
    let out = proctor(dir.path())
        .args(["review", "latest", "--format", "text"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("Session ") && lines[0].contains("-093000-mini-") && lines[0].ends_with("(mini)"),
        "{text}"
    );
    assert!(
        text.contains("DOMAIN") && text.contains("CONCEPT") && text.contains("NOT-REACHED") && text.contains("ADVICE"),
        "{text}"
    );
    let json = proctor(dir.path())
        .args(["review", "latest", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
    let errors = v["breakdown"]["errors"].as_u64().expect("errors");
    let total = lines.iter().find(|l| l.starts_with("TOTAL")).expect("a TOTAL row");
    assert_eq!(total.split_whitespace().nth(2), Some(errors.to_string().as_str()), "{text}");
    assert!(text.contains(&format!("{errors} error(s), ")), "{text}");
    assert!(text.contains("Since each question's last answer (1 earlier session(s), the latest "), "{text}");
    assert!(text.contains(" fixed, "), "{text}");
    assert_eq!(v["since_last"]["sessions"], 1, "{v}");
    let items = v["items"].as_array().expect("items").len();
    if items > 0 {
        assert!(text.contains("ITEM  QUESTION"), "{text}");
        assert!(text.contains("(suggested)"), "{text}");
    }
}

#[test]
fn export_with_no_argument_did_not_mention_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    proctor(dir.path())
        .args(["export"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give a session id, `latest`, or `--all`"))
        .stderr(predicate::str::contains("Usage: proctor export"));
    proctor(dir.path())
        .args(["export", "latest", "--all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn history_of_an_unknown_bank_said_no_sessions_yet_and_exited_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session(dir.path(), 6, 0, 0);
    for format in ["table", "json", "csv"] {
        proctor(dir.path())
            .args(["history", "nosuchbank", "--format", format])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("no bank `nosuchbank` and no sessions of it; the known bank ids are "))
            .stderr(predicate::str::contains("ccnp-scor"));
    }
    // A bank with sessions is listed even when the catalog no longer has it (`mini` was
    // taken by path), and a catalog bank without sessions is an empty history.
    proctor(dir.path()).args(["history", "mini"]).assert().success().stdout(predicate::str::contains("-mini-"));
    proctor(dir.path())
        .args(["history", "ccnp-scor", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("[]"));
}

#[test]
fn history_table_said_full_or_short_where_csv_and_json_said_the_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_session_of(dir.path(), 7, 0, 0, Mode::Simulation, true);
    write_session_of(dir.path(), 8, 10, 0, Mode::Simulation, false);
    write_session_of(dir.path(), 9, 20, 0, Mode::Drill, false);
    let out = proctor(dir.path()).args(["history"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).expect("utf8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    let mode = |l: &str| l.split_whitespace().nth(2).map(str::to_owned);
    // Newest first: the drill, the shortened simulation, the full one.
    assert_eq!(mode(lines[0]).as_deref(), Some("MODE"), "{text}");
    assert_eq!(mode(lines[1]).as_deref(), Some("drill"), "{text}");
    assert_eq!(mode(lines[2]).as_deref(), Some("simulation"), "{text}");
    assert_eq!(mode(lines[3]).as_deref(), Some("simulation"), "{text}");
    assert!(lines[2].contains("completed   shortened"), "{text}");
    assert!(!lines[1].contains("shortened") && !lines[3].contains("shortened"), "{text}");
    assert!(!text.contains(" full ") && !text.contains(" short "), "{text}");
    let csv = proctor(dir.path()).args(["history", "--format", "csv"]).assert().success().get_output().stdout.clone();
    let csv = String::from_utf8(csv).expect("utf8");
    let modes: Vec<(&str, &str)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2], f[3])
        })
        .collect();
    assert_eq!(modes, [("drill", "false"), ("simulation", "false"), ("simulation", "true")], "{csv}");
}
