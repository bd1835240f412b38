//! `proctor plan`, `proctor drill --due` and `proctor retake --book` through the real
//! binary, over a store written through the library: the plan as a table and as JSON, to
//! a date given or booked, what three days cannot fit, the message without a date, and the
//! due reviews printed or refused without a terminal.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use chrono::{Days, Local, NaiveDate, Utc};
use predicates::prelude::*;
use proctor::engine::bank::load::load_path;
use proctor::engine::blueprint::{draw, full_counts, rng_from_seed};
use proctor::engine::history::{Body, Journal, Recorder, Store};
use proctor::engine::session::{Command as Cmd, Event, Mode, Session, Settings};
use serde_json::Value;

fn mini() -> String {
    format!("{}/tests/fixtures/banks/valid/mini.yaml", env!("CARGO_MANIFEST_DIR"))
}

fn proctor(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("proctor").expect("binary");
    c.env("PROCTOR_DATA_DIR", dir).current_dir(dir).timeout(Duration::from_secs(20));
    c
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn in_days(n: u64) -> String {
    today().checked_add_days(Days::new(n)).expect("date").to_string()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("utf-8")
}

/// A drill of the whole mini bank taken yesterday, option `pick` everywhere; the ids of
/// the questions it got wrong.
fn drill_yesterday(dir: &Path, pick: usize) -> Vec<String> {
    let loaded = load_path(Path::new(&mini()), &Default::default()).expect("bank");
    let bank = &loaded.bank;
    let paper = draw(bank, &full_counts(bank, 4), &mut rng_from_seed(5)).expect("draw");
    let settings = Settings { mode: Mode::Drill, limit_secs: Some(600), feedback: false, full_length: false };
    let mut s = Session::new(bank, paper, settings);
    let mut recorder = Recorder::new(&loaded, &s, 5);
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
    let t0 = Utc::now() - chrono::Duration::days(1);
    let started = s.apply(Cmd::Start, t0).expect("start");
    write(started, &s);
    let mut now = t0;
    while !s.is_finished() {
        now += chrono::Duration::seconds(100);
        let _ = s.apply(Cmd::Select(pick), now);
        let submitted = match s.apply(Cmd::Submit { confirmed: false }, now) {
            Ok(e) => e,
            Err(_) => s.apply(Cmd::Submit { confirmed: true }, now).expect("submit"),
        };
        write(submitted, &s);
    }
    s.answers().iter().filter(|a| !a.correct).map(|a| a.question.0.clone()).collect()
}

#[test]
fn plan_without_a_date_names_until_and_the_retake_planner() {
    let dir = tempfile::tempdir().expect("tempdir");
    proctor(dir.path())
        .args(["plan", &mini()])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no exam date for mini: give one with `proctor plan mini --until YYYY-MM-DD`"))
        .stderr(predicate::str::contains("`proctor retake mini --book YYYY-MM-DD`"))
        .stderr(predicate::str::contains("`proctor attempt add`"));
    // A date that is not one is a usage error naming the shape.
    proctor(dir.path())
        .args(["plan", &mini(), "--until", "next friday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("use YYYY-MM-DD"));
    proctor(dir.path())
        .args(["plan", &mini(), "--until", &today().to_string()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not after today"));
}

#[test]
fn plan_until_a_date_as_a_table_and_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missed = drill_yesterday(dir.path(), 1);
    assert!(!missed.is_empty());
    let exam = in_days(10);
    let out = proctor(dir.path()).args(["plan", &mini(), "--until", &exam, "--format", "json"]).assert().success();
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["exam"], exam);
    assert_eq!(v["source"], "until");
    let days = v["days"].as_array().expect("days");
    assert_eq!(days.len(), 10);
    assert_eq!(days[0]["date"], today().to_string());
    for d in days {
        assert!(d["date"].is_string() && d["due"].is_u64() && d["drill"].is_object() && d["simulation"].is_boolean());
    }
    // Today's reviews are the questions missed yesterday.
    assert_eq!(days[0]["due"], missed.len());
    let sims: Vec<usize> = (0..10).filter(|&i| days[i]["simulation"] == true).collect();
    assert_eq!(sims.len(), 3, "{sims:?}");
    assert!(sims.windows(2).all(|w| w[1] - w[0] >= 2) && !sims.contains(&9), "{sims:?}");
    assert_eq!(days[9]["light"], true);
    assert!(v["today_line"].as_str().expect("line").starts_with("today: "));
    assert_eq!(v["due_today"]["items"].as_array().map(Vec::len), Some(missed.len()));
    assert!(v["fit"]["fits"].is_array() && v["fit"]["does_not_fit"].is_array());
    // The same plan as a table: a row a day, the exam, and what fits.
    let out = proctor(dir.path()).args(["plan", &mini(), "--until", &exam]).assert().success();
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("Mini practice exam — plan to the exam on {exam} (--until; 10 days from today")),
        "{text}"
    );
    assert!(text.contains("DATE        DAY  DUE  DRILL  SIMULATION  DRILL BY DOMAIN"), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with(char::is_numeric)).collect();
    assert_eq!(rows.len(), 11, "{text}");
    assert!(rows[10].ends_with("exam"));
    assert!(rows[9].ends_with("(light: the eve of the exam)"), "{text}");
    assert_eq!(rows.iter().filter(|r| r.contains(" full ") || r.ends_with(" full")).count(), 3, "{text}");
    assert!(text.contains("Fits: in 10 days: "), "{text}");
}

#[test]
fn three_days_out_the_plan_says_what_it_can_and_cannot_fit() {
    let dir = tempfile::tempdir().expect("tempdir");
    drill_yesterday(dir.path(), 1);
    let out =
        proctor(dir.path()).args(["plan", &mini(), "--until", &in_days(3), "--format", "json"]).assert().success();
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["fit"]["simulations_planned"], 1);
    let no = v["fit"]["does_not_fit"].as_array().expect("list");
    assert!(no[0].as_str().expect("text").starts_with("only 1 of the 3 full simulations"), "{no:?}");
    let out = proctor(dir.path()).args(["plan", &mini(), "--until", &in_days(3)]).assert().success();
    let text = stdout(&out);
    assert!(text.contains("Fits: in 3 days: "), "{text}");
    assert!(text.contains("Does not fit: only 1 of the 3 full simulations"), "{text}");
}

#[test]
fn a_booked_date_is_what_the_plan_counts_down_to() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A fail today: Cisco's wait allows the next attempt six days on.
    proctor(dir.path())
        .args(["attempt", "add", &mini(), "--date", &today().to_string(), "--result", "fail"])
        .assert()
        .success();
    proctor(dir.path())
        .args(["retake", &mini(), "--book", &in_days(3)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("the vendor's rules allow the next attempt from {}", in_days(6))));
    let yesterday = today().pred_opt().expect("yesterday").to_string();
    proctor(dir.path())
        .args(["retake", &mini(), "--book", &yesterday])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("that is before today"));
    proctor(dir.path()).args(["retake", &mini(), "--book", &in_days(21)]).assert().success().stdout(format!(
        "booked: mini on {} (21 days from today); `proctor plan mini` plans the days to it\n",
        in_days(21)
    ));
    let out = proctor(dir.path()).args(["retake", &mini(), "--format", "json"]).assert().success();
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["booked"], in_days(21));
    let out = proctor(dir.path()).args(["plan", &mini(), "--format", "json"]).assert().success();
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!((v["source"].as_str(), v["days"].as_array().map(Vec::len)), (Some("booked"), Some(21)));
    // --until still wins over the booking.
    let out =
        proctor(dir.path()).args(["plan", &mini(), "--until", &in_days(5), "--format", "json"]).assert().success();
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["days"].as_array().map(Vec::len), Some(5));
    proctor(dir.path())
        .args(["retake", &mini(), "--cancel-booking"])
        .assert()
        .success()
        .stdout(format!("booking cancelled: mini on {}\n", in_days(21)));
    proctor(dir.path()).args(["plan", &mini()]).assert().code(1).stderr(predicate::str::contains("no exam date"));
}

#[test]
fn drill_due_prints_todays_reviews_and_needs_a_terminal_only_to_ask_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    // No history: nothing is due, said without a terminal.
    proctor(dir.path())
        .args(["drill", &mini(), "--due"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("nothing is due for mini: no question answered yet"));
    let missed = drill_yesterday(dir.path(), 1);
    let out = proctor(dir.path()).args(["drill", &mini(), "--due", "--format", "json"]).assert().success();
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    let mut ids: Vec<String> =
        v["items"].as_array().expect("items").iter().map(|i| i["question"].as_str().expect("id").to_owned()).collect();
    ids.sort();
    let mut want = missed.clone();
    want.sort();
    assert_eq!(ids, want, "today's reviews are yesterday's misses");
    assert_eq!(v["items"][0]["overdue"], 0);
    assert!(v["items"][0]["domain"].is_string());
    assert_eq!(v["exam"], Value::Null);
    let out = proctor(dir.path()).args(["drill", &mini(), "--due", "--format", "text"]).assert().success();
    let text = stdout(&out);
    assert!(text.starts_with(&format!("mini: {} review", missed.len())), "{text}");
    assert_eq!(text.lines().count(), missed.len() + 2, "{text}");
    // --questions caps them; --until caps the intervals by the date.
    let out = proctor(dir.path())
        .args(["drill", &mini(), "--due", "--questions", "1", "--until", &in_days(9), "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["exam"], in_days(9));
    // Asking them needs the terminal app: refused here, nothing on stdout.
    proctor(dir.path())
        .args(["drill", &mini(), "--due"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("needs an interactive terminal"));
    // An unknown bank is said as such first; --format and --until need --due.
    proctor(dir.path()).args(["drill", "no-such-bank", "--due"]).assert().code(1);
    proctor(dir.path()).args(["drill", &mini(), "--format", "json"]).assert().code(2);
    proctor(dir.path()).args(["drill", &mini(), "--due", "--missed"]).assert().code(2);
}
