//! End to end: a short simulation with wrong answers, an exam date booked, then the plan
//! screen opened from progress (`P`) and a drill of the reviews due today started from it;
//! on the way, the progress report written with `e`.

mod common;

use chrono::{Duration, Utc};
use common::Pty;
use proctor::engine::blueprint::{draw, full_counts, rng_from_seed};
use proctor::engine::history::{Body, Journal, Recorder, Store};
use proctor::engine::session::{Command, Mode, Session, Settings};

/// A drill of netfund-quick two days ago with every answer wrong, written through the
/// engine as the app writes it: its questions are due for review by today.
fn answered_wrong_two_days_ago(dir: &std::path::Path) {
    let loaded = proctor::engine::bank::load::load_str(
        "netfund-quick.yaml",
        include_str!("../question_banks/netfund-quick.yaml"),
    )
    .expect("bundled bank");
    let bank = &loaded.bank;
    let paper = draw(bank, &full_counts(bank, 8), &mut rng_from_seed(4)).expect("draw");
    let settings = Settings { mode: Mode::Drill, limit_secs: None, feedback: false, full_length: false };
    let mut s = Session::new(bank, paper, settings);
    let mut rec = Recorder::new(&loaded, &s, 4);
    let store = Store::open(dir).expect("store");
    let mut journal: Option<Journal> = None;
    let mut now = Utc::now() - Duration::days(2);
    let mut write = |e, s: &Session, journal: &mut Option<Journal>| {
        for mut r in rec.record(e, s) {
            match (&mut r.body, journal.as_mut()) {
                (Body::Start(start), None) => *journal = Some(store.begin_unique(start).expect("begin")),
                (_, Some(j)) => j.append(&r).expect("append"),
                (_, None) => panic!("a record before the start"),
            }
        }
    };
    let e = s.apply(Command::Start, now).expect("start");
    write(e, &s, &mut journal);
    while let Some(item) = s.current() {
        now += Duration::seconds(40);
        let wrong = (0..s.paper.items[item].order.len())
            .find(|&p| !s.item_correct(item).contains(&s.paper.items[item].order[p]))
            .expect("a wrong option");
        s.apply(Command::Select(wrong), now).expect("select");
        let e = s.apply(Command::Submit { confirmed: true }, now).expect("submit");
        write(e, &s, &mut journal);
    }
}

#[test]
fn the_plan_screen_opens_from_progress_and_starts_the_due_reviews() {
    let dir = tempfile::tempdir().expect("tempdir");
    answered_wrong_two_days_ago(dir.path());
    let exam_day = chrono::Local::now().date_naive() + chrono::Days::new(30);
    let booked = std::process::Command::new(common::BIN)
        .args(["retake", "netfund-quick", "--book", &exam_day.to_string()])
        .env("PROCTOR_DATA_DIR", dir.path())
        .output()
        .expect("book");
    assert!(booked.status.success(), "{}", String::from_utf8_lossy(&booked.stderr));

    let mut p = Pty::proctor(&[], dir.path());
    p.wait_for("netfund-quick", 10);
    p.send("\x1b[B");
    p.send("\x1b[B");
    let home = p.wait_for("today: ", 10);
    assert!(home.contains("simulation on"), "the home line names the next simulation: {home}");
    p.send("p");
    p.wait_for("Progress ·", 10);
    // `e` writes the report for a mentor where Proctor was started.
    p.send("e");
    p.wait_for("Report written:", 20);
    let report = std::fs::read_to_string(dir.path().join("proctor-report-netfund-quick.html")).expect("report");
    assert!(report.contains("<svg"), "a report with its charts");
    p.send("P");
    let plan = p.wait_for("Plan to the exam", 10);
    assert!(plan.contains(&format!("Exam on {}", exam_day.format("%a %-d %b %Y"))), "{plan}");
    assert!(plan.contains("full simulation"), "{plan}");
    p.send("d");
    let rules = p.wait_for("due for review", 10);
    assert!(rules.contains("Drill"), "{rules}");
    // Esc on its rules is back to the plan it was started from.
    p.send("\x1b");
    p.wait_for("Plan to the exam", 10);
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
}
