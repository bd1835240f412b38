//! The report's data and its rendering, over histories taken through the engine on the
//! bundled `netfund-quick` bank.

use std::path::Path;

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use super::*;
use crate::app::report_svg::Charts;
use crate::engine::bank::LoadedBank;
use crate::engine::bank::load::load_path;
use crate::engine::diagnosis::Suggested;
use crate::engine::history::record::DiagnosisRecord;
use crate::engine::history::{Body, Journal, Record, Recorder};
use crate::engine::prepare::{self, DrillSpec, ExamOptions};
use crate::engine::retake::Attempt;
use crate::engine::session::{Command, Event, Session};

fn netfund() -> LoadedBank {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks/netfund-quick.yaml");
    load_path(Path::new(path), &Default::default()).expect("bundled bank")
}

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date") + Duration::days(n)
}

/// Takes a full simulation (or an 8-question drill) of `loaded` on day `n` through the
/// engine, journalled as the app does: item `i` is right when `5 i mod 12 < right`, and a
/// `note` goes on the first wrong answer, confirmed as a term error.
fn take(store: &Store, loaded: &LoadedBank, n: i64, drill: bool, right: usize, note: Option<&str>) {
    let bank = &loaded.bank;
    let p = if drill {
        prepare::drill(bank, &DrillSpec { questions: Some(8), ..Default::default() }, Some(store), n as u64)
    } else {
        prepare::exam(bank, ExamOptions::default(), Some(store), n as u64)
    }
    .expect("paper");
    let mut s: Session = p.session;
    let mut recorder = Recorder::new(loaded, &s, p.seed).with_new(&p.new_items);
    let mut journal: Option<Journal> = None;
    let mut write = |event: Event, s: &Session, journal: &mut Option<Journal>| {
        for mut rec in recorder.record(event, s) {
            match (&mut rec.body, journal.as_mut()) {
                (Body::Start(start), None) => *journal = Some(store.begin_unique(start).expect("begin")),
                (_, Some(j)) => j.append(&rec).expect("append"),
                (_, None) => panic!("a record before the start"),
            }
        }
    };
    let mut now = day(n);
    let started = s.apply(Command::Start, now).expect("start");
    write(started, &s, &mut journal);
    let mut first_wrong = None;
    while let Some(i) = s.current() {
        let ok = (5 * i) % 12 < right;
        now += Duration::seconds(30 + 10 * s.item_domain(i) as i64);
        let correct = s.item_correct(i).to_vec();
        let order = s.paper.items[i].order.clone();
        let picks: Vec<usize> =
            (0..order.len()).filter(|&p| correct.contains(&order[p]) == ok).take(if ok { 10 } else { 1 }).collect();
        for pick in picks {
            s.apply(Command::Select(pick), now).expect("select");
        }
        if !ok && first_wrong.is_none() {
            first_wrong = Some(i);
        }
        let event = match s.apply(Command::Submit { confirmed: false }, now) {
            Ok(e) => e,
            Err(_) => s.apply(Command::Submit { confirmed: true }, now).expect("submit"),
        };
        write(event, &s, &mut journal);
    }
    let mut journal = journal.expect("journal");
    if let (Some(note), Some(item)) = (note, first_wrong) {
        let question = s.answers().iter().find(|a| a.item == item).expect("answer").question.clone();
        let cause = Suggested::Cause(Cause::Term);
        let d = DiagnosisRecord { item, question, cause, note: Some(note.into()), at: now };
        journal.append(&Record::new(Body::Diagnosis(d))).expect("diagnosis");
    }
    let stored = store.read_session(journal.path()).expect("readable");
    store.update_index(Summary::of(&stored)).expect("index");
}

/// Four simulations (6, 8, 9, 11 right of 12) and two drills, the last with a note.
fn history(store: &Store, loaded: &LoadedBank, note: &str) -> usize {
    take(store, loaded, 0, false, 6, None);
    take(store, loaded, 1, true, 5, None);
    take(store, loaded, 2, false, 8, None);
    take(store, loaded, 4, false, 9, None);
    take(store, loaded, 5, false, 11, None);
    take(store, loaded, 6, true, 6, Some(note));
    4
}

/// Text as the HTML template escapes it.
fn html_escaped(s: &str) -> String {
    s.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

fn now() -> DateTime<Utc> {
    day(30)
}

#[test]
fn the_verdict_and_every_reason_are_those_of_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let loaded = netfund();
    history(&store, &loaded, "a note");
    let r = build(Some(&store), &loaded.bank, now());
    let p = progress::progress_of(Some(&store), &loaded.bank, readiness::Config::default());
    assert_eq!(r.verdict.kind, p.readiness.verdict.kind);
    assert_eq!(r.verdict.word, progress::verdict_word(p.readiness.verdict.kind));
    assert_eq!(r.verdict.reasons, p.readiness.verdict.reasons);
    assert!(!r.verdict.reasons.is_empty());
    assert_eq!(r.estimate, p.readiness.estimate);
    assert_eq!(r.estimate_text, progress::estimate_text(&p.readiness.estimate));
    assert_eq!(r.generated_at, now());

    let html = super::super::report_html::render(&r, &Charts::draw(&r).expect("charts")).expect("html");
    assert!(html.contains(&format!("<span id=\"verdict\">{}</span>", r.verdict.word)), "verdict");
    for reason in &r.verdict.reasons {
        assert!(html.contains(&format!("<li>{}</li>", html_escaped(reason))), "{reason}");
    }
    // The estimate's figures, the streak, the plan, the terms and each domain's advice.
    let pass = r.estimate.pass_probability.expect("enough evidence");
    assert!(html.contains(&format!("<strong id=\"pass-probability\">{:.0}%</strong>", pass * 100.0)));
    let target = r.estimate.target_probability.expect("target");
    assert!(html.contains(&format!("chance of reaching the target<strong>{:.0}%</strong>", target * 100.0)));
    let (lo, hi) = r.estimate.interval.expect("interval");
    assert!(html.contains(&format!("<strong id=\"interval\">{lo:.1}–{hi:.1}%</strong>")));
    assert!(html.contains(&format!("expected score<strong>{:.1}%</strong>", r.estimate.expected_score.expect("mean"))));
    assert!(html.contains(&format!("current streak<strong>{} of 3</strong>", r.rates.streak)));
    assert_eq!(r.scores.last().and_then(|p| p.pass_probability), r.estimate_trend.last().copied().flatten());
    // The first paper is all new questions: its fresh score is its score, shown beside it.
    let first = &r.scores[0];
    assert_eq!((first.new_questions, first.fresh_score), (Some(12), Some(first.score)));
    assert!(html.contains(&format!("<td class=\"num\">12</td><td class=\"num\">{:.1}%</td>", first.score)));
    assert!(html.contains(&html_escaped(r.plan_rule)) && !r.plan.is_empty());
    let term = r.missed_terms.first().expect("a missed term");
    assert!(html.contains(&format!("<td>{}</td>", html_escaped(&term.term))));
    for row in r.causes.rows.iter().filter(|row| row.dominant.is_some()) {
        assert!(html.contains(&html_escaped(row.advice.expect("advice"))), "{}", row.name);
    }
    let md = super::super::report_md::render(&r, &chart_names()).expect("md");
    assert!(md.contains(&format!("**Verdict: {}**", report_md_escape(r.verdict.word))));
    for reason in &r.verdict.reasons {
        assert!(md.contains(&format!("- {}\n", report_md_escape(reason))), "{reason}");
    }
}

fn report_md_escape(s: &str) -> String {
    super::super::report_md::escape(s)
}

fn chart_names() -> Vec<String> {
    CHARTS.iter().map(|c| format!("r-{c}.svg")).collect()
}

#[test]
fn every_chart_has_a_point_per_simulation_a_cell_per_cause_and_a_bar_per_domain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let loaded = netfund();
    let counted = history(&store, &loaded, "a note");
    let r = build(Some(&store), &loaded.bank, now());
    assert_eq!(r.scores.len(), counted);
    let scores: Vec<f64> = r.scores.iter().map(|p| (p.score * 10.0).round() / 10.0).collect();
    assert_eq!(scores, [50.0, 66.7, 75.0, 91.7]);
    // Each domain asked in every simulation (3 of 12 each).
    assert!(r.domains.iter().all(|d| d.points.len() == counted && d.points.iter().all(|p| p.asked == 3)));
    // The last 5 finished sessions: 3 simulations and 2 drills.
    assert_eq!(r.causes.sessions, 5);
    let errors: usize = r.causes.rows.iter().map(|row| row.errors).sum();
    let expected_errors: usize = r.sessions[..5].iter().map(|s| s.questions - s.correct).sum();
    assert!(expected_errors > 0);
    assert_eq!(errors, expected_errors);
    assert_eq!(r.causes.totals.iter().sum::<usize>(), expected_errors, "every error has a cause");
    // Time per question: every answer counted, later domains slower (30 s + 10 s per domain index).
    assert_eq!(r.pace.rows.iter().map(|row| row.answers).sum::<usize>(), 3 * 12 + 2 * 8);
    let means: Vec<f64> = r.pace.rows.iter().map(|row| row.mean_secs.expect("answers")).collect();
    assert_eq!(means, [30.0, 40.0, 50.0, 60.0]);
    assert_eq!(r.pace.bank_secs, 75.0);

    let charts = Charts::draw(&r).expect("charts");
    assert_eq!(charts.scores.matches("<circle").count(), counted);
    // Filled at or above the target, hollow below it.
    let hollow = r.scores.iter().filter(|p| !p.reached_target).count();
    assert_eq!(
        charts.scores.lines().filter(|l| l.starts_with("<circle") && l.contains("fill=\"none\"")).count(),
        hollow
    );
    assert_eq!(charts.domains.matches("<circle").count(), r.domains.iter().map(|d| d.points.len()).sum::<usize>());
    assert_eq!(charts.causes.matches("<rect").count(), r.causes.rows.len() * CAUSE_COLUMNS.len());
    assert_eq!(charts.pace.matches("<rect").count(), r.pace.rows.len());
    for c in [&charts.scores, &charts.domains, &charts.causes, &charts.pace] {
        assert!(c.starts_with("<svg") && c.contains("viewBox"), "{c}");
    }
    // The passing and target lines are labelled, and so is the time a question is allowed.
    assert!(charts.scores.contains("passing 70%") && charts.scores.contains("target 80%"));
    assert!(charts.pace.contains("allowed 75 s"));
}

#[test]
fn hostile_titles_names_and_notes_are_escaped_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut loaded = netfund();
    history(&store, &loaded, "</td><script>steal()</script> | *bold* \u{202e}evil");
    loaded.bank.exam.title = "<script>alert(\"t\")</script> & 'Q' | *x*".into();
    loaded.bank.domains[0].name = "<img src=x onerror=alert(1)>".into();
    let r = build(Some(&store), &loaded.bank, now());
    // The note's bidirectional override is made visible, not obeyed.
    let note = &r.notes.first().expect("the note").note;
    assert!(!note.contains('\u{202e}') && note.contains("\\u{202e}"), "{note}");
    let charts = Charts::draw(&r).expect("charts");
    let html = super::super::report_html::render(&r, &charts).expect("html");
    let md = super::super::report_md::render(&r, &chart_names()).expect("md");
    for (what, text) in
        [("html", &html), ("md", &md), ("causes chart", &charts.causes), ("domains chart", &charts.domains)]
    {
        for raw in ["<script", "<img", "</td><script"] {
            assert!(!text.contains(raw), "{what} holds {raw}");
        }
    }
    assert!(html.contains("&#60;script&#62;alert(&#34;t&#34;)&#60;/script&#62; &#38; &#39;Q&#39;"), "title");
    assert!(html.contains("&#60;img src=x onerror=alert(1)&#62;"), "domain name");
    assert!(html.contains("&#60;/td&#62;&#60;script&#62;steal()&#60;/script&#62;"), "note");
    assert!(md.contains("# &lt;script&gt;alert(\"t\")&lt;/script&gt; &amp; 'Q' \\| \\*x\\*"), "{md}");
    assert!(md.contains("&lt;/td&gt;&lt;script&gt;steal()&lt;/script&gt; \\| \\*bold\\*"), "{md}");
    // Plotters escapes the text it writes into the charts.
    assert!(charts.causes.contains("&lt;img src=x onerror=alert(1)&gt;"), "{}", charts.causes);
}

#[test]
fn an_empty_history_gives_not_enough_data_and_charts_that_say_so() {
    let loaded = netfund();
    let r = build(None, &loaded.bank, now());
    assert_eq!(r.verdict.kind, VerdictKind::NotEnoughData);
    assert_eq!(r.verdict.word, "Not enough data");
    assert!(r.scores.is_empty() && r.sessions.is_empty() && r.attempts.is_empty() && r.notes.is_empty());
    assert_eq!(r.causes.sessions, 0);
    assert!(r.pace.rows.iter().all(|row| row.answers == 0 && row.mean_secs.is_none()));
    let charts = Charts::draw(&r).expect("charts");
    assert!(charts.scores.contains("No counted full simulation yet"));
    assert_eq!(charts.scores.matches("<circle").count(), 0);
    assert!(charts.pace.contains("No answers yet"));
    let html = super::super::report_html::render(&r, &charts).expect("html");
    assert!(html.contains("<span id=\"verdict\">Not enough data</span>"));
}

#[test]
fn the_retake_plan_follows_the_vendor_rules_as_of_now() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut loaded = netfund();
    let r = build(Some(&store), &loaded.bank, now());
    assert!(r.retake.as_ref().is_err_and(|why| why.contains("vendor")), "{:?}", r.retake);

    loaded.bank.exam.vendor = Some("cisco".into());
    let failed_on = NaiveDate::from_ymd_opt(2026, 3, 20).expect("date");
    let attempt = Attempt {
        v: 1,
        bank: "netfund-quick".into(),
        date: failed_on,
        result: Outcome::Fail,
        score: Some(61),
        out_of: Some(100),
        domains: vec![("services".into(), ReportedResult::Percent(40.0))],
    };
    store.add_attempt(&attempt).expect("attempt");
    // Cisco: five whole days after the failure; eligible on the 26th.
    let soon = build(Some(&store), &loaded.bank, Utc.with_ymd_and_hms(2026, 3, 22, 12, 0, 0).single().expect("t"));
    let later = build(Some(&store), &loaded.bank, Utc.with_ymd_and_hms(2026, 4, 22, 12, 0, 0).single().expect("t"));
    let (soon, later) = (soon.retake.expect("a plan"), later.retake.expect("a plan"));
    assert_eq!(soon.eligibility.earliest, NaiveDate::from_ymd_opt(2026, 3, 26));
    assert!(soon.suggestion.contains("eligible from 2026-03-26"), "{}", soon.suggestion);
    assert!(later.suggestion.contains("eligible now"), "{}", later.suggestion);

    let r = build(Some(&store), &loaded.bank, now());
    let html = super::super::report_html::render(&r, &Charts::draw(&r).expect("charts")).expect("html");
    let plan = r.retake.as_ref().expect("a plan");
    assert!(html.contains(&format!("<span id=\"booking\">{}</span>", html_escaped(&plan.suggestion))), "{html}");
    let a = r.attempts.first().expect("the attempt");
    assert_eq!((a.date, a.passed, a.score.as_deref()), (failed_on, false, Some("61%")));
    assert_eq!(a.domains, [ReportedRow { name: "Network Services and Troubleshooting".into(), result: "40%".into() }]);
}

#[test]
fn the_last_sessions_are_listed_newest_first_with_why_a_simulation_does_not_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let loaded = netfund();
    history(&store, &loaded, "a note");
    let r = build(Some(&store), &loaded.bank, now());
    assert_eq!(r.sessions.len(), 6);
    assert!(r.sessions.windows(2).all(|w| w[0].when >= w[1].when));
    assert_eq!(r.sessions[0].mode, "drill");
    assert!(!r.sessions[0].counted && r.sessions[0].not_counted.is_none());
    assert!(r.sessions[1].counted && r.sessions[1].mode == "simulation");
    assert_eq!(r.notes.len(), 1);
    assert_eq!(r.notes[0].cause, Some("term"));
}

#[test]
fn only_the_last_ten_sessions_are_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let loaded = netfund();
    for n in 0..12 {
        take(&store, &loaded, n, true, 6, None);
    }
    let r = build(Some(&store), &loaded.bank, now());
    assert_eq!(r.sessions.len(), SESSIONS_SHOWN);
    assert_eq!(SESSIONS_SHOWN, 10);
    assert_eq!(r.sessions[0].when, local_text(day(11)));
    assert_eq!(r.sessions[9].when, local_text(day(2)));
}

fn out(path: &Path) -> Vec<OutFile> {
    vec![OutFile { path: path.to_owned(), text: format!("<!-- {MARKER} -->\nnew") }]
}

#[test]
fn writing_refuses_directories_other_files_and_missing_folders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let is_dir = write_files(&out(dir.path()));
    assert!(matches!(is_dir, Err(ReportError::IsDirectory { .. })), "{is_dir:?}");
    let theirs = dir.path().join("theirs.html");
    std::fs::write(&theirs, "mine").expect("write");
    assert!(matches!(write_files(&out(&theirs)), Err(ReportError::NotAReport { .. })));
    assert_eq!(std::fs::read_to_string(&theirs).expect("kept"), "mine");
    let missing = write_files(&out(&dir.path().join("no/such/report.html")));
    assert!(matches!(missing, Err(ReportError::NoDirectory { .. })), "{missing:?}");
    // One refused file stops them all: nothing is half written.
    let fresh = dir.path().join("fresh.html");
    let mut both = out(&fresh);
    both.extend(out(&theirs));
    assert!(write_files(&both).is_err());
    assert!(!fresh.exists());
}

#[test]
fn a_previous_report_is_replaced_whole_and_no_temporary_file_is_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("report.html");
    std::fs::write(&page, format!("<html><meta name=\"generator\" content=\"{MARKER} 0.0.1\">old")).expect("old");
    write_files(&out(&page)).expect("replaced");
    assert!(std::fs::read_to_string(&page).expect("page").ends_with("new"));
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names, ["report.html"]);
}

#[test]
fn markdown_charts_are_named_after_the_report() {
    let loaded = netfund();
    let r = build(None, &loaded.bank, now());
    let files = render(&r, Format::Md, Path::new("/tmp/x/weekly.md")).expect("render");
    let paths: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "/tmp/x/weekly-scores.svg",
            "/tmp/x/weekly-domains.svg",
            "/tmp/x/weekly-causes.svg",
            "/tmp/x/weekly-pace.svg",
            "/tmp/x/weekly.md"
        ]
    );
    let md = &files[4].text;
    assert!(md.starts_with(&format!("<!-- {MARKER}")));
    assert!(md.contains("](weekly-scores.svg)") && md.contains("](weekly-pace.svg)"));
    assert!(files[..4].iter().all(|f| f.text.contains(MARKER) && f.text.contains("<svg")));
    let html = render(&r, Format::Html, Path::new("/tmp/x/r.html")).expect("render");
    assert_eq!(html.len(), 1);
    assert!(html[0].text[..1024].contains(MARKER));
}
