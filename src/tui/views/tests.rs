//! Snapshot tests of every screen (TestBackend + insta) at 80x24 and 120x40, the
//! too-small notice, wide text; plus state tests that drive `App` with keys.

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::journaling::Journaling;
use crate::engine::bank::load::load_str;
use crate::tui::effects::Runtime;
use crate::tui::keys::{self, Action};
use crate::tui::state::{App, ExamOptions, Screen};
use crate::tui::theme::Theme;

const MINI: &str = include_str!("../../../tests/fixtures/banks/valid/mini.yaml");
const WIDE: &str = include_str!("../../../tests/fixtures/banks/valid/wide.yaml");

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date")
}

/// The app as the event loop drives it (state and store side), read as its state.
struct Driven(Runtime);

impl std::ops::Deref for Driven {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0.app
    }
}

impl std::ops::DerefMut for Driven {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.0.app
    }
}

impl Driven {
    fn tick(&mut self, now: DateTime<Utc>) -> bool {
        self.0.tick(now)
    }
}

fn app_with(text: &str) -> Driven {
    let bank = load_str("bank.yaml", text).expect("valid bank");
    let app = App::new(vec![bank], ExamOptions { seed: Some(7), ..ExamOptions::default() }, 1);
    Driven(Runtime { app, journaling: Journaling::new(None) })
}

fn draw(app: &App, w: u16, h: u16, now: DateTime<Utc>) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| super::render(f, app, Theme { color: true }, now)).expect("draw");
    t
}

fn press(app: &mut Driven, code: KeyCode, now: DateTime<Utc>) {
    let k = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = keys::action(app.context(), k) {
        app.0.action(a, now);
    }
}

fn started(text: &str) -> Driven {
    let mut app = app_with(text);
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::Question);
    app
}

/// Answers every question with option A at one-second intervals.
fn finish(app: &mut Driven) {
    let mut now = t0();
    while app.screen == Screen::Question {
        now += Duration::seconds(20);
        press(app, KeyCode::Char('a'), now);
        press(app, KeyCode::Enter, now);
        if app.dialog.is_some() {
            press(app, KeyCode::Char('y'), now);
        }
    }
}

macro_rules! snap {
    ($name:expr, $app:expr, $now:expr) => {
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{}_{w}x{h}", $name), draw($app, w, h, $now).backend());
        }
    };
}

#[test]
fn home_screen() {
    snap!("home", &app_with(MINI), t0());
}

#[test]
fn rules_screen() {
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Enter, t0());
    snap!("rules", &app, t0());
}

#[test]
fn question_screen_counts_down() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Char('b'), t0());
    snap!("question", &app, t0() + Duration::seconds(65));
}

#[test]
fn multi_response_question_shows_choose_n() {
    let mut app = started(MINI);
    let now = t0() + Duration::seconds(5);
    while app.exam.as_ref().is_some_and(|e| e.session.current_choose() < 2) {
        press(&mut app, KeyCode::Char('a'), now);
        press(&mut app, KeyCode::Enter, now);
    }
    press(&mut app, KeyCode::Char('a'), now);
    press(&mut app, KeyCode::Char('g'), now);
    snap!("question_multi", &app, now);
}

#[test]
fn wide_text_stays_aligned() {
    let mut app = started(WIDE);
    snap!("question_wide_1", &app, t0());
    press(&mut app, KeyCode::Char('a'), t0());
    press(&mut app, KeyCode::Enter, t0());
    snap!("question_wide_2", &app, t0());
}

#[test]
fn abandon_dialog() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Char('q'), t0());
    snap!("abandon", &app, t0());
}

#[test]
fn incomplete_submit_dialog() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Enter, t0());
    snap!("submit_empty", &app, t0());
}

#[test]
fn help_overlay() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Char('?'), t0());
    snap!("help", &app, t0());
}

#[test]
fn time_up_notice_then_results() {
    let mut app = started(MINI);
    let end = t0() + Duration::minutes(10);
    assert!(app.tick(end));
    assert_eq!(app.screen, Screen::TimeUp);
    snap!("time_up", &app, end);
    press(&mut app, KeyCode::Enter, end);
    assert_eq!(app.screen, Screen::Results);
    snap!("results_time_up", &app, end);
}

#[test]
fn results_screen() {
    let mut app = started(MINI);
    finish(&mut app);
    assert_eq!(app.screen, Screen::Results);
    snap!("results", &app, t0());
}

#[test]
fn too_small_notice_keeps_state() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Char('b'), t0());
    insta::assert_snapshot!("too_small_59x16", draw(&app, 59, 16, t0()).backend());
    insta::assert_snapshot!("too_small_20x5", draw(&app, 20, 5, t0()).backend());
    draw(&app, 1, 1, t0());
    assert_eq!(app.exam.as_ref().map(|e| e.session.selected_positions()), Some(vec![1]));
}

#[test]
fn countdown_turns_yellow_then_red() {
    use ratatui::style::Color;
    let app = started(MINI);
    let clock_fg = |t: &Terminal<TestBackend>| {
        let buf = t.backend().buffer();
        let x = (0..buf.area.width).rev().find(|&x| buf[(x, 0)].symbol() == ":").expect("clock on row 0");
        buf[(x, 0)].fg
    };
    // A 10-minute exam: under 10 minutes at once (yellow), red under 5.
    assert_eq!(clock_fg(&draw(&app, 80, 24, t0() + Duration::seconds(1))), Color::Yellow);
    assert_eq!(clock_fg(&draw(&app, 80, 24, t0() + Duration::seconds(301))), Color::Red);
}

#[test]
fn no_key_on_the_question_screen_goes_back() {
    let mut app = started(MINI);
    let now = t0();
    press(&mut app, KeyCode::Char('a'), now);
    press(&mut app, KeyCode::Enter, now);
    let at = app.exam.as_ref().and_then(|e| e.session.current());
    assert_eq!(at, Some(1));
    let keys = [
        KeyCode::Left,
        KeyCode::Backspace,
        KeyCode::Up,
        KeyCode::PageUp,
        KeyCode::Home,
        KeyCode::BackTab,
        KeyCode::Char('b'),
        KeyCode::Char('p'),
        KeyCode::Char('h'),
        KeyCode::Char('g'),
    ];
    for k in keys {
        press(&mut app, k, now);
        if app.dialog.is_some() {
            press(&mut app, KeyCode::Char('n'), now);
        }
        let cur = app.exam.as_ref().and_then(|e| e.session.current());
        assert!(cur >= at, "{k:?} moved from {at:?} to {cur:?}");
        assert_eq!(cur, at, "{k:?} submitted the question");
        assert_eq!(app.exam.as_ref().map(|e| e.session.answers().len()), Some(1));
        assert_eq!(app.screen, Screen::Question, "{k:?} left the question");
    }
}

#[test]
fn back_key_explains_why() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Left, t0());
    assert!(app.status.as_deref().is_some_and(|s| s.contains("No going back")));
}

#[test]
fn abandon_is_confirmed_then_scored() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Esc, t0());
    press(&mut app, KeyCode::Char('n'), t0());
    assert_eq!(app.screen, Screen::Question);
    press(&mut app, KeyCode::Esc, t0());
    press(&mut app, KeyCode::Char('y'), t0());
    assert_eq!(app.screen, Screen::Results);
    let r = app.exam.as_ref().and_then(|e| e.report.as_ref()).expect("report");
    assert_eq!(r.correct, 0);
}

#[test]
fn ctrl_c_asks_before_abandoning() {
    let mut app = started(MINI);
    let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let a = keys::action(app.context(), k);
    assert_eq!(a, Some(Action::Quit));
    app.0.action(Action::Quit, t0());
    assert!(app.dialog.is_some());
}

#[test]
fn review_and_breakdown_screens() {
    let mut app = started(MINI);
    finish(&mut app);
    press(&mut app, KeyCode::Char('r'), t0());
    assert_eq!(app.screen, Screen::Review);
    app.status = None;
    snap!("review", &app, t0());
    // Setting a cause moves on to the next unconfirmed error.
    press(&mut app, KeyCode::Char('t'), t0());
    let st = app.review.as_ref().expect("review");
    assert_eq!(st.review.items.iter().filter(|i| i.confirmed.is_some()).count(), 1);
    press(&mut app, KeyCode::Char('b'), t0());
    app.status = None;
    snap!("breakdown", &app, t0());
    press(&mut app, KeyCode::Char('b'), t0());
    // Review moves freely backwards: the exam is over.
    press(&mut app, KeyCode::Right, t0());
    let before = app.review.as_ref().map_or(0, |r| r.pos);
    assert!(before > 0, "the review holds more than one question");
    press(&mut app, KeyCode::Left, t0());
    assert_eq!(app.review.as_ref().map(|r| r.pos), Some(before - 1));
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::Results);
}

/// Takes a full simulation of the first bank through the app, answering `right` of the
/// questions correctly, and saves it to the app's store.
fn take_exam(app: &mut Driven, start: DateTime<Utc>, right: usize) {
    app.screen = Screen::Home;
    app.exam = None;
    press(app, KeyCode::Enter, start);
    press(app, KeyCode::Enter, start);
    let mut now = start;
    let mut n = 0;
    while app.screen == Screen::Question {
        now += Duration::seconds(30);
        let exam = app.exam.as_ref().expect("exam");
        let item = exam.session.current().expect("current");
        let order = exam.session.paper.items[item].order.clone();
        let correct = exam.session.item_correct(item).to_vec();
        let keys: Vec<usize> = if n < right {
            (0..order.len()).filter(|&p| correct.contains(&order[p])).collect()
        } else {
            vec![(0..order.len()).find(|&p| !correct.contains(&order[p])).expect("wrong option")]
        };
        for k in keys {
            press(app, KeyCode::Char((b'a' + k as u8) as char), now);
        }
        press(app, KeyCode::Enter, now);
        if app.dialog.is_some() {
            press(app, KeyCode::Char('y'), now);
        }
        n += 1;
    }
}

#[test]
fn progress_screen_with_chart_and_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app_with(MINI);
    app.0.journaling = Journaling::new(Some(crate::engine::history::Store::open(dir.path()).expect("store")));
    for (day, right) in [(0, 2), (1, 3), (2, 4), (3, 3)] {
        take_exam(&mut app, t0() + Duration::days(day), right);
        assert_eq!(app.screen, Screen::Results);
    }
    app.screen = Screen::Home;
    press(&mut app, KeyCode::Char('p'), t0());
    assert_eq!(app.screen, Screen::Progress);
    let p = app.progress.as_ref().expect("progress");
    assert_eq!(p.readiness.scores.len(), 4);
    assert_eq!(p.readiness.scores.iter().map(|s| s.score).collect::<Vec<_>>(), vec![50.0, 75.0, 100.0, 75.0]);
    snap!("progress", &app, t0());
    // Home shows each bank's last score and readiness once history exists.
    app.screen = Screen::Home;
    app.0.refresh_home();
    let home = format!("{:?}", draw(&app, 120, 40, t0()).backend());
    assert!(home.contains("last 75.0% pass") && home.contains("not yet ready"), "{home}");
}

/// 90 answers in 30 seconds counted as a full simulation: now the results say it does not.
#[test]
fn a_rushed_simulation_says_on_the_results_that_it_does_not_count() {
    let mut app = started(MINI);
    let now = t0() + Duration::seconds(1);
    while app.screen == Screen::Question {
        press(&mut app, KeyCode::Char('a'), now);
        press(&mut app, KeyCode::Enter, now);
        if app.dialog.is_some() {
            press(&mut app, KeyCode::Char('y'), now);
        }
    }
    assert_eq!(app.screen, Screen::Results);
    let text = format!("{:?}", draw(&app, 120, 40, now).backend());
    assert!(text.contains("rushed: 4 of 4 answers came faster than the questions can be read"), "{text}");
    // Answered at a considered pace, the same paper counts.
    let mut app = started(MINI);
    finish(&mut app);
    let text = format!("{:?}", draw(&app, 120, 40, t0()).backend());
    assert!(!text.contains("rushed"), "{text}");
}

/// 90 answers in 30 seconds on the bundled 90-question SCOR paper: saved, and not counted.
#[test]
fn a_rushed_90_question_simulation_is_saved_but_does_not_count() {
    let banks: Vec<_> = proctor_bundled().into_iter().filter(|b| b.bank.exam.id == "ccnp-scor").collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = crate::engine::history::Store::open(dir.path()).expect("store");
    let app = App::new(banks, ExamOptions { seed: Some(3), ..ExamOptions::default() }, 1);
    let mut app = Driven(Runtime { app, journaling: Journaling::new(Some(store.clone())) });
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Enter, t0());
    let mut now = t0();
    let mut n = 0;
    while app.screen == Screen::Question {
        n += 1;
        now += Duration::milliseconds(333);
        press(&mut app, KeyCode::Char('a'), now);
        press(&mut app, KeyCode::Enter, now);
        if app.dialog.is_some() {
            press(&mut app, KeyCode::Char('y'), now);
        }
    }
    assert_eq!(n, 90);
    let summaries = store.summaries();
    assert_eq!(summaries.len(), 1);
    assert!(summaries[0].rushed && summaries[0].full_length);
    let r = crate::engine::readiness::assess(&app.banks[0].bank, &summaries, Default::default());
    assert!(r.scores.is_empty());
    assert!(r.not_counted[0].reason.is_some_and(|w| w.starts_with("rushed")), "{:?}", r.not_counted);
}

fn proctor_bundled() -> Vec<crate::engine::bank::LoadedBank> {
    crate::engine::bank::load::load_bundled().into_iter().map(|b| b.expect("bundled banks are valid")).collect()
}
