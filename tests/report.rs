//! `proctor report`: a history taken through the engine (full simulations, drills, a
//! shortened paper, a note in review, a real attempt), rendered as HTML and opened in a
//! real browser (headless Chromium), and as markdown with its charts beside it.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::Duration as StdDuration;

use assert_cmd::Command;
use chrono::{Duration, TimeZone, Utc};
use predicates::prelude::*;
use proctor::engine::bank::LoadedBank;
use proctor::engine::bank::load::load_path;
use proctor::engine::diagnosis::Suggested;
use proctor::engine::history::record::DiagnosisRecord;
use proctor::engine::history::{Body, Journal, Record, Recorder, Store, Summary};
use proctor::engine::prepare::{self, DrillSpec, ExamOptions};
use proctor::engine::session::{Command as Cmd, Event, Session};

const BANK: &str = "netfund-quick";
const CHROMIUM: &str = "/usr/bin/chromium";
/// Longest a browser run may take before it is killed and the test fails.
const BROWSER_TIMEOUT: StdDuration = StdDuration::from_secs(90);

fn bank() -> LoadedBank {
    let path = format!("{}/question_banks/{BANK}.yaml", env!("CARGO_MANIFEST_DIR"));
    load_path(Path::new(&path), &Default::default()).expect("bundled bank")
}

/// One sitting: which kind of paper, when, and how it goes.
struct Sitting {
    day: i64,
    kind: Kind,
    /// Of every 12 questions, how many are answered right.
    right_of_12: usize,
    /// A note written in review on the first wrong answer.
    note: Option<&'static str>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Simulation,
    Shortened,
    Drill,
}

/// Takes `sit` with the engine and journals every event through the recorder, as the app
/// does; the answer to item `i` is right when `(5 i) mod 12 < right_of_12` (5 and 12 are
/// coprime, so exactly that many of every 12 are right), and takes longer in later domains.
fn take(store: &Store, loaded: &LoadedBank, sit: &Sitting, seed: u64) {
    let bank = &loaded.bank;
    let prepared = match sit.kind {
        Kind::Simulation => prepare::exam(bank, ExamOptions::default(), Some(store), seed),
        Kind::Shortened => {
            prepare::exam(bank, ExamOptions { questions: Some(6), ..Default::default() }, Some(store), seed)
        }
        Kind::Drill => prepare::drill(bank, &DrillSpec { questions: Some(8), ..Default::default() }, Some(store), seed),
    }
    .expect("a paper");
    let mut s: Session = prepared.session;
    let mut recorder = Recorder::new(loaded, &s, prepared.seed).with_new(&prepared.new_items);
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
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date") + Duration::days(sit.day);
    let started = s.apply(Cmd::Start, t0).expect("start");
    write(started, &s, &mut journal);
    let mut now = t0;
    let mut first_wrong = None;
    while let Some(i) = s.current() {
        let right = (5 * i) % 12 < sit.right_of_12;
        now += Duration::seconds(30 + 12 * s.item_domain(i) as i64);
        let correct = s.item_correct(i).to_vec();
        let order = s.paper.items[i].order.clone();
        let picks: Vec<usize> = if right {
            (0..order.len()).filter(|&p| correct.contains(&order[p])).collect()
        } else {
            (0..order.len()).filter(|&p| !correct.contains(&order[p])).take(1).collect()
        };
        for p in picks {
            s.apply(Cmd::Select(p), now).expect("select");
        }
        if !right && first_wrong.is_none() {
            first_wrong = Some(i);
        }
        let submitted = match s.apply(Cmd::Submit { confirmed: false }, now) {
            Ok(e) => e,
            Err(_) => s.apply(Cmd::Submit { confirmed: true }, now).expect("submit"),
        };
        write(submitted, &s, &mut journal);
    }
    let mut journal = journal.expect("a journal");
    if let (Some(note), Some(item)) = (sit.note, first_wrong) {
        let question = s.answers().iter().find(|a| a.item == item).expect("answer").question.clone();
        let d = DiagnosisRecord {
            item,
            question,
            cause: Suggested::Cause(proctor::engine::bank::Cause::Term),
            note: Some(note.into()),
            at: now,
        };
        journal.append(&Record::new(Body::Diagnosis(d))).expect("diagnosis");
    }
    let stored = store.read_session(journal.path()).expect("readable");
    store.update_index(Summary::of(&stored)).expect("index");
}

/// Five counted simulations rising from 6 to 11 of 12, three drills, a shortened paper
/// (which does not count) and a note; returns the number of counted simulations.
fn history(dir: &Path) -> usize {
    let store = Store::open(dir).expect("store");
    let loaded = bank();
    let sittings = [
        Sitting { day: 0, kind: Kind::Simulation, right_of_12: 6, note: None },
        Sitting { day: 1, kind: Kind::Drill, right_of_12: 7, note: None },
        Sitting { day: 3, kind: Kind::Simulation, right_of_12: 8, note: None },
        Sitting { day: 4, kind: Kind::Drill, right_of_12: 8, note: None },
        Sitting { day: 6, kind: Kind::Simulation, right_of_12: 9, note: None },
        Sitting { day: 8, kind: Kind::Shortened, right_of_12: 10, note: None },
        Sitting { day: 9, kind: Kind::Simulation, right_of_12: 10, note: None },
        Sitting { day: 10, kind: Kind::Drill, right_of_12: 9, note: Some("mixed up <STP> & \"RSTP\" | again") },
        Sitting { day: 12, kind: Kind::Simulation, right_of_12: 11, note: None },
    ];
    for (n, sit) in sittings.iter().enumerate() {
        take(&store, &loaded, sit, 100 + n as u64);
    }
    sittings.iter().filter(|s| s.kind == Kind::Simulation).count()
}

fn proctor(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("proctor").expect("binary");
    c.env("PROCTOR_DATA_DIR", dir).current_dir(dir);
    c
}

/// A history and a recorded real attempt with its score report.
fn history_with_attempt(dir: &Path) -> usize {
    let counted = history(dir);
    proctor(dir)
        .args(["attempt", "add", BANK, "--date", "2026-03-08", "--result", "fail", "--score", "64%"])
        .args(["--domain", "addressing=50", "--domain", "services=below"])
        .assert()
        .success();
    counted
}

/// The text of the first element with `id`, between its start tag and the next `<`.
fn text_of<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in the page"));
    let start = at + dom[at..].find('>').expect("tag end") + 1;
    let end = start + dom[start..].find('<').expect("text end");
    &dom[start..end]
}

/// The markup of `<figure id="ID">…</figure>`.
fn figure<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom.find(&format!("<figure id=\"{id}\"")).unwrap_or_else(|| panic!("no figure #{id}"));
    let end = start + dom[start..].find("</figure>").expect("figure end");
    &dom[start..end]
}

/// Text as an HTML serializer writes it.
fn html_escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\u{a0}', "&nbsp;")
}

/// Runs Chromium headless on `args` and returns its stdout; killed (and the test failed)
/// when it runs past `BROWSER_TIMEOUT`.
fn chromium(profile: &Path, args: &[String]) -> String {
    let mut child = Process::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    // Wait for the browser to exit on a thread, bounded: no polling.
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    match rx.recv_timeout(BROWSER_TIMEOUT) {
        Ok(status) => {
            let status = status.expect("wait");
            assert!(status.success(), "chromium failed: {status}");
        }
        Err(_) => {
            let _ = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status();
            let _ = waiter.join();
            panic!("chromium did not finish within {BROWSER_TIMEOUT:?}: killed");
        }
    }
    let _ = waiter.join();
    reader.join().expect("reader")
}

/// Whether the browser is there; without it the test fails in CI and is skipped, with
/// the reason, elsewhere.
fn have_chromium() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "{CHROMIUM} is missing: CI installs Debian's `chromium` package in .ci/run"
    );
    eprintln!("skipped: {CHROMIUM} is missing (apt-get install chromium); CI fails here instead");
    false
}

#[test]
fn the_html_report_opens_in_a_browser_with_every_chart_and_the_verdict_of_progress() {
    if !have_chromium() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let counted = history_with_attempt(dir.path());

    let json =
        proctor(dir.path()).args(["progress", BANK, "--format", "json"]).assert().success().get_output().stdout.clone();
    let progress: serde_json::Value = serde_json::from_slice(&json).expect("json");
    let verdict = &progress["readiness"]["verdict"];
    let word = match verdict["kind"].as_str() {
        Some("ready") => "Ready",
        Some("not-yet") => "Not yet",
        Some("not-enough-data") => "Not enough data",
        other => panic!("verdict kind {other:?}"),
    };
    assert_eq!(progress["readiness"]["scores"].as_array().map(Vec::len), Some(counted));

    let page = dir.path().join("report.html");
    proctor(dir.path())
        .args(["report", BANK, "--output"])
        .arg(&page)
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote").and(predicate::str::contains("report.html")));

    let url = format!("file://{}", page.display());
    let profile = tempfile::tempdir().expect("profile");
    let dom = chromium(profile.path(), &["--dump-dom".into(), url.clone()]);
    assert!(dom.contains("</html>"), "no page: {dom}");

    // The verdict and every reason, as `proctor progress --format json` gives them.
    assert_eq!(text_of(&dom, "verdict"), word);
    let reasons = verdict["reasons"].as_array().expect("reasons");
    assert!(!reasons.is_empty());
    let listed = figure_free_section(&dom, "reasons");
    for r in reasons {
        let r = r.as_str().expect("text");
        assert!(listed.contains(&format!("<li>{}</li>", html_escaped(r))), "reason {r:?} missing from {listed}");
    }
    // The real attempt's gap to practice is among them.
    assert!(listed.contains("the exam on 2026-03-08 said 64.0%"), "{listed}");

    // One circle per counted simulation; one per domain per simulation in the small multiples.
    let scores = figure(&dom, "chart-scores");
    assert!(scores.contains("<svg"), "{scores}");
    assert_eq!(scores.matches("<circle").count(), counted, "{scores}");
    let domains = figure(&dom, "chart-domains");
    assert_eq!(domains.matches("<circle").count(), 4 * counted);
    // The heat map: a cell per domain and cause.
    let causes = figure(&dom, "chart-causes");
    assert_eq!(causes.matches("<rect").count(), 4 * 6, "{causes}");
    // Time per question: a bar per domain.
    let pace = figure(&dom, "chart-pace");
    assert_eq!(pace.matches("<rect").count(), 4, "{pace}");
    // The note written in review is there, escaped, and nothing of it became markup.
    assert!(dom.contains("mixed up &lt;STP&gt; &amp; \"RSTP\" | again"), "the note");
    assert!(!dom.contains("<STP>") && !dom.contains("<stp>"));
    // The attempt with its score report; the shortened paper with its reason.
    assert!(dom.contains("IP Addressing and Subnetting: 50%") && dom.contains("64%"));
    assert!(dom.contains("shortened: only the bank's full paper in its own time counts"));
    // The pass probability, its interval and the retake plan (this bank names no vendor).
    assert!(text_of(&dom, "pass-probability").ends_with('%'));
    assert!(text_of(&dom, "interval").contains('–'));
    assert!(text_of(&dom, "booking").contains("names no `vendor:`"));

    // Self-contained: no script, nothing fetched (the only URL is the SVG namespace), both
    // colour schemes, A4 for print.
    let file = fs::read_to_string(&page).expect("page");
    assert!(!dom.contains("<script") && !file.contains("<script"), "no scripts");
    for fetch in [" src=", " href=", "url(", "@import", "<link"] {
        assert!(!file.contains(fetch), "the page fetches something: {fetch}");
    }
    assert_eq!(file.matches("http").count(), file.matches("xmlns=\"http://www.w3.org/2000/svg\"").count());
    assert!(file.contains("prefers-color-scheme: dark") && file.contains("@page { size: A4"));
    let pdf = dir.path().join("report.pdf");
    let profile = tempfile::tempdir().expect("profile");
    chromium(
        profile.path(),
        &["--no-pdf-header-footer".into(), format!("--print-to-pdf={}", pdf.display()), url.clone()],
    );
    let pdf = fs::read(&pdf).expect("pdf");
    let pages = a4_pages(&pdf);
    assert!(pages > 1, "printed on {pages} A4 pages");

    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("report-screenshot.png");
    fs::create_dir_all(shot.parent().expect("target")).expect("target dir");
    let _ = fs::remove_file(&shot);
    let profile = tempfile::tempdir().expect("profile");
    chromium(profile.path(), &[format!("--screenshot={}", shot.display()), "--window-size=1200,2000".into(), url]);
    let size = fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 0, "no screenshot at {}", shot.display());
}

/// The pages of `pdf`, checking that each is A4 (595 × 842 points, give or take a pixel).
fn a4_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox [")
        .map(|(i, _)| &text[i + 11..i + 11 + text[i + 11..].find(']').expect("box end")])
        .collect();
    for b in &boxes {
        let n: Vec<f64> = b.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        assert!(n.len() == 4 && (n[2] - 595.3).abs() < 1.5 && (n[3] - 841.9).abs() < 1.5, "not A4: {b}");
    }
    boxes.len()
}

/// The markup of the element with `id` up to its closing `</ul>`.
fn figure_free_section<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let end = start + dom[start..].find("</ul>").expect("list end");
    &dom[start..end]
}

#[test]
fn the_markdown_report_writes_its_charts_beside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let counted = history_with_attempt(dir.path());
    let out = dir.path().join("out");
    fs::create_dir(&out).expect("out dir");
    let md = out.join("report.md");
    proctor(dir.path())
        .args(["report", BANK, "--format", "md", "--output"])
        .arg(&md)
        .assert()
        .success()
        .stdout(predicate::str::contains("report-scores.svg"));
    let text = fs::read_to_string(&md).expect("markdown");
    for chart in ["scores", "domains", "causes", "pace"] {
        let name = format!("report-{chart}.svg");
        assert!(text.contains(&format!("]({name})")), "no link to {name}");
        let svg = fs::read_to_string(out.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(svg.starts_with("<?xml") && svg.contains("<svg") && svg.contains("prefers-color-scheme"), "{name}");
    }
    let scores = fs::read_to_string(out.join("report-scores.svg")).expect("scores");
    assert_eq!(scores.matches("<circle").count(), counted);
    assert!(text.contains("**Verdict: "), "{text}");
    // Tables, and the note escaped so it neither ends a cell nor opens a tag.
    assert!(text.contains("| domain | weight | latest | trend | status |"));
    assert!(text.contains("mixed up &lt;STP&gt; &amp; \"RSTP\" \\| again"), "{text}");
    // Nothing but the report and its charts, and no temporary file left behind.
    let mut names: Vec<String> = fs::read_dir(&out)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report-causes.svg", "report-domains.svg", "report-pace.svg", "report-scores.svg", "report.md"]);

    // Written again over its own files: fine; `.md` alone asks for markdown.
    proctor(dir.path())
        .args(["report", BANK, "--output"])
        .arg(&md)
        .assert()
        .success()
        .stdout(predicate::str::contains("its charts beside it"));
}

#[test]
fn a_report_never_writes_over_a_directory_or_a_file_of_something_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target: PathBuf = dir.path().join("notes.html");
    fs::write(&target, "<p>my own notes</p>").expect("write");
    proctor(dir.path())
        .args(["report", BANK, "--output"])
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("notes.html exists and is not a Proctor report"));
    assert_eq!(fs::read_to_string(&target).expect("kept"), "<p>my own notes</p>");
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).expect("dir");
    proctor(dir.path())
        .args(["report", BANK, "--output"])
        .arg(&sub)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a directory; give a file name"));
    // Without --output: a page named after the bank in the current directory, even with
    // no history at all.
    proctor(dir.path())
        .args(["report", BANK])
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote proctor-report-netfund-quick.html"));
    let page = fs::read_to_string(dir.path().join("proctor-report-netfund-quick.html")).expect("page");
    assert!(page.contains("Not enough data") && page.contains("No counted full simulation yet"));
}
