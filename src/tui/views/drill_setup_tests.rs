//! The drill options in the app: reached with `d` from home and progress, every choice
//! carried into the paper drawn, Esc back one step at a time, and the screen at the three
//! sizes.

use super::*;
use crate::tui::drill_setup::Focus;

/// The bundled CCNP Security bank (the longest domain names), on the drill options.
fn scor_setup() -> Driven {
    let banks = bundled();
    let idx = banks.iter().position(|b| b.bank.exam.id == "ccnp-scor").expect("scor");
    let mut app =
        Driven(Runtime { app: App::new(banks, ExamOptions::default(), 1), journaling: Journaling::new(None) });
    app.selected = idx;
    press(&mut app, KeyCode::Char('d'), t0());
    app
}

#[test]
fn d_on_home_opens_the_drill_options_and_enter_draws_the_default() {
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Char('d'), t0());
    assert_eq!(app.screen, Screen::DrillSetup);
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains("What to drill") && shown.contains("weak domains"), "{shown}");
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::Rules, "{:?}", app.status);
    let exam = app.exam.as_ref().expect("a drill");
    assert_eq!(exam.session.paper.items.len(), 4, "the whole (small) bank");
    assert!(exam.session.settings.limit_secs.is_some() && !exam.session.settings.feedback);
    // Esc on the rules comes back to the options, and Esc there to home.
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::DrillSetup);
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn every_drill_option_reaches_the_paper() {
    let mut app = scor_setup();
    // Chosen domains: tick the second one (↓ to the first domain, ↓ again).
    press(&mut app, KeyCode::Right, t0());
    assert_eq!(app.drill_setup.as_ref().map(|s| s.focus), Some(Focus::Domains));
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::DrillSetup, "nothing ticked yet");
    assert!(app.status.as_deref().is_some_and(|s| s.contains("Tick at least one domain")), "{:?}", app.status);
    press(&mut app, KeyCode::Down, t0());
    press(&mut app, KeyCode::Down, t0());
    press(&mut app, KeyCode::Char(' '), t0());
    let rows = app.drill_setup.as_ref().map_or(0, |s| s.rows().len());
    // Down to the count (the last three rows: count, clock, explanations).
    for _ in 0..rows {
        press(&mut app, KeyCode::Down, t0());
    }
    press(&mut app, KeyCode::Up, t0());
    press(&mut app, KeyCode::Up, t0());
    press(&mut app, KeyCode::Left, t0());
    press(&mut app, KeyCode::Left, t0());
    press(&mut app, KeyCode::Down, t0());
    press(&mut app, KeyCode::Right, t0());
    press(&mut app, KeyCode::Down, t0());
    press(&mut app, KeyCode::Char(' '), t0());
    let s = app.drill_setup.clone().expect("setup");
    assert_eq!((s.questions, s.timed, s.feedback), (10, false, true));
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(shown.contains("[x] Network Security (64 questions)"), "{shown}");
    assert!(shown.contains("no clock") && shown.contains("after each answer"), "{shown}");
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::Rules, "{:?}", app.status);
    let bank = &app.banks[app.selected].bank;
    let exam = app.exam.as_ref().expect("a drill");
    assert_eq!(exam.session.paper.items.len(), 10);
    assert_eq!(exam.session.settings.limit_secs, None);
    assert!(exam.session.settings.feedback);
    let second = 1;
    assert!(exam.session.paper.items.iter().all(|it| bank.questions[it.question].domain == second));
    // The choices are kept for the next drill of the bank.
    press(&mut app, KeyCode::Esc, t0());
    press(&mut app, KeyCode::Esc, t0());
    press(&mut app, KeyCode::Char('d'), t0());
    assert_eq!(app.drill_setup.as_ref().map(|s| (s.focus, s.questions)), Some((Focus::Domains, 10)));
}

#[test]
fn missed_questions_are_a_drill_of_missed_questions_first() {
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Char('d'), t0());
    press(&mut app, KeyCode::Right, t0());
    press(&mut app, KeyCode::Right, t0());
    press(&mut app, KeyCode::Enter, t0());
    let about = app.exam.as_ref().and_then(|e| e.about.clone()).unwrap_or_default();
    assert!(about.contains("questions you missed before first"), "{about}");
}

#[test]
fn due_reviews_without_history_say_why_there_is_no_drill() {
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Char('d'), t0());
    press(&mut app, KeyCode::Left, t0());
    assert_eq!(app.drill_setup.as_ref().map(|s| s.focus), Some(Focus::Due));
    press(&mut app, KeyCode::Enter, t0());
    assert_eq!(app.screen, Screen::DrillSetup);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("Nothing is due for mini: no question answered yet"), "{status}");
}

#[test]
fn d_on_progress_opens_the_options_and_esc_comes_back_to_progress() {
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Char('p'), t0());
    assert_eq!(app.screen, Screen::Progress);
    press(&mut app, KeyCode::Char('d'), t0());
    assert_eq!(app.screen, Screen::DrillSetup);
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!(app.screen, Screen::Progress);
}

#[test]
fn drill_options_screen() {
    let mut app = scor_setup();
    press(&mut app, KeyCode::Right, t0());
    press(&mut app, KeyCode::Down, t0());
    press(&mut app, KeyCode::Char(' '), t0());
    snap!("drill_setup", &app, t0());
}

#[test]
fn the_weak_focus_names_the_weak_domains_of_the_history() {
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Char('d'), t0());
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(shown.contains("no weak domain known yet"), "{shown}");
    press(&mut app, KeyCode::Esc, t0());

    let _dir = with_store(&mut app);
    for day in 0..2 {
        app.screen = Screen::Home;
        app.exam = None;
        take_exam(&mut app, t0() + Duration::days(day), 1);
    }
    app.screen = Screen::Home;
    press(&mut app, KeyCode::Char('d'), t0() + Duration::days(2));
    let weak = app.drill_setup.as_ref().and_then(|s| s.weak.clone()).expect("looked up");
    assert!(!weak.is_empty());
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    assert!(shown.contains(&format!("weak now: {}", weak.join(", "))), "{shown}");
}
