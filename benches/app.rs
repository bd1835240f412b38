//! Benchmarks of the terminal app's work and the store at scale: rendering the question,
//! results, review and progress screens at 120x40 and 240x70 (TestBackend), readiness and
//! progress figures over 10,000 stored sessions, and listing 10,000 sessions.

use std::hint::black_box;
use std::time::Duration;

use chrono::{Duration as Span, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use proctor::app::journaling::Journaling;
use proctor::engine::bank::load::load_bundled;
use proctor::engine::history::{DomainSummary, Store, Summary};
use proctor::engine::readiness;
use proctor::engine::session::{FinishReason, Mode};
use proctor::tui::effects::Runtime;
use proctor::tui::state::{App, ExamOptions, Screen};
use proctor::tui::theme::Theme;
use proctor::tui::{keys, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SIZES: [(u16, u16); 2] = [(120, 40), (240, 70)];
const SESSIONS: usize = 10_000;

fn press(rt: &mut Runtime, code: KeyCode) {
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
    if let Some(a) = keys::action(rt.app.context(), KeyEvent::new(code, KeyModifiers::NONE)) {
        rt.action(a, now);
    }
}

/// The app on the first question of a full CCNP-like simulation.
fn question_app() -> Runtime {
    let banks: Vec<_> = load_bundled().into_iter().map(|b| b.expect("bundled banks are valid")).collect();
    let app = App::new(banks, ExamOptions { seed: Some(1), ..ExamOptions::default() }, 1);
    let mut rt = Runtime { app, journaling: Journaling::new(None) };
    press(&mut rt, KeyCode::Enter);
    press(&mut rt, KeyCode::Enter);
    assert_eq!(rt.app.screen, Screen::Question);
    rt
}

/// 10,000 finished full simulations of the CCNP-like bank, as the index holds them.
fn summaries() -> Vec<Summary> {
    let t0 = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).single().expect("date");
    let ids = ["network", "cloud", "concepts", "content", "access", "endpoint"];
    (0..SESSIONS)
        .map(|i| {
            let correct = 50 + (i * 7919) % 40;
            Summary {
                id: format!("s{i:05}"),
                bank_id: "ccnp-scor".into(),
                family: None,
                bank_title: "CCNP Security Core (SCOR) practice".into(),
                mode: if i % 3 == 0 { Mode::Drill } else { Mode::Simulation },
                full_length: i % 3 != 0,
                seed: i as u64,
                started_at: t0 + Span::hours(i as i64),
                finished_at: Some(t0 + Span::hours(i as i64) + Span::minutes(110)),
                finish: Some(FinishReason::Completed),
                questions: 90,
                answered: 90,
                correct,
                credit_units: None,
                score: correct as f64 * 100.0 / 90.0,
                passing_score: 70,
                target: 80,
                passed: correct * 100 >= 70 * 90,
                domains: ids
                    .iter()
                    .enumerate()
                    .map(|(d, id)| DomainSummary {
                        id: (*id).into(),
                        name: (*id).into(),
                        asked: 15,
                        correct: (correct / 6 + d) % 16,
                        fresh: None,
                    })
                    .collect(),
                clock_anomaly: false,
                torn_tail: false,
                unconfirmed: 0,
                new_questions: None,
                fresh_score: None,
                rushed: false,
            }
        })
        .collect()
}

fn render(c: &mut Criterion) {
    let mut rt = question_app();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 1, 0).single().expect("date");
    let mut group = c.benchmark_group("render");
    group.sample_size(30).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    // Render each screen as the event loop does: the terminal keeps its previous frame.
    for (w, h) in SIZES {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        group.bench_function(format!("question/{w}x{h}"), |b| {
            b.iter(|| {
                term.draw(|f| views::render(f, black_box(&rt.app), Theme { color: true }, now)).map(drop).expect("draw")
            })
        });
    }
    // Finish the exam (A for every question) for the results and review screens.
    while rt.app.screen == Screen::Question {
        press(&mut rt, KeyCode::Char('a'));
        press(&mut rt, KeyCode::Enter);
        if rt.app.dialog.is_some() {
            press(&mut rt, KeyCode::Char('y'));
        }
    }
    for (name, key) in [("results", None), ("review", Some('r')), ("breakdown", Some('b'))] {
        if let Some(k) = key {
            press(&mut rt, KeyCode::Char(k));
        }
        for (w, h) in SIZES {
            let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            group.bench_function(format!("{name}/{w}x{h}"), |b| {
                b.iter(|| {
                    term.draw(|f| views::render(f, black_box(&rt.app), Theme { color: true }, now))
                        .map(drop)
                        .expect("draw")
                })
            });
        }
    }
    // Progress over 10,000 stored sessions.
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    store.write_index(&summaries()).expect("index");
    rt.app.review = None;
    rt.journaling = Journaling::new(Some(store));
    rt.app.screen = Screen::Home;
    rt.app.selected = rt.app.banks.iter().position(|b| b.bank.exam.id == "ccnp-scor").expect("ccnp");
    press(&mut rt, KeyCode::Char('p'));
    assert_eq!(rt.app.screen, Screen::Progress);
    for (w, h) in SIZES {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        group.bench_function(format!("progress/{w}x{h}"), |b| {
            b.iter(|| {
                term.draw(|f| views::render(f, black_box(&rt.app), Theme { color: true }, now)).map(drop).expect("draw")
            })
        });
    }
    group.finish();
}

fn store(c: &mut Criterion) {
    let all = summaries();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    store.write_index(&all).expect("index");
    let bank =
        load_bundled().into_iter().map(|b| b.expect("valid")).find(|b| b.bank.exam.id == "ccnp-scor").expect("ccnp");
    let mut group = c.benchmark_group("sessions_10000");
    group.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    group.bench_function("readiness", |b| {
        b.iter(|| readiness::assess(&bank.bank, black_box(&all), readiness::Config::default()))
    });
    group.bench_function("estimate", |b| {
        b.iter(|| proctor::engine::estimate::estimate(&bank.bank, black_box(&all), bank.bank.exam.target()))
    });
    group.bench_function("progress_figures", |b| {
        b.iter(|| {
            proctor::engine::progress::build(Some(black_box(&store)), &bank.bank, readiness::Config::default(), &[])
        })
    });
    group.bench_function("list_index_json", |b| {
        b.iter(|| {
            let mut list = store.summaries();
            list.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
            serde_json::to_vec_pretty(&list).expect("json")
        })
    });
    group.finish();
}

criterion_group!(app, render, store);
criterion_main!(app);
