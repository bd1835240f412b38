//! Snapshot tests of every screen (TestBackend + insta) at 80x24, 100x30 and 160x45, the
//! too-small notice, wide text; plus state tests that drive `App` with keys, and a test
//! that no screen cuts a bundled domain name at 100 columns.

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

/// Gives the app a history store in a new temporary directory (kept while the result lives).
fn with_store(app: &mut Driven) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    app.0.journaling = Journaling::new(Some(crate::engine::history::Store::open(dir.path()).expect("store")));
    dir
}

/// Draws the app at `w`x`h`. (The app's own idea of the size, which its scroll limits
/// follow, is set with `sized`.)
fn draw(app: &App, w: u16, h: u16, now: DateTime<Utc>) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| super::render(f, app, Theme { color: true }, now)).expect("draw");
    t
}

/// Tells the app the terminal is `w`x`h`, as the event loop does.
fn sized(app: &mut Driven, w: u16, h: u16) {
    app.resize(ratatui::layout::Rect::new(0, 0, w, h));
}

/// The screen's text, one string per row.
fn text(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    (0..buf.area.height).map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()).collect()
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
        for (w, h) in [(80, 24), (100, 30), (160, 45)] {
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
fn a_missing_option_is_named_by_its_letter() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Char('0'), t0());
    assert_eq!(app.status.as_deref(), Some("There is no option J: this question has A–D."));
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
    // Setting a cause stays on the question (→ moves on), so that a note typed next is
    // for it.
    press(&mut app, KeyCode::Char('t'), t0());
    let st = app.review.as_ref().expect("review");
    assert_eq!(st.review.items.iter().filter(|i| i.confirmed.is_some()).count(), 1);
    assert_eq!(st.pos, 0, "still on the question whose cause was set");
    assert!(st.current().is_some_and(|it| it.confirmed.is_some()));
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
    // At 80x24 the chart is shorter, so the domains start on the first page (they were a
    // page down); taller screens keep the full chart.
    let rows = |w, h| text(&draw(&app, w, h, t0()));
    // The rows of the plot: those with the y axis in column 5 (the x axis and its labels
    // are the chart's other two).
    let chart_rows = |r: &[String]| r.iter().filter(|l| l.chars().nth(5) == Some('│')).count();
    assert!(rows(80, 24).iter().any(|l| l.contains("Network Security     100%")), "{:#?}", rows(80, 24));
    assert_eq!((chart_rows(&rows(80, 24)), chart_rows(&rows(100, 30))), (6, 8));
    // Home shows each bank's last score and readiness once history exists.
    app.screen = Screen::Home;
    app.0.refresh_home(t0());
    let home = format!("{:?}", draw(&app, 120, 40, t0()).backend());
    assert!(home.contains("last 75.0% pass") && home.contains("not yet ready"), "{home}");
}

/// Answers every question with option A, all at `now`: faster than any can be read.
fn rush(app: &mut Driven, now: DateTime<Utc>) {
    while app.screen == Screen::Question {
        press(app, KeyCode::Char('a'), now);
        press(app, KeyCode::Enter, now);
        if app.dialog.is_some() {
            press(app, KeyCode::Char('y'), now);
        }
    }
}

/// 90 answers in 30 seconds counted as a full simulation: now the results say it does not.
#[test]
fn a_rushed_simulation_says_on_the_results_that_it_does_not_count() {
    let mut app = started(MINI);
    let now = t0() + Duration::seconds(1);
    rush(&mut app, now);
    assert_eq!(app.screen, Screen::Results);
    let text = format!("{:?}", draw(&app, 120, 40, now).backend());
    assert!(text.contains("rushed: 4 of 4 answers came faster than the questions can be read"), "{text}");
    // Answered at a considered pace, the same paper counts.
    let mut app = started(MINI);
    finish(&mut app);
    let text = format!("{:?}", draw(&app, 120, 40, t0()).backend());
    assert!(!text.contains("rushed"), "{text}");
}

/// A rushed shortened paper was left out of the pass estimate without a word: the results
/// said "not enough evidence yet (0 answers)" right after four answers.
#[test]
fn a_rushed_shortened_paper_says_the_pass_estimate_leaves_it_out() {
    let bank = load_str("bank.yaml", MINI).expect("valid bank");
    let options = ExamOptions { seed: Some(7), questions: Some(2), ..ExamOptions::default() };
    let mut app = Driven(Runtime { app: App::new(vec![bank], options, 1), journaling: Journaling::new(None) });
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Enter, t0());
    let now = t0() + Duration::seconds(1);
    rush(&mut app, now);
    let shown = text(&draw(&app, 120, 40, now)).join("\n");
    assert!(shown.contains("so the pass estimate leaves this paper out"), "{shown}");
}

/// 90 answers in 30 seconds on the bundled 90-question SCOR paper: saved, and not counted.
#[test]
fn a_rushed_90_question_simulation_is_saved_but_does_not_count() {
    let banks: Vec<_> = bundled().into_iter().filter(|b| b.bank.exam.id == "ccnp-scor").collect();
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

/// The bundled banks, loaded.
fn bundled() -> Vec<crate::engine::bank::LoadedBank> {
    crate::engine::bank::load::load_bundled().into_iter().map(|b| b.expect("bundled bank")).collect()
}

/// The app over the bundled banks, on the question screen of a one-question paper:
/// question `qid` of bank `bank_id`, options in bank order, a two-hour clock started at t0.
fn on_question(bank_id: &str, qid: &str) -> Driven {
    use crate::engine::blueprint::{Paper, PaperItem};
    use crate::engine::prepare::Prepared;
    use crate::engine::session::{Mode, Session, Settings};
    let banks = bundled();
    let idx = banks.iter().position(|b| b.bank.exam.id == bank_id).expect("bundled bank");
    let bank = &banks[idx].bank;
    let question = bank.questions.iter().position(|q| q.id.0 == qid).expect("question");
    let order = (0..bank.questions[question].options.len() as u8).collect();
    let paper = Paper { items: vec![PaperItem { question, order, testlet: None }] };
    let settings = Settings { mode: Mode::Simulation, limit_secs: Some(7200), feedback: false, full_length: false };
    let session = Session::new(bank, paper, settings);
    let mut app = App::new(banks, ExamOptions::default(), 1);
    app.selected = idx;
    app.show_rules(idx, Prepared { session, seed: 1, about: None, fresh: None, new_items: Vec::new() });
    let mut app = Driven(Runtime { app, journaling: Journaling::new(None) });
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::Question);
    app
}

/// Every frame of the scrolled screen on show, from the top, paging down (`key`) until
/// the frame stops changing: the offset is clamped at the end.
fn every_frame(app: &mut Driven, key: KeyCode, w: u16, h: u16, now: DateTime<Utc>) -> Vec<Vec<String>> {
    sized(app, w, h);
    let mut frames = vec![text(&draw(app, w, h, now))];
    for _ in 0..100 {
        press(app, key, now);
        let f = text(&draw(app, w, h, now));
        if frames.last() == Some(&f) {
            return frames;
        }
        frames.push(f);
    }
    panic!("the screen kept scrolling: its offset is not clamped");
}

#[test]
fn enter_in_a_confirmation_means_no() {
    use crate::tui::state::Dialog;
    let mut app = started(MINI);
    // Enter with nothing selected asks; a second Enter, the hurried one, says no.
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.dialog, Some(Dialog::SubmitIncomplete { selected: 0, required: 1 }));
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains("y yes · Enter/Esc no"), "the dialog says which key says what:\n{shown}");
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.dialog, None);
    let exam = app.exam.as_ref().expect("exam");
    assert_eq!((exam.session.current(), exam.session.answers().len()), (Some(0), 0), "nothing was submitted");
    // Esc says no as well; only y submits.
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.exam.as_ref().map(|e| e.session.answers().len()), Some(0));
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Char('y'), t0());
    assert_eq!(app.exam.as_ref().map(|e| e.session.answers().len()), Some(1));

    // The resume question: both answers change something (no abandons the session), so a
    // hurried Enter or Esc answers nothing; y resumes, n abandons.
    for key in [KeyCode::Enter, KeyCode::Esc] {
        let mut app = App::new(vec![load_str("bank.yaml", MINI).expect("valid bank")], ExamOptions::default(), 1);
        app.dialog = Some(Dialog::Resume);
        assert_eq!(keys::action(app.context(), KeyEvent::new(key, KeyModifiers::NONE)), None, "{key:?}");
        assert_eq!(app.dialog, Some(Dialog::Resume));
    }
    for (key, yes) in [(KeyCode::Char('y'), true), (KeyCode::Char('n'), false)] {
        let bank = load_str("bank.yaml", MINI).expect("valid bank");
        let mut app = App::new(vec![bank], ExamOptions::default(), 1);
        app.dialog = Some(Dialog::Resume);
        let action = keys::action(app.context(), KeyEvent::new(key, KeyModifiers::NONE)).expect("bound");
        app.update(action, t0());
        assert_eq!(app.effects.pop_front(), Some(crate::tui::effects::Effect::Resume(yes)), "{key:?}");
    }
}

#[test]
fn esc_goes_back_and_never_leaves_the_app() {
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Esc, t0());
    assert!(!app.quit, "Esc on home does not quit");
    assert!(app.status.as_deref().is_some_and(|s| s.contains("q quits")), "{:?}", app.status);
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::Rules);
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::Home, "Esc on the rules goes back home");
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Enter, t0());
    finish(&mut app);
    assert_eq!(app.screen, Screen::Results);
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::Home, "Esc on the results goes home");
    assert!(!app.quit);

    let mut app = started(MINI);
    finish(&mut app);
    press(&mut app, KeyCode::Char('r'), t0());
    press(&mut app, KeyCode::Char('b'), t0());
    assert_eq!(app.base_context(), keys::Context::Breakdown);
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!((app.screen, app.base_context()), (Screen::Review, keys::Context::Review), "back to the questions");
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::Results);
    assert!(!app.quit);
    // q and Ctrl-C quit from the review, where nothing is running.
    press(&mut app, KeyCode::Char('r'), t0());
    let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let a = keys::action(app.context(), cc).expect("Ctrl-C is bound in the review");
    app.0.action(a, t0());
    assert!(app.quit);
}

#[test]
fn quitting_with_a_note_typed_asks_first() {
    use crate::tui::state::Dialog;
    let mut app = started(MINI);
    finish(&mut app);
    press(&mut app, KeyCode::Char('r'), t0());
    press(&mut app, KeyCode::Char('n'), t0());
    assert_eq!(app.context(), keys::Context::Note);
    for c in "half a thought".chars() {
        app.0.text_key(KeyCode::Char(c), t0());
    }
    let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(keys::action(keys::Context::Note, cc), Some(Action::Quit));
    app.0.action(Action::Quit, t0());
    assert_eq!(app.dialog, Some(Dialog::QuitUnsaved));
    assert!(!app.quit);
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.context(), keys::Context::Note, "no: back to the note, as typed");
    assert_eq!(app.review.as_ref().and_then(|r| r.note.as_ref()).map(|n| n.text()), Some("half a thought"));
    app.0.action(Action::Quit, t0());
    press(&mut app, KeyCode::Char('y'), t0());
    assert!(app.quit);
}

#[test]
fn a_note_is_for_the_question_on_screen() {
    let mut app = started(MINI);
    finish(&mut app);
    press(&mut app, KeyCode::Char('r'), t0());
    let first = app.review.as_ref().and_then(|r| r.current()).map(|it| it.item).expect("an error to review");
    press(&mut app, KeyCode::Char('m'), t0());
    assert!(app.status.as_deref().is_some_and(|s| s.contains(&format!("Question {}", first + 1))), "{:?}", app.status);
    press(&mut app, KeyCode::Char('n'), t0());
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains(&format!("Note for question {}:", first + 1)), "{shown}");
    for c in "misread the NOT".chars() {
        app.0.text_key(KeyCode::Char(c), t0());
    }
    app.0.text_key(KeyCode::Enter, t0());
    let st = app.review.as_ref().expect("review");
    let noted: Vec<usize> = st
        .review
        .items
        .iter()
        .filter(|i| i.confirmed.as_ref().is_some_and(|c| c.note.is_some()))
        .map(|i| i.item)
        .collect();
    assert_eq!(noted, vec![first], "the note landed on the question it was typed for");
    let confirmed = st.review.items.iter().filter(|i| i.confirmed.is_some()).count();
    assert_eq!(confirmed, 1, "saving the note confirmed no other question's cause");
    assert_eq!(st.current().map(|it| it.item), Some(first));
}

/// The stem's exhibit lines (those that start with a space).
fn exhibit_lines(app: &App) -> Vec<String> {
    let exam = app.exam.as_ref().expect("exam");
    let q = &app.banks[exam.bank].bank.questions[exam.session.paper.items[0].question];
    q.stem.lines().filter(|l| l.starts_with(' ')).map(|l| l.trim_end().to_owned()).collect()
}

#[test]
fn exhibits_keep_their_indentation_on_the_question_and_review_screens() {
    use super::wrap::clip;
    for qid in ["cld-012", "con-020"] {
        for (w, h) in [(80, 24), (60, 20)] {
            let mut app = on_question("ccnp-scor", qid);
            let lines = exhibit_lines(&app);
            assert!(lines.len() > 5 && lines.iter().any(|l| l.starts_with("   ")), "{qid} has a nested exhibit");
            // The question: one column of margin; the text is two columns narrower.
            let frames = every_frame(&mut app, KeyCode::PageDown, w, h, t0());
            for l in &lines {
                let want = format!(" {}", clip(l, w as usize - 2));
                assert!(
                    frames.iter().flatten().any(|row| row.starts_with(&want)),
                    "{qid} at {w}x{h}: {want:?} not on the question screen:\n{}",
                    frames.iter().map(|f| f.join("\n")).collect::<Vec<_>>().join("\n---\n")
                );
            }
            // The review: inside the border, one column of margin.
            press(&mut app, KeyCode::Enter, t0());
            press(&mut app, KeyCode::Char('y'), t0());
            press(&mut app, KeyCode::Char('r'), t0());
            assert_eq!(app.screen, Screen::Review);
            let frames = every_frame(&mut app, KeyCode::PageDown, w, h, t0());
            for l in &lines {
                let want = format!("│ {}", clip(l, w as usize - 3));
                assert!(
                    frames.iter().flatten().any(|row| row.starts_with(&want)),
                    "{qid} at {w}x{h}: {want:?} not on the review screen:\n{}",
                    frames.iter().map(|f| f.join("\n")).collect::<Vec<_>>().join("\n---\n")
                );
            }
        }
    }
    insta::assert_snapshot!(
        "exhibit_cld_012_80x24",
        draw(&on_question("ccnp-scor", "cld-012"), 80, 24, t0()).backend()
    );
}

#[test]
fn time_used_reads_in_one_format() {
    // A two-hour limit: every figure in h:mm:ss, so 2 min 35 s cannot read as 2 h 35 min.
    let mut app = on_question("ccnp-scor", "cld-012");
    let now = t0() + Duration::seconds(155);
    press(&mut app, KeyCode::Char('a'), now);
    press(&mut app, KeyCode::Enter, now);
    assert_eq!(app.screen, Screen::Results);
    let shown = text(&draw(&app, 100, 30, now)).join("\n");
    assert!(shown.contains("time used 0:02:35 of 2:00:00") && shown.contains("longest 0:02:35"), "{shown}");
    // Under an hour, minutes and seconds (the 10-minute mini bank).
    let mut app = started(MINI);
    finish(&mut app);
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(shown.contains("time used 01:20 of 10:00"), "{shown}");
}

#[test]
fn an_untimed_drill_says_untimed() {
    use crate::engine::prepare::DrillSpec;
    let mut app = app_with(MINI);
    let spec = DrillSpec { untimed: true, questions: Some(2), ..DrillSpec::default() };
    app.0.prepare_drill(0, &spec).expect("drill");
    let rules = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(rules.contains("Untimed. No going back") && rules.contains("Press Enter to start."), "{rules}");
    assert!(!rules.contains("Timed.") && !rules.contains("clock"), "nothing speaks of a clock:\n{rules}");
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Char('?'), t0());
    let help = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(help.contains("Untimed. No going back") && !help.contains("Timed."), "{help}");
}

#[test]
fn any_key_closes_the_help() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Char('?'), t0());
    assert!(app.help);
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains("Press any key to close."), "{shown}");
    // A key that means nothing on the help (or anywhere) closes it, and does nothing else.
    press(&mut app, KeyCode::Char('x'), t0());
    assert!(!app.help, "x closed the help");
    press(&mut app, KeyCode::Char('?'), t0());
    press(&mut app, KeyCode::F(5), t0());
    assert!(!app.help, "F5 closed the help");
    press(&mut app, KeyCode::Char('?'), t0());
    press(&mut app, KeyCode::Char('a'), t0());
    assert!(!app.help);
    assert_eq!(app.exam.as_ref().map(|e| e.session.selected_positions()), Some(vec![]), "the key only closed it");
}

#[test]
fn counts_read_in_the_singular_and_plural() {
    // One wrong answer of four, its cause not yet confirmed.
    let mut app = app_with(MINI);
    take_exam(&mut app, t0(), 3);
    press(&mut app, KeyCode::Char('r'), t0());
    press(&mut app, KeyCode::Char('b'), t0());
    let shown = text(&draw(&app, 160, 45, t0())).join("\n");
    assert!(shown.contains("1 error · 0 lucky"), "{shown}");
    assert!(shown.contains("0 right answers changed to wrong · 1 cause not yet confirmed"), "{shown}");
    assert!(!shown.contains("(s)"), "{shown}");
    // Time ran out on the last question.
    let mut app = started(MINI);
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('a'), t0());
        press(&mut app, KeyCode::Enter, t0());
        if app.dialog.is_some() {
            press(&mut app, KeyCode::Char('y'), t0());
        }
    }
    assert!(app.tick(t0() + Duration::minutes(10)));
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(shown.contains("1 question was not answered in time and counts as wrong."), "{shown}");
}

#[test]
fn help_popup_keeps_its_last_lines_and_indents_continuations() {
    let mut app = started(MINI);
    press(&mut app, KeyCode::Char('?'), t0());
    let rows = text(&draw(&app, 80, 24, t0()));
    let shown = rows.join("\n");
    assert!(shown.contains("Press any key to close.") && shown.contains("Timed. No going back"), "{shown}");
    // "select an option by its letter or number (toggles on choose-N questions)" wraps:
    // its second line hangs under the description, not under the key names.
    let at = rows.iter().position(|r| r.contains("select an option by its")).expect("the option key's line");
    let desc = rows[at].find("select an option").expect("description");
    let next = &rows[at + 1];
    let cont = next.find(|c: char| c.is_alphanumeric()).expect("a continuation line");
    assert_eq!(next[..cont].chars().count(), rows[at][..desc].chars().count(), "{}\n{next}", rows[at]);
}

#[test]
fn review_help_bar_at_80_keeps_breakdown_and_back() {
    let mut app = started(MINI);
    finish(&mut app);
    press(&mut app, KeyCode::Char('r'), t0());
    let rows = text(&draw(&app, 80, 24, t0()));
    let bar = rows.last().expect("the help bar");
    for entry in ["←→ move", "c/t/m/r set cause", "Enter confirm", "n note", "b breakdown", "Esc back"] {
        assert!(bar.contains(entry), "{entry:?} missing from the bar: {bar}");
    }
}

#[test]
fn home_at_80_columns_wraps_the_bank_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app_with(MINI);
    app.0.journaling = Journaling::new(Some(crate::engine::history::Store::open(dir.path()).expect("store")));
    take_exam(&mut app, t0(), 3);
    app.screen = Screen::Home;
    app.0.refresh_home(t0());
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains("last 75.0% pass") && shown.contains("not enough data yet"), "{shown}");
}

#[test]
fn the_seed_line_of_abandoned_results_wraps_whole() {
    let bank = load_str("bank.yaml", MINI).expect("valid bank");
    let options = ExamOptions { seed: Some(u64::MAX), questions: Some(2), ..ExamOptions::default() };
    let app = App::new(vec![bank], options, 1);
    let mut app = Driven(Runtime { app, journaling: Journaling::new(None) });
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Char('q'), t0());
    press(&mut app, KeyCode::Char('y'), t0());
    assert_eq!(app.screen, Screen::Results);
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(shown.contains("abandoned (scored as it stood)"), "{shown}");
    assert!(shown.contains(&format!("seed {}", u64::MAX)), "the seed is whole:\n{shown}");
}

/// A bank whose one question has a long stem and ten options: more than 80x24 shows.
const TEN: &str = r#"
exam: { id: ten, title: Ten options, minutes: 10, questions: 1, passing_score: 70 }
domains: [ { id: d, name: Domain, weight: 100 } ]
questions:
  - id: q-1
    domain: d
    stem: |
      A long scenario, line 1.
      Line 2.
      Line 3.
      Line 4.
      Line 5.
      Line 6.
      Line 7.
      Line 8.
      Line 9.
      Line 10.
      Line 11.
      Line 12.
      Line 13.
      Line 14.
      Line 15.
      Line 16.
      Line 17.
      Line 18.
      Which option is the tenth?
    options:
      - { text: Alpha, correct: true }
      - { text: Bravo }
      - { text: Charlie }
      - { text: Delta }
      - { text: Echo }
      - { text: Foxtrot }
      - { text: Golf }
      - { text: Hotel }
      - { text: India }
      - { text: Juliett }
"#;

#[test]
fn ten_options_follow_the_selection_and_show_the_guess() {
    let mut app = started(TEN);
    sized(&mut app, 80, 24);
    let before = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(!before.contains(" J ( ) "), "J starts below the fold:\n{before}");
    press(&mut app, KeyCode::Char('0'), t0());
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains("▸J (•) "), "the selected option is in view, under the cursor:\n{shown}");
    press(&mut app, KeyCode::Char('g'), t0());
    let rows = text(&draw(&app, 80, 24, t0()));
    assert!(rows[0].contains("⚑ guess"), "the flag shows in the header: {}", rows[0]);
    assert!(rows.join("\n").contains("▸J (•) "));
    // Back to the top, then PgDn moves a page: one row less than the body shows.
    press(&mut app, KeyCode::PageUp, t0());
    press(&mut app, KeyCode::PageUp, t0());
    assert_eq!(app.scroll, 0);
    press(&mut app, KeyCode::PageDown, t0());
    let page = super::body_rows(&app) - 1;
    assert_eq!(app.scroll, page.min(super::max_scroll(&app)));
    assert!(app.scroll > 5, "a page is more than the five rows it used to be");
    press(&mut app, KeyCode::PageUp, t0());
    assert_eq!(app.scroll, 0);
}

#[test]
fn progress_scroll_is_clamped_and_the_chart_scrolls_with_the_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app_with(MINI);
    app.0.journaling = Journaling::new(Some(crate::engine::history::Store::open(dir.path()).expect("store")));
    for (day, right) in [(0, 2), (1, 3), (2, 4)] {
        take_exam(&mut app, t0() + Duration::days(day), right);
    }
    app.screen = Screen::Home;
    press(&mut app, KeyCode::Char('p'), t0());
    assert_eq!(app.screen, Screen::Progress);
    sized(&mut app, 80, 24);
    // Only the chart draws in braille.
    let chart = |rows: &[String]| rows.iter().any(|r| r.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)));
    let top = text(&draw(&app, 80, 24, t0()));
    assert!(chart(&top), "the chart is on the first page:\n{}", top.join("\n"));
    for _ in 0..40 {
        press(&mut app, KeyCode::Down, t0());
    }
    let max = super::max_scroll(&app);
    assert!(max > 0, "the progress screen is taller than 80x24");
    assert_eq!(app.scroll, max, "the offset stops at the end");
    let end = text(&draw(&app, 80, 24, t0()));
    // The chart's rows moved up with the rest, the verdict above it out of view.
    let chart_rows = |rows: &[String]| (0..rows.len()).filter(|&y| chart(&rows[y..=y])).collect::<Vec<_>>();
    let moved: Vec<usize> =
        chart_rows(&top).into_iter().filter_map(|y| y.checked_sub(max as usize)).filter(|&y| y >= 1).collect();
    assert_eq!(chart_rows(&end), moved, "the chart scrolled with the rest:\n{}", end.join("\n"));
    assert!(top[1].contains("Not yet") && !end.iter().any(|r| r.contains("Not yet")), "{}", end.join("\n"));
    press(&mut app, KeyCode::Up, t0());
    assert_eq!(app.scroll, max - 1, "↑ moves a line, at once");
    // PgUp moves a page: the rows shown, less one to keep the reader's place.
    press(&mut app, KeyCode::PageUp, t0());
    let page = super::body_rows(&app) - 1;
    assert_eq!(app.scroll, (max - 1).saturating_sub(page), "PgUp moves a page");
    assert_ne!(text(&draw(&app, 80, 24, t0())), end);
    // A taller terminal shows more: the offset comes back within it.
    sized(&mut app, 80, 60);
    assert!(app.scroll <= super::max_scroll(&app));
}

/// Whether `name` is on screen whole: on one row, or broken at its spaces onto the rows
/// below where the screen wraps names by design, each part starting where the name did
/// (a table cell) or where its row's text starts (wrapped prose).
fn shown_whole(rows: &[Vec<char>], name: &str) -> bool {
    let words: Vec<Vec<char>> = name.split(' ').map(|w| w.chars().collect()).collect();
    let at = |row: &[char], x: usize, w: &[char]| row.get(x..x + w.len()) == Some(w);
    // Words `from..` starting at column `x` of row `y`.
    fn rest(rows: &[Vec<char>], y: usize, x: usize, words: &[Vec<char>], start: usize) -> bool {
        let at = |row: &[char], x: usize, w: &[char]| row.get(x..x + w.len()) == Some(w);
        let row = &rows[y];
        let (mut col, mut i) = (x, 0);
        loop {
            if !at(row, col, &words[i]) {
                return false;
            }
            col += words[i].len();
            i += 1;
            if i == words.len() {
                return !row.get(col).is_some_and(|c| c.is_alphanumeric());
            }
            if row.get(col) == Some(&' ') && at(row, col + 1, &words[i]) {
                col += 1;
                continue;
            }
            // The name breaks here: the row must not go on with other text at once.
            if row.get(col).is_some_and(|c| !c.is_whitespace() && *c != '│') {
                return false;
            }
            break;
        }
        let Some(next) = rows.get(y + 1) else { return false };
        let text_start = next.iter().position(|c| !c.is_whitespace() && *c != '│');
        [Some(start), text_start].into_iter().flatten().any(|c| rest(rows, y + 1, c, &words[i..], start))
    }
    (0..rows.len()).any(|y| {
        (0..rows[y].len()).any(|x| {
            at(&rows[y], x, &words[0]) && (x == 0 || !rows[y][x - 1].is_alphanumeric()) && rest(rows, y, x, &words, x)
        })
    })
}

/// Asserts every one of `names` is whole in at least one of `frames`.
fn assert_names_whole(frames: &[Vec<String>], names: &[String], what: &str) {
    let grids: Vec<Vec<Vec<char>>> = frames.iter().map(|f| f.iter().map(|r| r.chars().collect()).collect()).collect();
    for name in names {
        assert!(
            grids.iter().any(|g| shown_whole(g, name)),
            "{what}: {name:?} is cut or missing at 100 columns:\n{}",
            frames.iter().map(|f| f.join("\n")).collect::<Vec<_>>().join("\n---\n")
        );
    }
}

#[test]
fn the_name_check_sees_cuts_and_accepts_wrapped_cells() {
    let grid = |rows: &[&str]| rows.iter().map(|r| r.chars().collect::<Vec<_>>()).collect::<Vec<_>>();
    let name = "Secure Network Access, Visibility and Enforcement";
    assert!(shown_whole(&grid(&["│ Secure Network Access, Visibility and Enforcement  3 │"]), name));
    assert!(shown_whole(
        &grid(&["│ Secure Network Access,     3 (50%) │", "│ Visibility and Enforcement         │"]),
        name
    ));
    assert!(shown_whole(&grid(&["  Advice: Secure Network Access,", "  Visibility and Enforcement: mostly"]), name));
    assert!(!shown_whole(&grid(&["│ Secure Network Access, Visibility an…  3 │"]), name));
    assert!(!shown_whole(&grid(&["│ Secure Network Access, Visibility and Enforc"]), name));
    assert!(!shown_whole(&grid(&["│ Secure Network Access,", "│ and Enforcement"]), name));
}

#[test]
fn no_screen_cuts_a_bundled_domain_name_at_100_columns() {
    use crate::engine::prepare::DrillSpec;
    let (w, h) = (100, 30);
    let banks = bundled();
    for (idx, loaded) in banks.iter().enumerate() {
        let bank = &loaded.bank;
        let id = &bank.exam.id;
        let names: Vec<String> = bank.domains.iter().map(|d| d.name.clone()).collect();
        let app = App::new(bundled(), ExamOptions::default(), 1);
        let mut app = Driven(Runtime { app, journaling: Journaling::new(None) });
        sized(&mut app, w, h);
        app.selected = idx;
        assert_names_whole(&[text(&draw(&app, w, h, t0()))], &names, &format!("{id}: home"));
        // The drill options, with every domain listed.
        press(&mut app, KeyCode::Char('d'), t0());
        press(&mut app, KeyCode::Right, t0());
        assert_names_whole(&[text(&draw(&app, w, h, t0()))], &names, &format!("{id}: drill options"));
        press(&mut app, KeyCode::Esc, t0());

        // A drill on every domain, two questions each: its rules name them all.
        let spec = DrillSpec {
            domains: bank.domains.iter().map(|d| d.id.0.clone()).collect(),
            questions: Some(bank.domains.len() * 2),
            ..DrillSpec::default()
        };
        app.0.prepare_drill(idx, &spec).expect("drill");
        assert_names_whole(&[text(&draw(&app, w, h, t0()))], &names, &format!("{id}: rules"));
        press(&mut app, KeyCode::Enter, t0());
        let mut first = true;
        while app.screen == Screen::Question {
            let exam = app.exam.as_ref().expect("exam");
            let item = exam.session.current().expect("current");
            let domain = bank.domains[exam.session.item_domain(item)].name.clone();
            assert_names_whole(&[text(&draw(&app, w, h, t0()))], &[domain], &format!("{id}: question {item}"));
            if first {
                // The help over the question is whole too (F1 where `?` would be typed).
                let help =
                    if app.context() == keys::Context::QuestionText { KeyCode::F(1) } else { KeyCode::Char('?') };
                press(&mut app, help, t0());
                let shown = text(&draw(&app, w, h, t0())).join("\n");
                assert!(shown.contains("Press any key to close."), "{id}: help\n{shown}");
                press(&mut app, KeyCode::Char('x'), t0());
                first = false;
            }
            press(&mut app, KeyCode::Enter, t0());
            // Submit it empty, and leave a testlet once its questions are answered.
            while app.dialog.is_some() {
                press(&mut app, KeyCode::Char('y'), t0());
            }
        }
        assert_eq!(app.screen, Screen::Results);
        let asked: Vec<String> = app
            .exam
            .as_ref()
            .and_then(|e| e.report.as_ref())
            .expect("report")
            .domains
            .iter()
            .map(|d| d.name.clone())
            .collect();
        let frames = every_frame(&mut app, KeyCode::PageDown, w, h, t0());
        assert_names_whole(&frames, &asked, &format!("{id}: results"));

        press(&mut app, KeyCode::Char('r'), t0());
        assert_eq!(app.screen, Screen::Review);
        loop {
            let it = app.review.as_ref().and_then(|r| r.current()).expect("an item");
            let (domain, pos) = (it.domain_name.clone(), app.review.as_ref().map_or(0, |r| r.pos));
            assert_names_whole(&[text(&draw(&app, w, h, t0()))], &[domain], &format!("{id}: review {pos}"));
            press(&mut app, KeyCode::Right, t0());
            if app.review.as_ref().map(|r| r.pos) == Some(pos) {
                break;
            }
        }
        press(&mut app, KeyCode::Char('b'), t0());
        let frames = every_frame(&mut app, KeyCode::PageDown, w, h, t0());
        assert_names_whole(&frames, &asked, &format!("{id}: breakdown"));

        press(&mut app, KeyCode::Esc, t0());
        press(&mut app, KeyCode::Esc, t0());
        press(&mut app, KeyCode::Esc, t0());
        assert_eq!(app.screen, Screen::Home);
        press(&mut app, KeyCode::Char('p'), t0());
        assert_eq!(app.screen, Screen::Progress);
        let frames = every_frame(&mut app, KeyCode::PageDown, w, h, t0());
        assert_names_whole(&frames, &names, &format!("{id}: progress"));
    }
}

/// The "NOT saved" status was cut before the path at 80 columns.
#[test]
fn a_not_saved_status_shows_its_reason_and_path_at_80_columns() {
    let mut app = started(MINI);
    let path = "/home/candidate/.local/share/proctor/sessions/20261201-101500-ccnp-scor-1a2b.jsonl";
    app.status =
        Some(format!("answer NOT saved: No space left on device (os error 28) ({path}); retrying on your next key"));
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    let flat: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("No space left on device"), "{shown}");
    assert!(flat.replace(' ', "").contains(&path.replace(' ', "")), "the whole path: {shown}");
    assert!(flat.contains("retrying on your next key"), "{shown}");
    // The screen above keeps its question, and the help bar is still there.
    assert!(shown.contains("Question 1 of 4") && shown.contains("submit"), "{shown}");
}

/// With `NO_COLOR` nothing is told by colour alone: selection, the guess flag, verdicts and
/// warnings still read as symbols and words, and no cell carries a colour.
#[test]
fn without_colour_selection_verdicts_and_warnings_still_show() {
    let plain = |app: &App, w: u16, h: u16, now: DateTime<Utc>| {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        t.draw(|f| super::render(f, app, Theme { color: false }, now)).expect("draw");
        let buf = t.backend().buffer().clone();
        assert!(
            buf.content().iter().all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset),
            "a coloured cell without colour"
        );
        text(&t).join("\n")
    };
    let mut app = started(MINI);
    press(&mut app, KeyCode::Char('b'), t0());
    press(&mut app, KeyCode::Char('g'), t0());
    let q = plain(&app, 80, 24, t0() + Duration::seconds(400));
    assert!(q.contains("(•)") && q.contains('▸'), "selection and cursor as symbols:\n{q}");
    assert!(q.contains("guess"), "the guess flag in words:\n{q}");
    finish(&mut app);
    let r = plain(&app, 80, 24, t0());
    assert!(r.contains("FAIL") || r.contains("PASS"), "{r}");
    assert!(r.contains("Needs improvement") || r.contains("Above target"), "domain verdicts in words:\n{r}");
}

/// In a timed feedback drill the clock ran while the feedback was read, unannounced.
#[test]
fn a_timed_feedback_drill_says_the_clock_runs_during_feedback() {
    let mut app = app_with(MINI);
    let spec = crate::engine::prepare::DrillSpec { feedback: true, questions: Some(2), ..Default::default() };
    app.0.prepare_drill(0, &spec).expect("drill");
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(shown.contains("The clock keeps running while you read the feedback."), "{shown}");
    let untimed = crate::engine::prepare::DrillSpec { untimed: true, ..spec };
    app.0.prepare_drill(0, &untimed).expect("drill");
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(!shown.contains("The clock keeps running"), "{shown}");
}

/// A store holding a failed and a passed simulation, an abandoned one and a drill, on
/// four days: the history screen of the bank, opened from home with `h`.
fn history_app() -> (tempfile::TempDir, Driven) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app_with(MINI);
    app.0.journaling = Journaling::new(Some(crate::engine::history::Store::open(dir.path()).expect("store")));
    take_exam(&mut app, t0(), 2);
    take_exam(&mut app, t0() + Duration::days(1), 4);
    // Abandoned after one answer.
    app.screen = Screen::Home;
    app.exam = None;
    let start = t0() + Duration::days(2);
    press(&mut app, KeyCode::Enter, start);
    press(&mut app, KeyCode::Enter, start);
    press(&mut app, KeyCode::Char('a'), start + Duration::seconds(40));
    press(&mut app, KeyCode::Enter, start + Duration::seconds(40));
    press(&mut app, KeyCode::Char('q'), start + Duration::seconds(50));
    press(&mut app, KeyCode::Char('y'), start + Duration::seconds(50));
    assert_eq!(app.screen, Screen::Results);
    // A drill.
    app.screen = Screen::Home;
    app.exam = None;
    let start = t0() + Duration::days(3);
    let spec = crate::engine::prepare::DrillSpec { questions: Some(2), ..Default::default() };
    app.0.prepare_drill(0, &spec).expect("drill");
    press(&mut app, KeyCode::Enter, start);
    assert_eq!(app.screen, Screen::Question);
    let mut now = start;
    while matches!(app.screen, Screen::Question) {
        now += Duration::seconds(30);
        press(&mut app, KeyCode::Char('a'), now);
        press(&mut app, KeyCode::Enter, now);
        if app.dialog.is_some() {
            press(&mut app, KeyCode::Char('y'), now);
        }
        // Drills show feedback: Enter moves on.
        if app.exam.as_ref().is_some_and(|e| e.session.feedback_pending()) {
            press(&mut app, KeyCode::Enter, now);
        }
    }
    app.screen = Screen::Home;
    app.exam = None;
    press(&mut app, KeyCode::Char('h'), now);
    assert_eq!(app.screen, Screen::History);
    (dir, app)
}

#[test]
fn history_screen_lists_the_banks_sessions_newest_first() {
    let (_dir, app) = history_app();
    let h = app.history.as_ref().expect("history");
    let modes: Vec<_> = h.rows.iter().map(|s| super::history_view::mode_text(s, true)).collect();
    assert_eq!(modes, ["drill", "full sim", "full sim", "full sim"]);
    let scores: Vec<_> = h.rows.iter().map(|s| s.score).collect();
    assert_eq!(scores[1..], [25.0, 100.0, 50.0]);
    assert!(h.rows.windows(2).all(|w| w[0].started_at > w[1].started_at), "newest first");
    assert_eq!(super::history_view::flags(&h.rows[1], false), ["not counted: abandoned", "3 unconfirmed"]);
    assert_eq!(super::history_view::flags(&h.rows[3], false), ["2 unconfirmed"]);
    assert!(super::history_view::flags(&h.rows[2], false).is_empty(), "a clean pass has no flags");
    let t = text(&draw(&app, 80, 24, t0()));
    assert!(t.iter().any(|r| r.contains("abandoned") && r.contains("not counted: abandoned")), "{t:#?}");
    // At 80 columns the drill's flags are cut with `…`; its details line says them in full.
    assert!(t.iter().any(|r| r.contains("drill") && r.trim_end().ends_with("…│")), "{t:#?}");
    assert!(t.join(" ").contains("drills never count"), "{t:#?}");
    snap!("history", &app, t0());
}

#[test]
fn enter_on_history_reviews_the_chosen_session_and_esc_comes_back() {
    let (_dir, mut app) = history_app();
    press(&mut app, KeyCode::Down, t0());
    press(&mut app, KeyCode::Down, t0());
    let chosen = app.history.as_ref().map(|h| h.rows[h.selected].id.clone()).expect("history");
    assert_eq!(app.history.as_ref().map(|h| h.selected), Some(2));
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::Review);
    assert_eq!(app.review.as_ref().map(|r| r.session_id.clone()), Some(chosen.clone()));
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::History, "Esc leaves the review for the history it came from");
    let h = app.history.as_ref().expect("history");
    assert_eq!(h.rows[h.selected].id, chosen, "on the same session");
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::Home);
    assert!(app.history.is_none());
    // Another session's review: the one just above.
    press(&mut app, KeyCode::Char('h'), t0());
    press(&mut app, KeyCode::Down, t0());
    press(&mut app, KeyCode::Enter, t0());
    assert_ne!(app.review.as_ref().map(|r| r.session_id.clone()), Some(chosen));
}

/// Mini: 10 minutes for 4 questions, 150 s each. The header says how the candidate
/// stands against that pace, and it moves with the clock.
#[test]
fn question_header_shows_pace_ahead_or_behind() {
    let mut app = started(MINI);
    let header = |app: &Driven, now| text(&draw(app, 80, 24, now))[0].clone();
    let behind = header(&app, t0() + Duration::seconds(65));
    assert!(behind.contains("1:05 behind   Question 1 of 4   08:55"), "{behind}");
    let later = t0() + Duration::seconds(100);
    for _ in 0..2 {
        press(&mut app, KeyCode::Char('a'), later);
        press(&mut app, KeyCode::Enter, later);
        if app.dialog.is_some() {
            press(&mut app, KeyCode::Char('y'), later);
        }
    }
    let ahead = header(&app, later);
    assert!(ahead.contains("+3:20 ahead   Question 3 of 4   08:20"), "{ahead}");
    assert!(header(&app, later + Duration::seconds(200)).contains("on pace"));
    snap!("question_pace_ahead", &app, later);
    // The rules say the pace before the clock starts.
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Enter, t0());
    assert!(text(&draw(&app, 80, 24, t0())).join("").contains("(a pace of 150 s per question)"));
}

/// The plan screen (`P` from progress): month calendars with today, the simulations and
/// the exam marked, the days in a table; `d` starts a drill of the reviews due today; the
/// home screen shows today's task; without a date it says how to give one.
#[test]
fn plan_screen_to_the_booked_exam() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = crate::engine::history::Store::open(dir.path()).expect("store");
    let mut app = app_with(MINI);
    app.0.journaling = Journaling::new(Some(store.clone()));
    take_exam(&mut app, t0(), 1);
    take_exam(&mut app, t0() + Duration::days(1), 2);
    let now = t0() + Duration::days(3);
    app.screen = Screen::Home;
    press(&mut app, KeyCode::Char('p'), now);
    press(&mut app, KeyCode::Char('P'), now);
    assert_eq!(app.screen, Screen::Plan);
    let shown = text(&draw(&app, 100, 30, now)).join("\n");
    assert!(shown.contains("No exam date yet") && shown.contains("--until"), "{shown}");
    store.book("mini", chrono::NaiveDate::from_ymd_opt(2026, 3, 30)).expect("book");
    press(&mut app, KeyCode::Esc, now);
    assert_eq!(app.screen, Screen::Progress, "Esc is back, to progress");
    press(&mut app, KeyCode::Char('P'), now);
    let p = app.plan.as_ref().and_then(|p| p.plan.as_ref().ok()).expect("a plan");
    assert_eq!(p.plan.days.iter().filter(|d| d.simulation).count(), 3);
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("plan_{w}x{h}"), draw(&app, w, h, now).backend());
    }
    let shown = text(&draw(&app, 120, 40, now)).join("\n");
    assert!(shown.contains("March 2026") && shown.contains("Exam on Mon 30 Mar 2026 (booked, in 26 days)"), "{shown}");
    // The home screen's line for the bank.
    app.0.refresh_home(now);
    let today = app.home.today.get("mini").expect("today's task").clone();
    assert!(today.starts_with("today: "), "{today}");
    // `d`: the reviews due today, as a drill with feedback.
    app.screen = Screen::Plan;
    press(&mut app, KeyCode::Char('d'), now);
    assert_eq!(app.screen, Screen::Rules, "{:?}", app.status);
    let exam = app.exam.as_ref().expect("a drill");
    assert!(exam.session.settings.feedback);
    assert!(exam.about.as_deref().is_some_and(|a| a.contains("due for review")), "{:?}", exam.about);
}

/// The rules screen says where the bank's weights come from and when they were checked.
#[test]
fn rules_name_the_blueprint_source() {
    let mut app = app_with(include_str!("../../../tests/fixtures/banks/valid/objectives.yaml"));
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::Rules);
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(shown.contains("Blueprint:      Vendor exam topics v1.0, checked 2026-11-20"), "{shown}");
}

#[path = "drill_setup_tests.rs"]
mod drill_setup;

#[path = "attempts_tests.rs"]
mod attempts;

#[path = "breakdown_links_tests.rs"]
mod breakdown_links;
